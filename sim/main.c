/*
 * ksim: boot the kernel as a host process. The launcher builds the machine
 * (RAM size, clock, devices) from its options and hands over to the host
 * frame, which never returns: the kernel's power-off ends the process with
 * the kernel's exit status.
 */
#include <stdio.h>

#include <frame-host/hf.h>

#include "options.h"
#include "uart16550.h"

#define COM1_BASE 0x3f8

int main(int argc, char **argv)
{
	static struct sim_options opts;
	static struct hf_config cfg;
	char err[256];

	if (sim_parse_options(argc, argv, &opts, err, sizeof(err)) != 0) {
		fprintf(stderr, "ksim: %s\n", err);
		return 2;
	}
	if (opts.help) {
		fputs(sim_usage, stdout);
		return 0;
	}
	if (sim_uart_attach(COM1_BASE, stdout) != 0) {
		fprintf(stderr, "ksim: cannot attach the console UART\n");
		return 2;
	}
	cfg = (struct hf_config){
		.mem_bytes = opts.mem_bytes,
		.cmdline = opts.cmdline,
		.clock = opts.clock,
		.seed = opts.seed,
	};
	hf_boot(&cfg);
}

/*
 * ksim: boot the kernel as a host process. The launcher builds the machine
 * (RAM size, clock, devices) from its options and hands over to the host
 * frame, which never returns: the kernel's power-off ends the process with
 * the kernel's exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <frame-host/hf.h>

#include "edu.h"
#include "options.h"
#include "uart16550.h"

#define COM1_BASE 0x3f8
#define COM1_IRQ 4

/* Read a whole file; on failure print one line and return NULL. */
static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;
	size_t len;

	if (!f || fstat(fileno(f), &st) != 0) {
		fprintf(stderr, "ksim: cannot read --initrd '%s': %s\n", path,
			strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "ksim: cannot read --initrd '%s': not a "
			"regular file\n", path);
		goto out;
	}
	len = (size_t)st.st_size;
	buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != len) {
		fprintf(stderr, "ksim: cannot read --initrd '%s': %s\n", path,
			strerror(ferror(f) && errno ? errno : EIO));
		free(buf);
		buf = NULL;
		goto out;
	}
	*size = len;
out:
	if (f) {
		fclose(f);
	}
	return buf;
}

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
	if (sim_uart_attach(COM1_BASE, COM1_IRQ, stdout, STDIN_FILENO) != 0 ||
	    sim_edu_attach() != 0) {
		fprintf(stderr, "ksim: cannot attach the machine's devices\n");
		return 2;
	}
	cfg = (struct hf_config){
		.mem_bytes = opts.mem_bytes,
		.cmdline = opts.cmdline,
		.clock = opts.clock,
		.seed = opts.seed,
	};
	if (opts.initrd) {
		cfg.initrd = read_file(opts.initrd, &cfg.initrd_size);
		if (!cfg.initrd) {
			return 2;
		}
	}
	hf_boot(&cfg);
}

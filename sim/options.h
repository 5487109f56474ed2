/*
 * Command-line options of the launcher (ksim).
 */
#pragma once

#include <stddef.h>

#include <frame-host/hf.h>

#define SIM_CMDLINE_MAX 2048

struct sim_options {
	size_t mem_bytes;
	enum hf_clock clock;
	unsigned long long seed;
	char cmdline[SIM_CMDLINE_MAX];	/* kernel command line */
	const char *initrd;		/* path of the initramfs, or NULL */
	int help;
};

/*
 * Parse argv into o. Returns 0 on success, or -1 with a one-line reason in
 * err (no trailing newline).
 */
int sim_parse_options(int argc, char *const argv[], struct sim_options *o,
		      char *err, size_t errlen);

extern const char sim_usage[];

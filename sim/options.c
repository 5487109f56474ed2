/*
 * Option parsing for the launcher. Every malformed option gets a one-line
 * reason; nothing here exits or prints.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MEM_MIN (16ULL << 20)
#define MEM_MAX (64ULL << 30)
#define MEM_DEFAULT (128ULL << 20)

const char sim_usage[] =
	"usage: ksim [options]\n"
	"Boot the kernel as a host process on the host frame.\n"
	"\n"
	"  -m, --mem=SIZE        RAM size, with K, M or G suffix (default 128M)\n"
	"      --cmdline=TEXT    append TEXT to the kernel command line\n"
	"      --clock=MODE      virtual (default, deterministic) or real\n"
	"      --seed=N          seed for the kernel's randomness (default 1)\n"
	"      --initrd=FILE     load FILE as the initramfs\n"
	"      --test=SEL        run in-kernel tests: all, SUITE or SUITE.CASE\n"
	"      --list-tests      list the in-kernel test cases\n"
	"  -h, --help            show this help\n";

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_size(const char *s, size_t *out)
{
	unsigned long long v, mult = 1;
	char *end;

	if (*s < '0' || *s > '9') {
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno) {
		return -1;
	}
	switch (*end) {
	case 'K': case 'k':
		mult = 1ULL << 10;
		end++;
		break;
	case 'M': case 'm':
		mult = 1ULL << 20;
		end++;
		break;
	case 'G': case 'g':
		mult = 1ULL << 30;
		end++;
		break;
	}
	if (*end != '\0' || v > MEM_MAX / mult) {
		return -1;
	}
	*out = (size_t)(v * mult);
	return 0;
}

static int append_cmdline(struct sim_options *o, const char *word,
			  char *err, size_t errlen)
{
	size_t len = strlen(o->cmdline);
	int n = snprintf(o->cmdline + len, sizeof(o->cmdline) - len, "%s%s",
			 len ? " " : "", word);

	if (n < 0 || (size_t)n >= sizeof(o->cmdline) - len) {
		return fail(err, errlen, "kernel command line too long");
	}
	return 0;
}

/* Split "--name=value" / "--name value"; returns the value or NULL. */
static const char *option_value(const char *arg, const char *name, int argc,
				char *const argv[], int *i)
{
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0) {
		return NULL;
	}
	if (arg[n] == '=') {
		return arg + n + 1;
	}
	if (arg[n] == '\0' && *i + 1 < argc) {
		return argv[++*i];
	}
	return NULL;
}

static int parse_one(const char *arg, const char *val, struct sim_options *o,
		     char *err, size_t errlen)
{
	char word[SIM_CMDLINE_MAX];
	char *end;

	if (strcmp(arg, "mem") == 0) {
		if (parse_size(val, &o->mem_bytes) != 0 ||
		    o->mem_bytes < MEM_MIN || o->mem_bytes % 4096) {
			return fail(err, errlen, "bad --mem '%s': want 16M to "
				    "64G, a multiple of 4K", val);
		}
	} else if (strcmp(arg, "cmdline") == 0) {
		return append_cmdline(o, val, err, errlen);
	} else if (strcmp(arg, "clock") == 0) {
		if (strcmp(val, "virtual") == 0) {
			o->clock = HF_CLOCK_VIRTUAL;
		} else if (strcmp(val, "real") == 0) {
			o->clock = HF_CLOCK_REAL;
		} else {
			return fail(err, errlen, "bad --clock '%s': want "
				    "virtual or real", val);
		}
	} else if (strcmp(arg, "seed") == 0) {
		errno = 0;
		o->seed = strtoull(val, &end, 0);
		if (errno || *val == '\0' || *val == '-' || *end != '\0') {
			return fail(err, errlen, "bad --seed '%s': want an "
				    "unsigned number", val);
		}
	} else if (strcmp(arg, "initrd") == 0) {
		if (*val == '\0') {
			return fail(err, errlen, "bad --initrd: empty path");
		}
		o->initrd = val;
	} else if (strcmp(arg, "test") == 0) {
		if (*val == '\0' || strchr(val, ' ')) {
			return fail(err, errlen, "bad --test '%s'", val);
		}
		snprintf(word, sizeof(word), "ktest=%s", val);
		return append_cmdline(o, word, err, errlen);
	}
	return 0;
}

int sim_parse_options(int argc, char *const argv[], struct sim_options *o,
		      char *err, size_t errlen)
{
	static const char *const with_value[] = {
		"mem", "cmdline", "clock", "seed", "test", "initrd",
	};

	*o = (struct sim_options){ .mem_bytes = MEM_DEFAULT,
				   .clock = HF_CLOCK_VIRTUAL, .seed = 1 };
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = NULL;
		char name[32];
		size_t k;

		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			o->help = 1;
			continue;
		}
		if (strcmp(arg, "--list-tests") == 0) {
			if (append_cmdline(o, "ktest.list", err, errlen)) {
				return -1;
			}
			continue;
		}
		if (strcmp(arg, "-m") == 0) {
			arg = "--mem";
		}
		for (k = 0; k < sizeof(with_value) / sizeof(*with_value); k++) {
			snprintf(name, sizeof(name), "--%s", with_value[k]);
			val = option_value(arg, name, argc, argv, &i);
			if (val) {
				break;
			}
			if (strcmp(arg, name) == 0) {
				return fail(err, errlen, "option %s needs a "
					    "value", name);
			}
		}
		if (!val) {
			return fail(err, errlen, "unknown option '%s' (try "
				    "--help)", argv[i]);
		}
		if (parse_one(with_value[k], val, o, err, errlen)) {
			return -1;
		}
	}
	return 0;
}

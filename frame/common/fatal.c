/*
 * Fatal errors detected by the frame itself: a misused page handle, a
 * spinlock released by a CPU that does not hold it, a device access out of
 * bounds. These are kernel bugs the frame refuses to let through.
 */
#include "internal.h"

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n]) {
		n++;
	}
	return n;
}

void fc_puts(const char *s)
{
	frame_early_write(s, str_len(s));
}

void fc_puthex(uint64_t v)
{
	char buf[18] = "0x";

	for (int i = 0; i < 16; i++) {
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	}
	frame_early_write(buf, sizeof(buf));
}

void fc_fatal(const char *what, const char *detail, uint64_t value)
{
	fc_puts("\nframe: fatal: ");
	fc_puts(what);
	if (detail) {
		fc_puts(" (");
		fc_puts(detail);
		fc_puts(")");
	}
	fc_puts(" value ");
	fc_puthex(value);
	fc_puts("\n");
	frame_dump_stack();
	frame_halt_panic();
}

/*
 * Console input through the UART's receive interrupt. The case reads what
 * the test driver types (its standard input) and echoes it back, so it is
 * run only when named, by the host and QEMU tests that type into it.
 */
#include <frame/time.h>

#include <drivers/serial.h>
#include <kernel/ktest.h>
#include <kernel/log.h>

KTEST_CASE(console_input, echoes_a_typed_line, KTEST_EXPLICIT)
{
	uint64_t deadline = frame_clock_ns() + 30 * NSEC_PER_SEC;
	char line[128];
	size_t n = 0;

	kprintf("console: type a line\n");
	while (n < sizeof(line) - 1) {
		long got = console_read(line + n, 1, deadline);

		KT_ASSERT(t, got == 1);
		if (line[n] == '\n') {
			break;
		}
		n++;
	}
	line[n] = '\0';
	kprintf("console echo: '%s'\n", line);
}

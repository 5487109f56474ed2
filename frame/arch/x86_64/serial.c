/*
 * The early console: COM1, polled, set up before anything else so that the
 * frame can report from its first line of C. The kernel's 16550 driver
 * later takes the same port over through frame/io.h.
 */
#include "arch.h"
#include "x86.h"

#define COM1 0x3f8

void serial_early_init(void)
{
	outb(COM1 + 1, 0x00);		/* no interrupts */
	outb(COM1 + 3, 0x80);		/* divisor latch */
	outb(COM1 + 0, 0x01);		/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);		/* 8N1 */
	outb(COM1 + 2, 0x07);		/* FIFO on, cleared */
	outb(COM1 + 4, 0x03);		/* DTR, RTS */
}

static void serial_putc(char c)
{
	for (unsigned int spins = 0; spins < 100000; spins++) {
		if (inb(COM1 + 5) & 0x20) {
			break;
		}
		__builtin_ia32_pause();
	}
	outb(COM1, (uint8_t)c);
}

void frame_early_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			serial_putc('\r');
		}
		serial_putc(s[i]);
	}
}

/*
 * The 16550 UART at the standard COM1 ports, as the system console. The same
 * driver runs on both frames: on the host frame sim/ emulates the chip.
 */
#pragma once

#include <kernel/types.h>

/* Probe COM1 and, if it answers, make it the console, input included. */
void serial_init(void);

/*
 * Read up to len bytes typed on the console, sleeping until at least one
 * arrives or the deadline (frame_clock_ns() time, 0 for none) passes.
 * Returns the bytes read, -ETIMEDOUT, or -ENODEV with no console UART.
 */
long console_read(char *buf, size_t len, uint64_t deadline);

/* The console's readiness for poll(): input waiting, output always. */
struct poll_table;
unsigned int console_poll(struct poll_table *pt);

/*
 * The 16550 UART at the standard COM1 ports, as the system console. The same
 * driver runs on both frames: on the host frame sim/ emulates the chip.
 */
#pragma once

/* Probe COM1 and, if it answers, make it a log console. */
void serial_init(void);

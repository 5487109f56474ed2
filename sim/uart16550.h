/*
 * Device model of a 16550 UART on the host frame's port bus.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

/*
 * Attach a UART at ports [base, base + 8) on ISA line irq, whose output
 * goes to out and whose input comes from in_fd (-1: none).
 */
int sim_uart_attach(uint16_t base, unsigned int irq, FILE *out, int in_fd);

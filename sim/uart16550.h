/*
 * Device model of a 16550 UART on the host frame's port bus.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

/* Attach a UART at ports [base, base + 8) whose output goes to out. */
int sim_uart_attach(uint16_t base, FILE *out);

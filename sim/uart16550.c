/*
 * A 16550 UART model: the register file a driver sees, with transmitted
 * bytes written to a host stream. The transmitter is always ready, so the
 * line status register reports an empty holding register at once. There
 * is no receive path yet: the receive buffer stays empty.
 */
#include <stdlib.h>

#include <frame-host/hf.h>

#include "uart16550.h"

enum {
	REG_DATA, REG_IER, REG_IIR_FCR, REG_LCR, REG_MCR, REG_LSR, REG_MSR,
	REG_SCR,
};

#define LCR_DLAB 0x80
#define IIR_NO_INTERRUPT 0x01
#define IIR_FIFO_ENABLED 0xc0
#define LSR_TX_IDLE 0x60		/* THR empty, transmitter empty */
#define MSR_CONNECTED 0xb0		/* DCD, DSR, CTS */

struct uart_model {
	FILE *out;
	uint8_t ier, fcr, lcr, mcr, scr, dll, dlm;
};

static uint32_t uart_read(void *ctx, uint16_t off, unsigned int width)
{
	struct uart_model *u = ctx;
	bool dlab = u->lcr & LCR_DLAB;

	switch (off) {
	case REG_DATA:
		return dlab ? u->dll : 0;
	case REG_IER:
		return dlab ? u->dlm : u->ier;
	case REG_IIR_FCR:
		return IIR_NO_INTERRUPT | ((u->fcr & 1) ? IIR_FIFO_ENABLED : 0);
	case REG_LCR:
		return u->lcr;
	case REG_MCR:
		return u->mcr;
	case REG_LSR:
		return LSR_TX_IDLE;
	case REG_MSR:
		return MSR_CONNECTED;
	default:
		return u->scr;
	}
}

static void uart_write(void *ctx, uint16_t off, unsigned int width,
		       uint32_t val)
{
	struct uart_model *u = ctx;
	bool dlab = u->lcr & LCR_DLAB;

	switch (off) {
	case REG_DATA:
		if (dlab) {
			u->dll = (uint8_t)val;
		} else {
			fputc((int)(val & 0xff), u->out);
		}
		break;
	case REG_IER:
		if (dlab) {
			u->dlm = (uint8_t)val;
		} else {
			u->ier = val & 0x0f;
		}
		break;
	case REG_IIR_FCR:
		u->fcr = (uint8_t)val;
		break;
	case REG_LCR:
		u->lcr = (uint8_t)val;
		break;
	case REG_MCR:
		u->mcr = val & 0x1f;
		break;
	case REG_SCR:
		u->scr = (uint8_t)val;
		break;
	default:
		break;		/* LSR and MSR are read-only */
	}
}

static const struct hf_port_ops uart_ops = {
	.read = uart_read,
	.write = uart_write,
};

int sim_uart_attach(uint16_t base, FILE *out)
{
	static struct uart_model com[4];
	static unsigned int ncom;
	struct uart_model *u;

	if (ncom == 4) {
		return -1;
	}
	u = &com[ncom++];
	*u = (struct uart_model){ .out = out };
	return hf_port_register(base, 8, &uart_ops, u);
}

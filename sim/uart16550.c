/*
 * A 16550 UART model: the register file a driver sees, with transmitted
 * bytes written to a host stream and received bytes read from a host file
 * descriptor. The transmitter is always ready, so the line status register
 * reports an empty holding register at once. Input is read only while the
 * driver has the receive interrupt enabled and there is room to keep it;
 * each arrival raises the UART's interrupt line. At end of input the
 * descriptor is no longer watched, so an idle kernel is not kept waiting.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <frame-host/hf.h>

#include "uart16550.h"

enum {
	REG_DATA, REG_IER, REG_IIR_FCR, REG_LCR, REG_MCR, REG_LSR, REG_MSR,
	REG_SCR,
};

#define LCR_DLAB 0x80
#define IER_RX 0x01
#define IIR_NO_INTERRUPT 0x01
#define IIR_RX_DATA 0x04
#define LSR_DATA_READY 0x01
#define RX_BUF 4096
#define IIR_FIFO_ENABLED 0xc0
#define LSR_TX_IDLE 0x60		/* THR empty, transmitter empty */
#define MSR_CONNECTED 0xb0		/* DCD, DSR, CTS */

struct uart_model {
	FILE *out;
	int in_fd;			/* -1: no input */
	unsigned int irq;
	bool watching, eof;
	uint8_t ier, fcr, lcr, mcr, scr, dll, dlm;
	uint8_t rx[RX_BUF];
	size_t rx_head, rx_count;
};

static void uart_input(void *ctx);

/* Watch the input while the driver wants it and there is room for it. */
static void update_watch(struct uart_model *u)
{
	bool want = u->in_fd >= 0 && !u->eof && (u->ier & IER_RX) &&
		    u->rx_count < RX_BUF;

	if (want && !u->watching) {
		u->watching = hf_watch(u->in_fd, uart_input, u) == 0;
		if (!u->watching) {
			/* Not pollable (a regular file, /dev/null): read now. */
			uart_input(u);
		}
	} else if (!want && u->watching) {
		hf_unwatch(u->in_fd);
		u->watching = false;
	}
}

static void uart_input(void *ctx)
{
	struct uart_model *u = ctx;
	uint8_t buf[RX_BUF];
	size_t room = RX_BUF - u->rx_count;
	ssize_t n = read(u->in_fd, buf, room);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		u->eof = true;
	}
	for (ssize_t i = 0; i < n; i++) {
		u->rx[(u->rx_head + u->rx_count++) % RX_BUF] = buf[i];
	}
	if (n > 0 && (u->ier & IER_RX)) {
		hf_irq_raise(u->irq);
	}
	update_watch(u);
}

static uint8_t rx_pop(struct uart_model *u)
{
	uint8_t c;

	if (!u->rx_count) {
		return 0;
	}
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % RX_BUF;
	u->rx_count--;
	update_watch(u);
	return c;
}

static uint32_t uart_read(void *ctx, uint16_t off, unsigned int width)
{
	struct uart_model *u = ctx;
	bool dlab = u->lcr & LCR_DLAB;

	switch (off) {
	case REG_DATA:
		return dlab ? u->dll : rx_pop(u);
	case REG_IER:
		return dlab ? u->dlm : u->ier;
	case REG_IIR_FCR:
		return ((u->ier & IER_RX) && u->rx_count ? IIR_RX_DATA :
							    IIR_NO_INTERRUPT) |
		       ((u->fcr & 1) ? IIR_FIFO_ENABLED : 0);
	case REG_LCR:
		return u->lcr;
	case REG_MCR:
		return u->mcr;
	case REG_LSR:
		return LSR_TX_IDLE | (u->rx_count ? LSR_DATA_READY : 0);
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
			update_watch(u);
			if ((u->ier & IER_RX) && u->rx_count) {
				hf_irq_raise(u->irq);
			}
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

int sim_uart_attach(uint16_t base, unsigned int irq, FILE *out, int in_fd)
{
	static struct uart_model com[4];
	static unsigned int ncom;
	struct uart_model *u;

	if (ncom == 4) {
		return -1;
	}
	u = &com[ncom++];
	*u = (struct uart_model){ .out = out, .in_fd = in_fd, .irq = irq };
	return hf_port_register(base, 8, &uart_ops, u);
}

/*
 * 16550 UART driver (drivers/serial.h). Output is polled: the console must
 * work with interrupts off and in a panic.
 */
#define pr_fmt(fmt) "uart16550: " fmt

#include <frame/cpu.h>
#include <frame/io.h>

#include <drivers/serial.h>
#include <kernel/log.h>

#define COM1_BASE 0x3f8
#define UART_NPORTS 8
#define UART_CLOCK 115200
#define UART_BAUD 115200

/* Register offsets. */
#define UART_DATA 0	/* RBR / THR; divisor low with DLAB */
#define UART_IER 1	/* divisor high with DLAB */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_THR_EMPTY 0x20

struct uart {
	struct frame_io *io;
	struct console con;
};

static struct uart com1;

static void uart_putc(struct uart *u, char c)
{
	while (!(frame_io_read8(u->io, UART_LSR) & LSR_THR_EMPTY)) {
		frame_cpu_relax();
	}
	frame_io_write8(u->io, UART_DATA, (uint8_t)c);
}

static void uart_console_write(struct console *con, const char *s, size_t len)
{
	struct uart *u = container_of(con, struct uart, con);

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			uart_putc(u, '\r');
		}
		uart_putc(u, s[i]);
	}
}

/* A UART keeps what is written to its scratch register; no chip, no echo. */
static bool uart_present(struct uart *u)
{
	frame_io_write8(u->io, UART_SCR, 0x5a);
	if (frame_io_read8(u->io, UART_SCR) != 0x5a) {
		return false;
	}
	frame_io_write8(u->io, UART_SCR, 0xa5);
	return frame_io_read8(u->io, UART_SCR) == 0xa5;
}

static void uart_setup(struct uart *u)
{
	unsigned int divisor = UART_CLOCK / UART_BAUD;

	frame_io_write8(u->io, UART_IER, 0);
	frame_io_write8(u->io, UART_LCR, LCR_DLAB);
	frame_io_write8(u->io, UART_DATA, divisor & 0xff);
	frame_io_write8(u->io, UART_IER, (divisor >> 8) & 0xff);
	frame_io_write8(u->io, UART_LCR, LCR_8N1);
	frame_io_write8(u->io, UART_FCR, FCR_ENABLE_CLEAR);
	frame_io_write8(u->io, UART_MCR, MCR_DTR_RTS_OUT2);
}

void serial_init(void)
{
	struct uart *u = &com1;

	u->io = frame_io_port_acquire(COM1_BASE, UART_NPORTS);
	if (!u->io) {
		pr_warn("COM1 ports are taken");
		return;
	}
	if (!uart_present(u)) {
		pr_warn("no UART at COM1");
		frame_io_release(u->io);
		return;
	}
	uart_setup(u);
	u->con = (struct console){ .name = "ttyS0",
				   .write = uart_console_write };
	console_register(&u->con);
	pr_info("COM1 at port 0x%x is the console", COM1_BASE);
}

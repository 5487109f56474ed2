/*
 * 16550 UART driver (drivers/serial.h). Output is polled: the console must
 * work with interrupts off and in a panic. Input is interrupt-driven: the
 * handler drains the receiver into a ring that readers sleep on.
 */
#define pr_fmt(fmt) "uart16550: " fmt

#include <frame/cpu.h>
#include <frame/io.h>

#include <frame/irq.h>

#include <drivers/serial.h>
#include <kernel/irq.h>
#include <kernel/log.h>
#include <kernel/poll.h>
#include <kernel/string.h>
#include <kernel/wait.h>

#define COM1_BASE 0x3f8
#define COM1_IRQ 4
#define RX_RING 1024
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
#define LSR_DATA_READY 0x01
#define IER_RX 0x01

/* rx_lock protects the receive ring. */
struct uart {
	struct frame_io *io;
	struct console con;
	frame_spinlock_t rx_lock;
	char rx[RX_RING];
	size_t rx_head, rx_count;
	struct wait_queue rx_wait;
	unsigned long rx_dropped;
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

static void uart_console_write_raw(struct console *con, const char *s,
				   size_t len)
{
	struct uart *u = container_of(con, struct uart, con);

	for (size_t i = 0; i < len; i++) {
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

/* Receive interrupt: move every waiting byte into the ring. */
static void uart_irq(unsigned int line, void *arg)
{
	struct uart *u = arg;
	frame_irqflags_t flags = frame_spin_lock(&u->rx_lock);
	bool got = false;

	while (frame_io_read8(u->io, UART_LSR) & LSR_DATA_READY) {
		char c = (char)frame_io_read8(u->io, UART_DATA);

		if (u->rx_count == RX_RING) {
			u->rx_dropped++;
			continue;
		}
		u->rx[(u->rx_head + u->rx_count++) % RX_RING] = c;
		got = true;
	}
	frame_spin_unlock(&u->rx_lock, flags);
	if (got) {
		wake_up_all(&u->rx_wait);
	}
}

static bool rx_ready(struct uart *u)
{
	return __atomic_load_n(&u->rx_count, __ATOMIC_ACQUIRE) > 0;
}

long console_read(char *buf, size_t len, uint64_t deadline)
{
	struct uart *u = &com1;
	frame_irqflags_t flags;
	size_t n = 0;

	if (!u->io) {
		return -ENODEV;
	}
	if (wait_event_deadline(&u->rx_wait, rx_ready(u), deadline) != 0) {
		return -ETIMEDOUT;
	}
	flags = frame_spin_lock(&u->rx_lock);
	while (n < len && u->rx_count) {
		buf[n++] = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % RX_RING;
		u->rx_count--;
	}
	frame_spin_unlock(&u->rx_lock, flags);
	return (long)n;
}

unsigned int console_poll(struct poll_table *pt)
{
	struct uart *u = &com1;

	if (!u->io) {
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;  /* EOF */
	}
	poll_wait(pt, &u->rx_wait);
	return (rx_ready(u) ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
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
				   .write = uart_console_write,
				   .write_raw = uart_console_write_raw };
	console_register(&u->con);
	frame_spin_init(&u->rx_lock, "uart_rx");
	wait_queue_init(&u->rx_wait);
	if (irq_attach(COM1_IRQ, "ttyS0", uart_irq, u) == 0) {
		frame_io_write8(u->io, UART_IER, IER_RX);
	} else {
		pr_warn("IRQ %u is taken: no console input", COM1_IRQ);
	}
	pr_info("COM1 at port 0x%x, IRQ %u, is the console", COM1_BASE,
		COM1_IRQ);
}

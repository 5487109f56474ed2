/*
 * The kernel log (kernel/log.h).
 */
#include <frame/boot.h>
#include <frame/spinlock.h>
#include <frame/time.h>

#include <kernel/log.h>
#include <kernel/printf.h>
#include <kernel/string.h>

#define LOG_RING_SIZE (64 * 1024)
#define LOG_LINE_MAX 512

static char ring[LOG_RING_SIZE];
static uint64_t ring_head;		/* total bytes written */
static enum log_level runtime_level = LOG_INFO;
static struct list_head consoles = LIST_HEAD_INIT(consoles);
static frame_spinlock_t log_lock = FRAME_SPINLOCK_INIT("log");

static const char *const level_tag[] = {
	[LOG_ERR] = "error: ",
	[LOG_WARN] = "warning: ",
	[LOG_INFO] = "",
	[LOG_DEBUG] = "debug: ",
};

/* Append to the ring and, if loud enough, the consoles; log_lock held. */
static void emit(const char *s, size_t len, bool to_console)
{
	struct console *con;

	for (size_t i = 0; i < len; i++) {
		ring[(ring_head + i) % LOG_RING_SIZE] = s[i];
	}
	ring_head += len;
	if (!to_console) {
		return;
	}
	if (list_empty(&consoles)) {
		frame_early_write(s, len);
		return;
	}
	list_for_each_entry(con, &consoles, node) {
		con->write(con, s, len);
	}
}

void log_vprintf(enum log_level level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	uint64_t ns = frame_clock_ns();
	frame_irqflags_t flags;
	int n;

	n = snprintf(line, sizeof(line), "[%5llu.%06llu] %s",
		     (unsigned long long)(ns / NSEC_PER_SEC),
		     (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC),
		     level_tag[level]);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n > LOG_LINE_MAX - 2) {
		n = LOG_LINE_MAX - 2;
	}
	if (line[n - 1] != '\n') {
		line[n++] = '\n';
	}

	/* Every message is kept (dmesg reads it); quieter ones not shown. */
	flags = frame_spin_lock(&log_lock);
	emit(line, (size_t)n, level <= runtime_level);
	frame_spin_unlock(&log_lock, flags);
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(level, fmt, ap);
	va_end(ap);
}

void kprintf(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	frame_irqflags_t flags;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > LOG_LINE_MAX - 1) {
		n = LOG_LINE_MAX - 1;
	}
	flags = frame_spin_lock(&log_lock);
	emit(line, (size_t)n, true);
	frame_spin_unlock(&log_lock, flags);
}

void console_output(const char *s, size_t len)
{
	frame_irqflags_t flags = frame_spin_lock(&log_lock);
	struct console *con;

	if (list_empty(&consoles)) {
		frame_early_write(s, len);
	}
	list_for_each_entry(con, &consoles, node) {
		con->write(con, s, len);
	}
	frame_spin_unlock(&log_lock, flags);
}

void console_output_raw(const char *s, size_t len)
{
	frame_irqflags_t flags = frame_spin_lock(&log_lock);
	struct console *con;

	if (list_empty(&consoles)) {
		frame_early_write(s, len);
	}
	list_for_each_entry(con, &consoles, node) {
		(con->write_raw ? con->write_raw : con->write)(con, s, len);
	}
	frame_spin_unlock(&log_lock, flags);
}

void log_set_level(enum log_level level)
{
	runtime_level = level;
}

void console_register(struct console *con)
{
	frame_irqflags_t flags = frame_spin_lock(&log_lock);

	list_add_tail(&con->node, &consoles);
	frame_spin_unlock(&log_lock, flags);
}

void console_unregister(struct console *con)
{
	frame_irqflags_t flags = frame_spin_lock(&log_lock);

	list_del(&con->node);
	frame_spin_unlock(&log_lock, flags);
}

size_t log_read(uint64_t from, char *buf, size_t len)
{
	frame_irqflags_t flags = frame_spin_lock(&log_lock);
	uint64_t oldest = ring_head > LOG_RING_SIZE ?
			  ring_head - LOG_RING_SIZE : 0;
	size_t n = 0;

	if (from < oldest) {
		from = oldest;
	}
	for (; from < ring_head && n < len; from++, n++) {
		buf[n] = ring[from % LOG_RING_SIZE];
	}
	frame_spin_unlock(&log_lock, flags);
	return n;
}

uint64_t log_bytes_total(void)
{
	return __atomic_load_n(&ring_head, __ATOMIC_RELAXED);
}

size_t log_capacity(void)
{
	return LOG_RING_SIZE;
}

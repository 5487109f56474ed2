/*
 * The kernel log: leveled messages kept in a ring buffer and written to the
 * registered consoles (the early console until one registers).
 *
 * A file sets its prefix by defining pr_fmt before including this header:
 *	#define pr_fmt(fmt) "slab: " fmt
 * Messages below LOG_COMPILED_LEVEL are compiled out; the runtime level comes
 * from the "loglevel=" command-line option. Logging takes a spinlock, never
 * sleeps and works in interrupt context.
 */
#pragma once

#include <stdarg.h>

#include <kernel/list.h>
#include <kernel/types.h>

enum log_level {
	LOG_ERR = 3,
	LOG_WARN = 4,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
};

#ifndef LOG_COMPILED_LEVEL
#define LOG_COMPILED_LEVEL LOG_DEBUG
#endif

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

void log_printf(enum log_level level, const char *fmt, ...) __printf(2, 3);
void log_vprintf(enum log_level level, const char *fmt, va_list ap);

/* Unprefixed output with no level or timestamp (test reports, dumps). */
void kprintf(const char *fmt, ...) __printf(1, 2);

#define pr_log(level, fmt, ...)						\
	do {								\
		if ((level) <= LOG_COMPILED_LEVEL) {			\
			log_printf(level, pr_fmt(fmt), ##__VA_ARGS__);	\
		}							\
	} while (0)

#define pr_err(fmt, ...) pr_log(LOG_ERR, fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) pr_log(LOG_WARN, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) pr_log(LOG_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) pr_log(LOG_DEBUG, fmt, ##__VA_ARGS__)

/* Log at most once from this call site. */
#define pr_warn_once(fmt, ...)						\
	do {								\
		static bool __warned;					\
		if (!__warned) {					\
			__warned = true;				\
			pr_warn(fmt, ##__VA_ARGS__);			\
		}							\
	} while (0)

void log_set_level(enum log_level level);

/* A console: somewhere log text goes. write() must not sleep. */
struct console {
	const char *name;
	/* Text: a newline goes out as CR LF. */
	void (*write)(struct console *con, const char *s, size_t len);
	/* Optional: bytes exactly as given (a terminal's cooked output). */
	void (*write_raw)(struct console *con, const char *s, size_t len);
	struct list_head node;
};

/* Write text to the consoles (user output), not to the log. */
void console_output(const char *s, size_t len);

/* Write bytes to the consoles unchanged: the tty layer has cooked them. */
void console_output_raw(const char *s, size_t len);

/* Start sending log output to con (the early console stops). */
void console_register(struct console *con);
void console_unregister(struct console *con);

/*
 * Copy up to len bytes of the ring buffer, oldest first, starting at byte
 * offset from (counted since boot); returns the bytes copied. Bytes that
 * were overwritten are skipped.
 */
size_t log_read(uint64_t from, char *buf, size_t len);

/* Total bytes ever logged. */
uint64_t log_bytes_total(void);

/* The bytes the ring buffer holds. */
size_t log_capacity(void);

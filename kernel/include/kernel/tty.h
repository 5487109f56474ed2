/*
 * Terminals: the line discipline and job control between a character
 * device (the 16550 console, later pseudo-terminals) and the processes
 * that read and write it.
 *
 * Input is cooked as Linux's default line discipline does it: CR to NL,
 * canonical lines with erase, word erase, kill and end of file, echo, and
 * the signal characters (^C, ^\, ^Z) sent to the foreground process group.
 * Raw input (no ICANON) is readable at once, by VMIN and VTIME. Output
 * turns NL into CR NL (OPOST, ONLCR).
 *
 * A session has at most one controlling terminal: its leader gets it by
 * opening a terminal without O_NOCTTY, or with TIOCSCTTY. /dev/tty is the
 * caller's; /dev/console is the console's terminal but never becomes a
 * controlling one, as on Linux. A background process reading its
 * controlling terminal gets SIGTTIN (and writing, with TOSTOP, SIGTTOU).
 */
#pragma once

#include <asm/termbits.h>
#include <asm/termios.h>

#include <kernel/types.h>
#include <kernel/wait.h>

#define TTY_BUF 4096

struct tty {
	const char *name;
	unsigned int major, minor;		/* its device number */
	/* The device: write out bytes (already cooked); must not sleep. */
	void (*output)(struct tty *tty, const char *buf, size_t len);
	/* Optional: a file open on the terminal is closed. */
	void (*release)(struct tty *tty);
	void *priv;				/* the device's */
	struct mutex lock;			/* everything below */
	struct termios termios;
	struct winsize winsize;
	int session, pgrp;			/* 0: no controlling session */
	char in[TTY_BUF];			/* [0, committed): readable in
						   canonical mode; then the
						   line being edited */
	size_t in_len, committed;
	unsigned int eofs;			/* ^D on an empty line */
	unsigned int column;			/* for erasing echoed text */
	bool hung_up;				/* the other end is gone: reads
						   see end of file, writes EIO */
	struct wait_queue readable;
};

struct file;

/* Set up tty with Linux's default termios. */
void tty_init(struct tty *tty, const char *name, unsigned int major,
	      unsigned int minor,
	      void (*output)(struct tty *tty, const char *buf, size_t len));

/* Bytes typed on tty, from task context. Sends signals it implies. */
void tty_receive(struct tty *tty, const char *buf, size_t len);

/*
 * Open tty as a file with flags. console: /dev/console, which never
 * becomes a controlling terminal.
 */
int tty_open(struct tty *tty, unsigned int flags, bool console,
	     struct file **out);

/* /dev/tty: the caller's controlling terminal, or -ENXIO. */
int tty_open_controlling(unsigned int flags, struct file **out);

/* Terminal requests on tty (TCGETS, TIOCSWINSZ, ...), for a file of it. */
long tty_ioctl(struct tty *tty, unsigned int cmd, uintptr_t arg);

/* The device went away: wake readers, who see end of file. */
void tty_hangup(struct tty *tty);

/* The console's terminal (ttyS0), started on first use; NULL if none. */
struct tty *tty_console(void);

/*
 * The leader of session sid is gone (or gave up its terminal): tty is no
 * session's terminal any more; its foreground group gets SIGHUP and
 * SIGCONT, as on Linux.
 */
void tty_session_ended(struct tty *tty, int sid);

/* /proc/<pid>/stat's tty_nr (major << 8 | minor) and tpgid of tty. */
unsigned int tty_devnum(const struct tty *tty);
int tty_foreground(struct tty *tty);

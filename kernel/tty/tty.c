/*
 * Terminals (kernel/tty.h): the line discipline, the terminal ioctls and
 * job control; and the console's terminal, ttyS0, over the 16550 driver.
 */
#define pr_fmt(fmt) "tty: " fmt

#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <linux/serial.h>

#include <drivers/serial.h>
#include <frame/time.h>
#include <frame/uaccess.h>

#include <kernel/file.h>
#include <kernel/log.h>
#include <kernel/poll.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/tty.h>

#define CTRL(c) ((c) & 0x1f)
#define TTYS_MAJOR 4
#define TTYS0_MINOR 64
#define TTY_LINE 1024		/* longest canonical line (Linux: 4095) */

static const struct file_ops tty_ops;

void tty_init(struct tty *tty, const char *name, unsigned int major,
	      unsigned int minor,
	      void (*output)(struct tty *tty, const char *buf, size_t len))
{
	static const cc_t cc[NCCS] = {
		[VINTR] = CTRL('c'), [VQUIT] = CTRL('\\'), [VERASE] = 0x7f,
		[VKILL] = CTRL('u'), [VEOF] = CTRL('d'), [VMIN] = 1,
		[VSTART] = CTRL('q'), [VSTOP] = CTRL('s'),
		[VSUSP] = CTRL('z'), [VREPRINT] = CTRL('r'),
		[VDISCARD] = CTRL('o'), [VWERASE] = CTRL('w'),
		[VLNEXT] = CTRL('v'),
	};

	memset(tty, 0, sizeof(*tty));
	tty->name = name;
	tty->major = major;
	tty->minor = minor;
	tty->output = output;
	mutex_init(&tty->lock);
	wait_queue_init(&tty->readable);
	/* Linux's tty_std_termios, at 38400 baud. */
	tty->termios.c_iflag = ICRNL | IXON;
	tty->termios.c_oflag = OPOST | ONLCR;
	tty->termios.c_cflag = B38400 | CS8 | CREAD | HUPCL;
	tty->termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
			       ECHOKE | IEXTEN;
	memcpy(tty->termios.c_cc, cc, sizeof(cc));
	tty->winsize = (struct winsize){ .ws_row = 24, .ws_col = 80 };
}

/* Write out bytes with output processing; tty->lock held. */
static void put_cooked(struct tty *tty, const char *buf, size_t len)
{
	const struct termios *t = &tty->termios;
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n' && (t->c_oflag & OPOST) &&
		    (t->c_oflag & ONLCR)) {
			tty->output(tty, buf + start, i - start);
			tty->output(tty, "\r\n", 2);
			start = i + 1;
			tty->column = 0;
		} else if (buf[i] == '\r' || buf[i] == '\n') {
			tty->column = 0;
		} else if (buf[i] == '\b') {
			tty->column -= tty->column > 0;
		} else {
			tty->column++;
		}
	}
	tty->output(tty, buf + start, len - start);
}

/* Echo typed character c: control characters as ^X with ECHOCTL. */
static void echo_char(struct tty *tty, char c)
{
	const struct termios *t = &tty->termios;
	unsigned char u = (unsigned char)c;

	if (!(t->c_lflag & ECHO)) {
		return;
	}
	if ((t->c_lflag & ECHOCTL) && (u < 0x20 || u == 0x7f) &&
	    c != '\n' && c != '\t') {
		char ctl[2] = { '^', (char)(u == 0x7f ? '?' : u + 0x40) };

		put_cooked(tty, ctl, 2);
		return;
	}
	put_cooked(tty, &c, 1);
}

/* How many columns c took when echoed. */
static unsigned int echo_width(const struct tty *tty, char c)
{
	unsigned char u = (unsigned char)c;

	return (tty->termios.c_lflag & ECHOCTL) && (u < 0x20 || u == 0x7f) &&
	       c != '\t' ? 2 : 1;
}

/* Erase the last character of the line being edited, and its echo. */
static bool erase_one(struct tty *tty)
{
	char c;

	if (tty->in_len == tty->committed) {
		return false;
	}
	c = tty->in[--tty->in_len];
	if ((tty->termios.c_lflag & (ECHO | ECHOE)) == (ECHO | ECHOE)) {
		for (unsigned int i = echo_width(tty, c); i > 0; i--) {
			put_cooked(tty, "\b \b", 3);
		}
	}
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Make the line being edited readable. */
static void commit(struct tty *tty)
{
	tty->committed = tty->in_len;
	wake_up_all(&tty->readable);
}

static void append(struct tty *tty, char c)
{
	size_t limit = (tty->termios.c_lflag & ICANON) ?
		       min((size_t)TTY_BUF, tty->committed + TTY_LINE) :
		       TTY_BUF;

	/* Keep room for the newline that ends a canonical line. */
	if (tty->in_len + ((tty->termios.c_lflag & ICANON) && c != '\n') <
	    limit) {
		tty->in[tty->in_len++] = c;
	}
}

/* One typed character; tty->lock held. Returns a signal to send, or 0. */
static int receive_char(struct tty *tty, char c)
{
	const struct termios *t = &tty->termios;
	const cc_t *cc = t->c_cc;

	if (t->c_iflag & ISTRIP) {
		c &= 0x7f;
	}
	if (c == '\r') {
		if (t->c_iflag & IGNCR) {
			return 0;
		}
		if (t->c_iflag & ICRNL) {
			c = '\n';
		}
	} else if (c == '\n' && (t->c_iflag & INLCR)) {
		c = '\r';
	}
	if (t->c_lflag & ISIG) {
		int sig = c == (char)cc[VINTR] ? SIGINT :
			  c == (char)cc[VQUIT] ? SIGQUIT :
			  c == (char)cc[VSUSP] ? SIGTSTP : 0;

		if (sig && c) {
			if (!(t->c_lflag & NOFLSH)) {
				tty->in_len = tty->committed = 0;
				tty->eofs = 0;
			}
			echo_char(tty, c);
			return sig;
		}
	}
	if (!(t->c_lflag & ICANON)) {
		append(tty, c);
		echo_char(tty, c);
		wake_up_all(&tty->readable);
		return 0;
	}
	if (c && c == (char)cc[VERASE]) {
		erase_one(tty);
	} else if (c && c == (char)cc[VWERASE] && (t->c_lflag & IEXTEN)) {
		while (tty->in_len > tty->committed &&
		       is_space(tty->in[tty->in_len - 1])) {
			erase_one(tty);
		}
		while (tty->in_len > tty->committed &&
		       !is_space(tty->in[tty->in_len - 1])) {
			erase_one(tty);
		}
	} else if (c && c == (char)cc[VKILL]) {
		if ((t->c_lflag & ECHOKE) || !(t->c_lflag & ECHOK)) {
			while (erase_one(tty)) {
			}
		} else {
			tty->in_len = tty->committed;
			echo_char(tty, c);
			put_cooked(tty, "\n", (t->c_lflag & ECHO) ? 1 : 0);
		}
	} else if (c && c == (char)cc[VEOF]) {
		if (tty->in_len == tty->committed) {
			tty->eofs++;
		}
		commit(tty);
	} else if (c == '\n' || (c && (c == (char)cc[VEOL] ||
					 c == (char)cc[VEOL2]))) {
		if (c == '\n' && (t->c_lflag & ECHONL) &&
		    !(t->c_lflag & ECHO)) {
			put_cooked(tty, "\n", 1);
		}
		echo_char(tty, c);
		append(tty, c);
		commit(tty);
	} else {
		append(tty, c);
		echo_char(tty, c);
	}
	return 0;
}

void tty_receive(struct tty *tty, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int sig, pgrp;

		mutex_lock(&tty->lock);
		sig = receive_char(tty, buf[i]);
		pgrp = tty->pgrp;
		mutex_unlock(&tty->lock);
		if (sig && pgrp) {
			signal_pgrp(pgrp, sig);
		}
	}
}

/*
 * Job control: may the caller read (SIGTTIN) or change/write (SIGTTOU)
 * its controlling terminal? 0 to go on, -ERESTARTSYS once the signal is
 * sent to its group, -EIO when nobody could continue it.
 */
static int job_check(struct tty *tty, int sig)
{
	struct process *p = proc_current();
	int pgrp;

	if (!p || p->tg->ctty != tty) {
		return 0;
	}
	mutex_lock(&tty->lock);
	pgrp = tty->pgrp;
	mutex_unlock(&tty->lock);
	if (!pgrp || p->tg->pgid == pgrp) {
		return 0;
	}
	if (signal_ignored_or_blocked(p, sig)) {
		return sig == SIGTTIN ? -EIO : 0;
	}
	if (proc_pgrp_orphaned(p->tg->pgid)) {
		return -EIO;
	}
	signal_pgrp(p->tg->pgid, sig);
	return -ERESTARTSYS;
}

/* What a read can take now: canonical lines, or any raw input. */
static size_t readable_locked(const struct tty *tty)
{
	return (tty->termios.c_lflag & ICANON) ? tty->committed : tty->in_len;
}

static bool can_read(struct tty *tty)
{
	size_t want = (tty->termios.c_lflag & ICANON) ? 1 :
		      max((size_t)tty->termios.c_cc[VMIN], (size_t)1);

	return readable_locked(tty) >= want || tty->eofs || tty->hung_up ||
	       (readable_locked(tty) && !(tty->termios.c_lflag & ICANON));
}

static long tty_read(struct file *f, frame_uptr_t buf, size_t len)
{
	struct tty *tty = f->priv;
	size_t n;
	int err = job_check(tty, SIGTTIN);

	if (err) {
		return err;
	}
	if (len == 0) {
		return 0;
	}
	mutex_lock(&tty->lock);
	while (!can_read(tty)) {
		bool raw_now = !(tty->termios.c_lflag & ICANON) &&
			       tty->termios.c_cc[VMIN] == 0;
		uint64_t deadline = raw_now && tty->termios.c_cc[VTIME] ?
			frame_clock_ns() + tty->termios.c_cc[VTIME] *
			(NSEC_PER_SEC / 10) : 0;

		mutex_unlock(&tty->lock);
		if (f->flags & O_NONBLOCK) {
			return -EAGAIN;
		}
		if (raw_now && !deadline) {
			return 0;		/* VMIN 0, VTIME 0: poll */
		}
		err = wait_event_interruptible_deadline(&tty->readable,
							can_read(tty),
							deadline);
		if (err == -EINTR) {
			return -ERESTARTSYS;
		}
		mutex_lock(&tty->lock);
		if (err == -ETIMEDOUT && !can_read(tty)) {
			mutex_unlock(&tty->lock);
			return 0;
		}
	}
	n = min(len, readable_locked(tty));
	if (tty->termios.c_lflag & ICANON) {
		char *nl = memchr(tty->in, '\n', n);

		if (nl) {
			n = (size_t)(nl - tty->in) + 1;	/* one line a read */
		}
		if (n == 0 && tty->eofs) {
			tty->eofs--;			/* ^D: end of file */
			mutex_unlock(&tty->lock);
			return 0;
		}
	}
	if (n == 0 && tty->hung_up) {
		mutex_unlock(&tty->lock);
		return 0;
	}
	if (frame_copy_to_user(buf, tty->in, n)) {
		mutex_unlock(&tty->lock);
		return -EFAULT;
	}
	memmove(tty->in, tty->in + n, tty->in_len - n);
	tty->in_len -= n;
	tty->committed -= min(n, tty->committed);
	mutex_unlock(&tty->lock);
	return (long)n;
}

static void output_sink(void *arg, const char *chunk, size_t n)
{
	struct tty *tty = arg;

	mutex_lock(&tty->lock);
	put_cooked(tty, chunk, n);
	mutex_unlock(&tty->lock);
}

static long tty_write(struct file *f, frame_uptr_t buf, size_t len)
{
	struct tty *tty = f->priv;
	int err = 0;

	if (tty->termios.c_lflag & TOSTOP) {
		err = job_check(tty, SIGTTOU);
		if (err) {
			return err;
		}
	}
	if (__atomic_load_n(&tty->hung_up, __ATOMIC_ACQUIRE)) {
		return -EIO;
	}
	return write_from_user(buf, len, output_sink, tty);
}

static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = f->priv;

	poll_wait(pt, &tty->readable);
	return (can_read(tty) ? POLLIN | POLLRDNORM : 0) | POLLOUT |
	       POLLWRNORM;
}

/* The caller's session takes tty as its controlling terminal. */
static int make_controlling(struct tty *tty, struct process *p, bool steal)
{
	int old;

	if (p->tg->sid != p->tgid) {
		return -EPERM;		/* only a session leader */
	}
	if (p->tg->ctty == tty) {
		return 0;
	}
	if (p->tg->ctty) {
		return -EPERM;
	}
	mutex_lock(&tty->lock);
	old = tty->session;
	if (old && old != p->tg->sid && !(steal && p->cred.euid == 0)) {
		mutex_unlock(&tty->lock);
		return -EPERM;
	}
	tty->session = p->tg->sid;
	tty->pgrp = p->tg->pgid;
	mutex_unlock(&tty->lock);
	if (old && old != p->tg->sid) {
		proc_set_ctty_session(old, NULL);	/* stolen by root */
	}
	proc_set_ctty_session(p->tg->sid, tty);
	return 0;
}

static long copy_out(uintptr_t arg, const void *v, size_t size)
{
	return frame_copy_to_user(frame_uptr(arg), v, size) ? -EFAULT : 0;
}

long tty_ioctl(struct tty *tty, unsigned int cmd, uintptr_t arg)
{
	struct process *p = proc_current();
	bool mine = p && p->tg->ctty == tty;
	struct termios t;
	struct winsize ws;
	int v, err;

	switch (cmd) {
	case TCGETS:
		mutex_lock(&tty->lock);
		t = tty->termios;
		mutex_unlock(&tty->lock);
		return copy_out(arg, &t, sizeof(t));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (frame_copy_from_user(&t, frame_uptr(arg), sizeof(t))) {
			return -EFAULT;
		}
		err = job_check(tty, SIGTTOU);
		if (err) {
			return err;
		}
		mutex_lock(&tty->lock);
		if (cmd == TCSETSF) {
			tty->in_len = tty->committed = 0;
			tty->eofs = 0;
		}
		tty->termios = t;
		if (!(t.c_lflag & ICANON)) {
			tty->committed = tty->in_len;	/* all readable now */
		}
		mutex_unlock(&tty->lock);
		wake_up_all(&tty->readable);
		return 0;
	case TIOCGWINSZ:
		mutex_lock(&tty->lock);
		ws = tty->winsize;
		mutex_unlock(&tty->lock);
		return copy_out(arg, &ws, sizeof(ws));
	case TIOCSWINSZ: {
		bool changed;
		int pgrp;

		if (frame_copy_from_user(&ws, frame_uptr(arg), sizeof(ws))) {
			return -EFAULT;
		}
		mutex_lock(&tty->lock);
		changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
		tty->winsize = ws;
		pgrp = tty->pgrp;
		mutex_unlock(&tty->lock);
		if (changed && pgrp) {
			signal_pgrp(pgrp, SIGWINCH);
		}
		return 0;
	}
	case TIOCGPGRP:
		if (!mine) {
			return -ENOTTY;
		}
		mutex_lock(&tty->lock);
		v = tty->pgrp;
		mutex_unlock(&tty->lock);
		return copy_out(arg, &v, sizeof(v));
	case TIOCSPGRP:
		if (!mine) {
			return -ENOTTY;
		}
		if (frame_copy_from_user(&v, frame_uptr(arg), sizeof(v))) {
			return -EFAULT;
		}
		err = job_check(tty, SIGTTOU);
		if (err) {
			return err;
		}
		if (v < 0) {
			return -EINVAL;
		}
		if (!proc_pgrp_in_session(v, p->tg->sid)) {
			return -EPERM;
		}
		mutex_lock(&tty->lock);
		tty->pgrp = v;
		mutex_unlock(&tty->lock);
		return 0;
	case TIOCGSID:
		if (!mine) {
			return -ENOTTY;
		}
		mutex_lock(&tty->lock);
		v = tty->session;
		mutex_unlock(&tty->lock);
		return copy_out(arg, &v, sizeof(v));
	case TIOCSCTTY:
		return p ? make_controlling(tty, p, arg == 1) : -EPERM;
	case TIOCNOTTY:
		if (!mine) {
			return -ENOTTY;
		}
		if (p->tg->sid == p->tgid) {
			tty_session_ended(tty, p->tg->sid);	/* the leader */
		} else {
			p->tg->ctty = NULL;
		}
		return 0;
	case FIONREAD:
		mutex_lock(&tty->lock);
		v = (int)readable_locked(tty);
		mutex_unlock(&tty->lock);
		return copy_out(arg, &v, sizeof(v));
	case TCFLSH:
		if (arg > TCIOFLUSH) {
			return -EINVAL;
		}
		if (arg != TCOFLUSH) {
			mutex_lock(&tty->lock);
			tty->in_len = tty->committed = 0;
			tty->eofs = 0;
			mutex_unlock(&tty->lock);
		}
		return 0;
	case TCSBRK:		/* tcdrain: output is written synchronously */
	case TCXONC:		/* no flow control on this device */
		return 0;
	case TIOCGSERIAL: {
		struct serial_struct ss = { .type = PORT_16550A, .line = 0,
					    .port = 0x3f8, .irq = 4,
					    .baud_base = 115200 };

		if (tty->major != TTYS_MAJOR) {
			return -ENOTTY;
		}
		return copy_out(arg, &ss, sizeof(ss));
	}
	default:
		return -ENOTTY;
	}
}

static long tty_file_ioctl(struct file *f, unsigned int cmd, uintptr_t arg)
{
	return tty_ioctl(f->priv, cmd, arg);
}

static void tty_release(struct file *f)
{
	struct tty *tty = f->priv;

	if (tty->release) {
		tty->release(tty);
	}
}

void tty_hangup(struct tty *tty)
{
	mutex_lock(&tty->lock);
	tty->hung_up = true;
	mutex_unlock(&tty->lock);
	wake_up_all(&tty->readable);
}

static const struct file_ops tty_ops = {
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.ioctl = tty_file_ioctl,
	.release = tty_release,
};

int tty_open(struct tty *tty, unsigned int flags, bool console,
	     struct file **out)
{
	struct process *p = proc_current();

	*out = file_alloc(&tty_ops, flags & (O_ACCMODE | O_NONBLOCK), tty);
	if (!*out) {
		return -ENOMEM;
	}
	/*
	 * A session leader without a terminal takes the first free one it
	 * opens (make_controlling() refuses one another session holds).
	 */
	if (!console && !(flags & O_NOCTTY) && p && !p->tg->ctty &&
	    p->tg->sid == p->tgid) {
		make_controlling(tty, p, false);
	}
	return 0;
}

int tty_open_controlling(unsigned int flags, struct file **out)
{
	struct process *p = proc_current();

	if (!p || !p->tg->ctty) {
		return -ENXIO;
	}
	return tty_open(p->tg->ctty, flags | O_NOCTTY, false, out);
}

void tty_session_ended(struct tty *tty, int sid)
{
	int pgrp = 0;

	mutex_lock(&tty->lock);
	if (tty->session == sid) {
		pgrp = tty->pgrp;
		tty->session = tty->pgrp = 0;
	}
	mutex_unlock(&tty->lock);
	proc_set_ctty_session(sid, NULL);
	if (pgrp) {			/* as Linux: hang up the foreground */
		signal_pgrp(pgrp, SIGHUP);
		signal_pgrp(pgrp, SIGCONT);
	}
}

unsigned int tty_devnum(const struct tty *tty)
{
	return tty ? tty->major << 8 | tty->minor : 0;
}

int tty_foreground(struct tty *tty)
{
	return __atomic_load_n(&tty->pgrp, __ATOMIC_RELAXED) ?: -1;
}

/* ttyS0: the 16550 console as a terminal. */
static struct tty console_tty;
static bool console_started;
static struct mutex console_start_lock = MUTEX_INIT(console_start_lock);

static void console_out(struct tty *tty, const char *buf, size_t len)
{
	console_output_raw(buf, len);
}

/* The console's input, through the line discipline, in a task of its own. */
static void console_input(void *arg)
{
	char buf[64];

	for (;;) {
		long n = console_read(buf, sizeof(buf), 0);

		if (n < 0) {
			return;		/* no console UART */
		}
		tty_receive(&console_tty, buf, (size_t)n);
	}
}

struct tty *tty_console(void)
{
	mutex_lock(&console_start_lock);
	if (!console_started) {
		tty_init(&console_tty, "ttyS0", TTYS_MAJOR, TTYS0_MINOR,
			 console_out);
		if (task_spawn("ttyS0", console_input, NULL)) {
			console_started = true;
		} else {
			pr_warn("no task for console input");
		}
	}
	mutex_unlock(&console_start_lock);
	return console_started ? &console_tty : NULL;
}

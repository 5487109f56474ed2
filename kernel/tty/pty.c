/*
 * Pseudo-terminals (kernel/pty.h): opening /dev/ptmx makes a pair, a
 * master file and a terminal whose device is that master. What the
 * master writes is typed on the terminal (through its line discipline);
 * what the terminal outputs (echo included), the master reads. The
 * terminal is /dev/pts/N, locked until unlockpt() (TIOCSPTLCK 0).
 *
 * The master's read buffer does not block the terminal's output: echo
 * happens while the master itself writes. Past PTY_OUT bytes unread,
 * output is dropped.
 */
#include <asm/ioctls.h>
#include <linux/fcntl.h>

#include <frame/uaccess.h>

#include <kernel/file.h>
#include <kernel/poll.h>
#include <kernel/proc.h>
#include <kernel/pty.h>
#include <kernel/slab.h>
#include <kernel/string.h>
#include <kernel/tty.h>

#define PTY_OUT 16384

struct pty {
	int index;
	struct tty tty;			/* the terminal side, /dev/pts/N */
	struct mutex lock;		/* out, locked, opens */
	char out[PTY_OUT];		/* for the master to read */
	size_t out_len;
	struct wait_queue readable;	/* out has bytes, or slaves are gone */
	bool locked;			/* TIOCSPTLCK */
	bool master_open;
	unsigned int slave_opens;	/* now */
	bool slave_opened;		/* ever */
	uint32_t uid, gid;		/* the node's owner: the opener */
};

static struct mutex pty_lock = MUTEX_INIT(pty_lock);
static struct pty *ptys[PTY_MAX];

/*
 * Drop the pair once neither side is open; pty_lock held. A session whose
 * terminal it was has none from now on.
 */
static void maybe_free_locked(struct pty *pty)
{
	if (!pty->master_open && pty->slave_opens == 0) {
		proc_forget_tty(&pty->tty);
		ptys[pty->index] = NULL;
		kfree(pty);
	}
}

/* The terminal's output: the master reads it. Never sleeps. */
static void slave_output(struct tty *tty, const char *buf, size_t len)
{
	struct pty *pty = tty->priv;
	size_t n;

	mutex_lock(&pty->lock);
	n = min(len, PTY_OUT - pty->out_len);
	memcpy(pty->out + pty->out_len, buf, n);
	pty->out_len += n;
	mutex_unlock(&pty->lock);
	wake_up_all(&pty->readable);
}

static void slave_release(struct tty *tty)
{
	struct pty *pty = tty->priv;

	mutex_lock(&pty_lock);
	mutex_lock(&pty->lock);
	pty->slave_opens--;
	mutex_unlock(&pty->lock);
	wake_up_all(&pty->readable);		/* the master sees the hang-up */
	maybe_free_locked(pty);
	mutex_unlock(&pty_lock);
}

static bool master_can_read(struct pty *pty)
{
	return __atomic_load_n(&pty->out_len, __ATOMIC_ACQUIRE) ||
	       (pty->slave_opened && !pty->slave_opens);
}

static long master_read(struct file *f, frame_uptr_t buf, size_t len)
{
	struct pty *pty = f->priv;
	size_t n;

	if (len == 0) {
		return 0;
	}
	for (;;) {
		mutex_lock(&pty->lock);
		if (pty->out_len) {
			break;
		}
		if (pty->slave_opened && !pty->slave_opens) {
			mutex_unlock(&pty->lock);
			return -EIO;		/* as Linux: the slave hung up */
		}
		mutex_unlock(&pty->lock);
		if (f->flags & O_NONBLOCK) {
			return -EAGAIN;
		}
		if (wait_event_interruptible(&pty->readable,
					     master_can_read(pty))) {
			return -ERESTARTSYS;
		}
	}
	n = min(len, pty->out_len);
	if (frame_copy_to_user(buf, pty->out, n)) {
		mutex_unlock(&pty->lock);
		return -EFAULT;
	}
	memmove(pty->out, pty->out + n, pty->out_len - n);
	pty->out_len -= n;
	mutex_unlock(&pty->lock);
	return (long)n;
}

/* What the master writes is typed on the terminal. */
static void typed_sink(void *arg, const char *chunk, size_t n)
{
	tty_receive(arg, chunk, n);
}

static long master_write(struct file *f, frame_uptr_t buf, size_t len)
{
	struct pty *pty = f->priv;

	return write_from_user(buf, len, typed_sink, &pty->tty);
}

static unsigned int master_poll(struct file *f, struct poll_table *pt)
{
	struct pty *pty = f->priv;

	poll_wait(pt, &pty->readable);
	return (pty->out_len ? POLLIN | POLLRDNORM : 0) | POLLOUT |
	       POLLWRNORM |
	       (pty->slave_opened && !pty->slave_opens ? POLLHUP : 0);
}

static long master_ioctl(struct file *f, unsigned int cmd, uintptr_t arg)
{
	struct pty *pty = f->priv;
	unsigned int index = (unsigned int)pty->index;
	int v;

	switch (cmd) {
	case TIOCGPTN:
		return frame_copy_to_user(frame_uptr(arg), &index,
					  sizeof(index)) ? -EFAULT : 0;
	case TIOCSPTLCK:
		if (frame_copy_from_user(&v, frame_uptr(arg), sizeof(v))) {
			return -EFAULT;
		}
		mutex_lock(&pty->lock);
		pty->locked = v != 0;
		mutex_unlock(&pty->lock);
		return 0;
	case TIOCGPTLCK:
		v = pty->locked;
		return frame_copy_to_user(frame_uptr(arg), &v, sizeof(v)) ?
		       -EFAULT : 0;
	case FIONREAD:
		v = (int)min(pty->out_len, (size_t)INT32_MAX);
		return frame_copy_to_user(frame_uptr(arg), &v, sizeof(v)) ?
		       -EFAULT : 0;
	case TIOCSCTTY:
	case TIOCNOTTY:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
		return -ENOTTY;		/* the master is nobody's terminal */
	default:
		/* termios and window size: the terminal's. */
		return tty_ioctl(&pty->tty, cmd, arg);
	}
}

static void master_release(struct file *f)
{
	struct pty *pty = f->priv;

	tty_hangup(&pty->tty);
	mutex_lock(&pty_lock);
	pty->master_open = false;
	maybe_free_locked(pty);
	mutex_unlock(&pty_lock);
}

static const struct file_ops master_ops = {
	.read = master_read,
	.write = master_write,
	.poll = master_poll,
	.ioctl = master_ioctl,
	.release = master_release,
};

int pty_open_master(unsigned int flags, struct file **out)
{
	struct process *p = proc_current();
	struct pty *pty = kzalloc(sizeof(*pty));
	int index = -1;

	if (!pty) {
		return -ENOMEM;
	}
	mutex_lock(&pty_lock);
	for (int i = 0; i < PTY_MAX && index < 0; i++) {
		if (!ptys[i]) {
			index = i;
		}
	}
	if (index < 0) {
		mutex_unlock(&pty_lock);
		kfree(pty);
		return -ENOSPC;		/* as Linux past kernel.pty.max */
	}
	*out = file_alloc(&master_ops, flags & (O_ACCMODE | O_NONBLOCK), pty);
	if (!*out) {
		mutex_unlock(&pty_lock);
		kfree(pty);
		return -ENOMEM;
	}
	pty->index = index;
	tty_init(&pty->tty, "pts", PTY_SLAVE_MAJOR, (unsigned int)index,
		 slave_output);
	pty->tty.release = slave_release;
	pty->tty.priv = pty;
	mutex_init(&pty->lock);
	wait_queue_init(&pty->readable);
	pty->locked = true;
	pty->master_open = true;
	pty->uid = p ? p->cred.fsuid : 0;
	pty->gid = p ? p->cred.fsgid : 0;
	ptys[index] = pty;
	mutex_unlock(&pty_lock);
	return 0;
}

int pty_open_slave(unsigned int index, unsigned int flags, struct file **out)
{
	struct pty *pty;
	int err;

	mutex_lock(&pty_lock);
	pty = index < PTY_MAX ? ptys[index] : NULL;
	if (!pty || !pty->master_open) {
		mutex_unlock(&pty_lock);
		return -EIO;		/* as Linux: no such terminal now */
	}
	if (pty->locked) {
		mutex_unlock(&pty_lock);
		return -EIO;		/* not unlocked by unlockpt() yet */
	}
	err = tty_open(&pty->tty, flags, false, out);
	if (!err) {
		mutex_lock(&pty->lock);
		pty->slave_opens++;
		pty->slave_opened = true;
		mutex_unlock(&pty->lock);
	}
	mutex_unlock(&pty_lock);
	return err;
}

bool pty_info(unsigned int index, uint32_t *uid, uint32_t *gid)
{
	struct pty *pty;
	bool found;

	mutex_lock(&pty_lock);
	pty = index < PTY_MAX ? ptys[index] : NULL;
	found = pty && pty->master_open;
	if (found) {
		*uid = pty->uid;
		*gid = pty->gid;
	}
	mutex_unlock(&pty_lock);
	return found;
}

/*
 * Pipes and the console as files (kernel/file.h).
 *
 * A pipe is a ring buffer with a reader count and a writer count. Readers
 * sleep while it is empty and a writer remains; an empty pipe with no
 * writer reads as end of file. Writers sleep while it is full; writes of
 * up to PIPE_BUF bytes land whole; with no reader left, writing fails
 * with EPIPE and a SIGPIPE. A signal ends a wait: the call is restarted or
 * fails with EINTR, or returns what it had moved.
 */
#include <linux/fcntl.h>
#include <linux/limits.h>

#include <drivers/serial.h>
#include <kernel/file.h>
#include <kernel/log.h>
#include <kernel/poll.h>
#include <kernel/proc.h>
#include <kernel/printf.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define PIPE_SIZE (16 * 1024)
#define CHUNK 256

/* lock protects everything below it. */
struct pipe {
	struct mutex lock;
	char *buf;
	size_t head, count;
	unsigned int readers, writers;
	struct wait_queue readable, writable;
	unsigned long id;		/* constant: its name, "pipe:[id]" */
};

static unsigned long next_pipe_id = 1;

static bool pipe_can_read(struct pipe *p)
{
	return __atomic_load_n(&p->count, __ATOMIC_ACQUIRE) > 0 ||
	       __atomic_load_n(&p->writers, __ATOMIC_ACQUIRE) == 0;
}

static bool pipe_can_write(struct pipe *p, size_t want)
{
	return PIPE_SIZE - __atomic_load_n(&p->count, __ATOMIC_ACQUIRE) >= want ||
	       __atomic_load_n(&p->readers, __ATOMIC_ACQUIRE) == 0;
}

static long pipe_read(struct file *f, frame_uptr_t buf, size_t len)
{
	struct pipe *p = f->priv;
	bool fault = false;
	size_t done = 0;

	if (len == 0) {
		return 0;
	}
	for (;;) {
		mutex_lock(&p->lock);
		if (p->count || !p->writers) {
			break;
		}
		mutex_unlock(&p->lock);
		if (f->flags & O_NONBLOCK) {
			return -EAGAIN;
		}
		if (wait_event_interruptible(&p->readable, pipe_can_read(p))) {
			return -ERESTARTSYS;
		}
	}
	while (done < len && p->count) {
		size_t n = min(min(len - done, p->count), PIPE_SIZE - p->head);

		if (frame_copy_to_user(frame_uptr_add(buf, done),
				       p->buf + p->head, n)) {
			fault = true;
			break;
		}
		p->head = (p->head + n) % PIPE_SIZE;
		p->count -= n;
		done += n;
	}
	mutex_unlock(&p->lock);
	wake_up_all(&p->writable);
	/* Nothing read: a bad buffer, or end of file (no writer left). */
	return done ? (long)done : (fault ? -EFAULT : 0);
}

static long pipe_write(struct file *f, frame_uptr_t buf, size_t len)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	while (done < len) {
		/* Up to PIPE_BUF bytes go in whole, so wait for room for all. */
		size_t want = len - done <= PIPE_BUF ? len - done : 1;
		size_t room, tail, n;

		mutex_lock(&p->lock);
		if (!p->readers) {
			mutex_unlock(&p->lock);
			if (proc_current()) {
				signal_post_thread(proc_current(), SIGPIPE,
						   NULL);
			}
			return done ? (long)done : -EPIPE;
		}
		if (PIPE_SIZE - p->count < want) {
			mutex_unlock(&p->lock);
			if (f->flags & O_NONBLOCK) {
				return done ? (long)done : -EAGAIN;
			}
			if (wait_event_interruptible(&p->writable,
						     pipe_can_write(p, want))) {
				return done ? (long)done : -ERESTARTSYS;
			}
			continue;
		}
		room = PIPE_SIZE - p->count;
		tail = (p->head + p->count) % PIPE_SIZE;
		n = min(min(len - done, room), PIPE_SIZE - tail);
		if (frame_copy_from_user(p->buf + tail,
					 frame_uptr_add(buf, done), n)) {
			mutex_unlock(&p->lock);
			return done ? (long)done : -EFAULT;
		}
		p->count += n;
		done += n;
		mutex_unlock(&p->lock);
		wake_up_all(&p->readable);
	}
	return (long)done;
}

static void pipe_free_if_unused(struct pipe *p)
{
	bool unused;

	mutex_lock(&p->lock);
	unused = !p->readers && !p->writers;
	mutex_unlock(&p->lock);
	if (unused) {
		kfree(p->buf);
		kfree(p);
	}
}

static void pipe_release_read(struct file *f)
{
	struct pipe *p = f->priv;

	mutex_lock(&p->lock);
	p->readers--;
	mutex_unlock(&p->lock);
	wake_up_all(&p->writable);
	pipe_free_if_unused(p);
}

static void pipe_release_write(struct file *f)
{
	struct pipe *p = f->priv;

	mutex_lock(&p->lock);
	p->writers--;
	mutex_unlock(&p->lock);
	wake_up_all(&p->readable);
	pipe_free_if_unused(p);
}

static long pipe_name(struct file *f, char *buf, size_t size)
{
	struct pipe *p = f->priv;

	return min((long)snprintf(buf, size, "pipe:[%lu]", p->id),
		   (long)size - 1);
}

/* Read end: data, or every writer gone (POLLHUP, as on Linux). */
static unsigned int pipe_poll_read(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;

	poll_wait(pt, &p->readable);
	return (__atomic_load_n(&p->count, __ATOMIC_ACQUIRE) ?
		POLLIN | POLLRDNORM : 0) |
	       (__atomic_load_n(&p->writers, __ATOMIC_ACQUIRE) ? 0 : POLLHUP);
}

/* Write end: room for PIPE_BUF bytes; every reader gone adds POLLERR. */
static unsigned int pipe_poll_write(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	size_t count = __atomic_load_n(&p->count, __ATOMIC_ACQUIRE);

	poll_wait(pt, &p->writable);
	return (PIPE_SIZE - count >= PIPE_BUF ? POLLOUT | POLLWRNORM : 0) |
	       (__atomic_load_n(&p->readers, __ATOMIC_ACQUIRE) ? 0 : POLLERR);
}

static const struct file_ops pipe_read_ops = {
	.read = pipe_read,
	.release = pipe_release_read,
	.show_name = pipe_name,
	.poll = pipe_poll_read,
};

static const struct file_ops pipe_write_ops = {
	.write = pipe_write,
	.release = pipe_release_write,
	.show_name = pipe_name,
	.poll = pipe_poll_write,
};

long pipe_readable(struct file *f)
{
	struct pipe *p = f->priv;
	long n;

	if (f->ops != &pipe_read_ops) {
		return -ENOTTY;
	}
	mutex_lock(&p->lock);
	n = (long)p->count;
	mutex_unlock(&p->lock);
	return n;
}

int pipe_create(unsigned int flags, struct file **rd, struct file **wr)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p || !(p->buf = kmalloc(PIPE_SIZE, 0))) {
		kfree(p);
		return -ENOMEM;
	}
	mutex_init(&p->lock);
	p->id = __atomic_fetch_add(&next_pipe_id, 1, __ATOMIC_RELAXED);
	wait_queue_init(&p->readable);
	wait_queue_init(&p->writable);
	p->readers = p->writers = 1;
	*rd = file_alloc(&pipe_read_ops, O_RDONLY | (flags & O_NONBLOCK), p);
	*wr = file_alloc(&pipe_write_ops, O_WRONLY | (flags & O_NONBLOCK), p);
	if (!*rd || !*wr) {
		kfree(*rd);
		kfree(*wr);
		kfree(p->buf);
		kfree(p);
		return -ENOMEM;
	}
	return 0;
}

static long console_file_read(struct file *f, frame_uptr_t buf, size_t len)
{
	char chunk[CHUNK];
	long n;

	if (len == 0) {
		return 0;
	}
	n = console_read(chunk, min(len, sizeof(chunk)), 0);
	if (n < 0) {
		return n == -ENODEV ? 0 : n;	/* no console: end of file */
	}
	return frame_copy_to_user(buf, chunk, (size_t)n) ? -EFAULT : n;
}

static void console_sink(void *arg, const char *chunk, size_t n)
{
	console_output(chunk, n);
}

static long console_file_write(struct file *f, frame_uptr_t buf, size_t len)
{
	return write_from_user(buf, len, console_sink, NULL);
}

static unsigned int console_file_poll(struct file *f, struct poll_table *pt)
{
	return console_poll(pt);
}

static const struct file_ops console_ops = {
	.read = console_file_read,
	.write = console_file_write,
	.poll = console_file_poll,
};

struct file *console_file_open(void)
{
	return file_alloc(&console_ops, O_RDWR, NULL);
}

/*
 * Character devices: the memory devices (null, zero, full, random,
 * urandom), the console's terminal (ttyS0, console) and the controlling
 * terminal (tty), by Linux's device numbers, opened through their inodes
 * (mknod, /dev).
 */
#include <linux/fcntl.h>

#include <kernel/file.h>
#include <kernel/random.h>
#include <kernel/pty.h>
#include <kernel/string.h>
#include <kernel/tty.h>

#define MEM_MAJOR 1
#define TTY_MAJOR 4
#define TTYS0_MINOR 64
#define TTYAUX_MAJOR 5
#define CHUNK 256

enum mem_minor { MEM_NULL = 3, MEM_ZERO = 5, MEM_FULL = 7, MEM_RANDOM = 8,
		 MEM_URANDOM = 9 };

static long null_read(struct file *f, frame_uptr_t buf, size_t len)
{
	return 0;
}

static long null_write(struct file *f, frame_uptr_t buf, size_t len)
{
	return (long)len;
}

static long zero_read(struct file *f, frame_uptr_t buf, size_t len)
{
	size_t left = frame_clear_user(buf, len);

	return left == len && len ? -EFAULT : (long)(len - left);
}

static long full_write(struct file *f, frame_uptr_t buf, size_t len)
{
	return -ENOSPC;
}

static long random_read(struct file *f, frame_uptr_t buf, size_t len)
{
	unsigned char chunk[CHUNK];
	size_t done = 0;

	while (done < len) {
		size_t n = min(len - done, sizeof(chunk));

		random_bytes(chunk, n);
		if (frame_copy_to_user(frame_uptr_add(buf, done), chunk, n)) {
			return done ? (long)done : -EFAULT;
		}
		done += n;
	}
	return (long)done;
}

static long seek_nowhere(struct file *f, int64_t off, int whence)
{
	return 0;		/* as Linux: memory devices seek to 0 */
}

static const struct file_ops null_ops = {
	.read = null_read, .write = null_write, .lseek = seek_nowhere,
};
static const struct file_ops zero_ops = {
	.read = zero_read, .write = null_write, .lseek = seek_nowhere,
};
static const struct file_ops full_ops = {
	.read = zero_read, .write = full_write, .lseek = seek_nowhere,
};
static const struct file_ops random_ops = {
	.read = random_read, .write = null_write, .lseek = seek_nowhere,
};

int chrdev_open(unsigned int major, unsigned int minor, unsigned int flags,
		struct file **out)
{
	const struct file_ops *ops = NULL;

	if (major == MEM_MAJOR) {
		ops = minor == MEM_NULL ? &null_ops :
		      minor == MEM_ZERO ? &zero_ops :
		      minor == MEM_FULL ? &full_ops :
		      minor == MEM_RANDOM || minor == MEM_URANDOM ?
		      &random_ops : NULL;
	} else if (major == TTYAUX_MAJOR && minor == 0) {
		return tty_open_controlling(flags, out);	/* /dev/tty */
	} else if (major == PTMX_MAJOR && minor == PTMX_MINOR) {
		return pty_open_master(flags, out);
	} else if (major == PTY_SLAVE_MAJOR) {
		return pty_open_slave(minor, flags, out);
	} else if ((major == TTYAUX_MAJOR && minor == 1) ||
		   (major == TTY_MAJOR && minor == TTYS0_MINOR)) {
		struct tty *tty = tty_console();

		if (tty) {
			return tty_open(tty, flags, major == TTYAUX_MAJOR, out);
		}
		/* No console UART: a file that reads end of file. */
		*out = console_file_open();
		if (*out) {
			(*out)->flags = flags & (O_ACCMODE | O_NONBLOCK);
		}
		return *out ? 0 : -ENOMEM;
	}
	if (!ops) {
		return -ENXIO;
	}
	*out = file_alloc(ops, flags & (O_ACCMODE | O_NONBLOCK), NULL);
	return *out ? 0 : -ENOMEM;
}

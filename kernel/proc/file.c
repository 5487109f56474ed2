/*
 * Open files and descriptor tables (kernel/file.h).
 */
#include <linux/fcntl.h>

#include <fs/vfs.h>
#include <kernel/file.h>
#include <kernel/slab.h>
#include <kernel/string.h>

struct file *file_alloc(const struct file_ops *ops, unsigned int flags,
			void *priv)
{
	struct file *f = kzalloc(sizeof(*f));

	if (f) {
		*f = (struct file){ .ops = ops, .flags = flags, .refs = 1,
				    .priv = priv };
	}
	return f;
}

void file_get(struct file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
}

void file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		if (f->ops->release) {
			f->ops->release(f);
		}
		if (f->path.inode) {
			path_put(&f->path);
		}
		if (f->dir.inode) {
			path_put(&f->dir);
		}
		kfree(f->name);
		kfree(f);
	}
}

long write_from_user(frame_uptr_t buf, size_t len,
		     void (*sink)(void *arg, const char *chunk, size_t n),
		     void *arg)
{
	char chunk[256];
	size_t done = 0;

	while (done < len) {
		size_t n = min(len - done, sizeof(chunk));
		size_t left = frame_copy_from_user(chunk,
						   frame_uptr_add(buf, done), n);

		sink(arg, chunk, n - left);
		done += n - left;
		if (left) {
			return done ? (long)done : -EFAULT;
		}
	}
	return (long)done;
}

struct fdtable *fdtable_create(void)
{
	struct fdtable *fdt = kzalloc(sizeof(*fdt));

	if (fdt) {
		fdt->refs = 1;
		mutex_init(&fdt->lock);
	}
	return fdt;
}

struct fdtable *fdtable_fork(struct fdtable *fdt)
{
	struct fdtable *copy = fdtable_create();

	if (!copy) {
		return NULL;
	}
	mutex_lock(&fdt->lock);
	for (int fd = 0; fd < FD_MAX; fd++) {
		if ((copy->files[fd] = fdt->files[fd])) {
			file_get(copy->files[fd]);
		}
	}
	memcpy(copy->cloexec, fdt->cloexec, sizeof(copy->cloexec));
	mutex_unlock(&fdt->lock);
	return copy;
}

/* Take fd's file out of the table; fdt->lock held. */
static struct file *take(struct fdtable *fdt, int fd)
{
	struct file *f = fdt->files[fd];

	fdt->files[fd] = NULL;
	fdt->cloexec[fd / 64] &= ~(1ULL << (fd % 64));
	return f;
}

void fdtable_get(struct fdtable *fdt)
{
	__atomic_add_fetch(&fdt->refs, 1, __ATOMIC_RELAXED);
}

void fdtable_put(struct fdtable *fdt)
{
	if (__atomic_sub_fetch(&fdt->refs, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (fdt->files[fd]) {
			file_put(take(fdt, fd));
		}
	}
	kfree(fdt);
}

void fdtable_close_on_exec(struct fdtable *fdt)
{
	struct file *closing[FD_MAX];
	int n = 0;

	mutex_lock(&fdt->lock);
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (fdt->files[fd] && (fdt->cloexec[fd / 64] >> (fd % 64)) & 1) {
			closing[n++] = take(fdt, fd);
		}
	}
	mutex_unlock(&fdt->lock);
	/* Released outside the lock: a release may wake or sleep. */
	while (n) {
		file_put(closing[--n]);
	}
}

static void set_cloexec(struct fdtable *fdt, int fd, bool on)
{
	if (on) {
		fdt->cloexec[fd / 64] |= 1ULL << (fd % 64);
	} else {
		fdt->cloexec[fd / 64] &= ~(1ULL << (fd % 64));
	}
}

int fd_install(struct fdtable *fdt, struct file *f, int min, bool cloexec)
{
	int fd;

	if (min < 0 || min >= FD_MAX) {
		file_put(f);
		return -EINVAL;
	}
	mutex_lock(&fdt->lock);
	for (fd = min; fd < FD_MAX && fdt->files[fd]; fd++) {
	}
	if (fd < FD_MAX) {
		fdt->files[fd] = f;
		set_cloexec(fdt, fd, cloexec);
	}
	mutex_unlock(&fdt->lock);
	if (fd == FD_MAX) {
		file_put(f);
		return -EMFILE;
	}
	return fd;
}

struct file *fd_get(struct fdtable *fdt, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= FD_MAX) {
		return NULL;
	}
	mutex_lock(&fdt->lock);
	if ((f = fdt->files[fd])) {
		file_get(f);
	}
	mutex_unlock(&fdt->lock);
	return f;
}

int fd_close(struct fdtable *fdt, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= FD_MAX) {
		return -EBADF;
	}
	mutex_lock(&fdt->lock);
	if (fdt->files[fd]) {
		f = take(fdt, fd);
	}
	mutex_unlock(&fdt->lock);
	if (!f) {
		return -EBADF;
	}
	file_put(f);
	return 0;
}

int fd_dup_to(struct fdtable *fdt, int oldfd, int newfd, bool cloexec)
{
	struct file *f, *old = NULL;

	if (oldfd < 0 || oldfd >= FD_MAX || newfd < 0 || newfd >= FD_MAX) {
		return -EBADF;
	}
	mutex_lock(&fdt->lock);
	f = fdt->files[oldfd];
	if (!f) {
		mutex_unlock(&fdt->lock);
		return -EBADF;
	}
	if (oldfd != newfd) {
		file_get(f);
		old = take(fdt, newfd);
		fdt->files[newfd] = f;
		set_cloexec(fdt, newfd, cloexec);
	}
	mutex_unlock(&fdt->lock);
	if (old) {
		file_put(old);
	}
	return newfd;
}

int fd_get_cloexec(struct fdtable *fdt, int fd)
{
	int r = -EBADF;

	if (fd < 0 || fd >= FD_MAX) {
		return -EBADF;
	}
	mutex_lock(&fdt->lock);
	if (fdt->files[fd]) {
		r = (int)((fdt->cloexec[fd / 64] >> (fd % 64)) & 1);
	}
	mutex_unlock(&fdt->lock);
	return r;
}

int fd_set_cloexec(struct fdtable *fdt, int fd, bool on)
{
	int r = -EBADF;

	if (fd < 0 || fd >= FD_MAX) {
		return -EBADF;
	}
	mutex_lock(&fdt->lock);
	if (fdt->files[fd]) {
		set_cloexec(fdt, fd, on);
		r = 0;
	}
	mutex_unlock(&fdt->lock);
	return r;
}

/*
 * File system syscalls: decode and check the arguments, resolve paths
 * against the process's working directory (or a directory descriptor),
 * and call the VFS (fs/vfs.h).
 */
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/magic.h>
#include <linux/time_types.h>
#include <linux/uio.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <asm/ioctls.h>

#include <frame/time.h>
#include <frame/uaccess.h>

#include <fs/vfs.h>
#include <kernel/page.h>
#include <kernel/proc.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define PATH_MAX_LEN 4096

/* Copy a user path into a new buffer; -EFAULT, -ENAMETOOLONG, -ENOENT. */
static long get_path(uintptr_t upath, char **out)
{
	char *path = kmalloc(PATH_MAX_LEN, 0);
	long len;

	if (!path) {
		return -ENOMEM;
	}
	len = frame_strncpy_from_user(path, frame_uptr(upath), PATH_MAX_LEN);
	if (len < 0 || len == 0) {
		kfree(path);
		return len < 0 ? len : -ENOENT;
	}
	*out = path;
	return 0;
}

/* The directory a *at() call starts from, referenced. */
static long start_dir(struct process *p, int dirfd, const char *path,
		      struct inode **out)
{
	struct file *f;
	struct inode *in;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		inode_get(p->cwd);
		*out = p->cwd;
		return 0;
	}
	f = fd_get(p->fdt, dirfd);
	if (!f) {
		return -EBADF;
	}
	in = vfs_file_inode(f);
	if (in && S_ISDIR(in->mode)) {
		inode_get(in);
		*out = in;
	}
	file_put(f);
	return in ? (S_ISDIR(in->mode) ? 0 : -ENOTDIR) : -ENOTDIR;
}

long sys_openat(struct process *p, int dirfd, uintptr_t upath, int flags,
		unsigned int mode)
{
	struct inode *dir, *in = NULL;
	struct file *f;
	char *path;
	long err;

	if (flags & ~(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
		      O_APPEND | O_NONBLOCK | O_DSYNC | O_DIRECT |
		      O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME |
		      O_CLOEXEC | __O_SYNC)) {
		return -EINVAL;
	}
	if ((flags & O_ACCMODE) == 3) {
		return -EINVAL;
	}
	err = get_path(upath, &path);
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		err = vfs_lookup(dir, path, !(flags & O_NOFOLLOW), &in);
		if (err == -ENOENT && (flags & O_CREAT)) {
			err = vfs_create(dir, path, S_IFREG |
					 (mode & 07777 & ~p->umask), NULL, &in);
		} else if (!err && (flags & O_CREAT) && (flags & O_EXCL)) {
			err = -EEXIST;
		} else if (!err && S_ISLNK(in->mode)) {
			err = -ELOOP;		/* O_NOFOLLOW on a link */
		}
		inode_put(dir);
	}
	if (!err) {
		err = vfs_open_inode(in, (unsigned int)flags, &f);
	}
	if (in) {
		inode_put(in);
	}
	kfree(path);
	return err ? err : fd_install(p->fdt, f, 0, flags & O_CLOEXEC);
}

static void fill_stat(const struct inode *in, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	st->st_ino = in->ino;
	st->st_nlink = in->nlink;
	st->st_mode = in->mode;
	st->st_uid = in->uid;
	st->st_gid = in->gid;
	st->st_rdev = (in->rdev >> 8) << 8 | (in->rdev & 0xff);
	st->st_size = (long)in->size;
	st->st_blksize = 4096;
	st->st_blocks = (long)((in->size + 511) / 512);
	st->st_atime = in->atime / 1000000000;
	st->st_atime_nsec = (unsigned long)(in->atime % 1000000000);
	st->st_mtime = in->mtime / 1000000000;
	st->st_mtime_nsec = (unsigned long)(in->mtime % 1000000000);
	st->st_ctime = in->ctime / 1000000000;
	st->st_ctime_nsec = (unsigned long)(in->ctime % 1000000000);
}

static long put_stat(const struct inode *in, uintptr_t ust)
{
	struct stat st;

	fill_stat(in, &st);
	return frame_copy_to_user(frame_uptr(ust), &st, sizeof(st)) ?
	       -EFAULT : 0;
}

long sys_fstat(struct process *p, int fd, uintptr_t ust)
{
	struct file *f = fd_get(p->fdt, fd);
	struct inode *in;
	long err;

	if (!f) {
		return -EBADF;
	}
	in = vfs_file_inode(f);
	if (in) {
		err = put_stat(in, ust);
	} else {
		/* Pipes and the console: a character device or FIFO. */
		struct inode fake = { .mode = f->ops->getdents ? S_IFDIR :
				      (f->ops->lseek ? S_IFREG : S_IFIFO) | 0600,
				      .nlink = 1 };

		err = put_stat(&fake, ust);
	}
	file_put(f);
	return err;
}

long sys_fstatat(struct process *p, int dirfd, uintptr_t upath, uintptr_t ust,
		 int flags)
{
	struct inode *dir, *in;
	char *path;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) {
		return -EINVAL;
	}
	err = get_path(upath, &path);
	if (err == -ENOENT && (flags & AT_EMPTY_PATH)) {
		return sys_fstat(p, dirfd, ust);
	}
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		err = vfs_lookup(dir, path, !(flags & AT_SYMLINK_NOFOLLOW), &in);
		inode_put(dir);
	}
	if (!err) {
		err = put_stat(in, ust);
		inode_put(in);
	}
	kfree(path);
	return err;
}

long sys_lseek(struct process *p, int fd, int64_t off, int whence)
{
	struct file *f = fd_get(p->fdt, fd);
	long r;

	if (!f) {
		return -EBADF;
	}
	r = f->ops->lseek ? f->ops->lseek(f, off, whence) : -ESPIPE;
	file_put(f);
	return r;
}

long sys_getdents64(struct process *p, int fd, uintptr_t buf, size_t len)
{
	struct file *f = fd_get(p->fdt, fd);
	long r;

	if (!f) {
		return -EBADF;
	}
	r = f->ops->getdents ? f->ops->getdents(f, frame_uptr(buf), len) :
			       -ENOTDIR;
	file_put(f);
	return r;
}

long sys_mkdirat(struct process *p, int dirfd, uintptr_t upath,
		 unsigned int mode)
{
	struct inode *dir;
	char *path;
	long err;

	err = get_path(upath, &path);
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		err = vfs_create(dir, path, S_IFDIR | (mode & 07777 & ~p->umask),
				 NULL, NULL);
		inode_put(dir);
	}
	kfree(path);
	return err;
}

long sys_unlinkat(struct process *p, int dirfd, uintptr_t upath, int flags)
{
	struct inode *dir;
	char *path;
	long err;

	if (flags & ~AT_REMOVEDIR) {
		return -EINVAL;
	}
	err = get_path(upath, &path);
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		err = vfs_unlink(dir, path, flags & AT_REMOVEDIR);
		inode_put(dir);
	}
	kfree(path);
	return err;
}

long sys_chdir(struct process *p, uintptr_t upath)
{
	struct inode *in;
	char *path;
	long err;

	err = get_path(upath, &path);
	if (err) {
		return err;
	}
	err = vfs_lookup(p->cwd, path, true, &in);
	kfree(path);
	if (err) {
		return err;
	}
	if (!S_ISDIR(in->mode)) {
		inode_put(in);
		return -ENOTDIR;
	}
	inode_put(p->cwd);
	p->cwd = in;
	return 0;
}

long sys_getcwd(struct process *p, uintptr_t ubuf, size_t size)
{
	char *buf = kmalloc(PATH_MAX_LEN, 0);
	long len;

	if (!buf) {
		return -ENOMEM;
	}
	len = vfs_path_of(p->cwd, buf, PATH_MAX_LEN);
	if (len >= 0 && (size_t)len + 1 > size) {
		len = -ERANGE;
	}
	if (len >= 0 && frame_copy_to_user(frame_uptr(ubuf), buf,
					   (size_t)len + 1)) {
		len = -EFAULT;
	}
	kfree(buf);
	return len < 0 ? len : len + 1;
}

/*
 * The inode a path (from dirfd) or, with AT_EMPTY_PATH and an empty path,
 * a descriptor names, referenced. fchmod and fchown come here with no
 * path at all (upath 0).
 */
static long resolve(struct process *p, int dirfd, uintptr_t upath, int flags,
		    struct inode **out)
{
	struct inode *dir;
	char *path = NULL;
	long err;

	err = upath ? get_path(upath, &path) : -ENOENT;
	if (err == -ENOENT && (flags & AT_EMPTY_PATH)) {
		struct file *f = fd_get(p->fdt, dirfd);
		struct inode *in = f ? vfs_file_inode(f) : NULL;

		if (in) {
			inode_get(in);
			*out = in;
		}
		if (f) {
			file_put(f);
		}
		return in ? 0 : (f ? -EPERM : -EBADF);
	}
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		err = vfs_lookup(dir, path, !(flags & AT_SYMLINK_NOFOLLOW), out);
		inode_put(dir);
	}
	kfree(path);
	return err;
}

long sys_fchmodat(struct process *p, int dirfd, uintptr_t upath,
		  unsigned int mode, int flags)
{
	struct inode *in;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = resolve(p, dirfd, upath, flags, &in);
	if (err) {
		return err;
	}
	if (S_ISLNK(in->mode)) {
		err = -EOPNOTSUPP;	/* as Linux: links have no mode */
	} else {
		mutex_lock(&in->lock);
		in->mode = (in->mode & S_IFMT) | (mode & 07777);
		in->ctime = frame_wallclock_ns();
		mutex_unlock(&in->lock);
	}
	inode_put(in);
	return err;
}

long sys_fchownat(struct process *p, int dirfd, uintptr_t upath,
		  unsigned int uid, unsigned int gid, int flags)
{
	struct inode *in;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = resolve(p, dirfd, upath, flags, &in);
	if (err) {
		return err;
	}
	mutex_lock(&in->lock);
	if (uid != (unsigned int)-1) {
		in->uid = uid;
	}
	if (gid != (unsigned int)-1) {
		in->gid = gid;
	}
	in->ctime = frame_wallclock_ns();
	mutex_unlock(&in->lock);
	inode_put(in);
	return 0;
}

long sys_mknodat(struct process *p, int dirfd, uintptr_t upath,
		 unsigned int mode, unsigned int dev)
{
	struct inode *dir;
	char *path;
	long err;

	if (!S_ISCHR(mode) && !S_ISBLK(mode) && !S_ISFIFO(mode) &&
	    !S_ISSOCK(mode)) {
		return S_ISREG(mode) || !(mode & S_IFMT) ? -EPERM : -EINVAL;
	}
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && p->euid != 0) {
		return -EPERM;
	}
	err = get_path(upath, &path);
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		/* Linux's encoding: major in bits 8-19, minor in 0-7, 20-31. */
		err = vfs_mknod(dir, path, (mode & S_IFMT) |
				(mode & 07777 & ~p->umask),
				((dev >> 8) & 0xfff) << 8 | (dev & 0xff));
		inode_put(dir);
	}
	kfree(path);
	return err;
}

long sys_ioctl(struct process *p, int fd, unsigned int cmd, uintptr_t arg)
{
	struct file *f = fd_get(p->fdt, fd);
	long r = -ENOTTY;
	int n;

	if (!f) {
		return -EBADF;
	}
	switch (cmd) {
	case FIONBIO:
		if (frame_copy_from_user(&n, frame_uptr(arg), sizeof(n))) {
			r = -EFAULT;
			break;
		}
		f->flags = n ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		r = 0;
		break;
	case FIONREAD: {
		struct inode *in = vfs_file_inode(f);
		long avail = in && S_ISREG(in->mode) ?
			     (long)(in->size > f->pos ? in->size - f->pos : 0) :
			     pipe_readable(f);

		if (avail < 0) {
			r = avail;
			break;
		}
		n = (int)min(avail, (long)INT32_MAX);
		r = frame_copy_to_user(frame_uptr(arg), &n, sizeof(n)) ?
		    -EFAULT : 0;
		break;
	}
	default:
		/* Terminal requests and the rest: not a tty (yet). */
		break;
	}
	file_put(f);
	return r;
}

/* Two paths, each from its own directory descriptor. */
struct two_paths {
	char *oldpath, *newpath;
	struct inode *olddir, *newdir;
};

static long get_two(struct process *p, int olddirfd, uintptr_t uold,
		    int newdirfd, uintptr_t unew, struct two_paths *t)
{
	long err;

	*t = (struct two_paths){ 0 };
	err = get_path(uold, &t->oldpath);
	if (!err) {
		err = get_path(unew, &t->newpath);
	}
	if (!err) {
		err = start_dir(p, olddirfd, t->oldpath, &t->olddir);
	}
	if (!err) {
		err = start_dir(p, newdirfd, t->newpath, &t->newdir);
	}
	return err;
}

static void put_two(struct two_paths *t)
{
	if (t->olddir) {
		inode_put(t->olddir);
	}
	if (t->newdir) {
		inode_put(t->newdir);
	}
	kfree(t->oldpath);
	kfree(t->newpath);
}

long sys_renameat2(struct process *p, int olddirfd, uintptr_t uold,
		   int newdirfd, uintptr_t unew, unsigned int flags)
{
	struct two_paths t;
	long err;

	if (flags & ~RENAME_NOREPLACE) {
		/* RENAME_EXCHANGE and RENAME_WHITEOUT are not supported. */
		return -EINVAL;
	}
	err = get_two(p, olddirfd, uold, newdirfd, unew, &t);
	if (!err) {
		err = vfs_rename(t.olddir, t.oldpath, t.newdir, t.newpath,
				 flags & RENAME_NOREPLACE);
	}
	put_two(&t);
	return err;
}

long sys_linkat(struct process *p, int olddirfd, uintptr_t uold,
		int newdirfd, uintptr_t unew, int flags)
{
	struct two_paths t;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = get_two(p, olddirfd, uold, newdirfd, unew, &t);
	if (!err) {
		err = vfs_link(t.olddir, t.oldpath, t.newdir, t.newpath);
	}
	put_two(&t);
	return err;
}

long sys_symlinkat(struct process *p, uintptr_t utarget, int dirfd,
		   uintptr_t upath)
{
	char *target, *path;
	struct inode *dir;
	long err;

	err = get_path(utarget, &target);
	if (err) {
		return err;
	}
	err = get_path(upath, &path);
	if (!err) {
		err = start_dir(p, dirfd, path, &dir);
		if (!err) {
			err = vfs_create(dir, path, S_IFLNK | 0777, target,
					 NULL);
			inode_put(dir);
		}
		kfree(path);
	}
	kfree(target);
	return err;
}

long sys_readlinkat(struct process *p, int dirfd, uintptr_t upath,
		    uintptr_t ubuf, long size)
{
	struct inode *in;
	long err, n;

	if (size <= 0) {
		return -EINVAL;
	}
	err = resolve(p, dirfd, upath, AT_SYMLINK_NOFOLLOW, &in);
	if (err) {
		return err;
	}
	if (!S_ISLNK(in->mode)) {
		inode_put(in);
		return -EINVAL;
	}
	n = (long)min((uint64_t)size, in->size);
	err = frame_copy_to_user(frame_uptr(ubuf), in->data, (size_t)n) ?
	      -EFAULT : n;
	inode_put(in);
	return err;
}

long sys_truncate(struct process *p, int fd, uintptr_t upath, int64_t len)
{
	struct inode *in;
	long err;

	if (len < 0) {
		return -EINVAL;
	}
	if (upath) {
		err = resolve(p, AT_FDCWD, upath, 0, &in);
	} else {
		struct file *f = fd_get(p->fdt, fd);

		if (!f) {
			return -EBADF;
		}
		in = vfs_file_inode(f);
		err = !in ? -EINVAL : (f->flags & O_ACCMODE) == O_RDONLY ?
		      -EINVAL : 0;
		if (!err) {
			inode_get(in);
		}
		file_put(f);
	}
	if (err) {
		return err;
	}
	err = vfs_truncate(in, (uint64_t)len);
	inode_put(in);
	return err;
}

/*
 * access() modes: not in the UAPI headers; POSIX fixes their values
 * (include/linux/fs.h MAY_* in the Linux sources agree).
 */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

long sys_faccessat(struct process *p, int dirfd, uintptr_t upath, int mode,
		   int flags)
{
	struct inode *in;
	long err;

	if (mode & ~(F_OK | R_OK | W_OK | X_OK) ||
	    flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = resolve(p, dirfd, upath, flags, &in);
	if (err) {
		return err;
	}
	/* Root may read and write anything, and run what has an x bit. */
	if (p->euid != 0 || ((mode & X_OK) && !S_ISDIR(in->mode) &&
			     !(in->mode & 0111))) {
		uint32_t bits = p->euid == in->uid ? (in->mode >> 6) & 7 :
				p->egid == in->gid ? (in->mode >> 3) & 7 :
						     in->mode & 7;

		if (p->euid == 0) {
			bits |= R_OK | W_OK;
		}
		err = (mode & ~bits & (R_OK | W_OK | X_OK)) ? -EACCES : 0;
	}
	inode_put(in);
	return err;
}

/*
 * UTIME_NOW and UTIME_OMIT are not in the UAPI headers; their values are
 * include/linux/stat.h's in the Linux sources (and glibc's).
 */
#define UTIME_NOW ((1L << 30) - 1L)
#define UTIME_OMIT ((1L << 30) - 2L)

long sys_utimensat(struct process *p, int dirfd, uintptr_t upath,
		   uintptr_t utimes, int flags)
{
	struct __kernel_timespec ts[2];
	int64_t now = frame_wallclock_ns();
	struct inode *in;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	if (utimes) {
		if (frame_copy_from_user(ts, frame_uptr(utimes), sizeof(ts))) {
			return -EFAULT;
		}
		for (int i = 0; i < 2; i++) {
			if (ts[i].tv_nsec != UTIME_NOW &&
			    ts[i].tv_nsec != UTIME_OMIT &&
			    (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000)) {
				return -EINVAL;
			}
		}
	} else {
		ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
	}
	err = upath ? resolve(p, dirfd, upath, flags, &in) :
		      resolve(p, dirfd, 0, AT_EMPTY_PATH, &in);
	if (err) {
		return err;
	}
	mutex_lock(&in->lock);
	for (int i = 0; i < 2; i++) {
		int64_t *t = i ? &in->mtime : &in->atime;

		if (ts[i].tv_nsec == UTIME_NOW) {
			*t = now;
		} else if (ts[i].tv_nsec != UTIME_OMIT) {
			*t = ts[i].tv_sec * 1000000000 + ts[i].tv_nsec;
		}
	}
	in->ctime = now;
	mutex_unlock(&in->lock);
	inode_put(in);
	return 0;
}

long sys_statfs(struct process *p, int fd, uintptr_t upath, uintptr_t ubuf)
{
	struct statfs st;
	struct inode *in;
	long err;

	err = upath ? resolve(p, AT_FDCWD, upath, 0, &in) :
		      resolve(p, fd, 0, AT_EMPTY_PATH, &in);
	if (err) {
		return err;
	}
	inode_put(in);
	memset(&st, 0, sizeof(st));
	st.f_type = TMPFS_MAGIC;
	st.f_bsize = st.f_frsize = 4096;
	st.f_blocks = (long)page_alloc_total_pages();
	st.f_bfree = st.f_bavail = (long)page_alloc_free_pages();
	st.f_namelen = 255;
	return frame_copy_to_user(frame_uptr(ubuf), &st, sizeof(st)) ?
	       -EFAULT : 0;
}

long sys_fchdir(struct process *p, int fd)
{
	struct file *f = fd_get(p->fdt, fd);
	struct inode *in;

	if (!f) {
		return -EBADF;
	}
	in = vfs_file_inode(f);
	if (!in || !S_ISDIR(in->mode)) {
		file_put(f);
		return -ENOTDIR;
	}
	inode_get(in);
	file_put(f);
	inode_put(p->cwd);
	p->cwd = in;
	return 0;
}

/* readv and writev: one read or write per vector, stopping early. */
long sys_rw_vector(struct process *p, int fd, uintptr_t uiov, int count,
		   bool write)
{
	struct file *f;
	long total = 0, r = 0;

	if (count < 0 || count > 1024) {
		return -EINVAL;
	}
	f = fd_get(p->fdt, fd);
	if (!f) {
		return -EBADF;
	}
	if (write ? (f->flags & O_ACCMODE) == O_RDONLY || !f->ops->write :
		    (f->flags & O_ACCMODE) == O_WRONLY || !f->ops->read) {
		file_put(f);
		return -EBADF;
	}
	for (int i = 0; i < count; i++) {
		struct iovec iov;

		if (frame_copy_from_user(&iov, frame_uptr(uiov + i * sizeof(iov)),
					 sizeof(iov))) {
			r = -EFAULT;
			break;
		}
		if ((long)iov.iov_len < 0) {
			r = -EINVAL;
			break;
		}
		r = write ? f->ops->write(f, frame_uptr((uintptr_t)iov.iov_base),
					  iov.iov_len) :
			    f->ops->read(f, frame_uptr((uintptr_t)iov.iov_base),
					 iov.iov_len);
		if (r < 0) {
			break;
		}
		total += r;
		if ((size_t)r < iov.iov_len) {
			break;
		}
	}
	file_put(f);
	return total ? total : r;
}

/* pread64 and pwrite64: at an offset, leaving the file position alone. */
long sys_rw_at(struct process *p, int fd, uintptr_t ubuf, size_t len,
	       int64_t off, bool write)
{
	struct file *f = fd_get(p->fdt, fd);
	struct inode *in;
	uint64_t saved;
	long r;

	if (!f) {
		return -EBADF;
	}
	in = vfs_file_inode(f);
	if (off < 0) {
		r = -EINVAL;
	} else if (!in || !S_ISREG(in->mode) || !f->ops->lseek) {
		r = -ESPIPE;
	} else if (write ? (f->flags & O_ACCMODE) == O_RDONLY :
			   (f->flags & O_ACCMODE) == O_WRONLY) {
		r = -EBADF;
	} else {
		/* The file's operations work at pos: borrow it. */
		unsigned int flags = f->flags;

		saved = f->pos;
		f->pos = (uint64_t)off;
		f->flags &= ~O_APPEND;
		r = write ? f->ops->write(f, frame_uptr(ubuf), len) :
			    f->ops->read(f, frame_uptr(ubuf), len);
		f->pos = saved;
		f->flags = flags;
	}
	file_put(f);
	return r;
}

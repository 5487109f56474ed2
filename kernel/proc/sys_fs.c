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

/*
 * The directory a *at() call starts from, referenced: the working
 * directory for AT_FDCWD (and absolute paths, which ignore it), else the
 * directory open at dirfd.
 */
static long start_dir(struct process *p, int dirfd, const char *path,
		      struct path *out)
{
	struct file *f;
	long err = 0;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*out = proc_vfs_ctx(p).cwd;
		path_get(out);
		return 0;
	}
	f = fd_get(p->fdt, dirfd);
	if (!f) {
		return -EBADF;
	}
	if (f->path.inode && S_ISDIR(f->path.inode->mode)) {
		*out = f->path;
		path_get(out);
	} else {
		err = -ENOTDIR;
	}
	file_put(f);
	return err;
}

long sys_openat(struct process *p, int dirfd, uintptr_t upath, int flags,
		unsigned int mode)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct path dir;
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
		err = vfs_open(&ctx, &dir, path, (unsigned int)flags, mode, &f);
		path_put(&dir);
	}
	kfree(path);
	return err ? err : fd_install(p->fdt, f, 0, flags & O_CLOEXEC);
}

static void fill_stat(const struct inode *in, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = in->sb ? in->sb->dev : 0;
	st->st_ino = in->ino;
	st->st_nlink = in->nlink;
	st->st_mode = in->mode;
	st->st_uid = in->uid;
	st->st_gid = in->gid;
	st->st_rdev = in->rdev;
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

/*
 * What fstat reports for a file without an inode: pipes are FIFOs, the
 * console a character device.
 */
static void fake_inode(const struct file *f, struct inode *in)
{
	*in = (struct inode){ .mode = f->ops->lseek ? S_IFCHR | 0600 :
				      S_IFIFO | 0600,
			      .nlink = 1 };
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
	struct inode fake;
	long err;

	if (!f) {
		return -EBADF;
	}
	if (!f->path.inode) {
		fake_inode(f, &fake);
	}
	err = put_stat(f->path.inode ? f->path.inode : &fake, ust);
	file_put(f);
	return err;
}

/*
 * The path a name (from dirfd) or, with AT_EMPTY_PATH and an empty name,
 * a descriptor names, referenced. fchmod and fchown come here with no
 * name at all (upath 0). -EBADF for a bad descriptor; a descriptor with
 * no path behind it (a pipe) gives -ENOENT... unless wanted, see callers.
 */
static long resolve(struct process *p, int dirfd, uintptr_t upath, int flags,
		    struct path *out)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct path dir;
	char *path = NULL;
	long err;

	err = upath ? get_path(upath, &path) : -ENOENT;
	if (err == -ENOENT && (flags & AT_EMPTY_PATH)) {
		struct file *f = dirfd == AT_FDCWD ? NULL : fd_get(p->fdt, dirfd);

		if (dirfd == AT_FDCWD) {
			*out = ctx.cwd;
			path_get(out);
			return 0;
		}
		if (!f) {
			return -EBADF;
		}
		err = f->path.inode ? 0 : -EBADF;
		if (!err) {
			*out = f->path;
			path_get(out);
		}
		file_put(f);
		return err;
	}
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		err = vfs_lookup(&ctx, &dir, path,
				 flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW,
				 out);
		path_put(&dir);
	}
	kfree(path);
	return err;
}

long sys_fstatat(struct process *p, int dirfd, uintptr_t upath, uintptr_t ust,
		 int flags)
{
	struct path path;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) {
		return -EINVAL;
	}
	if (flags & AT_EMPTY_PATH) {
		/* An empty name with a pipe: fstat's answer. */
		char c;

		if (frame_copy_from_user(&c, frame_uptr(upath), 1) == 0 &&
		    c == '\0' && dirfd != AT_FDCWD) {
			return sys_fstat(p, dirfd, ust);
		}
	}
	err = resolve(p, dirfd, upath, flags, &path);
	if (!err) {
		err = put_stat(path.inode, ust);
		path_put(&path);
	}
	return err;
}

/*
 * statx(2): struct statx is in the UAPI headers; everything of
 * STATX_BASIC_STATS is filled in, plus the mount id.
 */
long sys_statx(struct process *p, int dirfd, uintptr_t upath, int flags,
	       unsigned int mask, uintptr_t ubuf)
{
	struct statx stx;
	struct inode fake, *in;
	struct path path = { 0 };
	struct file *f = NULL;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		      AT_STATX_SYNC_TYPE)) {
		return -EINVAL;
	}
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
	    (mask & STATX__RESERVED)) {
		return -EINVAL;
	}
	if (!upath && !(flags & AT_EMPTY_PATH)) {
		return -EFAULT;
	}
	err = resolve(p, dirfd, upath, flags, &path);
	if (err == -EBADF && (flags & AT_EMPTY_PATH) &&
	    (f = fd_get(p->fdt, dirfd))) {
		fake_inode(f, &fake);
		err = 0;
	}
	if (err) {
		return err;
	}
	in = path.inode ? path.inode : &fake;
	memset(&stx, 0, sizeof(stx));
	stx.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	stx.stx_blksize = 4096;
	stx.stx_nlink = in->nlink;
	stx.stx_uid = in->uid;
	stx.stx_gid = in->gid;
	stx.stx_mode = (uint16_t)in->mode;
	stx.stx_ino = in->ino;
	stx.stx_size = in->size;
	stx.stx_blocks = (in->size + 511) / 512;
	stx.stx_atime.tv_sec = in->atime / 1000000000;
	stx.stx_atime.tv_nsec = (uint32_t)(in->atime % 1000000000);
	stx.stx_mtime.tv_sec = in->mtime / 1000000000;
	stx.stx_mtime.tv_nsec = (uint32_t)(in->mtime % 1000000000);
	stx.stx_ctime.tv_sec = in->ctime / 1000000000;
	stx.stx_ctime.tv_nsec = (uint32_t)(in->ctime % 1000000000);
	stx.stx_rdev_major = in->rdev >> 8;
	stx.stx_rdev_minor = in->rdev & 0xff;
	stx.stx_dev_minor = in->sb ? in->sb->dev : 0;
	stx.stx_mnt_id = in->sb ? in->sb->dev : 0;
	if (path.inode) {
		path_put(&path);
	}
	if (f) {
		file_put(f);
	}
	return frame_copy_to_user(frame_uptr(ubuf), &stx, sizeof(stx)) ?
	       -EFAULT : 0;
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

/* Call fn(ctx, dir, path) for a user path from dirfd. */
static long with_path(struct process *p, int dirfd, uintptr_t upath,
		      long (*fn)(struct process *p, const struct vfs_ctx *ctx,
				 const struct path *dir, const char *path,
				 unsigned long arg),
		      unsigned long arg)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct path dir;
	char *path;
	long err;

	err = get_path(upath, &path);
	if (err) {
		return err;
	}
	err = start_dir(p, dirfd, path, &dir);
	if (!err) {
		err = fn(p, &ctx, &dir, path, arg);
		path_put(&dir);
	}
	kfree(path);
	return err;
}

static long do_mkdir(struct process *p, const struct vfs_ctx *ctx,
		     const struct path *dir, const char *path,
		     unsigned long mode)
{
	return vfs_create(ctx, dir, path,
			  S_IFDIR | ((uint32_t)mode & 07777 & ~proc_vfs_ctx(p).umask), 0,
			  NULL);
}

long sys_mkdirat(struct process *p, int dirfd, uintptr_t upath,
		 unsigned int mode)
{
	return with_path(p, dirfd, upath, do_mkdir, mode);
}

static long do_unlink(struct process *p, const struct vfs_ctx *ctx,
		      const struct path *dir, const char *path,
		      unsigned long rmdir)
{
	return vfs_unlink(ctx, dir, path, rmdir);
}

long sys_unlinkat(struct process *p, int dirfd, uintptr_t upath, int flags)
{
	if (flags & ~AT_REMOVEDIR) {
		return -EINVAL;
	}
	return with_path(p, dirfd, upath, do_unlink, flags & AT_REMOVEDIR);
}

/* A directory the caller may search, for chdir, fchdir and chroot. */
static long may_enter(struct process *p, const struct path *dir)
{
	if (!S_ISDIR(dir->inode->mode)) {
		return -ENOTDIR;
	}
	return vfs_permission(&p->cred, dir->inode, MAY_EXEC);
}

static long do_chdir(struct process *p, const struct vfs_ctx *ctx,
		     const struct path *dir, const char *path,
		     unsigned long chroot)
{
	struct path to = { 0 };
	long err;

	err = vfs_lookup(ctx, dir, path, LOOKUP_FOLLOW, &to);
	if (!err) {
		err = may_enter(p, &to);
	}
	if (!err && chroot && p->cred.euid != 0) {
		err = -EPERM;
	}
	if (err) {
		if (to.inode) {
			path_put(&to);
		}
		return err;
	}
	if (chroot) {
		proc_set_root(p, &to);
	} else {
		proc_set_cwd(p, &to);
	}
	path_put(&to);
	return 0;
}

long sys_chdir(struct process *p, uintptr_t upath)
{
	return with_path(p, AT_FDCWD, upath, do_chdir, false);
}

long sys_chroot(struct process *p, uintptr_t upath)
{
	return with_path(p, AT_FDCWD, upath, do_chdir, true);
}

long sys_fchdir(struct process *p, int fd)
{
	struct file *f = fd_get(p->fdt, fd);
	long err;

	if (!f) {
		return -EBADF;
	}
	err = f->path.inode ? may_enter(p, &f->path) : -ENOTDIR;
	if (!err) {
		proc_set_cwd(p, &f->path);
	}
	file_put(f);
	return err;
}

long sys_getcwd(struct process *p, uintptr_t ubuf, size_t size)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	char *buf;
	long len;

	if (p->cwd.inode->nlink == 0) {
		return -ENOENT;			/* removed */
	}
	buf = kmalloc(PATH_MAX_LEN, 0);
	if (!buf) {
		return -ENOMEM;
	}
	len = vfs_path_name(&ctx, &p->cwd, buf, PATH_MAX_LEN);
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

long sys_fchmodat(struct process *p, int dirfd, uintptr_t upath,
		  unsigned int mode, int flags)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct path path;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = resolve(p, dirfd, upath, flags, &path);
	if (!err) {
		err = vfs_chmod(&ctx, &path, mode);
		path_put(&path);
	}
	return err;
}

long sys_fchownat(struct process *p, int dirfd, uintptr_t upath,
		  unsigned int uid, unsigned int gid, int flags)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct path path;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = resolve(p, dirfd, upath, flags, &path);
	if (!err) {
		err = vfs_chown(&ctx, &path, uid, gid);
		path_put(&path);
	}
	return err;
}

static long do_mknod(struct process *p, const struct vfs_ctx *ctx,
		     const struct path *dir, const char *path,
		     unsigned long arg)
{
	uint32_t mode = (uint32_t)arg, dev = (uint32_t)(arg >> 32);

	/* Linux's encoding: major in bits 8-19, minor in 0-7 and 20-31. */
	return vfs_create(ctx, dir, path, (mode & S_IFMT) |
			  (mode & 07777 & ~proc_vfs_ctx(p).umask),
			  ((dev >> 8) & 0xfff) << 8 | (dev & 0xff), NULL);
}

long sys_mknodat(struct process *p, int dirfd, uintptr_t upath,
		 unsigned int mode, unsigned int dev)
{
	if (!(mode & S_IFMT)) {
		mode |= S_IFREG;
	}
	if (S_ISREG(mode)) {
		return with_path(p, dirfd, upath, do_mknod, mode);
	}
	if (!S_ISCHR(mode) && !S_ISBLK(mode) && !S_ISFIFO(mode) &&
	    !S_ISSOCK(mode)) {
		return S_ISDIR(mode) ? -EPERM : -EINVAL;
	}
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && p->cred.euid != 0) {
		return -EPERM;
	}
	return with_path(p, dirfd, upath, do_mknod,
			 (unsigned long)dev << 32 | mode);
}

long sys_ioctl(struct process *p, int fd, unsigned int cmd, uintptr_t arg)
{
	struct file *f = fd_get(p->fdt, fd);
	long r = -ENOTTY;
	int n;

	if (!f) {
		return -EBADF;
	}
	if (f->ops->ioctl && cmd != FIONBIO) {
		r = f->ops->ioctl(f, cmd, arg);	/* the device's requests */
		file_put(f);
		return r;
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
		struct inode *in = f->path.inode;
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
		break;			/* not a device with requests */
	}
	file_put(f);
	return r;
}

/* Two paths, each from its own directory descriptor. */
struct two_paths {
	char *oldpath, *newpath;
	struct path olddir, newdir;
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
	if (t->olddir.inode) {
		path_put(&t->olddir);
	}
	if (t->newdir.inode) {
		path_put(&t->newdir);
	}
	kfree(t->oldpath);
	kfree(t->newpath);
}

long sys_renameat2(struct process *p, int olddirfd, uintptr_t uold,
		   int newdirfd, uintptr_t unew, unsigned int flags)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct two_paths t;
	long err;

	if (flags & ~RENAME_NOREPLACE) {
		/* RENAME_EXCHANGE and RENAME_WHITEOUT are not supported. */
		return -EINVAL;
	}
	err = get_two(p, olddirfd, uold, newdirfd, unew, &t);
	if (!err) {
		err = vfs_rename(&ctx, &t.olddir, t.oldpath, &t.newdir,
				 t.newpath, flags & RENAME_NOREPLACE);
	}
	put_two(&t);
	return err;
}

long sys_linkat(struct process *p, int olddirfd, uintptr_t uold,
		int newdirfd, uintptr_t unew, int flags)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct two_paths t;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = get_two(p, olddirfd, uold, newdirfd, unew, &t);
	if (!err) {
		err = vfs_link(&ctx, &t.olddir, t.oldpath, &t.newdir,
			       t.newpath, flags & AT_SYMLINK_FOLLOW);
	}
	put_two(&t);
	return err;
}

long sys_symlinkat(struct process *p, uintptr_t utarget, int dirfd,
		   uintptr_t upath)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	char *target, *path;
	struct path dir;
	long err;

	err = get_path(utarget, &target);
	if (err) {
		return err;
	}
	err = get_path(upath, &path);
	if (!err) {
		err = start_dir(p, dirfd, path, &dir);
		if (!err) {
			err = vfs_create(&ctx, &dir, path, S_IFLNK | 0777, 0,
					 target);
			path_put(&dir);
		}
		kfree(path);
	}
	kfree(target);
	return err;
}

long sys_readlinkat(struct process *p, int dirfd, uintptr_t upath,
		    uintptr_t ubuf, long size)
{
	struct path path;
	char *buf;
	long n;

	if (size <= 0) {
		return -EINVAL;
	}
	n = resolve(p, dirfd, upath, AT_SYMLINK_NOFOLLOW, &path);
	if (n) {
		return n;
	}
	buf = kmalloc(PATH_MAX_LEN, 0);
	n = buf ? vfs_readlink(path.inode, buf, PATH_MAX_LEN) : -ENOMEM;
	path_put(&path);
	if (n >= 0) {
		n = min(n, size);
		if (frame_copy_to_user(frame_uptr(ubuf), buf, (size_t)n)) {
			n = -EFAULT;
		}
	}
	kfree(buf);
	return n;
}

long sys_truncate(struct process *p, int fd, uintptr_t upath, int64_t len)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct path path;
	struct file *f;
	long err;

	if (len < 0) {
		return -EINVAL;
	}
	if (upath) {
		err = resolve(p, AT_FDCWD, upath, 0, &path);
		if (!err) {
			err = vfs_truncate(&ctx, &path, (uint64_t)len);
			path_put(&path);
		}
		return err;
	}
	f = fd_get(p->fdt, fd);
	if (!f) {
		return -EBADF;
	}
	err = !f->path.inode || (f->flags & O_ACCMODE) == O_RDONLY ? -EINVAL :
	      vfs_truncate_inode(f->path.inode, (uint64_t)len);
	file_put(f);
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
	struct cred real = p->cred;
	struct path path;
	long err;

	if (mode & ~(F_OK | R_OK | W_OK | X_OK) ||
	    flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	err = resolve(p, dirfd, upath, flags, &path);
	if (err) {
		return err;
	}
	/* access() asks for the real ids, unless AT_EACCESS. */
	if (!(flags & AT_EACCESS)) {
		real.euid = real.uid;
		real.egid = real.gid;
	}
	err = mode ? vfs_permission(&real, path.inode, mode) : 0;
	if (!err && (mode & W_OK) && !S_ISCHR(path.inode->mode) &&
	    !S_ISBLK(path.inode->mode) && !S_ISFIFO(path.inode->mode)) {
		err = vfs_may_write_mount(&path);
	}
	path_put(&path);
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
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct __kernel_timespec ts[2];
	int64_t t[2] = { VFS_TIME_NOW, VFS_TIME_NOW };
	struct path path;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return -EINVAL;
	}
	if (utimes) {
		if (frame_copy_from_user(ts, frame_uptr(utimes), sizeof(ts))) {
			return -EFAULT;
		}
		for (int i = 0; i < 2; i++) {
			if (ts[i].tv_nsec == UTIME_NOW) {
				continue;
			}
			if (ts[i].tv_nsec == UTIME_OMIT) {
				t[i] = VFS_TIME_OMIT;
				continue;
			}
			if (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000) {
				return -EINVAL;
			}
			t[i] = ts[i].tv_sec * 1000000000 + ts[i].tv_nsec;
		}
	}
	err = upath ? resolve(p, dirfd, upath, flags, &path) :
		      resolve(p, dirfd, 0, AT_EMPTY_PATH, &path);
	if (!err) {
		err = vfs_utimes(&ctx, &path, t[0], t[1]);
		path_put(&path);
	}
	return err;
}

long sys_statfs(struct process *p, int fd, uintptr_t upath, uintptr_t ubuf)
{
	struct statfs st;
	struct path path;
	long err;

	err = upath ? resolve(p, AT_FDCWD, upath, 0, &path) :
		      resolve(p, fd, 0, AT_EMPTY_PATH, &path);
	if (err) {
		return err;
	}
	vfs_statfs(&path, &st);
	path_put(&path);
	return frame_copy_to_user(frame_uptr(ubuf), &st, sizeof(st)) ?
	       -EFAULT : 0;
}

/* Copy a user string of at most max bytes (mount's type and data). */
static long get_string(uintptr_t u, size_t max, char **out)
{
	long len;

	*out = NULL;
	if (!u) {
		return 0;
	}
	*out = kmalloc(max, 0);
	if (!*out) {
		return -ENOMEM;
	}
	len = frame_strncpy_from_user(*out, frame_uptr(u), max);
	if (len < 0 || (size_t)len == max) {
		kfree(*out);
		*out = NULL;
		return len < 0 ? len : -EINVAL;
	}
	return 0;
}

long sys_mount(struct process *p, uintptr_t usource, uintptr_t utarget,
	       uintptr_t utype, unsigned long flags, uintptr_t udata)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	char *source = NULL, *target = NULL, *type = NULL, *data = NULL;
	long err;

	err = get_path(utarget, &target);
	if (!err) {
		err = get_string(usource, PATH_MAX_LEN, &source);
	}
	if (!err) {
		err = get_string(utype, 256, &type);
	}
	if (!err) {
		err = get_string(udata, 4096, &data);
	}
	if (!err) {
		err = vfs_mount(&ctx, source, target, type, flags, data);
	}
	kfree(source);
	kfree(target);
	kfree(type);
	kfree(data);
	return err;
}

long sys_umount2(struct process *p, uintptr_t utarget, int flags)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	char *target;
	long err;

	err = get_path(utarget, &target);
	if (!err) {
		err = vfs_umount(&ctx, target, flags);
		kfree(target);
	}
	return err;
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
	in = f->path.inode;
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

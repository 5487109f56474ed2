/*
 * Inodes, super blocks and paths, opening files, permissions and the
 * attribute changes (chmod, chown, utimes, truncate) of fs/vfs.h.
 */
#include <asm/statfs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/stat.h>

#include <frame/time.h>

#include "mount.h"

#include <kernel/slab.h>
#include <kernel/string.h>

/*
 * struct linux_dirent64 (include/linux/dirent.h of the Linux sources),
 * which the UAPI headers do not export; the layout getdents64 returns.
 */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};
_Static_assert(__builtin_offsetof(struct linux_dirent64, d_name) == 19,
	       "linux_dirent64 layout");

#define NAME_MAX_LEN 255

/* d_type values are the S_IFMT bits shifted down (DT_DIR is 4). */
#define DT_DIR (S_IFDIR >> 12)

/*
 * ST_VALID (include/linux/statfs.h of the Linux sources, not exported):
 * statfs's f_flags are filled in. ST_RDONLY and the rest equal MS_*.
 */
#define ST_VALID 0x0020

static unsigned int next_dev = 1;

static int64_t now_ns(void)
{
	return frame_wallclock_ns();
}

struct super_block *super_alloc(const struct fs_type *type,
				const struct super_ops *ops,
				unsigned long magic)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb) {
		return NULL;
	}
	sb->type = type;
	sb->ops = ops;
	sb->magic = magic;
	sb->next_ino = 1;
	sb->refs = 1;
	/* Anonymous devices are 0:n, as Linux numbers its in-memory fs. */
	sb->dev = __atomic_fetch_add(&next_dev, 1, __ATOMIC_RELAXED);
	return sb;
}

struct inode *inode_alloc(struct super_block *sb, uint32_t mode,
			  const struct inode_ops *ops)
{
	struct inode *in = kzalloc(sizeof(*in));

	if (!in) {
		return NULL;
	}
	in->ino = __atomic_fetch_add(&sb->next_ino, 1, __ATOMIC_RELAXED);
	in->mode = mode;
	in->nlink = 1;
	in->refs = 1;
	in->sb = sb;
	__atomic_add_fetch(&sb->refs, 1, __ATOMIC_RELAXED);
	in->ops = ops;
	in->atime = in->mtime = in->ctime = now_ns();
	mutex_init(&in->lock);
	return in;
}

void inode_get(struct inode *in)
{
	__atomic_add_fetch(&in->refs, 1, __ATOMIC_RELAXED);
}

void inode_put(struct inode *in)
{
	if (__atomic_sub_fetch(&in->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		struct super_block *sb = in->sb;

		if (in->ops->evict) {
			in->ops->evict(in);
		}
		kfree(in);
		super_put(sb);
	}
}

void super_put(struct super_block *sb)
{
	if (__atomic_sub_fetch(&sb->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		if (sb->ops && sb->ops->free) {
			sb->ops->free(sb);
		}
		kfree(sb);
	}
}

void path_get(const struct path *path)
{
	mount_get(path->mnt);
	inode_get(path->inode);
}

void path_put(struct path *path)
{
	inode_put(path->inode);
	mount_put(path->mnt);
	path->inode = NULL;
	path->mnt = NULL;
}

int vfs_permission(const struct cred *cred, const struct inode *in, int mask)
{
	uint32_t bits;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (cred->fsuid == in->uid) {
		bits = (in->mode >> 6) & 7;
	} else if (cred_in_group(cred, in->gid)) {
		bits = (in->mode >> 3) & 7;
	} else {
		bits = in->mode & 7;
	}
	if (!(mask & ~bits)) {
		return 0;
	}
	/*
	 * Root overrides: reading and writing anything, searching any
	 * directory, running a file with any x bit (CAP_DAC_OVERRIDE).
	 */
	if (cred->fsuid == 0 &&
	    (!(mask & MAY_EXEC) || S_ISDIR(in->mode) || (in->mode & 0111))) {
		return 0;
	}
	return -EACCES;
}

bool vfs_noexec(const struct path *path)
{
	return path->mnt->flags & MS_NOEXEC;
}

int vfs_may_write_mount(const struct path *path)
{
	return path->mnt->flags & MS_RDONLY ? -EROFS : 0;
}

static bool is_owner(const struct cred *cred, const struct inode *in)
{
	return cred->fsuid == 0 || cred->fsuid == in->uid;
}

static long dir_read(struct file *f, frame_uptr_t buf, size_t len)
{
	return -EISDIR;
}

static const struct file_ops dir_file_ops = {
	.read = dir_read,
	.lseek = vfs_generic_lseek,
	.getdents = vfs_getdents,
};

int vfs_open_path(const struct path *path, unsigned int flags,
		  struct file **out)
{
	struct inode *in = path->inode;
	bool dir = S_ISDIR(in->mode);
	struct file *f;
	int err;

	if (dir && (flags & O_ACCMODE) != O_RDONLY) {
		return -EISDIR;
	}
	if (!dir && (flags & O_DIRECTORY)) {
		return -ENOTDIR;
	}
	if (S_ISLNK(in->mode)) {
		return -ELOOP;
	}
	if (S_ISCHR(in->mode)) {
		if (path->mnt->flags & MS_NODEV) {
			return -EACCES;
		}
		err = chrdev_open(in->rdev >> 8, in->rdev & 0xff, flags, &f);
		if (err) {
			return err;
		}
	} else {
		if ((flags & O_TRUNC) && S_ISREG(in->mode) &&
		    (flags & O_ACCMODE) != O_RDONLY) {
			err = vfs_truncate_inode(in, 0);
			if (err) {
				return err;
			}
		}
		f = file_alloc(dir ? &dir_file_ops : NULL,
			       flags & (O_ACCMODE | O_APPEND | O_NONBLOCK),
			       NULL);
		if (!f) {
			return -ENOMEM;
		}
		if (in->ops->open) {
			err = in->ops->open(in, f);
			if (err) {
				kfree(f);
				return err;
			}
		} else if (!dir) {
			kfree(f);
			return -ENXIO;	/* FIFOs, sockets, block devices */
		}
	}
	path_get(path);
	f->path = *path;
	*out = f;
	return 0;
}

const struct path *vfs_file_path(const struct file *f)
{
	return &f->path;
}

struct inode *vfs_file_inode(const struct file *f)
{
	return f->path.inode;
}

long vfs_generic_lseek(struct file *f, int64_t off, int whence)
{
	int64_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = (int64_t)f->path.inode->size;
		break;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0) {
		return -EINVAL;
	}
	f->pos = (uint64_t)(base + off);
	return (long)f->pos;
}

/* getdents64's state: where the records go and what went wrong. */
struct dirent_fill {
	struct dir_context ctx;
	frame_uptr_t buf;
	size_t len, used;
	long err;
	bool full;		/* an entry did not fit */
};

static bool fill_one(struct dir_context *ctx, const char *name, size_t nlen,
		     uint64_t ino, unsigned int dtype, uint64_t next)
{
	struct dirent_fill *df = container_of(ctx, struct dirent_fill, ctx);
	char rec[sizeof(struct linux_dirent64) + NAME_MAX_LEN + 8];
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
	size_t reclen = ALIGN_UP(sizeof(*d) + nlen + 1, (size_t)8);

	if (nlen > NAME_MAX_LEN) {
		ctx->pos = next;
		return true;		/* cannot be named: skip it */
	}
	if (df->used + reclen > df->len) {
		df->full = true;
		return false;
	}
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = (int64_t)next;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = (uint8_t)dtype;
	memcpy(d->d_name, name, nlen);
	if (frame_copy_to_user(frame_uptr_add(df->buf, df->used), rec,
			       reclen)) {
		df->err = -EFAULT;
		return false;
	}
	df->used += reclen;
	ctx->pos = next;
	return true;
}

/* The inode number ".." reports: the parent's, or the directory's own. */
static uint64_t parent_ino(struct inode *dir)
{
	struct inode *up;
	uint64_t ino = dir->ino;

	if (dir->ops->lookup && dir->ops->lookup(dir, "..", 2, &up) == 0) {
		ino = up->ino;
		inode_put(up);
	}
	return ino;
}

long vfs_getdents(struct file *f, frame_uptr_t buf, size_t len)
{
	struct inode *in = f->path.inode;
	struct dirent_fill df = { .ctx = { .emit = fill_one, .pos = f->pos },
				  .buf = buf, .len = len };
	uint64_t up = parent_ino(in);
	int err = 0;

	mutex_lock(&in->lock);
	if (in->nlink == 0) {
		err = -ENOENT;			/* removed: nothing to list */
	}
	if (!err && df.ctx.pos == 0) {
		fill_one(&df.ctx, ".", 1, in->ino, DT_DIR, 1);
	}
	if (!err && df.ctx.pos == 1) {
		fill_one(&df.ctx, "..", 2, up, DT_DIR, 2);
	}
	if (!err && df.ctx.pos >= 2 && !df.err && in->ops->iterate) {
		err = in->ops->iterate(in, &df.ctx);
	}
	mutex_unlock(&in->lock);
	f->pos = df.ctx.pos;
	if (df.used) {
		return (long)df.used;
	}
	if (df.err || err) {
		return df.err ? df.err : err;
	}
	/* Nothing fitted, though an entry remains: the buffer is too small. */
	return df.full ? -EINVAL : 0;
}

int vfs_truncate_inode(struct inode *in, uint64_t size)
{
	if (S_ISDIR(in->mode)) {
		return -EISDIR;
	}
	if (!S_ISREG(in->mode)) {
		return -EINVAL;
	}
	if (!in->ops->truncate) {
		return -EPERM;
	}
	return in->ops->truncate(in, size);
}

int vfs_truncate(const struct vfs_ctx *ctx, const struct path *path,
		 uint64_t size)
{
	int err;

	if (S_ISDIR(path->inode->mode)) {
		return -EISDIR;
	}
	err = vfs_permission(ctx->cred, path->inode, MAY_WRITE);
	if (!err) {
		err = vfs_may_write_mount(path);
	}
	return err ? err : vfs_truncate_inode(path->inode, size);
}

int vfs_chmod(const struct vfs_ctx *ctx, const struct path *path,
	      uint32_t mode)
{
	struct inode *in = path->inode;
	int err = vfs_may_write_mount(path);

	if (err) {
		return err;
	}
	if (!is_owner(ctx->cred, in)) {
		return -EPERM;
	}
	if (S_ISLNK(in->mode)) {
		return -EOPNOTSUPP;		/* as Linux: links have no mode */
	}
	mode &= 07777;
	/* Only a group member (or root) may set the set-group-ID bit. */
	if (ctx->cred->fsuid != 0 && !cred_in_group(ctx->cred, in->gid)) {
		mode &= ~(uint32_t)S_ISGID;
	}
	mutex_lock(&in->lock);
	in->mode = (in->mode & S_IFMT) | mode;
	in->ctime = now_ns();
	mutex_unlock(&in->lock);
	return 0;
}

int vfs_chown(const struct vfs_ctx *ctx, const struct path *path,
	      uint32_t uid, uint32_t gid)
{
	const struct cred *cred = ctx->cred;
	struct inode *in = path->inode;
	int err = vfs_may_write_mount(path);

	if (err) {
		return err;
	}
	if (uid == (uint32_t)-1) {
		uid = in->uid;
	}
	if (gid == (uint32_t)-1) {
		gid = in->gid;
	}
	/*
	 * Root may give files away; an owner may only change the group to
	 * one of its own (CAP_CHOWN).
	 */
	if (cred->fsuid != 0 &&
	    (uid != in->uid || cred->fsuid != in->uid ||
	     (gid != in->gid && !cred_in_group(cred, gid)))) {
		return -EPERM;
	}
	mutex_lock(&in->lock);
	in->uid = uid;
	in->gid = gid;
	/* A changed owner loses set-ID bits on files, as Linux does. */
	if (!S_ISDIR(in->mode)) {
		in->mode &= ~(uint32_t)S_ISUID;
		if (in->mode & S_IXGRP) {
			in->mode &= ~(uint32_t)S_ISGID;
		}
	}
	in->ctime = now_ns();
	mutex_unlock(&in->lock);
	return 0;
}

int vfs_utimes(const struct vfs_ctx *ctx, const struct path *path,
	       int64_t atime, int64_t mtime)
{
	struct inode *in = path->inode;
	int64_t now = now_ns();
	int err = vfs_may_write_mount(path);

	if (err) {
		return err;
	}
	if (atime == VFS_TIME_OMIT && mtime == VFS_TIME_OMIT) {
		return 0;
	}
	if (!is_owner(ctx->cred, in)) {
		/* Setting "now" needs write permission; other times, owning. */
		bool just_now = (atime == VFS_TIME_NOW ||
				 atime == VFS_TIME_OMIT) &&
				(mtime == VFS_TIME_NOW ||
				 mtime == VFS_TIME_OMIT);

		if (!just_now) {
			return -EPERM;
		}
		if (vfs_permission(ctx->cred, in, MAY_WRITE)) {
			return -EACCES;
		}
	}
	mutex_lock(&in->lock);
	if (atime != VFS_TIME_OMIT) {
		in->atime = atime == VFS_TIME_NOW ? now : atime;
	}
	if (mtime != VFS_TIME_OMIT) {
		in->mtime = mtime == VFS_TIME_NOW ? now : mtime;
	}
	in->ctime = now;
	mutex_unlock(&in->lock);
	return 0;
}

long vfs_read_kernel(struct inode *in, uint64_t off, void *buf, size_t len)
{
	if (S_ISDIR(in->mode)) {
		return -EISDIR;
	}
	return in->ops->read ? in->ops->read(in, off, buf, len) : -EINVAL;
}

long vfs_readlink(struct inode *in, char *buf, size_t size)
{
	long n;

	if (!S_ISLNK(in->mode) || !in->ops->readlink) {
		return -EINVAL;
	}
	n = in->ops->readlink(in, buf, size - 1);
	if (n >= 0) {
		buf[n] = '\0';
	}
	return n;
}

void vfs_statfs(const struct path *path, struct statfs *st)
{
	struct super_block *sb = path->inode->sb;

	memset(st, 0, sizeof(*st));
	st->f_type = (long)sb->magic;
	st->f_bsize = st->f_frsize = 4096;
	st->f_namelen = NAME_MAX_LEN;
	st->f_fsid.val[0] = (int)sb->dev;
	st->f_flags = (long)(path->mnt->flags & (MS_RDONLY | MS_NOSUID |
						 MS_NODEV | MS_NOEXEC)) |
		      ST_VALID;
	if (sb->ops && sb->ops->statfs) {
		sb->ops->statfs(sb, st);
	}
}

/*
 * Path walks and the calls that change names: lookup, open, create,
 * unlink, link, rename, and the name of a path (getcwd, /proc links).
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/stat.h>

#include "mount.h"

#include <kernel/slab.h>
#include <kernel/string.h>

#define NAME_MAX_LEN 255
#define PATH_MAX_LEN 4096
#define SYMLINK_DEPTH 40

/* Serialises renames, so that the loop check and the move are atomic. */
static struct mutex rename_lock = MUTEX_INIT(rename_lock);

static bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->inode == b->inode;
}

static bool dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* The child called name of dir (locked here), referenced. */
static int dir_lookup(struct inode *dir, const char *name, size_t len,
		      struct inode **out)
{
	int err;

	if (!S_ISDIR(dir->mode) || !dir->ops->lookup) {
		return -ENOTDIR;
	}
	mutex_lock(&dir->lock);
	err = dir->ops->lookup(dir, name, len, out);
	mutex_unlock(&dir->lock);
	return err;
}

/* Go down through the mounts stacked on *p. */
static void cross_mounts(struct path *p)
{
	struct mount *m;

	while ((m = mount_on(p->mnt, p->inode))) {
		path_put(p);
		p->mnt = m;
		p->inode = m->root;
		inode_get(p->inode);
	}
}

/* Replace *cur by its parent, never climbing above ctx's root. */
static int step_up(const struct vfs_ctx *ctx, struct path *cur)
{
	struct path up;
	struct inode *in;
	int err;

	for (;;) {
		if (path_equal(cur, &ctx->root)) {
			return 0;
		}
		if (cur->inode != cur->mnt->root) {
			break;
		}
		if (!mount_parent(cur->mnt, &up)) {
			return 0;		/* the top of the tree */
		}
		path_put(cur);
		*cur = up;
	}
	err = dir_lookup(cur->inode, "..", 2, &in);
	if (err) {
		return err;
	}
	inode_put(cur->inode);
	cur->inode = in;
	return 0;
}

static int walk(const struct vfs_ctx *ctx, struct path *cur,
		const char *path, bool follow, int *links);

/*
 * Replace *link, a symbolic link found in dir, by what it names. Both are
 * referenced; *link's reference is consumed either way.
 */
static int follow_link(const struct vfs_ctx *ctx, const struct path *dir,
		       struct path *link, int *links)
{
	struct path start;
	char *target;
	long n;
	int err;

	if (++*links > SYMLINK_DEPTH) {
		path_put(link);
		return -ELOOP;
	}
	target = kmalloc(PATH_MAX_LEN, 0);
	if (!target) {
		path_put(link);
		return -ENOMEM;
	}
	n = vfs_readlink(link->inode, target, PATH_MAX_LEN);
	path_put(link);
	if (n <= 0) {
		kfree(target);
		return n < 0 ? (int)n : -ENOENT;
	}
	start = target[0] == '/' ? ctx->root : *dir;
	path_get(&start);
	err = walk(ctx, &start, target, true, links);
	kfree(target);
	if (!err) {
		*link = start;
	}
	return err;
}

/*
 * Walk path from *cur (referenced; replaced by the result, or released on
 * error). A name ending in '/' must be a directory.
 */
static int walk(const struct vfs_ctx *ctx, struct path *cur,
		const char *path, bool follow, int *links)
{
	bool slash = false;
	int err = 0;

	while (*path) {
		const char *end;
		struct path next;
		struct inode *in;
		size_t len;

		while (*path == '/') {
			path++;
		}
		if (!*path) {
			break;
		}
		for (end = path; *end && *end != '/'; end++) {
		}
		len = (size_t)(end - path);
		slash = *end == '/';
		if (!S_ISDIR(cur->inode->mode)) {
			err = -ENOTDIR;
			break;
		}
		err = vfs_permission(ctx->cred, cur->inode, MAY_EXEC);
		if (err) {
			break;
		}
		if (len > NAME_MAX_LEN) {
			err = -ENAMETOOLONG;
			break;
		}
		path = end;
		if (len == 1 && end[-1] == '.') {
			continue;
		}
		if (len == 2 && end[-1] == '.' && end[-2] == '.') {
			err = step_up(ctx, cur);
			if (err) {
				break;
			}
			continue;
		}
		err = dir_lookup(cur->inode, end - len, len, &in);
		if (err) {
			break;
		}
		next = (struct path){ .mnt = cur->mnt, .inode = in };
		mount_get(next.mnt);
		cross_mounts(&next);
		if (S_ISLNK(in->mode) && (*end || follow)) {
			err = follow_link(ctx, cur, &next, links);
			if (err) {
				break;
			}
		}
		path_put(cur);
		*cur = next;
	}
	if (!err && slash && !S_ISDIR(cur->inode->mode)) {
		err = -ENOTDIR;
	}
	if (err) {
		path_put(cur);
	}
	return err;
}

/* Where a walk of path begins: the root, at, or the working directory. */
static void start_of(const struct vfs_ctx *ctx, const struct path *at,
		     const char *path, struct path *out)
{
	*out = path[0] == '/' ? ctx->root : at ? *at : ctx->cwd;
	path_get(out);
}

static int check_path(const char *path)
{
	size_t len = strnlen(path, PATH_MAX_LEN);

	return len == 0 ? -ENOENT : len == PATH_MAX_LEN ? -ENAMETOOLONG : 0;
}

int vfs_lookup(const struct vfs_ctx *ctx, const struct path *at,
	       const char *path, unsigned int flags, struct path *out)
{
	int links = 0;
	int err = check_path(path);

	if (err) {
		return err;
	}
	start_of(ctx, at, path, out);
	err = walk(ctx, out, path, flags & LOOKUP_FOLLOW, &links);
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(out->inode->mode)) {
		path_put(out);
		err = -ENOTDIR;
	}
	return err;
}

/*
 * Split path into its directory (walked, referenced) and last name, a
 * pointer into path; trailing slashes are not part of the name. The name
 * is empty for "/".
 */
static int lookup_parent(const struct vfs_ctx *ctx, const struct path *at,
			 const char *path, struct path *parent,
			 const char **name, size_t *len, bool *slash)
{
	size_t plen = strnlen(path, PATH_MAX_LEN), dlen;
	int links = 0;
	char *copy;
	int err = check_path(path);

	if (err) {
		return err;
	}
	*slash = path[plen - 1] == '/';
	while (plen > 1 && path[plen - 1] == '/') {
		plen--;
	}
	for (dlen = plen; dlen > 0 && path[dlen - 1] != '/'; dlen--) {
	}
	*name = path + dlen;
	*len = plen - dlen;
	if (*len > NAME_MAX_LEN) {
		return -ENAMETOOLONG;
	}
	start_of(ctx, at, path, parent);
	if (dlen == 0) {
		return S_ISDIR(parent->inode->mode) ? 0 :
		       (path_put(parent), -ENOTDIR);
	}
	copy = kmalloc(dlen + 1, 0);
	if (!copy) {
		path_put(parent);
		return -ENOMEM;
	}
	memcpy(copy, path, dlen);
	copy[dlen] = '\0';
	err = walk(ctx, parent, copy, true, &links);
	kfree(copy);
	if (!err && !S_ISDIR(parent->inode->mode)) {
		path_put(parent);
		err = -ENOTDIR;
	}
	return err;
}

/* May ctx make or remove names in dir? */
static int may_change(const struct vfs_ctx *ctx, const struct path *dir)
{
	int err = vfs_may_write_mount(dir);

	if (!err) {
		err = vfs_permission(ctx->cred, dir->inode,
				     MAY_WRITE | MAY_EXEC);
	}
	if (!err && dir->inode->nlink == 0) {
		err = -ENOENT;			/* a removed directory */
	}
	return err;
}

/* The sticky bit: only the owners of the file or directory, and root. */
static int may_delete(const struct vfs_ctx *ctx, const struct inode *dir,
		      const struct inode *victim)
{
	uint32_t euid = ctx->cred->fsuid;

	if ((dir->mode & S_ISVTX) && euid != 0 && euid != victim->uid &&
	    euid != dir->uid) {
		return -EPERM;
	}
	return 0;
}

/* Make name in dir, locked; the new inode's owner follows ctx. */
static int create_locked(const struct vfs_ctx *ctx, struct inode *dir,
			 const char *name, size_t len, uint32_t mode,
			 uint32_t rdev, const char *target,
			 struct inode **out)
{
	uint32_t gid = ctx->cred->fsgid;

	if (!dir->ops->create) {
		return -EPERM;
	}
	/* A set-group-ID directory hands its group (and the bit) down. */
	if (dir->mode & S_ISGID) {
		gid = dir->gid;
		if (S_ISDIR(mode)) {
			mode |= S_ISGID;
		}
	}
	return dir->ops->create(dir, name, len, mode, rdev, target,
				ctx->cred->fsuid, gid, out);
}

int vfs_create(const struct vfs_ctx *ctx, const struct path *at,
	       const char *path, uint32_t mode, uint32_t rdev,
	       const char *target)
{
	struct path parent;
	struct inode *in;
	const char *name;
	size_t len;
	bool slash;
	int err;

	err = lookup_parent(ctx, at, path, &parent, &name, &len, &slash);
	if (err) {
		return err;
	}
	if (len == 0 || dot_or_dotdot(name, len)) {
		path_put(&parent);
		return -EEXIST;			/* "/", "." or ".." */
	}
	if (slash && !S_ISDIR(mode)) {
		path_put(&parent);
		return -ENOENT;			/* "file/" names a directory */
	}
	err = vfs_permission(ctx->cred, parent.inode, MAY_EXEC);
	if (!err) {
		mutex_lock(&parent.inode->lock);
		err = parent.inode->ops->lookup(parent.inode, name, len, &in);
		if (!err) {
			inode_put(in);
			err = -EEXIST;
		} else if (err == -ENOENT) {
			err = may_change(ctx, &parent);
			if (!err) {
				err = create_locked(ctx, parent.inode, name, len,
						    mode, rdev, target, &in);
			}
			if (!err) {
				inode_put(in);
			}
		}
		mutex_unlock(&parent.inode->lock);
	}
	path_put(&parent);
	return err;
}

/* The access an open with flags asks for, as MAY_* bits. */
static int open_access(unsigned int flags)
{
	int acc = (flags & O_ACCMODE) == O_WRONLY ? MAY_WRITE :
		  (flags & O_ACCMODE) == O_RDWR ? MAY_READ | MAY_WRITE :
						  MAY_READ;

	return flags & O_TRUNC ? acc | MAY_WRITE : acc;
}

/* Checks on opening an existing file. */
static int may_open(const struct vfs_ctx *ctx, const struct path *p,
		    unsigned int flags)
{
	struct inode *in = p->inode;
	int acc = open_access(flags);
	int err;

	if (flags & VFS_OPEN_EXEC) {
		if (!S_ISREG(in->mode) || (p->mnt->flags & MS_NOEXEC)) {
			return -EACCES;
		}
		return vfs_permission(ctx->cred, in, MAY_EXEC);
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(in->mode)) {
		return -ENOTDIR;
	}
	if (S_ISDIR(in->mode) && (acc & MAY_WRITE)) {
		return -EISDIR;
	}
	err = vfs_permission(ctx->cred, in, acc);
	if (!err && (acc & MAY_WRITE) && (S_ISREG(in->mode) ||
					  S_ISDIR(in->mode))) {
		err = vfs_may_write_mount(p);
	}
	return err;
}

/* Remember how f was named, for /proc/<pid>/fd and exe. */
static void set_name(struct file *f, const struct path *dir,
		     const char *name, size_t len)
{
	f->name = kmalloc(len + 1, 0);
	if (f->name) {
		memcpy(f->name, name, len);
		f->name[len] = '\0';
		f->dir = *dir;
		path_get(dir);
	}
}

/*
 * The last step of an open: name in parent, created with O_CREAT if it
 * is not there. Sets *created; *res is referenced on success.
 */
static int open_last(const struct vfs_ctx *ctx, struct path *parent,
		     const char *name, size_t len, bool slash,
		     unsigned int flags, uint32_t mode, struct path *res,
		     bool *created)
{
	struct inode *in;
	int err = vfs_permission(ctx->cred, parent->inode, MAY_EXEC);

	if (err) {
		return err;
	}
	mutex_lock(&parent->inode->lock);
	err = parent->inode->ops->lookup(parent->inode, name, len, &in);
	if (err == -ENOENT && (flags & O_CREAT)) {
		err = slash ? -EISDIR : may_change(ctx, parent);
		if (!err) {
			err = create_locked(ctx, parent->inode, name, len,
					    S_IFREG | (mode & 07777 & ~ctx->umask),
					    0, NULL, &in);
			*created = !err;
		}
	}
	mutex_unlock(&parent->inode->lock);
	if (err) {
		return err;
	}
	*res = (struct path){ .mnt = parent->mnt, .inode = in };
	mount_get(res->mnt);
	cross_mounts(res);
	if (!*created && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		path_put(res);
		return -EEXIST;
	}
	return 0;
}

int vfs_open(const struct vfs_ctx *ctx, const struct path *at,
	     const char *path, unsigned int flags, uint32_t mode,
	     struct file **out)
{
	struct path parent = { 0 }, res = { 0 }, atp = { 0 };
	char *owned = NULL;
	bool created = false, named = false;
	const char *name;
	size_t len;
	int links = 0;
	int err;

	for (;;) {
		bool slash;
		char *target;
		long n;

		err = lookup_parent(ctx, atp.inode ? &atp : at, path, &parent,
				    &name, &len, &slash);
		if (err) {
			break;
		}
		if (len == 0 || dot_or_dotdot(name, len)) {
			/* "/", "." or "..": a directory, never created. */
			res = parent;
			path_get(&res);
			err = walk(ctx, &res, len ? name : "", true, &links);
			if (!err && (flags & O_CREAT)) {
				path_put(&res);
				err = -EISDIR;
			}
			break;
		}
		err = open_last(ctx, &parent, name, len, slash, flags, mode,
				&res, &created);
		if (err || !S_ISLNK(res.inode->mode) || (flags & O_NOFOLLOW)) {
			named = !err;
			if (!err && slash && !S_ISDIR(res.inode->mode) &&
			    !S_ISLNK(res.inode->mode)) {
				path_put(&res);
				err = -ENOTDIR;
			}
			break;
		}
		/* A link: open what it names, from the link's directory. */
		target = kmalloc(PATH_MAX_LEN, 0);
		n = target ? vfs_readlink(res.inode, target, PATH_MAX_LEN) :
			     -ENOMEM;
		path_put(&res);
		if (n <= 0 || ++links > SYMLINK_DEPTH) {
			kfree(target);
			err = n < 0 ? (int)n : n == 0 ? -ENOENT : -ELOOP;
			break;
		}
		kfree(owned);
		owned = target;
		path = target;
		if (atp.inode) {
			path_put(&atp);
		}
		atp = parent;
		parent = (struct path){ 0 };
	}
	if (!err && S_ISLNK(res.inode->mode)) {
		err = -ELOOP;			/* O_NOFOLLOW */
	} else if (!err && !created) {
		err = may_open(ctx, &res, flags);
	}
	if (!err) {
		err = vfs_open_path(&res, (created ? flags & ~O_TRUNC : flags) &
					  ~VFS_OPEN_EXEC, out);
	}
	if (!err && named && !S_ISDIR(res.inode->mode)) {
		set_name(*out, &parent, name, len);
	}
	if (res.inode) {
		path_put(&res);
	}
	if (parent.inode) {
		path_put(&parent);
	}
	if (atp.inode) {
		path_put(&atp);
	}
	kfree(owned);
	return err;
}

/* Is in (of mnt) a mount point? */
static bool mounted_on(const struct mount *mnt, const struct inode *in)
{
	struct mount *m = mount_on(mnt, in);

	if (m) {
		mount_put(m);
	}
	return m != NULL;
}

int vfs_unlink(const struct vfs_ctx *ctx, const struct path *at,
	       const char *path, bool rmdir)
{
	struct path parent;
	struct inode *dir, *victim = NULL;
	const char *name;
	size_t len;
	bool slash;
	int err;

	err = lookup_parent(ctx, at, path, &parent, &name, &len, &slash);
	if (err) {
		return err;
	}
	if (len == 0 || dot_or_dotdot(name, len)) {
		path_put(&parent);
		if (!rmdir) {
			return -EISDIR;
		}
		return len == 0 ? -EBUSY : len == 1 ? -EINVAL : -ENOTEMPTY;
	}
	dir = parent.inode;
	err = vfs_permission(ctx->cred, dir, MAY_EXEC);
	if (err) {
		path_put(&parent);
		return err;
	}
	mutex_lock(&dir->lock);
	err = dir->ops->lookup(dir, name, len, &victim);
	if (!err) {
		if (rmdir && !S_ISDIR(victim->mode)) {
			err = -ENOTDIR;
		} else if (!rmdir && S_ISDIR(victim->mode)) {
			err = -EISDIR;
		} else if (!rmdir && slash) {
			err = -ENOTDIR;
		} else {
			err = may_change(ctx, &parent);
		}
		if (!err) {
			err = may_delete(ctx, dir, victim);
		}
		if (!err && mounted_on(parent.mnt, victim)) {
			err = -EBUSY;
		}
		if (!err) {
			err = dir->ops->unlink ?
			      dir->ops->unlink(dir, name, len, victim) : -EPERM;
		}
		inode_put(victim);
	}
	mutex_unlock(&dir->lock);
	path_put(&parent);
	return err;
}

int vfs_link(const struct vfs_ctx *ctx, const struct path *oldat,
	     const char *oldpath, const struct path *newat,
	     const char *newpath, bool follow)
{
	struct path old, parent;
	struct inode *dir, *in;
	const char *name;
	size_t len;
	bool slash;
	int err;

	err = vfs_lookup(ctx, oldat, oldpath, follow ? LOOKUP_FOLLOW : 0, &old);
	if (err) {
		return err;
	}
	if (S_ISDIR(old.inode->mode)) {
		path_put(&old);
		return -EPERM;
	}
	err = lookup_parent(ctx, newat, newpath, &parent, &name, &len, &slash);
	if (err) {
		path_put(&old);
		return err;
	}
	dir = parent.inode;
	if (len == 0 || dot_or_dotdot(name, len)) {
		err = -EEXIST;
	} else if (parent.mnt != old.mnt) {
		err = -EXDEV;
	} else {
		err = vfs_permission(ctx->cred, dir, MAY_EXEC);
	}
	if (!err) {
		mutex_lock(&dir->lock);
		err = dir->ops->lookup(dir, name, len, &in);
		if (!err) {
			inode_put(in);
			err = -EEXIST;
		} else if (err == -ENOENT) {
			err = slash ? -ENOENT : may_change(ctx, &parent);
			if (!err) {
				err = dir->ops->link ?
				      dir->ops->link(dir, name, len, old.inode) :
				      -EPERM;
			}
		}
		mutex_unlock(&dir->lock);
	}
	path_put(&parent);
	path_put(&old);
	return err;
}

/* Is dir anc or below it (both directories of one file system)? */
static bool is_below(struct inode *dir, struct inode *anc)
{
	struct inode *cur = dir, *up;

	inode_get(cur);
	while (cur != anc && cur != cur->sb->root &&
	       dir_lookup(cur, "..", 2, &up) == 0) {
		inode_put(cur);
		cur = up;
	}
	inode_put(cur);
	return cur == anc;
}

/* The checks of a rename whose inodes are known; both directories locked. */
static int may_rename(const struct vfs_ctx *ctx, const struct path *op,
		      struct inode *src, const struct path *np,
		      struct inode *victim)
{
	int err;

	if (victim && S_ISDIR(victim->mode) && !S_ISDIR(src->mode)) {
		return -EISDIR;
	}
	if (victim && !S_ISDIR(victim->mode) && S_ISDIR(src->mode)) {
		return -ENOTDIR;
	}
	err = may_change(ctx, op);
	if (!err) {
		err = may_change(ctx, np);
	}
	if (!err) {
		err = may_delete(ctx, op->inode, src);
	}
	if (!err && victim) {
		err = may_delete(ctx, np->inode, victim);
	}
	/* A directory that changes parent rewrites its "..". */
	if (!err && S_ISDIR(src->mode) && op->inode != np->inode) {
		err = vfs_permission(ctx->cred, src, MAY_WRITE);
	}
	if (!err && (mounted_on(op->mnt, src) ||
		     (victim && mounted_on(np->mnt, victim)))) {
		err = -EBUSY;
	}
	return err;
}

static int rename_locked(const struct vfs_ctx *ctx, struct path *op,
			 const char *on, size_t ol, struct path *np,
			 const char *nn, size_t nl, bool noreplace)
{
	struct inode *odir = op->inode, *ndir = np->inode;
	struct inode *src, *victim = NULL;
	int err;

	err = dir_lookup(odir, on, ol, &src);
	if (err) {
		return err;
	}
	if (S_ISDIR(src->mode) && is_below(ndir, src)) {
		inode_put(src);
		return -EINVAL;			/* into its own subtree */
	}
	inode_put(src);
	/* Lock both directories, by address; look the names up again. */
	mutex_lock(odir < ndir ? &odir->lock : &ndir->lock);
	if (odir != ndir) {
		mutex_lock(odir < ndir ? &ndir->lock : &odir->lock);
	}
	err = odir->ops->lookup(odir, on, ol, &src);
	if (!err) {
		err = ndir->ops->lookup(ndir, nn, nl, &victim);
		if (err == -ENOENT) {
			victim = NULL;
			err = 0;
		}
		if (!err && victim == src) {
			err = 1;		/* the same file: nothing to do */
		} else if (!err && victim && noreplace) {
			err = -EEXIST;
		} else if (!err) {
			err = may_rename(ctx, op, src, np, victim);
		}
		if (!err) {
			err = odir->ops->rename ?
			      odir->ops->rename(odir, on, ol, ndir, nn, nl,
						victim) : -EPERM;
		}
		if (victim) {
			inode_put(victim);
		}
		inode_put(src);
	}
	if (odir != ndir) {
		mutex_unlock(&ndir->lock);
	}
	mutex_unlock(&odir->lock);
	return err == 1 ? 0 : err;
}

int vfs_rename(const struct vfs_ctx *ctx, const struct path *oldat,
	       const char *oldpath, const struct path *newat,
	       const char *newpath, bool noreplace)
{
	struct path op, np;
	const char *on, *nn;
	size_t ol, nl;
	bool oslash, nslash;
	int err;

	err = lookup_parent(ctx, oldat, oldpath, &op, &on, &ol, &oslash);
	if (err) {
		return err;
	}
	err = lookup_parent(ctx, newat, newpath, &np, &nn, &nl, &nslash);
	if (err) {
		path_put(&op);
		return err;
	}
	if (!ol || dot_or_dotdot(on, ol) || !nl || dot_or_dotdot(nn, nl)) {
		err = -EBUSY;
	} else if (op.mnt != np.mnt) {
		err = -EXDEV;
	} else {
		err = vfs_permission(ctx->cred, op.inode, MAY_EXEC);
	}
	if (!err) {
		err = vfs_permission(ctx->cred, np.inode, MAY_EXEC);
	}
	if (!err) {
		mutex_lock(&rename_lock);
		err = rename_locked(ctx, &op, on, ol, &np, nn, nl, noreplace);
		mutex_unlock(&rename_lock);
	}
	path_put(&op);
	path_put(&np);
	return err;
}

/* Finding a directory entry by inode number, for path names. */
struct name_search {
	struct dir_context ctx;
	uint64_t ino;
	char *name;			/* NAME_MAX_LEN + 1 bytes */
	size_t len;
	bool found;
};

static bool match_ino(struct dir_context *ctx, const char *name, size_t len,
		      uint64_t ino, unsigned int dtype, uint64_t next)
{
	struct name_search *ns = container_of(ctx, struct name_search, ctx);

	ctx->pos = next;
	if (ino != ns->ino || len > NAME_MAX_LEN) {
		return true;
	}
	memcpy(ns->name, name, len);
	ns->len = len;
	ns->found = true;
	return false;
}

/* Prepend "/name" to the path being built backwards in buf[*pos..]. */
static int prepend(char *buf, size_t *pos, const char *name, size_t len)
{
	if (*pos < len + 1) {
		return -ENAMETOOLONG;
	}
	*pos -= len;
	memcpy(buf + *pos, name, len);
	buf[--*pos] = '/';
	return 0;
}

/* Build the name of p backwards in buf[..*pos), from ctx's root. */
static int build_name(const struct vfs_ctx *ctx, const struct path *p,
		      char *buf, size_t *pos)
{
	char name[NAME_MAX_LEN + 1];
	struct path cur = *p, up;
	int err = 0;

	path_get(&cur);
	while (!path_equal(&cur, &ctx->root)) {
		struct name_search ns = { .ctx = { .emit = match_ino, .pos = 2 },
					  .name = name };
		struct inode *parent;

		if (cur.inode == cur.mnt->root) {
			if (!mount_parent(cur.mnt, &up)) {
				break;		/* outside the root: stop */
			}
			path_put(&cur);
			cur = up;
			continue;
		}
		err = dir_lookup(cur.inode, "..", 2, &parent);
		if (err) {
			break;			/* removed */
		}
		ns.ino = cur.inode->ino;
		mutex_lock(&parent->lock);
		err = parent->ops->iterate ? parent->ops->iterate(parent,
								  &ns.ctx) :
					     -ENOENT;
		mutex_unlock(&parent->lock);
		if (!err && !ns.found) {
			err = -ENOENT;
		}
		if (!err) {
			err = prepend(buf, pos, ns.name, ns.len);
		}
		inode_put(cur.inode);
		cur.inode = parent;
		if (err) {
			break;
		}
	}
	path_put(&cur);
	return err;
}

/* Copy the name built in tmp[pos..] out to buf, "/" if empty. */
static long finish_name(char *tmp, size_t pos, char *buf, size_t size)
{
	size_t n;

	if (pos == PATH_MAX_LEN - 1) {
		tmp[--pos] = '/';
	}
	n = PATH_MAX_LEN - 1 - pos;
	if (n + 1 > size) {
		return -ENAMETOOLONG;
	}
	memcpy(buf, tmp + pos, n + 1);
	return (long)n;
}

long vfs_path_name(const struct vfs_ctx *ctx, const struct path *path,
		   char *buf, size_t size)
{
	char *tmp = kmalloc(PATH_MAX_LEN, 0);
	size_t pos = PATH_MAX_LEN - 1;
	long err;

	if (!tmp) {
		return -ENOMEM;
	}
	tmp[pos] = '\0';
	err = build_name(ctx, path, tmp, &pos);
	if (!err) {
		err = finish_name(tmp, pos, buf, size);
	}
	kfree(tmp);
	return err;
}

long vfs_file_name(const struct vfs_ctx *ctx, const struct file *f,
		   char *buf, size_t size)
{
	static const char deleted[] = " (deleted)";
	char *tmp;
	size_t pos = PATH_MAX_LEN - 1;
	long err;

	if (!f->path.inode) {
		return -ENOENT;
	}
	if (!f->name) {
		return vfs_path_name(ctx, &f->path, buf, size);
	}
	tmp = kmalloc(PATH_MAX_LEN, 0);
	if (!tmp) {
		return -ENOMEM;
	}
	tmp[pos] = '\0';
	err = 0;
	if (!f->path.inode->nlink) {
		/* "/(deleted)", its '/' then made the space. */
		err = prepend(tmp, &pos, deleted + 1, sizeof(deleted) - 2);
		tmp[pos] = ' ';
	}
	if (!err) {
		err = prepend(tmp, &pos, f->name, strlen(f->name));
	}
	if (!err) {
		err = build_name(ctx, &f->dir, tmp, &pos);
	}
	if (!err) {
		err = finish_name(tmp, pos, buf, size);
	}
	kfree(tmp);
	return err;
}

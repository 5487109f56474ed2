/*
 * The VFS and its one file system for now, tmpfs (fs/vfs.h): directories
 * of named entries, files as growable buffers, symbolic links, and the
 * initramfs unpacked into it at boot.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>

#include <frame/time.h>

#include <fs/cpio.h>
#include <fs/vfs.h>
#include <kernel/log.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define NAME_MAX_LEN 255
#define PATH_MAX_LEN 4096
#define SYMLINK_DEPTH 40

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

struct dentry {
	struct list_head node;		/* on the directory's entries */
	struct inode *inode;		/* a counted reference */
	uint8_t len;
	char name[];
};

static struct inode *root;

static int reserve(struct inode *in, size_t want);
static uint64_t next_ino = 1;

static int64_t now_ns(void)
{
	return frame_wallclock_ns();
}

static struct inode *inode_new(uint32_t mode)
{
	struct inode *in = kzalloc(sizeof(*in));

	if (!in) {
		return NULL;
	}
	in->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	in->mode = mode;
	in->refs = 1;
	in->atime = in->mtime = in->ctime = now_ns();
	mutex_init(&in->lock);
	list_init(&in->entries);
	return in;
}

struct inode *vfs_root(void)
{
	inode_get(root);
	return root;
}

void inode_get(struct inode *in)
{
	__atomic_add_fetch(&in->refs, 1, __ATOMIC_RELAXED);
}

void inode_put(struct inode *in)
{
	if (__atomic_sub_fetch(&in->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		kfree(in->data);
		kfree(in);
	}
}

/* The entry named name[0..len) in dir, or NULL; dir->lock held. */
static struct dentry *find_entry(struct inode *dir, const char *name,
				 size_t len)
{
	struct dentry *d;

	list_for_each_entry(d, &dir->entries, node) {
		if (d->len == len && memcmp(d->name, name, len) == 0) {
			return d;
		}
	}
	return NULL;
}

/* One step of a walk: the child called name of dir, referenced. */
static int step(struct inode *dir, const char *name, size_t len,
		struct inode **out)
{
	struct dentry *d;

	if (!S_ISDIR(dir->mode)) {
		return -ENOTDIR;
	}
	if (len > NAME_MAX_LEN) {
		return -ENAMETOOLONG;
	}
	if (len == 1 && name[0] == '.') {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	mutex_lock(&dir->lock);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = dir->parent ? dir->parent : dir;
		inode_get(*out);
		mutex_unlock(&dir->lock);
		return 0;
	}
	d = find_entry(dir, name, len);
	if (d) {
		inode_get(d->inode);
		*out = d->inode;
	}
	mutex_unlock(&dir->lock);
	return d ? 0 : -ENOENT;
}

static int walk(struct inode *dir, const char *path, bool follow, int depth,
		struct inode **out);

/* Replace *cur, a symbolic link found under dir, by its target. */
static int follow_link(struct inode *dir, struct inode **cur, int depth)
{
	struct inode *target;
	int err;

	if (depth >= SYMLINK_DEPTH) {
		return -ELOOP;
	}
	err = walk(dir, (*cur)->data, true, depth + 1, &target);
	inode_put(*cur);
	*cur = err ? NULL : target;
	return err;
}

static int walk(struct inode *dir, const char *path, bool follow, int depth,
		struct inode **out)
{
	struct inode *cur = *path == '/' ? root : dir;

	if (!*path) {
		return -ENOENT;
	}
	if (strnlen(path, PATH_MAX_LEN) == PATH_MAX_LEN) {
		return -ENAMETOOLONG;
	}
	inode_get(cur);
	while (*path) {
		const char *end;
		struct inode *next;
		int err;

		while (*path == '/') {
			path++;
		}
		if (!*path) {
			break;
		}
		for (end = path; *end && *end != '/'; end++) {
		}
		err = step(cur, path, (size_t)(end - path), &next);
		if (!err && S_ISLNK(next->mode) && (*end || follow)) {
			err = follow_link(cur, &next, depth);
		}
		inode_put(cur);
		if (err) {
			return err;
		}
		cur = next;
		path = end;
	}
	*out = cur;
	return 0;
}

int vfs_lookup(struct inode *dir, const char *path, bool follow,
	       struct inode **out)
{
	return walk(dir, path, follow, 0, out);
}

/* Split path into its parent directory (looked up) and last name. */
static int lookup_parent(struct inode *dir, const char *path,
			 struct inode **parent, const char **name,
			 size_t *len)
{
	size_t plen = strnlen(path, PATH_MAX_LEN);
	char *copy;
	int err;

	if (plen == 0) {
		return -ENOENT;
	}
	if (plen == PATH_MAX_LEN) {
		return -ENAMETOOLONG;
	}
	while (plen > 1 && path[plen - 1] == '/') {
		plen--;			/* "dir/" names "dir" */
	}
	*len = plen;
	while (*len > 0 && path[*len - 1] != '/') {
		(*len)--;
	}
	*name = path + *len;
	*len = plen - *len;
	if (*len > NAME_MAX_LEN) {
		return -ENAMETOOLONG;
	}
	copy = kmalloc(plen + 2, 0);
	if (!copy) {
		return -ENOMEM;
	}
	memcpy(copy, path, (size_t)(*name - path));
	copy[*name - path] = '\0';
	if (!copy[0]) {
		copy[0] = '.';
		copy[1] = '\0';
	}
	err = walk(dir, copy, true, 0, parent);
	kfree(copy);
	if (!err && !S_ISDIR((*parent)->mode)) {
		inode_put(*parent);
		err = -ENOTDIR;
	}
	return err;
}

static bool dot_or_dotdot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

int vfs_create(struct inode *dir, const char *path, uint32_t mode,
	       const char *target, struct inode **out)
{
	struct inode *parent, *in;
	struct dentry *d;
	const char *name;
	size_t len;
	int err;

	err = lookup_parent(dir, path, &parent, &name, &len);
	if (err) {
		return err;
	}
	if (len == 0 || dot_or_dotdot(name, len)) {
		inode_put(parent);
		return -EEXIST;			/* "/", "." or ".." */
	}
	in = inode_new(mode);
	d = kmalloc(sizeof(*d) + len + 1, 0);
	if (!in || !d || (target && !(in->data = kmalloc(strlen(target) + 1,
							  0)))) {
		kfree(d);
		if (in) {
			inode_put(in);
		}
		inode_put(parent);
		return -ENOMEM;
	}
	if (target) {
		strlcpy(in->data, target, strlen(target) + 1);
		in->size = strlen(target);
	}
	in->nlink = S_ISDIR(mode) ? 2 : 1;
	d->len = (uint8_t)len;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->inode = in;

	mutex_lock(&parent->lock);
	if (find_entry(parent, name, len)) {
		err = -EEXIST;
	} else {
		if (S_ISDIR(mode)) {
			in->parent = parent;
			parent->nlink++;
		}
		list_add_tail(&d->node, &parent->entries);
		parent->mtime = parent->ctime = now_ns();
	}
	mutex_unlock(&parent->lock);
	if (err) {
		kfree(d);
		inode_put(in);
		inode_put(parent);
		return err;
	}
	if (out) {
		inode_get(in);
		*out = in;
	}
	/* A directory's parent stays referenced through its ".." link. */
	if (!S_ISDIR(mode)) {
		inode_put(parent);
	}
	return 0;
}

int vfs_mknod(struct inode *dir, const char *path, uint32_t mode,
	      uint32_t rdev)
{
	struct inode *in;
	int err;

	if (!S_ISCHR(mode) && !S_ISBLK(mode) && !S_ISFIFO(mode) &&
	    !S_ISSOCK(mode)) {
		return -EINVAL;
	}
	err = vfs_create(dir, path, mode, NULL, &in);
	if (!err) {
		in->rdev = rdev;
		inode_put(in);
	}
	return err;
}

int vfs_unlink(struct inode *dir, const char *path, bool rmdir)
{
	struct inode *parent, *in = NULL;
	struct dentry *d;
	const char *name;
	size_t len;
	int err;

	err = lookup_parent(dir, path, &parent, &name, &len);
	if (err) {
		return err;
	}
	if (len == 0 || dot_or_dotdot(name, len)) {
		inode_put(parent);
		if (!rmdir) {
			return -EISDIR;
		}
		return len == 0 ? -EBUSY : len == 1 ? -EINVAL : -ENOTEMPTY;
	}
	mutex_lock(&parent->lock);
	d = find_entry(parent, name, len);
	if (!d) {
		err = -ENOENT;
	} else if (rmdir && !S_ISDIR(d->inode->mode)) {
		err = -ENOTDIR;
	} else if (!rmdir && S_ISDIR(d->inode->mode)) {
		err = -EISDIR;
	} else if (rmdir && !list_empty(&d->inode->entries)) {
		err = -ENOTEMPTY;
	} else {
		list_del(&d->node);
		in = d->inode;
		in->nlink = S_ISDIR(in->mode) ? 0 : in->nlink - 1;
		if (S_ISDIR(in->mode)) {
			parent->nlink--;
		}
		parent->mtime = parent->ctime = now_ns();
		kfree(d);
	}
	mutex_unlock(&parent->lock);
	if (in && S_ISDIR(in->mode)) {
		inode_put(parent);		/* the ".." link */
	}
	if (in) {
		inode_put(in);
	}
	inode_put(parent);
	return err;
}

/* Serialises renames, so that checking for loops and moving are atomic. */
static struct mutex rename_lock = MUTEX_INIT(rename_lock);

int vfs_link(struct inode *olddir, const char *oldpath, struct inode *newdir,
	     const char *newpath)
{
	struct inode *in, *parent;
	struct dentry *d;
	const char *name;
	size_t len;
	int err;

	err = walk(olddir, oldpath, false, 0, &in);
	if (err) {
		return err;
	}
	if (S_ISDIR(in->mode)) {
		inode_put(in);
		return -EPERM;
	}
	err = lookup_parent(newdir, newpath, &parent, &name, &len);
	if (err) {
		inode_put(in);
		return err;
	}
	d = len && !dot_or_dotdot(name, len) ? kmalloc(sizeof(*d) + len + 1, 0)
					      : NULL;
	if (!d) {
		inode_put(parent);
		inode_put(in);
		return len && !dot_or_dotdot(name, len) ? -ENOMEM : -EEXIST;
	}
	d->len = (uint8_t)len;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->inode = in;			/* the lookup's reference moves here */
	mutex_lock(&parent->lock);
	if (find_entry(parent, name, len)) {
		err = -EEXIST;
	} else {
		list_add_tail(&d->node, &parent->entries);
		in->nlink++;
		in->ctime = parent->mtime = parent->ctime = now_ns();
	}
	mutex_unlock(&parent->lock);
	if (err) {
		kfree(d);
		inode_put(in);
	}
	inode_put(parent);
	return err;
}

/* Is dir anc or below it? */
static bool is_below(struct inode *dir, struct inode *anc)
{
	for (; dir; dir = dir->parent) {
		if (dir == anc) {
			return true;
		}
	}
	return false;
}

int vfs_rename(struct inode *olddir, const char *oldpath,
	       struct inode *newdir, const char *newpath, bool noreplace)
{
	struct inode *op, *np, *victim = NULL;
	struct dentry *od, *nd, *fresh;
	const char *on, *nn;
	size_t ol, nl;
	int err;

	err = lookup_parent(olddir, oldpath, &op, &on, &ol);
	if (err) {
		return err;
	}
	err = lookup_parent(newdir, newpath, &np, &nn, &nl);
	if (err) {
		inode_put(op);
		return err;
	}
	/* The entry under its new name, made before anything changes. */
	fresh = kmalloc(sizeof(*fresh) + nl + 1, 0);
	if (!fresh) {
		inode_put(op);
		inode_put(np);
		return -ENOMEM;
	}
	fresh->len = (uint8_t)nl;
	memcpy(fresh->name, nn, nl);
	fresh->name[nl] = '\0';
	mutex_lock(&rename_lock);
	mutex_lock(&op->lock);
	od = ol && !dot_or_dotdot(on, ol) ? find_entry(op, on, ol) : NULL;
	mutex_unlock(&op->lock);
	if (!od) {
		err = ol && !dot_or_dotdot(on, ol) ? -ENOENT : -EBUSY;
		goto out;
	}
	if (!nl || dot_or_dotdot(nn, nl)) {
		err = -EBUSY;
		goto out;
	}
	if (S_ISDIR(od->inode->mode) && is_below(np, od->inode)) {
		err = -EINVAL;		/* into its own subtree */
		goto out;
	}
	mutex_lock(&np->lock);
	nd = find_entry(np, nn, nl);
	if (nd == od) {
		mutex_unlock(&np->lock);
		goto out;		/* the same entry: nothing to do */
	}
	if (nd && noreplace) {
		err = -EEXIST;
	} else if (nd && S_ISDIR(nd->inode->mode) &&
		   !S_ISDIR(od->inode->mode)) {
		err = -EISDIR;
	} else if (nd && !S_ISDIR(nd->inode->mode) &&
		   S_ISDIR(od->inode->mode)) {
		err = -ENOTDIR;
	} else if (nd && S_ISDIR(nd->inode->mode) &&
		   !list_empty(&nd->inode->entries)) {
		err = -ENOTEMPTY;
	} else if (nd) {
		/* The replaced entry: its inode loses this name. */
		victim = nd->inode;
		list_del(&nd->node);
		kfree(nd);
		victim->nlink = S_ISDIR(victim->mode) ? 0 : victim->nlink - 1;
		if (S_ISDIR(victim->mode)) {
			np->nlink--;
		}
	}
	mutex_unlock(&np->lock);
	if (err) {
		goto out;
	}
	mutex_lock(&op->lock);
	list_del(&od->node);
	if (S_ISDIR(od->inode->mode)) {
		op->nlink--;
	}
	op->mtime = op->ctime = now_ns();
	mutex_unlock(&op->lock);
	fresh->inode = od->inode;
	kfree(od);
	nd = fresh;
	fresh = NULL;
	mutex_lock(&np->lock);
	list_add_tail(&nd->node, &np->entries);
	if (S_ISDIR(nd->inode->mode)) {
		np->nlink++;
		/* ".." moves: the new parent takes the reference. */
		inode_get(np);
		inode_put(nd->inode->parent);
		nd->inode->parent = np;
	}
	np->mtime = np->ctime = nd->inode->ctime = now_ns();
	mutex_unlock(&np->lock);
out:
	mutex_unlock(&rename_lock);
	kfree(fresh);
	if (victim) {
		if (S_ISDIR(victim->mode)) {
			inode_put(np);	/* the victim's ".." link */
		}
		inode_put(victim);
	}
	inode_put(op);
	inode_put(np);
	return err;
}

int vfs_truncate(struct inode *in, uint64_t size)
{
	int err = 0;

	if (S_ISDIR(in->mode)) {
		return -EISDIR;
	}
	if (!S_ISREG(in->mode)) {
		return -EINVAL;
	}
	if (size > (1ULL << 32)) {
		return -EFBIG;		/* one buffer per file: keep it sane */
	}
	mutex_lock(&in->lock);
	if (size > in->size) {
		err = reserve(in, size);
		if (!err) {
			memset(in->data + in->size, 0, size - in->size);
		}
	}
	if (!err) {
		in->size = size;
		in->mtime = in->ctime = now_ns();
	}
	mutex_unlock(&in->lock);
	return err;
}

long vfs_path_of(struct inode *dir, char *buf, size_t size)
{
	char tmp[PATH_MAX_LEN];
	size_t pos = sizeof(tmp) - 1;

	tmp[pos] = '\0';
	while (dir != root) {
		struct inode *parent = dir->parent;
		struct dentry *d;
		bool found = false;

		if (!parent) {
			return -ENOENT;		/* removed from the tree */
		}
		mutex_lock(&parent->lock);
		list_for_each_entry(d, &parent->entries, node) {
			if (d->inode == dir) {
				if (pos < (size_t)d->len + 1) {
					mutex_unlock(&parent->lock);
					return -ENAMETOOLONG;
				}
				pos -= d->len;
				memcpy(tmp + pos, d->name, d->len);
				tmp[--pos] = '/';
				found = true;
				break;
			}
		}
		mutex_unlock(&parent->lock);
		if (!found) {
			return -ENOENT;
		}
		dir = parent;
	}
	if (pos == sizeof(tmp) - 1) {
		tmp[--pos] = '/';
	}
	if (sizeof(tmp) - pos > size) {
		return -ERANGE;
	}
	memcpy(buf, tmp + pos, sizeof(tmp) - pos);
	return (long)(sizeof(tmp) - 1 - pos);
}

/* Grow a file's buffer to hold at least want bytes; in->lock held. */
static int reserve(struct inode *in, size_t want)
{
	size_t cap = in->capacity ? in->capacity : 64;
	char *data;

	if (want <= in->capacity) {
		return 0;
	}
	while (cap < want) {
		cap *= 2;
	}
	data = kzalloc(cap);
	if (!data) {
		return -ENOMEM;
	}
	if (in->data) {
		memcpy(data, in->data, in->size);
		kfree(in->data);
	}
	in->data = data;
	in->capacity = cap;
	return 0;
}

long vfs_read_kernel(struct inode *in, uint64_t off, void *buf, size_t len)
{
	long n = 0;

	mutex_lock(&in->lock);
	if (off < in->size) {
		n = (long)min(len, in->size - off);
		memcpy(buf, in->data + off, (size_t)n);
	}
	mutex_unlock(&in->lock);
	return n;
}

static long reg_read(struct file *f, frame_uptr_t buf, size_t len)
{
	struct inode *in = f->priv;
	long n = 0;

	mutex_lock(&in->lock);
	if (f->pos < in->size) {
		size_t want = min(len, in->size - f->pos);
		size_t left = frame_copy_to_user(buf, in->data + f->pos, want);

		n = left == want ? -EFAULT : (long)(want - left);
	}
	if (n > 0) {
		f->pos += (uint64_t)n;
		in->atime = now_ns();
	}
	mutex_unlock(&in->lock);
	return n;
}

static long reg_write(struct file *f, frame_uptr_t buf, size_t len)
{
	struct inode *in = f->priv;
	size_t left;
	long n;

	mutex_lock(&in->lock);
	if (f->flags & O_APPEND) {
		f->pos = in->size;
	}
	if (f->pos + len < f->pos || reserve(in, f->pos + len)) {
		mutex_unlock(&in->lock);
		return -ENOMEM;
	}
	if (f->pos > in->size) {
		memset(in->data + in->size, 0, f->pos - in->size);
	}
	left = frame_copy_from_user(in->data + f->pos, buf, len);
	n = left == len && len ? -EFAULT : (long)(len - left);
	if (n > 0) {
		f->pos += (uint64_t)n;
		in->size = max(in->size, f->pos);
		in->mtime = in->ctime = now_ns();
	}
	mutex_unlock(&in->lock);
	return n;
}

static long any_lseek(struct file *f, int64_t off, int whence)
{
	struct inode *in = f->priv;
	int64_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = (int64_t)in->size;
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

static uint8_t dirent_type(uint32_t mode)
{
	return (uint8_t)((mode & S_IFMT) >> 12);	/* DT_* values */
}

/* Emit one record; false if it does not fit. */
static bool put_dirent(frame_uptr_t buf, size_t len, size_t *used,
		       uint64_t ino, int64_t next, uint8_t type,
		       const char *name, size_t nlen, long *err)
{
	char rec[sizeof(struct linux_dirent64) + NAME_MAX_LEN + 8];
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
	size_t reclen = ALIGN_UP(sizeof(*d) + nlen + 1, (size_t)8);

	if (*used + reclen > len) {
		return false;
	}
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = next;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = type;
	memcpy(d->d_name, name, nlen);
	if (frame_copy_to_user(frame_uptr_add(buf, *used), rec, reclen)) {
		*err = -EFAULT;
		return false;
	}
	*used += reclen;
	return true;
}

/* Positions: 0 ".", 1 "..", then entries in order from 2. */
static long dir_getdents(struct file *f, frame_uptr_t buf, size_t len)
{
	struct inode *in = f->priv;
	struct dentry *d;
	size_t used = 0;
	uint64_t i = 0;
	long err = 0;

	mutex_lock(&in->lock);
	if (f->pos == 0 && put_dirent(buf, len, &used, in->ino, 1, 4, ".", 1,
				      &err)) {
		f->pos = 1;
	}
	if (f->pos == 1 && put_dirent(buf, len, &used,
				      in->parent ? in->parent->ino : in->ino,
				      2, 4, "..", 2, &err)) {
		f->pos = 2;
	}
	list_for_each_entry(d, &in->entries, node) {
		if (f->pos < 2 || i++ < f->pos - 2) {
			continue;
		}
		if (!put_dirent(buf, len, &used, d->inode->ino,
				(int64_t)f->pos + 1, dirent_type(d->inode->mode),
				d->name, d->len, &err)) {
			break;
		}
		f->pos++;
	}
	mutex_unlock(&in->lock);
	if (err) {
		return used ? (long)used : err;
	}
	return used || f->pos >= 2 + i ? (long)used : -EINVAL;
}

static const struct file_ops reg_ops = {
	.read = reg_read,
	.write = reg_write,
	.lseek = any_lseek,
};

static const struct file_ops dir_ops = {
	.lseek = any_lseek,
	.getdents = dir_getdents,
};

int vfs_open_inode(struct inode *in, unsigned int flags, struct file **out)
{
	bool dir = S_ISDIR(in->mode);
	struct file *f;

	if (dir && (flags & O_ACCMODE) != O_RDONLY) {
		return -EISDIR;
	}
	if (!dir && (flags & O_DIRECTORY)) {
		return -ENOTDIR;
	}
	if (S_ISCHR(in->mode)) {
		int err = chrdev_open(in->rdev >> 8, in->rdev & 0xff, flags,
				      out);

		if (!err) {
			inode_get(in);
			(*out)->inode = in;
		}
		return err;
	}
	if (!dir && !S_ISREG(in->mode)) {
		return -ENXIO;		/* links are followed before here */
	}
	if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY) {
		mutex_lock(&in->lock);
		in->size = 0;
		in->mtime = in->ctime = now_ns();
		mutex_unlock(&in->lock);
	}
	f = file_alloc(dir ? &dir_ops : &reg_ops,
		       flags & (O_ACCMODE | O_APPEND | O_NONBLOCK), in);
	if (!f) {
		return -ENOMEM;
	}
	inode_get(in);
	f->inode = in;
	*out = f;
	return 0;
}

struct inode *vfs_file_inode(struct file *f)
{
	return f->inode;
}

/* Add one cpio entry to the tree. */
static int unpack_entry(const struct cpio_entry *e)
{
	char path[PATH_MAX_LEN];
	struct inode *in;
	int err;

	if (e->name_len == 0 || e->name_len + 2 > sizeof(path)) {
		return e->name_len ? -ENAMETOOLONG : 0;
	}
	path[0] = '/';
	memcpy(path + 1, e->name, e->name_len);
	path[e->name_len + 1] = '\0';
	if (strcmp(path, "/.") == 0) {
		return 0;
	}
	if (S_ISLNK(e->mode)) {
		char target[PATH_MAX_LEN];

		if (e->size >= sizeof(target)) {
			return -ENAMETOOLONG;
		}
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
		return vfs_create(root, path, e->mode, target, NULL);
	}
	err = vfs_create(root, path, e->mode, NULL, &in);
	if (err) {
		return err;
	}
	if (S_ISREG(e->mode) && e->size) {
		mutex_lock(&in->lock);
		err = reserve(in, e->size);
		if (!err) {
			memcpy(in->data, e->data, e->size);
			in->size = e->size;
		}
		mutex_unlock(&in->lock);
	}
	inode_put(in);
	return err;
}

/* The standard device nodes, as devtmpfs would have them. */
static const struct {
	const char *path;
	uint32_t mode, rdev;
} dev_nodes[] = {
	{ "/dev/null", S_IFCHR | 0666, 1 << 8 | 3 },
	{ "/dev/zero", S_IFCHR | 0666, 1 << 8 | 5 },
	{ "/dev/full", S_IFCHR | 0666, 1 << 8 | 7 },
	{ "/dev/random", S_IFCHR | 0666, 1 << 8 | 8 },
	{ "/dev/urandom", S_IFCHR | 0666, 1 << 8 | 9 },
	{ "/dev/tty", S_IFCHR | 0666, 5 << 8 | 0 },
	{ "/dev/console", S_IFCHR | 0600, 5 << 8 | 1 },
};

static void make_dev(void)
{
	vfs_create(root, "/dev", S_IFDIR | 0755, NULL, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
		int err = vfs_mknod(root, dev_nodes[i].path, dev_nodes[i].mode,
				    dev_nodes[i].rdev);

		if (err && err != -EEXIST) {
			pr_warn("cannot make %s (%d)", dev_nodes[i].path, err);
		}
	}
}

int vfs_init(const void *initramfs, size_t size)
{
	struct cpio_entry e;
	size_t pos = 0;
	unsigned int n = 0;
	int r;

	root = inode_new(S_IFDIR | 0755);
	if (!root) {
		return -ENOMEM;
	}
	root->nlink = 2;
	if (!initramfs) {
		make_dev();
		return 0;
	}
	while ((r = cpio_next(initramfs, size, &pos, &e)) == 1) {
		int err = unpack_entry(&e);

		if (err) {
			pr_warn("initramfs: cannot unpack an entry (%d)", err);
		}
		n++;
	}
	if (r < 0) {
		pr_warn("initramfs: malformed after %u entries", n);
	}
	make_dev();
	pr_info("tmpfs root: %u entries from the initramfs", n);
	return 0;
}

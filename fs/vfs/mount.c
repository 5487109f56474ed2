/*
 * The mount tree: mount(2) and umount2(2), /proc/mounts, the file system
 * types, and the root the kernel starts with.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <linux/limits.h>
#include <linux/mount.h>
#include <linux/stat.h>

#include "mount.h"

#include <kernel/log.h>
#include <kernel/printf.h>
#include <kernel/slab.h>
#include <kernel/string.h>

/*
 * umount2 flags: include/linux/fs.h of the Linux sources (the UAPI headers
 * leave them to the C library).
 */
#define MNT_FORCE 0x1
#define MNT_DETACH 0x2
#define MNT_EXPIRE 0x4
#define UMOUNT_NOFOLLOW 0x8

/* The flags a mount keeps (and shows); the rest are requests. */
#define MOUNT_KEPT (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | \
		    MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)
/* Propagation changes: accepted and ignored, there is one namespace. */
#define MOUNT_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

static const struct fs_type *const fs_types[] = {
	&tmpfs_type, &ramfs_type, &devtmpfs_type, &proc_type, &devpts_type,
};

/* At most this many mounts (Linux's fs.mount-max, scaled down): -ENOSPC. */
#define MOUNT_MAX 64

static struct mutex mount_lock = MUTEX_INIT(mount_lock);
static unsigned int nr_mounts;
static struct list_head mounts = LIST_HEAD_INIT(mounts);
static struct mount *root_mount;

/* Kernel threads act as root, from the top of the tree. */
static const struct cred kernel_cred;

void mount_get(struct mount *mnt)
{
	__atomic_add_fetch(&mnt->refs, 1, __ATOMIC_RELAXED);
}

/* One mount of sb fewer; with none left, its tree goes. */
static void super_deactivate(struct super_block *sb)
{
	if (__atomic_sub_fetch(&sb->active, 1, __ATOMIC_ACQ_REL) == 0) {
		if (sb->ops && sb->ops->destroy) {
			sb->ops->destroy(sb);
		}
		inode_put(sb->root);
		super_put(sb);
	}
}

void mount_put(struct mount *mnt)
{
	if (__atomic_sub_fetch(&mnt->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		/* Only a detached mount gets here: nothing points at it. */
		if (mnt->mountpoint) {
			inode_put(mnt->mountpoint);
		}
		inode_put(mnt->root);
		super_deactivate(mnt->sb);
		kfree(mnt->source);
		kfree(mnt->fs_root);
		kfree(mnt);
	}
}

static bool same_inode(const struct inode *a, const struct inode *b)
{
	return a->sb == b->sb && a->ino == b->ino;
}

struct mount *mount_on(const struct mount *mnt, const struct inode *in)
{
	struct mount *m, *found = NULL;

	mutex_lock(&mount_lock);
	list_for_each_entry(m, &mounts, node) {
		if (m->parent == mnt && same_inode(m->mountpoint, in)) {
			found = m;
			mount_get(m);
			break;
		}
	}
	mutex_unlock(&mount_lock);
	return found;
}

bool mount_parent(const struct mount *mnt, struct path *out)
{
	bool up;

	mutex_lock(&mount_lock);
	up = mnt->parent != NULL;
	if (up) {
		*out = (struct path){ .mnt = mnt->parent,
				      .inode = mnt->mountpoint };
		path_get(out);
	}
	mutex_unlock(&mount_lock);
	return up;
}

void vfs_root(struct path *out)
{
	*out = (struct path){ .mnt = root_mount, .inode = root_mount->root };
	path_get(out);
}

static const struct fs_type *find_type(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		if (strcmp(fs_types[i]->name, name) == 0) {
			return fs_types[i];
		}
	}
	return NULL;
}

/* A mount of sb's tree from root, not yet in the tree. */
/* A copy of s on the heap, or NULL. */
static char *dup_string(const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = kmalloc(len, 0);

	if (copy) {
		memcpy(copy, s, len);
	}
	return copy;
}

/*
 * A mount of sb's tree from root, whose path in that tree is fs_root ("/"
 * but for a bind mount of a directory inside it).
 */
static struct mount *mount_alloc(struct super_block *sb, struct inode *root,
				 const char *fs_root, const char *source,
				 unsigned long flags)
{
	static int next_id = 1;
	struct mount *m = kzalloc(sizeof(*m));

	if (!m || !(m->source = dup_string(source ? source : "none")) ||
	    !(m->fs_root = dup_string(fs_root))) {
		if (m) {
			kfree(m->source);
		}
		kfree(m);
		return NULL;
	}
	m->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	m->sb = sb;
	__atomic_add_fetch(&sb->active, 1, __ATOMIC_RELAXED);
	m->root = root;
	inode_get(root);
	m->flags = flags & MOUNT_KEPT;
	m->refs = 1;			/* the tree's */
	list_init(&m->node);
	return m;
}

/*
 * Put m on top of at (referenced; the mount takes the inode's reference),
 * or -ENOSPC with the mount table full.
 */
static int attach(struct mount *m, struct path *at)
{
	mutex_lock(&mount_lock);
	if (nr_mounts == MOUNT_MAX) {
		mutex_unlock(&mount_lock);
		mount_put(m);
		return -ENOSPC;
	}
	nr_mounts++;
	m->parent = at->mnt;
	m->mountpoint = at->inode;
	/* Newest first, so that a lookup finds the top of a stack. */
	list_add(&m->node, &mounts);
	mutex_unlock(&mount_lock);
	mount_put(at->mnt);		/* the parent outlives its children */
	at->mnt = NULL;
	at->inode = NULL;
	return 0;
}

static int mount_new(const char *source, struct path *at, const char *fstype,
		     unsigned long flags, const char *data)
{
	const struct fs_type *type = find_type(fstype);
	struct super_block *sb;
	struct mount *m;
	int err;

	if (!type) {
		return -ENODEV;
	}
	err = type->mount(type, source, data, &sb);
	if (err) {
		return err;
	}
	m = mount_alloc(sb, sb->root, "/", source, flags);
	if (!m) {
		__atomic_add_fetch(&sb->active, 1, __ATOMIC_RELAXED);
		super_deactivate(sb);
		return -ENOMEM;
	}
	return attach(m, at);
}

static int mount_bind(const struct vfs_ctx *ctx, const char *source,
		      struct path *at, unsigned long flags)
{
	struct mount *m = NULL;
	struct vfs_ctx in_fs;
	struct path from;
	char *name;
	int err;

	if (!source) {
		return -EFAULT;
	}
	err = vfs_lookup(ctx, NULL, source, LOOKUP_FOLLOW, &from);
	if (err) {
		return err;
	}
	if (S_ISDIR(from.inode->mode) != S_ISDIR(at->inode->mode)) {
		path_put(&from);
		return S_ISDIR(from.inode->mode) ? -ENOTDIR : -EISDIR;
	}
	/*
	 * Its path in the file system: the source mount's own, then the
	 * way from that mount's root down to the source.
	 */
	in_fs = *ctx;
	in_fs.root = (struct path){ .mnt = from.mnt, .inode = from.mnt->root };
	name = kmalloc(2 * PATH_MAX, 0);
	if (name) {
		size_t base = strcmp(from.mnt->fs_root, "/") == 0 ? 0 :
			      strlcpy(name, from.mnt->fs_root, PATH_MAX);

		if (base < PATH_MAX &&
		    vfs_path_name(&in_fs, &from, name + base, PATH_MAX) >= 0) {
			if (base && strcmp(name + base, "/") == 0) {
				name[base] = '\0';	/* "/x" + "/" */
			}
			m = mount_alloc(from.inode->sb, from.inode, name,
					from.mnt->source,
					flags | (from.mnt->flags & MOUNT_KEPT));
		}
	}
	kfree(name);
	path_put(&from);
	if (!m) {
		return -ENOMEM;
	}
	return attach(m, at);
}

int vfs_mount(const struct vfs_ctx *ctx, const char *source,
	      const char *target, const char *fstype, unsigned long flags,
	      const char *data)
{
	struct path at;
	int err;

	if (ctx->cred->euid != 0) {
		return -EPERM;
	}
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL) {
		flags &= ~MS_MGC_MSK;		/* the old magic: ignored */
	}
	err = vfs_lookup(ctx, NULL, target, LOOKUP_FOLLOW, &at);
	if (err) {
		return err;
	}
	if (flags & MS_REMOUNT) {
		if (at.inode != at.mnt->root) {
			err = -EINVAL;
		} else {
			mutex_lock(&mount_lock);
			at.mnt->flags = (at.mnt->flags & ~MOUNT_KEPT) |
					(flags & MOUNT_KEPT);
			mutex_unlock(&mount_lock);
		}
	} else if (flags & MS_BIND) {
		err = mount_bind(ctx, source, &at, flags);
	} else if (flags & MOUNT_PROPAGATION) {
		err = 0;
	} else if (!fstype) {
		err = -EINVAL;
	} else if (!S_ISDIR(at.inode->mode)) {
		err = -ENOTDIR;
	} else {
		err = mount_new(source, &at, fstype, flags, data);
	}
	if (at.inode) {
		path_put(&at);
	}
	return err;
}

/*
 * Take m and the mounts below it out of the tree into dead[]; mount_lock
 * held. Their parent pointers go: nothing can climb out of them now.
 */
static void detach_locked(struct mount *m, struct mount **dead, size_t *n)
{
	struct mount *c;

	list_del(&m->node);
	m->parent = NULL;
	dead[(*n)++] = m;
	nr_mounts--;
	for (size_t i = 0; i < *n; i++) {
again:
		list_for_each_entry(c, &mounts, node) {
			if (c->parent == dead[i]) {
				list_del(&c->node);
				c->parent = NULL;
				dead[(*n)++] = c;
				nr_mounts--;
				goto again;
			}
		}
	}
}

int vfs_umount(const struct vfs_ctx *ctx, const char *target, int flags)
{
	struct mount *dead[MOUNT_MAX], *m, *c;
	struct path at;
	size_t n = 0;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW) ||
	    ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))) {
		return -EINVAL;
	}
	if (ctx->cred->euid != 0) {
		return -EPERM;
	}
	err = vfs_lookup(ctx, NULL, target,
			 flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &at);
	if (err) {
		return err;
	}
	m = at.mnt;
	if (at.inode != m->root) {
		path_put(&at);
		return -EINVAL;			/* not a mount point */
	}
	mutex_lock(&mount_lock);
	if (m == root_mount || !m->parent) {
		err = m == root_mount ? -EBUSY : -EINVAL;
	} else if (!(flags & MNT_DETACH)) {
		/* Busy: a mount below it, or a path in it besides ours. */
		list_for_each_entry(c, &mounts, node) {
			if (c->parent == m) {
				err = -EBUSY;
			}
		}
		if (__atomic_load_n(&m->refs, __ATOMIC_RELAXED) > 2) {
			err = -EBUSY;
		}
	}
	if (!err) {
		detach_locked(m, dead, &n);
	}
	mutex_unlock(&mount_lock);
	path_put(&at);
	/* The tree's references, dropped outside the lock. */
	while (n) {
		mount_put(dead[--n]);
	}
	return err;
}

/* Append to a text buffer; false once it is full. */
struct text {
	char *buf;
	size_t size, len;
};

static void text_add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n < t->size) {
		memcpy(t->buf + t->len, s, n);
		t->len += n;
		t->buf[t->len] = '\0';
	} else {
		t->len = t->size;	/* full: the caller sees the overflow */
	}
}

/* The mount's own flags: "rw,nosuid,relatime". */
static int mount_flags(const struct mount *m, char *out, size_t size)
{
	return snprintf(out, size, "%s%s%s%s%s",
			m->flags & MS_RDONLY ? "ro" : "rw",
			m->flags & MS_NOSUID ? ",nosuid" : "",
			m->flags & MS_NODEV ? ",nodev" : "",
			m->flags & MS_NOEXEC ? ",noexec" : "",
			m->flags & MS_NOATIME ? ",noatime" :
			m->flags & MS_STRICTATIME ? "" : ",relatime");
}

/* The file system's options after n bytes already in out. */
static void fs_options(const struct mount *m, char *out, size_t size, int n)
{
	if (m->sb->ops->show_options && n >= 0 && (size_t)n < size) {
		m->sb->ops->show_options(m->sb, out + n, size - (size_t)n);
	}
}

/*
 * /proc/mounts: "source mountpoint type flags,fs-options 0 0"; or
 * /proc/<pid>/mountinfo: "id parent-id 0:dev fs-root mountpoint flags -
 * type source rw,fs-options". Oldest first, as Linux lists them; mounts
 * outside the reader's root are left out.
 */
static long show_mounts(const struct vfs_ctx *ctx, char *buf, size_t size,
			bool info)
{
	struct text t = { .buf = buf, .size = size };
	struct mount *snap[MOUNT_MAX], *m;
	int parent_id[MOUNT_MAX];
	char *name = kmalloc(PATH_MAX, 0);
	size_t n = 0;

	if (!name) {
		return -ENOMEM;
	}
	mutex_lock(&mount_lock);
	list_for_each_entry_reverse(m, &mounts, node) {
		if (n < ARRAY_SIZE(snap)) {
			mount_get(m);
			parent_id[n] = m->parent ? m->parent->id : m->id;
			snap[n++] = m;
		}
	}
	mutex_unlock(&mount_lock);
	for (size_t i = 0; i < n; i++) {
		struct path p = { .mnt = snap[i], .inode = snap[i]->root };
		char line[64], opts[160];

		m = snap[i];
		if (vfs_path_name(ctx, &p, name, PATH_MAX) < 0) {
			mount_put(m);
			continue;
		}
		if (info) {
			snprintf(line, sizeof(line), "%d %d 0:%u ", m->id,
				 parent_id[i], m->sb->dev);
			text_add(&t, line);
			text_add(&t, m->fs_root);
			text_add(&t, " ");
			text_add(&t, name);
			text_add(&t, " ");
			mount_flags(m, opts, sizeof(opts));
			text_add(&t, opts);
			text_add(&t, " - ");
			text_add(&t, m->sb->type->name);
			text_add(&t, " ");
			text_add(&t, m->source);
			fs_options(m, opts, sizeof(opts),
				   snprintf(opts, sizeof(opts), " %s",
					    m->flags & MS_RDONLY ? "ro" : "rw"));
			text_add(&t, opts);
			text_add(&t, "\n");
		} else {
			text_add(&t, m->source);
			text_add(&t, " ");
			text_add(&t, name);
			text_add(&t, " ");
			text_add(&t, m->sb->type->name);
			text_add(&t, " ");
			fs_options(m, opts, sizeof(opts),
				   mount_flags(m, opts, sizeof(opts)));
			text_add(&t, opts);
			text_add(&t, " 0 0\n");
		}
		mount_put(m);
	}
	kfree(name);
	return t.len >= size ? -ENAMETOOLONG : (long)t.len;
}

long vfs_mounts_show(const struct vfs_ctx *ctx, char *buf, size_t size)
{
	return show_mounts(ctx, buf, size, false);
}

long vfs_mountinfo_show(const struct vfs_ctx *ctx, char *buf, size_t size)
{
	return show_mounts(ctx, buf, size, true);
}

long vfs_filesystems_show(char *buf, size_t size)
{
	struct text t = { .buf = buf, .size = size };

	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		text_add(&t, fs_types[i]->flags & FS_NODEV ? "nodev\t" : "\t");
		text_add(&t, fs_types[i]->name);
		text_add(&t, "\n");
	}
	return t.len >= size ? -ENAMETOOLONG : (long)t.len;
}

int vfs_init(const void *initramfs, size_t size)
{
	struct vfs_ctx ctx = { .cred = &kernel_cred };
	struct super_block *sb;
	struct path dev;
	int err;

	err = tmpfs_type.mount(&tmpfs_type, "rootfs", "mode=755", &sb);
	if (err) {
		return err;
	}
	root_mount = mount_alloc(sb, sb->root, "/", "rootfs", 0);
	if (!root_mount) {
		return -ENOMEM;
	}
	mutex_lock(&mount_lock);
	list_add(&root_mount->node, &mounts);
	nr_mounts = 1;
	mutex_unlock(&mount_lock);
	ctx.root = ctx.cwd = (struct path){ .mnt = root_mount,
					    .inode = root_mount->root };
	if (initramfs) {
		err = initramfs_unpack(&ctx, initramfs, size);
		if (err) {
			pr_warn("initramfs: %d", err);
		}
	}
	/* devtmpfs on /dev, as the kernel mounts it for the real root. */
	err = vfs_create(&ctx, NULL, "/dev", S_IFDIR | 0755, 0, NULL);
	if (!err || err == -EEXIST) {
		err = vfs_lookup(&ctx, NULL, "/dev", LOOKUP_FOLLOW, &dev);
	}
	if (!err) {
		err = mount_new("devtmpfs", &dev, "devtmpfs", MS_NOSUID, NULL);
		if (dev.inode) {
			path_put(&dev);
		}
	}
	if (err) {
		pr_warn("cannot mount devtmpfs on /dev (%d)", err);
	}
	return 0;
}

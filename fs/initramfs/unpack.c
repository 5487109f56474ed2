/*
 * Unpacking the initramfs into the root file system: every entry of the
 * newc archive becomes a node with its mode, owner, device number and
 * modification time. A bad entry is reported and skipped; the rest go on.
 */
#define pr_fmt(fmt) "initramfs: " fmt

#include <linux/stat.h>

#include <fs/cpio.h>
#include <fs/vfs.h>
#include <kernel/log.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define PATH_MAX_LEN 4096

/* The entry's bytes: a link's target, or a file's contents. */
static int fill(const struct vfs_ctx *ctx, const char *path,
		const struct cpio_entry *e)
{
	struct path p;
	long n;
	int err;

	err = vfs_lookup(ctx, NULL, path, 0, &p);
	if (err) {
		return err;
	}
	n = S_ISREG(e->mode) && e->size ?
	    (p.inode->ops->write ? p.inode->ops->write(p.inode, 0, e->data,
							 e->size) : -EPERM) :
	    0;
	p.inode->uid = e->uid;
	p.inode->gid = e->gid;
	p.inode->mtime = (int64_t)e->mtime * 1000000000;
	path_put(&p);
	return n < 0 ? (int)n : 0;
}

static int unpack_entry(const struct vfs_ctx *ctx, const struct cpio_entry *e,
			char *path, char *target)
{
	int err;

	if (e->name_len == 0 || e->name_len + 2 > PATH_MAX_LEN) {
		return e->name_len ? -ENAMETOOLONG : 0;
	}
	path[0] = '/';
	memcpy(path + 1, e->name, e->name_len);
	path[e->name_len + 1] = '\0';
	if (strcmp(path, "/.") == 0) {
		return 0;
	}
	if (S_ISLNK(e->mode)) {
		if (e->size >= PATH_MAX_LEN) {
			return -ENAMETOOLONG;
		}
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
	}
	err = vfs_create(ctx, NULL, path, e->mode, e->rdev,
			 S_ISLNK(e->mode) ? target : NULL);
	if (err == -EEXIST && S_ISDIR(e->mode)) {
		err = 0;		/* made for an earlier entry's sake */
	}
	return err ? err : fill(ctx, path, e);
}

int initramfs_unpack(const struct vfs_ctx *ctx, const void *archive,
		     size_t size)
{
	char *path = kmalloc(PATH_MAX_LEN, 0);
	char *target = kmalloc(PATH_MAX_LEN, 0);
	struct cpio_entry e;
	size_t pos = 0;
	unsigned int n = 0;
	int r;

	if (!path || !target) {
		kfree(path);
		kfree(target);
		return -ENOMEM;
	}
	while ((r = cpio_next(archive, size, &pos, &e)) == 1) {
		int err = unpack_entry(ctx, &e, path, target);

		if (err) {
			pr_warn("cannot unpack entry %u (%d)", n, err);
		}
		n++;
	}
	if (r < 0) {
		pr_warn("malformed after %u entries", n);
	}
	kfree(path);
	kfree(target);
	pr_info("%u entries unpacked into the root", n);
	return r < 0 ? r : 0;
}

/*
 * devpts: the file system of pseudo-terminal nodes, mounted on /dev/pts.
 * It holds "ptmx" and one character device N (136:N) for each pair whose
 * master is open, owned by the process that opened it (kernel/pty.h).
 * Its inodes are made at lookup from the live pairs; nothing can be
 * created in it.
 */
#include <asm/statfs.h>
#include <linux/magic.h>
#include <linux/stat.h>

#include <fs/vfs.h>
#include <kernel/printf.h>
#include <kernel/pty.h>
#include <kernel/string.h>

#define PTMX_INO 2
#define PTY_INO 3			/* + N */

static const struct inode_ops devpts_iops;

static struct inode *device_node(struct super_block *sb, uint64_t ino,
				 uint32_t mode, uint32_t rdev, uint32_t uid,
				 uint32_t gid)
{
	struct inode *in = inode_alloc(sb, S_IFCHR | mode, &devpts_iops);

	if (in) {
		in->ino = ino;
		in->rdev = rdev;
		in->uid = uid;
		in->gid = gid;
		in->nlink = 1;
	}
	return in;
}

static int devpts_lookup(struct inode *dir, const char *name, size_t len,
			 struct inode **out)
{
	uint32_t uid, gid;
	int index;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = dir;		/* the VFS crosses to the mount's parent */
		inode_get(dir);
		return 0;
	}
	if (len == 4 && memcmp(name, "ptmx", 4) == 0) {
		*out = device_node(dir->sb, PTMX_INO, 0,
				   PTMX_MAJOR << 8 | PTMX_MINOR, 0, 0);
		return *out ? 0 : -ENOMEM;
	}
	index = name_to_number(name, len);
	if (index < 0 || index >= PTY_MAX ||
	    !pty_info((unsigned int)index, &uid, &gid)) {
		return -ENOENT;
	}
	*out = device_node(dir->sb, PTY_INO + (uint64_t)index, 0620,
			   PTY_SLAVE_MAJOR << 8 | (uint32_t)index, uid, gid);
	return *out ? 0 : -ENOMEM;
}

static int devpts_iterate(struct inode *dir, struct dir_context *ctx)
{
	uint32_t uid, gid;
	char name[4];

	if (ctx->pos == 2 &&
	    !ctx->emit(ctx, "ptmx", 4, PTMX_INO, S_IFCHR >> 12, 3)) {
		return 0;
	}
	for (uint64_t i = ctx->pos - 3; ctx->pos >= 3 && i < PTY_MAX; i++) {
		if (!pty_info((unsigned int)i, &uid, &gid)) {
			continue;
		}
		snprintf(name, sizeof(name), "%u", (unsigned int)i);
		if (!ctx->emit(ctx, name, strlen(name), PTY_INO + i,
			       S_IFCHR >> 12, i + 4)) {
			return 0;
		}
	}
	return 0;
}

static int devpts_create(struct inode *dir, const char *name, size_t len,
			 uint32_t mode, uint32_t rdev, const char *target,
			 uint32_t uid, uint32_t gid, struct inode **out)
{
	return -EPERM;			/* nodes come and go with the pairs */
}

static const struct inode_ops devpts_iops = {
	.lookup = devpts_lookup,
	.iterate = devpts_iterate,
	.create = devpts_create,
};

static void devpts_statfs(struct super_block *sb, struct statfs *st)
{
	st->f_bsize = st->f_frsize = 4096;
}

static const struct super_ops devpts_sops = {
	.statfs = devpts_statfs,
};

static int devpts_mount(const struct fs_type *type, const char *source,
			const char *data, struct super_block **out)
{
	struct super_block *sb = super_alloc(type, &devpts_sops,
					     DEVPTS_SUPER_MAGIC);

	if (!sb) {
		return -ENOMEM;
	}
	sb->root = inode_alloc(sb, S_IFDIR | 0755, &devpts_iops);
	if (!sb->root) {
		super_put(sb);
		return -ENOMEM;
	}
	sb->root->ino = 1;
	sb->root->nlink = 2;
	*out = sb;
	return 0;
}

const struct fs_type devpts_type = {
	.name = "devpts", .flags = FS_NODEV, .mount = devpts_mount,
};

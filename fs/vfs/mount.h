/*
 * The mount tree, shared by the files of fs/vfs/ only.
 *
 * Locking: mount_lock protects the mount list and every mount's parent
 * and mountpoint. A mount's refs count the paths that name it (working
 * directories, open files, walks in progress) plus one for being in the
 * tree; a detached mount is freed with its last path.
 */
#pragma once

#include <fs/vfs.h>

struct mount {
	struct list_head node;		/* on the mount list, in mount order */
	int id;				/* constant: mountinfo's */
	char *fs_root;			/* constant: root's path in the fs */
	struct super_block *sb;		/* constant; shared by bind mounts */
	struct inode *root;		/* constant, referenced: the top */
	struct mount *parent;		/* mount_lock; NULL: root or detached */
	struct inode *mountpoint;	/* in parent, referenced */
	char *source;			/* as mount(2) was given it */
	unsigned long flags;		/* MS_RDONLY, MS_NOSUID, ... */
	unsigned int refs;		/* atomic */
};

void mount_get(struct mount *mnt);
void mount_put(struct mount *mnt);

/* The mount on top of in (of mnt), referenced, or NULL. */
struct mount *mount_on(const struct mount *mnt, const struct inode *in);

/* Where mnt is mounted: (parent, mountpoint), referenced; false at the top. */
bool mount_parent(const struct mount *mnt, struct path *out);

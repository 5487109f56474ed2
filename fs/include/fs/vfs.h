/*
 * The virtual file system: inodes, path lookup and the files above them.
 *
 * For now every inode lives in one tmpfs: the root, unpacked from the
 * initramfs at boot. A directory keeps its entries; a regular file keeps
 * its bytes in one growable buffer; a symbolic link keeps its target.
 *
 * Locking: each inode's lock protects its entries or data and its size
 * and times; lookups take one directory lock at a time. References
 * (inode_get/inode_put) keep an inode alive; one that is unlinked and
 * unreferenced is freed.
 */
#pragma once

#include <kernel/file.h>
#include <kernel/list.h>
#include <kernel/types.h>
#include <kernel/wait.h>

struct inode {
	uint64_t ino;				/* constant */
	uint32_t mode;				/* type and permissions */
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t rdev;				/* devices: major << 8 | minor */
	uint64_t size;
	int64_t atime, mtime, ctime;		/* ns since the epoch */
	unsigned int refs;			/* atomic */
	struct mutex lock;
	struct inode *parent;			/* directories: for ".." */
	struct list_head entries;		/* directories: struct dentry */
	char *data;				/* files, links: the bytes */
	size_t capacity;
};

/* Mount the tmpfs root, unpack the initramfs into it and make /dev. */
int vfs_init(const void *initramfs, size_t size);

struct inode *vfs_root(void);
void inode_get(struct inode *inode);
void inode_put(struct inode *inode);

/*
 * Resolve path from dir (absolute paths from the root), following
 * symbolic links in the middle and, with follow, at the end. Returns 0
 * with a referenced inode, or -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP.
 */
int vfs_lookup(struct inode *dir, const char *path, bool follow,
	       struct inode **out);

/* Create a node (S_IFREG, S_IFDIR or S_IFLNK with target) at path. */
int vfs_create(struct inode *dir, const char *path, uint32_t mode,
	       const char *target, struct inode **out);

/* Create a device node (S_IFCHR, S_IFBLK), FIFO or socket node. */
int vfs_mknod(struct inode *dir, const char *path, uint32_t mode,
	      uint32_t rdev);

/* Remove path: a file or link (rmdir false) or an empty directory. */
int vfs_unlink(struct inode *dir, const char *path, bool rmdir);

/* A new name newpath for the file (not directory) at oldpath. */
int vfs_link(struct inode *olddir, const char *oldpath, struct inode *newdir,
	     const char *newpath);

/*
 * Move oldpath to newpath, replacing a file there, or an empty directory
 * with a directory. With noreplace, an existing newpath is -EEXIST.
 */
int vfs_rename(struct inode *olddir, const char *oldpath,
	       struct inode *newdir, const char *newpath, bool noreplace);

/* Set a regular file's size, zero-filling growth. */
int vfs_truncate(struct inode *inode, uint64_t size);

/* Open an inode as a file with O_* flags (O_TRUNC applied here). */
int vfs_open_inode(struct inode *inode, unsigned int flags,
		   struct file **out);

/* The inode behind a file opened by vfs_open_inode, or NULL. */
struct inode *vfs_file_inode(struct file *f);

/* Write the absolute path of dir into buf; its length or -ERANGE. */
long vfs_path_of(struct inode *dir, char *buf, size_t size);

/* Read up to len bytes at off from a regular file into a kernel buffer. */
long vfs_read_kernel(struct inode *inode, uint64_t off, void *buf, size_t len);

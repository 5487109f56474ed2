/*
 * The virtual file system: super blocks, inodes, mounts and path walks.
 *
 * A file system type makes a super block (struct super_block) with a root
 * inode; a mount (struct mount) attaches a super block at a directory of
 * another mount. A place in the tree is a struct path: a mount and an
 * inode in it. Walks cross mount points downwards and, at a mount's root,
 * ".." climbs to the directory it is mounted on; they never climb above
 * the walker's root (chroot).
 *
 * The VFS checks permissions against the caller's credentials, refuses
 * writes on read-only mounts, and serialises the changes of a directory
 * with its lock, so that a file system's directory operations run with
 * the directory's lock held and need no lock of their own for names.
 *
 * Locking order: rename_lock (one rename at a time), then directory locks
 * (two, by address, for a rename), then a file's data lock (the inode's
 * lock again: a file is never a directory), then mount_lock, which is
 * never held across a file system call.
 */
#pragma once

#include <kernel/cred.h>
#include <kernel/file.h>
#include <kernel/list.h>
#include <kernel/types.h>
#include <kernel/wait.h>

struct frame_page;
struct inode;
struct mount;
struct statfs;
struct super_block;

/* Directory iteration: the file system calls emit for each entry. */
struct dir_context {
	/*
	 * Take one entry whose successor is at position next; false stops
	 * the iteration (the buffer is full).
	 */
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len,
		     uint64_t ino, unsigned int dtype, uint64_t next);
	uint64_t pos;		/* where to start; 0 and 1 are "." and ".." */
};

/*
 * What a file system does with its inodes. Directory operations are called
 * with the directory's lock held, after the VFS checked permissions, the
 * name (not "." or "..", at most 255 bytes) and the mount's writability.
 */
struct inode_ops {
	/* Directories: the child called name (".." included), referenced. */
	int (*lookup)(struct inode *dir, const char *name, size_t len,
		      struct inode **out);
	/* Entries from ctx->pos (>= 2), in a stable order. */
	int (*iterate)(struct inode *dir, struct dir_context *ctx);
	/*
	 * A new node: a file, directory, device, FIFO or socket, or (with
	 * target) a symbolic link, owned by uid:gid. -EEXIST if name exists.
	 */
	int (*create)(struct inode *dir, const char *name, size_t len,
		      uint32_t mode, uint32_t rdev, const char *target,
		      uint32_t uid, uint32_t gid, struct inode **out);
	int (*link)(struct inode *dir, const char *name, size_t len,
		    struct inode *in);
	/* Remove name, whose inode the VFS looked up and checked. */
	int (*unlink)(struct inode *dir, const char *name, size_t len,
		      struct inode *victim);
	/*
	 * Move oldname in odir to newname in ndir (both locked, same super
	 * block), replacing newname's inode victim (checked) if not NULL.
	 */
	int (*rename)(struct inode *odir, const char *oldname, size_t olen,
		      struct inode *ndir, const char *newname, size_t nlen,
		      struct inode *victim);
	/* Links: the target into buf (not terminated); its length. */
	long (*readlink)(struct inode *in, char *buf, size_t size);
	/* Regular files: read or write a kernel buffer at off. */
	long (*read)(struct inode *in, uint64_t off, void *buf, size_t len);
	long (*write)(struct inode *in, uint64_t off, const void *buf,
		      size_t len);
	int (*truncate)(struct inode *in, uint64_t size);
	/*
	 * Regular files that can be mapped: the page holding bytes from
	 * index * page size, referenced, made (zeroed) if the file has none
	 * there yet. Shared mappings map it; private ones copy it.
	 */
	int (*get_page)(struct inode *in, uint64_t index,
			struct frame_page **out);
	/*
	 * Set up f (f->ops, f->priv) to use the inode; without it, regular
	 * files and directories get the VFS's file operations over read,
	 * write and iterate.
	 */
	int (*open)(struct inode *in, struct file *f);
	/* The last reference is gone: free what the file system keeps. */
	void (*evict)(struct inode *in);
};

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
	struct super_block *sb;			/* constant */
	const struct inode_ops *ops;		/* constant */
	void *priv;				/* the file system's */
};

struct super_ops {
	/* Fill in what statfs reports beyond type, ids and name length. */
	void (*statfs)(struct super_block *sb, struct statfs *st);
	/* Optional: ",opt=value..." for /proc/mounts, after the mount's. */
	void (*show_options)(struct super_block *sb, char *buf, size_t size);
	/* The last mount is gone: drop the tree (open files may remain). */
	void (*destroy)(struct super_block *sb);
	/* The last inode is gone too: free sb->priv. */
	void (*free)(struct super_block *sb);
};

struct super_block {
	const struct fs_type *type;
	const struct super_ops *ops;
	uint32_t dev;				/* st_dev: anonymous, 0:n */
	unsigned long magic;			/* statfs f_type */
	struct inode *root;			/* referenced */
	unsigned int active;			/* atomic: mounts of it */
	unsigned int refs;			/* atomic: inodes, plus one
						   while mounted */
	uint64_t next_ino;			/* atomic, for fs that count */
	void *priv;
};

/* FS_* of struct fs_type: */
#define FS_NODEV 1		/* needs no device ("nodev" in /proc/filesystems) */

struct fs_type {
	const char *name;
	unsigned int flags;
	/* Make a super block from mount(2)'s source and data (may be NULL). */
	int (*mount)(const struct fs_type *type, const char *source,
		     const char *data, struct super_block **out);
};

/* Who walks, and from where "/" is. Borrowed pointers. */
struct vfs_ctx {
	struct path root;
	struct path cwd;
	const struct cred *cred;
	unsigned int umask;
};

/* vfs_lookup flags: */
#define LOOKUP_FOLLOW 1		/* follow a link at the end */
#define LOOKUP_DIRECTORY 2	/* the end must be a directory */

/* Mount the tmpfs root, unpack the initramfs into it, put devtmpfs on /dev. */
int vfs_init(const void *initramfs, size_t size);

/* The root of the mount tree, referenced. */
void vfs_root(struct path *out);

void inode_get(struct inode *inode);
void inode_put(struct inode *inode);
void path_get(const struct path *path);
void path_put(struct path *path);

/* A new inode of sb (ino from sb->next_ino, times now), referenced. */
struct inode *inode_alloc(struct super_block *sb, uint32_t mode,
			  const struct inode_ops *ops);

/* Drop a reference to sb (inode_put and unmounting do). */
void super_put(struct super_block *sb);

/* A super block with a fresh anonymous device number, or NULL. */
struct super_block *super_alloc(const struct fs_type *type,
				const struct super_ops *ops,
				unsigned long magic);

/*
 * Resolve path from at (NULL: the working directory; absolute paths from
 * ctx's root), following links in the middle and, with LOOKUP_FOLLOW, at
 * the end. Returns 0 with a referenced path, or -ENOENT, -ENOTDIR,
 * -ENAMETOOLONG, -ELOOP, -EACCES (a directory without search permission).
 */
int vfs_lookup(const struct vfs_ctx *ctx, const struct path *at,
	       const char *path, unsigned int flags, struct path *out);

/*
 * vfs_open's flag for execve: the file must be a regular file that the
 * caller may execute (not read) on a mount without MS_NOEXEC. Above every
 * O_* bit.
 */
#define VFS_OPEN_EXEC 0x80000000u

/* open(2): O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW, O_DIRECTORY, checks. */
int vfs_open(const struct vfs_ctx *ctx, const struct path *at,
	     const char *path, unsigned int flags, uint32_t mode,
	     struct file **out);

/* Open a resolved path with O_* flags, checking nothing. */
int vfs_open_path(const struct path *path, unsigned int flags,
		  struct file **out);

/*
 * Create a node at path: mode carries the type (S_IFREG, S_IFDIR, S_IFCHR,
 * S_IFBLK, S_IFIFO, S_IFSOCK, or S_IFLNK with target); the umask is the
 * caller's business.
 */
int vfs_create(const struct vfs_ctx *ctx, const struct path *at,
	       const char *path, uint32_t mode, uint32_t rdev,
	       const char *target);

/* Remove path: a non-directory (rmdir false) or an empty directory. */
int vfs_unlink(const struct vfs_ctx *ctx, const struct path *at,
	       const char *path, bool rmdir);

/* A new name for a non-directory; follow: resolve a link at oldpath. */
int vfs_link(const struct vfs_ctx *ctx, const struct path *oldat,
	     const char *oldpath, const struct path *newat,
	     const char *newpath, bool follow);

/* Move oldpath to newpath (replacing, unless noreplace). */
int vfs_rename(const struct vfs_ctx *ctx, const struct path *oldat,
	       const char *oldpath, const struct path *newat,
	       const char *newpath, bool noreplace);

/* MAY_* masks for vfs_permission (access(2)'s R_OK, W_OK, X_OK): */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4

/* May cred access in with mask? 0 or -EACCES. */
int vfs_permission(const struct cred *cred, const struct inode *in,
		   int mask);

/* Is the mount of path MS_NOEXEC? */
bool vfs_noexec(const struct path *path);

/* Is the mount read-only? -EROFS then, else 0. */
int vfs_may_write_mount(const struct path *path);

/* chmod, chown (-1: unchanged), utimensat (times in ns; NULL: now). */
int vfs_chmod(const struct vfs_ctx *ctx, const struct path *path,
	      uint32_t mode);
int vfs_chown(const struct vfs_ctx *ctx, const struct path *path,
	      uint32_t uid, uint32_t gid);
/* Each time: a value in ns, VFS_TIME_NOW or VFS_TIME_OMIT. */
#define VFS_TIME_NOW INT64_MIN
#define VFS_TIME_OMIT (INT64_MIN + 1)
int vfs_utimes(const struct vfs_ctx *ctx, const struct path *path,
	       int64_t atime, int64_t mtime);

/* Set a regular file's size (checks: write permission, not a directory). */
int vfs_truncate(const struct vfs_ctx *ctx, const struct path *path,
		 uint64_t size);

/* The file's size changes; for ftruncate (permission came with open). */
int vfs_truncate_inode(struct inode *inode, uint64_t size);

/* Write path's name as seen from ctx's root into buf; length or -errno. */
long vfs_path_name(const struct vfs_ctx *ctx, const struct path *path,
		   char *buf, size_t size);

/*
 * The name of an open file: the name it was opened by, in the directory
 * it was found in, " (deleted)" once it has no links; directories by
 * their place in the tree.
 */
long vfs_file_name(const struct vfs_ctx *ctx, const struct file *f,
		   char *buf, size_t size);

/* Read a file's bytes into a kernel buffer: bytes read or -errno. */
long vfs_read_kernel(struct inode *inode, uint64_t off, void *buf,
		     size_t len);

/* A link's target, NUL-terminated, into buf: its length or -errno. */
long vfs_readlink(struct inode *inode, char *buf, size_t size);

/* The statfs(2) of the file system holding path. */
void vfs_statfs(const struct path *path, struct statfs *st);

/* The path a file was opened through (referenced in the file). */
const struct path *vfs_file_path(const struct file *f);
struct inode *vfs_file_inode(const struct file *f);

/*
 * The generic directory read for getdents64 over ops->iterate, and the
 * generic file read, write and lseek over ops->read and ops->write.
 */
long vfs_getdents(struct file *f, frame_uptr_t buf, size_t len);
long vfs_generic_lseek(struct file *f, int64_t off, int whence);

/* mount(2) and umount2(2) with MS_* and MNT_* flags. */
int vfs_mount(const struct vfs_ctx *ctx, const char *source,
	      const char *target, const char *fstype, unsigned long flags,
	      const char *data);
int vfs_umount(const struct vfs_ctx *ctx, const char *target, int flags);

/*
 * /proc/mounts and /proc/<pid>/mountinfo: one line per mount visible from
 * ctx's root; the length, or -ENAMETOOLONG if size is too small.
 */
long vfs_mounts_show(const struct vfs_ctx *ctx, char *buf, size_t size);
long vfs_mountinfo_show(const struct vfs_ctx *ctx, char *buf, size_t size);

/* /proc/filesystems. */
long vfs_filesystems_show(char *buf, size_t size);

/* The file system types (in fs/). */
extern const struct fs_type tmpfs_type;
extern const struct fs_type ramfs_type;
extern const struct fs_type devtmpfs_type;
extern const struct fs_type proc_type;
extern const struct fs_type devpts_type;

/* Put the initramfs into the tree at root (fs/initramfs). */
int initramfs_unpack(const struct vfs_ctx *ctx, const void *archive,
		     size_t size);

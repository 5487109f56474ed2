/*
 * Open files and file-descriptor tables.
 *
 * A struct file is one open file description: its operations, status
 * flags and position, shared by every descriptor that dup() or fork()
 * made from it, and freed with its last reference. A process's fdtable
 * maps descriptor numbers to files, with a close-on-exec bit each.
 *
 * Locking: fdt->lock protects the table; a file's pos and flags are its
 * operations' business (a pipe has its own lock).
 */
#pragma once

#include <frame/uaccess.h>

#include <kernel/types.h>
#include <kernel/wait.h>

#define FD_MAX 256

struct file;
struct poll_table;

struct file_ops {
	/* Both may sleep; return bytes moved or -errno. */
	long (*read)(struct file *f, frame_uptr_t buf, size_t len);
	long (*write)(struct file *f, frame_uptr_t buf, size_t len);
	/* Optional: reposition (SEEK_*), list a directory (dirent64s). */
	long (*lseek)(struct file *f, int64_t off, int whence);
	long (*getdents)(struct file *f, frame_uptr_t buf, size_t len);
	/* The last reference is gone. */
	void (*release)(struct file *f);
	/* Optional: the name of a file with no path, as /proc shows it. */
	long (*show_name)(struct file *f, char *buf, size_t size);
	/* Optional: the poll events f is ready for (kernel/poll.h). */
	unsigned int (*poll)(struct file *f, struct poll_table *pt);
	/* Optional: device requests; -ENOTTY for unknown ones. */
	long (*ioctl)(struct file *f, unsigned int cmd, uintptr_t arg);
};

struct inode;
struct mount;

/* A place in the file tree: a mount and an inode in it (fs/vfs.h). */
struct path {
	struct mount *mnt;
	struct inode *inode;
};

struct file {
	const struct file_ops *ops;
	unsigned int flags;		/* O_ACCMODE, O_NONBLOCK, O_APPEND */
	uint64_t pos;
	unsigned int refs;		/* atomic */
	struct path path;		/* opened through, referenced; or none */
	struct path dir;		/* and the directory it was named in */
	char *name;			/* by this name (kmalloc'd); or none */
	void *priv;
};

struct file *file_alloc(const struct file_ops *ops, unsigned int flags,
			void *priv);
void file_get(struct file *f);
void file_put(struct file *f);

struct fdtable {
	unsigned int refs;		/* atomic: processes sharing it */
	struct mutex lock;
	struct file *files[FD_MAX];
	uint64_t cloexec[FD_MAX / 64];
};

struct fdtable *fdtable_create(void);
/* A copy for fork: the same files, with new references. */
struct fdtable *fdtable_fork(struct fdtable *fdt);
/* Shared by one more process (CLONE_FILES); one less: the last closes all. */
void fdtable_get(struct fdtable *fdt);
void fdtable_put(struct fdtable *fdt);
void fdtable_close_on_exec(struct fdtable *fdt);

/* Install f (taking over the caller's reference) at the lowest free
 * descriptor >= min; returns it, or -EMFILE (f is then released). */
int fd_install(struct fdtable *fdt, struct file *f, int min, bool cloexec);

/* The file at fd with a new reference, or NULL. */
struct file *fd_get(struct fdtable *fdt, int fd);

int fd_close(struct fdtable *fdt, int fd);

/* dup2/dup3: make newfd refer to oldfd's file. */
int fd_dup_to(struct fdtable *fdt, int oldfd, int newfd, bool cloexec);

int fd_get_cloexec(struct fdtable *fdt, int fd);
int fd_set_cloexec(struct fdtable *fdt, int fd, bool on);

/* The console as a file (fds 0, 1 and 2 of process 1). */
struct file *console_file_open(void);

/* Open character device major:minor (devices.c); -ENXIO if none. */
int chrdev_open(unsigned int major, unsigned int minor, unsigned int flags,
		struct file **out);

/*
 * A device's write(): hand the len user bytes at buf to sink, a kernel
 * chunk at a time. Returns the bytes taken, or -EFAULT if none could be.
 */
long write_from_user(frame_uptr_t buf, size_t len,
		     void (*sink)(void *arg, const char *chunk, size_t n),
		     void *arg);

/* Bytes a read could return now, for FIONREAD; -ENOTTY if unknown. */
long pipe_readable(struct file *f);

/* A pipe: files for its read and write ends. */
int pipe_create(unsigned int flags, struct file **rd, struct file **wr);

/*
 * procfs inside: a tree of entries described by tables. Every inode is
 * made when it is looked up and names an entry, plus the process (pid)
 * and descriptor (fd) it is about; a file's text is made when it is
 * opened, from the kernel's state at that moment.
 */
#pragma once

#include <fs/vfs.h>
#include <kernel/printf.h>

/* A growing text buffer: what a file shows. */
struct seq {
	char *buf;
	size_t size, len;
	bool overflow;		/* made again with a bigger buffer */
};

void seq_printf(struct seq *s, const char *fmt, ...) __printf(2, 3);
void seq_write(struct seq *s, const void *data, size_t len);

struct proc_node;

/* A directory whose children are not a fixed table (pids, fds). */
struct proc_dynamic {
	/* The child called name (a number), as pid and fd; -ENOENT. */
	int (*lookup)(const struct proc_node *dir, const char *name,
		      size_t len, int *pid, int *fd);
	/*
	 * The n-th child from position pos (>= 0) onwards: its name, pid
	 * and fd and the position after it; false at the end.
	 */
	bool (*next)(const struct proc_node *dir, uint64_t *pos, char *name,
		     size_t size, int *pid, int *fd);
	const struct proc_entry *entry;		/* what each child is */
};

struct proc_entry {
	const char *name;
	uint32_t mode;				/* type and permissions */
	/* Files: write the contents; 0 or -errno. */
	int (*show)(struct seq *s, const struct proc_node *n);
	/* Writable files: take one write(2)'s bytes. */
	long (*store)(const struct proc_node *n, const char *buf, size_t len);
	/* Links: the target. */
	long (*link)(const struct proc_node *n, char *buf, size_t size);
	/* Directories: a fixed table, then dynamic children. */
	const struct proc_entry *children;
	size_t nchildren;
	const struct proc_dynamic *dynamic;
	/* Owned by the process (pid directories and their files). */
	bool per_process;
	/* For a show or store shared by entries: which datum is meant. */
	size_t arg;
};

struct proc_node {
	const struct proc_entry *entry;
	int pid;				/* 0: not about a process */
	int fd;					/* -1: not about a descriptor */
	struct inode *parent;			/* referenced; NULL at the top */
};

/* The reader's view of the tree: its own root and credentials. */
struct vfs_ctx proc_reader_ctx(void);

/* /proc/mounts and /proc/<pid>/mounts, as the reader sees them. */
int proc_show_mounts(struct seq *s, const struct proc_node *n);

/* The tables: the top directory and a process's directory. */
extern const struct proc_entry proc_root_entry;
extern const struct proc_entry proc_pid_entry;
extern const struct proc_dynamic proc_pid_dynamic;

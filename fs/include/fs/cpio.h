/*
 * Reading files out of a newc cpio archive (the initramfs format) in
 * place. The archive is untrusted input: every header is checked.
 */
#pragma once

#include <kernel/types.h>

struct cpio_entry {
	const char *name;	/* not NUL-terminated: name_len bytes */
	size_t name_len;
	uint32_t mode;
	uint32_t uid, gid;
	uint32_t mtime;		/* seconds since the epoch */
	uint32_t rdev;		/* devices: major << 8 | minor */
	const void *data;
	size_t size;
};

/*
 * Step through an archive: *pos starts at 0. Returns 1 with *e filled,
 * 0 at the trailer, or -EINVAL for a malformed archive.
 */
int cpio_next(const void *archive, size_t size, size_t *pos,
	      struct cpio_entry *e);

/*
 * Find path ("/init" or "init") in the archive. Returns 0 with *e filled,
 * -ENOENT, or -EINVAL for a malformed archive.
 */
int cpio_find(const void *archive, size_t size, const char *path,
	      struct cpio_entry *e);

/*
 * The boot initramfs (fs/initramfs.h).
 */
#include <fs/initramfs.h>

static const void *archive;
static size_t archive_size;

void initramfs_init(const void *data, size_t size)
{
	archive = data;
	archive_size = size;
}

int initramfs_lookup(const char *path, struct cpio_entry *e)
{
	if (!archive) {
		return -ENOENT;
	}
	return cpio_find(archive, archive_size, path, e);
}

/*
 * The initramfs the boot loader handed over, kept for lookups by path
 * until the VFS unpacks it into a tmpfs root.
 */
#pragma once

#include <fs/cpio.h>

void initramfs_init(const void *archive, size_t size);

/* Find a file: 0, -ENOENT (also with no initramfs) or -EINVAL. */
int initramfs_lookup(const char *path, struct cpio_entry *e);

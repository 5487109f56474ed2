/*
 * The kernel heap: kmalloc() and kfree().
 *
 * Small objects come from size-class slabs, larger ones straight from pages.
 * Every object has poisoned redzones around it (the slack up to its size
 * class counts as redzone too) and a freed object waits in a FIFO quarantine
 * before it can be reused, so the sanitizer hooks (frame/san.h) catch
 * overflows and uses after free with ASan and Valgrind on the host frame.
 * Allocation never sleeps and is allowed in interrupt context.
 */
#pragma once

#include <kernel/types.h>

#define KM_ZERO 0x1		/* zero the object */

void slab_init(void);

/* Returns NULL when memory is exhausted. kmalloc(0) returns a valid
 * pointer to zero usable bytes. */
void *kmalloc(size_t size, unsigned int flags);

static inline void *kzalloc(size_t size)
{
	return kmalloc(size, KM_ZERO);
}

/* Free an object from kmalloc(); kfree(NULL) does nothing. */
void kfree(const void *ptr);

/* Bytes the caller may use in an object (what it asked for). */
size_t kmalloc_size(const void *ptr);

/* Objects in the quarantine, waiting to become reusable. */
size_t slab_quarantine_count(void);

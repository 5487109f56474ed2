/*
 * Access to user memory from the kernel.
 *
 * A user address is a frame_uptr_t: a struct, so dereferencing one is a
 * compile error. Every access goes through the active address space's page
 * table with the user's own permissions: a page that is missing, not user,
 * or read-only for a write is first handed to the kernel's fault handler
 * (which may map it, copy on write, ...), and if that fails the access
 * stops there. Nothing is ever written through a read-only user mapping.
 *
 * All functions may sleep (in the fault handler) and must not be called
 * with a spinlock held or in interrupt context.
 */
#pragma once

#include <frame/types.h>

typedef struct {
	uintptr_t addr;
} frame_uptr_t;

static inline frame_uptr_t frame_uptr(uintptr_t addr)
{
	return (frame_uptr_t){ addr };
}

static inline frame_uptr_t frame_uptr_add(frame_uptr_t p, size_t off)
{
	return (frame_uptr_t){ p.addr + off };
}

/* Copy len bytes; returns the number of bytes NOT copied (0 on success). */
size_t frame_copy_from_user(void *dst, frame_uptr_t src, size_t len);
size_t frame_copy_to_user(frame_uptr_t dst, const void *src, size_t len);

/* Zero len bytes of user memory; returns the number of bytes NOT zeroed. */
size_t frame_clear_user(frame_uptr_t dst, size_t len);

/*
 * Copy a NUL-terminated string of at most size bytes (NUL included) into
 * dst. Returns its length, -ENAMETOOLONG if no NUL came within size bytes,
 * or -EFAULT if it runs into memory that cannot be read.
 */
long frame_strncpy_from_user(char *dst, frame_uptr_t src, size_t size);

/*
 * Futex atomics on an aligned 32-bit user word. frame_futex_read loads it;
 * frame_futex_cmpxchg replaces expected by desired atomically and stores the
 * value found in *found. Both return 0, -EINVAL if uaddr is not 4-byte
 * aligned, or -EFAULT.
 */
int frame_futex_read(frame_uptr_t uaddr, uint32_t *val);
int frame_futex_cmpxchg(frame_uptr_t uaddr, uint32_t expected,
			uint32_t desired, uint32_t *found);

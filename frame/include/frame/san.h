/*
 * Sanitizer hooks.
 *
 * The kernel's own allocators call these so that its heap is visible to the
 * host's AddressSanitizer and Valgrind memcheck: a heap overflow or a
 * use-after-free anywhere above the frame is then reported by the tool with
 * the usual stack traces. On a frame without such a tool they cost nothing.
 * All are callable from any context and never sleep.
 */
#pragma once

#include <frame/types.h>

/*
 * A heap object of size bytes at obj comes to life with redzone bytes of
 * redzone on each side. Its contents are undefined unless zeroed.
 */
void frame_san_obj_alloc(const void *obj, size_t size, size_t redzone,
			 bool zeroed);

/* The object at obj (size bytes, as allocated) is freed. */
void frame_san_obj_free(const void *obj, size_t size, size_t redzone);

/* Make [addr, addr + len) inaccessible, as a heap redzone. */
void frame_san_poison(const void *addr, size_t len);

/* Make [addr, addr + len) accessible again; contents undefined. */
void frame_san_unpoison(const void *addr, size_t len);

/* Declare [addr, addr + len) initialised (written by a device, say). */
void frame_san_mark_defined(const void *addr, size_t len);

/*
 * Sanitizer hooks (frame/san.h) on the host: the kernel's heap objects and
 * free pages, described to AddressSanitizer through its shadow memory and
 * to Valgrind memcheck through client requests. The shadow bytes written
 * are ASan's own heap codes, so reports read "heap-buffer-overflow" and
 * "heap-use-after-free" as for malloc'd memory.
 */
#include <valgrind/memcheck.h>

#include <frame/san.h>

#include "internal.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>

#define SHADOW_HEAP_REDZONE 0xfa
#define SHADOW_HEAP_FREED 0xfd

/* Set the shadow of whole 8-byte granules in [addr, addr + len). */
__attribute__((no_sanitize_address))
static void shadow_fill(const void *addr, size_t len, unsigned char code)
{
	static size_t scale, offset;
	uintptr_t lo = ((uintptr_t)addr + 7) & ~(uintptr_t)7;
	uintptr_t hi = ((uintptr_t)addr + len) & ~(uintptr_t)7;

	if (!scale) {
		__asan_get_shadow_mapping(&scale, &offset);
	}
	for (uintptr_t a = lo; a < hi; a += 8) {
		*(unsigned char *)((a >> scale) + offset) = code;
	}
}
#endif

void frame_san_obj_alloc(const void *obj, size_t size, size_t redzone,
			 bool zeroed)
{
#ifdef __SANITIZE_ADDRESS__
	shadow_fill((const char *)obj - redzone, redzone, SHADOW_HEAP_REDZONE);
	__asan_unpoison_memory_region(obj, size);
	shadow_fill((const char *)obj + size, redzone, SHADOW_HEAP_REDZONE);
#endif
	VALGRIND_MALLOCLIKE_BLOCK(obj, size, redzone, zeroed);
}

void frame_san_obj_free(const void *obj, size_t size, size_t redzone)
{
#ifdef __SANITIZE_ADDRESS__
	/* Round up so the object's last partial granule is poisoned too. */
	shadow_fill(obj, (size + 7) & ~(size_t)7, SHADOW_HEAP_FREED);
#endif
	(void)size;
	VALGRIND_FREELIKE_BLOCK(obj, redzone);
}

void frame_san_poison(const void *addr, size_t len)
{
#ifdef __SANITIZE_ADDRESS__
	shadow_fill(addr, len, SHADOW_HEAP_REDZONE);
#endif
	VALGRIND_MAKE_MEM_NOACCESS(addr, len);
}

void frame_san_unpoison(const void *addr, size_t len)
{
#ifdef __SANITIZE_ADDRESS__
	__asan_unpoison_memory_region(addr, len);
#endif
	VALGRIND_MAKE_MEM_UNDEFINED(addr, len);
}

void frame_san_mark_defined(const void *addr, size_t len)
{
#ifdef __SANITIZE_ADDRESS__
	__asan_unpoison_memory_region(addr, len);
#endif
	VALGRIND_MAKE_MEM_DEFINED(addr, len);
}

void fc_san_page_free(const void *data, size_t len)
{
#ifdef __SANITIZE_ADDRESS__
	shadow_fill(data, len, SHADOW_HEAP_FREED);
#endif
	VALGRIND_MAKE_MEM_NOACCESS(data, len);
}

void fc_san_page_alloc(const void *data, size_t len)
{
	frame_san_unpoison(data, len);
}

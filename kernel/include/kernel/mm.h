/*
 * User address spaces: the kernel's view (regions, "VMAs") over the
 * frame's page tables (frame/vm.h). Pages arrive on demand through the
 * page-fault handler; private writable pages are shared copy-on-write
 * after fork; the heap (brk) and mmap regions are VMAs like any other.
 *
 * Locking: mm->lock (a mutex) protects the VMA list and the brk fields.
 * It is never held across a user-memory access, since that may fault and
 * take it again.
 */
#pragma once

#include <frame/vm.h>

#include <kernel/list.h>
#include <kernel/types.h>
#include <kernel/wait.h>

#define VMA_SHARED	0x1	/* MAP_SHARED: no copy-on-write */

struct file;

struct vma {
	uintptr_t start, end;		/* page-aligned, end exclusive */
	unsigned int prot;		/* FRAME_PROT_* */
	unsigned int flags;		/* VMA_* */
	struct file *file;		/* mapped from, referenced; or NULL */
	uint64_t off;			/* the file offset of start */
	struct list_head node;		/* on mm->vmas, by address */
};

struct mm {
	struct frame_vm *vm;		/* constant */
	unsigned int users;		/* atomic: processes running in it */
	struct mutex lock;
	struct list_head vmas;
	uintptr_t brk_start, brk;	/* the heap: [brk_start, brk) */
	uintptr_t mmap_top;		/* mmap searches down from here */
	uintptr_t stack_start, stack_end;	/* set by exec */
	uintptr_t arg_start, arg_end;		/* argv strings */
	uintptr_t env_start, env_end;		/* envp strings */
};

/* Install the kernel's page-fault handler with the frame. */
void mm_init(void);

/* A new, empty address space with one user. */
struct mm *mm_create(void);

/* One more process runs in mm (clone with CLONE_VM); one less: the last
 * one destroys it. */
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);

/* Copy for fork: shared regions shared, private ones copy-on-write. */
struct mm *mm_fork(struct mm *mm);

/*
 * Map anonymous memory. With fixed, exactly at addr (replacing what was
 * there); otherwise near the top of the mmap area. Stores the address;
 * returns 0, -EINVAL or -ENOMEM.
 */
int mm_map(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
	   unsigned int flags, bool fixed, uintptr_t *out);
int mm_unmap(struct mm *mm, uintptr_t addr, size_t len);

/* mm_map, the region recording that it shows file from offset off. */
int mm_map_file(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot,
		unsigned int flags, bool fixed, struct file *file,
		uint64_t off, uintptr_t *out);

/*
 * mremap: resize [old, old + old_len) to new_len, in place if it can,
 * else (MM_REMAP_MAYMOVE) elsewhere, or exactly at new_addr
 * (MM_REMAP_FIXED). Stores the address; 0, -EINVAL, -EFAULT (not one
 * region) or -ENOMEM (no room).
 */
#define MM_REMAP_MAYMOVE 1
#define MM_REMAP_FIXED 2
int mm_remap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len,
	     unsigned int flags, uintptr_t new_addr, uintptr_t *out);

/*
 * Read another space's memory through its page tables, without faulting
 * anything in: bytes copied up to the first page not present.
 */
size_t mm_read(struct mm *mm, uintptr_t addr, void *buf, size_t len);

/* Is all of [addr, addr + len) in regions? */
bool mm_is_mapped(struct mm *mm, uintptr_t addr, size_t len);

/* Pages present, and bytes of regions (for /proc and getrusage). */
size_t mm_resident_pages(struct mm *mm);
size_t mm_total_bytes(struct mm *mm);
int mm_protect(struct mm *mm, uintptr_t addr, size_t len, unsigned int prot);

/* Set the program break; returns the break in effect afterwards. */
uintptr_t mm_brk(struct mm *mm, uintptr_t addr);

/*
 * Make an access (FRAME_ACCESS_*) at addr possible: a fresh zeroed page,
 * a file's page, or a private copy of a shared one. 0, -EFAULT (nothing
 * mapped there), -EACCES (the region forbids it) or -EIO (past the end of
 * a mapped file: SIGBUS). May sleep.
 */
int mm_fault(struct mm *mm, uintptr_t addr, unsigned int access);

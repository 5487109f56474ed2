/*
 * User address spaces.
 *
 * An address space holds the user half of a page table. A mapping is
 * (space, virtual address, page handle, protection): nothing above the frame
 * sees a page-table entry or a physical address. Mapping a page takes a
 * reference to it and raises its map count; unmapping flushes the TLB of
 * every CPU where the space is active before it drops them, so a page is
 * never freed while a stale translation could still reach it.
 *
 * All calls take the space's own lock, never sleep and may be called with
 * interrupts disabled; the fault handler is the one upcall.
 */
#pragma once

#include <frame/page.h>

struct frame_vm;

/* Protection bits of a mapping. Every mapping is readable on x86. */
#define FRAME_PROT_READ		0x1
#define FRAME_PROT_WRITE	0x2
#define FRAME_PROT_EXEC		0x4

/* Bits reported by frame_vm_query() besides the protection. */
#define FRAME_VM_ACCESSED	0x10	/* read or written since mapped */
#define FRAME_VM_DIRTY		0x20	/* written since mapped */

/* Kinds of access, for the fault handler. */
#define FRAME_ACCESS_READ	0x1
#define FRAME_ACCESS_WRITE	0x2
#define FRAME_ACCESS_EXEC	0x4

/* User addresses are [FRAME_USER_START, frame_vm_user_end()). */
#define FRAME_USER_START	0x10000UL
uintptr_t frame_vm_user_end(void);

/* Create an empty address space; NULL when memory is exhausted. */
struct frame_vm *frame_vm_create(void);

/*
 * Unmap everything and free the page tables. The space must not be active
 * on any CPU.
 */
void frame_vm_destroy(struct frame_vm *vm);

/*
 * Map the single page (order 0) at va with prot. A prot of 0 keeps the
 * page mapped (and referenced) where neither user mode nor user copies
 * can reach it, as PROT_NONE memory keeps its contents. Returns 0, -EINVAL
 * (va not a page-aligned user address, page not order 0, prot unknown),
 * -EEXIST (va already mapped) or -ENOMEM (no page for a page table).
 */
int frame_vm_map(struct frame_vm *vm, uintptr_t va, struct frame_page *page,
		 unsigned int prot);

/*
 * Unmap every page in [va, va + len). Returns the number of pages that were
 * mapped, or -EINVAL for a range that is unaligned or not user space.
 */
long frame_vm_unmap(struct frame_vm *vm, uintptr_t va, size_t len);

/*
 * Change the protection of the mapped pages in [va, va + len) (0 as for
 * frame_vm_map); unmapped pages are skipped. Returns the number of pages
 * changed, or -EINVAL.
 */
long frame_vm_protect(struct frame_vm *vm, uintptr_t va, size_t len,
		      unsigned int prot);

/*
 * Look up the page mapped at va (any address inside it). On success stores
 * the page with a new reference the caller must put (if page is not NULL)
 * and its protection plus FRAME_VM_ACCESSED/FRAME_VM_DIRTY (if prot is not
 * NULL; 0 for a page mapped with prot 0), and returns 0; -ENOENT if
 * nothing is mapped there.
 */
int frame_vm_query(struct frame_vm *vm, uintptr_t va,
		   struct frame_page **page, unsigned int *prot);

/* Clear the accessed and dirty bits of the page at va; -ENOENT if none. */
int frame_vm_clear_young(struct frame_vm *vm, uintptr_t va);

/* One word per space for its owner above the frame (the kernel's mm). */
void frame_vm_set_owner(struct frame_vm *vm, void *owner);
void *frame_vm_owner(const struct frame_vm *vm);

/* Make vm this CPU's user address space (NULL: none). */
void frame_vm_activate(struct frame_vm *vm);

/* This CPU's active user address space, or NULL. */
struct frame_vm *frame_vm_active(void);

/*
 * The kernel's page-fault handler: make the access of kind access
 * (FRAME_ACCESS_*) to addr in vm possible and return 0, or return a
 * negative errno if it is not allowed. Called by the user-memory functions
 * (frame/uaccess.h) with no spinlock held; it may sleep.
 */
typedef int (*frame_fault_handler_t)(struct frame_vm *vm, uintptr_t addr,
				     unsigned int access);

/* Install the handler; returns the one it replaces. */
frame_fault_handler_t frame_vm_set_fault_handler(frame_fault_handler_t fn);

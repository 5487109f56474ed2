/*
 * Kernel contexts on bare metal. Each context's stack lives in a slot of
 * the kernel stack area: an unmapped guard page, then STACK_PAGES pages
 * from the kernel's allocator, with the context's bookkeeping at the top.
 * Running off the bottom of a stack hits the guard page, and the double
 * fault handler names it a kernel stack overflow.
 */
#include <frame/task.h>

#include "arch.h"
#include "x86.h"

#define STACK_PAGES	4
#define SLOT_SIZE	((STACK_PAGES + 1) * FRAME_PAGE_SIZE)
#define MAX_SLOTS	4096

struct frame_context {
	void *sp;
	uint64_t id;
	uintptr_t slot;			/* 0 for the boot context */
	void (*entry)(void *arg);
	void *arg;
	bool exited;
};

extern char boot_stack_bottom[];

static struct frame_context boot_context;
static struct frame_context *current = &boot_context;
static uint64_t slots_used[MAX_SLOTS / 64];
static uint64_t next_id = 1;
static frame_spinlock_t slots_lock = FRAME_SPINLOCK_INIT("stack_slots");

bool context_guard_hit(uintptr_t addr)
{
	if (addr < STACK_AREA || addr >= STACK_AREA + MAX_SLOTS * SLOT_SIZE) {
		/* Below the boot stack is the rest of .bss: no guard there. */
		return false;
	}
	return (addr - STACK_AREA) % SLOT_SIZE < FRAME_PAGE_SIZE;
}

static uintptr_t slot_alloc(void)
{
	frame_irqflags_t flags = frame_spin_lock(&slots_lock);
	uintptr_t va = 0;

	for (unsigned int i = 0; i < MAX_SLOTS; i++) {
		if (!(slots_used[i / 64] & (1ULL << (i % 64)))) {
			slots_used[i / 64] |= 1ULL << (i % 64);
			va = STACK_AREA + (uintptr_t)i * SLOT_SIZE;
			break;
		}
	}
	frame_spin_unlock(&slots_lock, flags);
	return va;
}

/* Unmap and free the stack pages of a slot and give the slot back. */
static void slot_free(uintptr_t va)
{
	unsigned int i = (unsigned int)((va - STACK_AREA) / SLOT_SIZE);
	frame_irqflags_t flags;

	for (unsigned int p = 1; p <= STACK_PAGES; p++) {
		frame_pfn_t pfn = kunmap_page(va + p * FRAME_PAGE_SIZE);

		if (pfn) {
			frame_page_put(fc_page_of_pfn(pfn));
		}
	}
	flags = frame_spin_lock(&slots_lock);
	slots_used[i / 64] &= ~(1ULL << (i % 64));
	frame_spin_unlock(&slots_lock, flags);
}

static void context_entry(void *arg)
{
	struct frame_context *ctx = arg;

	ctx->entry(ctx->arg);
	fc_fatal("kernel context entry returned", NULL, ctx->id);
}

struct frame_context *frame_context_create(void (*entry)(void *), void *arg)
{
	uintptr_t slot = slot_alloc();
	struct frame_context *ctx;

	if (!slot) {
		return NULL;
	}
	for (unsigned int p = 1; p <= STACK_PAGES; p++) {
		struct frame_page *page = frame_page_alloc(0, 0);

		if (!page || kmap_page(slot + p * FRAME_PAGE_SIZE,
				       frame_page_pfn(page),
				       PTE_W | pte_nx()) != 0) {
			if (page) {
				frame_page_put(page);
			}
			slot_free(slot);
			return NULL;
		}
	}
	ctx = (struct frame_context *)(slot + SLOT_SIZE) - 1;
	*ctx = (struct frame_context){ .slot = slot, .entry = entry,
				       .arg = arg };
	ctx->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	ctx->sp = fc_context_stack_init(ctx, context_entry, ctx);
	return ctx;
}

void frame_context_destroy(struct frame_context *ctx)
{
	if (ctx == current || !ctx->slot) {
		fc_fatal("destroying a running or the boot context", NULL,
			 ctx->id);
	}
	slot_free(ctx->slot);
}

struct frame_context *frame_context_current(void)
{
	return current;
}

uint64_t frame_context_id(const struct frame_context *ctx)
{
	return ctx->id;
}

void frame_context_switch(struct frame_context *from, struct frame_context *to)
{
	if (from != current || to->exited) {
		fc_fatal("bad context switch", NULL, to->id);
	}
	if (from == to) {
		return;
	}
	current = to;
	fc_switch(&from->sp, to->sp);
}

void frame_context_exit(struct frame_context *from, struct frame_context *to)
{
	if (from != current || from == to || to->exited) {
		fc_fatal("bad context exit", NULL, from->id);
	}
	from->exited = true;
	current = to;
	fc_switch(&from->sp, to->sp);
	__builtin_unreachable();
}

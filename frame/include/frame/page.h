/*
 * Physical pages.
 *
 * Every page of RAM has frame-owned metadata: a state, a reference count and
 * a map count. Code above the frame names pages only through handles
 * (struct frame_page *, opaque) and gets a pointer only to the contents of a
 * page it holds a reference to. The frame, not the allocator, enforces the
 * safety rules: a page is handed out only when free, is released only when
 * its last reference goes and it is mapped nowhere, and a double release or
 * a release of a mapped page is reported and stops the kernel.
 *
 * Allocation policy lives above the frame: the kernel registers an allocator
 * that chooses free page numbers; frame_page_alloc() asks it for a run and
 * claims it, and the last frame_page_put() returns the run to it. Freed page
 * contents are poisoned for the sanitizers (see frame/san.h).
 *
 * A handle names the head of a run of 2^order contiguous pages.
 */
#pragma once

#include <frame/types.h>

struct frame_page;

typedef uint64_t frame_pfn_t;

#define FRAME_PAGE_MAX_ORDER 10

/* Allocation flags. */
#define FRAME_PAGE_ZERO	0x1	/* zero the contents */

/*
 * The kernel's allocation policy. Both callbacks run with interrupts
 * disabled, must not sleep, and must not call back into the page API.
 * alloc() picks a free run of 2^order pages and stores its first page
 * number; it returns false when none is left. release() takes back a run
 * whose last reference is gone.
 */
struct frame_page_allocator {
	bool (*alloc)(unsigned int order, frame_pfn_t *pfn);
	void (*release)(frame_pfn_t pfn, unsigned int order);
};

/* Install the allocation policy; once, before the first frame_page_alloc(). */
void frame_page_set_allocator(const struct frame_page_allocator *ops);

/*
 * Claim the free run of 2^order pages starting at pfn without asking the
 * allocator (used by the allocator itself, for its own metadata). Returns a
 * handle holding one reference, or NULL if a page in the run is not free
 * RAM. Never sleeps.
 */
struct frame_page *frame_page_claim(frame_pfn_t pfn, unsigned int order,
				    unsigned int flags);

/*
 * Allocate 2^order contiguous pages through the registered allocator.
 * Returns a handle holding one reference, or NULL when memory is exhausted.
 * Never sleeps; callable with interrupts disabled.
 */
struct frame_page *frame_page_alloc(unsigned int order, unsigned int flags);

/* Take another reference. The caller must already hold one. */
void frame_page_get(struct frame_page *page);

/*
 * Drop a reference. The last one returns the run to the allocator; if the
 * page is still mapped, or had no reference left, the frame reports the
 * misuse and halts.
 */
void frame_page_put(struct frame_page *page);

/* Contents of a page the caller holds a reference to: 2^order pages. */
void *frame_page_data(const struct frame_page *page);

/*
 * The handle of the allocated run whose contents contain ptr, or NULL if ptr
 * is not inside an allocated page. Takes no reference.
 */
struct frame_page *frame_page_of(const void *ptr);

unsigned int frame_page_order(const struct frame_page *page);
frame_pfn_t frame_page_pfn(const struct frame_page *page);
unsigned int frame_page_refcount(const struct frame_page *page);
unsigned int frame_page_mapcount(const struct frame_page *page);

/* One word per run, owned by whoever allocated it (the slab, say). */
void frame_page_set_private(struct frame_page *page, void *priv);
void *frame_page_private(const struct frame_page *page);

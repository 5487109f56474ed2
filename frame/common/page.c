/*
 * Page metadata and the page-handle rules (frame/page.h), shared by both
 * frames. Allocation policy is the kernel's; this file enforces only that a
 * page is claimed when free, released once, and never while mapped.
 */
#include <frame/san.h>

#include "internal.h"

static struct frame_page *pages;
static frame_pfn_t npages;
static const struct frame_page_allocator *allocator;
static frame_spinlock_t page_lock = FRAME_SPINLOCK_INIT("frame_page");

void fc_page_init(struct frame_page *meta, frame_pfn_t npfn,
		  const struct frame_mem_range *ranges, size_t nranges)
{
	pages = meta;
	npages = npfn;
	for (frame_pfn_t pfn = 0; pfn < npfn; pfn++) {
		pages[pfn] = (struct frame_page){ .state = FC_PAGE_NONE };
	}
	for (size_t i = 0; i < nranges; i++) {
		for (frame_pfn_t n = 0; n < ranges[i].npages; n++) {
			frame_pfn_t pfn = ranges[i].first_pfn + n;

			pages[pfn].state = FC_PAGE_FREE;
			fc_san_page_free(fc_pfn_to_data(pfn), FRAME_PAGE_SIZE);
		}
	}
}

void frame_page_set_allocator(const struct frame_page_allocator *ops)
{
	if (allocator) {
		fc_fatal("page allocator installed twice", NULL, 0);
	}
	allocator = ops;
}

static frame_pfn_t pfn_of(const struct frame_page *page)
{
	return (frame_pfn_t)(page - pages);
}

static void check_head(const struct frame_page *page, const char *op)
{
	if (page < pages || page >= pages + npages ||
	    page->state != FC_PAGE_HEAD) {
		fc_fatal("page handle is not an allocated page", op,
			 (uint64_t)(uintptr_t)page);
	}
}

/* Claim a run; page_lock held. */
static struct frame_page *claim_locked(frame_pfn_t pfn, unsigned int order)
{
	frame_pfn_t n = (frame_pfn_t)1 << order;

	if (order > FRAME_PAGE_MAX_ORDER || pfn >= npages || n > npages - pfn) {
		return NULL;
	}
	for (frame_pfn_t i = 0; i < n; i++) {
		if (pages[pfn + i].state != FC_PAGE_FREE) {
			return NULL;
		}
	}
	for (frame_pfn_t i = 1; i < n; i++) {
		pages[pfn + i] = (struct frame_page){
			.state = FC_PAGE_TAIL, .head_off = (uint32_t)i };
	}
	pages[pfn] = (struct frame_page){
		.state = FC_PAGE_HEAD, .order = (uint8_t)order, .refcount = 1 };
	return &pages[pfn];
}

static void prepare_contents(struct frame_page *page, unsigned int flags)
{
	size_t len = FRAME_PAGE_SIZE << page->order;
	void *data = fc_pfn_to_data(pfn_of(page));

	fc_san_page_alloc(data, len);
	if (flags & FRAME_PAGE_ZERO) {
		__builtin_memset(data, 0, len);
	}
}

struct frame_page *frame_page_claim(frame_pfn_t pfn, unsigned int order,
				    unsigned int flags)
{
	frame_irqflags_t irq = frame_spin_lock(&page_lock);
	struct frame_page *page = claim_locked(pfn, order);

	frame_spin_unlock(&page_lock, irq);
	if (page) {
		prepare_contents(page, flags);
	}
	return page;
}

struct frame_page *frame_page_alloc(unsigned int order, unsigned int flags)
{
	struct frame_page *page = NULL;
	frame_irqflags_t irq = frame_spin_lock(&page_lock);
	frame_pfn_t pfn;

	if (!allocator) {
		fc_fatal("frame_page_alloc before an allocator is set", NULL, 0);
	}
	if (order <= FRAME_PAGE_MAX_ORDER && allocator->alloc(order, &pfn)) {
		page = claim_locked(pfn, order);
		if (!page) {
			fc_fatal("allocator returned pages that are not free",
				 NULL, pfn);
		}
	}
	frame_spin_unlock(&page_lock, irq);
	if (page) {
		prepare_contents(page, flags);
	}
	return page;
}

void frame_page_get(struct frame_page *page)
{
	check_head(page, "get");
	if (__atomic_fetch_add(&page->refcount, 1, __ATOMIC_RELAXED) == 0) {
		fc_fatal("reference taken on a page with none", NULL,
			 pfn_of(page));
	}
}

void frame_page_put(struct frame_page *page)
{
	frame_pfn_t pfn, n;
	unsigned int order;
	frame_irqflags_t irq;

	if (page >= pages && page < pages + npages &&
	    page->state == FC_PAGE_FREE) {
		fc_fatal("page freed twice", "pfn", pfn_of(page));
	}
	check_head(page, "put");
	if (__atomic_sub_fetch(&page->refcount, 1, __ATOMIC_ACQ_REL) != 0) {
		return;
	}
	pfn = pfn_of(page);
	if (__atomic_load_n(&page->mapcount, __ATOMIC_ACQUIRE) != 0) {
		fc_fatal("page freed while still mapped", "pfn", pfn);
	}
	order = page->order;
	n = (frame_pfn_t)1 << order;
	fc_san_page_free(fc_pfn_to_data(pfn), FRAME_PAGE_SIZE << order);

	irq = frame_spin_lock(&page_lock);
	for (frame_pfn_t i = 0; i < n; i++) {
		pages[pfn + i] = (struct frame_page){ .state = FC_PAGE_FREE };
	}
	allocator->release(pfn, order);
	frame_spin_unlock(&page_lock, irq);
}

struct frame_page *fc_page_of_pfn(frame_pfn_t pfn)
{
	if (pfn >= npages || pages[pfn].state != FC_PAGE_HEAD) {
		fc_fatal("page-table entry names no allocated page", NULL, pfn);
	}
	return &pages[pfn];
}

void fc_page_map_inc(struct frame_page *page)
{
	check_head(page, "map");
	frame_page_get(page);
	__atomic_add_fetch(&page->mapcount, 1, __ATOMIC_RELAXED);
}

/* Drop a mapping and its reference; after the TLB flush. */
void fc_page_map_dec(struct frame_page *page)
{
	check_head(page, "unmap");
	if (__atomic_fetch_sub(&page->mapcount, 1, __ATOMIC_ACQ_REL) == 0) {
		fc_fatal("page unmapped more often than mapped", NULL,
			 pfn_of(page));
	}
	frame_page_put(page);
}

void *frame_page_data(const struct frame_page *page)
{
	check_head(page, "data");
	return fc_pfn_to_data(pfn_of(page));
}

struct frame_page *frame_page_of(const void *ptr)
{
	frame_pfn_t pfn;
	struct frame_page *page;

	if (!fc_data_to_pfn(ptr, &pfn) || pfn >= npages) {
		return NULL;
	}
	page = &pages[pfn];
	if (page->state == FC_PAGE_TAIL) {
		page -= page->head_off;
	}
	return page->state == FC_PAGE_HEAD ? page : NULL;
}

unsigned int frame_page_order(const struct frame_page *page)
{
	check_head(page, "order");
	return page->order;
}

frame_pfn_t frame_page_pfn(const struct frame_page *page)
{
	check_head(page, "pfn");
	return pfn_of(page);
}

unsigned int frame_page_refcount(const struct frame_page *page)
{
	check_head(page, "refcount");
	return __atomic_load_n(&page->refcount, __ATOMIC_RELAXED);
}

unsigned int frame_page_mapcount(const struct frame_page *page)
{
	check_head(page, "mapcount");
	return __atomic_load_n(&page->mapcount, __ATOMIC_RELAXED);
}

void frame_page_set_private(struct frame_page *page, void *priv)
{
	check_head(page, "set_private");
	page->priv = priv;
}

void *frame_page_private(const struct frame_page *page)
{
	check_head(page, "private");
	return page->priv;
}

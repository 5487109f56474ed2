/*
 * Buddy allocator policy (kernel/page.h).
 *
 * Free runs of 2^order pages, aligned to their size in page-frame numbers,
 * sit on one free list per order. The frame calls alloc() and release()
 * with its page lock held, which serialises them. The per-page bookkeeping
 * array lives in pages this allocator claims for itself at boot.
 */
#define pr_fmt(fmt) "page_alloc: " fmt

#include <frame/page.h>

#include <kernel/log.h>
#include <kernel/page.h>
#include <kernel/panic.h>

#define NONE UINT32_MAX

struct kpage {
	uint32_t next, prev;	/* free-list links, indices into kpages */
	uint8_t order;		/* valid while free and a run's head */
	bool free;		/* head of a free run */
};

static struct kpage *kpages;
static frame_pfn_t base_pfn, end_pfn;
static uint32_t free_list[FRAME_PAGE_MAX_ORDER + 1];
static uint64_t free_pages, total_pages;

static void list_push(uint32_t idx, unsigned int order)
{
	struct kpage *p = &kpages[idx];

	p->order = (uint8_t)order;
	p->free = true;
	p->prev = NONE;
	p->next = free_list[order];
	if (p->next != NONE) {
		kpages[p->next].prev = idx;
	}
	free_list[order] = idx;
	free_pages += 1ULL << order;
}

static void list_remove(uint32_t idx)
{
	struct kpage *p = &kpages[idx];

	if (p->prev != NONE) {
		kpages[p->prev].next = p->next;
	} else {
		free_list[p->order] = p->next;
	}
	if (p->next != NONE) {
		kpages[p->next].prev = p->prev;
	}
	p->free = false;
	free_pages -= 1ULL << p->order;
}

static bool buddy_alloc(unsigned int order, frame_pfn_t *pfn)
{
	unsigned int o = order;
	uint32_t idx;

	while (o <= FRAME_PAGE_MAX_ORDER && free_list[o] == NONE) {
		o++;
	}
	if (o > FRAME_PAGE_MAX_ORDER) {
		return false;
	}
	idx = free_list[o];
	list_remove(idx);
	while (o > order) {
		o--;
		list_push(idx + (1U << o), o);
	}
	*pfn = base_pfn + idx;
	return true;
}

static void buddy_release(frame_pfn_t pfn, unsigned int order)
{
	KASSERT(pfn >= base_pfn && pfn < end_pfn);
	while (order < FRAME_PAGE_MAX_ORDER) {
		frame_pfn_t buddy = pfn ^ (1ULL << order);
		struct kpage *b;

		if (buddy < base_pfn || buddy >= end_pfn) {
			break;
		}
		b = &kpages[buddy - base_pfn];
		if (!b->free || b->order != order) {
			break;
		}
		list_remove((uint32_t)(buddy - base_pfn));
		pfn &= ~(1ULL << order);
		order++;
	}
	list_push((uint32_t)(pfn - base_pfn), order);
}

static const struct frame_page_allocator buddy_ops = {
	.alloc = buddy_alloc,
	.release = buddy_release,
};

/* Claim pages for the kpages array from the first range big enough. */
static frame_pfn_t claim_meta(const struct frame_boot_info *info,
			      unsigned int *order_out)
{
	uint64_t bytes = (end_pfn - base_pfn) * sizeof(struct kpage);
	unsigned int order = 0;

	while ((FRAME_PAGE_SIZE << order) < bytes) {
		order++;
	}
	if (order > FRAME_PAGE_MAX_ORDER) {
		panic("page_alloc: %llu pages need too large a map",
		      (unsigned long long)(end_pfn - base_pfn));
	}
	for (size_t i = 0; i < info->nranges; i++) {
		frame_pfn_t pfn = info->ranges[i].first_pfn;
		struct frame_page *page;

		if (info->ranges[i].npages < (1ULL << order)) {
			continue;
		}
		page = frame_page_claim(pfn, order, FRAME_PAGE_ZERO);
		if (page) {
			kpages = frame_page_data(page);
			*order_out = order;
			return pfn;
		}
	}
	panic("page_alloc: no room for the page map");
}

/* Add [pfn, end) to the free lists as maximal aligned runs. */
static void add_free_range(frame_pfn_t pfn, frame_pfn_t end)
{
	while (pfn < end) {
		unsigned int order = 0;

		while (order < FRAME_PAGE_MAX_ORDER &&
		       (pfn & ((2ULL << order) - 1)) == 0 &&
		       pfn + (2ULL << order) <= end) {
			order++;
		}
		list_push((uint32_t)(pfn - base_pfn), order);
		total_pages += 1ULL << order;
		pfn += 1ULL << order;
	}
}

void page_alloc_init(const struct frame_boot_info *info)
{
	frame_pfn_t meta_pfn, meta_end;
	unsigned int meta_order;

	KASSERT(info->nranges > 0);
	base_pfn = info->ranges[0].first_pfn;
	end_pfn = 0;
	for (size_t i = 0; i < info->nranges; i++) {
		const struct frame_mem_range *r = &info->ranges[i];

		base_pfn = min(base_pfn, r->first_pfn);
		end_pfn = max(end_pfn, r->first_pfn + r->npages);
	}
	KASSERT(end_pfn - base_pfn < NONE);
	for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++) {
		free_list[o] = NONE;
	}

	meta_pfn = claim_meta(info, &meta_order);
	meta_end = meta_pfn + (1ULL << meta_order);
	for (size_t i = 0; i < info->nranges; i++) {
		frame_pfn_t lo = info->ranges[i].first_pfn;
		frame_pfn_t hi = lo + info->ranges[i].npages;

		if (meta_pfn >= lo && meta_pfn < hi) {
			add_free_range(lo, meta_pfn);
			add_free_range(meta_end, hi);
		} else {
			add_free_range(lo, hi);
		}
	}
	frame_page_set_allocator(&buddy_ops);
	pr_info("%llu pages free (%llu KiB), map uses %u pages",
		(unsigned long long)free_pages,
		(unsigned long long)(free_pages * FRAME_PAGE_SIZE / 1024),
		1U << meta_order);
}

uint64_t page_alloc_free_pages(void)
{
	return __atomic_load_n(&free_pages, __ATOMIC_RELAXED);
}

uint64_t page_alloc_total_pages(void)
{
	return total_pages;
}

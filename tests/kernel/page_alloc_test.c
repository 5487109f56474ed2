/*
 * Unit cases for the buddy page allocator policy.
 *
 * The cases that exhaust memory chain every run they take through the
 * run's own first bytes, so they need no other memory to remember them,
 * and give everything back before they finish.
 */
#include <frame/page.h>

#include <kernel/ktest.h>
#include <kernel/page.h>

/* Link to the next run of a chain, kept in the run's first bytes. */
struct run_link {
	struct frame_page *next;
};

static void chain_push(struct frame_page **head, struct frame_page *p)
{
	struct run_link *link = frame_page_data(p);

	link->next = *head;
	*head = p;
}

static void chain_free(struct frame_page **head)
{
	while (*head) {
		struct frame_page *p = *head;

		*head = ((struct run_link *)frame_page_data(p))->next;
		frame_page_put(p);
	}
}

/*
 * Take every free page, largest runs first, onto *chain. Returns the
 * number of pages taken.
 */
static uint64_t exhaust(struct frame_page **chain)
{
	uint64_t taken = 0;

	for (int order = FRAME_PAGE_MAX_ORDER; order >= 0; order--) {
		struct frame_page *p;

		while ((p = frame_page_alloc((unsigned int)order, 0))) {
			chain_push(chain, p);
			taken += 1ULL << order;
		}
	}
	return taken;
}

KTEST(page_alloc, alloc_and_free_restore_the_count)
{
	uint64_t before = page_alloc_free_pages();
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, p != NULL);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before - 1);
	frame_page_put(p);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before);
}

KTEST(page_alloc, order_n_allocation_takes_2_to_the_n_pages)
{
	for (unsigned int order = 0; order <= FRAME_PAGE_MAX_ORDER; order++) {
		uint64_t before = page_alloc_free_pages();
		struct frame_page *p = frame_page_alloc(order, 0);

		KT_ASSERT(t, p != NULL);
		KT_EXPECT_EQ(t, frame_page_order(p), order);
		KT_EXPECT_EQ(t, page_alloc_free_pages(),
			     before - (1ULL << order));
		frame_page_put(p);
		KT_EXPECT_EQ(t, page_alloc_free_pages(), before);
	}
}

KTEST(page_alloc, free_count_never_exceeds_total)
{
	KT_EXPECT(t, page_alloc_total_pages() > 0);
	KT_EXPECT(t, page_alloc_free_pages() <= page_alloc_total_pages());
}

KTEST(page_alloc, split_pages_freed_in_any_order_restore_the_count)
{
	struct frame_page *pages[16];
	uint64_t before = page_alloc_free_pages();

	for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++) {
		pages[i] = frame_page_alloc(0, 0);
		KT_ASSERT(t, pages[i] != NULL);
	}
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before - ARRAY_SIZE(pages));

	/* Odd ones first, then the even ones: buddies meet late. */
	for (unsigned int i = 1; i < ARRAY_SIZE(pages); i += 2) {
		frame_page_put(pages[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(pages); i += 2) {
		frame_page_put(pages[i]);
	}
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before);
}

KTEST(page_alloc, runs_are_aligned_to_their_size_by_pfn)
{
	struct frame_page *small = frame_page_alloc(0, 0);

	/* A single page taken first makes the later runs come from splits. */
	KT_ASSERT(t, small != NULL);
	for (unsigned int order = 0; order <= FRAME_PAGE_MAX_ORDER; order++) {
		struct frame_page *p = frame_page_alloc(order, 0);

		KT_ASSERT(t, p != NULL);
		KT_EXPECT_EQ(t, frame_page_pfn(p) & ((1ULL << order) - 1), 0);
		frame_page_put(p);
	}
	frame_page_put(small);
}

KTEST(page_alloc, order_3_run_is_8_page_aligned_after_splits)
{
	struct frame_page *singles[3], *runs[4];

	for (unsigned int i = 0; i < ARRAY_SIZE(singles); i++) {
		singles[i] = frame_page_alloc(0, 0);
		KT_ASSERT(t, singles[i] != NULL);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(runs); i++) {
		runs[i] = frame_page_alloc(3, 0);
		KT_ASSERT(t, runs[i] != NULL);
		KT_EXPECT_EQ(t, frame_page_pfn(runs[i]) % 8, 0);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(runs); i++) {
		frame_page_put(runs[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(singles); i++) {
		frame_page_put(singles[i]);
	}
}

KTEST(page_alloc, runs_handed_out_do_not_overlap)
{
	struct frame_page *p[8];
	unsigned int orders[8] = { 0, 3, 1, 0, 2, 5, 0, 4 };

	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = frame_page_alloc(orders[i], 0);
		KT_ASSERT(t, p[i] != NULL);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		frame_pfn_t lo = frame_page_pfn(p[i]);
		frame_pfn_t hi = lo + (1ULL << orders[i]);

		for (unsigned int j = i + 1; j < ARRAY_SIZE(p); j++) {
			frame_pfn_t lo2 = frame_page_pfn(p[j]);
			frame_pfn_t hi2 = lo2 + (1ULL << orders[j]);

			KT_EXPECT(t, hi <= lo2 || hi2 <= lo);
		}
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		frame_page_put(p[i]);
	}
}

KTEST(page_alloc, exhaustion_returns_null)
{
	struct frame_page *chain = NULL;
	uint64_t before = page_alloc_free_pages();
	uint64_t taken = exhaust(&chain);
	struct frame_page *extra = frame_page_alloc(0, 0);

	KT_EXPECT(t, extra == NULL);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), 0);
	KT_EXPECT_EQ(t, taken, before);
	if (extra) {
		frame_page_put(extra);
	}
	chain_free(&chain);
}

KTEST(page_alloc, freeing_after_exhaustion_restores_everything)
{
	struct frame_page *chain = NULL, *big;
	uint64_t before = page_alloc_free_pages();

	exhaust(&chain);
	chain_free(&chain);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before);

	/* The runs merged back: the largest order is available again. */
	big = frame_page_alloc(FRAME_PAGE_MAX_ORDER, 0);
	KT_EXPECT(t, big != NULL);
	if (big) {
		frame_page_put(big);
	}
}

/* Unlink a max-order run from the chain; NULL if it holds none. */
static struct frame_page *chain_take_max_order(struct frame_page **head)
{
	struct frame_page **pp = head;

	while (*pp && frame_page_order(*pp) != FRAME_PAGE_MAX_ORDER) {
		pp = &((struct run_link *)frame_page_data(*pp))->next;
	}
	if (*pp) {
		struct frame_page *p = *pp;

		*pp = ((struct run_link *)frame_page_data(p))->next;
		return p;
	}
	return NULL;
}

/* Put back a page that should not have been allocated. */
static bool is_null_or_put(struct frame_page *p)
{
	if (p) {
		frame_page_put(p);
	}
	return p == NULL;
}

KTEST(page_alloc, freed_buddies_coalesce_into_a_max_order_run)
{
	uint64_t n = 1ULL << FRAME_PAGE_MAX_ORDER;
	struct frame_page *chain = NULL, *evens = NULL, *odds = NULL, *big;
	uint64_t before = page_alloc_free_pages();

	/*
	 * With all memory taken but one max-order run, that run is split
	 * into single pages; only if every buddy pair merges again can a
	 * max-order run be allocated afterwards.
	 */
	exhaust(&chain);
	big = chain_take_max_order(&chain);
	if (!big) {
		KT_EXPECT(t, big != NULL);
		chain_free(&chain);
		return;
	}
	frame_page_put(big);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), n);

	for (uint64_t i = 0; i < n; i++) {
		struct frame_page *p = frame_page_alloc(0, 0);

		if (!p) {
			KT_EXPECT(t, p != NULL);
			break;
		}
		chain_push(i % 2 ? &odds : &evens, p);
	}
	KT_EXPECT_EQ(t, page_alloc_free_pages(), 0);
	KT_EXPECT(t, is_null_or_put(frame_page_alloc(0, 0)));

	/* Every other page first, so most merges wait for the second half. */
	chain_free(&evens);
	KT_EXPECT(t, is_null_or_put(frame_page_alloc(1, 0)));
	chain_free(&odds);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), n);

	big = frame_page_alloc(FRAME_PAGE_MAX_ORDER, 0);
	KT_EXPECT(t, big != NULL);
	KT_EXPECT(t, is_null_or_put(frame_page_alloc(0, 0)));
	if (big) {
		frame_page_put(big);
	}
	chain_free(&chain);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before);
}

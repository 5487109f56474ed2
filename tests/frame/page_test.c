/*
 * Frame conformance: page handles, reference and map counts.
 */
#include <frame/page.h>

#include <kernel/ktest.h>

KTEST(frame_page, zeroed_allocation_reads_zero)
{
	struct frame_page *p = frame_page_alloc(1, FRAME_PAGE_ZERO);
	const unsigned char *data;

	KT_ASSERT(t, p != NULL);
	data = frame_page_data(p);
	for (size_t i = 0; i < 2 * FRAME_PAGE_SIZE; i++) {
		if (data[i] != 0) {
			KT_EXPECT_EQ(t, data[i], 0);
			break;
		}
	}
	frame_page_put(p);
}

KTEST(frame_page, new_allocation_holds_one_reference_and_no_mapping)
{
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, p != NULL);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 1);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 0);
	frame_page_put(p);
}

KTEST(frame_page, get_and_put_move_the_refcount)
{
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, p != NULL);
	frame_page_get(p);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 2);
	frame_page_get(p);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 3);
	frame_page_put(p);
	frame_page_put(p);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 1);
	frame_page_put(p);
}

KTEST(frame_page, run_stays_allocated_until_the_last_put)
{
	struct frame_page *p = frame_page_alloc(1, 0);
	char *data;

	KT_ASSERT(t, p != NULL);
	data = frame_page_data(p);
	frame_page_get(p);
	frame_page_put(p);
	KT_EXPECT(t, frame_page_of(data) == p);

	/* The last reference returns the run: it is no longer allocated. */
	frame_page_put(p);
	KT_EXPECT(t, frame_page_of(data) == NULL);
	KT_EXPECT(t, frame_page_of(data + FRAME_PAGE_SIZE) == NULL);
}

KTEST(frame_page, alloc_reports_the_order_asked_for)
{
	for (unsigned int order = 0; order <= 4; order++) {
		struct frame_page *p = frame_page_alloc(order, 0);

		KT_ASSERT(t, p != NULL);
		KT_EXPECT_EQ(t, frame_page_order(p), order);
		frame_page_put(p);
	}
}

KTEST(frame_page, alloc_beyond_the_max_order_returns_null)
{
	KT_EXPECT(t, frame_page_alloc(FRAME_PAGE_MAX_ORDER + 1, 0) == NULL);
	KT_EXPECT(t, frame_page_alloc(~0U, 0) == NULL);
}

KTEST(frame_page, contents_of_a_run_are_contiguous_and_writable)
{
	struct frame_page *p = frame_page_alloc(2, 0);
	unsigned char *data;
	bool intact = true;

	KT_ASSERT(t, p != NULL);
	data = frame_page_data(p);
	for (size_t i = 0; i < 4 * FRAME_PAGE_SIZE; i++) {
		data[i] = (unsigned char)(i * 7);
	}
	for (size_t i = 0; i < 4 * FRAME_PAGE_SIZE; i++) {
		intact = intact && data[i] == (unsigned char)(i * 7);
	}
	KT_EXPECT(t, intact);
	frame_page_put(p);
}

KTEST(frame_page, page_of_maps_an_interior_pointer_to_the_head)
{
	struct frame_page *p = frame_page_alloc(0, 0);
	char *data;

	KT_ASSERT(t, p != NULL);
	data = frame_page_data(p);
	KT_EXPECT(t, frame_page_of(data) == p);
	KT_EXPECT(t, frame_page_of(data + 100) == p);
	KT_EXPECT(t, frame_page_of(data + FRAME_PAGE_SIZE - 1) == p);
	frame_page_put(p);
}

KTEST(frame_page, page_of_maps_a_tail_page_pointer_to_the_head)
{
	struct frame_page *p = frame_page_alloc(2, 0);
	char *data;

	KT_ASSERT(t, p != NULL);
	data = frame_page_data(p);
	KT_EXPECT(t, frame_page_of(data + FRAME_PAGE_SIZE) == p);
	KT_EXPECT(t, frame_page_of(data + 3 * FRAME_PAGE_SIZE + 5) == p);
	KT_EXPECT(t, frame_page_of(data + 4 * FRAME_PAGE_SIZE - 1) == p);
	frame_page_put(p);
}

KTEST(frame_page, page_of_returns_null_outside_allocated_pages)
{
	static int kernel_data;
	int on_stack = 0;

	KT_EXPECT(t, frame_page_of(&on_stack) == NULL);
	KT_EXPECT(t, frame_page_of(&kernel_data) == NULL);
	KT_EXPECT(t, frame_page_of(NULL) == NULL);
}

KTEST(frame_page, private_word_round_trips)
{
	struct frame_page *p = frame_page_alloc(1, 0);
	int cookie;

	KT_ASSERT(t, p != NULL);
	frame_page_set_private(p, &cookie);
	KT_EXPECT(t, frame_page_private(p) == &cookie);
	frame_page_set_private(p, NULL);
	KT_EXPECT(t, frame_page_private(p) == NULL);
	frame_page_put(p);
}

KTEST(frame_page, private_words_of_two_runs_are_separate)
{
	struct frame_page *a = frame_page_alloc(0, 0);
	struct frame_page *b = frame_page_alloc(0, 0);
	int x, y;

	KT_EXPECT(t, a != NULL && b != NULL);
	if (a && b) {
		frame_page_set_private(a, &x);
		frame_page_set_private(b, &y);
		KT_EXPECT(t, frame_page_private(a) == &x);
		KT_EXPECT(t, frame_page_private(b) == &y);
	}
	if (a) {
		frame_page_put(a);
	}
	if (b) {
		frame_page_put(b);
	}
}

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

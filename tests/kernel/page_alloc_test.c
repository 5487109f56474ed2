/*
 * Unit cases for the buddy page allocator policy.
 */
#include <frame/page.h>

#include <kernel/ktest.h>
#include <kernel/page.h>

KTEST(page_alloc, alloc_and_free_restore_the_count)
{
	uint64_t before = page_alloc_free_pages();
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, p != NULL);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before - 1);
	frame_page_put(p);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), before);
}

/*
 * Frame conformance: address spaces. Mapping keeps page reference and map
 * counts, and map, unmap, protect and query behave as frame/vm.h says.
 */
#include <frame/page.h>
#include <frame/vm.h>

#include <kernel/ktest.h>
#include <kernel/page.h>

#define VA 0x400000UL

KTEST(frame_vm, map_takes_a_reference_and_a_map_count)
{
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);

	KT_ASSERT(t, vm && p);
	KT_ASSERT_EQ(t, frame_vm_map(vm, VA, p, FRAME_PROT_READ), 0);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 2);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 1);
	KT_EXPECT_EQ(t, frame_vm_unmap(vm, VA, FRAME_PAGE_SIZE), 1);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 1);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 0);
	frame_vm_destroy(vm);
	frame_page_put(p);
}

KTEST(frame_vm, one_page_mapped_twice_counts_two_mappings)
{
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, vm && p);
	KT_ASSERT_EQ(t, frame_vm_map(vm, VA, p, FRAME_PROT_READ), 0);
	KT_ASSERT_EQ(t, frame_vm_map(vm, VA + 0x10000, p, FRAME_PROT_READ), 0);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 2);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 3);
	frame_vm_destroy(vm);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 0);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 1);
	frame_page_put(p);
}

KTEST(frame_vm, map_rejects_bad_arguments)
{
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, 0);
	struct frame_page *big = frame_page_alloc(1, 0);

	KT_ASSERT(t, vm && p && big);
	KT_EXPECT_EQ(t, frame_vm_map(vm, VA + 1, p, FRAME_PROT_READ), -EINVAL);
	KT_EXPECT_EQ(t, frame_vm_map(vm, 0, p, FRAME_PROT_READ), -EINVAL);
	KT_EXPECT_EQ(t, frame_vm_map(vm, frame_vm_user_end(), p,
				     FRAME_PROT_READ), -EINVAL);
	KT_EXPECT_EQ(t, frame_vm_map(vm, 0xffff888000000000UL, p,
				     FRAME_PROT_READ), -EINVAL);
	KT_EXPECT_EQ(t, frame_vm_map(vm, VA, big, FRAME_PROT_READ), -EINVAL);
	KT_EXPECT_EQ(t, frame_vm_map(vm, VA, p, 0x80), -EINVAL);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 0);
	KT_ASSERT_EQ(t, frame_vm_map(vm, VA, p, FRAME_PROT_READ), 0);
	KT_EXPECT_EQ(t, frame_vm_map(vm, VA, p, FRAME_PROT_READ), -EEXIST);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 1);
	frame_vm_destroy(vm);
	frame_page_put(p);
	frame_page_put(big);
}

KTEST(frame_vm, query_reports_page_and_protection)
{
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, 0), *found = NULL;
	unsigned int prot = 0;

	KT_ASSERT(t, vm && p);
	KT_EXPECT_EQ(t, frame_vm_query(vm, VA, &found, &prot), -ENOENT);
	KT_ASSERT_EQ(t, frame_vm_map(vm, VA, p, FRAME_PROT_READ |
				      FRAME_PROT_WRITE), 0);
	KT_ASSERT_EQ(t, frame_vm_query(vm, VA + 123, &found, &prot), 0);
	KT_EXPECT(t, found == p);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 3);	/* ours, map, query */
	frame_page_put(found);
	KT_EXPECT_EQ(t, prot, FRAME_PROT_READ | FRAME_PROT_WRITE);
	frame_vm_destroy(vm);
	frame_page_put(p);
}

KTEST(frame_vm, protect_changes_mapped_pages_only)
{
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, 0);
	unsigned int prot = 0;

	KT_ASSERT(t, vm && p);
	KT_ASSERT_EQ(t, frame_vm_map(vm, VA, p, FRAME_PROT_READ |
				      FRAME_PROT_WRITE), 0);
	KT_EXPECT_EQ(t, frame_vm_protect(vm, VA - FRAME_PAGE_SIZE,
					 3 * FRAME_PAGE_SIZE,
					 FRAME_PROT_READ | FRAME_PROT_EXEC), 1);
	KT_ASSERT_EQ(t, frame_vm_query(vm, VA, NULL, &prot), 0);
	KT_EXPECT_EQ(t, prot, FRAME_PROT_READ | FRAME_PROT_EXEC);
	KT_EXPECT_EQ(t, frame_vm_protect(vm, VA, FRAME_PAGE_SIZE, 0x80), -EINVAL);
	KT_EXPECT_EQ(t, frame_vm_protect(vm, VA + 1, FRAME_PAGE_SIZE,
					 FRAME_PROT_READ), -EINVAL);
	frame_vm_destroy(vm);
	frame_page_put(p);
}

KTEST(frame_vm, unmap_spans_page_table_boundaries)
{
	/* Pages on both sides of a 2 MiB and a 1 GiB table boundary. */
	static const uintptr_t va[] = {
		0x1ff000, 0x200000, 0x3ffff000, 0x40000000,
	};
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, vm && p);
	for (unsigned int i = 0; i < 4; i++) {
		KT_ASSERT_EQ(t, frame_vm_map(vm, va[i], p, FRAME_PROT_READ), 0);
	}
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 4);
	KT_EXPECT_EQ(t, frame_vm_unmap(vm, 0x100000, 0x40000000), 4);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 0);
	KT_EXPECT_EQ(t, frame_vm_unmap(vm, 0x100000, 0x40000000), 0);
	KT_EXPECT_EQ(t, frame_vm_unmap(vm, 0x100001, 0x1000), -EINVAL);
	frame_vm_destroy(vm);
	frame_page_put(p);
}

KTEST(frame_vm, destroy_gives_back_page_tables)
{
	struct frame_page *p = frame_page_alloc(0, 0);
	uint64_t free_before = page_alloc_free_pages();
	struct frame_vm *vm;

	KT_ASSERT(t, p != NULL);
	vm = frame_vm_create();
	KT_ASSERT(t, vm != NULL);
	for (uintptr_t a = VA; a < VA + 64 * FRAME_PAGE_SIZE;
	     a += FRAME_PAGE_SIZE) {
		KT_ASSERT_EQ(t, frame_vm_map(vm, a, p, FRAME_PROT_READ), 0);
	}
	KT_EXPECT(t, page_alloc_free_pages() < free_before);
	frame_vm_destroy(vm);
	KT_EXPECT_EQ(t, frame_page_refcount(p), 1);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), free_before);
	frame_page_put(p);
}

KTEST(frame_vm, prot_none_keeps_the_page_but_not_user_access)
{
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);
	unsigned int prot = 99;

	KT_ASSERT(t, vm && p);
	KT_ASSERT_EQ(t, frame_vm_map(vm, VA, p, FRAME_PROT_READ |
				      FRAME_PROT_WRITE), 0);
	KT_EXPECT_EQ(t, frame_vm_protect(vm, VA, FRAME_PAGE_SIZE, 0), 1);
	KT_ASSERT_EQ(t, frame_vm_query(vm, VA, NULL, &prot), 0);
	KT_EXPECT_EQ(t, prot, 0);
	KT_EXPECT_EQ(t, frame_page_mapcount(p), 1);
	KT_EXPECT_EQ(t, frame_vm_protect(vm, VA, FRAME_PAGE_SIZE,
					 FRAME_PROT_READ), 1);
	KT_ASSERT_EQ(t, frame_vm_query(vm, VA, NULL, &prot), 0);
	KT_EXPECT_EQ(t, prot & FRAME_PROT_READ, FRAME_PROT_READ);
	frame_vm_destroy(vm);
	frame_page_put(p);
}

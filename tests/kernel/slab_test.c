/*
 * Unit cases for the kernel heap: kmalloc(), kfree() and the quarantine.
 *
 * The quarantine is shared by every case of a run and cases may run in
 * any order, so none assumes it starts empty.
 */
#include <frame/page.h>

#include <kernel/ktest.h>
#include <kernel/page.h>
#include <kernel/slab.h>
#include <kernel/string.h>

/* QUARANTINE_SLOTS in kernel/mm/slab.c: objects it holds at most. */
#define QUARANTINE_OBJECTS 4096

/* One size of each class (16 ... 2048), odd sizes, and large ones. */
static const size_t test_sizes[] = {
	1, 15, 16, 17, 31, 32, 33, 64, 100, 128, 200, 256, 500, 512,
	1000, 1024, 2000, 2047, 2048, 2049, 4096, 5000, 20000,
};

#define NR_TEST_SIZES ARRAY_SIZE(test_sizes)
#define COPIES 4

static bool all_bytes_are(const void *p, unsigned char c, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i] != c) {
			return false;
		}
	}
	return true;
}

/*
 * Pages the heap may keep after every object is freed: the quarantine's
 * 4 MiB of objects plus a sixteenth for slab headers and redzones, and a
 * partial slab of 8 pages per size class.
 */
#define HEAP_SLACK_PAGES (((4U << 20) / FRAME_PAGE_SIZE) * 17 / 16 + 8 * 8)

/* Allocate and free rounds of n objects of size bytes. */
static bool churn(size_t size, unsigned int n, unsigned int rounds)
{
	void **objs = kmalloc(n * sizeof(*objs), 0);

	if (!objs) {
		return false;
	}
	for (unsigned int r = 0; r < rounds; r++) {
		for (unsigned int i = 0; i < n; i++) {
			objs[i] = kmalloc(size, 0);
		}
		for (unsigned int i = 0; i < n; i++) {
			if (!objs[i]) {
				return false;
			}
			kfree(objs[i]);
		}
	}
	kfree(objs);
	return true;
}

KTEST(slab, kfree_grows_the_quarantine)
{
	void *small[8];
	size_t before;

	for (unsigned int i = 0; i < ARRAY_SIZE(small); i++) {
		small[i] = kmalloc(24, 0);
		KT_ASSERT(t, small[i] != NULL);
	}

	/*
	 * Put the quarantine in a known state: 2 KiB objects fill it up to
	 * its 4 MiB byte limit, well below its object limit. The first
	 * small object freed may push one of them out; after that a few
	 * small ones fit, and each kfree() adds one.
	 */
	KT_ASSERT(t, churn(2048, QUARANTINE_OBJECTS, 1));
	kfree(small[0]);
	before = slab_quarantine_count();
	KT_EXPECT(t, before < QUARANTINE_OBJECTS);
	for (unsigned int i = 1; i < ARRAY_SIZE(small); i++) {
		kfree(small[i]);
		KT_EXPECT_EQ(t, slab_quarantine_count(), before + i);
	}
}

KTEST(slab, kmalloc_does_not_change_the_quarantine)
{
	size_t before = slab_quarantine_count();
	void *p = kmalloc(40, 0);

	KT_ASSERT(t, p != NULL);
	KT_EXPECT_EQ(t, slab_quarantine_count(), before);
	kfree(p);
}

KTEST(slab, every_size_class_gives_writable_memory)
{
	for (size_t i = 0; i < NR_TEST_SIZES; i++) {
		size_t size = test_sizes[i];
		unsigned char *p = kmalloc(size, 0);

		KT_ASSERT(t, p != NULL);
		memset(p, 0x5a, size);
		KT_EXPECT(t, all_bytes_are(p, 0x5a, size));
		kfree(p);
	}
}

/* Allocate COPIES objects of every test size into objs; false if short. */
static bool alloc_all(void *objs[NR_TEST_SIZES][COPIES])
{
	bool ok = true;

	for (size_t i = 0; i < NR_TEST_SIZES; i++) {
		for (size_t c = 0; c < COPIES; c++) {
			objs[i][c] = kmalloc(test_sizes[i], 0);
			ok = ok && objs[i][c] != NULL;
		}
	}
	return ok;
}

static void free_all(void *objs[NR_TEST_SIZES][COPIES])
{
	for (size_t i = 0; i < NR_TEST_SIZES; i++) {
		for (size_t c = 0; c < COPIES; c++) {
			kfree(objs[i][c]);
		}
	}
}

/* Do [a, a + na) and [b, b + nb) share a byte? Empty ranges share none. */
static bool overlap(const void *a, size_t na, const void *b, size_t nb)
{
	uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;

	return na && nb && x < y + nb && y < x + na;
}

KTEST(slab, live_objects_are_distinct_and_do_not_overlap)
{
	static void *objs[NR_TEST_SIZES][COPIES];
	void **flat = &objs[0][0];
	size_t n = NR_TEST_SIZES * COPIES;

	KT_EXPECT(t, alloc_all(objs));
	for (size_t i = 0; i < n; i++) {
		size_t si = test_sizes[i / COPIES];

		for (size_t j = i + 1; j < n; j++) {
			size_t sj = test_sizes[j / COPIES];

			KT_EXPECT(t, flat[i] != flat[j] || !flat[i]);
			KT_EXPECT(t, !overlap(flat[i], si, flat[j], sj));
		}
	}
	free_all(objs);
}

KTEST(slab, live_objects_keep_their_contents)
{
	static void *objs[NR_TEST_SIZES][COPIES];

	/* Each object gets its own byte; any overlap would clobber one. */
	KT_EXPECT(t, alloc_all(objs));
	for (size_t i = 0; i < NR_TEST_SIZES; i++) {
		for (size_t c = 0; c < COPIES; c++) {
			if (objs[i][c]) {
				memset(objs[i][c], (int)(i * COPIES + c + 1),
				       test_sizes[i]);
			}
		}
	}
	for (size_t i = 0; i < NR_TEST_SIZES; i++) {
		for (size_t c = 0; c < COPIES; c++) {
			unsigned char want;

			want = (unsigned char)(i * COPIES + c + 1);
			KT_EXPECT(t, !objs[i][c] ||
				     all_bytes_are(objs[i][c], want,
						   test_sizes[i]));
		}
	}
	free_all(objs);
}

KTEST(slab, km_zero_zeroes_recycled_memory)
{
	size_t sizes[] = { 48, 3000 };

	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
		/*
		 * Dirty more objects than the quarantine holds, so the
		 * zeroed ones below reuse slots that held 0xa5.
		 */
		for (unsigned int i = 0; i < QUARANTINE_OBJECTS + 512; i++) {
			void *p = kmalloc(sizes[s], 0);

			KT_ASSERT(t, p != NULL);
			memset(p, 0xa5, sizes[s]);
			kfree(p);
		}
		for (unsigned int i = 0; i < 64; i++) {
			void *p = kmalloc(sizes[s], KM_ZERO);

			KT_ASSERT(t, p != NULL);
			KT_EXPECT(t, all_bytes_are(p, 0, sizes[s]));
			kfree(p);
		}
	}
}

KTEST(slab, kzalloc_returns_zeroed_memory)
{
	for (size_t i = 0; i < NR_TEST_SIZES; i++) {
		void *p = kzalloc(test_sizes[i]);

		KT_ASSERT(t, p != NULL);
		KT_EXPECT(t, all_bytes_are(p, 0, test_sizes[i]));
		kfree(p);
	}
}

KTEST(slab, kmalloc_size_returns_the_requested_size)
{
	for (size_t i = 0; i < NR_TEST_SIZES; i++) {
		void *p = kmalloc(test_sizes[i], 0);

		KT_ASSERT(t, p != NULL);
		KT_EXPECT_EQ(t, kmalloc_size(p), test_sizes[i]);
		kfree(p);
	}
}

KTEST(slab, kmalloc_zero_returns_a_distinct_freeable_pointer)
{
	void *a = kmalloc(0, 0);
	void *b = kmalloc(0, 0);

	KT_EXPECT(t, a != NULL);
	KT_EXPECT(t, b != NULL);
	KT_EXPECT(t, a != b);
	if (a) {
		KT_EXPECT_EQ(t, kmalloc_size(a), 0);
	}
	kfree(a);
	kfree(b);
}

KTEST(slab, kfree_null_does_nothing)
{
	size_t queued = slab_quarantine_count();
	uint64_t free_pages = page_alloc_free_pages();

	kfree(NULL);
	KT_EXPECT_EQ(t, slab_quarantine_count(), queued);
	KT_EXPECT_EQ(t, page_alloc_free_pages(), free_pages);
}

KTEST(slab, impossible_sizes_return_null)
{
	size_t too_big = (size_t)FRAME_PAGE_SIZE << (FRAME_PAGE_MAX_ORDER + 1);

	KT_EXPECT(t, kmalloc(too_big, 0) == NULL);
	KT_EXPECT(t, kmalloc((size_t)-1, 0) == NULL);
	KT_EXPECT(t, kmalloc((size_t)-1 / 2 + 2, KM_ZERO) == NULL);
}

KTEST(slab, freed_object_is_not_reused_while_quarantined)
{
	enum { NR_LATER = 1000 };
	void **later = kmalloc(NR_LATER * sizeof(*later), KM_ZERO);
	void *freed = kmalloc(24, 0);
	unsigned int reused = 0;

	KT_ASSERT(t, later != NULL);
	KT_ASSERT(t, freed != NULL);
	kfree(freed);

	/* Only kfree() moves the quarantine on; allocating never does. */
	for (unsigned int i = 0; i < NR_LATER; i++) {
		later[i] = kmalloc(24, 0);
		KT_EXPECT(t, later[i] != NULL);
		reused += later[i] == freed;
	}
	KT_EXPECT_EQ(t, reused, 0);
	for (unsigned int i = 0; i < NR_LATER; i++) {
		kfree(later[i]);
	}
	kfree(later);
}

KTEST(slab, the_quarantine_holds_a_bounded_number_of_objects)
{
	for (unsigned int i = 0; i < QUARANTINE_OBJECTS + 100; i++) {
		void *p = kmalloc(16, 0);

		KT_ASSERT(t, p != NULL);
		kfree(p);
		KT_ASSERT(t, slab_quarantine_count() <= QUARANTINE_OBJECTS);
	}
	KT_EXPECT_EQ(t, slab_quarantine_count(), QUARANTINE_OBJECTS);
}

KTEST(slab, churn_of_small_objects_returns_pages)
{
	uint64_t before = page_alloc_free_pages();

	KT_ASSERT(t, churn(64, 2000, 10));
	KT_EXPECT(t, page_alloc_free_pages() + HEAP_SLACK_PAGES >= before);
}

KTEST(slab, churn_of_largest_class_objects_returns_pages)
{
	uint64_t before;

	/*
	 * Fill the quarantine with small objects first: then its byte
	 * limit, not its object limit, must bound how many of the 2 KiB
	 * objects freed next it keeps.
	 */
	KT_ASSERT(t, churn(16, QUARANTINE_OBJECTS, 1));
	before = page_alloc_free_pages();
	KT_ASSERT(t, churn(2048, QUARANTINE_OBJECTS / 2, 2));
	KT_EXPECT(t, page_alloc_free_pages() + HEAP_SLACK_PAGES >= before);
}

KTEST(slab, churn_of_large_objects_returns_pages)
{
	uint64_t before = page_alloc_free_pages();

	KT_ASSERT(t, churn(3 * FRAME_PAGE_SIZE, 200, 5));
	KT_EXPECT(t, page_alloc_free_pages() + HEAP_SLACK_PAGES >= before);
}

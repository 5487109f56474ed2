/*
 * Planted bugs. These cases run only when named (KTEST_EXPLICIT): the host
 * tests boot a kernel on one of them and pass only if the sanitizer or
 * Valgrind report they provoke names the right kind and place, or, for the
 * deadlock and the page misuses, if the kernel or the frame stops with the
 * right report.
 */
#include <frame/dma.h>
#include <frame/page.h>
#include <frame/pci.h>
#include <frame/vm.h>

#include <kernel/ktest.h>
#include <kernel/slab.h>
#include <kernel/wait.h>

#define PLANTED_OBJ_SIZE 24

/* Keep the compiler from proving the access out of bounds and dropping it. */
static volatile size_t planted_index = PLANTED_OBJ_SIZE;

KTEST_CASE(planted, kmalloc_overflow, KTEST_EXPLICIT)
{
	char *obj = kmalloc(PLANTED_OBJ_SIZE, 0);

	KT_ASSERT(t, obj != NULL);
	obj[planted_index] = 'x';	/* one byte past the end */
	kfree(obj);
}

KTEST_CASE(planted, use_after_free, KTEST_EXPLICIT)
{
	static void *later[1000];
	char *obj = kmalloc(PLANTED_OBJ_SIZE, KM_ZERO);
	volatile char c;

	KT_ASSERT(t, obj != NULL);
	kfree(obj);
	for (unsigned int i = 0; i < 1000; i++) {
		later[i] = kmalloc(PLANTED_OBJ_SIZE, 0);
	}
	c = obj[planted_index / 2];	/* read of the freed object */
	(void)c;
	for (unsigned int i = 0; i < 1000; i++) {
		kfree(later[i]);
	}
}

KTEST_CASE(planted, deadlock, KTEST_EXPLICIT)
{
	static struct wait_queue never = WAIT_QUEUE_INIT(never);

	/* Nobody will ever wake this queue and no timer is pending. */
	wait_event(&never, false);
}

KTEST_CASE(planted, page_double_free, KTEST_EXPLICIT)
{
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, p != NULL);
	frame_page_put(p);
	frame_page_put(p);
}

KTEST_CASE(planted, free_of_mapped_page, KTEST_EXPLICIT)
{
	struct frame_vm *vm = frame_vm_create();
	struct frame_page *p = frame_page_alloc(0, 0);

	KT_ASSERT(t, vm && p);
	KT_ASSERT_EQ(t, frame_vm_map(vm, 0x400000, p, FRAME_PROT_READ), 0);
	frame_page_put(p);	/* ours */
	frame_page_put(p);	/* the mapping's: the page is still mapped */
}

/*
 * Recurse with a frame the compiler cannot shrink until the stack runs
 * out; the depth limit only keeps the compiler from calling it infinite.
 */
static volatile unsigned int planted_depth_limit = 1U << 30;

static unsigned int planted_recurse(unsigned int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth == planted_depth_limit) {
		return frame[0];
	}
	return planted_recurse(depth + 1) + frame[0];
}

KTEST_CASE(planted, kernel_stack_overflow, KTEST_EXPLICIT)
{
	KT_EXPECT(t, planted_recurse(0) != 0);
}

/* The device is told to write into a page the kernel already freed. */
KTEST_CASE(planted, dma_to_freed_page, KTEST_EXPLICIT)
{
	struct frame_pci_dev *dev = frame_pci_find(0x1234, 0x11e8, NULL);
	struct frame_page *page = frame_page_alloc(0, 0);
	struct frame_io *bar;
	uint64_t addr;

	KT_ASSERT(t, dev && page);
	bar = frame_pci_bar(dev, 0);
	addr = frame_dma_addr(page);
	frame_page_put(page);
	frame_pci_set_master(dev, true);
	frame_io_write64(bar, 0x80, 0x40000);		/* from the buffer */
	frame_io_write64(bar, 0x88, addr);		/* to the freed page */
	frame_io_write64(bar, 0x90, 64);
	frame_io_write64(bar, 0x98, 0x1 | 0x2);		/* start, to RAM */
}

/* Not static: the compiler must not assume it stays NULL. */
int *planted_null_pointer;

KTEST_CASE(planted, null_dereference, KTEST_EXPLICIT)
{
	KT_EXPECT_EQ(t, *planted_null_pointer, 0);
}

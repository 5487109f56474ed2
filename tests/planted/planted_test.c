/*
 * Planted bugs. These cases run only when named (KTEST_EXPLICIT): the host
 * tests boot a kernel on one of them and pass only if the sanitizer or
 * Valgrind report they provoke names the right kind and place, or, for the
 * deadlock, if the kernel panics with its task list.
 */
#include <frame/cpu.h>

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

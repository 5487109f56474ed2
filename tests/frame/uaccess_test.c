/*
 * Frame conformance: user-memory access through the active address space,
 * with the user's permissions and the kernel's fault handler.
 */
#include <frame/page.h>
#include <frame/uaccess.h>
#include <frame/vm.h>

#include <kernel/ktest.h>
#include <kernel/string.h>

#define VA 0x10000000UL
#define PAGE FRAME_PAGE_SIZE

/* A space with n fresh pages mapped from VA, activated on this CPU. */
struct uspace {
	struct frame_vm *vm;
	struct frame_vm *prev;
	frame_fault_handler_t prev_handler;
};

static unsigned int faults;
static uintptr_t last_fault_addr;
static unsigned int last_fault_access;
static bool map_on_fault;

static int test_fault_handler(struct frame_vm *vm, uintptr_t addr,
			      unsigned int access)
{
	struct frame_page *p;
	int err;

	faults++;
	last_fault_addr = addr;
	last_fault_access = access;
	if (!map_on_fault) {
		return -EFAULT;
	}
	p = frame_page_alloc(0, FRAME_PAGE_ZERO);
	if (!p) {
		return -ENOMEM;
	}
	err = frame_vm_map(vm, addr & ~(PAGE - 1), p,
			   FRAME_PROT_READ | FRAME_PROT_WRITE);
	frame_page_put(p);
	return err;
}

static bool uspace_setup(struct uspace *u, unsigned int npages,
			 unsigned int prot)
{
	u->vm = frame_vm_create();
	if (!u->vm) {
		return false;
	}
	for (unsigned int i = 0; i < npages; i++) {
		struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);

		if (!p || frame_vm_map(u->vm, VA + i * PAGE, p, prot) != 0) {
			return false;
		}
		frame_page_put(p);	/* the mapping holds it now */
	}
	faults = 0;
	map_on_fault = false;
	u->prev_handler = frame_vm_set_fault_handler(test_fault_handler);
	u->prev = frame_vm_active();
	frame_vm_activate(u->vm);
	return true;
}

static void uspace_teardown(struct uspace *u)
{
	frame_vm_activate(u->prev);
	frame_vm_set_fault_handler(u->prev_handler);
	frame_vm_destroy(u->vm);
}

KTEST(frame_uaccess, copy_round_trip_across_pages)
{
	struct uspace u;
	char out[100], in[100];

	KT_ASSERT(t, uspace_setup(&u, 2, FRAME_PROT_READ | FRAME_PROT_WRITE));
	for (unsigned int i = 0; i < sizeof(out); i++) {
		out[i] = (char)i;
	}
	KT_EXPECT_EQ(t, frame_copy_to_user(frame_uptr(VA + PAGE - 50), out,
					   sizeof(out)), 0);
	KT_EXPECT_EQ(t, frame_copy_from_user(in, frame_uptr(VA + PAGE - 50),
					     sizeof(in)), 0);
	KT_EXPECT_EQ(t, memcmp(in, out, sizeof(in)), 0);
	KT_EXPECT_EQ(t, faults, 0);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, copy_into_unmapped_page_returns_bytes_not_copied)
{
	struct uspace u;
	char buf[30];

	KT_ASSERT(t, uspace_setup(&u, 1, FRAME_PROT_READ | FRAME_PROT_WRITE));
	/* 10 bytes in the mapped page, 20 in the unmapped one after it. */
	KT_EXPECT_EQ(t, frame_copy_from_user(buf, frame_uptr(VA + PAGE - 10),
					     sizeof(buf)), 20);
	KT_EXPECT_EQ(t, frame_copy_to_user(frame_uptr(VA + PAGE - 10), buf,
					   sizeof(buf)), 20);
	KT_EXPECT_EQ(t, faults, 2);
	KT_EXPECT_EQ(t, last_fault_addr, VA + PAGE);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, copy_to_read_only_page_faults_and_never_writes)
{
	struct uspace u;
	struct frame_page *p = NULL;
	const unsigned char *data;
	char buf[16] = "overwrite me!!!";

	KT_ASSERT(t, uspace_setup(&u, 1, FRAME_PROT_READ));
	KT_ASSERT_EQ(t, frame_vm_query(u.vm, VA, &p, NULL), 0);
	data = frame_page_data(p);
	KT_EXPECT_EQ(t, frame_copy_to_user(frame_uptr(VA), buf, sizeof(buf)),
		     sizeof(buf));
	KT_EXPECT_EQ(t, faults, 1);
	KT_EXPECT_EQ(t, last_fault_addr, VA);
	KT_EXPECT_EQ(t, last_fault_access, FRAME_ACCESS_WRITE);
	for (unsigned int i = 0; i < sizeof(buf); i++) {
		KT_EXPECT_EQ(t, data[i], 0);
	}
	KT_EXPECT_EQ(t, frame_clear_user(frame_uptr(VA), 8), 8);
	frame_page_put(p);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, fault_handler_can_map_on_demand)
{
	struct uspace u;
	char buf[8] = "demand!";
	char back[8];

	KT_ASSERT(t, uspace_setup(&u, 0, FRAME_PROT_READ));
	map_on_fault = true;
	KT_EXPECT_EQ(t, frame_copy_to_user(frame_uptr(VA + 5), buf,
					   sizeof(buf)), 0);
	KT_EXPECT_EQ(t, faults, 1);
	KT_EXPECT_EQ(t, frame_copy_from_user(back, frame_uptr(VA + 5),
					     sizeof(back)), 0);
	KT_EXPECT_EQ(t, memcmp(back, buf, sizeof(buf)), 0);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, addresses_outside_user_space_fail)
{
	struct uspace u;
	char buf[8] = { 0 };

	KT_ASSERT(t, uspace_setup(&u, 1, FRAME_PROT_READ | FRAME_PROT_WRITE));
	KT_EXPECT_EQ(t, frame_copy_from_user(buf, frame_uptr(0), 8), 8);
	KT_EXPECT_EQ(t, frame_copy_from_user(buf,
			frame_uptr(0xffff888000000000UL), 8), 8);
	KT_EXPECT_EQ(t, frame_copy_from_user(buf,
			frame_uptr(0x800000000000UL), 8), 8);
	KT_EXPECT_EQ(t, frame_copy_to_user(frame_uptr(UINTPTR_MAX - 3), buf,
					   8), 8);
	KT_EXPECT_EQ(t, faults, 0);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, no_active_space_copies_nothing)
{
	struct frame_vm *prev = frame_vm_active();
	char buf[8];

	frame_vm_activate(NULL);
	KT_EXPECT_EQ(t, frame_copy_from_user(buf, frame_uptr(VA), 8), 8);
	frame_vm_activate(prev);
}

KTEST(frame_uaccess, string_copy_stops_at_nul_limit_or_hole)
{
	struct uspace u;
	char str[32];

	KT_ASSERT(t, uspace_setup(&u, 1, FRAME_PROT_READ | FRAME_PROT_WRITE));
	KT_ASSERT_EQ(t, frame_copy_to_user(frame_uptr(VA + PAGE - 6), "hello",
					   6), 0);
	KT_EXPECT_EQ(t, frame_strncpy_from_user(str, frame_uptr(VA + PAGE - 6),
						sizeof(str)), 5);
	KT_EXPECT_EQ(t, strcmp(str, "hello"), 0);
	KT_EXPECT_EQ(t, frame_strncpy_from_user(str, frame_uptr(VA + PAGE - 6),
						3), -ENAMETOOLONG);
	KT_ASSERT_EQ(t, frame_copy_to_user(frame_uptr(VA + PAGE - 3), "abc",
					   3), 0);
	KT_EXPECT_EQ(t, frame_strncpy_from_user(str, frame_uptr(VA + PAGE - 3),
						sizeof(str)), -EFAULT);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, futex_atomics)
{
	struct uspace u;
	uint32_t word = 7, found = 0;

	KT_ASSERT(t, uspace_setup(&u, 1, FRAME_PROT_READ | FRAME_PROT_WRITE));
	KT_ASSERT_EQ(t, frame_copy_to_user(frame_uptr(VA + 8), &word, 4), 0);
	KT_EXPECT_EQ(t, frame_futex_cmpxchg(frame_uptr(VA + 8), 7, 9, &found),
		     0);
	KT_EXPECT_EQ(t, found, 7);
	KT_EXPECT_EQ(t, frame_futex_cmpxchg(frame_uptr(VA + 8), 7, 11, &found),
		     0);
	KT_EXPECT_EQ(t, found, 9);
	KT_EXPECT_EQ(t, frame_futex_read(frame_uptr(VA + 8), &word), 0);
	KT_EXPECT_EQ(t, word, 9);
	KT_EXPECT_EQ(t, frame_futex_read(frame_uptr(VA + 9), &word), -EINVAL);
	KT_EXPECT_EQ(t, frame_futex_read(frame_uptr(VA + PAGE), &word),
		     -EFAULT);
	KT_ASSERT_EQ(t, frame_vm_protect(u.vm, VA, PAGE, FRAME_PROT_READ), 1);
	KT_EXPECT_EQ(t, frame_futex_cmpxchg(frame_uptr(VA + 8), 9, 1, &found),
		     -EFAULT);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, accesses_set_accessed_and_dirty_bits)
{
	struct uspace u;
	unsigned int prot = 0;
	char c = 'x';

	KT_ASSERT(t, uspace_setup(&u, 1, FRAME_PROT_READ | FRAME_PROT_WRITE));
	KT_ASSERT_EQ(t, frame_vm_query(u.vm, VA, NULL, &prot), 0);
	KT_EXPECT_EQ(t, prot & (FRAME_VM_ACCESSED | FRAME_VM_DIRTY), 0);
	KT_ASSERT_EQ(t, frame_copy_from_user(&c, frame_uptr(VA), 1), 0);
	KT_ASSERT_EQ(t, frame_vm_query(u.vm, VA, NULL, &prot), 0);
	KT_EXPECT_EQ(t, prot & (FRAME_VM_ACCESSED | FRAME_VM_DIRTY),
		     FRAME_VM_ACCESSED);
	KT_ASSERT_EQ(t, frame_copy_to_user(frame_uptr(VA), &c, 1), 0);
	KT_ASSERT_EQ(t, frame_vm_query(u.vm, VA, NULL, &prot), 0);
	KT_EXPECT(t, prot & FRAME_VM_DIRTY);
	KT_EXPECT_EQ(t, frame_vm_clear_young(u.vm, VA), 0);
	KT_ASSERT_EQ(t, frame_vm_query(u.vm, VA, NULL, &prot), 0);
	KT_EXPECT_EQ(t, prot & (FRAME_VM_ACCESSED | FRAME_VM_DIRTY), 0);
	uspace_teardown(&u);
}

KTEST(frame_uaccess, prot_none_page_cannot_be_copied)
{
	struct uspace u;
	char buf[4];

	KT_ASSERT(t, uspace_setup(&u, 1, FRAME_PROT_READ | FRAME_PROT_WRITE));
	KT_ASSERT_EQ(t, frame_vm_protect(u.vm, VA, PAGE, 0), 1);
	KT_EXPECT_EQ(t, frame_copy_from_user(buf, frame_uptr(VA), 4), 4);
	KT_EXPECT_EQ(t, faults, 1);
	uspace_teardown(&u);
}

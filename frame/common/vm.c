/*
 * User address spaces (frame/vm.h) over x86-64 four-level page tables, and
 * user-memory access (frame/uaccess.h) by walking those tables in software.
 * Both frames share this code: the host frame's user processes are mapped
 * from these same tables, and on bare metal they are the tables the MMU
 * walks. The user half only: entries 0-255 of the top level.
 *
 * Copying through the page table rather than through the user's virtual
 * addresses means every access is checked against the user's permissions,
 * faults become calls to the kernel's handler instead of exceptions, and
 * nothing depends on which address space the CPU happens to have loaded.
 */
#include <frame/cpu.h>
#include <frame/uaccess.h>
#include <frame/vm.h>

#include "internal.h"

#define PTE_P		0x1ULL
#define PTE_W		0x2ULL
#define PTE_U		0x4ULL
#define PTE_A		0x20ULL
#define PTE_D		0x40ULL
#define PTE_PS		0x80ULL
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR	0x000ffffffffff000ULL
#define PT_ENTRIES	512
#define USER_TOP_SLOTS	256		/* top-level entries of the user half */

struct frame_vm {
	frame_spinlock_t lock;		/* protects the tables below root */
	struct frame_page *self;	/* the page this struct lives in */
	struct frame_page *root;
	uint64_t *pml4;
	uint64_t active_cpus;		/* atomic mask */
	void *owner;
	uint64_t frame_data[FC_VM_FRAME_DATA / 8];
};

void *fc_vm_frame_data(struct frame_vm *vm)
{
	return vm->frame_data;
}

static frame_fault_handler_t fault_handler;
static FRAME_PERCPU(struct frame_vm *, active_vm);

static uint64_t *table_at(uint64_t entry)
{
	return fc_pfn_to_data((entry & PTE_ADDR) >> FRAME_PAGE_SHIFT);
}

static unsigned int index_at(uintptr_t va, int level)
{
	return (va >> (FRAME_PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1);
}

uintptr_t frame_vm_user_end(void)
{
	return fc_vm_user_end();
}

static bool user_range(uintptr_t va, size_t len)
{
	uintptr_t end = fc_vm_user_end();

	return va >= FRAME_USER_START && va < end && len <= end - va;
}

static bool page_aligned(uintptr_t v)
{
	return (v & (FRAME_PAGE_SIZE - 1)) == 0;
}

/*
 * The space's bookkeeping gets a page of its own: the frame has no small
 * object allocator, and the rest of the page is room for what a frame
 * implementation keeps per space.
 */
_Static_assert(sizeof(struct frame_vm) <= FRAME_PAGE_SIZE, "frame_vm size");

struct frame_vm *frame_vm_create(void)
{
	struct frame_page *self = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct frame_page *root = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct frame_vm *vm;

	if (!self || !root) {
		if (self) {
			frame_page_put(self);
		}
		if (root) {
			frame_page_put(root);
		}
		return NULL;
	}
	vm = frame_page_data(self);
	*vm = (struct frame_vm){ .self = self, .root = root,
				 .pml4 = frame_page_data(root) };
	frame_spin_init(&vm->lock, "frame_vm");
	fc_vm_init_kernel_half(vm->pml4);
	return vm;
}

/*
 * The leaf entry for va, creating missing tables if alloc is set. Returns
 * NULL if a table is missing (or cannot be allocated). vm->lock held.
 */
static uint64_t *walk(struct frame_vm *vm, uintptr_t va, bool alloc)
{
	uint64_t *table = vm->pml4;

	for (int level = 3; level > 0; level--) {
		uint64_t *entry = &table[index_at(va, level)];

		if (!(*entry & PTE_P)) {
			struct frame_page *pt;

			if (!alloc || !(pt = frame_page_alloc(0, FRAME_PAGE_ZERO))) {
				return NULL;
			}
			*entry = (frame_page_pfn(pt) << FRAME_PAGE_SHIFT) |
				 PTE_P | PTE_W | PTE_U;
		}
		table = table_at(*entry);
	}
	return &table[index_at(va, 0)];
}

/* prot 0 keeps the page mapped but out of user mode's reach (no U bit). */
static uint64_t prot_bits(unsigned int prot)
{
	uint64_t bits = PTE_P | (prot ? PTE_U : 0);

	if (prot & FRAME_PROT_WRITE) {
		bits |= PTE_W;
	}
	if (!(prot & FRAME_PROT_EXEC)) {
		bits |= PTE_NX;
	}
	return bits;
}

static bool prot_valid(unsigned int prot)
{
	return !(prot & ~(FRAME_PROT_READ | FRAME_PROT_WRITE |
			  FRAME_PROT_EXEC));
}

int frame_vm_map(struct frame_vm *vm, uintptr_t va, struct frame_page *page,
		 unsigned int prot)
{
	frame_irqflags_t flags;
	uint64_t *pte;
	int err = 0;

	if (!page_aligned(va) || !user_range(va, FRAME_PAGE_SIZE) ||
	    frame_page_order(page) != 0 || !prot_valid(prot)) {
		return -EINVAL;
	}
	flags = frame_spin_lock(&vm->lock);
	pte = walk(vm, va, true);
	if (!pte) {
		err = -ENOMEM;
	} else if (*pte & PTE_P) {
		err = -EEXIST;
	} else {
		fc_page_map_inc(page);
		*pte = (frame_page_pfn(page) << FRAME_PAGE_SHIFT) |
		       prot_bits(prot);
	}
	frame_spin_unlock(&vm->lock, flags);
	return err;
}

/*
 * Apply fn to every present leaf in [va, va + len) and flush the TLB for
 * the range if any changed. fn returns true if it changed the entry; it
 * may stash pages for release after the flush. vm->lock held.
 */
#define UNMAP_BATCH 64

struct range_op {
	unsigned int prot;
	struct frame_page *release[UNMAP_BATCH];
	unsigned int nrelease;
	long count;
};

typedef bool (*leaf_fn)(uint64_t *pte, struct range_op *op);

static uintptr_t next_table_boundary(uintptr_t va, int level)
{
	uintptr_t span = (uintptr_t)FRAME_PAGE_SIZE << (9 * level);

	return (va & ~(span - 1)) + span;
}

/* Walk [va, end); stops early when the release batch is full. */
static uintptr_t range_walk(struct frame_vm *vm, uintptr_t va, uintptr_t end,
			    leaf_fn fn, struct range_op *op)
{
	while (va < end && op->nrelease < UNMAP_BATCH) {
		uint64_t *table = vm->pml4;
		int level;

		for (level = 3; level > 0; level--) {
			uint64_t entry = table[index_at(va, level)];

			if (!(entry & PTE_P)) {
				break;
			}
			table = table_at(entry);
		}
		if (level > 0) {
			/* No table here: skip what it would have covered. */
			va = next_table_boundary(va, level);
			continue;
		}
		if ((table[index_at(va, 0)] & PTE_P) &&
		    fn(&table[index_at(va, 0)], op)) {
			op->count++;
		}
		va += FRAME_PAGE_SIZE;
	}
	return va < end ? va : end;
}

static long range_apply(struct frame_vm *vm, uintptr_t va, size_t len,
			leaf_fn fn, unsigned int prot)
{
	struct range_op op = { .prot = prot };
	uintptr_t end = va + len;

	if (!page_aligned(va) || !page_aligned(len) || !user_range(va, len)) {
		return -EINVAL;
	}
	while (va < end) {
		frame_irqflags_t flags = frame_spin_lock(&vm->lock);
		uintptr_t done = range_walk(vm, va, end, fn, &op);

		if (op.count) {
			fc_vm_tlb_flush(vm, va, done - va);
		}
		frame_spin_unlock(&vm->lock, flags);
		/* Only now, with no translation left, let the pages go. */
		for (unsigned int i = 0; i < op.nrelease; i++) {
			fc_page_map_dec(op.release[i]);
		}
		op.nrelease = 0;
		va = done;
	}
	return op.count;
}

static bool unmap_leaf(uint64_t *pte, struct range_op *op)
{
	op->release[op->nrelease++] =
		fc_page_of_pfn((*pte & PTE_ADDR) >> FRAME_PAGE_SHIFT);
	*pte = 0;
	return true;
}

static bool protect_leaf(uint64_t *pte, struct range_op *op)
{
	uint64_t keep = *pte & (PTE_ADDR | PTE_A | PTE_D);

	*pte = keep | prot_bits(op->prot);
	return true;
}

long frame_vm_unmap(struct frame_vm *vm, uintptr_t va, size_t len)
{
	return range_apply(vm, va, len, unmap_leaf, 0);
}

long frame_vm_protect(struct frame_vm *vm, uintptr_t va, size_t len,
		      unsigned int prot)
{
	if (!prot_valid(prot)) {
		return -EINVAL;
	}
	return range_apply(vm, va, len, protect_leaf, prot);
}

int frame_vm_query(struct frame_vm *vm, uintptr_t va,
		   struct frame_page **page, unsigned int *prot)
{
	frame_irqflags_t flags;
	uint64_t *pte, entry = 0;

	if (!user_range(va, 1)) {
		return -ENOENT;
	}
	flags = frame_spin_lock(&vm->lock);
	pte = walk(vm, va, false);
	if (pte && (*pte & PTE_P)) {
		entry = *pte;
		if (page) {
			*page = fc_page_of_pfn((entry & PTE_ADDR) >>
					       FRAME_PAGE_SHIFT);
			frame_page_get(*page);
		}
	}
	frame_spin_unlock(&vm->lock, flags);
	if (!entry) {
		return -ENOENT;
	}
	if (prot && !(entry & PTE_U)) {
		*prot = 0;
	} else if (prot) {
		*prot = FRAME_PROT_READ |
			((entry & PTE_W) ? FRAME_PROT_WRITE : 0) |
			((entry & PTE_NX) ? 0 : FRAME_PROT_EXEC) |
			((entry & PTE_A) ? FRAME_VM_ACCESSED : 0) |
			((entry & PTE_D) ? FRAME_VM_DIRTY : 0);
	}
	return 0;
}

int frame_vm_clear_young(struct frame_vm *vm, uintptr_t va)
{
	frame_irqflags_t flags;
	uint64_t *pte;
	int err = -ENOENT;

	if (!user_range(va, 1)) {
		return -ENOENT;
	}
	flags = frame_spin_lock(&vm->lock);
	pte = walk(vm, va, false);
	if (pte && (*pte & PTE_P)) {
		*pte &= ~(PTE_A | PTE_D);
		fc_vm_tlb_flush(vm, va & ~(FRAME_PAGE_SIZE - 1),
				FRAME_PAGE_SIZE);
		err = 0;
	}
	frame_spin_unlock(&vm->lock, flags);
	return err;
}

/* Free the tables below entry at level (3: a top-level entry). */
static void free_tables(uint64_t entry, int level)
{
	uint64_t *table = table_at(entry);

	if (level > 1) {
		for (unsigned int i = 0; i < PT_ENTRIES; i++) {
			if (table[i] & PTE_P) {
				free_tables(table[i], level - 1);
			}
		}
	}
	frame_page_put(fc_page_of_pfn((entry & PTE_ADDR) >> FRAME_PAGE_SHIFT));
}

void frame_vm_destroy(struct frame_vm *vm)
{
	if (__atomic_load_n(&vm->active_cpus, __ATOMIC_ACQUIRE)) {
		fc_fatal("destroying an active address space", NULL,
			 vm->active_cpus);
	}
	frame_vm_unmap(vm, FRAME_USER_START, fc_vm_user_end() - FRAME_USER_START);
	fc_vm_release(vm);
	for (unsigned int i = 0; i < USER_TOP_SLOTS; i++) {
		if (vm->pml4[i] & PTE_P) {
			free_tables(vm->pml4[i], 3);
		}
	}
	frame_page_put(vm->root);
	frame_page_put(vm->self);
}

void frame_vm_set_owner(struct frame_vm *vm, void *owner)
{
	vm->owner = owner;
}

void *frame_vm_owner(const struct frame_vm *vm)
{
	return vm->owner;
}

void frame_vm_activate(struct frame_vm *vm)
{
	unsigned int cpu = frame_cpu_id();
	struct frame_vm *old = active_vm[cpu];

	if (old) {
		__atomic_and_fetch(&old->active_cpus, ~(1ULL << cpu),
				   __ATOMIC_RELEASE);
	}
	if (vm) {
		__atomic_or_fetch(&vm->active_cpus, 1ULL << cpu,
				  __ATOMIC_ACQUIRE);
	}
	active_vm[cpu] = vm;
	fc_vm_load(vm ? frame_page_pfn(vm->root) : 0);
}

struct frame_vm *frame_vm_active(void)
{
	return active_vm[frame_cpu_id()];
}

frame_fault_handler_t frame_vm_set_fault_handler(frame_fault_handler_t fn)
{
	frame_fault_handler_t old = fault_handler;

	fault_handler = fn;
	return old;
}

/*
 * User memory access. Each step handles what lies in one page: look the
 * page up with the user's permissions (setting accessed and dirty bits as
 * the MMU would), and, if that fails, ask the fault handler once.
 */
typedef void (*page_fn)(char *kaddr, size_t off, size_t n, void *arg);

/* Run fn on the bytes of [uaddr, uaddr + n) in one page, under vm->lock. */
static bool page_access(struct frame_vm *vm, uintptr_t uaddr, size_t n,
			unsigned int access, page_fn fn, size_t off, void *arg)
{
	uint64_t need = PTE_P | PTE_U |
			((access & FRAME_ACCESS_WRITE) ? PTE_W : 0);
	frame_irqflags_t flags = frame_spin_lock(&vm->lock);
	uint64_t *pte = walk(vm, uaddr, false);
	bool ok = pte && (*pte & need) == need;

	if (ok) {
		*pte |= PTE_A | ((access & FRAME_ACCESS_WRITE) ? PTE_D : 0);
		fn((char *)table_at(*pte) + (uaddr & (FRAME_PAGE_SIZE - 1)),
		   off, n, arg);
	}
	frame_spin_unlock(&vm->lock, flags);
	return ok;
}

/* Walk [uaddr, uaddr + len) page by page; returns bytes not done. */
static size_t user_access(uintptr_t uaddr, size_t len, unsigned int access,
			  page_fn fn, void *arg)
{
	struct frame_vm *vm = frame_vm_active();
	size_t done = 0;

	if (frame_spin_held() || frame_in_irq()) {
		fc_fatal("user access in atomic context", NULL, uaddr);
	}
	if (!vm || !user_range(uaddr, len)) {
		return len;
	}
	while (done < len) {
		uintptr_t addr = uaddr + done;
		size_t n = FRAME_PAGE_SIZE - (addr & (FRAME_PAGE_SIZE - 1));

		n = n < len - done ? n : len - done;
		if (!page_access(vm, addr, n, access, fn, done, arg) &&
		    (!fault_handler || fault_handler(vm, addr, access) != 0 ||
		     !page_access(vm, addr, n, access, fn, done, arg))) {
			break;
		}
		done += n;
	}
	return len - done;
}

static void copy_in(char *kaddr, size_t off, size_t n, void *arg)
{
	__builtin_memcpy((char *)arg + off, kaddr, n);
}

static void copy_out(char *kaddr, size_t off, size_t n, void *arg)
{
	__builtin_memcpy(kaddr, (const char *)arg + off, n);
}

static void zero_out(char *kaddr, size_t off, size_t n, void *arg)
{
	__builtin_memset(kaddr, 0, n);
}

size_t frame_copy_from_user(void *dst, frame_uptr_t src, size_t len)
{
	return user_access(src.addr, len, FRAME_ACCESS_READ, copy_in, dst);
}

size_t frame_copy_to_user(frame_uptr_t dst, const void *src, size_t len)
{
	return user_access(dst.addr, len, FRAME_ACCESS_WRITE, copy_out,
			   (void *)src);
}

size_t frame_clear_user(frame_uptr_t dst, size_t len)
{
	return user_access(dst.addr, len, FRAME_ACCESS_WRITE, zero_out, NULL);
}

long frame_strncpy_from_user(char *dst, frame_uptr_t src, size_t size)
{
	size_t done = 0;

	/* Page-sized steps so a string ending near a hole still copies. */
	while (done < size) {
		uintptr_t addr = src.addr + done;
		size_t n = FRAME_PAGE_SIZE - (addr & (FRAME_PAGE_SIZE - 1));

		n = n < size - done ? n : size - done;
		if (frame_copy_from_user(dst + done, frame_uptr(addr), n)) {
			return -EFAULT;
		}
		for (size_t i = done; i < done + n; i++) {
			if (dst[i] == '\0') {
				return (long)i;
			}
		}
		done += n;
	}
	return -ENAMETOOLONG;
}

struct cmpxchg_args {
	uint32_t expected, desired, found;
};

static void futex_load(char *kaddr, size_t off, size_t n, void *arg)
{
	*(uint32_t *)arg = __atomic_load_n((uint32_t *)kaddr, __ATOMIC_SEQ_CST);
}

static void futex_cmpxchg(char *kaddr, size_t off, size_t n, void *arg)
{
	struct cmpxchg_args *a = arg;

	a->found = a->expected;
	__atomic_compare_exchange_n((uint32_t *)kaddr, &a->found, a->desired,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

int frame_futex_read(frame_uptr_t uaddr, uint32_t *val)
{
	if (uaddr.addr & 3) {
		return -EINVAL;
	}
	return user_access(uaddr.addr, 4, FRAME_ACCESS_READ, futex_load, val) ?
	       -EFAULT : 0;
}

int frame_futex_cmpxchg(frame_uptr_t uaddr, uint32_t expected,
			uint32_t desired, uint32_t *found)
{
	struct cmpxchg_args a = { expected, desired, 0 };

	if (uaddr.addr & 3) {
		return -EINVAL;
	}
	if (user_access(uaddr.addr, 4, FRAME_ACCESS_WRITE, futex_cmpxchg, &a)) {
		return -EFAULT;
	}
	*found = a.found;
	return 0;
}

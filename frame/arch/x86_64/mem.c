/*
 * Physical memory on bare metal: the RAM map, the boot-time page
 * allocator, the kernel's page tables (direct map, image, stacks, device
 * registers) and the hooks frame/common needs to reach page contents.
 *
 * Until mem_freeze() the frame takes pages for itself from just above the
 * kernel image; after it, every page comes from the kernel's allocator
 * through frame_page_alloc() and the rest of RAM is handed over.
 */
#include <frame/vm.h>

#include "arch.h"
#include "x86.h"

#define PT_ENTRIES 512
#define LOW_MEMORY_END (1ULL << 20)	/* firmware's, never handed out */
#define EARLY_LIMIT (1ULL << 30)	/* what the boot direct map covers */
#define MAX_FREE_RANGES (MAX_RAM_RANGES + 2)

extern char __image_start[], __rodata_start[], __data_start[], __image_end[];

static uint64_t *kernel_pml4;
static uint64_t kernel_pml4_phys;
static frame_pfn_t max_pfn;
static uint64_t early_start, early_next, early_end;
static bool frozen;
static uint64_t nx;
static uintptr_t mmio_next = MMIO_AREA;
static struct frame_mem_range free_ranges[MAX_FREE_RANGES];
static frame_spinlock_t kmap_lock = FRAME_SPINLOCK_INIT("kmap");

static uint64_t image_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p - KERNEL_VMA;
}

void *fc_pfn_to_data(frame_pfn_t pfn)
{
	return (void *)(uintptr_t)(DIRECT_MAP + (pfn << FRAME_PAGE_SHIFT));
}

bool fc_data_to_pfn(const void *ptr, frame_pfn_t *pfn)
{
	uintptr_t p = (uintptr_t)ptr;

	if (p < DIRECT_MAP || p >= DIRECT_MAP + (max_pfn << FRAME_PAGE_SHIFT)) {
		return false;
	}
	*pfn = (p - DIRECT_MAP) >> FRAME_PAGE_SHIFT;
	return true;
}

uint64_t pte_nx(void)
{
	return nx;
}

uint64_t kernel_root_phys(void)
{
	return kernel_pml4_phys;
}

static uint64_t early_alloc(void)
{
	uint64_t phys = early_next;

	if (early_next + FRAME_PAGE_SIZE > early_end) {
		fc_fatal("out of boot memory", NULL, early_next);
	}
	early_next += FRAME_PAGE_SIZE;
	__builtin_memset(fc_pfn_to_data(phys >> FRAME_PAGE_SHIFT), 0,
			 FRAME_PAGE_SIZE);
	return phys;
}

/* A zeroed page for a kernel page table; 0 when memory is exhausted. */
static uint64_t table_alloc(void)
{
	struct frame_page *page;

	if (!frozen) {
		return early_alloc();
	}
	page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	return page ? frame_page_pfn(page) << FRAME_PAGE_SHIFT : 0;
}

static uint64_t *table_of(uint64_t entry)
{
	return fc_pfn_to_data((entry & 0x000ffffffffff000ULL) >>
			      FRAME_PAGE_SHIFT);
}

/* The entry for va at level (0: 4 KiB page, 1: 2 MiB page). */
static uint64_t *kpt_entry(uintptr_t va, int level)
{
	uint64_t *table = kernel_pml4;

	for (int l = 3; l > level; l--) {
		uint64_t *e = &table[(va >> (12 + 9 * l)) & (PT_ENTRIES - 1)];

		if (!(*e & PTE_P)) {
			uint64_t phys = table_alloc();

			if (!phys) {
				return NULL;
			}
			*e = phys | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			fc_fatal("kernel mapping inside a large page", NULL, va);
		}
		table = table_of(*e);
	}
	return &table[(va >> (12 + 9 * level)) & (PT_ENTRIES - 1)];
}

int kmap_page(uintptr_t va, frame_pfn_t pfn, uint64_t flags)
{
	frame_irqflags_t irq = frame_spin_lock(&kmap_lock);
	uint64_t *e = kpt_entry(va, 0);

	if (e) {
		*e = (pfn << FRAME_PAGE_SHIFT) | PTE_P | flags;
	}
	frame_spin_unlock(&kmap_lock, irq);
	return e ? 0 : -ENOMEM;
}

frame_pfn_t kunmap_page(uintptr_t va)
{
	frame_irqflags_t irq = frame_spin_lock(&kmap_lock);
	uint64_t *e = kpt_entry(va, 0);
	frame_pfn_t pfn = 0;

	if (e && (*e & PTE_P)) {
		pfn = (*e & 0x000ffffffffff000ULL) >> FRAME_PAGE_SHIFT;
		*e = 0;
		invlpg(va);
	}
	frame_spin_unlock(&kmap_lock, irq);
	return pfn;
}

void *mmio_map(uint64_t phys, size_t len)
{
	uint64_t base = phys & ~(FRAME_PAGE_SIZE - 1);
	uintptr_t va = mmio_next + (phys - base);

	for (uint64_t p = base; p < phys + len; p += FRAME_PAGE_SIZE) {
		if (kmap_page(mmio_next, p >> FRAME_PAGE_SHIFT,
			      PTE_W | PTE_PCD | PTE_PWT | nx) != 0) {
			fc_fatal("no memory to map device registers", NULL, phys);
		}
		mmio_next += FRAME_PAGE_SIZE;
	}
	return (void *)va;
}

/* Map RAM range [first, first + n) pages into the direct map. */
static void map_direct(frame_pfn_t first, uint64_t n)
{
	uint64_t phys = first << FRAME_PAGE_SHIFT;
	uint64_t end = (first + n) << FRAME_PAGE_SHIFT;

	while (phys < end) {
		uintptr_t va = DIRECT_MAP + phys;

		if (!(phys & ((1ULL << 21) - 1)) && end - phys >= (1ULL << 21)) {
			*kpt_entry(va, 1) = phys | PTE_P | PTE_W | PTE_PS | nx;
			phys += 1ULL << 21;
		} else {
			*kpt_entry(va, 0) = phys | PTE_P | PTE_W | nx;
			phys += FRAME_PAGE_SIZE;
		}
	}
}

/* The image with W^X: text read-only and executable, the rest NX. */
static void map_image(void)
{
	for (uintptr_t va = (uintptr_t)__image_start;
	     va < (uintptr_t)__image_end; va += FRAME_PAGE_SIZE) {
		uint64_t flags = PTE_P;

		if (va >= (uintptr_t)__rodata_start) {
			flags |= nx;
		}
		if (va >= (uintptr_t)__data_start) {
			flags |= PTE_W;
		}
		*kpt_entry(va, 0) = image_phys((void *)va) | flags;
	}
}

void mem_init(void)
{
	uint64_t image_end = image_phys(__image_end);
	size_t meta_pages;

	if (cpu_features.nx) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		nx = PTE_NX;
	}
	for (size_t i = 0; i < boot_machine.nram; i++) {
		const struct frame_mem_range *r = &boot_machine.ram[i];

		if (r->first_pfn + r->npages > max_pfn) {
			max_pfn = r->first_pfn + r->npages;
		}
		if (image_end >= r->first_pfn << FRAME_PAGE_SHIFT &&
		    image_end < (r->first_pfn + r->npages) << FRAME_PAGE_SHIFT) {
			early_end = (r->first_pfn + r->npages) << FRAME_PAGE_SHIFT;
		}
	}
	if (!early_end) {
		fc_fatal("the kernel image is not in RAM", NULL, image_end);
	}
	early_start = image_end;
	if (boot_machine.initrd_size &&
	    boot_machine.initrd_phys + boot_machine.initrd_size > early_start &&
	    boot_machine.initrd_phys < early_start + (16ULL << 20)) {
		/* The boot loader put the initramfs right after the image. */
		early_start = (boot_machine.initrd_phys +
			       boot_machine.initrd_size + FRAME_PAGE_SIZE - 1) &
			      ~(FRAME_PAGE_SIZE - 1);
	}
	early_next = early_start;
	early_end = early_end < EARLY_LIMIT ? early_end : EARLY_LIMIT;

	/* Page metadata: one contiguous run of boot pages. */
	meta_pages = (max_pfn * sizeof(struct frame_page) + FRAME_PAGE_SIZE - 1)
		     >> FRAME_PAGE_SHIFT;
	for (size_t i = 0; i < meta_pages; i++) {
		early_alloc();
	}

	kernel_pml4_phys = early_alloc();
	kernel_pml4 = fc_pfn_to_data(kernel_pml4_phys >> FRAME_PAGE_SHIFT);
	for (size_t i = 0; i < boot_machine.nram; i++) {
		map_direct(boot_machine.ram[i].first_pfn,
			   boot_machine.ram[i].npages);
	}
	map_image();
	/*
	 * Create the top-level entries of the other kernel areas now: user
	 * page tables copy the kernel half once, when they are made.
	 */
	kpt_entry(MMIO_AREA, 2);
	kpt_entry(STACK_AREA, 2);
	write_cr3(kernel_pml4_phys);
	if (cpu_features.smep) {
		write_cr4(read_cr4() | (1UL << 20));
	}
	if (cpu_features.smap) {
		write_cr4(read_cr4() | (1UL << 21));
	}
}

/* Append [first, end) to the free ranges, if not empty. */
static size_t add_free(size_t n, frame_pfn_t first, frame_pfn_t end)
{
	if (end > first && n < MAX_FREE_RANGES) {
		free_ranges[n++] = (struct frame_mem_range){ first, end - first };
	}
	return n;
}

struct hole {
	frame_pfn_t lo, hi;
};

/* Add RAM [lo, hi) minus the sorted, disjoint holes to the free ranges. */
static size_t add_ram_minus(size_t n, frame_pfn_t lo, frame_pfn_t hi,
			    const struct hole *holes, size_t nholes)
{
	for (size_t h = 0; h < nholes && lo < hi; h++) {
		if (holes[h].hi <= lo || holes[h].lo >= hi) {
			continue;
		}
		n = add_free(n, lo, holes[h].lo);
		lo = holes[h].hi > lo ? holes[h].hi : lo;
	}
	return add_free(n, lo, hi);
}

void mem_freeze(struct frame_boot_info *info)
{
	frame_pfn_t low_end = LOW_MEMORY_END >> FRAME_PAGE_SHIFT;
	struct hole holes[3] = {
		{ image_phys(__image_start) >> FRAME_PAGE_SHIFT,
		  (image_phys(__image_end) + FRAME_PAGE_SIZE - 1) >>
			  FRAME_PAGE_SHIFT },
		{ early_start >> FRAME_PAGE_SHIFT,
		  early_next >> FRAME_PAGE_SHIFT },
		{ boot_machine.initrd_phys >> FRAME_PAGE_SHIFT,
		  (boot_machine.initrd_phys + boot_machine.initrd_size +
		   FRAME_PAGE_SIZE - 1) >> FRAME_PAGE_SHIFT },
	};
	size_t n = 0;

	/* Sort the three holes by start. */
	for (int i = 0; i < 3; i++) {
		for (int j = i + 1; j < 3; j++) {
			if (holes[j].lo < holes[i].lo) {
				struct hole tmp = holes[i];

				holes[i] = holes[j];
				holes[j] = tmp;
			}
		}
	}
	for (size_t i = 0; i < boot_machine.nram; i++) {
		frame_pfn_t lo = boot_machine.ram[i].first_pfn;
		frame_pfn_t hi = lo + boot_machine.ram[i].npages;

		n = add_ram_minus(n, lo > low_end ? lo : low_end, hi, holes, 3);
	}
	fc_page_init(fc_pfn_to_data(early_start >> FRAME_PAGE_SHIFT), max_pfn,
		     free_ranges, n);
	frozen = true;
	info->ranges = free_ranges;
	info->nranges = n;
	info->loader = boot_machine.loader;
	if (boot_machine.initrd_size) {
		info->initramfs = (const char *)fc_pfn_to_data(
			boot_machine.initrd_phys >> FRAME_PAGE_SHIFT) +
			(boot_machine.initrd_phys & (FRAME_PAGE_SIZE - 1));
		info->initramfs_size = boot_machine.initrd_size;
	}
}

uintptr_t fc_vm_user_end(void)
{
	return 0x00007ffffffff000UL;
}

void fc_vm_init_kernel_half(uint64_t *pml4)
{
	for (unsigned int i = PT_ENTRIES / 2; i < PT_ENTRIES; i++) {
		pml4[i] = kernel_pml4[i];
	}
}

void fc_vm_load(frame_pfn_t root_pfn)
{
	write_cr3(root_pfn ? root_pfn << FRAME_PAGE_SHIFT : kernel_pml4_phys);
}

void fc_vm_release(struct frame_vm *vm)
{
}

void fc_vm_tlb_flush(struct frame_vm *vm, uintptr_t va, size_t len)
{
	/* One CPU: only the active space can have cached translations. */
	if (vm != frame_vm_active()) {
		return;
	}
	if (len > 64 * FRAME_PAGE_SIZE) {
		write_cr3(read_cr3());
		return;
	}
	for (uintptr_t a = va; a < va + len; a += FRAME_PAGE_SIZE) {
		invlpg(a);
	}
}

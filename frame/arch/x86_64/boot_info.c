/*
 * What the boot loader tells us: the RAM map and the command line.
 *
 * PVH (QEMU -kernel): %ebx points at struct hvm_start_info. Its layout is
 * the Xen ABI, xen/include/public/arch-x86/hvm/start_info.h, which Linux
 * does not export as UAPI; the structures are defined here once, with
 * their layout checked.
 */
#include "arch.h"

#define PVH_MAGIC	0x336ec578
#define E820_RAM	1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;		/* version 1 and later */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_paddr) == 40,
	       "hvm_start_info.memmap_paddr");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24, "memmap entry");

struct boot_machine boot_machine;

/* Early boot: the first GiB of physical memory is in the direct map. */
static const void *early_phys(uint64_t phys)
{
	if (phys >= (1ULL << 30)) {
		fc_fatal("boot information above 1 GiB", NULL, phys);
	}
	return (const void *)(uintptr_t)(DIRECT_MAP + phys);
}

static void add_ram(uint64_t addr, uint64_t size)
{
	uint64_t first = (addr + FRAME_PAGE_SIZE - 1) >> FRAME_PAGE_SHIFT;
	uint64_t end = (addr + size) >> FRAME_PAGE_SHIFT;

	if (end <= first) {
		return;
	}
	if (boot_machine.nram == MAX_RAM_RANGES) {
		fc_puts("frame: too many RAM ranges, ignoring the rest\n");
		return;
	}
	boot_machine.ram[boot_machine.nram++] =
		(struct frame_mem_range){ .first_pfn = first,
					  .npages = end - first };
}

static void copy_cmdline(uint64_t phys)
{
	const char *s;
	size_t i = 0;

	if (!phys) {
		return;
	}
	s = early_phys(phys);
	while (s[i] && i < sizeof(boot_machine.cmdline) - 1) {
		boot_machine.cmdline[i] = s[i];
		i++;
	}
	boot_machine.cmdline[i] = '\0';
}

static void parse_pvh(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *map;

	if (si->version < 1 || !si->memmap_paddr) {
		fc_fatal("PVH start info without a memory map", NULL,
			 si->version);
	}
	boot_machine.loader = "PVH";
	copy_cmdline(si->cmdline_paddr);
	map = early_phys(si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (map[i].type == E820_RAM) {
			add_ram(map[i].addr, map[i].size);
		}
	}
}

void boot_info_parse(uint32_t magic, uint32_t info_phys)
{
	const struct hvm_start_info *si = early_phys(info_phys);

	if (si->magic == PVH_MAGIC) {
		parse_pvh(si);
	} else {
		fc_fatal("unknown boot protocol", NULL, magic);
	}
	if (boot_machine.nram == 0) {
		fc_fatal("the boot loader reported no RAM", NULL, 0);
	}
}

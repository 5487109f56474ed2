/*
 * What the boot loader tells us: the RAM map and the command line.
 *
 * PVH (QEMU -kernel): %ebx points at struct hvm_start_info. Its layout is
 * the Xen ABI, xen/include/public/arch-x86/hvm/start_info.h, which Linux
 * does not export as UAPI; the structures are defined here once, with
 * their layout checked.
 *
 * Multiboot2 (GRUB): %eax holds MB2_BOOT_MAGIC and %ebx points at the
 * boot information, a list of tags (the Multiboot2 specification, section
 * 3.6); the few tags used are defined here the same way.
 *
 * The first module, if any, is the initramfs.
 */
#include "arch.h"

#define PVH_MAGIC	0x336ec578
#define MB2_BOOT_MAGIC	0x36d76289
#define E820_RAM	1
#define MB2_TAG_END	0
#define MB2_TAG_CMDLINE	1
#define MB2_TAG_MODULE	3
#define MB2_TAG_MMAP	6

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

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_tag_module {
	struct mb2_tag tag;
	uint32_t mod_start;
	uint32_t mod_end;
	char cmdline[];
};

struct mb2_tag_mmap {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
	/* entries follow: struct mb2_mmap_entry, entry_size apart */
};

struct mb2_mmap_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;
	uint32_t reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info");
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "hvm_modlist_entry");
_Static_assert(sizeof(struct mb2_tag_module) == 16, "multiboot2 module tag");
_Static_assert(sizeof(struct mb2_tag_mmap) == 16, "multiboot2 mmap tag");
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "multiboot2 mmap entry");
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
	boot_machine.rsdp_phys = si->rsdp_paddr;
	copy_cmdline(si->cmdline_paddr);
	map = early_phys(si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (map[i].type == E820_RAM) {
			add_ram(map[i].addr, map[i].size);
		}
	}
	if (si->nr_modules > 0 && si->modlist_paddr) {
		const struct hvm_modlist_entry *mod =
			early_phys(si->modlist_paddr);

		boot_machine.initrd_phys = mod->paddr;
		boot_machine.initrd_size = mod->size;
	}
}

static void parse_mb2_mmap(const struct mb2_tag_mmap *t)
{
	const char *p = (const char *)(t + 1);
	const char *end = (const char *)t + t->tag.size;

	if (t->entry_size < sizeof(struct mb2_mmap_entry)) {
		fc_fatal("multiboot2 memory map entries too small", NULL,
			 t->entry_size);
	}
	for (; p + t->entry_size <= end; p += t->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		if (e->type == E820_RAM) {
			add_ram(e->addr, e->len);
		}
	}
}

static void parse_mb2(uint32_t info_phys)
{
	const char *info = early_phys(info_phys);
	uint32_t total = *(const uint32_t *)info;
	const char *p = info + 8;

	boot_machine.loader = "multiboot2";
	while (p + sizeof(struct mb2_tag) <= info + total) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END) {
			break;
		}
		if (tag->type == MB2_TAG_CMDLINE) {
			copy_cmdline(info_phys + (uint32_t)(p - info) + 8);
		} else if (tag->type == MB2_TAG_MMAP) {
			parse_mb2_mmap((const void *)tag);
		} else if (tag->type == MB2_TAG_MODULE &&
			   !boot_machine.initrd_size) {
			const struct mb2_tag_module *m = (const void *)tag;

			boot_machine.initrd_phys = m->mod_start;
			boot_machine.initrd_size = m->mod_end - m->mod_start;
		}
		p += (tag->size + 7) & ~7U;
	}
}

void boot_info_parse(uint32_t magic, uint32_t info_phys)
{
	if (magic == MB2_BOOT_MAGIC) {
		parse_mb2(info_phys);
	} else if (((const struct hvm_start_info *)early_phys(info_phys))
			   ->magic == PVH_MAGIC) {
		parse_pvh(early_phys(info_phys));
	} else {
		fc_fatal("unknown boot protocol", NULL, magic);
	}
	if (boot_machine.nram == 0) {
		fc_fatal("the boot loader reported no RAM", NULL, 0);
	}
}

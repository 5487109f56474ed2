/*
 * The bare-metal x86-64 frame's memory layout, shared by its C and
 * assembly files.
 *
 *	0xffffffff80000000	the kernel image (-mcmodel=kernel), mapped from
 *				physical 0 so the image at 1 MiB sits at +1 MiB
 *	0xffff888000000000	the direct map of all physical memory
 *	0xffffc80000000000	device registers (uncached)
 *	0xffffc90000000000	kernel stacks, each with an unmapped guard page
 */
#pragma once

#define KERNEL_VMA		0xffffffff80000000
#define KERNEL_PHYS		0x100000
#define DIRECT_MAP		0xffff888000000000
#define STACK_AREA		0xffffc90000000000
#define MMIO_AREA		0xffffc80000000000

#define BOOT_STACK_SIZE		0x8000

#define GDT_KERNEL_CS		0x08
#define GDT_KERNEL_DS		0x10
#define GDT_USER_DS		0x1b	/* for sysret: CS - 8 + 3 */
#define GDT_USER_CS		0x23
#define GDT_TSS			0x28

#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define EFER_NXE		(1 << 11)
#define CR0_WP			(1 << 16)
#define CR0_PG			(1 << 31)
#define CR4_PAE			(1 << 5)

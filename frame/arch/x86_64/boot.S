/*
 * Entry from the boot loader.
 *
 * QEMU's -kernel finds the PVH note below and enters _start32 in 32-bit
 * protected mode with paging off and %ebx holding the physical address of
 * the hvm_start_info structure. (Multiboot2 from GRUB enters the same way
 * with its own magic in %eax; see boot_info.c.) This code builds boot page
 * tables that map the first GiB three times (identity, direct map, kernel
 * image), enters long mode, and jumps to arch_main() in the higher half.
 */
#include "layout.h"

#define PTE_P	0x1
#define PTE_W	0x2
#define PTE_PS	0x80
#define PHYS(sym) ((sym) - KERNEL_VMA)

	/* PVH: XEN_ELFNOTE_PHYS32_ENTRY (18), name "Xen". */
	.section .note.pvh, "a", @note
	.p2align 2
	.long 4			/* name size */
	.long 4			/* desc size */
	.long 18		/* type */
	.asciz "Xen"
	.long PHYS(_start32)

	/*
	 * Multiboot2 header for GRUB: the architecture is i386 (protected
	 * mode entry), the entry address tag gives the physical entry, since
	 * the ELF entry point is a higher-half address.
	 */
#define MB2_MAGIC 0xe85250d6
	.section .multiboot2, "a", @progbits
	.p2align 3
mb2_header:
	.long MB2_MAGIC
	.long 0
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	.p2align 3
	.word 3, 0			/* entry address tag */
	.long 12
	.long PHYS(_start32)
	.p2align 3
	.word 0, 0			/* end tag */
	.long 8
mb2_header_end:

	.section .boot.text, "ax", @progbits
	.code32
	.globl _start32
_start32:
	movl %eax, %edi			/* boot magic (multiboot2) or 0 */
	rdtsc				/* the boot-time benchmark's start */
	movl %eax, PHYS(boot_tsc)
	movl %edx, PHYS(boot_tsc) + 4
	cli
	cld
	movl %ebx, %esi			/* boot information */
	movl $PHYS(boot_stack_top), %esp

	/*
	 * Zero .bss (boot page tables and stack included): loaders need not.
	 * The stack is in .bss, so the magic waits in %ebp, not on it.
	 */
	movl %edi, %ebp
	movl $PHYS(__bss_start), %edi
	movl $PHYS(__bss_end), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl %ebp, %edi

	/* One page directory of 2 MiB pages covers the first GiB. */
	movl $PHYS(boot_pd), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P | PTE_W | PTE_PS), %eax
	movl %eax, (%ebx, %ecx, 8)
	movl $0, 4(%ebx, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jb 1b

	/* Low PDPT[0] and high PDPT[510] both point at it. */
	movl $PHYS(boot_pd) + (PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pdpt_low)
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8
	/* PML4: identity [0], direct map [273], kernel image [511]. */
	movl $PHYS(boot_pdpt_low) + (PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4)
	movl %eax, PHYS(boot_pml4) + 273 * 8
	movl $PHYS(boot_pdpt_high) + (PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0

	lgdt PHYS(boot_gdt_desc)
	ljmp $GDT_KERNEL_CS, $PHYS(start64)

	.code64
start64:
	movl $GDT_KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	/* arch_main(magic, info_phys) in the higher half; never returns. */
	movabsq $arch_main, %rax
	callq *%rax
2:	hlt
	jmp 2b

	/* A minimal GDT for the switch to long mode (trap.c loads the real one). */
	.section .boot.data, "aw", @progbits
	.p2align 3
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit kernel code */
	.quad 0x00cf92000000ffff	/* 0x10: kernel data */
boot_gdt_desc:
	.word boot_gdt_desc - boot_gdt - 1
	.long PHYS(boot_gdt)

	.p2align 3
	.globl boot_tsc
boot_tsc:
	.quad 0

	.section .boot.bss, "aw", @nobits
	.p2align 12
	.globl boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt_low:
	.skip 4096
boot_pdpt_high:
	.skip 4096
boot_pd:
	.skip 4096

	.section .bss
	.p2align 12
	.globl boot_stack_bottom
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:

	.section .note.GNU-stack, "", @progbits

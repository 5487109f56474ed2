/*
 * The user-process stub of the host frame: the only code of its own a
 * user process runs. Linked at STUB_BASE, above the user address space.
 * At start it unmaps the whole user range (the stack and vDSO the host
 * kernel gave it) and stops with int3; from then on the tracer (the host
 * frame) sets its registers: to user code, or to stub_syscall to have the
 * process itself run mmap or munmap on the kernel's behalf.
 */
#define USER_END 0x7fff00000000
#define NR_MUNMAP 11

	.text
	/* First, at STUB_BASE exactly: the syscall gadget. */
	.globl stub_syscall
stub_syscall:
	syscall
	int3

	.globl _start
_start:
	leaq stack_top(%rip), %rsp
	movl $NR_MUNMAP, %eax
	xorl %edi, %edi
	movabsq $USER_END, %rsi
	syscall
	int3
1:	jmp 1b

	.bss
	.p2align 4
	.skip 4096
stack_top:

	.section .note.GNU-stack, "", @progbits

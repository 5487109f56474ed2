/*
 * Entering and leaving user mode (user.c).
 *
 * user_enter(regs) saves the kernel's callee-saved registers and stack
 * pointer, loads the user registers from *regs (struct frame_user_regs)
 * and irets to ring 3. It "returns" when user mode traps back:
 *   - syscall: syscall_entry stores the user registers into *regs and
 *     returns USER_RET_SYSCALL;
 *   - an interrupt or exception: the IDT path saves them (trap.c) and
 *     calls user_leave(code), which returns code.
 * The kernel stack below the saved registers is TSS.rsp0, where the CPU
 * switches on an interrupt from ring 3. One CPU: the saved stack pointer
 * and the regs pointer are globals; with SMP they become per-CPU.
 */
#include "layout.h"

#define R_RAX 0
#define R_RBX 8
#define R_RCX 16
#define R_RDX 24
#define R_RSI 32
#define R_RDI 40
#define R_RBP 48
#define R_RSP 56
#define R_R8 64
#define R_R9 72
#define R_R10 80
#define R_R11 88
#define R_R12 96
#define R_R13 104
#define R_R14 112
#define R_R15 120
#define R_RIP 128
#define R_RFLAGS 136
#define R_ORIG_RAX 160
#define USER_RET_SYSCALL 1

	.text
	.globl user_enter
user_enter:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, user_kernel_rsp(%rip)
	movq %rsp, trap_tss+4(%rip)		/* TSS.rsp0 */
	movq %rdi, user_regs(%rip)

	pushq $GDT_USER_DS
	pushq R_RSP(%rdi)
	pushq R_RFLAGS(%rdi)
	pushq $GDT_USER_CS
	pushq R_RIP(%rdi)
	movq R_RAX(%rdi), %rax
	movq R_RBX(%rdi), %rbx
	movq R_RCX(%rdi), %rcx
	movq R_RDX(%rdi), %rdx
	movq R_RSI(%rdi), %rsi
	movq R_RBP(%rdi), %rbp
	movq R_R8(%rdi), %r8
	movq R_R9(%rdi), %r9
	movq R_R10(%rdi), %r10
	movq R_R11(%rdi), %r11
	movq R_R12(%rdi), %r12
	movq R_R13(%rdi), %r13
	movq R_R14(%rdi), %r14
	movq R_R15(%rdi), %r15
	movq R_RDI(%rdi), %rdi
	iretq

	/* user_leave(code): back to user_enter's caller with code. */
	.globl user_leave
user_leave:
	movl %edi, %eax
	movq user_kernel_rsp(%rip), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	/*
	 * syscall from ring 3: %rcx is the user rip, %r11 the user rflags,
	 * interrupts are masked (FMASK) and %rsp is still the user's.
	 */
	.globl syscall_entry
syscall_entry:
	movq %rsp, user_scratch(%rip)
	movq user_regs(%rip), %rsp
	movq %rax, R_RAX(%rsp)
	movq %rax, R_ORIG_RAX(%rsp)
	movq %rbx, R_RBX(%rsp)
	movq %rcx, R_RIP(%rsp)
	movq %rcx, R_RCX(%rsp)
	movq %rdx, R_RDX(%rsp)
	movq %rsi, R_RSI(%rsp)
	movq %rdi, R_RDI(%rsp)
	movq %rbp, R_RBP(%rsp)
	movq %r8, R_R8(%rsp)
	movq %r9, R_R9(%rsp)
	movq %r10, R_R10(%rsp)
	movq %r11, R_RFLAGS(%rsp)
	movq %r11, R_R11(%rsp)
	movq %r12, R_R12(%rsp)
	movq %r13, R_R13(%rsp)
	movq %r14, R_R14(%rsp)
	movq %r15, R_R15(%rsp)
	movq user_scratch(%rip), %rax
	movq %rax, R_RSP(%rsp)
	movl $USER_RET_SYSCALL, %edi
	jmp user_leave

	.bss
	.p2align 3
	.globl user_kernel_rsp
user_kernel_rsp:
	.quad 0
user_regs:
	.quad 0
user_scratch:
	.quad 0

	.section .note.GNU-stack, "", @progbits

/*
 * Interrupt and exception entry. Every vector has a stub that pushes an
 * error code (a zero where the CPU pushes none) and its vector number, then
 * joins trap_common, which saves the general registers as a struct
 * trap_frame (arch.h) and calls trap_dispatch(). Interrupts stay disabled
 * (all IDT entries are interrupt gates) until the C code decides.
 */
#include "layout.h"

	.text
	.p2align 4
trap_common:
	.cfi_startproc simple
	.cfi_signal_frame
	.cfi_def_cfa %rsp, 7 * 8
	.cfi_offset %rip, -5 * 8
	.cfi_offset %rsp, -2 * 8
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	.cfi_adjust_cfa_offset 15 * 8
	cld
	movq %rsp, %rdi
	callq trap_dispatch
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector and error code */
	iretq
	.cfi_endproc

/* Vectors for which the CPU pushes an error code itself. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		      (v) == 21 || (v) == 29 || (v) == 30)

	.p2align 4
	.globl trap_stubs
trap_stubs:
	vector = 0
	.rept 256
	.p2align 4
	.if !HAS_ERROR(vector)
	pushq $0
	.endif
	pushq $vector
	jmp trap_common
	vector = vector + 1
	.endr

	.section .note.GNU-stack, "", @progbits

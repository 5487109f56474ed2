/*
 * Kernel context switch for x86-64, shared by both frames.
 *
 * fc_switch(void **save_sp, void *new_sp): push the callee-saved registers
 * on the current stack, store the stack pointer in *save_sp, load new_sp
 * and pop the registers saved there. A new context's first frame (built by
 * fc_context_stack_init) returns into fc_context_start with the entry
 * function in %r12 and its argument in %r13.
 */
	.text
	.globl fc_switch
	.type fc_switch, @function
fc_switch:
	.cfi_startproc
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.cfi_endproc
	.size fc_switch, .-fc_switch

	.globl fc_context_start
	.type fc_context_start, @function
fc_context_start:
	.cfi_startproc
	.cfi_undefined rip
	xorl %ebp, %ebp
	movq %r13, %rdi
	callq *%r12
	ud2
	.cfi_endproc
	.size fc_context_start, .-fc_context_start

	.section .note.GNU-stack, "", @progbits

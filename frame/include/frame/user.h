/*
 * User mode: run a user context until it traps back into the kernel.
 *
 * The kernel keeps each thread's register state in a frame_user_context and
 * calls frame_user_run() in a loop: the frame loads the registers (general,
 * FS/GS base and the extended FPU state), runs the thread in the active
 * address space and returns why it stopped. The kernel's syscall loop is the
 * same on every frame.
 */
#pragma once

#include <frame/types.h>

/* General-purpose registers as the user program sees them. */
struct frame_user_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
	uint64_t fs_base, gs_base;
	uint64_t orig_rax;	/* syscall number at a syscall trap */
};

struct frame_user_context {
	struct frame_user_regs regs;
	void *fpu;		/* extended state, frame_user_fpu_size() bytes */
};

/* Bytes of the extended FPU state area (XSAVE layout). */
size_t frame_user_fpu_size(void);

/* Set a context's FPU state to the power-on state for a new program. */
void frame_user_fpu_init(struct frame_user_context *ctx);

enum frame_trap_kind {
	FRAME_TRAP_SYSCALL,	/* number in regs.orig_rax */
	FRAME_TRAP_PAGE_FAULT,	/* fault_addr, access */
	FRAME_TRAP_EXCEPTION,	/* vector and error code */
	FRAME_TRAP_INTERRUPT,	/* an interrupt arrived; handlers have run */
};

struct frame_trap {
	enum frame_trap_kind kind;
	unsigned int vector;	/* x86 exception vector */
	uint64_t error_code;
	uintptr_t fault_addr;
	unsigned int access;	/* FRAME_ACCESS_* of the faulting access */
};

/*
 * Run ctx in user mode in the active address space until it traps. Called
 * with interrupts enabled and no spinlock held; may sleep. Returns 0 with
 * *trap filled in and ctx updated, or -ENOMEM if the frame could not set
 * up what the address space needs to run user code.
 */
int frame_user_run(struct frame_user_context *ctx, struct frame_trap *trap);

/*
 * User mode on bare metal (frame/user.h): ring 3 through iretq, back
 * through syscall (LSTAR) or any interrupt or exception taken in ring 3
 * (trap.c hands those to user_trap()). See user.S for the stack dance.
 *
 * Extended state: x87 and SSE only, saved with fxsave64 and restored with
 * fxrstor64 around every run (the kernel itself never touches them:
 * -mgeneral-regs-only); XSAVE state (AVX and later) is not enabled.
 * Entry is always by iretq, after refusing a non-canonical rip, which
 * iretq would fault on in ring 0.
 */
#include <frame/irq.h>
#include <frame/user.h>
#include <frame/vm.h>

#include "arch.h"
#include "x86.h"

#define MSR_STAR	0xc0000081
#define MSR_LSTAR	0xc0000082
#define MSR_FMASK	0xc0000084
#define MSR_FS_BASE	0xc0000100
#define MSR_GS_BASE	0xc0000101
#define EFER_SCE	(1 << 0)
#define CR0_MP		(1 << 1)
#define CR0_EM		(1 << 2)
#define CR0_TS		(1 << 3)
#define CR4_OSFXSR	(1 << 9)
#define CR4_OSXMMEXCPT	(1 << 10)
#define USER_RET_SYSCALL 1
#define USER_RET_TRAP	2
#define FXSAVE_SIZE	512
/* User-controllable flags: CF PF AF ZF SF TF DF OF and AC, ID. */
#define RFLAGS_USER	0x254dd5UL

int user_enter(struct frame_user_regs *regs);
__attribute__((noreturn)) void user_leave(int code);
void syscall_entry(void);

static struct frame_trap last_trap;
static struct frame_user_regs *running;

void user_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* sysret would load CS = 0x10 + 16 | 3, SS = 0x10 + 8 | 3. */
	wrmsr(MSR_STAR, (0x10ULL << 48) | ((uint64_t)GDT_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)syscall_entry);
	wrmsr(MSR_FMASK, 0x47700);		/* IF TF DF AC NT */
	write_cr0((read_cr0() & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

size_t frame_user_fpu_size(void)
{
	return FXSAVE_SIZE;
}

void frame_user_fpu_init(struct frame_user_context *ctx)
{
	uint8_t *fx = ctx->fpu;

	__builtin_memset(fx, 0, FXSAVE_SIZE);
	fx[0] = 0x7f;			/* FCW 0x037f */
	fx[1] = 0x03;
	fx[24] = 0x80;			/* MXCSR 0x1f80 */
	fx[25] = 0x1f;
}

static bool canonical(uint64_t a)
{
	return a < 0x0000800000000000ULL || a >= 0xffff800000000000ULL;
}

/*
 * A trap from ring 3 (interrupts disabled): save the user registers from
 * the trap frame, handle an interrupt now, and leave to frame_user_run.
 */
void user_trap(struct trap_frame *f)
{
	struct frame_user_regs *r = running;

	*r = (struct frame_user_regs){
		.rax = f->rax, .rbx = f->rbx, .rcx = f->rcx, .rdx = f->rdx,
		.rsi = f->rsi, .rdi = f->rdi, .rbp = f->rbp, .rsp = f->rsp,
		.r8 = f->r8, .r9 = f->r9, .r10 = f->r10, .r11 = f->r11,
		.r12 = f->r12, .r13 = f->r13, .r14 = f->r14, .r15 = f->r15,
		.rip = f->rip, .rflags = f->rflags,
		.fs_base = r->fs_base, .gs_base = r->gs_base,
		.orig_rax = (uint64_t)-1,
	};
	last_trap = (struct frame_trap){ .vector = (unsigned int)f->vector,
					 .error_code = f->error_code };
	if (f->vector == 14) {
		last_trap.kind = FRAME_TRAP_PAGE_FAULT;
		last_trap.fault_addr = read_cr2();
		last_trap.access = f->error_code & 0x10 ? FRAME_ACCESS_EXEC :
				   f->error_code & 0x2 ? FRAME_ACCESS_WRITE :
				   FRAME_ACCESS_READ;
	} else if (f->vector < 32) {
		last_trap.kind = FRAME_TRAP_EXCEPTION;
	} else {
		last_trap.kind = FRAME_TRAP_INTERRUPT;
		trap_interrupt(f->vector);
	}
	user_leave(USER_RET_TRAP);
}

int frame_user_run(struct frame_user_context *ctx, struct frame_trap *trap)
{
	struct frame_user_regs *r = &ctx->regs;
	int code;

	if (!frame_vm_active() || frame_spin_held() || frame_in_irq()) {
		fc_fatal("frame_user_run without a space or in atomic context",
			 NULL, 0);
	}
	if (!canonical(r->rip) || !canonical(r->fs_base) ||
	    !canonical(r->gs_base)) {
		*trap = (struct frame_trap){ .kind = FRAME_TRAP_EXCEPTION,
					     .vector = 13 };
		return 0;
	}
	r->rflags = (r->rflags & RFLAGS_USER) | RFLAGS_IF;

	cli();
	wrmsr(MSR_FS_BASE, r->fs_base);
	wrmsr(MSR_GS_BASE, r->gs_base);
	__asm__ volatile("fxrstor64 %0" : : "m"(*(uint8_t (*)[FXSAVE_SIZE])ctx->fpu));
	running = r;
	code = user_enter(r);
	__asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t (*)[FXSAVE_SIZE])ctx->fpu));
	r->fs_base = rdmsr(MSR_FS_BASE);
	r->gs_base = rdmsr(MSR_GS_BASE);
	wrmsr(MSR_GS_BASE, 0);

	if (code == USER_RET_SYSCALL) {
		*trap = (struct frame_trap){ .kind = FRAME_TRAP_SYSCALL };
	} else {
		*trap = last_trap;
		if (trap->kind == FRAME_TRAP_INTERRUPT) {
			trap_irq_exit();	/* may switch tasks */
		}
	}
	sti();
	return 0;
}

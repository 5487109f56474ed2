/*
 * User mode on the host frame (frame/user.h).
 *
 * Each address space gets a host process: a tiny static stub (stub/stub.S,
 * embedded in this executable) run under ptrace. Its user range starts
 * empty and works as a software TLB over the kernel's page tables: when
 * the process faults on a page the tables map, the page is mapped into it
 * from the RAM memfd at its physical offset and the access is retried;
 * when the tables drop a translation (fc_vm_tlb_flush) the page is
 * unmapped from it. Anything the tables do not allow is a page fault for
 * the kernel. PTRACE_SYSEMU stops it at every syscall without running it,
 * and the stub's seccomp filter kills it should a user system call ever
 * reach the host: only the stub's own mmap and munmap may.
 *
 * Extended state: x87 and SSE only (the FXSAVE area, through
 * PTRACE_GETFPREGS); AVX and later state stay with the host process.
 * Known shortcomings: a permission fault is told from a missing mapping
 * by faulting twice on the same page, since ptrace does not report the
 * x86 error code; accessed and dirty bits are not set by user accesses.
 *
 * Preemption: a process that runs a whole slice (SLICE_NS of host time)
 * without trapping is stopped with SIGSTOP, which is reported as a timer
 * interrupt after the slice is charged to the clock. A SIGSTOP that lands
 * just as the process traps for another reason stays pending and shows up
 * at its next stop, where it is dropped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <frame/user.h>
#include <frame/vm.h>

#include "internal.h"

#define STUB_BASE	0x7fff00100000UL	/* stub_syscall */
#define RAM_FD_IN_STUB	3
#define SLICE_NS	20000000L		/* 20 ms of host time */

extern const char hf_stub_image[], hf_stub_image_end[];

struct hf_user {
	pid_t pid;
	struct user_regs_struct base;	/* segment registers to keep */
	uintptr_t last_refill;		/* page mapped by the last refill */
	bool stop_sent;			/* a preempting SIGSTOP is pending */
};

_Static_assert(sizeof(struct user_fpregs_struct) == 512, "FXSAVE area");

size_t frame_user_fpu_size(void)
{
	return sizeof(struct user_fpregs_struct);
}

void frame_user_fpu_init(struct frame_user_context *ctx)
{
	struct user_fpregs_struct *fp = ctx->fpu;

	memset(fp, 0, sizeof(*fp));
	fp->cwd = 0x37f;		/* x87 power-on control word */
	fp->mxcsr = 0x1f80;		/* SSE: all exceptions masked */
}

static struct hf_user *user_of(struct frame_vm *vm)
{
	return fc_vm_frame_data(vm);
}

static void die(const char *what, long value)
{
	fc_fatal("user process host support failed", what, (uint64_t)value);
}

static void wait_stop(pid_t pid, int *status)
{
	if (waitpid(pid, status, __WALL) != pid || !WIFSTOPPED(*status)) {
		die("the stub process ended", *status);
	}
}

static bool is_preempt_stop(struct hf_user *u, int status)
{
	if (!u->stop_sent || WSTOPSIG(status) != SIGSTOP) {
		return false;
	}
	u->stop_sent = false;
	return true;
}

/*
 * Wait for the running process to stop, for at most a slice; past it, stop
 * it. SIGCHLD stays blocked in this process so that sigtimedwait can sleep
 * until a child changes state.
 */
static void wait_slice(struct hf_user *u, int *status)
{
	sigset_t chld;
	struct timespec now, end;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_nsec += SLICE_NS;
	end.tv_sec += end.tv_nsec / 1000000000L;
	end.tv_nsec %= 1000000000L;
	for (;;) {
		pid_t got = waitpid(u->pid, status, __WALL | WNOHANG);
		struct timespec left;

		if (got == u->pid) {
			if (!WIFSTOPPED(*status)) {
				die("the stub process ended", *status);
			}
			return;
		}
		if (got < 0) {
			die("waiting for the stub failed", errno);
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_nsec += 1000000000L;
			left.tv_sec--;
		}
		if (left.tv_sec < 0) {
			break;
		}
		sigtimedwait(&chld, NULL, &left);
	}
	u->stop_sent = true;
	kill(u->pid, SIGSTOP);
	wait_stop(u->pid, status);
	if (WSTOPSIG(*status) == SIGSTOP) {
		hf_time_pass(SLICE_NS);
	}
}

/* Start the stub: exec it from a memfd with RAM at fd 3, traced. */
static int spawn(struct hf_user *u)
{
	size_t len = (size_t)(hf_stub_image_end - hf_stub_image);
	int exe = memfd_create("hf-stub", MFD_CLOEXEC);
	int status;
	pid_t pid;

	sigset_t chld;

	if (exe < 0 || write(exe, hf_stub_image, len) != (ssize_t)len) {
		return -ENOMEM;
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "hf-stub", NULL }, *envp[] = { NULL };
		char path[64];

		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* dup2 onto itself would leave close-on-exec set. */
		if (hf_ram_fd() == RAM_FD_IN_STUB) {
			fcntl(RAM_FD_IN_STUB, F_SETFD, 0);
		} else {
			dup2(hf_ram_fd(), RAM_FD_IN_STUB);
		}
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		syscall(SYS_execveat, exe, "", argv, envp, AT_EMPTY_PATH);
		/* Valgrind does not emulate execveat: go through /proc. */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", exe);
		execve(path, argv, envp);
		_exit(127);
	}
	close(exe);
	if (pid < 0) {
		return -ENOMEM;
	}
	wait_stop(pid, &status);		/* at exec */
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD);
	ptrace(PTRACE_CONT, pid, 0, 0);
	wait_stop(pid, &status);		/* the stub's int3 */
	if (WSTOPSIG(status) != SIGTRAP) {	/* ud2: no seccomp filter */
		die("the stub could not install its seccomp filter", status);
	}
	ptrace(PTRACE_GETREGS, pid, 0, &u->base);
	u->pid = pid;
	return 0;
}

/* Have the stopped process run one syscall through the stub's gadget. */
static long stub_syscall(struct hf_user *u, long nr, uint64_t a0, uint64_t a1,
			 uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct user_regs_struct saved, r;
	int status;

	ptrace(PTRACE_GETREGS, u->pid, 0, &saved);
	r = saved;
	r.rip = STUB_BASE;
	r.rax = (uint64_t)nr;
	r.rdi = a0;
	r.rsi = a1;
	r.rdx = a2;
	r.r10 = a3;
	r.r8 = a4;
	r.r9 = a5;
	ptrace(PTRACE_SETREGS, u->pid, 0, &r);
	ptrace(PTRACE_CONT, u->pid, 0, 0);
	wait_stop(u->pid, &status);
	while (is_preempt_stop(u, status)) {
		ptrace(PTRACE_CONT, u->pid, 0, 0);
		wait_stop(u->pid, &status);
	}
	if (WSTOPSIG(status) != SIGTRAP) {
		die("the stub did not finish its syscall", status);
	}
	ptrace(PTRACE_GETREGS, u->pid, 0, &r);
	ptrace(PTRACE_SETREGS, u->pid, 0, &saved);
	return (long)r.rax;
}

void fc_vm_tlb_flush(struct frame_vm *vm, uintptr_t va, size_t len)
{
	struct hf_user *u = user_of(vm);

	if (u->pid && stub_syscall(u, SYS_munmap, va, len, 0, 0, 0, 0) != 0) {
		die("munmap in the stub", (long)va);
	}
	u->last_refill = 0;
}

void fc_vm_release(struct frame_vm *vm)
{
	struct hf_user *u = user_of(vm);
	int status;

	if (u->pid) {
		kill(u->pid, SIGKILL);
		waitpid(u->pid, &status, __WALL);
		u->pid = 0;
	}
}

/*
 * A fault at addr: map the page into the process if the tables allow it
 * and it was not just mapped (then it is a real fault). Returns true if
 * the access should simply be retried.
 */
static bool refill(struct frame_vm *vm, struct hf_user *u, uintptr_t addr)
{
	uintptr_t va = addr & ~(FRAME_PAGE_SIZE - 1);
	struct frame_page *page;
	unsigned int prot;
	int host_prot;
	long r;

	if (va == u->last_refill ||
	    frame_vm_query(vm, va, &page, &prot) != 0) {
		return false;
	}
	if (prot == 0) {
		frame_page_put(page);	/* mapped, but not for user mode */
		return false;
	}
	host_prot = PROT_READ | (prot & FRAME_PROT_WRITE ? PROT_WRITE : 0) |
		    (prot & FRAME_PROT_EXEC ? PROT_EXEC : 0);
	r = stub_syscall(u, SYS_mmap, va, FRAME_PAGE_SIZE, (uint64_t)host_prot,
			 MAP_SHARED | MAP_FIXED, RAM_FD_IN_STUB,
			 frame_page_pfn(page) << FRAME_PAGE_SHIFT);
	frame_page_put(page);
	if (r != (long)va) {
		die("mmap in the stub", r);
	}
	u->last_refill = va;
	return true;
}

static void regs_in(struct user_regs_struct *r, const struct frame_user_regs *g)
{
	r->rax = g->rax, r->rbx = g->rbx, r->rcx = g->rcx, r->rdx = g->rdx;
	r->rsi = g->rsi, r->rdi = g->rdi, r->rbp = g->rbp, r->rsp = g->rsp;
	r->r8 = g->r8, r->r9 = g->r9, r->r10 = g->r10, r->r11 = g->r11;
	r->r12 = g->r12, r->r13 = g->r13, r->r14 = g->r14, r->r15 = g->r15;
	r->rip = g->rip;
	r->eflags = (g->rflags & 0xcd5) | 0x202;	/* user flags, IF on */
	r->fs_base = g->fs_base, r->gs_base = g->gs_base;
	r->orig_rax = (uint64_t)-1;
}

static void regs_out(struct frame_user_regs *g, const struct user_regs_struct *r)
{
	g->rax = r->rax, g->rbx = r->rbx, g->rcx = r->rcx, g->rdx = r->rdx;
	g->rsi = r->rsi, g->rdi = r->rdi, g->rbp = r->rbp, g->rsp = r->rsp;
	g->r8 = r->r8, g->r9 = r->r9, g->r10 = r->r10, g->r11 = r->r11;
	g->r12 = r->r12, g->r13 = r->r13, g->r14 = r->r14, g->r15 = r->r15;
	g->rip = r->rip, g->rflags = r->eflags;
	g->fs_base = r->fs_base, g->gs_base = r->gs_base;
	g->orig_rax = r->orig_rax;
}

/* Classify a fault the tables do not allow (see the file comment). */
static unsigned int fault_access(struct frame_vm *vm, uintptr_t addr,
				 uintptr_t ip)
{
	unsigned int prot = 0;

	if (frame_vm_query(vm, addr, NULL, &prot) != 0) {
		return ip == addr ? FRAME_ACCESS_EXEC : FRAME_ACCESS_READ;
	}
	if (ip == addr && !(prot & FRAME_PROT_EXEC)) {
		return FRAME_ACCESS_EXEC;
	}
	return prot & FRAME_PROT_WRITE ? FRAME_ACCESS_READ : FRAME_ACCESS_WRITE;
}

static const struct {
	int sig;
	unsigned int vector;
} exceptions[] = {
	{ SIGFPE, 0 }, { SIGTRAP, 3 }, { SIGILL, 6 }, { SIGBUS, 13 },
};

int frame_user_run(struct frame_user_context *ctx, struct frame_trap *trap)
{
	struct frame_vm *vm = frame_vm_active();
	struct hf_user *u;
	struct user_regs_struct r;
	siginfo_t si;
	int status, sig, err;

	if (!vm || frame_spin_held() || frame_in_irq()) {
		fc_fatal("frame_user_run without a space or in atomic context",
			 NULL, 0);
	}
	hf_window();			/* returning to user mode */
	u = user_of(vm);
	if (!u->pid && (err = spawn(u)) != 0) {
		return err;
	}
	r = u->base;
	regs_in(&r, &ctx->regs);
	ptrace(PTRACE_SETREGS, u->pid, 0, &r);
	ptrace(PTRACE_SETFPREGS, u->pid, 0, ctx->fpu);
	u->last_refill = 0;
	*trap = (struct frame_trap){ 0 };

	for (;;) {
		ptrace(PTRACE_SYSEMU, u->pid, 0, 0);
		wait_slice(u, &status);
		sig = WSTOPSIG(status);
		if (sig == (SIGTRAP | 0x80)) {
			trap->kind = FRAME_TRAP_SYSCALL;
			break;
		}
		if (is_preempt_stop(u, status)) {
			trap->kind = FRAME_TRAP_INTERRUPT;
			break;
		}
		ptrace(PTRACE_GETSIGINFO, u->pid, 0, &si);
		if (sig == SIGSEGV) {
			uintptr_t addr = (uintptr_t)si.si_addr;

			if (si.si_code != SI_KERNEL && refill(vm, u, addr)) {
				continue;
			}
			ptrace(PTRACE_GETREGS, u->pid, 0, &r);
			trap->kind = si.si_code == SI_KERNEL ?
				     FRAME_TRAP_EXCEPTION : FRAME_TRAP_PAGE_FAULT;
			trap->vector = si.si_code == SI_KERNEL ? 13 : 14;
			trap->fault_addr = si.si_code == SI_KERNEL ? 0 : addr;
			trap->access = fault_access(vm, addr, r.rip);
			break;
		}
		for (unsigned int i = 0; i < 4; i++) {
			if (exceptions[i].sig == sig) {
				trap->kind = FRAME_TRAP_EXCEPTION;
				trap->vector = exceptions[i].vector;
			}
		}
		if (trap->kind == FRAME_TRAP_EXCEPTION) {
			break;
		}
		/* Any other host signal is none of the program's business. */
	}
	ptrace(PTRACE_GETREGS, u->pid, 0, &r);
	ptrace(PTRACE_GETFPREGS, u->pid, 0, ctx->fpu);
	regs_out(&ctx->regs, &r);
	if (trap->kind == FRAME_TRAP_INTERRUPT) {
		hf_window();		/* the tick's handlers; may switch tasks */
	}
	return 0;
}

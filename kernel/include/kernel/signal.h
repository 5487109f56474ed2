/*
 * Signals: the Linux ABI for posting, blocking, catching and returning
 * from handlers, for processes of one thread each.
 *
 * A signal posted to a process is pending until the process's task is
 * about to return to user mode and the signal is not blocked; then its
 * action runs: a handler gets a signal frame on the user stack, the
 * default action ends the process or does nothing. A signal that would be
 * ignored is dropped when posted. Posting a signal that will be acted on
 * sets the task's interrupt flag and wakes it, so that interruptible
 * waits end with -ERESTARTSYS; the system call is then restarted, or
 * fails with EINTR if a handler without SA_RESTART runs.
 *
 * Not yet: queued real-time signals (each signal is pending once),
 * stop and continue (their default action does nothing),
 * SA_NOCLDWAIT and auto-reaping under an ignored SIGCHLD.
 */
#pragma once

#include <asm/signal.h>
#include <linux/signal.h>

#include <frame/spinlock.h>
#include <frame/user.h>

#include <kernel/types.h>

struct process;

/* _NSIG of Linux's asm-generic/signal.h; x86's header uses it undefined. */
#define SIG_COUNT 64

/*
 * Kernel-internal: a system call that a signal interrupted and that may be
 * restarted (Linux include/linux/errno.h). Never seen by user mode.
 */
#define ERESTARTSYS 512

static inline uint64_t sig_bit(int sig)
{
	return 1ULL << (sig - 1);
}

/* What a pending signal carries into the handler's siginfo. */
struct sig_info {
	int code;		/* si_code: SI_USER, CLD_EXITED, SEGV_MAPERR... */
	int pid;		/* sender or child */
	unsigned int uid;
	int status;		/* CLD_*: exit status or signal */
	uintptr_t addr;		/* faults: the address */
};

struct sig_state {
	frame_spinlock_t lock;		/* pending and info, from any task */
	uint64_t pending;
	uint64_t blocked;		/* the owner's task only */
	uint64_t saved_blocked;		/* sigsuspend's mask to restore */
	bool restore_blocked;
	stack_t altstack;		/* sigaltstack; ss_flags SS_DISABLE */
	struct sigaction action[SIG_COUNT];
	struct sig_info info[SIG_COUNT];
};

void signal_init(struct process *p);

/* fork: the child gets the actions and mask, nothing pending. */
void signal_fork(struct process *child, const struct process *parent);

/* execve: handled signals go back to their default action. */
void signal_exec(struct process *p);

/*
 * Post sig to p with info (NULL: sent by the kernel). Returns 0; the
 * caller has checked permission.
 */
void signal_post(struct process *p, int sig, const struct sig_info *info);

/*
 * A fault or exception in p's own code: sig is delivered even if blocked
 * or ignored (the action is reset to default then), as on Linux.
 */
void signal_force(struct process *p, int sig, int code, uintptr_t addr);

/*
 * Before p's task returns to user mode: act on pending signals. syscall_ret
 * is true right after a system call whose result is in regs.rax (which may
 * be -ERESTARTSYS). May end the process (p->exiting).
 */
void signal_deliver(struct process *p, bool after_syscall);

/* A child of p ended with wait status: post p the child's exit signal. */
void signal_child_exit(struct process *parent, struct process *child);

/* Tell parent that child stopped or continued (CLD_STOPPED, CLD_CONTINUED). */
void signal_child_stop(struct process *parent, struct process *child,
		       int code, int sig);

/* Is SIGKILL pending for p (which ends even a stop)? */
bool signal_kill_pending(const struct process *p);

/* Does parent leave its children unwaited (SIGCHLD ignored, SA_NOCLDWAIT)? */
bool signal_child_autoreap(const struct process *parent);

/* System calls. */
long sys_rt_sigaction(struct process *p, int sig, uintptr_t act,
		      uintptr_t oldact, size_t setsize);
long sys_rt_sigprocmask(struct process *p, int how, uintptr_t set,
			uintptr_t oldset, size_t setsize);
long sys_rt_sigpending(struct process *p, uintptr_t set, size_t setsize);
long sys_rt_sigsuspend(struct process *p, uintptr_t mask, size_t setsize);
long sys_pause(struct process *p);
long sys_rt_sigreturn(struct process *p);
long sys_sigaltstack(struct process *p, uintptr_t ss, uintptr_t old);
long sys_kill(struct process *p, int pid, int sig);
long sys_tgkill(struct process *p, int tgid, int tid, int sig);

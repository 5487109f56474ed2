/*
 * Signals: the Linux ABI for posting, blocking, catching and returning
 * from handlers, for processes of one or more threads.
 *
 * A signal is sent to a process (kill: pending for the whole thread group)
 * or to one thread (tgkill, faults). It stays pending until a thread that
 * does not block it is about to return to user mode; then its action
 * runs: a handler gets a signal frame on that thread's stack, the default
 * action ends the whole process, stops it, or does nothing. The actions
 * are the thread group's; each thread has its own mask. A signal that
 * would be ignored is dropped when posted. Posting a signal that will be
 * acted on sets the interrupt flag of a thread that takes it and wakes
 * it, so that interruptible waits end with -ERESTARTSYS; the system call
 * is then restarted, or fails with EINTR if a handler without SA_RESTART
 * runs.
 *
 * A standard signal is pending at most once; a real-time signal
 * (SIGRTMIN and up) is queued once per sending, each with its own siginfo,
 * up to RLIMIT_SIGPENDING pending signals in all.
 */
#pragma once

#include <asm/signal.h>
#include <linux/signal.h>

#include <frame/spinlock.h>
#include <frame/user.h>

#include <kernel/list.h>
#include <kernel/types.h>

struct process;

/* _NSIG of Linux's asm-generic/signal.h; x86's header uses it undefined. */
#define SIG_COUNT 64

/*
 * Kernel-internal results of a system call that a signal interrupted
 * (Linux include/linux/errno.h), never seen by user mode. ERESTARTSYS:
 * restarted, unless a handler without SA_RESTART runs (then EINTR).
 * ERESTARTNOHAND: restarted only if no handler runs.
 */
#define ERESTARTSYS 512
#define ERESTARTNOHAND 514

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
	uint64_t value;		/* si_value: sigqueue's, timers' */
};

/*
 * Signals pending for one thread or for a whole process; under the thread
 * group's sig_lock (kernel/proc.h).
 */
struct sig_pending {
	uint64_t set;
	struct sig_info info[SIG_COUNT];	/* of each pending signal */
	struct list_head queue;			/* real-time ones sent again */
};

/* A thread's signal state. */
struct sig_state {
	struct sig_pending pending;	/* sent to this thread: tgkill, faults */
	uint64_t blocked;		/* the owner's task only */
	uint64_t saved_blocked;		/* sigsuspend's mask to restore */
	bool restore_blocked;
	stack_t altstack;		/* sigaltstack; ss_size 0: none */
};

void signal_init(struct process *p);

/* The thread is freed: drop what is still queued for it. */
void signal_free(struct process *p);

/* A new thread group: its lock and shared pending set. */
struct thread_group;
void signal_group_init(struct thread_group *tg);

/* The thread group is freed: drop what is still queued for it. */
void signal_group_free(struct thread_group *tg);

/* fork: the child gets the mask and alternate stack, nothing pending
 * (the actions are its thread group's, copied with it). */
void signal_fork(struct process *child, const struct process *parent);

/* execve: handled signals go back to their default action. */
void signal_exec(struct process *p);

/*
 * Post sig to p with info (NULL: sent by the kernel); the caller has
 * checked permission. Returns 0, or -EAGAIN when a real-time signal sent
 * with a si_code other than SI_USER (sigqueue, timers) cannot be queued
 * again: over RLIMIT_SIGPENDING or out of memory. kill() and the kernel's
 * signals are then pending once, as on Linux.
 */
int signal_post(struct process *p, int sig, const struct sig_info *info);

/* Send sig to every process of group pgid, from the kernel. */
void signal_pgrp(int pgid, int sig);

/* Would p leave sig pending or drop it (ignored or blocked)? */
bool signal_ignored_or_blocked(const struct process *p, int sig);

/* Make thread t look at its signals: flag it and wake it. */
void signal_kick(struct process *t);

/* The same, for thread t alone (tgkill, faults, exit_group's SIGKILL). */
int signal_post_thread(struct process *t, int sig,
		       const struct sig_info *info);

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

/*
 * sigsuspend(), ppoll() and pselect6(): wait with the user's mask at umask
 * (size bytes) in place of p's. signal_mask_restore() puts p's back at
 * once, unless result says a signal interrupted the wait: its handler then
 * runs under the temporary mask, with p's in its frame, as on Linux.
 */
int signal_mask_swap(struct process *p, uintptr_t umask, size_t size);
void signal_mask_restore(struct process *p, long result);

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
long sys_rt_sigtimedwait(struct process *p, uintptr_t set, uintptr_t info,
			 uintptr_t timeout, size_t setsize);
long sys_kill(struct process *p, int pid, int sig);
long sys_tgkill(struct process *p, int tgid, int tid, int sig);
long sys_rt_sigqueueinfo(struct process *p, int pid, int sig, uintptr_t info);
long sys_rt_tgsigqueueinfo(struct process *p, int tgid, int tid, int sig,
			   uintptr_t info);

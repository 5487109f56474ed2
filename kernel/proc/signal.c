/*
 * Signals (kernel/signal.h): actions, masks, posting, and the x86-64 signal
 * frame that a handler runs on and rt_sigreturn() takes down.
 */
#define pr_fmt(fmt) "signal: " fmt

#include <asm/signal.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#include <linux/wait.h>

#include <frame/time.h>
#include <frame/uaccess.h>

#include <kernel/log.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/slab.h>
#include <kernel/string.h>

/*
 * The frame a handler finds on its stack, x86-64 (Linux
 * arch/x86/include/asm/sigframe.h; not exported to user space). The FPU
 * state follows it, 64-byte aligned, and uc_mcontext.fpstate points there.
 */
struct rt_sigframe {
	uint64_t pretcode;		/* sa_restorer: the handler returns to it */
	struct ucontext uc;
	struct siginfo info;
};

_Static_assert(offsetof(struct rt_sigframe, uc) == 8, "rt_sigframe.uc");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "rt_sigframe.info");
_Static_assert(sizeof(struct rt_sigframe) == 440, "rt_sigframe size");
_Static_assert(sizeof(struct sigaction) == 32, "rt_sigaction layout");
_Static_assert(sizeof(sigval_t) == sizeof(uint64_t), "si_value");

#define UNBLOCKABLE (sig_bit(SIGKILL) | sig_bit(SIGSTOP))
#define RED_ZONE 128			/* the x86-64 ABI's, below rsp */
#define FXSAVE_SW_RESERVED 464		/* bytes 464-511: xstate magic */
#define FXSAVE_MXCSR 24
#define RFLAGS_TF 0x100
#define RFLAGS_DF 0x400
/* What rt_sigreturn may change in rflags (Linux's FIX_EFLAGS). */
#define RFLAGS_USER 0x50dd5

/* A real-time signal sent again while pending: its later sendings. */
struct sig_queued {
	struct list_head node;		/* in sig_state.queue, oldest first */
	int sig;
	struct sig_info info;
};

enum default_action { TERMINATE, IGNORE, STOP };

static enum default_action default_action(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGCONT:
	case SIGURG:
	case SIGWINCH:
		return IGNORE;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return STOP;
	default:
		return TERMINATE;
	}
}

/* Would sig, with this action, be dropped? */
static bool ignored(const struct sigaction *act, int sig)
{
	if (sig == SIGKILL || sig == SIGSTOP) {
		return false;
	}
	if (act->sa_handler == SIG_IGN) {
		return true;
	}
	return act->sa_handler == SIG_DFL && default_action(sig) == IGNORE;
}

#define STOP_SIGNALS (sig_bit(SIGSTOP) | sig_bit(SIGTSTP) | \
		      sig_bit(SIGTTIN) | sig_bit(SIGTTOU))

/* The signals waiting for thread p: its own and its process's. */
static uint64_t pending_for(const struct process *p)
{
	return p->sig.pending.set | p->tg->shared.set;
}

/* Does p have a signal to act on now? Sets its task's interrupt flag. */
static void recalc(struct process *p)
{
	frame_irqflags_t flags = frame_spin_lock(&p->tg->sig_lock);
	bool ready = (pending_for(p) & ~p->sig.blocked) != 0 ||
		     __atomic_load_n(&p->tg->group_exit, __ATOMIC_ACQUIRE);

	frame_spin_unlock(&p->tg->sig_lock, flags);
	if (p->task) {
		__atomic_store_n(&p->task->interrupt, ready, __ATOMIC_RELEASE);
	}
}

static void pending_init(struct sig_pending *sp)
{
	sp->set = 0;
	list_init(&sp->queue);
}

void signal_init(struct process *p)
{
	pending_init(&p->sig.pending);
	p->sig.altstack.ss_flags = SS_DISABLE;
}

void signal_group_init(struct thread_group *tg)
{
	frame_spin_init(&tg->sig_lock, "signal");
	pending_init(&tg->shared);
}

/* Forget the signals in set pending in sp, queued sendings too. */
static void flush_locked(struct thread_group *tg, struct sig_pending *sp,
			 uint64_t set)
{
	struct sig_queued *q, *tmp;

	sp->set &= ~set;
	list_for_each_entry_safe(q, tmp, &sp->queue, node) {
		if (set & sig_bit(q->sig)) {
			list_del(&q->node);
			tg->sig_queued--;
			kfree(q);
		}
	}
}

/* Forget the signals in set pending anywhere in p's process. */
static void flush_group_locked(struct process *p, uint64_t set)
{
	struct process *t;

	flush_locked(p->tg, &p->tg->shared, set);
	list_for_each_entry(t, &p->tg->threads, thread_node) {
		flush_locked(p->tg, &t->sig.pending, set);
	}
}

void signal_free(struct process *p)
{
	frame_irqflags_t flags;

	if (p->tg) {
		flags = frame_spin_lock(&p->tg->sig_lock);
		flush_locked(p->tg, &p->sig.pending, ~0ULL);
		frame_spin_unlock(&p->tg->sig_lock, flags);
	}
}

void signal_group_free(struct thread_group *tg)
{
	flush_locked(tg, &tg->shared, ~0ULL);
}

void signal_fork(struct process *child, const struct process *parent)
{
	child->sig.blocked = parent->sig.blocked;
	child->sig.altstack = parent->sig.altstack;
}

void signal_exec(struct process *p)
{
	p->sig.altstack = (stack_t){ .ss_flags = SS_DISABLE };
	for (int sig = 1; sig <= SIG_COUNT; sig++) {
		struct sigaction *act = &p->tg->action[sig - 1];

		if (act->sa_handler != SIG_IGN) {
			memset(act, 0, sizeof(*act));
		}
	}
}

/* Queue a real-time signal that is pending already (sig_lock held). */
static int queue_again(struct thread_group *tg, struct sig_pending *sp,
		       int sig, const struct sig_info *info)
{
	unsigned int pending = (unsigned int)__builtin_popcountll(sp->set);
	struct sig_queued *q = NULL;

	if (tg->sig_queued + pending < tg->rlim[RLIMIT_SIGPENDING].rlim_cur) {
		q = kmalloc(sizeof(*q), 0);
	}
	if (!q) {
		return info->code == SI_USER || info->code == SI_KERNEL ?
		       0 : -EAGAIN;
	}
	q->sig = sig;
	q->info = *info;
	list_add_tail(&q->node, &sp->queue);
	tg->sig_queued++;
	return 0;
}

void signal_kick(struct process *t)
{
	if (t->task) {
		__atomic_store_n(&t->task->interrupt, true, __ATOMIC_RELEASE);
		task_wake(t->task);
	}
}

/*
 * Post sig to thread t (to its process if group): the pending set, then
 * a thread that will take it is kicked.
 */
static int post(struct process *t, int sig, const struct sig_info *info,
		bool group)
{
	struct sig_info si = info ? *info : (struct sig_info){ .code = SI_KERNEL };
	struct thread_group *tg = t->tg;
	struct sig_pending *sp = group ? &tg->shared : &t->sig.pending;
	frame_irqflags_t flags;
	struct process *u;
	int err = 0;

	flags = frame_spin_lock(&tg->sig_lock);
	if (group ? tg->live == 0 : t->exiting) {
		frame_spin_unlock(&tg->sig_lock, flags);
		return 0;
	}
	/* SIGCONT continues and cancels stops; a stop cancels SIGCONT. */
	if (sig == SIGCONT) {
		flush_group_locked(t, STOP_SIGNALS);
	} else if (sig_bit(sig) & STOP_SIGNALS) {
		flush_group_locked(t, sig_bit(SIGCONT));
	}
	if (ignored(&tg->action[sig - 1], sig)) {
		frame_spin_unlock(&tg->sig_lock, flags);
		return 0;
	}
	if (!(sp->set & sig_bit(sig))) {
		sp->set |= sig_bit(sig);
		sp->info[sig - 1] = si;
	} else if (sig >= SIGRTMIN) {
		err = queue_again(tg, sp, sig, &si);
	}
	if (!group) {
		if (!(t->sig.blocked & sig_bit(sig))) {
			signal_kick(t);
		}
	} else if (sig == SIGKILL) {
		/* Fatal to every thread at once, even a stopped one. */
		list_for_each_entry(u, &tg->threads, thread_node) {
			u->sig.pending.set |= sig_bit(SIGKILL);
			u->sig.pending.info[SIGKILL - 1] = si;
			signal_kick(u);
		}
	} else {
		/* The first thread that takes it, the leader if it can. */
		list_for_each_entry(u, &tg->threads, thread_node) {
			if (!u->exiting && !(u->sig.blocked & sig_bit(sig))) {
				signal_kick(u);
				break;
			}
		}
	}
	frame_spin_unlock(&tg->sig_lock, flags);
	return err;
}

int signal_post(struct process *p, int sig, const struct sig_info *info)
{
	return post(p, sig, info, true);
}

int signal_post_thread(struct process *t, int sig,
		       const struct sig_info *info)
{
	return post(t, sig, info, false);
}

void signal_force(struct process *p, int sig, int code, uintptr_t addr)
{
	struct sigaction *act = &p->tg->action[sig - 1];
	struct sig_info info = { .code = code, .addr = addr };

	if (act->sa_handler == SIG_IGN || (p->sig.blocked & sig_bit(sig))) {
		memset(act, 0, sizeof(*act));
		p->sig.blocked &= ~sig_bit(sig);
	}
	signal_post_thread(p, sig, &info);
}

void signal_child_exit(struct process *parent, struct process *child)
{
	int ws = child->wait_status;	/* wait4's: exit << 8, or signal */
	bool exited = (ws & 0x7f) == 0;
	struct sig_info info = {
		.pid = child->pid,
		.uid = child->cred.uid,
		.code = exited ? CLD_EXITED : CLD_KILLED,
		.status = exited ? (ws >> 8) & 0xff : ws & 0x7f,
	};

	if (child->exit_signal) {
		signal_post(parent, child->exit_signal, &info);
	}
}

void signal_child_stop(struct process *parent, struct process *child,
		       int code, int sig)
{
	struct sig_info info = { .pid = child->pid, .uid = child->cred.uid,
				 .code = code, .status = sig };

	/* SA_NOCLDSTOP: the parent hears of exits only. */
	if (!(parent->tg->action[SIGCHLD - 1].sa_flags & SA_NOCLDSTOP)) {
		signal_post(parent, SIGCHLD, &info);
	}
}

bool signal_kill_pending(const struct process *p)
{
	return (__atomic_load_n(&p->sig.pending.set, __ATOMIC_RELAXED) &
		sig_bit(SIGKILL)) ||
	       __atomic_load_n(&p->tg->group_exit, __ATOMIC_ACQUIRE);
}

bool signal_child_autoreap(const struct process *parent)
{
	const struct sigaction *act = &parent->tg->action[SIGCHLD - 1];

	return act->sa_handler == SIG_IGN || (act->sa_flags & SA_NOCLDWAIT);
}

static void fill_siginfo(struct siginfo *si, int sig,
			 const struct sig_info *info)
{
	bool fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
		     sig == SIGFPE;

	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = info->code;
	if (fault && info->code > 0) {		/* raised by the fault */
		si->si_addr = (void *)info->addr;
		return;
	}
	si->si_pid = info->pid;
	si->si_uid = info->uid;
	if (sig == SIGCHLD && info->code > 0) {
		si->si_status = info->status;
	} else {
		memcpy(&si->si_value, &info->value, sizeof(si->si_value));
	}
}

/*
 * The alternate signal stack: ss_size 0 when there is none; ss_flags as
 * set, so that SS_AUTODISARM is kept.
 */
static bool on_altstack(const struct process *p, uint64_t sp)
{
	const stack_t *as = &p->sig.altstack;
	uintptr_t base = (uintptr_t)as->ss_sp;

	return as->ss_size && sp > base && sp - base <= as->ss_size;
}

/* The stack as sigaltstack() and a signal frame report it, seen from sp. */
static stack_t altstack_state(const struct process *p, uint64_t sp)
{
	stack_t st = p->sig.altstack;
	int mode = !st.ss_size ? SS_DISABLE :
		   on_altstack(p, sp) ? SS_ONSTACK : 0;

	st.ss_flags = mode | (st.ss_flags & SS_AUTODISARM);
	return st;
}

/* sigaltstack()'s and rt_sigreturn()'s change of the alternate stack. */
static int set_altstack(struct process *p, stack_t ss)
{
	stack_t *as = &p->sig.altstack;
	int mode = ss.ss_flags & ~SS_AUTODISARM;

	if (ss.ss_sp == as->ss_sp && ss.ss_size == as->ss_size &&
	    ss.ss_flags == as->ss_flags) {
		return 0;
	}
	if (on_altstack(p, p->uctx.regs.rsp)) {
		return -EPERM;
	}
	if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK) {
		return -EINVAL;
	}
	if (mode == SS_DISABLE) {
		ss.ss_sp = NULL;
		ss.ss_size = 0;
	} else if (ss.ss_size < MINSIGSTKSZ) {
		return -ENOMEM;
	}
	*as = ss;
	return 0;
}

/* Build the handler's frame on the user stack; false if it cannot be. */
static bool setup_frame(struct process *p, int sig,
			const struct sigaction *act,
			const struct sig_info *info, uint64_t old_blocked)
{
	struct frame_user_regs *r = &p->uctx.regs;
	size_t fpsize = frame_user_fpu_size();
	struct rt_sigframe f;
	struct sigcontext *sc = &f.uc.uc_mcontext;
	uintptr_t fp, sp;

	if (!(act->sa_flags & SA_RESTORER)) {
		return false;		/* x86-64 has no default trampoline */
	}
	uintptr_t top = r->rsp - RED_ZONE;
	stack_t *as = &p->sig.altstack;

	if ((act->sa_flags & SA_ONSTACK) && as->ss_size &&
	    !on_altstack(p, r->rsp)) {
		top = (uintptr_t)as->ss_sp + as->ss_size;
	}
	fp = (top - fpsize) & ~(uintptr_t)63;
	sp = ((fp - sizeof(f)) & ~(uintptr_t)15) - 8;

	memset(&f, 0, sizeof(f));
	f.pretcode = (uint64_t)act->sa_restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack = altstack_state(p, r->rsp);
	sc->r8 = r->r8, sc->r9 = r->r9, sc->r10 = r->r10, sc->r11 = r->r11;
	sc->r12 = r->r12, sc->r13 = r->r13, sc->r14 = r->r14;
	sc->r15 = r->r15, sc->rdi = r->rdi, sc->rsi = r->rsi;
	sc->rbp = r->rbp, sc->rbx = r->rbx, sc->rdx = r->rdx;
	sc->rax = r->rax, sc->rcx = r->rcx, sc->rsp = r->rsp;
	sc->rip = r->rip, sc->eflags = r->rflags;
	sc->cs = 0x33, sc->ss = 0x2b;	/* the user code and data selectors */
	sc->oldmask = old_blocked;
	sc->cr2 = info->addr;
	sc->fpstate = (struct _fpstate_64 *)fp;
	f.uc.uc_sigmask = old_blocked;
	fill_siginfo(&f.info, sig, info);

	if (frame_copy_to_user(frame_uptr(fp), p->uctx.fpu, fpsize) ||
	    frame_clear_user(frame_uptr(fp + FXSAVE_SW_RESERVED),
			     fpsize - FXSAVE_SW_RESERVED) ||
	    frame_copy_to_user(frame_uptr(sp), &f, sizeof(f))) {
		return false;
	}
	/* The handler may switch contexts away: rt_sigreturn rearms it. */
	if (as->ss_flags & SS_AUTODISARM) {
		*as = (stack_t){ .ss_flags = SS_DISABLE };
	}
	r->rdi = (uint64_t)sig;
	r->rsi = sp + offsetof(struct rt_sigframe, info);
	r->rdx = sp + offsetof(struct rt_sigframe, uc);
	r->rax = 0;
	r->rsp = sp;
	r->rip = (uint64_t)act->sa_handler;
	r->rflags &= ~(uint64_t)(RFLAGS_TF | RFLAGS_DF);
	frame_user_fpu_init(&p->uctx);
	return true;
}

/*
 * Take the lowest signal in set pending in sp; 0 if none. A real-time
 * signal queued again stays pending with its next sending's info.
 */
static int take(struct thread_group *tg, struct sig_pending *sp,
		uint64_t set, struct sig_info *info)
{
	uint64_t ready = sp->set & set;
	struct sig_queued *q;
	int sig;

	if (!ready) {
		return 0;
	}
	sig = __builtin_ctzll(ready) + 1;
	sp->set &= ~sig_bit(sig);
	*info = sp->info[sig - 1];
	list_for_each_entry(q, &sp->queue, node) {
		if (q->sig == sig) {
			sp->set |= sig_bit(sig);
			sp->info[sig - 1] = q->info;
			list_del(&q->node);
			tg->sig_queued--;
			kfree(q);
			break;
		}
	}
	return sig;
}

/* The thread's own signals first, then its process's, as on Linux. */
static int dequeue(struct process *p, uint64_t set, struct sig_info *info)
{
	struct thread_group *tg = p->tg;
	frame_irqflags_t flags = frame_spin_lock(&tg->sig_lock);
	int sig = take(tg, &p->sig.pending, set, info);

	if (!sig) {
		sig = take(tg, &tg->shared, set, info);
	}
	frame_spin_unlock(&tg->sig_lock, flags);
	return sig;
}

void signal_deliver(struct process *p, bool after_syscall)
{
	struct frame_user_regs *r = &p->uctx.regs;
	struct sig_state *s = &p->sig;
	bool restart = after_syscall && r->orig_rax != (uint64_t)-1 &&
		       (r->rax == (uint64_t)-ERESTARTSYS ||
			r->rax == (uint64_t)-ERESTARTNOHAND);
	struct sig_info info;
	int sig;

	for (;;) {
		unsigned int cont = __atomic_load_n(&p->tg->cont_gen,
						    __ATOMIC_ACQUIRE);
		struct sigaction *act;
		uint64_t old_blocked;

		if (__atomic_load_n(&p->tg->stopped, __ATOMIC_ACQUIRE)) {
			/* Another thread stopped the process. */
			wait_event(&p->tg->cont,
				   !__atomic_load_n(&p->tg->stopped,
						    __ATOMIC_ACQUIRE) ||
				   signal_kill_pending(p));
		}
		sig = dequeue(p, ~s->blocked, &info);
		if (!sig) {
			break;
		}
		act = &p->tg->action[sig - 1];
		if (act->sa_handler == SIG_IGN) {
			continue;
		}
		if (act->sa_handler == SIG_DFL) {
			if (default_action(sig) == STOP) {
				/*
				 * Terminal stops of an orphaned group are
				 * dropped: nobody could continue it (POSIX).
				 */
				if (sig == SIGSTOP ||
				    !proc_pgrp_orphaned(p->tg->pgid)) {
					proc_stop(p, sig, cont);
				}
				continue;
			}
			if (default_action(sig) != TERMINATE) {
				continue;
			}
			if (sig == SIGKILL &&
			    __atomic_load_n(&p->tg->exec_thread,
					    __ATOMIC_ACQUIRE)) {
				/* Ended by another thread's execve. */
				proc_exit_thread(p, sig);
			} else {
				proc_exit_group(p, sig);
			}
			return;
		}
		if (restart) {
			restart = false;
			if ((act->sa_flags & SA_RESTART) &&
			    r->rax == (uint64_t)-ERESTARTSYS) {
				r->rip -= 2;	/* back onto the syscall */
				r->rax = r->orig_rax;
			} else {
				r->rax = (uint64_t)-EINTR;
			}
		}
		old_blocked = s->restore_blocked ? s->saved_blocked :
			      s->blocked;
		if (!setup_frame(p, sig, act, &info, old_blocked)) {
			pr_info("%s[%d]: cannot deliver signal %d", p->comm,
				p->pid, sig);
			proc_exit_group(p, SIGSEGV);
			return;
		}
		s->restore_blocked = false;
		s->blocked = old_blocked | act->sa_mask;
		if (!(act->sa_flags & SA_NODEFER)) {
			s->blocked |= sig_bit(sig);
		}
		s->blocked &= ~UNBLOCKABLE;
		if (act->sa_flags & SA_RESETHAND) {
			memset(act, 0, sizeof(*act));
		}
		/*
		 * Go on, as Linux does on its way out to user mode: another
		 * deliverable signal gets its frame on top of this one, and
		 * its handler runs first.
		 */
	}
	if (restart) {
		r->rip -= 2;
		r->rax = r->orig_rax;
	}
	if (s->restore_blocked) {
		s->blocked = s->saved_blocked;
		s->restore_blocked = false;
	}
	recalc(p);
}

long sys_rt_sigaction(struct process *p, int sig, uintptr_t uact,
		      uintptr_t uoldact, size_t setsize)
{
	struct sigaction act, old;

	if (setsize != sizeof(sigset_t) || sig < 1 || sig > SIG_COUNT) {
		return -EINVAL;
	}
	if (uact && (sig == SIGKILL || sig == SIGSTOP)) {
		return -EINVAL;
	}
	old = p->tg->action[sig - 1];
	if (uact) {
		if (frame_copy_from_user(&act, frame_uptr(uact), sizeof(act))) {
			return -EFAULT;
		}
		act.sa_mask &= ~UNBLOCKABLE;
	}
	if (uoldact && frame_copy_to_user(frame_uptr(uoldact), &old,
					  sizeof(old))) {
		return -EFAULT;
	}
	if (uact) {
		frame_irqflags_t flags;

		p->tg->action[sig - 1] = act;
		if (ignored(&act, sig)) {	/* POSIX: pending ones go */
			flags = frame_spin_lock(&p->tg->sig_lock);
			flush_group_locked(p, sig_bit(sig));
			frame_spin_unlock(&p->tg->sig_lock, flags);
		}
	}
	return 0;
}

long sys_rt_sigprocmask(struct process *p, int how, uintptr_t uset,
			uintptr_t uoldset, size_t setsize)
{
	uint64_t set, old = p->sig.blocked;

	if (setsize != sizeof(sigset_t)) {
		return -EINVAL;
	}
	if (uset) {
		if (how != SIG_BLOCK && how != SIG_UNBLOCK &&
		    how != SIG_SETMASK) {
			return -EINVAL;
		}
		if (frame_copy_from_user(&set, frame_uptr(uset), sizeof(set))) {
			return -EFAULT;
		}
	}
	if (uoldset && frame_copy_to_user(frame_uptr(uoldset), &old,
					  sizeof(old))) {
		return -EFAULT;
	}
	if (uset) {
		p->sig.blocked = how == SIG_BLOCK ? old | set :
				 how == SIG_UNBLOCK ? old & ~set : set;
		p->sig.blocked &= ~UNBLOCKABLE;
		recalc(p);
	}
	return 0;
}

long sys_rt_sigpending(struct process *p, uintptr_t uset, size_t setsize)
{
	uint64_t set = pending_for(p) & p->sig.blocked;

	if (setsize > sizeof(sigset_t)) {
		return -EINVAL;
	}
	return frame_copy_to_user(frame_uptr(uset), &set, setsize) ?
	       -EFAULT : 0;
}

/* Sleep until a signal is to be acted on; the caller then returns EINTR. */
static long sleep_for_signal(void)
{
	struct wait_queue nobody;

	wait_queue_init(&nobody);
	wait_event_interruptible(&nobody, false);
	return -EINTR;
}

int signal_mask_swap(struct process *p, uintptr_t umask, size_t size)
{
	uint64_t mask;

	if (size != sizeof(sigset_t)) {
		return -EINVAL;
	}
	if (frame_copy_from_user(&mask, frame_uptr(umask), sizeof(mask))) {
		return -EFAULT;
	}
	p->sig.saved_blocked = p->sig.blocked;
	p->sig.restore_blocked = true;
	p->sig.blocked = mask & ~UNBLOCKABLE;
	recalc(p);
	return 0;
}

void signal_mask_restore(struct process *p, long result)
{
	if (result == -EINTR || result == -ERESTARTNOHAND ||
	    result == -ERESTARTSYS || !p->sig.restore_blocked) {
		return;			/* signal_deliver() restores it */
	}
	p->sig.blocked = p->sig.saved_blocked;
	p->sig.restore_blocked = false;
	recalc(p);
}

long sys_rt_sigsuspend(struct process *p, uintptr_t umask, size_t setsize)
{
	int err = signal_mask_swap(p, umask, setsize);

	return err ? err : sleep_for_signal();
}

long sys_pause(struct process *p)
{
	(void)p;
	return sleep_for_signal();
}

long sys_rt_sigtimedwait(struct process *p, uintptr_t uset, uintptr_t uinfo,
			 uintptr_t uts, size_t setsize)
{
	struct sig_state *s = &p->sig;
	struct wait_queue nobody;
	uint64_t set, deadline = 0, saved, ns = 0;
	struct sig_info info;
	struct siginfo si;
	int sig, err;

	if (setsize != sizeof(sigset_t)) {
		return -EINVAL;
	}
	if (frame_copy_from_user(&set, frame_uptr(uset), sizeof(set))) {
		return -EFAULT;
	}
	set &= ~UNBLOCKABLE;
	if (uts) {
		err = get_user_timespec(uts, &ns);
		if (err) {
			return err;
		}
		deadline = frame_clock_ns() + ns;
	}
	sig = dequeue(p, set, &info);
	if (!sig) {
		if (uts && ns == 0) {
			return -EAGAIN;
		}
		/* Wait with the set unblocked, so that its arrival wakes us. */
		saved = s->blocked;
		s->blocked &= ~set;
		recalc(p);
		wait_queue_init(&nobody);
		err = wait_event_interruptible_deadline(&nobody, false, deadline);
		s->blocked = saved;
		recalc(p);
		sig = dequeue(p, set, &info);
		if (!sig) {
			return err == -ETIMEDOUT ? -EAGAIN : -EINTR;
		}
		recalc(p);
	}
	if (uinfo) {
		fill_siginfo(&si, sig, &info);
		if (frame_copy_to_user(frame_uptr(uinfo), &si, sizeof(si))) {
			return -EFAULT;
		}
	}
	return sig;
}

long sys_rt_sigreturn(struct process *p)
{
	struct frame_user_regs *r = &p->uctx.regs;
	uintptr_t sp = r->rsp - 8;	/* the handler's ret took pretcode */
	struct rt_sigframe f;
	struct sigcontext *sc = &f.uc.uc_mcontext;
	uint32_t mxcsr;

	if (frame_copy_from_user(&f, frame_uptr(sp), sizeof(f))) {
		goto bad;
	}
	if (sc->fpstate) {
		if (frame_copy_from_user(p->uctx.fpu, frame_uptr((uintptr_t)sc->fpstate),
					 frame_user_fpu_size())) {
			goto bad;
		}
		/* Reserved MXCSR bits would fault when it is loaded. */
		memcpy(&mxcsr, (char *)p->uctx.fpu + FXSAVE_MXCSR, 4);
		mxcsr &= 0xffff;
		memcpy((char *)p->uctx.fpu + FXSAVE_MXCSR, &mxcsr, 4);
	} else {
		frame_user_fpu_init(&p->uctx);
	}
	r->r8 = sc->r8, r->r9 = sc->r9, r->r10 = sc->r10, r->r11 = sc->r11;
	r->r12 = sc->r12, r->r13 = sc->r13, r->r14 = sc->r14;
	r->r15 = sc->r15, r->rdi = sc->rdi, r->rsi = sc->rsi;
	r->rbp = sc->rbp, r->rbx = sc->rbx, r->rdx = sc->rdx;
	r->rax = sc->rax, r->rcx = sc->rcx, r->rsp = sc->rsp;
	r->rip = sc->rip;
	r->rflags = (r->rflags & ~(uint64_t)RFLAGS_USER) |
		    (sc->eflags & RFLAGS_USER);
	r->orig_rax = (uint64_t)-1;	/* nothing to restart */
	p->sig.blocked = f.uc.uc_sigmask & ~UNBLOCKABLE;
	(void)set_altstack(p, f.uc.uc_stack);	/* errors ignored, as Linux */
	recalc(p);
	return (long)r->rax;
bad:
	pr_info("%s[%d]: bad signal frame at %#lx", p->comm, p->pid,
		(unsigned long)sp);
	signal_force(p, SIGSEGV, SI_KERNEL, 0);
	return (long)r->rax;
}

long sys_sigaltstack(struct process *p, uintptr_t uss, uintptr_t uold)
{
	stack_t ss, old = altstack_state(p, p->uctx.regs.rsp);
	int err;

	if (uss) {
		if (frame_copy_from_user(&ss, frame_uptr(uss), sizeof(ss))) {
			return -EFAULT;
		}
		err = set_altstack(p, ss);
		if (err) {
			return err;
		}
	}
	if (uold && frame_copy_to_user(frame_uptr(uold), &old, sizeof(old))) {
		return -EFAULT;
	}
	return 0;
}

static bool may_signal(const struct process *from, const struct process *to)
{
	return from->cred.euid == 0 || from->cred.euid == to->cred.uid ||
	       from->cred.euid == to->cred.suid || from->cred.uid == to->cred.uid ||
	       from->cred.uid == to->cred.suid;
}

struct kill_req {
	struct process *from;
	int pid, tid, sig;			/* tid: kill_thread()'s */
	struct sig_info info;
	int found, allowed, err;
};

static void kill_one(struct process *to, void *arg)
{
	struct kill_req *k = arg;
	bool match = k->pid > 0 ? to->pid == k->pid :
		     k->pid == 0 ? to->tg->pgid == k->from->tg->pgid :
		     k->pid == -1 ? to->pid != 1 && to->tg != k->from->tg :
		     to->tg->pgid == -k->pid;
	int err;

	if (!match) {
		return;
	}
	k->found++;
	if (!may_signal(k->from, to)) {
		return;
	}
	k->allowed++;
	if (k->sig && !to->zombie) {
		err = signal_post(to, k->sig, &k->info);
		if (err) {
			k->err = err;
		}
		if (k->sig == SIGCONT) {
			proc_continue_locked(to);
		}
	}
}

static long kill_by(struct process *p, int pid, int sig,
		    const struct sig_info *info)
{
	struct kill_req k = { .from = p, .pid = pid, .sig = sig,
			      .info = *info };

	if (sig < 0 || sig > SIG_COUNT) {
		return -EINVAL;
	}
	if (pid == INT32_MIN) {
		return -ESRCH;		/* -pid would overflow */
	}
	proc_for_each(kill_one, &k);
	if (!k.found) {
		return -ESRCH;
	}
	return !k.allowed ? -EPERM : k.err;
}

static long kill_with(struct process *p, int pid, int sig, int code)
{
	struct sig_info info = { .code = code, .pid = p->tgid,
				 .uid = p->cred.uid };

	return kill_by(p, pid, sig, &info);
}

static void pgrp_one(struct process *to, void *arg)
{
	const struct kill_req *k = arg;

	if (to->tg->pgid == k->pid && !to->zombie) {
		signal_post(to, k->sig, &k->info);
		if (k->sig == SIGCONT) {
			proc_continue_locked(to);
		}
	}
}

void signal_pgrp(int pgid, int sig)
{
	struct kill_req k = { .pid = pgid, .sig = sig,
			      .info = { .code = SI_KERNEL } };

	proc_for_each(pgrp_one, &k);
}

bool signal_ignored_or_blocked(const struct process *p, int sig)
{
	return p->tg->action[sig - 1].sa_handler == SIG_IGN ||
	       (p->sig.blocked & sig_bit(sig));
}

long sys_kill(struct process *p, int pid, int sig)
{
	return kill_with(p, pid, sig, SI_USER);
}

/* Find thread tid (of process tgid, unless -1) and post it sig. */
static void thread_kill_one(struct process *leader, void *arg)
{
	struct kill_req *k = arg;
	struct process *t;

	if (k->pid > 0 && leader->pid != k->pid) {
		return;
	}
	list_for_each_entry(t, &leader->tg->threads, thread_node) {
		if (t->pid != k->tid) {
			continue;
		}
		k->found++;
		if (!may_signal(k->from, t)) {
			return;
		}
		k->allowed++;
		if (k->sig) {
			k->err = signal_post_thread(t, k->sig, &k->info);
			if (k->sig == SIGCONT) {
				proc_continue_locked(leader);
			}
		}
		return;
	}
}

static long kill_thread(struct process *p, int tgid, int tid, int sig,
			const struct sig_info *info)
{
	struct kill_req k = { .from = p, .pid = tgid, .tid = tid, .sig = sig,
			      .info = *info };

	if (sig < 0 || sig > SIG_COUNT) {
		return -EINVAL;
	}
	proc_for_each(thread_kill_one, &k);
	if (!k.found) {
		return -ESRCH;
	}
	return !k.allowed ? -EPERM : k.err;
}

/* tkill() comes here with tgid -1. */
long sys_tgkill(struct process *p, int tgid, int tid, int sig)
{
	struct sig_info info = { .code = SI_TKILL, .pid = p->tgid,
				 .uid = p->cred.uid };

	if (tid <= 0 || tgid == 0 || tgid < -1) {
		return -EINVAL;
	}
	return kill_thread(p, tgid, tid, sig, &info);
}

/*
 * rt_sigqueueinfo() and rt_tgsigqueueinfo(): a signal with the sender's
 * siginfo. Only a process signalling itself may claim a kernel si_code
 * (>= 0) or SI_TKILL, as on Linux.
 */
static long queue_info(struct process *p, int tgid, int tid, int sig,
		       uintptr_t uinfo)
{
	struct siginfo si;
	struct sig_info info;

	if (frame_copy_from_user(&si, frame_uptr(uinfo), sizeof(si))) {
		return -EFAULT;
	}
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && tid != p->pid) {
		return -EPERM;
	}
	if (tid <= 0) {
		return -ESRCH;
	}
	info = (struct sig_info){
		.code = si.si_code,
		.pid = si.si_pid,
		.uid = si.si_uid,
		.value = (uint64_t)(uintptr_t)si.si_value.sival_ptr,
	};
	return tgid == 0 ? kill_by(p, tid, sig, &info) :
	       kill_thread(p, tgid, tid, sig, &info);
}

long sys_rt_sigqueueinfo(struct process *p, int pid, int sig, uintptr_t uinfo)
{
	return queue_info(p, 0, pid, sig, uinfo);
}

long sys_rt_tgsigqueueinfo(struct process *p, int tgid, int tid, int sig,
			   uintptr_t uinfo)
{
	if (tgid <= 0 || tid <= 0) {
		return -EINVAL;
	}
	return queue_info(p, tgid, tid, sig, uinfo);
}

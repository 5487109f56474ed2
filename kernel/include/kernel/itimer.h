/*
 * Interval timers: setitimer(), getitimer() and alarm(). ITIMER_REAL
 * counts wall time on a kernel timer and sends SIGALRM; ITIMER_VIRTUAL
 * counts the process's user time and sends SIGVTALRM; ITIMER_PROF counts
 * its user and system time and sends SIGPROF. Each reloads from its
 * interval, if any. A process's timers are its own: fork clears them,
 * execve keeps them.
 */
#pragma once

#include <kernel/timer.h>
#include <kernel/types.h>

struct process;
struct thread_group;

struct itimers {
	struct ktimer real;		/* ITIMER_REAL's expiry */
	uint64_t real_interval;		/* ns; 0: one-shot */
	uint64_t left[2], interval[2];	/* VIRTUAL, PROF: ns; 0: off */
};

/* A new process: no timer armed. */
void itimer_init(struct thread_group *tg);

/* The process has ended: its real timer must not fire. */
void itimer_stop(struct thread_group *tg);

/* Thread p ran user_ns in user mode and cpu_ns in all: charge the timers. */
void itimer_charge(struct process *p, uint64_t user_ns, uint64_t cpu_ns);

long sys_setitimer(struct process *p, int which, uintptr_t new_value,
		   uintptr_t old_value);
long sys_getitimer(struct process *p, int which, uintptr_t value);
long sys_alarm(struct process *p, unsigned int seconds);

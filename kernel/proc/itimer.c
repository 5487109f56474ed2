/*
 * Interval timers (kernel/itimer.h).
 *
 * The CPU-time timers are charged by each thread as it comes back from
 * user mode (and from the kernel), so they expire at that granularity: a
 * few milliseconds of scheduler slice at most.
 */
#include <linux/time.h>

#include <frame/spinlock.h>
#include <frame/time.h>
#include <frame/uaccess.h>

#include <kernel/itimer.h>
#include <kernel/proc.h>
#include <kernel/signal.h>

#define USEC 1000ULL

/* Guards every process's CPU-time timers (charged from many threads). */
static frame_spinlock_t itimer_lock = FRAME_SPINLOCK_INIT("itimer");

static struct thread_group *tg_of(struct ktimer *t)
{
	return container_of(container_of(t, struct itimers, real),
			    struct thread_group, itimers);
}

/* ITIMER_REAL expired (interrupt context): SIGALRM, and reload. */
static void real_expired(struct ktimer *t)
{
	struct thread_group *tg = tg_of(t);

	if (tg->itimers.real_interval) {
		ktimer_arm(t, t->deadline + tg->itimers.real_interval);
	}
	signal_post(tg->leader, SIGALRM, NULL);
}

void itimer_init(struct thread_group *tg)
{
	ktimer_init(&tg->itimers.real, real_expired);
}

void itimer_stop(struct thread_group *tg)
{
	ktimer_cancel(&tg->itimers.real);
}

void itimer_charge(struct process *p, uint64_t user_ns, uint64_t cpu_ns)
{
	static const int sigs[2] = { SIGVTALRM, SIGPROF };
	struct itimers *it = &p->tg->itimers;
	uint64_t used[2] = { user_ns, cpu_ns };
	bool fire[2] = { false, false };
	frame_irqflags_t flags;

	if (!it->left[0] && !it->left[1]) {
		return;
	}
	flags = frame_spin_lock(&itimer_lock);
	for (int i = 0; i < 2; i++) {
		if (!it->left[i]) {
			continue;
		}
		if (it->left[i] > used[i]) {
			it->left[i] -= used[i];
		} else {
			it->left[i] = it->interval[i];
			fire[i] = true;
		}
	}
	frame_spin_unlock(&itimer_lock, flags);
	for (int i = 0; i < 2; i++) {
		if (fire[i]) {
			signal_post(p, sigs[i], NULL);
		}
	}
}

static uint64_t ns_of(const struct __kernel_old_timeval *tv)
{
	const uint64_t max_s = UINT64_MAX / 4 / NSEC_PER_SEC;

	return (uint64_t)tv->tv_sec > max_s ? max_s * NSEC_PER_SEC :
	       (uint64_t)tv->tv_sec * NSEC_PER_SEC +
	       (uint64_t)tv->tv_usec * USEC;
}

static struct __kernel_old_timeval tv_of(uint64_t ns)
{
	/* A running timer never reads as zero: round up to a microsecond. */
	ns = (ns + USEC - 1) / USEC * USEC;
	return (struct __kernel_old_timeval){
		.tv_sec = (long)(ns / NSEC_PER_SEC),
		.tv_usec = (long)(ns % NSEC_PER_SEC / USEC),
	};
}

static bool valid(const struct __kernel_old_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

/* Read timer which as an itimerval; set it to *set if set is not NULL. */
static void swap_timer(struct process *p, int which,
		       const struct __kernel_old_itimerval *set,
		       struct __kernel_old_itimerval *old)
{
	struct itimers *it = &p->tg->itimers;
	frame_irqflags_t flags = frame_spin_lock(&itimer_lock);
	uint64_t now = frame_clock_ns(), value, interval;

	if (which == ITIMER_REAL) {
		value = !it->real.pending ? 0 :
			it->real.deadline > now ? it->real.deadline - now : 1;
		interval = it->real_interval;
	} else {
		value = it->left[which - 1];
		interval = it->interval[which - 1];
	}
	old->it_value = tv_of(value);
	old->it_interval = tv_of(interval);
	if (set) {
		value = ns_of(&set->it_value);
		interval = ns_of(&set->it_interval);
		if (which == ITIMER_REAL) {
			it->real_interval = interval;
			if (value) {
				ktimer_arm(&it->real, now + value);
			} else {
				ktimer_cancel(&it->real);
			}
		} else {
			it->left[which - 1] = value;
			it->interval[which - 1] = interval;
		}
	}
	frame_spin_unlock(&itimer_lock, flags);
}

long sys_setitimer(struct process *p, int which, uintptr_t unew,
		   uintptr_t uold)
{
	struct __kernel_old_itimerval set = { 0 }, old;

	if (which < ITIMER_REAL || which > ITIMER_PROF) {
		return -EINVAL;
	}
	/* A NULL new value disarms the timer, as Linux allows. */
	if (unew && frame_copy_from_user(&set, frame_uptr(unew), sizeof(set))) {
		return -EFAULT;
	}
	if (!valid(&set.it_value) || !valid(&set.it_interval)) {
		return -EINVAL;
	}
	swap_timer(p, which, &set, &old);
	if (uold && frame_copy_to_user(frame_uptr(uold), &old, sizeof(old))) {
		return -EFAULT;
	}
	return 0;
}

long sys_getitimer(struct process *p, int which, uintptr_t uvalue)
{
	struct __kernel_old_itimerval now;

	if (which < ITIMER_REAL || which > ITIMER_PROF) {
		return -EINVAL;
	}
	swap_timer(p, which, NULL, &now);
	return frame_copy_to_user(frame_uptr(uvalue), &now, sizeof(now)) ?
	       -EFAULT : 0;
}

long sys_alarm(struct process *p, unsigned int seconds)
{
	struct __kernel_old_itimerval set = { .it_value = { seconds, 0 } };
	struct __kernel_old_itimerval old;
	long left;

	swap_timer(p, ITIMER_REAL, &set, &old);
	/* Whole seconds left, rounded as Linux rounds them. */
	left = old.it_value.tv_sec;
	if ((!left && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000) {
		left++;
	}
	return left;
}

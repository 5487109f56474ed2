/*
 * Frame conformance: the monotonic clock and the one-shot timer
 * (frame/time.h). The kernel's timers own the frame timer, so a ktimer
 * stands in for arming it directly.
 */
#include <frame/cpu.h>
#include <frame/time.h>

#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <kernel/wait.h>

struct time_probe {
	struct ktimer timer;
	struct wait_queue wq;
	bool fired;
	uint64_t fired_ns;
};

static void time_probe_fire(struct ktimer *timer)
{
	struct time_probe *p = container_of(timer, struct time_probe, timer);

	p->fired_ns = frame_clock_ns();
	__atomic_store_n(&p->fired, true, __ATOMIC_RELEASE);
	wake_up_all(&p->wq);
}

static void time_probe_init(struct time_probe *p)
{
	*p = (struct time_probe){ .fired = false };
	ktimer_init(&p->timer, time_probe_fire);
	wait_queue_init(&p->wq);
}

KTEST(frame_time, clock_never_goes_backwards)
{
	uint64_t prev = frame_clock_ns();
	bool monotonic = true;

	for (unsigned int i = 0; i < 10000; i++) {
		uint64_t now;

		frame_cpu_relax();
		now = frame_clock_ns();
		monotonic = monotonic && now >= prev;
		prev = now;
	}
	KT_EXPECT(t, monotonic);
}

KTEST(frame_time, clock_advances_while_a_task_spins)
{
	uint64_t start = frame_clock_ns();
	uint64_t limit = 100000000;	/* relax calls before giving up */

	while (frame_clock_ns() == start && limit--) {
		frame_cpu_relax();
	}
	KT_EXPECT(t, frame_clock_ns() > start);
}

KTEST(frame_time, clock_covers_a_sleep)
{
	uint64_t start = frame_clock_ns();
	uint64_t deadline = start + 3 * NSEC_PER_MSEC;

	set_current_sleeping();
	KT_EXPECT_EQ(t, sched_sleep(deadline), -ETIMEDOUT);
	KT_EXPECT(t, frame_clock_ns() >= deadline);
}

KTEST(frame_time, timer_fires_once_its_deadline_passes)
{
	struct time_probe p;
	uint64_t deadline = frame_clock_ns() + 2 * NSEC_PER_MSEC;
	int ret;

	time_probe_init(&p);
	ktimer_arm(&p.timer, deadline);
	ret = wait_event_deadline(&p.wq,
				  __atomic_load_n(&p.fired, __ATOMIC_ACQUIRE),
				  deadline + NSEC_PER_SEC);
	ktimer_cancel(&p.timer);
	KT_EXPECT_EQ(t, ret, 0);
	KT_EXPECT(t, p.fired_ns >= deadline);
}

KTEST(frame_time, timer_in_the_past_fires_promptly)
{
	struct time_probe p;
	frame_irqflags_t flags;
	uint64_t limit;

	time_probe_init(&p);
	flags = frame_irq_save();
	ktimer_arm(&p.timer, 0);
	frame_irq_restore(flags);

	/*
	 * Due already: the host frame delivers it at the next interrupt
	 * window; emulated hardware may take a few milliseconds.
	 */
	limit = frame_clock_ns() + 100 * NSEC_PER_MSEC;
	while (!__atomic_load_n(&p.fired, __ATOMIC_ACQUIRE) &&
	       frame_clock_ns() < limit) {
		frame_cpu_relax();
	}
	ktimer_cancel(&p.timer);
	KT_EXPECT(t, p.fired);
}

KTEST(frame_time, idle_cpu_sleeps_until_the_timer)
{
	struct time_probe p;
	uint64_t deadline = frame_clock_ns() + 50 * NSEC_PER_MSEC;
	int ret;

	/* Nothing else runs: the idle CPU must wait for this deadline. */
	time_probe_init(&p);
	ktimer_arm(&p.timer, deadline);
	ret = wait_event_deadline(&p.wq,
				  __atomic_load_n(&p.fired, __ATOMIC_ACQUIRE),
				  0);
	ktimer_cancel(&p.timer);
	KT_EXPECT_EQ(t, ret, 0);
	KT_EXPECT(t, p.fired_ns >= deadline);
}

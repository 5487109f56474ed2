/*
 * Unit cases for kernel timers (kernel/timer.h).
 *
 * Timers live on the case's stack, so every case cancels all of them
 * before it returns, whatever it found.
 */
#include <frame/time.h>

#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <kernel/wait.h>

#define NR_TIMERS 4
#define WAIT_LIMIT_NS NSEC_PER_SEC

/* Timers of one case and the order their callbacks ran in. */
struct timer_log {
	struct wait_queue wq;	/* woken by every callback */
	unsigned int fired;
	unsigned int order[NR_TIMERS * 2];
};

struct logged_timer {
	struct ktimer timer;
	struct timer_log *log;
	unsigned int id;
	unsigned int fired;
	uint64_t fired_ns;	/* frame_clock_ns() in the last callback */
};

/* Runs in interrupt context. */
static void log_fire(struct ktimer *timer)
{
	struct logged_timer *lt = container_of(timer, struct logged_timer,
					       timer);
	struct timer_log *log = lt->log;

	lt->fired_ns = frame_clock_ns();
	lt->fired++;
	if (log->fired < ARRAY_SIZE(log->order)) {
		log->order[log->fired] = lt->id;
	}
	__atomic_store_n(&log->fired, log->fired + 1, __ATOMIC_RELEASE);
	wake_up_all(&log->wq);
}

static void timers_init(struct timer_log *log, struct logged_timer *lt,
			unsigned int n)
{
	*log = (struct timer_log){ .fired = 0 };
	wait_queue_init(&log->wq);
	for (unsigned int i = 0; i < n; i++) {
		lt[i] = (struct logged_timer){ .log = log, .id = i };
		ktimer_init(&lt[i].timer, log_fire);
	}
}

static void timers_cancel(struct logged_timer *lt, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		ktimer_cancel(&lt[i].timer);
	}
}

/* Sleep until n callbacks have run; false if they do not in time. */
static bool wait_fired(struct timer_log *log, unsigned int n)
{
	uint64_t limit = frame_clock_ns() + WAIT_LIMIT_NS;

	return wait_event_deadline(&log->wq,
				   __atomic_load_n(&log->fired,
						   __ATOMIC_ACQUIRE) >= n,
				   limit) == 0;
}

/* Sleep until the clock reaches deadline. */
static void sleep_until(uint64_t deadline)
{
	while (frame_clock_ns() < deadline) {
		set_current_sleeping();
		sched_sleep(deadline);
	}
}

KTEST(timer, fires_at_or_after_its_deadline)
{
	struct timer_log log;
	struct logged_timer lt;
	uint64_t deadline = frame_clock_ns() + 2 * NSEC_PER_MSEC;

	timers_init(&log, &lt, 1);
	ktimer_arm(&lt.timer, deadline);
	KT_EXPECT(t, wait_fired(&log, 1));
	timers_cancel(&lt, 1);
	KT_EXPECT_EQ(t, lt.fired, 1);
	KT_EXPECT(t, lt.fired_ns >= deadline);
}

KTEST(timer, is_pending_until_it_fires)
{
	struct timer_log log;
	struct logged_timer lt;

	timers_init(&log, &lt, 1);
	KT_EXPECT(t, !lt.timer.pending);
	ktimer_arm(&lt.timer, frame_clock_ns() + NSEC_PER_MSEC);
	KT_EXPECT(t, lt.timer.pending);
	KT_EXPECT(t, wait_fired(&log, 1));
	KT_EXPECT(t, !lt.timer.pending);
	timers_cancel(&lt, 1);
}

KTEST(timer, fire_in_deadline_order_whatever_the_arming_order)
{
	static const uint64_t offsets_ms[NR_TIMERS] = { 4, 1, 3, 2 };
	struct timer_log log;
	struct logged_timer lt[NR_TIMERS];
	uint64_t now = frame_clock_ns();

	timers_init(&log, lt, NR_TIMERS);
	for (unsigned int i = 0; i < NR_TIMERS; i++) {
		ktimer_arm(&lt[i].timer, now + offsets_ms[i] * NSEC_PER_MSEC);
	}
	KT_EXPECT(t, wait_fired(&log, NR_TIMERS));
	timers_cancel(lt, NR_TIMERS);
	KT_ASSERT_EQ(t, log.fired, NR_TIMERS);
	KT_EXPECT_EQ(t, log.order[0], 1);
	KT_EXPECT_EQ(t, log.order[1], 3);
	KT_EXPECT_EQ(t, log.order[2], 2);
	KT_EXPECT_EQ(t, log.order[3], 0);
}

KTEST(timer, equal_deadlines_fire_in_arming_order)
{
	static const unsigned int arm_order[NR_TIMERS] = { 2, 0, 3, 1 };
	struct timer_log log;
	struct logged_timer lt[NR_TIMERS];
	uint64_t deadline = frame_clock_ns() + NSEC_PER_MSEC;

	timers_init(&log, lt, NR_TIMERS);
	for (unsigned int i = 0; i < NR_TIMERS; i++) {
		ktimer_arm(&lt[arm_order[i]].timer, deadline);
	}
	KT_EXPECT(t, wait_fired(&log, NR_TIMERS));
	timers_cancel(lt, NR_TIMERS);
	KT_ASSERT_EQ(t, log.fired, NR_TIMERS);
	for (unsigned int i = 0; i < NR_TIMERS; i++) {
		KT_EXPECT_EQ(t, log.order[i], arm_order[i]);
	}
}

KTEST(timer, cancel_prevents_firing)
{
	struct timer_log log;
	struct logged_timer lt;
	uint64_t deadline = frame_clock_ns() + NSEC_PER_MSEC;

	timers_init(&log, &lt, 1);
	ktimer_arm(&lt.timer, deadline);
	KT_EXPECT(t, ktimer_cancel(&lt.timer));
	sleep_until(deadline + 2 * NSEC_PER_MSEC);
	timers_cancel(&lt, 1);
	KT_EXPECT_EQ(t, lt.fired, 0);
}

KTEST(timer, cancel_returns_false_unless_pending)
{
	struct timer_log log;
	struct logged_timer lt;

	timers_init(&log, &lt, 1);
	KT_EXPECT(t, !ktimer_cancel(&lt.timer));

	ktimer_arm(&lt.timer, frame_clock_ns() + NSEC_PER_MSEC);
	KT_EXPECT(t, wait_fired(&log, 1));
	KT_EXPECT(t, !ktimer_cancel(&lt.timer));

	ktimer_arm(&lt.timer, frame_clock_ns() + NSEC_PER_MSEC);
	KT_EXPECT(t, ktimer_cancel(&lt.timer));
	KT_EXPECT(t, !ktimer_cancel(&lt.timer));
}

KTEST(timer, cancelling_one_timer_leaves_the_others)
{
	struct timer_log log;
	struct logged_timer lt[3];
	uint64_t now = frame_clock_ns();

	timers_init(&log, lt, 3);
	for (unsigned int i = 0; i < 3; i++) {
		ktimer_arm(&lt[i].timer, now + (i + 1) * NSEC_PER_MSEC);
	}
	KT_EXPECT(t, ktimer_cancel(&lt[0].timer));
	KT_EXPECT(t, wait_fired(&log, 2));
	timers_cancel(lt, 3);
	KT_EXPECT_EQ(t, lt[0].fired, 0);
	KT_EXPECT_EQ(t, lt[1].fired, 1);
	KT_EXPECT_EQ(t, lt[2].fired, 1);
}

KTEST(timer, rearming_later_moves_the_deadline)
{
	struct timer_log log;
	struct logged_timer lt;
	uint64_t now = frame_clock_ns();
	uint64_t later = now + 6 * NSEC_PER_MSEC;

	timers_init(&log, &lt, 1);
	ktimer_arm(&lt.timer, now + NSEC_PER_MSEC);
	ktimer_arm(&lt.timer, later);
	KT_EXPECT(t, wait_fired(&log, 1));
	sleep_until(later + 2 * NSEC_PER_MSEC);
	timers_cancel(&lt, 1);
	KT_EXPECT_EQ(t, lt.fired, 1);
	KT_EXPECT(t, lt.fired_ns >= later);
}

KTEST(timer, rearming_earlier_fires_once_at_the_new_deadline)
{
	struct timer_log log;
	struct logged_timer lt;
	uint64_t now = frame_clock_ns();
	uint64_t first = now + 8 * NSEC_PER_MSEC;
	uint64_t sooner = now + NSEC_PER_MSEC;

	timers_init(&log, &lt, 1);
	ktimer_arm(&lt.timer, first);
	ktimer_arm(&lt.timer, sooner);
	KT_EXPECT(t, wait_fired(&log, 1));
	KT_EXPECT(t, lt.fired_ns >= sooner && lt.fired_ns < first);

	/* The old deadline is gone: nothing fires when it passes. */
	sleep_until(first + 2 * NSEC_PER_MSEC);
	timers_cancel(&lt, 1);
	KT_EXPECT_EQ(t, lt.fired, 1);
}

KTEST(timer, deadline_in_the_past_fires_at_once)
{
	struct timer_log log;
	struct logged_timer lt;
	uint64_t now = frame_clock_ns();

	timers_init(&log, &lt, 1);
	ktimer_arm(&lt.timer, now > 0 ? now - 1 : 0);
	KT_EXPECT(t, wait_fired(&log, 1));
	timers_cancel(&lt, 1);
	KT_EXPECT_EQ(t, lt.fired, 1);
	/* Generous: emulated hardware may deliver it a little late. */
	KT_EXPECT(t, lt.fired_ns < now + 100 * NSEC_PER_MSEC);
}

struct periodic {
	struct logged_timer lt;
	unsigned int times;	/* re-arm until fired this often */
	uint64_t period_ns;
};

static void periodic_fire(struct ktimer *timer)
{
	struct periodic *p = container_of(timer, struct periodic, lt.timer);

	log_fire(timer);
	if (p->lt.fired < p->times) {
		ktimer_arm(timer, p->lt.fired_ns + p->period_ns);
	}
}

KTEST(timer, callback_may_rearm_its_own_timer)
{
	struct timer_log log;
	struct periodic p = { .times = 3, .period_ns = NSEC_PER_MSEC };
	uint64_t start = frame_clock_ns();

	timers_init(&log, &p.lt, 1);
	ktimer_init(&p.lt.timer, periodic_fire);
	ktimer_arm(&p.lt.timer, start + p.period_ns);
	KT_EXPECT(t, wait_fired(&log, 3));
	sleep_until(frame_clock_ns() + 3 * p.period_ns);
	timers_cancel(&p.lt, 1);
	KT_EXPECT_EQ(t, p.lt.fired, 3);
	KT_EXPECT(t, p.lt.fired_ns >= start + 3 * p.period_ns);
}

KTEST(timer, time_now_never_goes_backwards)
{
	uint64_t prev = time_now_ns();

	for (unsigned int i = 0; i < 1000; i++) {
		uint64_t now = time_now_ns();

		KT_ASSERT(t, now >= prev);
		prev = now;
		if (i % 100 == 0) {
			sched_yield();
		}
	}
}

/*
 * Unit cases for tasks and the round-robin scheduler.
 *
 * State shared with the spawned tasks lives on the case's stack; every
 * case joins the tasks it spawned before it returns, even on failure.
 */
#include <frame/cpu.h>
#include <frame/time.h>

#include <kernel/ktest.h>
#include <kernel/sched.h>

#include "task_util.h"
#include <kernel/string.h>

/* How long a task that waits for preemption spins before giving up. */
#define SPIN_LIMIT_NS (500 * NSEC_PER_MSEC)


static void exit_with_code(void *arg)
{
	const int *code = arg;

	task_exit(*code);
}

static void do_nothing(void *arg)
{
}

KTEST(sched, join_returns_the_exit_code)
{
	static const int code = 42;
	struct task *task = task_spawn("exit42", exit_with_code, (void *)&code);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT_EQ(t, task_join(task), 42);
}

KTEST(sched, join_returns_negative_exit_codes)
{
	static const int code = -5;
	struct task *task = task_spawn("exit-5", exit_with_code, (void *)&code);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT_EQ(t, task_join(task), -5);
}

KTEST(sched, returning_from_the_task_function_exits_with_zero)
{
	struct task *task = task_spawn("nothing", do_nothing, NULL);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT_EQ(t, task_join(task), 0);
}

static void record_current(void *arg)
{
	struct task **seen = arg;

	*seen = task_current();
}

KTEST(sched, spawned_task_runs_as_current_with_its_name)
{
	struct task *seen = NULL;
	struct task *task = task_spawn("named", record_current, &seen);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT(t, task != task_current());
	KT_EXPECT(t, strcmp(task->name, "named") == 0);
	task_join(task);
	KT_EXPECT(t, seen == task);
}

KTEST(sched, spawn_and_join_track_the_task_count)
{
	unsigned int before = sched_task_count();
	struct task *task = task_spawn("counted", do_nothing, NULL);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT_EQ(t, sched_task_count(), before + 1);
	task_join(task);
	KT_EXPECT_EQ(t, sched_task_count(), before);
}

struct turns {
	char log[32];
	unsigned int len;
};

struct turn_taker {
	struct turns *turns;
	char mark;
};

static void take_turns(void *arg)
{
	struct turn_taker *me = arg;

	for (int i = 0; i < 5; i++) {
		me->turns->log[me->turns->len++] = me->mark;
		sched_yield();
	}
}

KTEST(sched, two_yielding_tasks_alternate)
{
	struct turns turns = { .len = 0 };
	struct turn_taker a = { &turns, 'A' }, b = { &turns, 'B' };
	struct task *ta = task_spawn("turn-a", take_turns, &a);
	struct task *tb = task_spawn("turn-b", take_turns, &b);

	KT_EXPECT(t, ta != NULL && tb != NULL);
	if (ta) {
		task_join(ta);
	}
	if (tb) {
		task_join(tb);
	}
	turns.log[turns.len] = '\0';
	KT_EXPECT_EQ(t, turns.len, 10);
	KT_EXPECT(t, strcmp(turns.log, "ABABABABAB") == 0);
}

KTEST(sched, yield_with_nothing_else_runnable_returns)
{
	uint64_t before = sched_switch_count();

	sched_yield();
	KT_EXPECT_EQ(t, sched_switch_count(), before);
}

struct spin_state {
	bool stop;		/* set by the setter */
	bool spinning;		/* the spinner has started */
	bool setter_saw_spinning;
	uint64_t spin_start_ns;
	uint64_t stop_ns;	/* when the setter ran */
};

/* Spin with interrupts on, never yielding; exit 1 if stopped. */
static void spinner(void *arg)
{
	struct spin_state *s = arg;
	uint64_t start = frame_clock_ns();

	s->spin_start_ns = start;
	__atomic_store_n(&s->spinning, true, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		if (frame_clock_ns() - start > SPIN_LIMIT_NS) {
			task_exit(0);
		}
		frame_cpu_relax();
	}
	task_exit(1);
}

static void setter(void *arg)
{
	struct spin_state *s = arg;

	s->setter_saw_spinning = __atomic_load_n(&s->spinning,
						 __ATOMIC_ACQUIRE);
	s->stop_ns = frame_clock_ns();
	__atomic_store_n(&s->stop, true, __ATOMIC_RELEASE);
}

/* Spawn a spinner and then a setter; join both. */
static int run_spinner_and_setter(struct ktest *t, struct spin_state *s)
{
	struct task *spin = task_spawn("spinner", spinner, s);
	struct task *set = task_spawn("setter", setter, s);
	int spun = -1;

	KT_EXPECT(t, spin != NULL && set != NULL);
	if (spin) {
		spun = task_join(spin);
	}
	if (set) {
		task_join(set);
	}
	return spun;
}

KTEST(sched, tick_preempts_a_task_that_never_yields)
{
	struct spin_state s = { .stop = false };

	/* Exit code 1: the spinner saw stop, which only the setter sets. */
	KT_EXPECT_EQ(t, run_spinner_and_setter(t, &s), 1);
	KT_EXPECT(t, s.setter_saw_spinning);
}

KTEST(sched, preemption_waits_for_the_time_slice)
{
	struct spin_state s = { .stop = false };
	uint64_t slice_ns = SCHED_SLICE_TICKS * SCHED_TICK_NS;
	uint64_t ran;

	KT_EXPECT_EQ(t, run_spinner_and_setter(t, &s), 1);
	ran = s.stop_ns - s.spin_start_ns;

	/*
	 * The first tick may have been armed a little before the spin, and
	 * emulated hardware may deliver ticks late.
	 */
	KT_EXPECT(t, ran >= slice_ns - SCHED_TICK_NS);
	KT_EXPECT(t, ran < 2 * slice_ns);
}

KTEST(sched, sleep_until_deadline_times_out_after_it)
{
	uint64_t deadline = frame_clock_ns() + 10 * NSEC_PER_MSEC;

	set_current_sleeping();
	KT_EXPECT_EQ(t, sched_sleep(deadline), -ETIMEDOUT);
	KT_EXPECT(t, frame_clock_ns() >= deadline);
}

KTEST(sched, wakeup_before_the_sleep_is_not_lost)
{
	uint64_t deadline = frame_clock_ns() + 10 * NSEC_PER_MSEC;

	set_current_sleeping();
	KT_EXPECT(t, task_wake(task_current()));
	KT_EXPECT_EQ(t, sched_sleep(deadline), 0);
	KT_EXPECT(t, frame_clock_ns() < deadline);
}

struct sleeper {
	uint64_t deadline;	/* 0: none */
	int result;
	uint64_t woke_ns;
};

static void sleep_once(void *arg)
{
	struct sleeper *s = arg;

	set_current_sleeping();
	s->result = sched_sleep(s->deadline);
	s->woke_ns = frame_clock_ns();
}

KTEST(sched, task_wake_ends_a_sleep_before_its_deadline)
{
	struct sleeper s = {
		.deadline = frame_clock_ns() + NSEC_PER_SEC, .result = 1 };
	struct task *task = task_spawn("sleeper", sleep_once, &s);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT(t, yield_until_sleeping(task));
	KT_EXPECT(t, task_wake(task));
	task_join(task);
	KT_EXPECT_EQ(t, s.result, 0);
	KT_EXPECT(t, s.woke_ns < s.deadline);
}

KTEST(sched, task_wake_ends_a_sleep_without_deadline)
{
	struct sleeper s = { .deadline = 0, .result = 1 };
	struct task *task = task_spawn("sleeper", sleep_once, &s);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT(t, yield_until_sleeping(task));
	KT_EXPECT(t, task_wake(task));
	task_join(task);
	KT_EXPECT_EQ(t, s.result, 0);
}

KTEST(sched, task_wake_of_a_runnable_task_returns_false)
{
	struct task *task = task_spawn("runnable", do_nothing, NULL);

	KT_ASSERT(t, task != NULL);
	KT_EXPECT(t, !task_wake(task));
	KT_EXPECT(t, !task_wake(task_current()));
	task_join(task);
}

KTEST(sched, switch_count_grows_with_switches)
{
	uint64_t before = sched_switch_count();
	struct task *task = task_spawn("switch", do_nothing, NULL);

	KT_ASSERT(t, task != NULL);
	task_join(task);

	/* To the task and back, at the least. */
	KT_EXPECT(t, sched_switch_count() >= before + 2);
}

KTEST(sched, runnable_tasks_run_in_spawn_order)
{
	struct turns turns = { .len = 0 };
	struct turn_taker takers[4] = {
		{ &turns, '0' }, { &turns, '1' },
		{ &turns, '2' }, { &turns, '3' },
	};
	struct task *tasks[4];

	for (unsigned int i = 0; i < 4; i++) {
		tasks[i] = task_spawn("fifo", take_turns, &takers[i]);
		KT_EXPECT(t, tasks[i] != NULL);
	}
	for (unsigned int i = 0; i < 4; i++) {
		if (tasks[i]) {
			task_join(tasks[i]);
		}
	}
	turns.log[turns.len] = '\0';
	KT_EXPECT(t, strcmp(turns.log, "01230123012301230123") == 0);
}

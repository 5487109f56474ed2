/*
 * Unit cases for wait queues, mutexes and semaphores.
 *
 * State shared with the spawned tasks lives on the case's stack; every
 * case joins the tasks it spawned before it returns, even on failure.
 */
#include <frame/time.h>

#include <kernel/ktest.h>
#include <kernel/sched.h>

#include "task_util.h"
#include <kernel/wait.h>

#define NR_WAITERS 5


/* Spawn n tasks running fn(args[i]), waiting until each one sleeps. */
static bool spawn_sleepers(struct task **tasks, unsigned int n,
			   void (*fn)(void *), void *args, size_t arg_size)
{
	bool ok = true;

	for (unsigned int i = 0; i < n; i++) {
		void *arg = (char *)args + i * arg_size;

		tasks[i] = task_spawn("waiter", fn, arg);
		ok = ok && tasks[i] && yield_until_sleeping(tasks[i]);
	}
	return ok;
}

static void join_all(struct task **tasks, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		if (tasks[i]) {
			task_join(tasks[i]);
		}
	}
}

struct event {
	struct wait_queue wq;
	bool cond;
	unsigned int woken;	/* waiters that got past the wait */
	unsigned int order[NR_WAITERS];
};

struct event_waiter {
	struct event *ev;
	unsigned int id;
};

static void wait_for_cond(void *arg)
{
	struct event_waiter *w = arg;
	struct event *ev = w->ev;

	wait_event(&ev->wq, __atomic_load_n(&ev->cond, __ATOMIC_ACQUIRE));
	ev->order[ev->woken++] = w->id;
}

static void event_init(struct event *ev, struct event_waiter *w,
		       unsigned int n)
{
	*ev = (struct event){ .cond = false };
	wait_queue_init(&ev->wq);
	for (unsigned int i = 0; i < n; i++) {
		w[i] = (struct event_waiter){ ev, i };
	}
}

/* Let every waiter out, whatever the case found. */
static void event_release(struct event *ev)
{
	__atomic_store_n(&ev->cond, true, __ATOMIC_RELEASE);
	wake_up_all(&ev->wq);
}

static void release_task(void *arg)
{
	event_release(arg);
}

KTEST(wait, wait_event_blocks_until_the_condition_is_set_and_woken)
{
	struct event ev;
	struct event_waiter w;
	struct task *task;

	event_init(&ev, &w, 1);
	KT_EXPECT(t, spawn_sleepers(&task, 1, wait_for_cond, &w, sizeof(w)));
	KT_EXPECT_EQ(t, ev.woken, 0);

	__atomic_store_n(&ev.cond, true, __ATOMIC_RELEASE);
	KT_EXPECT_EQ(t, wake_up_one(&ev.wq), 1);
	join_all(&task, 1);
	KT_EXPECT_EQ(t, ev.woken, 1);
}

KTEST(wait, wakeup_without_the_condition_keeps_waiting)
{
	struct event ev;
	struct event_waiter w;
	struct task *task;

	event_init(&ev, &w, 1);
	KT_EXPECT(t, spawn_sleepers(&task, 1, wait_for_cond, &w, sizeof(w)));
	KT_EXPECT_EQ(t, wake_up_one(&ev.wq), 1);

	/* The waiter runs, finds the condition false and sleeps again. */
	KT_EXPECT(t, task && yield_until_sleeping(task));
	KT_EXPECT_EQ(t, ev.woken, 0);
	event_release(&ev);
	join_all(&task, 1);
	KT_EXPECT_EQ(t, ev.woken, 1);
}

KTEST(wait, wait_event_returns_at_once_when_the_condition_holds)
{
	static struct wait_queue wq = WAIT_QUEUE_INIT(wq);
	uint64_t switches = sched_switch_count();

	wait_event(&wq, true);
	KT_EXPECT_EQ(t, sched_switch_count(), switches);
	KT_EXPECT(t, list_empty(&wq.waiters));
}

KTEST(wait, wake_up_all_wakes_every_waiter)
{
	struct event ev;
	struct event_waiter w[NR_WAITERS];
	struct task *tasks[NR_WAITERS];

	event_init(&ev, w, NR_WAITERS);
	KT_EXPECT(t, spawn_sleepers(tasks, NR_WAITERS, wait_for_cond, w,
				    sizeof(w[0])));
	__atomic_store_n(&ev.cond, true, __ATOMIC_RELEASE);
	KT_EXPECT_EQ(t, wake_up_all(&ev.wq), NR_WAITERS);
	join_all(tasks, NR_WAITERS);
	KT_EXPECT_EQ(t, ev.woken, NR_WAITERS);
	KT_EXPECT(t, list_empty(&ev.wq.waiters));
}

KTEST(wait, wake_up_one_wakes_only_the_oldest_waiter)
{
	struct event ev;
	struct event_waiter w[3];
	struct task *tasks[3];

	event_init(&ev, w, 3);
	KT_EXPECT(t, spawn_sleepers(tasks, 3, wait_for_cond, w, sizeof(w[0])));
	__atomic_store_n(&ev.cond, true, __ATOMIC_RELEASE);
	KT_EXPECT_EQ(t, wake_up_one(&ev.wq), 1);
	KT_EXPECT(t, tasks[0] && state_of(tasks[0]) == TASK_RUNNABLE);
	KT_EXPECT(t, tasks[1] && state_of(tasks[1]) == TASK_SLEEPING);
	KT_EXPECT(t, tasks[2] && state_of(tasks[2]) == TASK_SLEEPING);

	for (unsigned int i = 0; i < 10; i++) {
		sched_yield();
	}
	KT_EXPECT_EQ(t, ev.woken, 1);
	KT_EXPECT_EQ(t, ev.order[0], 0);
	event_release(&ev);
	join_all(tasks, 3);
}

KTEST(wait, wake_up_on_an_empty_queue_wakes_nobody)
{
	static struct wait_queue wq = WAIT_QUEUE_INIT(wq);

	KT_EXPECT_EQ(t, wake_up_one(&wq), 0);
	KT_EXPECT_EQ(t, wake_up_all(&wq), 0);
}

KTEST(wait, wait_event_deadline_times_out_when_nobody_wakes)
{
	static struct wait_queue wq = WAIT_QUEUE_INIT(wq);
	uint64_t deadline = frame_clock_ns() + 5 * NSEC_PER_MSEC;

	KT_EXPECT_EQ(t, wait_event_deadline(&wq, false, deadline), -ETIMEDOUT);
	KT_EXPECT(t, frame_clock_ns() >= deadline);
	KT_EXPECT(t, list_empty(&wq.waiters));
}

KTEST(wait, wait_event_deadline_returns_zero_when_woken_in_time)
{
	struct event ev;
	struct event_waiter w;
	struct task *task;
	uint64_t deadline;
	int ret;

	event_init(&ev, &w, 1);
	task = task_spawn("setter", release_task, &ev);
	KT_ASSERT(t, task != NULL);
	deadline = frame_clock_ns() + NSEC_PER_SEC;
	ret = wait_event_deadline(&ev.wq, __atomic_load_n(&ev.cond,
							  __ATOMIC_ACQUIRE),
				  deadline);
	task_join(task);
	KT_EXPECT_EQ(t, ret, 0);
	KT_EXPECT(t, frame_clock_ns() < deadline);
}

/* Mutexes. */

#define MUTEX_TASKS 4
#define MUTEX_ROUNDS 25

struct counter {
	struct mutex lock;
	unsigned int value;	/* under lock */
	bool inside;		/* a task is in the critical section */
	unsigned int overlaps;	/* times a task found another inside */
};

static void count_under_mutex(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < MUTEX_ROUNDS; i++) {
		unsigned int v;

		mutex_lock(&c->lock);
		if (c->inside) {
			c->overlaps++;
		}
		c->inside = true;
		v = c->value;
		sched_yield();		/* let the others try to get in */
		c->value = v + 1;
		c->inside = false;
		mutex_unlock(&c->lock);
		sched_yield();
	}
}

KTEST(wait, mutex_gives_mutual_exclusion)
{
	struct counter c = { .value = 0 };
	struct task *tasks[MUTEX_TASKS];

	mutex_init(&c.lock);
	for (unsigned int i = 0; i < MUTEX_TASKS; i++) {
		tasks[i] = task_spawn("counter", count_under_mutex, &c);
		KT_EXPECT(t, tasks[i] != NULL);
	}
	join_all(tasks, MUTEX_TASKS);
	KT_EXPECT_EQ(t, c.value, MUTEX_TASKS * MUTEX_ROUNDS);
	KT_EXPECT_EQ(t, c.overlaps, 0);
}

struct fifo {
	struct mutex lock;
	unsigned int order[NR_WAITERS];
	unsigned int n;		/* under lock */
};

struct fifo_waiter {
	struct fifo *f;
	unsigned int id;
};

static void lock_and_record(void *arg)
{
	struct fifo_waiter *w = arg;

	mutex_lock(&w->f->lock);
	w->f->order[w->f->n++] = w->id;
	mutex_unlock(&w->f->lock);
}

static void fifo_init(struct fifo *f, struct fifo_waiter *w)
{
	*f = (struct fifo){ .n = 0 };
	mutex_init(&f->lock);
	for (unsigned int i = 0; i < NR_WAITERS; i++) {
		w[i] = (struct fifo_waiter){ f, i };
	}
}

KTEST(wait, mutex_is_handed_off_in_fifo_order)
{
	struct fifo f;
	struct fifo_waiter w[NR_WAITERS];
	struct task *tasks[NR_WAITERS];

	fifo_init(&f, w);
	mutex_lock(&f.lock);
	/* Each waiter queues on the mutex before the next one is spawned. */
	KT_EXPECT(t, spawn_sleepers(tasks, NR_WAITERS, lock_and_record, w,
				    sizeof(w[0])));
	mutex_unlock(&f.lock);
	join_all(tasks, NR_WAITERS);
	KT_ASSERT_EQ(t, f.n, NR_WAITERS);
	for (unsigned int i = 0; i < NR_WAITERS; i++) {
		KT_EXPECT_EQ(t, f.order[i], i);
	}
}

KTEST(wait, mutex_unlock_gives_ownership_to_the_first_waiter)
{
	struct fifo f;
	struct fifo_waiter w[NR_WAITERS];
	struct task *task;
	bool stolen;

	fifo_init(&f, w);
	mutex_lock(&f.lock);
	KT_EXPECT(t, spawn_sleepers(&task, 1, lock_and_record, w,
				    sizeof(w[0])));
	mutex_unlock(&f.lock);

	/* The waiter owns it already, though it has not run yet. */
	stolen = mutex_trylock(&f.lock);
	KT_EXPECT(t, !stolen);
	if (stolen) {
		mutex_unlock(&f.lock);
	}
	join_all(&task, 1);
	KT_EXPECT_EQ(t, f.n, 1);
}

KTEST(wait, mutex_trylock_succeeds_on_a_free_mutex)
{
	struct mutex m;

	mutex_init(&m);
	KT_EXPECT(t, !mutex_is_owned(&m));
	KT_ASSERT(t, mutex_trylock(&m));
	KT_EXPECT(t, mutex_is_owned(&m));
	mutex_unlock(&m);
	KT_EXPECT(t, !mutex_is_owned(&m));
}

struct try_result {
	struct mutex *m;
	bool got;
	bool owned;		/* mutex_is_owned() as the other task saw it */
};

static void try_lock(void *arg)
{
	struct try_result *r = arg;

	r->got = mutex_trylock(r->m);
	r->owned = mutex_is_owned(r->m);
	if (r->got) {
		mutex_unlock(r->m);
	}
}

KTEST(wait, mutex_trylock_fails_while_another_task_holds_it)
{
	struct mutex m = MUTEX_INIT(m);
	struct try_result r = { .m = &m, .got = true, .owned = true };
	struct task *task;

	mutex_lock(&m);
	task = task_spawn("trylock", try_lock, &r);
	if (task) {
		task_join(task);
	}
	mutex_unlock(&m);
	KT_ASSERT(t, task != NULL);
	KT_EXPECT(t, !r.got);
	KT_EXPECT(t, !r.owned);
}

/* Semaphores. */

struct sema_user {
	struct semaphore *s;
	uint64_t deadline;	/* 0: sema_down() */
	int result;
	bool done;
};

static void down_once(void *arg)
{
	struct sema_user *u = arg;

	if (u->deadline) {
		u->result = sema_down_deadline(u->s, u->deadline);
	} else {
		sema_down(u->s);
		u->result = 0;
	}
	__atomic_store_n(&u->done, true, __ATOMIC_RELEASE);
}

KTEST(wait, sema_downs_up_to_the_count_do_not_block)
{
	struct semaphore s;
	uint64_t switches;

	sema_init(&s, 2);
	switches = sched_switch_count();
	sema_down(&s);
	sema_down(&s);
	KT_EXPECT_EQ(t, sched_switch_count(), switches);
	KT_EXPECT_EQ(t, s.count, 0);
}

KTEST(wait, sema_down_past_the_count_blocks_until_up)
{
	struct semaphore s;
	struct sema_user u = { .s = &s, .deadline = 0, .result = 1 };
	struct task *task;

	sema_init(&s, 2);
	sema_down(&s);
	sema_down(&s);
	KT_EXPECT(t, spawn_sleepers(&task, 1, down_once, &u, sizeof(u)));
	KT_EXPECT(t, !__atomic_load_n(&u.done, __ATOMIC_ACQUIRE));

	sema_up(&s);
	join_all(&task, 1);
	KT_EXPECT(t, u.done);
	KT_EXPECT_EQ(t, u.result, 0);
	KT_EXPECT_EQ(t, s.count, 0);
}

KTEST(wait, sema_up_without_waiters_raises_the_count)
{
	struct semaphore s;

	sema_init(&s, 0);
	sema_up(&s);
	sema_up(&s);
	KT_EXPECT_EQ(t, s.count, 2);
	KT_EXPECT_EQ(t, sema_down_deadline(&s, frame_clock_ns() + 1), 0);
	KT_EXPECT_EQ(t, s.count, 1);
}

KTEST(wait, sema_down_deadline_times_out_at_zero_count)
{
	struct semaphore s;
	uint64_t deadline;

	sema_init(&s, 0);
	deadline = frame_clock_ns() + 3 * NSEC_PER_MSEC;
	KT_EXPECT_EQ(t, sema_down_deadline(&s, deadline), -ETIMEDOUT);
	KT_EXPECT(t, frame_clock_ns() >= deadline);
	KT_EXPECT_EQ(t, s.count, 0);
	KT_EXPECT(t, list_empty(&s.wq.waiters));
}

KTEST(wait, sema_up_ends_a_deadline_wait_early)
{
	struct semaphore s;
	struct sema_user u = { .s = &s, .result = 1 };
	struct task *task;

	sema_init(&s, 0);
	u.deadline = frame_clock_ns() + NSEC_PER_SEC;
	KT_EXPECT(t, spawn_sleepers(&task, 1, down_once, &u, sizeof(u)));
	sema_up(&s);
	join_all(&task, 1);
	KT_EXPECT_EQ(t, u.result, 0);
	KT_EXPECT(t, frame_clock_ns() < u.deadline);
	KT_EXPECT_EQ(t, s.count, 0);
}

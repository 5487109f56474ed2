/*
 * Tasks and the round-robin scheduler (policy in kernel/sched.h).
 *
 * The frame supplies contexts and the switch; everything here is policy.
 * schedule() runs with interrupts disabled: it requeues the current task if
 * it is still runnable, takes the head of the run queue (or the idle task),
 * and switches. A task that died is switched away from for good and its
 * context destroyed by whichever task runs next.
 *
 * Known shortcoming: one run queue and one "current" serve the single CPU
 * both frames run today; a second CPU needs per-CPU queues and an on-CPU
 * flag so a requeued task cannot be picked before its switch completes.
 */
#define pr_fmt(fmt) "sched: " fmt

#include <frame/cpu.h>
#include <frame/irq.h>
#include <frame/spinlock.h>
#include <frame/task.h>
#include <frame/time.h>
#include <frame/vm.h>

#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/string.h>
#include <kernel/wait.h>

/* rq_lock protects the run queue, task states and the task list. */
static frame_spinlock_t rq_lock = FRAME_SPINLOCK_INIT("runqueue");
static struct list_head run_queue = LIST_HEAD_INIT(run_queue);
static struct list_head all_tasks = LIST_HEAD_INIT(all_tasks);
static struct task *current;
static struct task *idle_task;
static uint64_t switched_at;		/* when current was switched in */
static struct task *dead_prev;		/* context to destroy after a switch */
static bool need_resched;
static struct ktimer tick;
static uint64_t next_tid;
static uint64_t nswitches;
static unsigned int ntasks;

static const char *const state_name[] = {
	[TASK_RUNNABLE] = "runnable",
	[TASK_SLEEPING] = "sleeping",
	[TASK_DEAD] = "dead",
};

struct task *task_current(void)
{
	return current;
}

/* Arm the tick while some task waits for the CPU; rq_lock held. */
static void update_tick(void)
{
	if (list_empty(&run_queue)) {
		ktimer_cancel(&tick);
	} else if (!tick.pending) {
		ktimer_arm(&tick, frame_clock_ns() + SCHED_TICK_NS);
	}
}

static void enqueue(struct task *t)
{
	if (!t->queued && t != idle_task) {
		list_add_tail(&t->run_node, &run_queue);
		t->queued = true;
	}
}

static void tick_fn(struct ktimer *t)
{
	frame_irqflags_t flags = frame_spin_lock(&rq_lock);

	if (current->slice > 0) {
		current->slice--;
	}
	if (current->slice == 0 && !list_empty(&run_queue)) {
		need_resched = true;
	}
	update_tick();
	frame_spin_unlock(&rq_lock, flags);
}

/* Destroy the context of a task that just died; runs on the next task. */
static void finish_switch(void)
{
	if (dead_prev) {
		frame_context_destroy(dead_prev->ctx);
		dead_prev->ctx = NULL;
		dead_prev = NULL;
	}
}

/*
 * Pick the next task and switch to it. Interrupts disabled. A preempted
 * task stays runnable even if it had marked itself sleeping: it was
 * interrupted between that mark and its own sleep, and its wakeup may
 * already have happened.
 */
static void schedule(bool preempt)
{
	struct task *prev = current, *next = idle_task;
	frame_irqflags_t flags;
	uint64_t now;

	KASSERT(!frame_irq_enabled());
	flags = frame_spin_lock(&rq_lock);
	if (prev->state == TASK_RUNNABLE ||
	    (preempt && prev->state == TASK_SLEEPING)) {
		enqueue(prev);
	}
	if (!list_empty(&run_queue)) {
		next = list_first_entry(&run_queue, struct task, run_node);
		list_del(&next->run_node);
		next->queued = false;
	}
	need_resched = false;
	next->slice = SCHED_SLICE_TICKS;
	update_tick();
	frame_spin_unlock(&rq_lock, flags);
	if (next == prev) {
		return;
	}

	/* CPU time: prev ran from its switch-in until now. */
	now = frame_clock_ns();
	prev->runtime_ns += now - switched_at;
	switched_at = now;
	current = next;
	nswitches++;
	/* The address space goes with the task, as CR3 does. */
	if (next->vm != frame_vm_active()) {
		frame_vm_activate(next->vm);
	}
	if (prev->state == TASK_DEAD) {
		dead_prev = prev;
		frame_context_exit(prev->ctx, next->ctx);
	}
	frame_context_switch(prev->ctx, next->ctx);
	finish_switch();
}

/* Interrupt exit hook: preempt the interrupted task if it is due. */
static void sched_irq_exit(void)
{
	if (need_resched) {
		schedule(true);
	}
}

void might_sleep(void)
{
	if (frame_in_irq() || frame_spin_held() != 0) {
		panic("sleeping in atomic context (irq %d, spinlocks %u)",
		      frame_in_irq(), frame_spin_held());
	}
}

static void task_entry(void *arg)
{
	struct task *t = arg;

	finish_switch();
	frame_irq_enable();
	t->fn(t->arg);
	task_exit(0);
}

static struct task *task_alloc(const char *name)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t) {
		return NULL;
	}
	t->exit_wq = kmalloc(sizeof(*t->exit_wq), 0);
	if (!t->exit_wq) {
		kfree(t);
		return NULL;
	}
	wait_queue_init(t->exit_wq);
	strlcpy(t->name, name, sizeof(t->name));
	t->state = TASK_RUNNABLE;
	t->slice = SCHED_SLICE_TICKS;
	list_init(&t->run_node);
	return t;
}

static void task_free(struct task *t)
{
	kfree(t->exit_wq);
	kfree(t);
}

/* Give t its context and put it on the task list. */
static bool task_install(struct task *t, void (*fn)(void *), void *arg)
{
	frame_irqflags_t flags;

	t->fn = fn;
	t->arg = arg;
	t->ctx = frame_context_create(task_entry, t);
	if (!t->ctx) {
		return false;
	}
	flags = frame_spin_lock(&rq_lock);
	t->tid = next_tid++;
	list_add_tail(&t->all_node, &all_tasks);
	ntasks++;
	frame_spin_unlock(&rq_lock, flags);
	return true;
}

struct task *task_spawn(const char *name, void (*fn)(void *), void *arg)
{
	struct task *t = task_alloc(name);
	frame_irqflags_t flags;

	if (!t) {
		return NULL;
	}
	if (!task_install(t, fn, arg)) {
		task_free(t);
		return NULL;
	}
	flags = frame_spin_lock(&rq_lock);
	enqueue(t);
	update_tick();
	if (current == idle_task) {
		need_resched = true;
	}
	frame_spin_unlock(&rq_lock, flags);
	return t;
}

void task_exit(int code)
{
	struct task *t = current;

	KASSERT(t != idle_task);
	frame_irq_disable();
	t->exit_code = code;
	t->state = TASK_DEAD;
	wake_up_all(t->exit_wq);
	schedule(false);
	panic("dead task %llu scheduled", (unsigned long long)t->tid);
}

int task_join(struct task *t)
{
	frame_irqflags_t flags;
	int code;

	KASSERT(t != current);
	wait_event(t->exit_wq, __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) ==
				       TASK_DEAD);
	flags = frame_spin_lock(&rq_lock);
	list_del(&t->all_node);
	ntasks--;
	frame_spin_unlock(&rq_lock, flags);
	code = t->exit_code;
	task_free(t);
	return code;
}

void task_set_vm(struct frame_vm *vm)
{
	frame_irqflags_t flags = frame_irq_save();

	current->vm = vm;
	frame_vm_activate(vm);
	frame_irq_restore(flags);
}

void sched_yield(void)
{
	frame_irqflags_t flags;

	might_sleep();
	flags = frame_irq_save();
	schedule(false);
	frame_irq_restore(flags);
}

void set_current_sleeping(void)
{
	frame_irqflags_t flags = frame_spin_lock(&rq_lock);

	current->state = TASK_SLEEPING;
	frame_spin_unlock(&rq_lock, flags);
}

bool task_wake(struct task *t)
{
	frame_irqflags_t flags = frame_spin_lock(&rq_lock);
	bool woke = t->state == TASK_SLEEPING;

	if (woke) {
		t->state = TASK_RUNNABLE;
		if (t != current) {
			enqueue(t);
			update_tick();
		}
		if (current == idle_task) {
			need_resched = true;
		}
	}
	frame_spin_unlock(&rq_lock, flags);
	return woke;
}

struct sleep_timer {
	struct ktimer timer;
	struct task *task;
	bool fired;
};

static void sleep_timeout(struct ktimer *timer)
{
	struct sleep_timer *st = container_of(timer, struct sleep_timer, timer);

	st->fired = true;
	task_wake(st->task);
}

int sched_sleep(uint64_t deadline)
{
	struct sleep_timer st = { .task = current };
	frame_irqflags_t flags;

	might_sleep();
	if (deadline) {
		ktimer_init(&st.timer, sleep_timeout);
		ktimer_arm(&st.timer, deadline);
	}
	flags = frame_irq_save();
	if (current->state == TASK_SLEEPING) {
		schedule(false);
	}
	frame_irq_restore(flags);
	if (deadline) {
		ktimer_cancel(&st.timer);
	}
	return st.fired ? -ETIMEDOUT : 0;
}

static void idle_loop(void *arg)
{
	for (;;) {
		frame_irq_disable();
		if (!list_empty(&run_queue)) {
			schedule(false);
		} else if (frame_cpu_idle() == -EDEADLK) {
			panic("deadlock: no task can run and nothing can "
			      "wake one");
		}
	}
}

static void sched_dump(void)
{
	struct task *t;

	kprintf("tasks (%u):\n", ntasks);
	list_for_each_entry(t, &all_tasks, all_node) {
		kprintf("  %4llu %-16s %s%s\n", (unsigned long long)t->tid,
			t->name, state_name[t->state],
			t == current ? " (current)" : "");
	}
}

void sched_init(void)
{
	struct task *boot = task_alloc("boot");

	idle_task = task_alloc("idle");
	if (!boot || !idle_task) {
		panic("sched: no memory for the first tasks");
	}
	boot->ctx = frame_context_current();
	list_add_tail(&boot->all_node, &all_tasks);
	boot->tid = next_tid++;
	ntasks++;
	current = boot;
	if (!task_install(idle_task, idle_loop, NULL)) {
		panic("sched: no memory for the idle task");
	}
	ktimer_init(&tick, tick_fn);
	frame_irq_set_exit_hook(sched_irq_exit);
	panic_set_dump_hook(sched_dump);
	pr_info("round-robin, %llu ms tick, %u-tick slices",
		(unsigned long long)(SCHED_TICK_NS / NSEC_PER_MSEC),
		SCHED_SLICE_TICKS);
}

uint64_t task_runtime_ns(const struct task *t)
{
	/* The running task's time includes its current stretch. */
	return t->runtime_ns + (t == current ? frame_clock_ns() - switched_at : 0);
}

uint64_t sched_idle_ns(void)
{
	return task_runtime_ns(idle_task);
}

unsigned int sched_runnable_count(void)
{
	struct task *t;
	unsigned int n = 0;
	frame_irqflags_t flags = frame_spin_lock(&rq_lock);

	list_for_each_entry(t, &run_queue, run_node) {
		n++;
	}
	frame_spin_unlock(&rq_lock, flags);
	return n + (current != idle_task);
}

uint64_t sched_switch_count(void)
{
	return nswitches;
}

unsigned int sched_task_count(void)
{
	return ntasks;
}

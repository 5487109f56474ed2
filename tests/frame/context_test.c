/*
 * Frame conformance: kernel contexts (frame/task.h). The scheduler owns
 * creating and switching them, so these cases look at contexts through
 * tasks: each task runs on a context of its own, and a switch away and
 * back preserves its stack and registers.
 */
#include <frame/task.h>

#include <kernel/ktest.h>
#include <kernel/sched.h>

#define NR_TASKS 3

struct context_probe {
	struct frame_context *current;	/* frame_context_current() */
	struct frame_context *own;	/* task_current()->ctx */
	uint64_t id;
};

static void probe_context(void *arg)
{
	struct context_probe *p = arg;

	p->current = frame_context_current();
	p->own = task_current()->ctx;
	p->id = frame_context_id(p->current);
}

/* Run n probes, all alive at once, and join them. */
static bool run_probes(struct context_probe *probes, unsigned int n)
{
	struct task *tasks[NR_TASKS];
	bool ok = true;

	for (unsigned int i = 0; i < n; i++) {
		tasks[i] = task_spawn("ctx-probe", probe_context, &probes[i]);
		ok = ok && tasks[i];
	}
	for (unsigned int i = 0; i < n; i++) {
		if (tasks[i]) {
			task_join(tasks[i]);
		}
	}
	return ok;
}

KTEST(frame_context, current_context_is_the_running_tasks)
{
	KT_EXPECT(t, frame_context_current() == task_current()->ctx);
}

KTEST(frame_context, each_task_runs_on_its_own_context)
{
	struct context_probe p[NR_TASKS] = { { NULL } };

	KT_ASSERT(t, run_probes(p, NR_TASKS));
	for (unsigned int i = 0; i < NR_TASKS; i++) {
		KT_EXPECT(t, p[i].current != NULL);
		KT_EXPECT(t, p[i].current == p[i].own);
		KT_EXPECT(t, p[i].current != task_current()->ctx);
	}
}

KTEST(frame_context, live_contexts_have_distinct_ids)
{
	struct context_probe p[NR_TASKS] = { { NULL } };
	uint64_t mine = frame_context_id(task_current()->ctx);

	KT_ASSERT(t, run_probes(p, NR_TASKS));
	for (unsigned int i = 0; i < NR_TASKS; i++) {
		KT_EXPECT(t, p[i].id != mine);
		for (unsigned int j = i + 1; j < NR_TASKS; j++) {
			KT_EXPECT(t, p[i].id != p[j].id);
		}
	}
}

KTEST(frame_context, task_contexts_are_not_the_boot_context)
{
	struct context_probe p = { NULL };

	/* Id 0 names the boot context, which no spawned task runs on. */
	KT_ASSERT(t, run_probes(&p, 1));
	KT_EXPECT(t, p.id != 0);
	KT_EXPECT(t, frame_context_id(frame_context_current()) != 0);
}

struct stack_keeper {
	unsigned int seed;
	unsigned int switches;	/* yields that found another task */
	bool intact;
};

/*
 * Fill a local array, yield many times and check it: a context switch
 * must leave this stack alone and resume with the registers it had.
 */
static void keep_stack(void *arg)
{
	struct stack_keeper *k = arg;
	volatile unsigned int local[256];
	unsigned int seed = k->seed;
	bool intact = true;

	for (unsigned int i = 0; i < ARRAY_SIZE(local); i++) {
		local[i] = seed * 2654435761U + i;
	}
	for (unsigned int round = 0; round < 20; round++) {
		uint64_t before = sched_switch_count();

		sched_yield();
		k->switches += sched_switch_count() != before;
		for (unsigned int i = 0; i < ARRAY_SIZE(local); i++) {
			intact = intact && local[i] == seed * 2654435761U + i;
		}
	}
	k->intact = intact && seed == k->seed;
}

KTEST(frame_context, stacks_survive_switches_between_tasks)
{
	struct stack_keeper k[NR_TASKS];
	struct task *tasks[NR_TASKS];

	for (unsigned int i = 0; i < NR_TASKS; i++) {
		k[i] = (struct stack_keeper){ .seed = i + 1 };
		tasks[i] = task_spawn("stack", keep_stack, &k[i]);
		KT_EXPECT(t, tasks[i] != NULL);
	}
	for (unsigned int i = 0; i < NR_TASKS; i++) {
		if (tasks[i]) {
			task_join(tasks[i]);
			KT_EXPECT(t, k[i].intact);
			KT_EXPECT(t, k[i].switches > 0);
		}
	}
}

static void yield_a_lot(void *arg)
{
	for (int i = 0; i < 10; i++) {
		sched_yield();
	}
}

KTEST(frame_context, yielding_tasks_switch_contexts)
{
	uint64_t before = sched_switch_count();
	struct task *a = task_spawn("yield-a", yield_a_lot, NULL);
	struct task *b = task_spawn("yield-b", yield_a_lot, NULL);

	KT_EXPECT(t, a != NULL && b != NULL);
	if (a) {
		task_join(a);
	}
	if (b) {
		task_join(b);
	}

	/* Every yield of one task to the other is a switch. */
	KT_EXPECT(t, sched_switch_count() >= before + 20);
}

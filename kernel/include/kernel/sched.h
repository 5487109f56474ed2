/*
 * Kernel tasks and the scheduler.
 *
 * Policy: round robin with a fixed time slice. Runnable tasks wait in one
 * FIFO run queue; the running task is preempted by the timer tick when its
 * slice (SCHED_SLICE_TICKS ticks) is used up and another task is runnable,
 * and a woken task joins the tail. This is simple, starvation-free and
 * deterministic under the host frame's virtual clock, which is what the
 * kernel needs until processes bring nice values and fairness between
 * groups; a virtual-runtime policy can replace it behind the same calls.
 *
 * The tick is armed only while there is someone to switch to, so an idle
 * kernel with no timers pending has nothing that could wake it, and the
 * idle task reports that as a deadlock instead of hanging.
 */
#pragma once

#include <kernel/list.h>
#include <kernel/timer.h>
#include <kernel/types.h>

#define SCHED_TICK_NS (4 * NSEC_PER_MSEC)
#define SCHED_SLICE_TICKS 3
#define TASK_NAME_LEN 16

enum task_state {
	TASK_RUNNABLE,		/* running or on the run queue */
	TASK_SLEEPING,
	TASK_DEAD,		/* exited, waiting for task_join() */
};

struct frame_context;
struct frame_vm;
struct process;
struct wait_queue;

/* Fields are protected by the run-queue lock unless noted. */
struct task {
	uint64_t tid;			/* constant */
	char name[TASK_NAME_LEN];	/* constant */
	struct frame_context *ctx;	/* constant */
	enum task_state state;
	struct list_head run_node;	/* on the run queue */
	struct list_head all_node;	/* on the task list */
	unsigned int slice;		/* ticks left in this slice */
	bool queued;			/* on the run queue */
	void (*fn)(void *arg);		/* constant */
	void *arg;			/* constant */
	int exit_code;
	struct wait_queue *exit_wq;	/* woken when the task dies */
	struct process *proc;		/* the user process it runs, or NULL */
	bool interrupt;			/* a signal wants it: interruptible
					   waits end (atomic) */
	struct frame_vm *vm;		/* its user address space, or NULL;
					   set by the task itself */
	uint64_t runtime_ns;		/* CPU time until its last switch-out */
};

void sched_init(void);

/* The task running on this CPU. */
struct task *task_current(void);

/*
 * Create a task that runs fn(arg) and make it runnable. Returns NULL when
 * memory is exhausted. Never sleeps. The creator must task_join() it.
 */
struct task *task_spawn(const char *name, void (*fn)(void *arg), void *arg);

/* End the current task with an exit code. */
__noreturn void task_exit(int code);

/* Wait for t to exit, free it and return its exit code. May sleep. */
int task_join(struct task *t);

/* Make vm the current task's address space, now and whenever it runs. */
void task_set_vm(struct frame_vm *vm);

/* Give the CPU to the next runnable task, if any. May sleep. */
void sched_yield(void);

/*
 * Sleep until woken by task_wake() or until deadline (0: no deadline).
 * The caller has set its state to TASK_SLEEPING (set_current_sleeping()),
 * after which any wakeup is not lost. Returns 0 if woken, -ETIMEDOUT.
 * Interrupts must be enabled and no spinlock held.
 */
int sched_sleep(uint64_t deadline);
void set_current_sleeping(void);

/* Make a sleeping task runnable; returns false if it was not sleeping. */
bool task_wake(struct task *t);

/* Assert the caller may sleep: not in interrupt context, no spinlock. */
void might_sleep(void);

/* Number of context switches so far, and the tasks alive. */
uint64_t sched_switch_count(void);

/* CPU time t has used, its current stretch included. */
uint64_t task_runtime_ns(const struct task *t);

/* CPU time the idle task has had: time with nothing to run. */
uint64_t sched_idle_ns(void);

/* Tasks running or waiting to run (the idle task not counted). */
unsigned int sched_runnable_count(void);
unsigned int sched_task_count(void);

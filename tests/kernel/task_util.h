/*
 * Helpers shared by the in-kernel scheduler and wait-queue tests.
 */
#pragma once

#include <kernel/sched.h>

static inline enum task_state state_of(struct task *task)
{
	return __atomic_load_n(&task->state, __ATOMIC_ACQUIRE);
}

/* Yield until task sleeps; false if it does not within many turns. */
static inline bool yield_until_sleeping(struct task *task)
{
	for (unsigned int i = 0; i < 1000; i++) {
		if (state_of(task) == TASK_SLEEPING) {
			return true;
		}
		sched_yield();
	}
	return false;
}

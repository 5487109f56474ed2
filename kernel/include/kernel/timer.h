/*
 * Kernel timers: one-shot callbacks at a monotonic deadline, multiplexed on
 * the frame's one-shot timer. Callbacks run in interrupt context and must
 * not sleep. A timer is owned by the caller (usually embedded in a larger
 * object) and must be cancelled before that memory is freed.
 */
#pragma once

#include <kernel/list.h>
#include <kernel/types.h>

struct ktimer {
	uint64_t deadline;		/* frame_clock_ns() time */
	void (*fn)(struct ktimer *t);
	struct list_head node;		/* on the pending list, by deadline */
	bool pending;
};

void timer_init(void);

void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *t));

/* Arm (or re-arm) t for deadline. Callable from any context. */
void ktimer_arm(struct ktimer *t, uint64_t deadline);

/* Disarm t; returns true if it was pending. Callable from any context. */
bool ktimer_cancel(struct ktimer *t);

/* Monotonic time in nanoseconds since boot. */
uint64_t time_now_ns(void);

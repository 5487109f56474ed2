/*
 * Spinlocks.
 *
 * A spinlock masks interrupts on the CPU that holds it, is taken with an
 * atomic exchange, records its owner and asserts on recursion and on
 * release by a non-owner. Nothing may sleep while holding one: the frame
 * counts the spinlocks each CPU holds (frame_spin_held()) so that sleeping
 * paths can assert it is zero.
 */
#pragma once

#include <frame/irq.h>

typedef struct frame_spinlock {
	unsigned int locked;		/* atomic: 0 free, 1 held */
	unsigned int owner_cpu;		/* valid while locked */
	const char *name;
} frame_spinlock_t;

#define FRAME_SPINLOCK_INIT(lockname) { 0, 0, lockname }

void frame_spin_init(frame_spinlock_t *lock, const char *name);

/* Disable interrupts, take the lock, return the previous interrupt state. */
frame_irqflags_t frame_spin_lock(frame_spinlock_t *lock);

/* Release the lock and restore the interrupt state. */
void frame_spin_unlock(frame_spinlock_t *lock, frame_irqflags_t flags);

/* True if this CPU holds the lock. */
bool frame_spin_owned(const frame_spinlock_t *lock);

/* Number of spinlocks this CPU holds. */
unsigned int frame_spin_held(void);

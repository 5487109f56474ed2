/*
 * Spinlocks (frame/spinlock.h), shared by both frames.
 */
#include <frame/cpu.h>
#include <frame/spinlock.h>

#include "internal.h"

static FRAME_PERCPU(unsigned int, held_count);

void frame_spin_init(frame_spinlock_t *lock, const char *name)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
	lock->owner_cpu = 0;
	lock->name = name;
}

frame_irqflags_t frame_spin_lock(frame_spinlock_t *lock)
{
	frame_irqflags_t flags = frame_irq_save();
	unsigned int cpu = frame_cpu_id();

	if (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) &&
	    lock->owner_cpu == cpu) {
		fc_fatal("spinlock taken recursively", lock->name, cpu);
	}
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED)) {
			__builtin_ia32_pause();
		}
	}
	lock->owner_cpu = cpu;
	held_count[cpu]++;
	return flags;
}

void frame_spin_unlock(frame_spinlock_t *lock, frame_irqflags_t flags)
{
	unsigned int cpu = frame_cpu_id();

	if (!__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) ||
	    lock->owner_cpu != cpu) {
		fc_fatal("spinlock released by a CPU that does not hold it",
			 lock->name, cpu);
	}
	held_count[cpu]--;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	frame_irq_restore(flags);
}

bool frame_spin_owned(const frame_spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) &&
	       lock->owner_cpu == frame_cpu_id();
}

unsigned int frame_spin_held(void)
{
	return held_count[frame_cpu_id()];
}

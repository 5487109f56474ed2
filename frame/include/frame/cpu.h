/*
 * CPUs: identity, per-CPU data, waiting and inter-processor calls.
 *
 * The API is shaped for several CPUs even while one runs. Per-CPU data is an
 * array indexed by CPU id (no thread-local storage above the frame); a CPU
 * touches only its own slot unless it holds the lock that protects it.
 */
#pragma once

#include <frame/types.h>

#define FRAME_MAX_CPUS 64

#define FRAME_PERCPU(type, name) type name[FRAME_MAX_CPUS]
#define frame_this_cpu(name) (name[frame_cpu_id()])

/* This CPU's id, 0 .. frame_cpu_count() - 1. Stable while interrupts are off. */
unsigned int frame_cpu_id(void);
unsigned int frame_cpu_count(void);

/* Pause in a busy-wait loop; an interrupt window if interrupts are on. */
void frame_cpu_relax(void);

/*
 * Wait for an interrupt. Called with interrupts disabled; enables them
 * atomically with the wait (no wakeup can be lost), delivers what arrives,
 * and returns with them disabled again. Returns 0, or -EDEADLK when no
 * interrupt can ever arrive (the host frame knows: no timer armed, no open
 * input): the caller then has a deadlock to report.
 */
int frame_cpu_idle(void);

/*
 * Run fn(arg) on every CPU in the mask (bit i = CPU i), this one included,
 * in interrupt context. With wait, returns once all have run. Returns 0 or
 * -EINVAL if the mask names no online CPU. Must be called with interrupts
 * enabled when the mask names another CPU.
 */
int frame_cpu_call(uint64_t mask, void (*fn)(void *arg), void *arg,
		   bool wait);

/* What user programs may know of the CPU (/proc/cpuinfo, AT_HWCAP). */
struct frame_cpu_info {
	char vendor[13];		/* "GenuineIntel", ... */
	char model[49];			/* the brand string, or "" */
	unsigned int family, model_id, stepping;
	uint32_t hwcap;			/* AT_HWCAP: CPUID.1:EDX on x86-64 */
	uint32_t features2;		/* CPUID.1:ECX */
};

void frame_cpu_info(struct frame_cpu_info *info);

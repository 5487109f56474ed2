/*
 * Panic and assertions.
 *
 * panic() prints the message, the stack and the task list, then stops the
 * machine (frame_halt_panic). Assertions state kernel invariants; they are
 * never used on values user space controls, which get an error instead.
 */
#pragma once

#include <kernel/types.h>

__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define KASSERT(cond)							\
	do {								\
		if (unlikely(!(cond))) {				\
			panic("assertion failed: %s (%s:%d)", #cond,	\
			      __FILE__, __LINE__);			\
		}							\
	} while (0)

/* Hook the scheduler installs to print its tasks in a panic. */
void panic_set_dump_hook(void (*hook)(void));

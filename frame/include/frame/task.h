/*
 * Kernel execution contexts and the switch between them.
 *
 * A context is a kernel stack plus saved callee-saved registers. The
 * scheduler (policy) is in the kernel; the frame only creates, switches and
 * destroys contexts. Stacks have a guard page below them.
 */
#pragma once

#include <frame/types.h>

struct frame_context;

/*
 * Create a context that will run entry(arg) on a fresh stack the first time
 * it is switched to, with interrupts disabled. entry must not return; it
 * ends with frame_context_exit(). Returns NULL when memory is exhausted.
 * May be called from any task context; never sleeps.
 */
struct frame_context *frame_context_create(void (*entry)(void *arg),
					   void *arg);

/* Free a context that has exited and is not running. */
void frame_context_destroy(struct frame_context *ctx);

/* The context running now (the boot context inside kernel_main). */
struct frame_context *frame_context_current(void);

/* A small number naming the context: 0 for boot, then 1, 2, ... */
uint64_t frame_context_id(const struct frame_context *ctx);

/*
 * Save the current context in from and resume to. Called and returns with
 * interrupts disabled and no spinlock held.
 */
void frame_context_switch(struct frame_context *from,
			  struct frame_context *to);

/*
 * Leave the current context for good and resume to. The caller arranges for
 * someone else to frame_context_destroy() it. Interrupts disabled.
 */
frame_noreturn void frame_context_exit(struct frame_context *from,
				       struct frame_context *to);

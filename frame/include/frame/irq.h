/*
 * Interrupts: the local enable flag and interrupt lines.
 *
 * Handlers run in interrupt context: interrupts disabled, on the interrupted
 * task's stack or an interrupt stack, never allowed to sleep. After the
 * handlers of an interrupt have run, and before the interrupted code resumes,
 * the frame calls the exit hook, still with interrupts disabled; the kernel
 * uses it to preempt the interrupted task.
 *
 * On the host frame interrupts are delivered only at interrupt windows:
 * when they are enabled, in frame_cpu_relax() and while idle. Code that
 * waits for an interrupt must therefore spin on frame_cpu_relax(), which
 * is what it should do on hardware too.
 */
#pragma once

#include <frame/types.h>

typedef unsigned long frame_irqflags_t;

/* Disable interrupts on this CPU and return the previous state. */
frame_irqflags_t frame_irq_save(void);

/* Restore a state returned by frame_irq_save(); may deliver interrupts. */
void frame_irq_restore(frame_irqflags_t flags);

void frame_irq_enable(void);
void frame_irq_disable(void);
bool frame_irq_enabled(void);

/* True while running an interrupt handler (not the exit hook). */
bool frame_in_irq(void);

typedef void (*frame_irq_handler_t)(unsigned int line, void *arg);

/*
 * Attach a handler to an ISA interrupt line (0-15). Returns 0, -EINVAL for
 * a bad line, -EBUSY if it already has a handler.
 */
int frame_irq_attach(unsigned int line, frame_irq_handler_t fn, void *arg);
void frame_irq_detach(unsigned int line);

/* Install the hook run at the end of every interrupt (see above). */
void frame_irq_set_exit_hook(void (*hook)(void));

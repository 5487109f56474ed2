/*
 * Interrupt lines as drivers take them: the frame's frame_irq_attach()
 * with a name, and a count of the interrupts each line has delivered, for
 * /proc/interrupts.
 */
#pragma once

#include <frame/irq.h>

#include <kernel/types.h>

#define IRQ_LINES 32

/* As frame_irq_attach(); name (static) is what /proc/interrupts shows. */
int irq_attach(unsigned int line, const char *name, frame_irq_handler_t fn,
	       void *arg);
void irq_detach(unsigned int line);

/* Line's name and count; false if nothing is attached to it. */
bool irq_line_info(unsigned int line, const char **name,
		   unsigned long *count);

/* Interrupts of the kernel's timer so far (Linux's "LOC"). */
unsigned long timer_interrupt_count(void);

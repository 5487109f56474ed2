/*
 * Interrupt lines (frame/irq.h), the part both frames share: the handler
 * table of the 16 ISA lines, which are edge-triggered, and PCI INTx lines,
 * which are level-triggered. Routing a line is the frame's (fc_irq_route).
 */
#include <frame/irq.h>
#include <frame/spinlock.h>

#include "internal.h"

struct line {
	frame_irq_handler_t fn;
	void *arg;
	bool level;
};

static struct line lines[FC_NR_LINES];
static frame_spinlock_t lines_lock = FRAME_SPINLOCK_INIT("irq_lines");

static int line_attach(unsigned int line, frame_irq_handler_t fn, void *arg,
		       bool level)
{
	frame_irqflags_t flags;
	int err = 0;

	if (line >= FC_NR_LINES || !fn) {
		return -EINVAL;
	}
	flags = frame_spin_lock(&lines_lock);
	if (lines[line].fn) {
		err = -EBUSY;
	} else {
		lines[line] = (struct line){ fn, arg, level };
		fc_irq_route(line, true, level);
	}
	frame_spin_unlock(&lines_lock, flags);
	return err;
}

int frame_irq_attach(unsigned int line, frame_irq_handler_t fn, void *arg)
{
	return line_attach(line, fn, arg, false);
}

int fc_intx_attach(unsigned int line, frame_irq_handler_t fn, void *arg)
{
	return line_attach(line, fn, arg, true);
}

void frame_irq_detach(unsigned int line)
{
	frame_irqflags_t flags;

	if (line >= FC_NR_LINES) {
		return;
	}
	flags = frame_spin_lock(&lines_lock);
	fc_irq_route(line, false, false);
	lines[line].fn = NULL;
	frame_spin_unlock(&lines_lock, flags);
}

void fc_intx_detach(unsigned int line)
{
	frame_irq_detach(line);
}

void fc_irq_line_dispatch(unsigned int line)
{
	if (line < FC_NR_LINES && lines[line].fn) {
		lines[line].fn(line, lines[line].arg);
	}
}

bool fc_irq_line_level(unsigned int line)
{
	return line < FC_NR_LINES && lines[line].fn && lines[line].level;
}

bool fc_irq_any_attached(void)
{
	for (unsigned int i = 0; i < FC_NR_LINES; i++) {
		if (lines[i].fn) {
			return true;
		}
	}
	return false;
}

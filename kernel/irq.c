/*
 * Named, counted interrupt lines (kernel/irq.h).
 */
#include <kernel/irq.h>

struct irq_line {
	const char *name;		/* NULL: free */
	frame_irq_handler_t fn;
	void *arg;
	unsigned long count;		/* atomic */
};

static struct irq_line lines[IRQ_LINES];

static void dispatch(unsigned int line, void *arg)
{
	struct irq_line *l = arg;

	__atomic_add_fetch(&l->count, 1, __ATOMIC_RELAXED);
	l->fn(line, l->arg);
}

int irq_attach(unsigned int line, const char *name, frame_irq_handler_t fn,
	       void *arg)
{
	struct irq_line *l;
	int err;

	if (line >= IRQ_LINES || !name) {
		return -EINVAL;
	}
	l = &lines[line];
	if (__atomic_load_n(&l->name, __ATOMIC_ACQUIRE)) {
		return -EBUSY;
	}
	l->fn = fn;
	l->arg = arg;
	l->count = 0;
	err = frame_irq_attach(line, dispatch, l);
	if (!err) {
		__atomic_store_n(&l->name, name, __ATOMIC_RELEASE);
	}
	return err;
}

void irq_detach(unsigned int line)
{
	if (line < IRQ_LINES) {
		frame_irq_detach(line);
		__atomic_store_n(&lines[line].name, NULL, __ATOMIC_RELEASE);
	}
}

bool irq_line_info(unsigned int line, const char **name,
		   unsigned long *count)
{
	if (line >= IRQ_LINES) {
		return false;
	}
	*name = __atomic_load_n(&lines[line].name, __ATOMIC_ACQUIRE);
	*count = __atomic_load_n(&lines[line].count, __ATOMIC_RELAXED);
	return *name != NULL;
}

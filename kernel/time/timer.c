/*
 * Kernel timers (kernel/timer.h): a deadline-sorted list on the frame's
 * one-shot timer, which is always armed for the earliest pending deadline
 * and disarmed when nothing is pending.
 */
#include <frame/spinlock.h>
#include <frame/time.h>

#include <kernel/irq.h>
#include <kernel/panic.h>
#include <kernel/timer.h>

/* timer_lock protects the pending list and every ktimer's node/pending. */
static frame_spinlock_t timer_lock = FRAME_SPINLOCK_INIT("timer");
static struct list_head pending_list = LIST_HEAD_INIT(pending_list);

/* Program the frame timer for the first deadline; timer_lock held. */
static void reprogram(void)
{
	if (list_empty(&pending_list)) {
		frame_timer_disarm();
		return;
	}
	frame_timer_arm(list_first_entry(&pending_list, struct ktimer,
					 node)->deadline);
}

static unsigned long interrupts;	/* atomic */

unsigned long timer_interrupt_count(void)
{
	return __atomic_load_n(&interrupts, __ATOMIC_RELAXED);
}

static void timer_interrupt(void)
{
	uint64_t now = frame_clock_ns();
	frame_irqflags_t flags;

	__atomic_add_fetch(&interrupts, 1, __ATOMIC_RELAXED);
	flags = frame_spin_lock(&timer_lock);

	while (!list_empty(&pending_list)) {
		struct ktimer *t = list_first_entry(&pending_list,
						    struct ktimer, node);

		if (t->deadline > now) {
			break;
		}
		list_del(&t->node);
		t->pending = false;
		/* The callback may re-arm t or others: drop the lock. */
		frame_spin_unlock(&timer_lock, flags);
		t->fn(t);
		flags = frame_spin_lock(&timer_lock);
	}
	reprogram();
	frame_spin_unlock(&timer_lock, flags);
}

void timer_init(void)
{
	frame_timer_set_handler(timer_interrupt);
}

void ktimer_init(struct ktimer *t, void (*fn)(struct ktimer *t))
{
	t->fn = fn;
	t->pending = false;
	t->deadline = 0;
	list_init(&t->node);
}

void ktimer_arm(struct ktimer *t, uint64_t deadline)
{
	frame_irqflags_t flags = frame_spin_lock(&timer_lock);
	struct ktimer *pos;

	if (t->pending) {
		list_del(&t->node);
	}
	t->deadline = deadline;
	t->pending = true;
	/* After every timer with the same deadline: expiry stays FIFO. */
	list_for_each_entry(pos, &pending_list, node) {
		if (pos->deadline > deadline) {
			break;
		}
	}
	list_add_tail(&t->node, &pos->node);
	reprogram();
	frame_spin_unlock(&timer_lock, flags);
}

bool ktimer_cancel(struct ktimer *t)
{
	frame_irqflags_t flags = frame_spin_lock(&timer_lock);
	bool was = t->pending;

	if (was) {
		list_del(&t->node);
		t->pending = false;
		reprogram();
	}
	frame_spin_unlock(&timer_lock, flags);
	return was;
}

uint64_t time_now_ns(void)
{
	return frame_clock_ns();
}

/*
 * Frame conformance: the local interrupt flag, interrupt context and
 * interrupt lines (frame/irq.h). A kernel timer stands in for an interrupt
 * source, since its callback runs in the frame's timer interrupt.
 */
#include <frame/cpu.h>
#include <frame/irq.h>
#include <frame/time.h>

#include <kernel/ktest.h>
#include <kernel/timer.h>

/* An ISA line nothing on either frame uses. */
#define SPARE_IRQ_LINE 10

/*
 * How long a due timer may take to arrive. The host frame delivers it at
 * the next interrupt window; emulated hardware can lag by milliseconds.
 */
#define IRQ_LATENCY_NS (100 * NSEC_PER_MSEC)

/* What a timer callback saw of its context. */
struct irq_probe {
	struct ktimer timer;
	bool fired;
	bool in_irq;
	bool irq_enabled;
};

static void probe_fire(struct ktimer *timer)
{
	struct irq_probe *p = container_of(timer, struct irq_probe, timer);

	p->in_irq = frame_in_irq();
	p->irq_enabled = frame_irq_enabled();
	__atomic_store_n(&p->fired, true, __ATOMIC_RELEASE);
}

/* Spin through interrupt windows for ns of clock time or until *flag. */
static void relax_for(uint64_t ns, const bool *flag)
{
	uint64_t limit = frame_clock_ns() + ns;

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE) &&
	       frame_clock_ns() < limit) {
		frame_cpu_relax();
	}
}

/* Arm a probe for now and spin through interrupt windows until it runs. */
static bool run_probe(struct irq_probe *p)
{
	*p = (struct irq_probe){ .fired = false };
	ktimer_init(&p->timer, probe_fire);
	ktimer_arm(&p->timer, frame_clock_ns());
	relax_for(IRQ_LATENCY_NS, &p->fired);
	ktimer_cancel(&p->timer);
	return p->fired;
}

KTEST(frame_irq, interrupts_are_enabled_in_a_task)
{
	KT_EXPECT(t, frame_irq_enabled());
}

KTEST(frame_irq, save_disables_and_restore_reenables)
{
	frame_irqflags_t flags = frame_irq_save();
	bool off = !frame_irq_enabled();

	frame_irq_restore(flags);
	KT_EXPECT(t, off);
	KT_EXPECT(t, frame_irq_enabled());
}

KTEST(frame_irq, save_returns_the_previous_state)
{
	frame_irqflags_t was_on = frame_irq_save();
	frame_irqflags_t was_off = frame_irq_save();

	frame_irq_restore(was_off);
	KT_EXPECT(t, !frame_irq_enabled());
	frame_irq_restore(was_on);
	KT_EXPECT(t, frame_irq_enabled());
	KT_EXPECT(t, was_on != was_off);
}

KTEST(frame_irq, nested_saves_restore_in_reverse_order)
{
	frame_irqflags_t outer = frame_irq_save();
	frame_irqflags_t middle = frame_irq_save();
	frame_irqflags_t inner = frame_irq_save();
	bool after_inner, after_middle;

	frame_irq_restore(inner);
	after_inner = frame_irq_enabled();
	frame_irq_restore(middle);
	after_middle = frame_irq_enabled();
	frame_irq_restore(outer);
	KT_EXPECT(t, !after_inner);
	KT_EXPECT(t, !after_middle);
	KT_EXPECT(t, frame_irq_enabled());
}

KTEST(frame_irq, disable_and_enable_set_the_flag)
{
	frame_irq_disable();
	KT_EXPECT(t, !frame_irq_enabled());
	frame_irq_disable();
	KT_EXPECT(t, !frame_irq_enabled());
	frame_irq_enable();
	KT_EXPECT(t, frame_irq_enabled());
}

KTEST(frame_irq, not_in_irq_in_task_context)
{
	frame_irqflags_t flags;

	KT_EXPECT(t, !frame_in_irq());

	/* Masking interrupts does not make a task an interrupt handler. */
	flags = frame_irq_save();
	KT_EXPECT(t, !frame_in_irq());
	frame_irq_restore(flags);
}

KTEST(frame_irq, timer_callback_runs_in_irq_context)
{
	struct irq_probe p;

	KT_ASSERT(t, run_probe(&p));
	KT_EXPECT(t, p.in_irq);
	KT_EXPECT(t, !frame_in_irq());
}

KTEST(frame_irq, handlers_run_with_interrupts_disabled)
{
	struct irq_probe p;

	KT_ASSERT(t, run_probe(&p));
	KT_EXPECT(t, !p.irq_enabled);
	KT_EXPECT(t, frame_irq_enabled());
}

KTEST(frame_irq, masked_interrupt_waits_for_enable)
{
	struct irq_probe p = { .fired = false };
	frame_irqflags_t flags;
	bool fired_while_masked;

	ktimer_init(&p.timer, probe_fire);
	flags = frame_irq_save();
	ktimer_arm(&p.timer, frame_clock_ns());
	relax_for(10 * NSEC_PER_MSEC, &p.fired);
	fired_while_masked = __atomic_load_n(&p.fired, __ATOMIC_ACQUIRE);
	frame_irq_restore(flags);

	/* The timer is long due: unmasking lets it in. */
	relax_for(IRQ_LATENCY_NS, &p.fired);
	ktimer_cancel(&p.timer);
	KT_EXPECT(t, !fired_while_masked);
	KT_EXPECT(t, p.fired);
}

static void spare_handler(unsigned int line, void *arg)
{
}

KTEST(frame_irq, attach_rejects_a_line_out_of_range)
{
	KT_EXPECT_EQ(t, frame_irq_attach(16, spare_handler, NULL), -EINVAL);
	KT_EXPECT_EQ(t, frame_irq_attach(~0U, spare_handler, NULL), -EINVAL);
}

KTEST(frame_irq, attach_rejects_a_busy_line_until_detached)
{
	KT_ASSERT_EQ(t, frame_irq_attach(SPARE_IRQ_LINE, spare_handler, NULL),
		     0);
	KT_EXPECT_EQ(t, frame_irq_attach(SPARE_IRQ_LINE, spare_handler, NULL),
		     -EBUSY);
	frame_irq_detach(SPARE_IRQ_LINE);
	KT_EXPECT_EQ(t, frame_irq_attach(SPARE_IRQ_LINE, spare_handler, NULL),
		     0);
	frame_irq_detach(SPARE_IRQ_LINE);
}

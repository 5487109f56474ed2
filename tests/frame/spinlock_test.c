/*
 * Frame conformance: spinlocks (frame/spinlock.h).
 */
#include <frame/irq.h>
#include <frame/spinlock.h>

#include <kernel/ktest.h>

KTEST(frame_spinlock, lock_disables_interrupts_and_unlock_restores)
{
	frame_spinlock_t lock = FRAME_SPINLOCK_INIT("test");
	frame_irqflags_t flags = frame_spin_lock(&lock);
	bool off = !frame_irq_enabled();

	frame_spin_unlock(&lock, flags);
	KT_EXPECT(t, off);
	KT_EXPECT(t, frame_irq_enabled());
}

KTEST(frame_spinlock, unlock_keeps_interrupts_off_if_they_were)
{
	frame_spinlock_t lock;
	frame_irqflags_t outer, flags;
	bool on_after;

	frame_spin_init(&lock, "test");
	outer = frame_irq_save();
	flags = frame_spin_lock(&lock);
	frame_spin_unlock(&lock, flags);
	on_after = frame_irq_enabled();
	frame_irq_restore(outer);
	KT_EXPECT(t, !on_after);
}

KTEST(frame_spinlock, owned_only_while_held)
{
	frame_spinlock_t lock = FRAME_SPINLOCK_INIT("test");
	frame_irqflags_t flags;
	bool owned;

	KT_EXPECT(t, !frame_spin_owned(&lock));
	flags = frame_spin_lock(&lock);
	owned = frame_spin_owned(&lock);
	frame_spin_unlock(&lock, flags);
	KT_EXPECT(t, owned);
	KT_EXPECT(t, !frame_spin_owned(&lock));
}

KTEST(frame_spinlock, held_counts_nested_locks)
{
	frame_spinlock_t a = FRAME_SPINLOCK_INIT("a");
	frame_spinlock_t b = FRAME_SPINLOCK_INIT("b");
	unsigned int base = frame_spin_held();
	unsigned int with_a, with_both, after_b;
	frame_irqflags_t fa, fb;
	bool a_owned, b_owned;

	fa = frame_spin_lock(&a);
	with_a = frame_spin_held();
	fb = frame_spin_lock(&b);
	with_both = frame_spin_held();
	a_owned = frame_spin_owned(&a);
	b_owned = frame_spin_owned(&b);
	frame_spin_unlock(&b, fb);
	after_b = frame_spin_held();
	frame_spin_unlock(&a, fa);

	KT_EXPECT_EQ(t, base, 0);
	KT_EXPECT_EQ(t, with_a, base + 1);
	KT_EXPECT_EQ(t, with_both, base + 2);
	KT_EXPECT(t, a_owned && b_owned);
	KT_EXPECT_EQ(t, after_b, base + 1);
	KT_EXPECT_EQ(t, frame_spin_held(), base);
}

KTEST(frame_spinlock, inner_unlock_keeps_interrupts_off)
{
	frame_spinlock_t a = FRAME_SPINLOCK_INIT("a");
	frame_spinlock_t b = FRAME_SPINLOCK_INIT("b");
	frame_irqflags_t fa = frame_spin_lock(&a);
	frame_irqflags_t fb = frame_spin_lock(&b);
	bool on_between;

	frame_spin_unlock(&b, fb);
	on_between = frame_irq_enabled();
	frame_spin_unlock(&a, fa);
	KT_EXPECT(t, !on_between);
	KT_EXPECT(t, frame_irq_enabled());
}

KTEST(frame_spinlock, a_released_lock_can_be_taken_again)
{
	frame_spinlock_t lock = FRAME_SPINLOCK_INIT("test");

	for (int i = 0; i < 3; i++) {
		frame_irqflags_t flags = frame_spin_lock(&lock);

		frame_spin_unlock(&lock, flags);
	}
	KT_EXPECT(t, !frame_spin_owned(&lock));
	KT_EXPECT_EQ(t, frame_spin_held(), 0);
}

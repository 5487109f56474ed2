/*
 * Time: a monotonic clock, a one-shot timer and the wall clock.
 *
 * On the host frame the clock is virtual by default: every interrupt window
 * advances it by a fixed quantum and an idle CPU jumps to the next timer
 * deadline, so runs are deterministic and unaffected by Valgrind's slowdown.
 */
#pragma once

#include <frame/types.h>

/* Nanoseconds since boot; never goes backwards. Callable anywhere. */
uint64_t frame_clock_ns(void);

/* Wall-clock time, nanoseconds since the Unix epoch. */
int64_t frame_wallclock_ns(void);

/*
 * Install the timer interrupt handler, called in interrupt context when the
 * armed deadline has passed.
 */
void frame_timer_set_handler(void (*fn)(void));

/*
 * Arm this CPU's one-shot timer for deadline_ns (frame_clock_ns() time),
 * replacing any earlier deadline. A deadline in the past fires at the next
 * interrupt window. Never sleeps.
 */
void frame_timer_arm(uint64_t deadline_ns);
void frame_timer_disarm(void);

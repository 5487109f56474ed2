/*
 * Interrupts, time and the CPU on the host frame.
 *
 * No host signal ever interrupts the kernel. An interrupt is a bit in a
 * pending set, delivered only at an interrupt window: when interrupts are
 * enabled or restored, in frame_cpu_relax() with interrupts on, and while
 * idle. The virtual clock (the default) advances by a fixed quantum at every
 * window, so a task that never sleeps still meets its timer tick, and jumps
 * to the next deadline when the CPU idles; nothing depends on host timing.
 * The quantum varies from window to window as a PRNG seeded by --seed
 * decides: one seed is one reproducible timing schedule, and other seeds
 * shake out code that depends on where the tick happens to land.
 *
 * Every interrupt delivered and every context switch is folded into an event
 * hash (kind, number, virtual time), printed at power-off, which shows that
 * runs with one seed are identical across builds.
 */
#include <errno.h>
#include <time.h>

#include <frame/cpu.h>
#include <frame/irq.h>
#include <frame/time.h>

#include "internal.h"

#define TIMER_BIT 16
#define QUANTUM_MIN_NS 500		/* virtual time per window: */
#define QUANTUM_SPAN_NS 1000		/* 500 to 1499 ns, by the seed */
#define EPOCH_NS 1767225600000000000LL	/* 2026-01-01, virtual wall clock */
#define POLL_EVERY 1024			/* windows between input polls */

static bool irq_on;
static bool in_irq;
static uint64_t pending;	/* lines 0-15, timer 16, MSI vectors 32-63 */
static void (*exit_hook)(void);
static void (*timer_fn)(void);
static bool timer_armed;
static uint64_t deadline;
static uint64_t vclock;
static uint64_t real_base;
static uint64_t prng_state;
static unsigned int windows;
static uint64_t hash = 0xcbf29ce484222325ULL;	/* FNV-1a offset basis */
static uint64_t nevents;

static uint64_t host_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void hf_irq_init(void)
{
	real_base = host_ns(CLOCK_MONOTONIC);
	/* splitmix64 of the seed, so that seeds 1 and 2 start far apart */
	prng_state = hf_cfg->seed + 0x9e3779b97f4a7c15ULL;
	prng_state = (prng_state ^ (prng_state >> 30)) * 0xbf58476d1ce4e5b9ULL;
	prng_state = (prng_state ^ (prng_state >> 27)) * 0x94d049bb133111ebULL;
	prng_state ^= prng_state >> 31;
	if (!prng_state) {
		prng_state = 1;
	}
}

/* xorshift64 */
static uint64_t prng_next(void)
{
	prng_state ^= prng_state << 13;
	prng_state ^= prng_state >> 7;
	prng_state ^= prng_state << 17;
	return prng_state;
}

static void hash_u64(uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		hash ^= (v >> (8 * i)) & 0xff;
		hash *= 0x100000001b3ULL;	/* FNV prime */
	}
}

void hf_hash_event(uint64_t kind, uint64_t a)
{
	hash_u64(kind);
	hash_u64(a);
	hash_u64(frame_clock_ns());
	nevents++;
}

uint64_t hf_event_hash(void)
{
	return hash;
}

uint64_t hf_event_count(void)
{
	return nevents;
}

uint64_t frame_clock_ns(void)
{
	if (hf_cfg->clock == HF_CLOCK_VIRTUAL) {
		return vclock;
	}
	return host_ns(CLOCK_MONOTONIC) - real_base;
}

int64_t frame_wallclock_ns(void)
{
	if (hf_cfg->clock == HF_CLOCK_VIRTUAL) {
		return EPOCH_NS + (int64_t)vclock;
	}
	return (int64_t)host_ns(CLOCK_REALTIME);
}

void frame_timer_set_handler(void (*fn)(void))
{
	timer_fn = fn;
}

void frame_timer_arm(uint64_t deadline_ns)
{
	deadline = deadline_ns;
	timer_armed = true;
}

void frame_timer_disarm(void)
{
	timer_armed = false;
}

static void check_timer(void)
{
	if (timer_armed && frame_clock_ns() >= deadline) {
		timer_armed = false;
		pending |= 1ULL << TIMER_BIT;
	}
}

/* Run pending handlers; called with irq_on set and not in a handler. */
static void deliver(void)
{
	while (pending && irq_on && !in_irq) {
		uint64_t set = pending;

		pending = 0;
		irq_on = false;
		in_irq = true;
		for (unsigned int line = 0; line < 64; line++) {
			if (!(set & (1ULL << line))) {
				continue;
			}
			hf_hash_event(2, line);
			if (line == TIMER_BIT) {
				if (timer_fn) {
					timer_fn();
				}
			} else if (line >= 32) {
				fc_pci_msi_interrupt(line);
			} else {
				fc_irq_line_dispatch(line);
			}
		}
		in_irq = false;
		if (exit_hook) {
			exit_hook();
		}
		irq_on = true;
	}
}

/*
 * User code ran for ns of host time without trapping: on the virtual clock
 * that much virtual time passes too (on the real clock it already has).
 */
void hf_time_pass(uint64_t ns)
{
	if (hf_cfg->clock == HF_CLOCK_VIRTUAL) {
		vclock += ns;
	}
}

/* An interrupt window: time passes, pending interrupts are delivered. */
void hf_window(void)
{
	if (hf_cfg->clock == HF_CLOCK_VIRTUAL) {
		vclock += QUANTUM_MIN_NS + prng_next() % QUANTUM_SPAN_NS;
	}
	check_timer();
	/* Input is polled now and then, so a busy kernel still sees it. */
	if (++windows % POLL_EVERY == 0 && hf_events_watched()) {
		hf_events_poll(0);
	}
	if (irq_on) {
		deliver();
	}
}

frame_irqflags_t frame_irq_save(void)
{
	frame_irqflags_t was = irq_on;

	irq_on = false;
	return was;
}

void frame_irq_restore(frame_irqflags_t flags)
{
	if (flags && !irq_on) {
		irq_on = true;
		hf_window();
	}
}

void frame_irq_enable(void)
{
	frame_irq_restore(1);
}

void frame_irq_disable(void)
{
	irq_on = false;
}

bool frame_irq_enabled(void)
{
	return irq_on;
}

bool frame_in_irq(void)
{
	return in_irq;
}

/* Lines go straight from device models to the pending set. */
void fc_irq_route(unsigned int line, bool enabled, bool level)
{
}

void frame_irq_set_exit_hook(void (*hook)(void))
{
	exit_hook = hook;
}

void hf_irq_raise(unsigned int line)
{
	if (line < FC_NR_LINES) {
		pending |= 1ULL << line;
	}
}

void hf_irq_raise_vector(unsigned int vector)
{
	if (vector >= 32 && vector < 64) {
		pending |= 1ULL << vector;
	}
}

unsigned int frame_cpu_id(void)
{
	return 0;
}

unsigned int frame_cpu_count(void)
{
	return 1;
}

void frame_cpu_relax(void)
{
	hf_window();
}

/*
 * The virtual clock while idle with input open: the outside world runs in
 * real time, so let virtual time pass at real speed, up to the deadline,
 * while waiting for input. (With no input open the jump is instant, which
 * keeps runs deterministic.)
 */
static void idle_virtual_with_input(void)
{
	uint64_t start = host_ns(CLOCK_MONOTONIC), waited;
	uint64_t left = deadline > vclock ? deadline - vclock : 0;

	hf_events_poll((int)((left + 999999) / 1000000));
	waited = host_ns(CLOCK_MONOTONIC) - start;
	vclock += waited < left ? waited : left;
	if (!pending) {
		vclock = vclock < deadline ? deadline : vclock;
	}
}

/*
 * Idle: deliver what is pending; otherwise let time pass to the timer's
 * deadline (at once on the virtual clock with no input open), or wait for
 * input. With neither a timer nor watched input, nothing can ever raise an
 * interrupt: that is a deadlock, for the kernel to report.
 */
int frame_cpu_idle(void)
{
	for (;;) {
		check_timer();
		if (hf_events_watched()) {
			hf_events_poll(0);
		}
		if (pending) {
			break;
		}
		if (!timer_armed && !hf_events_watched()) {
			return -EDEADLK;
		}
		if (!timer_armed) {
			hf_events_poll(-1);
		} else if (hf_cfg->clock == HF_CLOCK_VIRTUAL &&
			   hf_events_watched()) {
			idle_virtual_with_input();
		} else if (hf_cfg->clock == HF_CLOCK_VIRTUAL) {
			if (vclock < deadline) {
				vclock = deadline;
			}
		} else {
			uint64_t now = frame_clock_ns();
			int ms = deadline > now ?
				(int)((deadline - now + 999999) / 1000000) : 0;

			hf_events_poll(ms);
		}
	}
	irq_on = true;
	deliver();
	irq_on = false;
	return 0;
}

int frame_cpu_call(uint64_t mask, void (*fn)(void *), void *arg, bool wait)
{
	bool was_in_irq = in_irq;
	frame_irqflags_t flags;

	(void)wait;
	if (!(mask & 1)) {
		return -EINVAL;
	}
	flags = frame_irq_save();
	in_irq = true;
	fn(arg);
	in_irq = was_in_irq;
	frame_irq_restore(flags);
	return 0;
}

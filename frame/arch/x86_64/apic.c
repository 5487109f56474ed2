/*
 * Interrupt controllers and time on bare metal.
 *
 * The legacy PICs are remapped and masked; the local APIC takes the timer
 * (one-shot mode) and the I/O APIC routes ISA lines. The monotonic clock
 * is the TSC, calibrated at boot against PIT channel 2 together with the
 * APIC timer; the wall clock is the CMOS RTC read at boot plus the
 * monotonic clock since.
 *
 * Known shortcoming: the I/O APIC address and the ISA-to-GSI routing are
 * the PC defaults, not read from ACPI's MADT; QEMU's machines match them.
 */
#include <frame/time.h>

#include "arch.h"
#include "x86.h"

#define LAPIC_EOI	0xb0
#define LAPIC_SVR	0xf0
#define LAPIC_TPR	0x80
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_LINT1	0x360
#define LAPIC_LVT_ERROR	0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR	0x390
#define LAPIC_TIMER_DIV	0x3e0
#define LVT_MASKED	(1U << 16)
#define MSR_APIC_BASE	0x1b
#define APIC_BASE_ENABLE (1U << 11)
#define IOAPIC_PHYS	0xfec00000
#define PIT_HZ		1193182
#define CALIBRATE_MS	10

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
static uint64_t tsc_base, tsc_mult;		/* ns = (tsc * mult) >> 32 */
static uint64_t lapic_mult;			/* ticks = (ns * mult) >> 32 */
static int64_t wall_base_ns;			/* wall time at clock 0 */
static void (*timer_fn)(void);
static bool timer_armed;

static uint32_t lapic_read(unsigned int reg)
{
	return lapic[reg / 4];
}

static void lapic_write(unsigned int reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

void apic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

static void pic_disable(void)
{
	/* Remap both PICs to 0x20-0x2f, away from exceptions, then mask. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 0x20);
	outb(0xa1, 0x28);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* Count TSC and APIC timer ticks over CALIBRATE_MS of PIT channel 2. */
static void calibrate(void)
{
	uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t tsc0, tsc1, tsc_hz, lapic_hz;
	uint32_t left;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xb0);			/* ch 2, lo/hi, mode 0 */
	outb(0x42, count & 0xff);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	tsc0 = rdtsc();
	outb(0x42, count >> 8);			/* counting starts here */
	while (!(inb(0x61) & 0x20)) {
		__builtin_ia32_pause();
	}
	tsc1 = rdtsc();
	left = lapic_read(LAPIC_TIMER_CUR);
	lapic_write(LAPIC_TIMER_INIT, 0);

	tsc_hz = (tsc1 - tsc0) * (1000 / CALIBRATE_MS);
	lapic_hz = (uint64_t)(0xffffffffU - left) * (1000 / CALIBRATE_MS);
	if (!tsc_hz || !lapic_hz) {
		fc_fatal("timer calibration failed", NULL, tsc_hz);
	}
	tsc_mult = (1000000000ULL << 32) / tsc_hz;
	lapic_mult = (lapic_hz << 32) / 1000000000ULL;
	tsc_base = rdtsc();
}

static unsigned int bcd(unsigned int v, bool binary)
{
	return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

static unsigned int cmos(unsigned int reg)
{
	outb(0x70, (uint8_t)reg);
	return inb(0x71);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void rtc_read(void)
{
	unsigned int s, mi, h, d, mo, y, b;
	bool binary;
	int64_t secs;

	while (cmos(0x0a) & 0x80) {
		__builtin_ia32_pause();		/* update in progress */
	}
	s = cmos(0x00);
	mi = cmos(0x02);
	h = cmos(0x04);
	d = cmos(0x07);
	mo = cmos(0x08);
	y = cmos(0x09);
	b = cmos(0x0b);
	binary = b & 0x04;
	if (!(b & 0x02) && (h & 0x80)) {
		h = (bcd(h & 0x7f, binary) % 12) + 12;	/* 12-hour PM */
	} else {
		h = bcd(h, binary);
	}
	secs = days_from_civil(2000 + bcd(y, binary), bcd(mo, binary),
			       bcd(d, binary)) * 86400 +
	       h * 3600 + bcd(mi, binary) * 60 + bcd(s, binary);
	wall_base_ns = secs * 1000000000LL - (int64_t)frame_clock_ns();
}

/*
 * Route an ISA line to vector on the boot CPU. ISA devices are edge
 * triggered; PCI INTx lines are level triggered, and on QEMU's PC the
 * firmware's tables declare them active high.
 */
void ioapic_route(unsigned int line, unsigned int vector, bool masked,
		  bool level)
{
	unsigned int pin = line == 0 ? 2 : line;	/* PC: IRQ0 is GSI 2 */

	ioapic[0] = 0x10 + 2 * pin + 1;
	ioapic[4] = 0;					/* to APIC 0 */
	ioapic[0] = 0x10 + 2 * pin;
	ioapic[4] = vector | (masked ? LVT_MASKED : 0) |
		    (level ? 1U << 15 : 0);
}

void apic_init(void)
{
	uint64_t base;

	if (!cpu_features.apic) {
		fc_fatal("no local APIC: this frame needs one", NULL, 0);
	}
	pic_disable();
	base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic = mmio_map(base & 0xfffff000, FRAME_PAGE_SIZE);
	ioapic = mmio_map(IOAPIC_PHYS, FRAME_PAGE_SIZE);

	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, 0x100 | VECTOR_SPURIOUS);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	lapic_write(LAPIC_TIMER_DIV, 0x3);		/* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, VECTOR_TIMER);	/* one-shot */
	for (unsigned int line = 0; line < 16; line++) {
		ioapic_route(line, VECTOR_IRQ_BASE + line, true, false);
	}
	calibrate();
	rtc_read();
}

uint64_t frame_clock_ns(void)
{
	return (uint64_t)(((unsigned __int128)(rdtsc() - tsc_base) *
			   tsc_mult) >> 32);
}

int64_t frame_wallclock_ns(void)
{
	return wall_base_ns + (int64_t)frame_clock_ns();
}

void frame_timer_set_handler(void (*fn)(void))
{
	timer_fn = fn;
}

void frame_timer_arm(uint64_t deadline_ns)
{
	uint64_t now = frame_clock_ns();
	uint64_t ticks = 1;

	if (deadline_ns > now) {
		ticks = (uint64_t)(((unsigned __int128)(deadline_ns - now) *
				    lapic_mult) >> 32);
		ticks = ticks ? ticks : 1;
		/* Too far: fire early, the kernel re-arms for the rest. */
		ticks = ticks > 0xffffffffU ? 0xffffffffU : ticks;
	}
	timer_armed = true;
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)ticks);
}

void frame_timer_disarm(void)
{
	timer_armed = false;
	lapic_write(LAPIC_TIMER_INIT, 0);
}

bool apic_timer_armed(void)
{
	return timer_armed;
}

void apic_timer_interrupt(void)
{
	timer_armed = false;
	if (timer_fn) {
		timer_fn();
	}
}

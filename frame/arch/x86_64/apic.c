/*
 * Interrupt controllers and time on bare metal.
 *
 * With a local APIC (CPUID says), the legacy PICs are remapped and masked,
 * the local APIC's timer runs in one-shot mode and the I/O APIC routes ISA
 * lines. Without one, the fallback is the PC's own: the two 8259 PICs
 * deliver the lines and PIT channel 0, in one-shot mode, is the timer
 * (and no MSI). Either way the monotonic clock is the TSC, calibrated at
 * boot against PIT channel 2; the wall clock is the CMOS RTC read at boot
 * plus the monotonic clock since.
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
#define PIC1		0x20
#define PIC2		0xa0
#define PIC_EOI		0x20
#define ELCR1		0x4d0
#define ELCR2		0x4d1

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;
static uint64_t tsc_base, tsc_mult;		/* ns = (tsc * mult) >> 32 */
static uint64_t lapic_mult;			/* ticks = (ns * mult) >> 32 */
static int64_t wall_base_ns;			/* wall time at clock 0 */
static void (*timer_fn)(void);
static bool timer_armed;
static bool pic_mode;				/* no local APIC */

static uint32_t lapic_read(unsigned int reg)
{
	return lapic[reg / 4];
}

static void lapic_write(unsigned int reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

void apic_eoi(uint64_t vector)
{
	if (!pic_mode) {
		lapic_write(LAPIC_EOI, 0);
		return;
	}
	if (vector >= VECTOR_IRQ_BASE + 8 && vector < VECTOR_IRQ_BASE + 16) {
		outb(PIC2, PIC_EOI);
	}
	if (vector >= VECTOR_IRQ_BASE && vector < VECTOR_IRQ_BASE + 16) {
		outb(PIC1, PIC_EOI);
	}
}

bool apic_is_timer(uint64_t vector)
{
	return pic_mode ? vector == VECTOR_IRQ_BASE : vector == VECTOR_TIMER;
}

/* Remap both PICs to base (lines 0-15 at base + line), all lines masked. */
static void pic_setup(uint8_t base)
{
	outb(PIC1, 0x11);
	outb(PIC2, 0x11);
	outb(PIC1 + 1, base);
	outb(PIC2 + 1, (uint8_t)(base + 8));
	outb(PIC1 + 1, 0x04);
	outb(PIC2 + 1, 0x02);
	outb(PIC1 + 1, 0x01);
	outb(PIC2 + 1, 0x01);
	outb(PIC1 + 1, 0xff);
	outb(PIC2 + 1, 0xff);
}

static void pic_route(unsigned int line, bool masked, bool level)
{
	uint16_t mask_port = line < 8 ? PIC1 + 1 : PIC2 + 1;
	uint16_t elcr = line < 8 ? ELCR1 : ELCR2;
	uint8_t bit = (uint8_t)(1U << (line % 8));

	outb(elcr, level ? inb(elcr) | bit : inb(elcr) & ~bit);
	outb(mask_port, masked ? inb(mask_port) | bit : inb(mask_port) & ~bit);
	if (line >= 8 && !masked) {
		outb(PIC1 + 1, inb(PIC1 + 1) & ~0x04);	/* the cascade */
	}
}

/*
 * Count TSC (and APIC timer) ticks over CALIBRATE_MS of PIT channel 2.
 * In PIC mode the timer's ticks are the PIT's own, PIT_HZ.
 */
static void calibrate(void)
{
	uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t tsc0, tsc1, tsc_hz, timer_hz = PIT_HZ;
	uint32_t left = 0;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xb0);			/* ch 2, lo/hi, mode 0 */
	outb(0x42, count & 0xff);
	if (!pic_mode) {
		lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	}
	tsc0 = rdtsc();
	outb(0x42, count >> 8);			/* counting starts here */
	while (!(inb(0x61) & 0x20)) {
		__builtin_ia32_pause();
	}
	tsc1 = rdtsc();
	if (!pic_mode) {
		left = lapic_read(LAPIC_TIMER_CUR);
		lapic_write(LAPIC_TIMER_INIT, 0);
		timer_hz = (uint64_t)(0xffffffffU - left) *
			   (1000 / CALIBRATE_MS);
	}

	tsc_hz = (tsc1 - tsc0) * (1000 / CALIBRATE_MS);
	if (!tsc_hz || !timer_hz) {
		fc_fatal("timer calibration failed", NULL, tsc_hz);
	}
	tsc_mult = (1000000000ULL << 32) / tsc_hz;
	lapic_mult = (timer_hz << 32) / 1000000000ULL;
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

	if (pic_mode) {
		pic_route(line, masked, level);
		return;
	}
	ioapic[0] = 0x10 + 2 * pin + 1;
	ioapic[4] = 0;					/* to APIC 0 */
	ioapic[0] = 0x10 + 2 * pin;
	ioapic[4] = vector | (masked ? LVT_MASKED : 0) |
		    (level ? 1U << 15 : 0);
}

static void pic_mode_init(void)
{
	pic_mode = true;
	pic_setup(VECTOR_IRQ_BASE);
	pic_route(0, false, false);			/* the PIT */
	fc_puts("frame: no local APIC: the 8259 PICs and the PIT instead\n");
}

void apic_init(void)
{
	uint64_t base;

	if (!cpu_features.apic) {
		pic_mode_init();
		calibrate();
		rtc_read();
		return;
	}
	pic_setup(0x20);
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

uint64_t tsc_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

uint64_t frame_clock_ns(void)
{
	return tsc_to_ns(rdtsc() - tsc_base);
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

	uint64_t limit = pic_mode ? 0xffff : 0xffffffffU;

	if (deadline_ns > now) {
		ticks = (uint64_t)(((unsigned __int128)(deadline_ns - now) *
				    lapic_mult) >> 32);
		ticks = ticks ? ticks : 1;
		/* Too far: fire early, the kernel re-arms for the rest. */
		ticks = ticks > limit ? limit : ticks;
	}
	timer_armed = true;
	if (pic_mode) {
		outb(0x43, 0x30);			/* ch 0, lo/hi, mode 0 */
		outb(0x40, ticks & 0xff);
		outb(0x40, (uint8_t)(ticks >> 8));
	} else {
		lapic_write(LAPIC_TIMER_INIT, (uint32_t)ticks);
	}
}

/* A PIT in mode 0 cannot be stopped: its last interrupt is ignored. */
void frame_timer_disarm(void)
{
	timer_armed = false;
	if (!pic_mode) {
		lapic_write(LAPIC_TIMER_INIT, 0);
	}
}

bool apic_timer_armed(void)
{
	return timer_armed;
}

void apic_timer_interrupt(void)
{
	if (!timer_armed) {
		return;
	}
	timer_armed = false;
	if (timer_fn) {
		timer_fn();
	}
}

bool apic_present(void)
{
	return !pic_mode;
}

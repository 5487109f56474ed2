/*
 * The CPU on bare metal: feature detection, waiting, power, stack dumps,
 * port access, and the sanitizer hooks (no tool runs here: they do
 * nothing).
 */
#include <frame/cpu.h>
#include <frame/irq.h>
#include <frame/san.h>

#include "arch.h"
#include "x86.h"

#define DEBUG_EXIT_PORT 0xf4	/* QEMU isa-debug-exit */

struct cpu_features cpu_features;

void cpu_detect(void)
{
	uint32_t r[4];
	uint32_t max_ext;

	cpuid(0, 0, r);
	__builtin_memcpy(cpu_features.vendor, &r[1], 4);
	__builtin_memcpy(cpu_features.vendor + 4, &r[3], 4);
	__builtin_memcpy(cpu_features.vendor + 8, &r[2], 4);
	if (r[0] >= 7) {
		uint32_t l7[4];

		cpuid(7, 0, l7);
		cpu_features.smep = l7[1] & (1U << 7);
		cpu_features.smap = l7[1] & (1U << 20);
	}
	cpuid(1, 0, r);
	cpu_features.apic = r[3] & (1U << 9);
	cpu_features.tsc_deadline = r[2] & (1U << 24);
	cpu_features.x2apic = r[2] & (1U << 21);
	cpuid(0x80000000, 0, r);
	max_ext = r[0];
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		cpu_features.nx = r[3] & (1U << 20);
	}
	if (max_ext >= 0x80000007) {
		cpuid(0x80000007, 0, r);
		cpu_features.invariant_tsc = r[3] & (1U << 8);
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
	__builtin_ia32_pause();
}

int frame_cpu_idle(void)
{
	/* With no timer armed and no device interrupt attached, nothing
	 * can wake us. */
	if (!apic_timer_armed() && !fc_irq_any_attached() &&
	    !pci_msi_in_use()) {
		return -EDEADLK;
	}
	sti_hlt();
	cli();
	return 0;
}

int frame_cpu_call(uint64_t mask, void (*fn)(void *), void *arg, bool wait)
{
	frame_irqflags_t flags;

	(void)wait;
	if (!(mask & 1)) {
		return -EINVAL;
	}
	flags = frame_irq_save();
	trap_enter_irq();
	fn(arg);
	trap_leave_irq();
	frame_irq_restore(flags);
	return 0;
}

void dump_stack_from(uint64_t rbp)
{
	const uint64_t *frame = (const uint64_t *)rbp;

	fc_puts("stack (return addresses; addr2line -e kernel.elf):\n");
	for (unsigned int depth = 0; depth < 32 && frame; depth++) {
		uintptr_t f = (uintptr_t)frame;

		/* Only follow frames inside kernel memory, 8-byte aligned. */
		if ((f & 7) || f < DIRECT_MAP) {
			break;
		}
		fc_puts("    ");
		fc_puthex(frame[1]);
		fc_puts("\n");
		frame = (const uint64_t *)frame[0];
	}
}

void frame_dump_stack(void)
{
	dump_stack_from((uint64_t)__builtin_frame_address(0));
}

/* QEMU's isa-debug-exit turns a byte v into exit status 2v + 1. */
static void debug_exit(uint8_t v)
{
	outb(DEBUG_EXIT_PORT, v);
}

/*
 * QEMU's test device first, which carries the status out; without it
 * (a normal machine) the port write does nothing and ACPI turns us off.
 */
void frame_power_off(int status)
{
	cli();
	debug_exit((uint8_t)(status & 0x7f));
	fc_puts("frame: power off through ACPI\n");
	if (acpi_power_off()) {
		for (unsigned int i = 0; i < 1000000; i++) {
			__builtin_ia32_pause();
		}
	}
	fc_puts("frame: power off did not happen; halted\n");
	halt_forever();
}

void frame_halt_panic(void)
{
	cli();
	debug_exit(0x7f);
	halt_forever();
}

uint32_t fc_port_read(uint16_t port, unsigned int width)
{
	if (width == 1) {
		return inb(port);
	}
	return width == 2 ? inw(port) : inl(port);
}

void fc_port_write(uint16_t port, unsigned int width, uint32_t val)
{
	if (width == 1) {
		outb(port, (uint8_t)val);
	} else if (width == 2) {
		outw(port, (uint16_t)val);
	} else {
		outl(port, val);
	}
}

void frame_san_obj_alloc(const void *obj, size_t size, size_t redzone,
			 bool zeroed)
{
}

void frame_san_obj_free(const void *obj, size_t size, size_t redzone)
{
}

void frame_san_poison(const void *addr, size_t len)
{
}

void frame_san_unpoison(const void *addr, size_t len)
{
}

void frame_san_mark_defined(const void *addr, size_t len)
{
}

void fc_san_page_free(const void *data, size_t len)
{
}

void fc_san_page_alloc(const void *data, size_t len)
{
}

/*
 * arch_main: the bare-metal frame's bring-up, from the first C code in the
 * higher half to kernel_main(). The order matters: the console first, so
 * everything after can report; memory before anything that allocates; the
 * trap tables before interrupts can arrive; the allocator's free ranges
 * fixed last, once the frame's own boot allocations are done.
 */
#include <frame/boot.h>
#include <frame/time.h>

#include "arch.h"
#include "x86.h"

static struct frame_boot_info info;
extern uint64_t boot_tsc;

void arch_main(uint32_t magic, uint32_t info_phys);

/* The frame's first line: what it found, before anything can go wrong. */
static void banner(void)
{
	const struct cpu_features *f = &cpu_features;

	fc_puts("frame: x86-64 on ");
	fc_puts(f->vendor);
	fc_puts(f->apic ? ", APIC" : ", no APIC");
	fc_puts(f->nx ? ", NX" : "");
	fc_puts(f->smep ? ", SMEP" : "");
	fc_puts(f->smap ? ", SMAP" : "");
	fc_puts(f->tsc_deadline ? ", TSC deadline" : "");
	fc_puts("\n");
}

void arch_main(uint32_t magic, uint32_t info_phys)
{
	serial_early_init();
	cpu_detect();
	banner();
	boot_info_parse(magic, info_phys);
	mem_init();
	trap_init();
	user_init();
	apic_init();
	acpi_init(boot_machine.rsdp_phys);
	fc_pci_init();
	mem_freeze(&info);
	info.cmdline = boot_machine.cmdline;
	info.seed = (uint64_t)frame_wallclock_ns();
	info.boot_ns = tsc_to_ns(rdtsc() - boot_tsc);
	kernel_main(&info);
}

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

static struct frame_boot_info info;

void arch_main(uint32_t magic, uint32_t info_phys);

void arch_main(uint32_t magic, uint32_t info_phys)
{
	serial_early_init();
	cpu_detect();
	boot_info_parse(magic, info_phys);
	mem_init();
	trap_init();
	apic_init();
	acpi_init(boot_machine.rsdp_phys);
	fc_pci_init();
	mem_freeze(&info);
	info.cmdline = boot_machine.cmdline;
	info.seed = (uint64_t)frame_wallclock_ns();
	kernel_main(&info);
}

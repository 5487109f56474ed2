/*
 * kernel_main: what the kernel does once the frame has brought the machine
 * up. For now it starts the core services and runs the in-kernel test
 * cases the command line selects, then powers off with their verdict.
 */
#include <frame/boot.h>
#include <frame/irq.h>

#include <drivers/serial.h>
#include <kernel/cmdline.h>
#include <kernel/hash.h>
#include <kernel/ktest.h>
#include <kernel/log.h>
#include <kernel/page.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/timer.h>

static void set_log_level(void)
{
	char value[4];

	if (cmdline_value("loglevel", value, sizeof(value)) == 1 &&
	    value[0] >= '0' && value[0] <= '7') {
		log_set_level((enum log_level)(value[0] - '0'));
	}
}

void kernel_main(const struct frame_boot_info *info)
{
	cmdline_init(info->cmdline);
	set_log_level();
	pr_info("framekernel: booted by %s, command line '%s'", info->loader,
		cmdline_get());
	if (info->boot_ns) {
		pr_info("boot: %llu us from the first instruction to kernel_main",
			(unsigned long long)(info->boot_ns / NSEC_PER_USEC));
	}
	if (info->initramfs) {
		pr_info("initramfs: %zu bytes, fnv1a %08x", info->initramfs_size,
			hash_fnv1a32(info->initramfs, info->initramfs_size));
	}

	page_alloc_init(info);
	slab_init();
	timer_init();
	sched_init();
	serial_init();
	frame_irq_enable();

	frame_power_off(ktest_main());
}

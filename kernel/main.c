/*
 * kernel_main: what the kernel does once the frame has brought the machine
 * up. For now it starts the core services and runs the in-kernel test
 * cases the command line selects, then powers off with their verdict.
 */
#include <frame/boot.h>
#include <frame/irq.h>

#include <drivers/serial.h>
#include <fs/vfs.h>
#include <kernel/cmdline.h>
#include <kernel/hash.h>
#include <kernel/ktest.h>
#include <kernel/log.h>
#include <kernel/mm.h>
#include <kernel/page.h>
#include <kernel/proc.h>
#include <kernel/random.h>
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

/*
 * Run init= from the initramfs and return its exit code. For now the
 * machine powers off with it; with the full process model, init exiting
 * will be a panic, as on Linux.
 */
static int run_init(void)
{
	const char *argv[32];
	char path[128];
	int err, status;

	if (cmdline_value("init", path, sizeof(path)) <= 0) {
		pr_err("init= needs a path");
		return 127;
	}
	argv[0] = path;
	argv[1 + cmdline_init_args(argv + 1, ARRAY_SIZE(argv) - 2)] = NULL;
	err = proc_start_init(path, argv);
	if (err) {
		pr_err("cannot start init %s: error %d", path, err);
		return 127;
	}
	status = proc_wait_init();
	if ((status & 0x7f) == 0) {
		pr_info("init %s exited with status %d", path,
			(status >> 8) & 0xff);
		return (status >> 8) & 0xff;
	}
	pr_info("init %s was killed by signal %d", path, status & 0x7f);
	return 128 + (status & 0x7f);
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
	mm_init();
	serial_init();
	frame_irq_enable();

	random_init(info->seed);
	vfs_init(info->initramfs, info->initramfs_size);
	if (cmdline_has("init")) {
		frame_power_off(run_init());
	}
	frame_power_off(ktest_main());
}

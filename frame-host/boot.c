/*
 * Booting the kernel inside this process.
 *
 * RAM is one memfd, mapped shared as the frame's direct map; a page's
 * "physical address" is its offset in the memfd, so user processes can later
 * map the same pages from the same file. Page 0 is kept back, as firmware
 * keeps it on a PC. The initramfs, if any, is copied to the top of RAM
 * and kept out of the free range, as a boot loader would leave it. The
 * boot context is a fiber like every other kernel context; the host
 * thread's own stack is left for good.
 */
#define _GNU_SOURCE
#include <backtrace.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <frame/boot.h>

#include "internal.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#endif

#define MAX_POWER_OFF_HOOKS 8

const struct hf_config *hf_cfg;
static char *ram;
static int ram_fd = -1;
static size_t ram_len;
static struct frame_mem_range ram_range;
static struct frame_boot_info boot_info;
static void (*power_off_hooks[MAX_POWER_OFF_HOOKS])(void);
static unsigned int npower_off_hooks;

extern void __gcov_dump(void) __attribute__((weak));

void *fc_pfn_to_data(frame_pfn_t pfn)
{
	return ram + (pfn << FRAME_PAGE_SHIFT);
}

bool fc_data_to_pfn(const void *ptr, frame_pfn_t *pfn)
{
	const char *p = ptr;

	if (p < ram || p >= ram + ram_len) {
		return false;
	}
	*pfn = (frame_pfn_t)(p - ram) >> FRAME_PAGE_SHIFT;
	return true;
}

int hf_ram_fd(void)
{
	return ram_fd;
}

void *hf_ram_at(uint64_t phys, size_t len)
{
	if (phys > ram_len || len > ram_len - phys) {
		return NULL;
	}
	return ram + phys;
}

void hf_at_power_off(void (*fn)(void))
{
	if (npower_off_hooks < MAX_POWER_OFF_HOOKS) {
		power_off_hooks[npower_off_hooks++] = fn;
	}
}

void hf_run_power_off_hooks(void)
{
	for (unsigned int i = 0; i < npower_off_hooks; i++) {
		power_off_hooks[i]();
	}
	fflush(stdout);
}

void frame_early_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
}

#ifndef __SANITIZE_ADDRESS__
static void stack_error(void *data, const char *msg, int errnum)
{
	fprintf(stderr, "    (no stack trace: %s)\n", msg);
}

static int stack_frame(void *data, uintptr_t pc, const char *file, int line,
		       const char *function)
{
	unsigned int *depth = data;

	fprintf(stderr, "    #%u 0x%lx in %s %s:%d\n", (*depth)++,
		(unsigned long)pc, function ? function : "??",
		file ? file : "??", line);
	return 0;
}
#endif

/* Symbolised from the executable's debug information (libbacktrace). */
void frame_dump_stack(void)
{
	fflush(stdout);
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_print_stack_trace();
#else
	static struct backtrace_state *state;
	unsigned int depth = 0;

	if (!state) {
		state = backtrace_create_state(NULL, 0, stack_error, NULL);
	}
	if (state) {
		backtrace_full(state, 1, stack_frame, stack_error, &depth);
	}
#endif
}

void frame_power_off(int status)
{
	hf_run_power_off_hooks();
	fprintf(stderr, "frame-host: power off, status %d, event hash "
		"%016llx over %llu events\n", status,
		(unsigned long long)hf_event_hash(),
		(unsigned long long)hf_event_count());
	exit(status);
}

void frame_halt_panic(void)
{
	hf_run_power_off_hooks();
	if (__gcov_dump) {
		__gcov_dump();
	}
	abort();
}

static void boot_entry(void *arg)
{
	(void)arg;
	kernel_main(&boot_info);
}

void hf_boot(const struct hf_config *cfg)
{
	frame_pfn_t npfn = cfg->mem_bytes >> FRAME_PAGE_SHIFT;
	frame_pfn_t initrd_pages;
	struct frame_page *meta;
	int fd;

	hf_cfg = cfg;
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = memfd_create("framekernel-ram", MFD_CLOEXEC);
	ram_fd = fd;
	if (fd < 0 || ftruncate(fd, (off_t)cfg->mem_bytes) != 0) {
		perror("frame-host: memfd for RAM");
		exit(2);
	}
	ram_len = cfg->mem_bytes;
	ram = mmap(NULL, ram_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	meta = calloc(npfn, sizeof(*meta));
	if (ram == MAP_FAILED || !meta) {
		perror("frame-host: mapping RAM");
		exit(2);
	}

	initrd_pages = (cfg->initrd_size + FRAME_PAGE_SIZE - 1) >>
		       FRAME_PAGE_SHIFT;
	if (initrd_pages + 64 > npfn) {
		fprintf(stderr, "frame-host: the initramfs does not fit in "
			"RAM\n");
		exit(2);
	}
	ram_range = (struct frame_mem_range){
		.first_pfn = 1, .npages = npfn - 1 - initrd_pages };
	fc_page_init(meta, npfn, &ram_range, 1);
	boot_info = (struct frame_boot_info){
		.cmdline = cfg->cmdline,
		.ranges = &ram_range,
		.nranges = 1,
		.seed = cfg->seed,
		.loader = "host",
	};
	if (cfg->initrd_size) {
		char *dst = ram + ((npfn - initrd_pages) << FRAME_PAGE_SHIFT);

		memcpy(dst, cfg->initrd, cfg->initrd_size);
		boot_info.initramfs = dst;
		boot_info.initramfs_size = cfg->initrd_size;
	}
	hf_irq_init();
	fc_pci_init();
	hf_context_init(boot_entry, NULL);
	__builtin_unreachable();
}

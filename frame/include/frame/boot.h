/*
 * Boot information, the kernel's entry point, the early console and power.
 *
 * The frame brings the machine up (or, on the host frame, the process that
 * emulates it), then calls kernel_main() once, on the boot CPU, with
 * interrupts disabled, on a kernel context the kernel may adopt as its first
 * task (frame_context_current()).
 */
#pragma once

#include <frame/types.h>

/* A run of usable RAM pages, named by page frame number, not by address. */
struct frame_mem_range {
	uint64_t first_pfn;
	uint64_t npages;
};

struct frame_boot_info {
	const char *cmdline;			/* NUL-terminated, never NULL */
	const struct frame_mem_range *ranges;	/* free RAM, ascending */
	size_t nranges;
	uint64_t seed;				/* entropy for the kernel's PRNG */
	const void *initramfs;			/* the boot module, or NULL */
	size_t initramfs_size;
	const char *loader;			/* boot protocol, for the log */
	uint64_t boot_ns;			/* first instruction to kernel_main;
						   0 where that means nothing */
};

/* Upcall: the kernel's entry point. Must not return. */
FRAME_UPCALL frame_noreturn void kernel_main(const struct frame_boot_info *info);

/*
 * Write to the early console (the boot CPU's serial port, polled). Usable
 * from the first instruction of kernel_main and from panic paths; takes no
 * lock and never sleeps.
 */
void frame_early_write(const char *s, size_t len);

/* Print the current call stack to the early console. Never sleeps. */
void frame_dump_stack(void);

/*
 * Power the machine off with an exit status (0 is success). On QEMU the
 * status reaches the host through isa-debug-exit; on the host frame it is
 * the process exit status. Flushes consoles and coverage data.
 */
frame_noreturn void frame_power_off(int status);

/*
 * Stop after a kernel panic: flushes coverage data and ends the machine
 * with a failure status that cannot be mistaken for a clean power-off.
 */
frame_noreturn void frame_halt_panic(void);

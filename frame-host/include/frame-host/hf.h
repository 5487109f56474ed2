/*
 * The host frame's interface to the machine around it (sim/): how the
 * launcher boots the kernel and how device models attach to the emulated
 * buses. Host code only; the kernel never sees this header.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum hf_clock {
	HF_CLOCK_VIRTUAL,	/* deterministic: time advances per window */
	HF_CLOCK_REAL,		/* host CLOCK_MONOTONIC */
};

struct hf_config {
	size_t mem_bytes;	/* emulated RAM, a multiple of 4 KiB */
	const char *cmdline;	/* kernel command line */
	enum hf_clock clock;
	uint64_t seed;
	const void *initrd;	/* boot module contents, or NULL */
	size_t initrd_size;
};

/* A device model on the emulated I/O port bus. width is 1, 2 or 4. */
struct hf_port_ops {
	uint32_t (*read)(void *ctx, uint16_t off, unsigned int width);
	void (*write)(void *ctx, uint16_t off, unsigned int width,
		      uint32_t val);
};

/*
 * Attach a model to ports [base, base + len). Returns 0, or -1 if the range
 * overlaps another model or the table is full. Call before hf_boot().
 */
int hf_port_register(uint16_t base, uint16_t len,
		     const struct hf_port_ops *ops, void *ctx);

/* Raise an ISA interrupt line from a device model (edge-triggered). */
void hf_irq_raise(unsigned int line);

/* Run fn at power-off, before the process exits (flush model output). */
void hf_at_power_off(void (*fn)(void));

/* Boot the kernel in this process. Never returns: the kernel powers off. */
__attribute__((noreturn)) void hf_boot(const struct hf_config *cfg);

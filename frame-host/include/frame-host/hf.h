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

/* A memory BAR of a PCI device model. width is 1, 2, 4 or 8. */
struct hf_mmio_ops {
	uint64_t (*read)(void *ctx, uint64_t off, unsigned int width);
	void (*write)(void *ctx, uint64_t off, unsigned int width,
		      uint64_t val);
};

/* A PCI device model: identity, memory BARs and whether it does MSI. */
struct hf_pci_model {
	uint16_t vendor, device;
	uint8_t class_code, subclass, prog_if, revision;
	uint32_t bar_size[6];		/* power of two >= 4 KiB, or 0 */
	const struct hf_mmio_ops *bar_ops[6];
	bool msi;
	void *ctx;
};

/*
 * Put a model on the emulated PCI bus (bus 0, slots from 3 on), with a
 * standard configuration header the frame enumerates at boot. Returns a
 * handle for hf_pci_raise(), or -1 if the bus is full. Call before hf_boot().
 */
int hf_pci_register(const struct hf_pci_model *model);

/* Signal the device's interrupt: delivered if the driver enabled MSI and
 * bus mastering (an MSI is a memory write by the device). */
void hf_pci_raise(int handle);

/*
 * Device access to RAM at a device address (frame/dma.h) by the device
 * with this handle. Returns false, moving nothing, if the driver has not
 * enabled bus mastering, as the bus would drop the access. Every byte must
 * lie in pages the kernel holds; anything else is a DMA to memory the
 * device was never given, which the host frame reports as fatal.
 */
bool hf_dma_read(int handle, uint64_t daddr, void *buf, size_t len);
bool hf_dma_write(int handle, uint64_t daddr, const void *buf, size_t len);

/*
 * Watch a host file descriptor for input: ready(ctx) runs on the CPU
 * thread at the next interrupt window or while idle, and typically moves
 * data into a model and raises its interrupt. A watched descriptor counts
 * as a source of future interrupts, so an idle kernel waits for it instead
 * of reporting a deadlock; unwatch it at end of file. Returns 0 or -1.
 */
int hf_watch(int fd, void (*ready)(void *ctx), void *ctx);
void hf_unwatch(int fd);

/* Raise an ISA interrupt line from a device model (edge-triggered). */
void hf_irq_raise(unsigned int line);

/* Run fn at power-off, before the process exits (flush model output). */
void hf_at_power_off(void (*fn)(void));

/* Boot the kernel in this process. Never returns: the kernel powers off. */
__attribute__((noreturn)) void hf_boot(const struct hf_config *cfg);

/*
 * PCI devices.
 *
 * The frame enumerates the PCI functions at boot and hands out handles.
 * Drivers read and write configuration space through the frame, which keeps
 * the registers that decide where a device's registers and interrupts
 * land (the BARs, the expansion ROM, MSI and MSI-X) to itself: a write to
 * them is refused. BARs become bounds-checked register regions
 * (frame/io.h); interrupts become handlers. None of these calls sleeps.
 */
#pragma once

#include <frame/io.h>
#include <frame/irq.h>

struct frame_pci_dev;

struct frame_pci_info {
	uint8_t bus, slot, func;
	uint16_t vendor, device;
	uint8_t class_code, subclass, prog_if, revision;
};

/* The number of functions found, and the index-th of them (or NULL). */
unsigned int frame_pci_count(void);
struct frame_pci_dev *frame_pci_dev(unsigned int index);

/* The first function with this vendor and device id after from (NULL: the
 * first of all), or NULL. */
struct frame_pci_dev *frame_pci_find(uint16_t vendor, uint16_t device,
				     struct frame_pci_dev *from);

void frame_pci_info(const struct frame_pci_dev *dev,
		    struct frame_pci_info *info);

/*
 * Configuration space access at off (width 1, 2 or 4, naturally aligned,
 * within the 256-byte header). A misaligned or out-of-range access is a
 * driver bug and stops the kernel. frame_pci_config_write returns 0, or
 * -EPERM for a register the frame owns (BARs, ROM, MSI, MSI-X).
 */
uint32_t frame_pci_config_read(struct frame_pci_dev *dev, unsigned int off,
			       unsigned int width);
int frame_pci_config_write(struct frame_pci_dev *dev, unsigned int off,
			   unsigned int width, uint32_t val);

/*
 * The register region of BAR bar (0-5), memory or I/O ports, enabling the
 * matching decode in the command register. The same handle comes back on
 * every call. NULL if the BAR is absent or bar is out of range.
 */
struct frame_io *frame_pci_bar(struct frame_pci_dev *dev, unsigned int bar);

/* Attach flag: use the legacy INTx pin even if the device can do MSI. */
#define FRAME_PCI_IRQ_LEGACY 0x1

/*
 * Deliver the device's interrupt to fn(line, arg) in interrupt context:
 * by MSI when the device has it (an MSI is a write by the device, so this
 * also enables bus mastering), otherwise, or with FRAME_PCI_IRQ_LEGACY, by
 * its INTx pin on the line firmware routed it to. Returns 0, -ENODEV if
 * the device has no usable interrupt, -EBUSY if it or its INTx line
 * already has a handler, -ENOSPC if no MSI vector is free.
 */
int frame_pci_irq_attach(struct frame_pci_dev *dev, frame_irq_handler_t fn,
			 void *arg, unsigned int flags);
void frame_pci_irq_detach(struct frame_pci_dev *dev);

/* Let the device master the bus (needed for DMA). */
void frame_pci_set_master(struct frame_pci_dev *dev, bool on);

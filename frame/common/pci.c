/*
 * PCI (frame/pci.h), the half both frames share: the device table filled
 * at enumeration, BAR sizing, the registers drivers may not write, MSI
 * programming and dispatch, and device addresses for DMA (frame/dma.h).
 * Configuration access, enumeration order, BAR mapping and MSI messages
 * are each frame's (fc_pci_* in internal.h).
 */
#include <frame/dma.h>
#include <frame/pci.h>

#include "internal.h"

#define CFG_COMMAND	0x04
#define CFG_STATUS	0x06
#define CFG_REVISION	0x08
#define CFG_HEADER_TYPE	0x0e
#define CFG_BAR0	0x10
#define CFG_ROM		0x30
#define CFG_CAP_PTR	0x34
#define CFG_INT_LINE	0x3c
#define CFG_INT_PIN	0x3d
#define CMD_IO		0x1
#define CMD_MEMORY	0x2
#define CMD_MASTER	0x4
#define CMD_INTX_OFF	0x400
#define STATUS_CAPS	0x10
#define CAP_MSI		0x05
#define CAP_MSIX	0x11
#define MSI_ENABLE	0x1
#define MSI_64BIT	0x80

enum { BAR_NONE, BAR_MEM, BAR_IO };

struct bar {
	uint8_t kind;
	uint64_t base, size;
	struct frame_io *io;
};

struct frame_pci_dev {
	uint32_t bdf;			/* bus << 8 | slot << 3 | func */
	struct frame_pci_info info;
	struct bar bars[6];
	uint8_t msi_cap, msix_cap;	/* 0: none */
	bool msi64;
	uint8_t intx_line;		/* from firmware; 0xff: none */
	bool intx;			/* attached by INTx, not MSI */
	unsigned int vector;		/* MSI vector while attached */
	frame_irq_handler_t fn;
	void *arg;
};

static struct frame_pci_dev devs[FC_PCI_MAX_DEVICES];
static unsigned int ndevs;
static frame_spinlock_t pci_lock = FRAME_SPINLOCK_INIT("frame_pci");

/* Size the BAR at index i; returns how many BAR slots it takes (1 or 2). */
static unsigned int probe_bar(struct frame_pci_dev *d, unsigned int i)
{
	unsigned int off = CFG_BAR0 + 4 * i;
	uint32_t orig = fc_pci_cfg_read(d->bdf, off, 4), mask;
	struct bar *b = &d->bars[i];

	fc_pci_cfg_write(d->bdf, off, 4, 0xffffffff);
	mask = fc_pci_cfg_read(d->bdf, off, 4);
	fc_pci_cfg_write(d->bdf, off, 4, orig);
	if (mask == 0 || mask == 0xffffffff) {
		return 1;		/* not implemented */
	}
	if (orig & 1) {
		*b = (struct bar){ BAR_IO, orig & ~3U,
				   (~(mask & ~3U) + 1) & 0xffff, NULL };
		return 1;
	}
	*b = (struct bar){ BAR_MEM, orig & ~0xfU, ~(mask & ~0xfU) + 1U, NULL };
	if (((orig >> 1) & 3) == 2 && i < 5) {
		uint32_t hi = fc_pci_cfg_read(d->bdf, off + 4, 4);
		uint32_t hmask;

		fc_pci_cfg_write(d->bdf, off + 4, 4, 0xffffffff);
		hmask = fc_pci_cfg_read(d->bdf, off + 4, 4);
		fc_pci_cfg_write(d->bdf, off + 4, 4, hi);
		b->base |= (uint64_t)hi << 32;
		b->size = ~(((uint64_t)hmask << 32) | (mask & ~0xfU)) + 1;
		return 2;
	}
	return 1;
}

static void find_caps(struct frame_pci_dev *d)
{
	unsigned int ptr, guard = 0;

	if (!(fc_pci_cfg_read(d->bdf, CFG_STATUS, 2) & STATUS_CAPS)) {
		return;
	}
	ptr = fc_pci_cfg_read(d->bdf, CFG_CAP_PTR, 1) & ~3U;
	while (ptr >= 0x40 && guard++ < 48) {
		unsigned int id = fc_pci_cfg_read(d->bdf, ptr, 1);

		if (id == CAP_MSI) {
			d->msi_cap = (uint8_t)ptr;
			d->msi64 = fc_pci_cfg_read(d->bdf, ptr + 2, 2) &
				   MSI_64BIT;
		} else if (id == CAP_MSIX) {
			d->msix_cap = (uint8_t)ptr;
		}
		ptr = fc_pci_cfg_read(d->bdf, ptr + 1, 1) & ~3U;
	}
}

void fc_pci_add(uint32_t bdf)
{
	struct frame_pci_dev *d;
	uint32_t id, cls;
	uint16_t cmd;
	unsigned int nbars;

	if (ndevs == FC_PCI_MAX_DEVICES) {
		fc_puts("frame: too many PCI functions, ignoring the rest\n");
		return;
	}
	d = &devs[ndevs++];
	id = fc_pci_cfg_read(bdf, 0, 4);
	cls = fc_pci_cfg_read(bdf, CFG_REVISION, 4);
	*d = (struct frame_pci_dev){
		.bdf = bdf,
		.info = { .bus = (uint8_t)(bdf >> 8),
			  .slot = (uint8_t)((bdf >> 3) & 31),
			  .func = (uint8_t)(bdf & 7),
			  .vendor = (uint16_t)id,
			  .device = (uint16_t)(id >> 16),
			  .class_code = (uint8_t)(cls >> 24),
			  .subclass = (uint8_t)(cls >> 16),
			  .prog_if = (uint8_t)(cls >> 8),
			  .revision = (uint8_t)cls },
	};
	/* Size the BARs with decoding off, as firmware does. */
	nbars = (fc_pci_cfg_read(bdf, CFG_HEADER_TYPE, 1) & 0x7f) == 0 ? 6 : 2;
	cmd = (uint16_t)fc_pci_cfg_read(bdf, CFG_COMMAND, 2);
	fc_pci_cfg_write(bdf, CFG_COMMAND, 2, cmd & ~(CMD_IO | CMD_MEMORY));
	for (unsigned int i = 0; i < nbars;) {
		i += probe_bar(d, i);
	}
	fc_pci_cfg_write(bdf, CFG_COMMAND, 2, cmd);
	find_caps(d);
	/* Kept from firmware: the register is the driver's to overwrite. */
	d->intx_line = fc_pci_cfg_read(bdf, CFG_INT_PIN, 1) ?
		       (uint8_t)fc_pci_cfg_read(bdf, CFG_INT_LINE, 1) : 0xff;
}

unsigned int frame_pci_count(void)
{
	return ndevs;
}

struct frame_pci_dev *frame_pci_dev(unsigned int index)
{
	return index < ndevs ? &devs[index] : NULL;
}

struct frame_pci_dev *frame_pci_find(uint16_t vendor, uint16_t device,
				     struct frame_pci_dev *from)
{
	unsigned int i = from ? (unsigned int)(from - devs) + 1 : 0;

	for (; i < ndevs; i++) {
		if (devs[i].info.vendor == vendor &&
		    devs[i].info.device == device) {
			return &devs[i];
		}
	}
	return NULL;
}

void frame_pci_info(const struct frame_pci_dev *dev,
		    struct frame_pci_info *info)
{
	*info = dev->info;
}

static void check_cfg(struct frame_pci_dev *dev, unsigned int off,
		      unsigned int width)
{
	if (dev < devs || dev >= devs + ndevs) {
		fc_fatal("not a PCI device handle", NULL,
			 (uint64_t)(uintptr_t)dev);
	}
	if ((width != 1 && width != 2 && width != 4) || (off & (width - 1)) ||
	    off + width > 256) {
		fc_fatal("bad PCI configuration access", "offset", off);
	}
}

uint32_t frame_pci_config_read(struct frame_pci_dev *dev, unsigned int off,
			       unsigned int width)
{
	check_cfg(dev, off, width);
	return fc_pci_cfg_read(dev->bdf, off, width);
}

/* Registers that place the device's registers or its interrupts. */
static bool frame_owned(const struct frame_pci_dev *dev, unsigned int off,
			unsigned int width)
{
	unsigned int end = off + width;

	if (off < CFG_BAR0 + 24 && end > CFG_BAR0) {
		return true;
	}
	if (off < CFG_ROM + 4 && end > CFG_ROM) {
		return true;
	}
	if (dev->msi_cap && off < dev->msi_cap + 24U && end > dev->msi_cap) {
		return true;
	}
	return dev->msix_cap && off < dev->msix_cap + 12U &&
	       end > dev->msix_cap;
}

int frame_pci_config_write(struct frame_pci_dev *dev, unsigned int off,
			   unsigned int width, uint32_t val)
{
	check_cfg(dev, off, width);
	if (frame_owned(dev, off, width)) {
		return -EPERM;
	}
	fc_pci_cfg_write(dev->bdf, off, width, val);
	return 0;
}

static void command_set(struct frame_pci_dev *dev, uint16_t set, uint16_t clear)
{
	uint16_t cmd = (uint16_t)fc_pci_cfg_read(dev->bdf, CFG_COMMAND, 2);

	fc_pci_cfg_write(dev->bdf, CFG_COMMAND, 2, (cmd & ~clear) | set);
}

struct frame_io *frame_pci_bar(struct frame_pci_dev *dev, unsigned int bar)
{
	frame_irqflags_t flags;
	struct bar *b;

	check_cfg(dev, 0, 4);
	if (bar >= 6 || dev->bars[bar].kind == BAR_NONE) {
		return NULL;
	}
	b = &dev->bars[bar];
	flags = frame_spin_lock(&pci_lock);
	if (!b->io && b->kind == BAR_MEM) {
		b->io = fc_io_mmio_create(fc_pci_map_bar(dev->bdf, bar, b->base,
							 b->size), b->size);
		command_set(dev, CMD_MEMORY, 0);
	} else if (!b->io) {
		b->io = frame_io_port_acquire((uint16_t)b->base,
					      (uint16_t)b->size);
		command_set(dev, CMD_IO, 0);
	}
	frame_spin_unlock(&pci_lock, flags);
	return b->io;
}

static void intx_handler(unsigned int line, void *arg)
{
	struct frame_pci_dev *dev = arg;

	dev->fn(line, dev->arg);
}

static int intx_attach(struct frame_pci_dev *dev, frame_irq_handler_t fn,
		       void *arg)
{
	int err;

	if (dev->intx_line >= 16) {
		return -ENODEV;
	}
	dev->arg = arg;
	dev->fn = fn;
	dev->intx = true;
	err = fc_intx_attach(dev->intx_line, intx_handler, dev);
	if (err) {
		dev->fn = NULL;
		return err;
	}
	command_set(dev, 0, CMD_INTX_OFF);
	return 0;
}

int frame_pci_irq_attach(struct frame_pci_dev *dev, frame_irq_handler_t fn,
			 void *arg, unsigned int how)
{
	unsigned int cap = dev->msi_cap, vector;
	frame_irqflags_t flags;
	uint64_t addr;
	uint32_t data;

	check_cfg(dev, 0, 4);
	if (dev->fn) {
		return -EBUSY;
	}
	if (!cap || (how & FRAME_PCI_IRQ_LEGACY)) {
		return intx_attach(dev, fn, arg);
	}
	if (!fc_msi_alloc(&vector, &addr, &data)) {
		/* No vector (or no local APIC): the pin still works. */
		return dev->intx_line < 16 ? intx_attach(dev, fn, arg) : -ENOSPC;
	}
	flags = frame_spin_lock(&pci_lock);
	dev->vector = vector;
	dev->arg = arg;
	dev->fn = fn;
	dev->intx = false;
	fc_pci_cfg_write(dev->bdf, cap + 4, 4, (uint32_t)addr);
	if (dev->msi64) {
		fc_pci_cfg_write(dev->bdf, cap + 8, 4, (uint32_t)(addr >> 32));
		fc_pci_cfg_write(dev->bdf, cap + 12, 2, data);
	} else {
		fc_pci_cfg_write(dev->bdf, cap + 8, 2, data);
	}
	/*
	 * One message (MME 0), enabled; legacy INTx off. An MSI is a memory
	 * write by the device, so it needs bus mastering too.
	 */
	fc_pci_cfg_write(dev->bdf, cap + 2, 2,
			 (fc_pci_cfg_read(dev->bdf, cap + 2, 2) & ~0x70U) |
			 MSI_ENABLE);
	command_set(dev, CMD_INTX_OFF | CMD_MASTER, 0);
	frame_spin_unlock(&pci_lock, flags);
	return 0;
}

void frame_pci_irq_detach(struct frame_pci_dev *dev)
{
	frame_irqflags_t flags;

	check_cfg(dev, 0, 4);
	if (!dev->fn) {
		return;
	}
	if (dev->intx) {
		command_set(dev, CMD_INTX_OFF, 0);
		fc_intx_detach(dev->intx_line);
		dev->fn = NULL;
		return;
	}
	flags = frame_spin_lock(&pci_lock);
	fc_pci_cfg_write(dev->bdf, dev->msi_cap + 2, 2,
			 fc_pci_cfg_read(dev->bdf, dev->msi_cap + 2, 2) &
			 ~MSI_ENABLE);
	dev->fn = NULL;
	fc_msi_free(dev->vector);
	frame_spin_unlock(&pci_lock, flags);
}

void fc_pci_msi_interrupt(unsigned int vector)
{
	for (unsigned int i = 0; i < ndevs; i++) {
		if (devs[i].fn && !devs[i].intx && devs[i].vector == vector) {
			devs[i].fn(vector, devs[i].arg);
			return;
		}
	}
}

void frame_pci_set_master(struct frame_pci_dev *dev, bool on)
{
	frame_irqflags_t flags;

	check_cfg(dev, 0, 4);
	flags = frame_spin_lock(&pci_lock);
	command_set(dev, on ? CMD_MASTER : 0, on ? 0 : CMD_MASTER);
	frame_spin_unlock(&pci_lock, flags);
}

void fc_pci_init(void)
{
	fc_pci_enumerate();
}

uint64_t frame_dma_addr(const struct frame_page *page)
{
	return frame_page_pfn(page) << FRAME_PAGE_SHIFT;
}

/*
 * PCI on bare metal: configuration mechanism #1 (ports 0xcf8/0xcfc), a
 * scan of bus 0 and every bus behind a PCI-to-PCI bridge, memory BARs
 * mapped uncached in the device area, and MSI vectors for the boot CPU's
 * local APIC.
 *
 * Known shortcoming: no PCIe ECAM, so the extended configuration space
 * above 256 bytes is out of reach; firmware's BAR assignment is trusted.
 */
#include "arch.h"
#include "x86.h"

#define CONFIG_ADDRESS	0xcf8
#define CONFIG_DATA	0xcfc
#define MSI_VECTORS	32

static uint32_t msi_used;
static frame_spinlock_t cfg_lock = FRAME_SPINLOCK_INIT("pci_config");

static void select(uint32_t bdf, unsigned int off)
{
	outl(CONFIG_ADDRESS, 0x80000000U | bdf << 8 | (off & 0xfc));
}

uint32_t fc_pci_cfg_read(uint32_t bdf, unsigned int off, unsigned int width)
{
	frame_irqflags_t flags = frame_spin_lock(&cfg_lock);
	uint32_t v;

	select(bdf, off);
	v = fc_port_read((uint16_t)(CONFIG_DATA + (off & 3)), width);
	frame_spin_unlock(&cfg_lock, flags);
	return v;
}

void fc_pci_cfg_write(uint32_t bdf, unsigned int off, unsigned int width,
		      uint32_t val)
{
	frame_irqflags_t flags = frame_spin_lock(&cfg_lock);

	select(bdf, off);
	fc_port_write((uint16_t)(CONFIG_DATA + (off & 3)), width, val);
	frame_spin_unlock(&cfg_lock, flags);
}

static void scan_bus(uint32_t bus, unsigned int depth)
{
	for (uint32_t slot = 0; slot < 32; slot++) {
		uint32_t bdf = bus << 8 | slot << 3;
		unsigned int nfunc;

		if ((uint16_t)fc_pci_cfg_read(bdf, 0, 2) == 0xffff) {
			continue;
		}
		nfunc = fc_pci_cfg_read(bdf, 0x0e, 1) & 0x80 ? 8 : 1;
		for (uint32_t f = 0; f < nfunc; f++) {
			uint32_t secondary;

			if ((uint16_t)fc_pci_cfg_read(bdf | f, 0, 2) == 0xffff) {
				continue;
			}
			fc_pci_add(bdf | f);
			/* A PCI-to-PCI bridge: its secondary bus next. */
			secondary = fc_pci_cfg_read(bdf | f, 0x19, 1);
			if ((fc_pci_cfg_read(bdf | f, 0x0e, 1) & 0x7f) == 1 &&
			    secondary > bus && depth < 32) {
				scan_bus(secondary, depth + 1);
			}
		}
	}
}

void fc_pci_enumerate(void)
{
	scan_bus(0, 0);
}

void *fc_pci_map_bar(uint32_t bdf, unsigned int bar, uint64_t base,
		     uint64_t size)
{
	return mmio_map(base, size);
}

uint64_t fc_mmio_read(void *cookie, size_t off, unsigned int width)
{
	uintptr_t a = (uintptr_t)cookie + off;

	switch (width) {
	case 1:
		return *(volatile uint8_t *)a;
	case 2:
		return *(volatile uint16_t *)a;
	case 4:
		return *(volatile uint32_t *)a;
	default:
		return *(volatile uint64_t *)a;
	}
}

void fc_mmio_write(void *cookie, size_t off, unsigned int width, uint64_t val)
{
	uintptr_t a = (uintptr_t)cookie + off;

	switch (width) {
	case 1:
		*(volatile uint8_t *)a = (uint8_t)val;
		break;
	case 2:
		*(volatile uint16_t *)a = (uint16_t)val;
		break;
	case 4:
		*(volatile uint32_t *)a = (uint32_t)val;
		break;
	default:
		*(volatile uint64_t *)a = val;
		break;
	}
}

bool fc_msi_alloc(unsigned int *vector, uint64_t *addr, uint32_t *data)
{
	frame_irqflags_t flags;
	bool found = false;

	if (!apic_present()) {
		return false;		/* MSI needs a local APIC */
	}
	flags = frame_spin_lock(&cfg_lock);
	for (unsigned int i = 0; i < MSI_VECTORS && !found; i++) {
		if (!(msi_used & (1U << i))) {
			msi_used |= 1U << i;
			*vector = VECTOR_MSI_BASE + i;
			found = true;
		}
	}
	frame_spin_unlock(&cfg_lock, flags);
	if (found) {
		*addr = 0xfee00000;	/* the boot CPU's local APIC, id 0 */
		*data = *vector;	/* fixed delivery, edge */
	}
	return found;
}

void fc_msi_free(unsigned int vector)
{
	frame_irqflags_t flags = frame_spin_lock(&cfg_lock);

	msi_used &= ~(1U << (vector - VECTOR_MSI_BASE));
	frame_spin_unlock(&cfg_lock, flags);
}

bool pci_msi_in_use(void)
{
	return __atomic_load_n(&msi_used, __ATOMIC_RELAXED) != 0;
}

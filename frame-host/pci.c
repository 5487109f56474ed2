/*
 * The emulated PCI bus of the host frame: a configuration header for each
 * device model sim/ registers, with the standard behaviour the frame's
 * enumeration relies on (BARs that report their size, a capability list
 * with MSI), memory BARs dispatched to the model, MSI delivered as an
 * interrupt vector, and checked device access to RAM.
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include <frame/pci.h>

#include "internal.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

#define MAX_SLOTS 8
#define FIRST_SLOT 3
#define BAR_WINDOW 0xe0000000ULL	/* where BARs "live" */
#define MSI_CAP 0x40
#define MSI_VECTOR_BASE 32
#define MSI_VECTORS 32

struct pci_slot {
	const struct hf_pci_model *model;
	unsigned int intx_line;		/* as firmware would route pin A */
	uint8_t cfg[256];
	struct bar_ref {
		struct pci_slot *slot;
		unsigned int bar;
	} bars[6];
};

static struct pci_slot slots[MAX_SLOTS];
static unsigned int nslots;
static uint64_t next_bar_base = BAR_WINDOW;
static uint32_t msi_used;

static void put32(uint8_t *cfg, unsigned int off, uint32_t v)
{
	memcpy(cfg + off, &v, 4);
}

int hf_pci_register(const struct hf_pci_model *m)
{
	struct pci_slot *s;
	uint8_t *cfg;

	if (nslots == MAX_SLOTS) {
		return -1;
	}
	s = &slots[nslots];
	cfg = s->cfg;
	s->model = m;
	put32(cfg, 0x00, m->vendor | (uint32_t)m->device << 16);
	put32(cfg, 0x08, m->revision | (uint32_t)m->prog_if << 8 |
			 (uint32_t)m->subclass << 16 |
			 (uint32_t)m->class_code << 24);
	cfg[0x3d] = 1;				/* interrupt pin A */
	s->intx_line = 10 + nslots % 2;		/* PIRQ routing of a PC */
	cfg[0x3c] = (uint8_t)s->intx_line;
	for (unsigned int i = 0; i < 6; i++) {
		uint32_t size = m->bar_size[i];

		if (!size) {
			continue;
		}
		next_bar_base = (next_bar_base + size - 1) & ~(uint64_t)(size - 1);
		put32(cfg, 0x10 + 4 * i, (uint32_t)next_bar_base);
		next_bar_base += size;
		s->bars[i] = (struct bar_ref){ s, i };
	}
	if (m->msi) {
		cfg[0x06] |= 0x10;		/* capability list */
		cfg[0x34] = MSI_CAP;
		cfg[MSI_CAP] = 0x05;
		cfg[MSI_CAP + 2] = 0x80;	/* 64-bit messages */
	}
	return (int)nslots++;
}

static struct pci_slot *slot_of(uint32_t bdf)
{
	unsigned int slot = (bdf >> 3) & 31;

	if ((bdf >> 8) != 0 || (bdf & 7) != 0 || slot < FIRST_SLOT ||
	    slot >= FIRST_SLOT + nslots) {
		return NULL;
	}
	return &slots[slot - FIRST_SLOT];
}

void fc_pci_enumerate(void)
{
	for (unsigned int i = 0; i < nslots; i++) {
		fc_pci_add((FIRST_SLOT + i) << 3);
	}
}

uint32_t fc_pci_cfg_read(uint32_t bdf, unsigned int off, unsigned int width)
{
	struct pci_slot *s = slot_of(bdf);
	uint32_t v = 0;

	if (!s) {
		return 0xffffffffU >> (32 - 8 * width);
	}
	memcpy(&v, s->cfg + off, width);
	return v;
}

/* A BAR keeps its type bits and reads back its size mask after ~0. */
static void bar_write(struct pci_slot *s, unsigned int i, uint32_t v)
{
	uint32_t size = s->model->bar_size[i];

	if (size) {
		put32(s->cfg, 0x10 + 4 * i, v & ~(size - 1) & ~0xfU);
	}
}

void fc_pci_cfg_write(uint32_t bdf, unsigned int off, unsigned int width,
		      uint32_t val)
{
	struct pci_slot *s = slot_of(bdf);

	if (!s) {
		return;
	}
	if (off >= 0x10 && off < 0x28 && width == 4) {
		bar_write(s, (off - 0x10) / 4, val);
	} else if (off == 0x04 || off == 0x0c || off == 0x0d || off == 0x3c ||
		   (s->model->msi && off >= MSI_CAP + 2 &&
		    off < MSI_CAP + 14)) {
		memcpy(s->cfg + off, &val, width);
	}
}

void *fc_pci_map_bar(uint32_t bdf, unsigned int bar, uint64_t base,
		     uint64_t size)
{
	return &slot_of(bdf)->bars[bar];
}

uint64_t fc_mmio_read(void *cookie, size_t off, unsigned int width)
{
	struct bar_ref *b = cookie;
	const struct hf_mmio_ops *ops = b->slot->model->bar_ops[b->bar];

	return ops->read(b->slot->model->ctx, off, width);
}

void fc_mmio_write(void *cookie, size_t off, unsigned int width, uint64_t val)
{
	struct bar_ref *b = cookie;
	const struct hf_mmio_ops *ops = b->slot->model->bar_ops[b->bar];

	ops->write(b->slot->model->ctx, off, width, val);
}

bool fc_msi_alloc(unsigned int *vector, uint64_t *addr, uint32_t *data)
{
	for (unsigned int i = 0; i < MSI_VECTORS; i++) {
		if (!(msi_used & (1U << i))) {
			msi_used |= 1U << i;
			*vector = MSI_VECTOR_BASE + i;
			*addr = 0xfee00000;
			*data = *vector;
			return true;
		}
	}
	return false;
}

void fc_msi_free(unsigned int vector)
{
	msi_used &= ~(1U << (vector - MSI_VECTOR_BASE));
}

static bool bus_master(int handle)
{
	return slots[handle].cfg[0x04] & 0x4;
}

void hf_pci_raise(int handle)
{
	const uint8_t *cfg = slots[handle].cfg;

	/* With MSI on, the message's data is the vector; else pin A. */
	if (slots[handle].model->msi && (cfg[MSI_CAP + 2] & 1)) {
		if (bus_master(handle)) {
			hf_irq_raise_vector(cfg[MSI_CAP + 12]);
		}
	} else if (!(cfg[0x05] & 0x04)) {	/* INTx not disabled */
		hf_irq_raise(slots[handle].intx_line);
	}
}


/* Check a device access to [daddr, daddr + len): RAM the kernel holds. */
static void *dma_check(uint64_t daddr, size_t len, const char *what)
{
	void *p = hf_ram_at(daddr, len);

	if (!p) {
		fc_fatal("device DMA outside RAM", what, daddr);
	}
	for (uint64_t a = daddr & ~(FRAME_PAGE_SIZE - 1); a < daddr + len;
	     a += FRAME_PAGE_SIZE) {
		if (!frame_page_of(fc_pfn_to_data(a >> FRAME_PAGE_SHIFT))) {
			fc_fatal("device DMA to a page the kernel does not "
				 "hold", what, a);
		}
	}
#ifdef __SANITIZE_ADDRESS__
	if (__asan_region_is_poisoned(p, len)) {
		fc_fatal("device DMA to poisoned memory", what, daddr);
	}
#endif
	if (VALGRIND_CHECK_MEM_IS_ADDRESSABLE(p, len)) {
		fc_fatal("device DMA to inaccessible memory", what, daddr);
	}
	return p;
}

bool hf_dma_read(int handle, uint64_t daddr, void *buf, size_t len)
{
	if (!bus_master(handle)) {
		return false;
	}
	memcpy(buf, dma_check(daddr, len, "read"), len);
	return true;
}

bool hf_dma_write(int handle, uint64_t daddr, const void *buf, size_t len)
{
	void *p;

	if (!bus_master(handle)) {
		return false;
	}
	p = dma_check(daddr, len, "write");
	memcpy(p, buf, len);
	VALGRIND_MAKE_MEM_DEFINED(p, len);
	return true;
}

/*
 * A model of QEMU's "edu" teaching device (QEMU docs/specs/edu.rst): PCI
 * 1234:11e8 with one 1 MiB memory BAR holding an identification register,
 * a liveness check, a factorial unit, an interrupt raise/acknowledge pair
 * and a DMA engine with a 4 KiB buffer at offset 0x40000. The same test
 * drives this model on the host frame and QEMU's device on bare metal.
 * Work the real device does in the background completes at once here.
 */
#include <string.h>

#include <frame-host/hf.h>

#include "edu.h"

#define EDU_IDENT	0x010000ed
#define REG_IDENT	0x00
#define REG_LIVENESS	0x04
#define REG_FACTORIAL	0x08
#define REG_STATUS	0x20
#define REG_IRQ_STATUS	0x24
#define REG_IRQ_RAISE	0x60
#define REG_IRQ_ACK	0x64
#define REG_DMA_SRC	0x80
#define REG_DMA_DST	0x88
#define REG_DMA_COUNT	0x90
#define REG_DMA_CMD	0x98
#define STATUS_IRQ_FACT	0x80
#define DMA_START	0x1
#define DMA_TO_RAM	0x2
#define DMA_IRQ		0x4
#define IRQ_FACT	0x001
#define IRQ_DMA		0x100
#define DMA_BUF		0x40000
#define DMA_BUF_SIZE	4096
#define DMA_MASK	((1ULL << 28) - 1)	/* the device's default */

struct edu {
	int handle;
	uint32_t liveness, factorial, status, irq_status;
	uint64_t dma_src, dma_dst, dma_count, dma_cmd;
	uint8_t buf[DMA_BUF_SIZE];
};

static struct edu edu;

static void raise_irq(struct edu *e, uint32_t bits)
{
	e->irq_status |= bits;
	hf_pci_raise(e->handle);
}

/* A DMA between RAM and the buffer; out-of-range requests are dropped. */
static void run_dma(struct edu *e)
{
	uint64_t ram = e->dma_cmd & DMA_TO_RAM ? e->dma_dst : e->dma_src;
	uint64_t dev = e->dma_cmd & DMA_TO_RAM ? e->dma_src : e->dma_dst;
	uint64_t n = e->dma_count;

	e->dma_cmd &= ~(uint64_t)DMA_START;
	if (dev < DMA_BUF || n > DMA_BUF_SIZE ||
	    dev - DMA_BUF > DMA_BUF_SIZE - n || (ram & ~DMA_MASK) ||
	    ((ram + n - 1) & ~DMA_MASK)) {
		return;
	}
	if (e->dma_cmd & DMA_TO_RAM ?
	    !hf_dma_write(e->handle, ram, e->buf + (dev - DMA_BUF), n) :
	    !hf_dma_read(e->handle, ram, e->buf + (dev - DMA_BUF), n)) {
		return;		/* bus mastering off: the bus dropped it */
	}
	if (e->dma_cmd & DMA_IRQ) {
		raise_irq(e, IRQ_DMA);
	}
}

static uint64_t edu_read(void *ctx, uint64_t off, unsigned int width)
{
	struct edu *e = ctx;

	if (width != 4 && !(off >= REG_DMA_SRC && width == 8)) {
		return ~0ULL;
	}
	switch (off) {
	case REG_IDENT:
		return EDU_IDENT;
	case REG_LIVENESS:
		return ~e->liveness;
	case REG_FACTORIAL:
		return e->factorial;
	case REG_STATUS:
		return e->status;
	case REG_IRQ_STATUS:
		return e->irq_status;
	case REG_DMA_SRC:
		return e->dma_src;
	case REG_DMA_DST:
		return e->dma_dst;
	case REG_DMA_COUNT:
		return e->dma_count;
	case REG_DMA_CMD:
		return e->dma_cmd;
	}
	if (off >= DMA_BUF && off + width <= DMA_BUF + DMA_BUF_SIZE) {
		uint64_t v = 0;

		memcpy(&v, e->buf + (off - DMA_BUF), width);
		return v;
	}
	return ~0ULL;
}

static void edu_write(void *ctx, uint64_t off, unsigned int width,
		      uint64_t val)
{
	struct edu *e = ctx;
	uint32_t v = (uint32_t)val;

	if (width != 4 && !(off >= REG_DMA_SRC && width == 8)) {
		return;
	}
	switch (off) {
	case REG_LIVENESS:
		e->liveness = v;
		break;
	case REG_FACTORIAL: {
		uint32_t f = 1;

		for (uint32_t i = 2; i <= v; i++) {
			f *= i;
		}
		e->factorial = f;
		if (e->status & STATUS_IRQ_FACT) {
			raise_irq(e, IRQ_FACT);
		}
		break;
	}
	case REG_STATUS:
		e->status = v & STATUS_IRQ_FACT;	/* bit 0 is read-only */
		break;
	case REG_IRQ_RAISE:
		raise_irq(e, v);
		break;
	case REG_IRQ_ACK:
		e->irq_status &= ~v;
		break;
	case REG_DMA_SRC:
		e->dma_src = val;
		break;
	case REG_DMA_DST:
		e->dma_dst = val;
		break;
	case REG_DMA_COUNT:
		e->dma_count = val;
		break;
	case REG_DMA_CMD:
		e->dma_cmd = val;
		if (val & DMA_START) {
			run_dma(e);
		}
		break;
	}
}

static const struct hf_mmio_ops edu_ops = {
	.read = edu_read,
	.write = edu_write,
};

static const struct hf_pci_model edu_model = {
	.vendor = 0x1234,
	.device = 0x11e8,
	.class_code = 0x00,
	.subclass = 0xff,
	.revision = 0x10,
	.bar_size = { 1 << 20 },
	.bar_ops = { &edu_ops },
	.msi = true,
	.ctx = &edu,
};

int sim_edu_attach(void)
{
	edu.handle = hf_pci_register(&edu_model);
	return edu.handle < 0 ? -1 : 0;
}

/*
 * Frame conformance: PCI enumeration, configuration space, memory BARs,
 * MSI and DMA, on the edu device (QEMU's real one on bare metal, the sim/
 * model on the host frame; both machines always have one).
 */
#include <frame/cpu.h>
#include <frame/dma.h>
#include <frame/page.h>
#include <frame/pci.h>
#include <frame/time.h>

#include <kernel/ktest.h>
#include <kernel/string.h>
#include <kernel/wait.h>

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_IDENT	0x00
#define EDU_LIVENESS	0x04
#define EDU_FACTORIAL	0x08
#define EDU_STATUS	0x20
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_COUNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_DMA_BUF	0x40000
#define DMA_START	0x1
#define DMA_TO_RAM	0x2
#define DMA_IRQ		0x4
#define WAIT_NS		(2 * NSEC_PER_SEC)

static struct frame_pci_dev *edu(void)
{
	return frame_pci_find(EDU_VENDOR, EDU_DEVICE, NULL);
}

KTEST(frame_pci, enumeration_finds_the_edu_device)
{
	struct frame_pci_dev *dev = edu();
	struct frame_pci_info info;
	unsigned int n = frame_pci_count();

	KT_ASSERT(t, dev != NULL);
	frame_pci_info(dev, &info);
	KT_EXPECT_EQ(t, info.vendor, EDU_VENDOR);
	KT_EXPECT_EQ(t, info.device, EDU_DEVICE);
	KT_EXPECT_EQ(t, info.class_code, 0x00);
	KT_EXPECT_EQ(t, info.subclass, 0xff);
	KT_EXPECT_EQ(t, frame_pci_config_read(dev, 0, 4),
		     EDU_VENDOR | (uint32_t)EDU_DEVICE << 16);
	KT_EXPECT(t, frame_pci_find(EDU_VENDOR, EDU_DEVICE, dev) == NULL);
	KT_EXPECT(t, frame_pci_dev(n) == NULL);
	KT_EXPECT(t, frame_pci_find(0xabcd, 0x1234, NULL) == NULL);
}

KTEST(frame_pci, bar_is_a_bounds_checked_register_region)
{
	struct frame_pci_dev *dev = edu();
	struct frame_io *bar;

	KT_ASSERT(t, dev != NULL);
	bar = frame_pci_bar(dev, 0);
	KT_ASSERT(t, bar != NULL);
	KT_EXPECT_EQ(t, frame_io_size(bar), 1 << 20);
	KT_EXPECT(t, frame_pci_bar(dev, 0) == bar);
	KT_EXPECT(t, frame_pci_bar(dev, 1) == NULL);
	KT_EXPECT(t, frame_pci_bar(dev, 6) == NULL);
	KT_EXPECT_EQ(t, frame_io_read32(bar, EDU_IDENT) & 0xff, 0xed);
	frame_io_write32(bar, EDU_LIVENESS, 0x12345678);
	KT_EXPECT_EQ(t, frame_io_read32(bar, EDU_LIVENESS), ~0x12345678U);
	KT_EXPECT(t, frame_pci_config_read(dev, 0x04, 2) & 0x2);
}

KTEST(frame_pci, device_computes_a_factorial)
{
	struct frame_io *bar = edu() ? frame_pci_bar(edu(), 0) : NULL;
	uint64_t deadline = frame_clock_ns() + WAIT_NS;

	KT_ASSERT(t, bar != NULL);
	frame_io_write32(bar, EDU_FACTORIAL, 10);
	while ((frame_io_read32(bar, EDU_STATUS) & 1) &&
	       frame_clock_ns() < deadline) {
		frame_cpu_relax();
	}
	KT_EXPECT_EQ(t, frame_io_read32(bar, EDU_FACTORIAL), 3628800);
}

KTEST(frame_pci, frame_owned_config_registers_refuse_writes)
{
	struct frame_pci_dev *dev = edu();
	uint32_t bar0;

	KT_ASSERT(t, dev != NULL);
	bar0 = frame_pci_config_read(dev, 0x10, 4);
	KT_EXPECT_EQ(t, frame_pci_config_write(dev, 0x10, 4, 0), -EPERM);
	KT_EXPECT_EQ(t, frame_pci_config_write(dev, 0x12, 2, 0), -EPERM);
	KT_EXPECT_EQ(t, frame_pci_config_write(dev, 0x30, 4, 0), -EPERM);
	KT_EXPECT_EQ(t, frame_pci_config_read(dev, 0x10, 4), bar0);
	/* The interrupt line register is the driver's. */
	KT_EXPECT_EQ(t, frame_pci_config_write(dev, 0x3c, 1, 0x0b), 0);
	KT_EXPECT_EQ(t, frame_pci_config_read(dev, 0x3c, 1), 0x0b);
}

struct irq_seen {
	struct semaphore sem;
	struct frame_io *bar;
	uint32_t status;
	bool in_irq;
};

static void edu_irq(unsigned int vector, void *arg)
{
	struct irq_seen *s = arg;

	s->status = frame_io_read32(s->bar, EDU_IRQ_STATUS);
	s->in_irq = frame_in_irq();
	frame_io_write32(s->bar, EDU_IRQ_ACK, s->status);
	sema_up(&s->sem);
}

KTEST(frame_pci, msi_interrupt_reaches_the_handler)
{
	struct frame_pci_dev *dev = edu();
	struct irq_seen seen = { 0 };

	KT_ASSERT(t, dev != NULL);
	seen.bar = frame_pci_bar(dev, 0);
	sema_init(&seen.sem, 0);
	KT_ASSERT_EQ(t, frame_pci_irq_attach(dev, edu_irq, &seen, 0), 0);
	KT_EXPECT_EQ(t, frame_pci_irq_attach(dev, edu_irq, &seen, 0), -EBUSY);
	frame_io_write32(seen.bar, EDU_IRQ_RAISE, 0x5a);
	KT_EXPECT_EQ(t, sema_down_deadline(&seen.sem,
					   frame_clock_ns() + WAIT_NS), 0);
	KT_EXPECT_EQ(t, seen.status, 0x5a);
	KT_EXPECT(t, seen.in_irq);
	KT_EXPECT_EQ(t, frame_io_read32(seen.bar, EDU_IRQ_STATUS), 0);
	frame_pci_irq_detach(dev);
}

KTEST(frame_pci, legacy_intx_interrupt_reaches_the_handler)
{
	struct frame_pci_dev *dev = edu();
	struct irq_seen seen = { 0 };

	KT_ASSERT(t, dev != NULL);
	seen.bar = frame_pci_bar(dev, 0);
	sema_init(&seen.sem, 0);
	KT_ASSERT_EQ(t, frame_pci_irq_attach(dev, edu_irq, &seen,
					     FRAME_PCI_IRQ_LEGACY), 0);
	KT_EXPECT_EQ(t, frame_pci_config_read(dev, 0x04, 2) & 0x400, 0);
	frame_io_write32(seen.bar, EDU_IRQ_RAISE, 0x21);
	KT_EXPECT_EQ(t, sema_down_deadline(&seen.sem,
					   frame_clock_ns() + WAIT_NS), 0);
	KT_EXPECT_EQ(t, seen.status, 0x21);
	KT_EXPECT(t, seen.in_irq);
	/* Acknowledged in the handler: the level line is quiet again. */
	KT_EXPECT_EQ(t, sema_down_deadline(&seen.sem, frame_clock_ns() +
					   10 * NSEC_PER_MSEC), -ETIMEDOUT);
	frame_pci_irq_detach(dev);
	KT_EXPECT(t, frame_pci_config_read(dev, 0x04, 2) & 0x400);
}

KTEST(frame_pci, dma_moves_data_both_ways)
{
	struct frame_pci_dev *dev = edu();
	struct frame_page *src = frame_page_alloc(0, 0);
	struct frame_page *dst = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct irq_seen seen = { 0 };
	unsigned char *in, *out;

	KT_ASSERT(t, dev && src && dst);
	seen.bar = frame_pci_bar(dev, 0);
	sema_init(&seen.sem, 0);
	out = frame_page_data(src);
	in = frame_page_data(dst);
	for (unsigned int i = 0; i < 256; i++) {
		out[i] = (unsigned char)(i * 13 + 1);
	}
	frame_pci_set_master(dev, true);
	KT_ASSERT_EQ(t, frame_pci_irq_attach(dev, edu_irq, &seen, 0), 0);

	/* RAM to the device's buffer, then back into another page. */
	frame_io_write64(seen.bar, EDU_DMA_SRC, frame_dma_addr(src));
	frame_io_write64(seen.bar, EDU_DMA_DST, EDU_DMA_BUF);
	frame_io_write64(seen.bar, EDU_DMA_COUNT, 256);
	frame_io_write64(seen.bar, EDU_DMA_CMD, DMA_START | DMA_IRQ);
	KT_EXPECT_EQ(t, sema_down_deadline(&seen.sem,
					   frame_clock_ns() + WAIT_NS), 0);
	KT_EXPECT_EQ(t, seen.status, 0x100);

	frame_io_write64(seen.bar, EDU_DMA_SRC, EDU_DMA_BUF);
	frame_io_write64(seen.bar, EDU_DMA_DST, frame_dma_addr(dst));
	frame_io_write64(seen.bar, EDU_DMA_COUNT, 256);
	frame_io_write64(seen.bar, EDU_DMA_CMD,
			 DMA_START | DMA_TO_RAM | DMA_IRQ);
	KT_EXPECT_EQ(t, sema_down_deadline(&seen.sem,
					   frame_clock_ns() + WAIT_NS), 0);
	KT_EXPECT_EQ(t, memcmp(in, out, 256), 0);
	KT_EXPECT_EQ(t, in[256], 0);

	frame_pci_irq_detach(dev);
	frame_pci_set_master(dev, false);
	frame_page_put(src);
	frame_page_put(dst);
}

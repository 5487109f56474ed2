/*
 * DMA: telling devices where memory is.
 *
 * A device reads and writes RAM by device address. A DMA buffer is any page
 * run the driver holds (frame/page.h); frame_dma_addr() gives the address
 * to program into the device, which the kernel never dereferences. The
 * driver must hold the pages until the device is done with them. Memory is
 * coherent on x86: no flush is needed either way.
 *
 * Known shortcoming: without an IOMMU nothing confines a device to the
 * buffers it was given; the host frame checks every device access instead.
 */
#pragma once

#include <frame/page.h>

/* Device address of the first byte of the run page heads. */
uint64_t frame_dma_addr(const struct frame_page *page);

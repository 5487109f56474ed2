/*
 * Device register access.
 *
 * Drivers never hold a pointer to a device register. They acquire a region
 * handle, x86 I/O ports here or a PCI memory BAR (frame/pci.h), and access
 * it by (handle, offset, width); the frame checks every access against the
 * region's bounds and stops the kernel on a driver bug. On the host frame
 * the same accesses reach emulated device models.
 */
#pragma once

#include <frame/types.h>

struct frame_io;

/*
 * Acquire the x86 I/O port range [base, base + len). Returns NULL if the
 * range is empty, wraps, or overlaps a range already acquired. Never sleeps.
 */
struct frame_io *frame_io_port_acquire(uint16_t base, uint16_t len);
void frame_io_release(struct frame_io *io);

/* Register access at a byte offset in the region; off + width <= length. */
uint8_t frame_io_read8(struct frame_io *io, size_t off);
uint16_t frame_io_read16(struct frame_io *io, size_t off);
uint32_t frame_io_read32(struct frame_io *io, size_t off);
void frame_io_write8(struct frame_io *io, size_t off, uint8_t val);
void frame_io_write16(struct frame_io *io, size_t off, uint16_t val);
void frame_io_write32(struct frame_io *io, size_t off, uint32_t val);

/* 64-bit accesses: memory-mapped regions only (ports have none). */
uint64_t frame_io_read64(struct frame_io *io, size_t off);
void frame_io_write64(struct frame_io *io, size_t off, uint64_t val);

/* Length of the region in bytes. */
size_t frame_io_size(const struct frame_io *io);

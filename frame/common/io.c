/*
 * Device register regions (frame/io.h), shared by both frames: which ports
 * a driver acquired, which memory BARs the PCI code handed out, and the
 * bounds check on every access. The access itself is the frame's: port
 * instructions and uncached loads on hardware, a device model on the host.
 */
#include <frame/io.h>
#include <frame/spinlock.h>

#include "internal.h"

#define MAX_REGIONS 32

enum { IO_FREE, IO_PORT, IO_MMIO };

struct frame_io {
	uint8_t kind;
	uint16_t port;		/* IO_PORT: first port */
	size_t len;
	void *cookie;		/* IO_MMIO: the frame's handle on the BAR */
};

static struct frame_io regions[MAX_REGIONS];
static frame_spinlock_t regions_lock = FRAME_SPINLOCK_INIT("frame_io");

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a < b + blen && b < a + alen;
}

struct frame_io *frame_io_port_acquire(uint16_t base, uint16_t len)
{
	struct frame_io *free_slot = NULL;
	frame_irqflags_t flags;

	if (len == 0 || (uint32_t)base + len > 0x10000) {
		return NULL;
	}
	flags = frame_spin_lock(&regions_lock);
	for (unsigned int i = 0; i < MAX_REGIONS; i++) {
		if (regions[i].kind == IO_FREE) {
			free_slot = free_slot ? free_slot : &regions[i];
		} else if (regions[i].kind == IO_PORT &&
			   overlaps(base, len, regions[i].port,
				    (uint32_t)regions[i].len)) {
			free_slot = NULL;
			break;
		}
	}
	if (free_slot) {
		*free_slot = (struct frame_io){ .kind = IO_PORT, .port = base,
						.len = len };
	}
	frame_spin_unlock(&regions_lock, flags);
	return free_slot;
}

struct frame_io *fc_io_mmio_create(void *cookie, size_t len)
{
	frame_irqflags_t flags = frame_spin_lock(&regions_lock);
	struct frame_io *io = NULL;

	for (unsigned int i = 0; i < MAX_REGIONS && !io; i++) {
		if (regions[i].kind == IO_FREE) {
			io = &regions[i];
			*io = (struct frame_io){ .kind = IO_MMIO, .len = len,
						 .cookie = cookie };
		}
	}
	frame_spin_unlock(&regions_lock, flags);
	return io;
}

void frame_io_release(struct frame_io *io)
{
	frame_irqflags_t flags = frame_spin_lock(&regions_lock);

	if (io->kind != IO_PORT) {
		fc_fatal("release of a region that is not a port range",
			 NULL, io->kind);
	}
	io->kind = IO_FREE;
	frame_spin_unlock(&regions_lock, flags);
}

size_t frame_io_size(const struct frame_io *io)
{
	return io->len;
}

static void check(struct frame_io *io, size_t off, unsigned int width)
{
	if (io < regions || io >= regions + MAX_REGIONS ||
	    io->kind == IO_FREE) {
		fc_fatal("I/O access through a released region", NULL, off);
	}
	if (off > io->len || width > io->len - off) {
		fc_fatal("I/O access outside its region", "offset", off);
	}
	if (off & (width - 1)) {
		fc_fatal("misaligned I/O access", "offset", off);
	}
	if (io->kind == IO_PORT && width > 4) {
		fc_fatal("64-bit access to I/O ports", "offset", off);
	}
}

static uint64_t io_read(struct frame_io *io, size_t off, unsigned int width)
{
	check(io, off, width);
	if (io->kind == IO_PORT) {
		return fc_port_read((uint16_t)(io->port + off), width);
	}
	return fc_mmio_read(io->cookie, off, width);
}

static void io_write(struct frame_io *io, size_t off, unsigned int width,
		     uint64_t val)
{
	check(io, off, width);
	if (io->kind == IO_PORT) {
		fc_port_write((uint16_t)(io->port + off), width, (uint32_t)val);
	} else {
		fc_mmio_write(io->cookie, off, width, val);
	}
}

uint8_t frame_io_read8(struct frame_io *io, size_t off)
{
	return (uint8_t)io_read(io, off, 1);
}

uint16_t frame_io_read16(struct frame_io *io, size_t off)
{
	return (uint16_t)io_read(io, off, 2);
}

uint32_t frame_io_read32(struct frame_io *io, size_t off)
{
	return (uint32_t)io_read(io, off, 4);
}

uint64_t frame_io_read64(struct frame_io *io, size_t off)
{
	return io_read(io, off, 8);
}

void frame_io_write8(struct frame_io *io, size_t off, uint8_t val)
{
	io_write(io, off, 1, val);
}

void frame_io_write16(struct frame_io *io, size_t off, uint16_t val)
{
	io_write(io, off, 2, val);
}

void frame_io_write32(struct frame_io *io, size_t off, uint32_t val)
{
	io_write(io, off, 4, val);
}

void frame_io_write64(struct frame_io *io, size_t off, uint64_t val)
{
	io_write(io, off, 8, val);
}

/*
 * Device register regions (frame/io.h), shared by both frames: which ports
 * a driver acquired, and the bounds check on every access. The access itself
 * is the frame's: port instructions on hardware, a device model on the host.
 */
#include <frame/io.h>
#include <frame/spinlock.h>

#include "internal.h"

#define MAX_REGIONS 32

struct frame_io {
	uint16_t base, len;
	bool used;
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
		if (!regions[i].used) {
			free_slot = free_slot ? free_slot : &regions[i];
		} else if (overlaps(base, len, regions[i].base,
				    regions[i].len)) {
			free_slot = NULL;
			break;
		}
	}
	if (free_slot) {
		*free_slot = (struct frame_io){ base, len, true };
	}
	frame_spin_unlock(&regions_lock, flags);
	return free_slot;
}

void frame_io_release(struct frame_io *io)
{
	frame_irqflags_t flags = frame_spin_lock(&regions_lock);

	io->used = false;
	frame_spin_unlock(&regions_lock, flags);
}

static uint16_t check(struct frame_io *io, size_t off, unsigned int width)
{
	if (io < regions || io >= regions + MAX_REGIONS || !io->used) {
		fc_fatal("I/O access through a released region", NULL, off);
	}
	if (off > io->len || width > io->len - off) {
		fc_fatal("I/O access outside its region", "offset", off);
	}
	return (uint16_t)(io->base + off);
}

uint8_t frame_io_read8(struct frame_io *io, size_t off)
{
	return (uint8_t)fc_port_read(check(io, off, 1), 1);
}

uint16_t frame_io_read16(struct frame_io *io, size_t off)
{
	return (uint16_t)fc_port_read(check(io, off, 2), 2);
}

uint32_t frame_io_read32(struct frame_io *io, size_t off)
{
	return fc_port_read(check(io, off, 4), 4);
}

void frame_io_write8(struct frame_io *io, size_t off, uint8_t val)
{
	fc_port_write(check(io, off, 1), 1, val);
}

void frame_io_write16(struct frame_io *io, size_t off, uint16_t val)
{
	fc_port_write(check(io, off, 2), 2, val);
}

void frame_io_write32(struct frame_io *io, size_t off, uint32_t val)
{
	fc_port_write(check(io, off, 4), 4, val);
}

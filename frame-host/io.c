/*
 * Device register access on the host: I/O port regions dispatched to the
 * device models that sim/ registers. A port with no model reads as all ones
 * and ignores writes, as an empty ISA slot does; an access outside the
 * region the driver acquired is a driver bug and stops the kernel.
 */
#include <frame/io.h>

#include "internal.h"

#define MAX_MODELS 16
#define MAX_REGIONS 32

struct port_model {
	uint16_t base, len;
	const struct hf_port_ops *ops;
	void *ctx;
};

struct frame_io {
	uint16_t base, len;
	bool used;
};

static struct port_model models[MAX_MODELS];
static unsigned int nmodels;
static struct frame_io regions[MAX_REGIONS];

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a < b + blen && b < a + alen;
}

int hf_port_register(uint16_t base, uint16_t len,
		     const struct hf_port_ops *ops, void *ctx)
{
	if (len == 0 || (uint32_t)base + len > 0x10000 ||
	    nmodels == MAX_MODELS) {
		return -1;
	}
	for (unsigned int i = 0; i < nmodels; i++) {
		if (overlaps(base, len, models[i].base, models[i].len)) {
			return -1;
		}
	}
	models[nmodels++] = (struct port_model){ base, len, ops, ctx };
	return 0;
}

struct frame_io *frame_io_port_acquire(uint16_t base, uint16_t len)
{
	struct frame_io *free_slot = NULL;

	if (len == 0 || (uint32_t)base + len > 0x10000) {
		return NULL;
	}
	for (unsigned int i = 0; i < MAX_REGIONS; i++) {
		if (!regions[i].used) {
			free_slot = free_slot ? free_slot : &regions[i];
		} else if (overlaps(base, len, regions[i].base,
				    regions[i].len)) {
			return NULL;
		}
	}
	if (free_slot) {
		*free_slot = (struct frame_io){ base, len, true };
	}
	return free_slot;
}

void frame_io_release(struct frame_io *io)
{
	io->used = false;
}

static struct port_model *model_at(uint32_t port)
{
	for (unsigned int i = 0; i < nmodels; i++) {
		if (port >= models[i].base &&
		    port < (uint32_t)models[i].base + models[i].len) {
			return &models[i];
		}
	}
	return NULL;
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

static uint32_t port_read(struct frame_io *io, size_t off, unsigned int width)
{
	uint16_t port = check(io, off, width);
	struct port_model *m = model_at(port);

	if (!m) {
		return 0xffffffffU >> (32 - 8 * width);
	}
	return m->ops->read(m->ctx, (uint16_t)(port - m->base), width);
}

static void port_write(struct frame_io *io, size_t off, unsigned int width,
		       uint32_t val)
{
	uint16_t port = check(io, off, width);
	struct port_model *m = model_at(port);

	if (m) {
		m->ops->write(m->ctx, (uint16_t)(port - m->base), width, val);
	}
}

uint8_t frame_io_read8(struct frame_io *io, size_t off)
{
	return (uint8_t)port_read(io, off, 1);
}

uint16_t frame_io_read16(struct frame_io *io, size_t off)
{
	return (uint16_t)port_read(io, off, 2);
}

uint32_t frame_io_read32(struct frame_io *io, size_t off)
{
	return port_read(io, off, 4);
}

void frame_io_write8(struct frame_io *io, size_t off, uint8_t val)
{
	port_write(io, off, 1, val);
}

void frame_io_write16(struct frame_io *io, size_t off, uint16_t val)
{
	port_write(io, off, 2, val);
}

void frame_io_write32(struct frame_io *io, size_t off, uint32_t val)
{
	port_write(io, off, 4, val);
}

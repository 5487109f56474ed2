/*
 * The I/O port bus of the host frame: port accesses (checked against the
 * driver's region by frame/common/io.c) are dispatched to the device
 * models that sim/ registers. A port with no model reads as all ones and
 * ignores writes, as an empty ISA slot does.
 */
#include "internal.h"

#define MAX_MODELS 16

struct port_model {
	uint16_t base, len;
	const struct hf_port_ops *ops;
	void *ctx;
};

static struct port_model models[MAX_MODELS];
static unsigned int nmodels;

int hf_port_register(uint16_t base, uint16_t len,
		     const struct hf_port_ops *ops, void *ctx)
{
	if (len == 0 || (uint32_t)base + len > 0x10000 ||
	    nmodels == MAX_MODELS) {
		return -1;
	}
	for (unsigned int i = 0; i < nmodels; i++) {
		if (base < models[i].base + models[i].len &&
		    models[i].base < base + len) {
			return -1;
		}
	}
	models[nmodels++] = (struct port_model){ base, len, ops, ctx };
	return 0;
}

static struct port_model *model_at(uint16_t port)
{
	for (unsigned int i = 0; i < nmodels; i++) {
		if (port >= models[i].base &&
		    port < (uint32_t)models[i].base + models[i].len) {
			return &models[i];
		}
	}
	return NULL;
}

uint32_t fc_port_read(uint16_t port, unsigned int width)
{
	struct port_model *m = model_at(port);

	if (!m) {
		return 0xffffffffU >> (32 - 8 * width);
	}
	return m->ops->read(m->ctx, (uint16_t)(port - m->base), width);
}

void fc_port_write(uint16_t port, unsigned int width, uint32_t val)
{
	struct port_model *m = model_at(port);

	if (m) {
		m->ops->write(m->ctx, (uint16_t)(port - m->base), width, val);
	}
}

/*
 * The kernel heap (kernel/slab.h).
 *
 * A slab is a run of pages holding objects of one size class. Its header at
 * the start of the run keeps every piece of bookkeeping out of band (a stack
 * of free slots, a state byte and the requested size per slot), so nothing
 * is ever written into a free or quarantined object and the whole object
 * area can stay poisoned while not in use:
 *
 *	| header | rz | obj 0 | rz | obj 1 | ... | rz | obj n-1 | rz |
 *
 * Freed objects go through a FIFO quarantine before their slot is reused;
 * objects larger than the biggest class get their own page run, with a
 * small record (itself a kmalloc object) holding the requested size.
 */
#define pr_fmt(fmt) "slab: " fmt

#include <frame/page.h>
#include <frame/san.h>
#include <frame/spinlock.h>

#include <kernel/list.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define REDZONE 16
#define MIN_CLASS 16
#define MAX_CLASS 2048
#define NR_CLASSES 8			/* 16, 32, ... 2048 */
#define QUARANTINE_SLOTS 4096
#define QUARANTINE_BYTES (4U << 20)

enum { KIND_SLAB = 0x51ab, KIND_LARGE = 0x1a7e };
enum { SLOT_FREE, SLOT_ALLOCATED, SLOT_QUARANTINED };

struct slab_cache {
	uint32_t size;			/* object size class */
	uint32_t stride;		/* REDZONE + size */
	uint16_t nobjs;			/* per slab */
	uint8_t order;			/* pages per slab: 2^order */
	struct list_head partial;	/* slabs with a free slot */
	struct list_head full;
};

struct slab {
	uint32_t kind;			/* KIND_SLAB */
	uint16_t nfree;
	struct slab_cache *cache;
	struct frame_page *page;
	struct list_head node;		/* on cache->partial or ->full */
	char *slots;			/* left redzone of object 0 */
	uint32_t *req_size;
	uint16_t *free_stack;		/* nfree valid entries */
	uint8_t *state;
};

struct large_obj {
	uint32_t kind;			/* KIND_LARGE */
	size_t size;
};

/* slab_lock protects the caches, their slabs and the quarantine. */
static frame_spinlock_t slab_lock = FRAME_SPINLOCK_INIT("slab");
static struct slab_cache caches[NR_CLASSES];
static const void *quarantine[QUARANTINE_SLOTS];
static size_t q_head, q_count, q_bytes;

static size_t header_size(unsigned int nobjs)
{
	size_t n = sizeof(struct slab) +
		   nobjs * (sizeof(uint32_t) + sizeof(uint16_t) + 1);

	return ALIGN_UP(n, (size_t)16);
}

static void cache_init(struct slab_cache *c, uint32_t size)
{
	unsigned int order = 0;
	size_t bytes, n;

	c->size = size;
	c->stride = REDZONE + size;
	/* Smallest run that holds at least eight objects, up to 8 pages. */
	for (;; order++) {
		bytes = FRAME_PAGE_SIZE << order;
		n = (bytes - REDZONE) / (c->stride + 8);
		while (n && header_size((unsigned int)n) + n * c->stride +
			    REDZONE > bytes) {
			n--;
		}
		if (n >= 8 || order == 3) {
			break;
		}
	}
	KASSERT(n > 0 && n <= UINT16_MAX);
	c->nobjs = (uint16_t)n;
	c->order = (uint8_t)order;
	list_init(&c->partial);
	list_init(&c->full);
}

void slab_init(void)
{
	uint32_t size = MIN_CLASS;

	for (unsigned int i = 0; i < NR_CLASSES; i++, size <<= 1) {
		cache_init(&caches[i], size);
	}
	pr_info("%u size classes, %u-byte redzones, quarantine of %u objects",
		NR_CLASSES, REDZONE, QUARANTINE_SLOTS);
}

static struct slab_cache *cache_for(size_t size)
{
	unsigned int i = 0;

	while ((size_t)MIN_CLASS << i < size) {
		i++;
	}
	return &caches[i];
}

/* A new slab for c, with every object poisoned; slab_lock held. */
static struct slab *slab_create(struct slab_cache *c)
{
	struct frame_page *page = frame_page_alloc(c->order, 0);
	struct slab *s;
	char *base;

	if (!page) {
		return NULL;
	}
	base = frame_page_data(page);
	s = (struct slab *)base;
	*s = (struct slab){ .kind = KIND_SLAB, .nfree = c->nobjs,
			    .cache = c, .page = page };
	s->req_size = (uint32_t *)(s + 1);
	s->free_stack = (uint16_t *)(s->req_size + c->nobjs);
	s->state = (uint8_t *)(s->free_stack + c->nobjs);
	s->slots = base + header_size(c->nobjs);
	for (unsigned int i = 0; i < c->nobjs; i++) {
		s->free_stack[i] = (uint16_t)(c->nobjs - 1 - i);
		s->state[i] = SLOT_FREE;
	}
	frame_san_poison(s->slots, (size_t)c->nobjs * c->stride + REDZONE);
	frame_page_set_private(page, s);
	list_add(&s->node, &c->partial);
	return s;
}

static char *slot_object(const struct slab *s, unsigned int idx)
{
	return s->slots + (size_t)idx * s->cache->stride + REDZONE;
}

static void *large_alloc(size_t size, unsigned int flags)
{
	struct large_obj *rec = kmalloc(sizeof(*rec), 0);
	unsigned int order = 0;
	struct frame_page *page;
	char *obj;

	/* Stop past the largest order: a huge size must not overflow. */
	while (order <= FRAME_PAGE_MAX_ORDER &&
	       (FRAME_PAGE_SIZE << order) < size) {
		order++;
	}
	if (!rec || order > FRAME_PAGE_MAX_ORDER ||
	    !(page = frame_page_alloc(order, 0))) {
		kfree(rec);
		return NULL;
	}
	*rec = (struct large_obj){ .kind = KIND_LARGE, .size = size };
	frame_page_set_private(page, rec);
	obj = frame_page_data(page);
	frame_san_poison(obj + size, (FRAME_PAGE_SIZE << order) - size);
	frame_san_obj_alloc(obj, size, 0, false);
	if (flags & KM_ZERO) {
		memset(obj, 0, size);
	}
	return obj;
}

void *kmalloc(size_t size, unsigned int flags)
{
	struct slab_cache *c;
	frame_irqflags_t irq;
	struct slab *s;
	unsigned int idx;
	char *obj;

	if (size > MAX_CLASS) {
		return large_alloc(size, flags);
	}
	c = cache_for(size);
	irq = frame_spin_lock(&slab_lock);
	if (list_empty(&c->partial) && !slab_create(c)) {
		frame_spin_unlock(&slab_lock, irq);
		return NULL;
	}
	s = list_first_entry(&c->partial, struct slab, node);
	idx = s->free_stack[--s->nfree];
	KASSERT(s->state[idx] == SLOT_FREE);
	s->state[idx] = SLOT_ALLOCATED;
	s->req_size[idx] = (uint32_t)size;
	if (s->nfree == 0) {
		list_del(&s->node);
		list_add(&s->node, &c->full);
	}
	frame_spin_unlock(&slab_lock, irq);

	obj = slot_object(s, idx);
	frame_san_poison(obj + size, c->size - size);
	frame_san_obj_alloc(obj, size, REDZONE, false);
	if (flags & KM_ZERO) {
		memset(obj, 0, size);
	}
	return obj;
}

/* Make the slot of a quarantined object reusable; slab_lock held. */
static void slot_release(const void *obj)
{
	struct slab *s = frame_page_private(frame_page_of(obj));
	struct slab_cache *c = s->cache;
	unsigned int idx = (unsigned int)(((const char *)obj - s->slots) /
					  c->stride);

	KASSERT(s->state[idx] == SLOT_QUARANTINED);
	s->state[idx] = SLOT_FREE;
	s->free_stack[s->nfree++] = (uint16_t)idx;
	if (s->nfree == 1) {
		list_del(&s->node);
		list_add(&s->node, &c->partial);
	}
	if (s->nfree == c->nobjs && c->partial.next != c->partial.prev) {
		/* Empty and not the cache's only partial slab: give it back. */
		list_del(&s->node);
		frame_page_put(s->page);
	}
}

/* Queue a freed object; release the oldest ones beyond the limits. */
static void quarantine_push(const void *obj, size_t size)
{
	while (q_count == QUARANTINE_SLOTS ||
	       (q_count > 0 && q_bytes + size > QUARANTINE_BYTES)) {
		const void *old = quarantine[q_head];
		const struct slab *s = frame_page_private(frame_page_of(old));

		q_bytes -= s->cache->size;
		q_head = (q_head + 1) % QUARANTINE_SLOTS;
		q_count--;
		slot_release(old);
	}
	quarantine[(q_head + q_count) % QUARANTINE_SLOTS] = obj;
	q_count++;
	q_bytes += size;
}

/* Find the slab slot of ptr, or panic on a pointer kfree cannot take. */
static unsigned int slab_slot(const struct slab *s, const void *ptr)
{
	const char *p = ptr;
	size_t off;

	if (p < s->slots + REDZONE) {
		panic("kfree(%p): not the start of a heap object", ptr);
	}
	off = (size_t)(p - s->slots - REDZONE);
	if (off % s->cache->stride || off / s->cache->stride >= s->cache->nobjs) {
		panic("kfree(%p): not the start of a heap object", ptr);
	}
	return (unsigned int)(off / s->cache->stride);
}

static void large_free(struct frame_page *page, struct large_obj *rec,
		       const void *ptr)
{
	if (ptr != frame_page_data(page)) {
		panic("kfree(%p): not the start of a heap object", ptr);
	}
	frame_san_obj_free(ptr, rec->size, 0);
	frame_page_set_private(page, NULL);
	kfree(rec);
	frame_page_put(page);
}

void kfree(const void *ptr)
{
	struct frame_page *page;
	frame_irqflags_t irq;
	struct slab *s;
	unsigned int idx;
	uint32_t *kind;

	if (!ptr) {
		return;
	}
	page = frame_page_of(ptr);
	kind = page ? frame_page_private(page) : NULL;
	if (!kind) {
		panic("kfree(%p): not heap memory", ptr);
	}
	if (*kind == KIND_LARGE) {
		large_free(page, (struct large_obj *)kind, ptr);
		return;
	}
	KASSERT(*kind == KIND_SLAB);
	s = (struct slab *)kind;
	idx = slab_slot(s, ptr);

	irq = frame_spin_lock(&slab_lock);
	if (s->state[idx] != SLOT_ALLOCATED) {
		frame_spin_unlock(&slab_lock, irq);
		panic("kfree(%p): double free", ptr);
	}
	s->state[idx] = SLOT_QUARANTINED;
	frame_san_obj_free(ptr, s->req_size[idx], REDZONE);
	quarantine_push(ptr, s->cache->size);
	frame_spin_unlock(&slab_lock, irq);
}

size_t kmalloc_size(const void *ptr)
{
	struct frame_page *page = frame_page_of(ptr);
	uint32_t *kind = page ? frame_page_private(page) : NULL;
	const struct slab *s;

	KASSERT(kind);
	if (*kind == KIND_LARGE) {
		return ((struct large_obj *)kind)->size;
	}
	s = (const struct slab *)kind;
	return s->req_size[slab_slot(s, ptr)];
}

size_t slab_quarantine_count(void)
{
	return __atomic_load_n(&q_count, __ATOMIC_RELAXED);
}

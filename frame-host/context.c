/*
 * Kernel contexts on the host: fibers on the one host thread that plays the
 * CPU. Each has its own mmap'd stack with a guard page below it, switched by
 * the frame's shared x86-64 routine, and announced to AddressSanitizer
 * (fiber switch annotations) and Valgrind (stack registration) so both tools
 * follow the switches.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include <frame/task.h>

#include "internal.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define HF_STACK_SIZE (512 * 1024)
#else
#define HF_STACK_SIZE (128 * 1024)
#endif

#define GUARD_SIZE 4096

struct frame_context {
	void *sp;
	void *map;			/* guard + stack + this page */
	size_t map_len;
	char *stack_lo;
	size_t stack_len;
	uint64_t id;
	void (*entry)(void *arg);
	void *arg;
	unsigned int vg_stack;
	void *fake_stack;		/* ASan's, while switched away */
	bool exited;
};

static struct frame_context host_ctx;	/* the host thread's own stack */
static struct frame_context *current;
static uint64_t next_id;

static void san_start_switch(void **fake_save, struct frame_context *to)
{
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_start_switch_fiber(fake_save, to->stack_lo, to->stack_len);
#else
	(void)fake_save;
	(void)to;
#endif
}

static void san_finish_switch(void *fake_save)
{
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_finish_switch_fiber(fake_save, NULL, NULL);
#else
	(void)fake_save;
#endif
}

static void context_entry(void *arg)
{
	struct frame_context *ctx = arg;

	san_finish_switch(NULL);
	ctx->entry(ctx->arg);
	fc_fatal("kernel context entry returned", NULL, ctx->id);
}

struct frame_context *frame_context_create(void (*entry)(void *), void *arg)
{
	size_t len = GUARD_SIZE + HF_STACK_SIZE + 4096;
	char *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct frame_context *ctx;

	if (map == MAP_FAILED) {
		return NULL;
	}
	if (mprotect(map, GUARD_SIZE, PROT_NONE) != 0) {
		munmap(map, len);
		return NULL;
	}
	ctx = (struct frame_context *)(map + GUARD_SIZE + HF_STACK_SIZE);
	*ctx = (struct frame_context){
		.map = map,
		.map_len = len,
		.stack_lo = map + GUARD_SIZE,
		.stack_len = HF_STACK_SIZE,
		.id = next_id++,
		.entry = entry,
		.arg = arg,
	};
	ctx->vg_stack = VALGRIND_STACK_REGISTER(ctx->stack_lo,
						ctx->stack_lo + ctx->stack_len);
	ctx->sp = fc_context_stack_init(ctx->stack_lo + ctx->stack_len,
					context_entry, ctx);
	return ctx;
}

void frame_context_destroy(struct frame_context *ctx)
{
	if (ctx == current) {
		fc_fatal("destroying the running context", NULL, ctx->id);
	}
	VALGRIND_STACK_DEREGISTER(ctx->vg_stack);
#ifdef __SANITIZE_ADDRESS__
	/* Frames that never returned leave stack redzones in the shadow. */
	__asan_unpoison_memory_region(ctx->stack_lo, ctx->stack_len);
#endif
	munmap(ctx->map, ctx->map_len);
}

struct frame_context *frame_context_current(void)
{
	return current;
}

uint64_t frame_context_id(const struct frame_context *ctx)
{
	return ctx->id;
}

void frame_context_switch(struct frame_context *from, struct frame_context *to)
{
	if (from != current || to->exited) {
		fc_fatal("bad context switch", NULL, to->id);
	}
	if (from == to) {
		return;
	}
	hf_hash_event(1, to->id);
	current = to;
	san_start_switch(&from->fake_stack, to);
	fc_switch(&from->sp, to->sp);
	san_finish_switch(from->fake_stack);
}

void frame_context_exit(struct frame_context *from, struct frame_context *to)
{
	if (from != current || from == to || to->exited) {
		fc_fatal("bad context exit", NULL, from->id);
	}
	hf_hash_event(1, to->id);
	from->exited = true;
	current = to;
	san_start_switch(NULL, to);
	fc_switch(&from->sp, to->sp);
	__builtin_unreachable();
}

/* Leave the host thread's stack for the boot context; never comes back. */
void hf_context_init(void (*boot_entry)(void *), void *arg)
{
	struct frame_context *boot = frame_context_create(boot_entry, arg);

	if (!boot) {
		fprintf(stderr, "frame-host: cannot map the boot stack\n");
		_exit(2);
	}
	current = boot;
	san_start_switch(&host_ctx.fake_stack, boot);
	fc_switch(&host_ctx.sp, boot->sp);
	__builtin_unreachable();
}

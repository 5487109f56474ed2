/*
 * panic(): the end of the road for a kernel invariant that does not hold.
 */
#include <stdarg.h>

#include <frame/boot.h>
#include <frame/irq.h>

#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/printf.h>
#include <kernel/string.h>

static void (*dump_hook)(void);
static bool panicking;

void panic_set_dump_hook(void (*hook)(void))
{
	dump_hook = hook;
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	frame_irq_disable();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (panicking) {
		/* A panic while panicking: say so without the log's locks. */
		frame_early_write("\nnested panic: ", 15);
		frame_early_write(msg, strlen(msg));
		frame_early_write("\n", 1);
		frame_halt_panic();
	}
	panicking = true;

	kprintf("\nKernel panic: %s\n", msg);
	frame_dump_stack();
	if (dump_hook) {
		dump_hook();
	}
	kprintf("Kernel panic end: %s\n", msg);
	frame_halt_panic();
}

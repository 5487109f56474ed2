/*
 * The first stack frame of a new kernel context (see x86_64/switch.S).
 */
#include "internal.h"

void *fc_context_stack_init(void *stack_top, void (*fn)(void *), void *arg)
{
	uintptr_t top = (uintptr_t)stack_top & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)(top - 72);

	/*
	 * Six callee-saved registers, then the return address. After the
	 * final ret of fc_switch the stack pointer is top - 16, so the call
	 * in fc_context_start sees the 16-byte alignment the ABI requires.
	 */
	sp[0] = 0;			/* r15 */
	sp[1] = 0;			/* r14 */
	sp[2] = (uint64_t)(uintptr_t)arg;	/* r13 */
	sp[3] = (uint64_t)(uintptr_t)fn;	/* r12 */
	sp[4] = 0;			/* rbx */
	sp[5] = 0;			/* rbp */
	sp[6] = (uint64_t)(uintptr_t)fc_context_start;
	sp[7] = 0;
	sp[8] = 0;
	return sp;
}

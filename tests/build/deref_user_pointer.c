/*
 * Must not compile: a user address cannot be dereferenced above the frame.
 * The test expects this exact compiler error.
 */
#include <frame/uaccess.h>

int peek(frame_uptr_t p);

int peek(frame_uptr_t p)
{
	return *p;
}

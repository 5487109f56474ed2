/* Must compile with the kernel's flags: UAPI and freestanding headers. */
#include <asm/unistd_64.h>
#include <linux/types.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <frame/page.h>

_Static_assert(__NR_write == 1, "x86-64 write is syscall 1");

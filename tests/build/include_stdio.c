/* Must not compile with the kernel's flags: there is no libc above the frame. */
#include <stdio.h>

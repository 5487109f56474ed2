/*
 * Address-space hooks of the host frame (see frame/common/vm.c).
 *
 * The kernel does not live in user page tables here: it is the host
 * process. The top of the user range is kept back for the stub that
 * carries each address space's host process (user.c), below the 47-bit
 * limit; user.c also drops translations from that process.
 */
#include "internal.h"

#define HOST_USER_END 0x7fff00000000UL

uintptr_t fc_vm_user_end(void)
{
	return HOST_USER_END;
}

void fc_vm_init_kernel_half(uint64_t *pml4)
{
	(void)pml4;
}

void fc_vm_load(frame_pfn_t root_pfn)
{
	/* Nothing to load: user processes find their tables at entry. */
	(void)root_pfn;
}

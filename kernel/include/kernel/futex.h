/*
 * Futexes: sleep while a 32-bit user word holds an expected value, and
 * wake the sleepers on a word. The building block of user-space locks,
 * condition variables and thread joins.
 *
 * Waiters are keyed by address space and user address: a futex is shared
 * by the threads of a process and by processes that share memory with
 * CLONE_VM. Not yet: futexes in MAP_SHARED memory between address spaces,
 * FUTEX_WAKE_OP and the priority-inheritance operations (-ENOSYS).
 */
#pragma once

#include <kernel/types.h>

struct mm;
struct process;

/* Wake up to n waiters on uaddr in mm; returns how many were woken. */
int futex_wake(struct mm *mm, uintptr_t uaddr, int n);

/* Thread p is exiting: release the robust futexes it still holds. */
void futex_exit_robust_list(struct process *p);

long sys_futex(struct process *p, uintptr_t uaddr, int op, uint32_t val,
	       uintptr_t timeout, uintptr_t uaddr2, uint32_t val3);
long sys_set_robust_list(struct process *p, uintptr_t head, size_t len);
long sys_get_robust_list(struct process *p, int pid, uintptr_t head,
			 uintptr_t len);

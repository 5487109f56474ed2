/*
 * Waiting for several files at once: poll(), ppoll(), select(), pselect6().
 *
 * A file's poll operation (file_ops.poll) returns the events it is ready
 * for now (POLLIN, POLLOUT, POLLHUP, ...) and calls poll_wait() for each
 * wait queue whose wakeup may change that. The first pass over the files
 * puts the caller on those queues; it then sleeps until one wakes it, a
 * signal wants it or the timeout passes, and asks every file again. A file
 * without a poll operation is always ready to read and write, as on Linux.
 */
#pragma once

#include <linux/poll.h>

#include <kernel/types.h>

struct file;
struct poll_table;
struct process;
struct wait_queue;

#define POLL_DEFAULT_MASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* From a poll operation: wake the poller when wq is woken. pt may be NULL. */
void poll_wait(struct poll_table *pt, struct wait_queue *wq);

/* What f is ready for now; registers with pt as its poll operation does. */
unsigned int file_poll(struct file *f, struct poll_table *pt);

long sys_poll(struct process *p, uintptr_t fds, unsigned long nfds,
	      int timeout_ms);
long sys_ppoll(struct process *p, uintptr_t fds, unsigned long nfds,
	       uintptr_t timeout, uintptr_t sigmask, size_t sigsetsize);
long sys_select(struct process *p, int n, uintptr_t in, uintptr_t out,
		uintptr_t ex, uintptr_t timeout);
long sys_pselect6(struct process *p, int n, uintptr_t in, uintptr_t out,
		  uintptr_t ex, uintptr_t timeout, uintptr_t sigmask);

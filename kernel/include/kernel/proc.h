/*
 * User processes. The walking skeleton of the process model: one address
 * space and one thread per process, a static ELF from the initramfs, and
 * the syscall loop that is the same on every frame.
 */
#pragma once

#include <frame/user.h>
#include <frame/vm.h>

#include <kernel/types.h>

struct process {
	int pid;			/* constant */
	char comm[16];			/* constant */
	struct frame_vm *vm;		/* constant */
	struct frame_user_context uctx;	/* only the running thread */
	bool exiting;
	int exit_code;			/* exit status, or 128 + signal */
};

/* Start path from the initramfs as a new process with argv {path}. */
int process_create(const char *path, struct process **out);

/* Run the process until it exits; returns its exit code. May sleep. */
int process_run(struct process *p);

void process_destroy(struct process *p);

/* Dispatch one syscall (number in regs.orig_rax); returns its result. */
long syscall_dispatch(struct process *p, struct frame_user_regs *regs);

/* ELF loading (exec.c): map the image and build the initial stack. */
int exec_load(struct frame_vm *vm, const void *image, size_t size,
	      const char *path, struct frame_user_regs *regs);

/*
 * Processes (kernel/proc.h): create one from the initramfs and run its
 * thread: the frame runs user code until it traps, the kernel handles the
 * trap (a syscall, a fault, an exception, an interrupt) and runs it again.
 */
#define pr_fmt(fmt) "proc: " fmt

#include <fs/initramfs.h>
#include <kernel/log.h>
#include <kernel/proc.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define SIGILL 4
#define SIGFPE 8
#define SIGSEGV 11

static int next_pid = 1;

int process_create(const char *path, struct process **out)
{
	struct cpio_entry file;
	struct process *p;
	int err;

	err = initramfs_lookup(path, &file);
	if (err) {
		return err;
	}
	p = kzalloc(sizeof(*p));
	if (!p) {
		return -ENOMEM;
	}
	p->vm = frame_vm_create();
	p->uctx.fpu = kzalloc(frame_user_fpu_size());
	if (!p->vm || !p->uctx.fpu) {
		process_destroy(p);
		return -ENOMEM;
	}
	frame_user_fpu_init(&p->uctx);
	err = exec_load(p->vm, file.data, file.size, path, &p->uctx.regs);
	if (err) {
		process_destroy(p);
		return err;
	}
	p->pid = next_pid++;
	strlcpy(p->comm, strchr(path, '/') ? path + 1 : path, sizeof(p->comm));
	*out = p;
	return 0;
}

void process_destroy(struct process *p)
{
	if (p->vm) {
		frame_vm_destroy(p->vm);
	}
	kfree(p->uctx.fpu);
	kfree(p);
}

static void kill_by_signal(struct process *p, int sig, const char *why,
			   const struct frame_trap *trap)
{
	pr_info("%s[%d]: %s at ip %#llx addr %#lx", p->comm, p->pid, why,
		(unsigned long long)p->uctx.regs.rip,
		(unsigned long)trap->fault_addr);
	p->exit_code = 128 + sig;
	p->exiting = true;
}

static void handle_exception(struct process *p, const struct frame_trap *trap)
{
	switch (trap->vector) {
	case 0:				/* #DE */
	case 16:			/* #MF */
	case 19:			/* #XM */
		kill_by_signal(p, SIGFPE, "arithmetic exception", trap);
		break;
	case 6:				/* #UD */
		kill_by_signal(p, SIGILL, "invalid opcode", trap);
		break;
	default:
		kill_by_signal(p, SIGSEGV, "general protection", trap);
		break;
	}
}

int process_run(struct process *p)
{
	struct frame_vm *prev = frame_vm_active();

	frame_vm_activate(p->vm);
	while (!p->exiting) {
		struct frame_trap trap;
		int err = frame_user_run(&p->uctx, &trap);

		if (err) {
			pr_err("%s[%d]: cannot run user code (%d)", p->comm,
			       p->pid, err);
			p->exit_code = 127;
			break;
		}
		switch (trap.kind) {
		case FRAME_TRAP_SYSCALL:
			p->uctx.regs.rax =
				(uint64_t)syscall_dispatch(p, &p->uctx.regs);
			break;
		case FRAME_TRAP_PAGE_FAULT:
			/* No demand paging yet: every page is mapped at exec. */
			kill_by_signal(p, SIGSEGV, "segfault", &trap);
			break;
		case FRAME_TRAP_EXCEPTION:
			handle_exception(p, &trap);
			break;
		case FRAME_TRAP_INTERRUPT:
			break;
		}
	}
	frame_vm_activate(prev);
	return p->exit_code;
}

/*
 * The Linux syscall layer (kernel/proc.h): numbers from <asm/unistd_64.h>,
 * each sys_<name> decoding its arguments and returning a result or
 * -errno. Calls with no implementation return -ENOSYS and are logged once.
 */
#define pr_fmt(fmt) "syscall: " fmt

#include <asm/prctl.h>
#include <asm/unistd_64.h>

#include <frame/uaccess.h>

#include <kernel/log.h>
#include <kernel/proc.h>

#define NR_SYSCALLS 512
#define WRITE_CHUNK 256

static long sys_write(struct process *p, unsigned long fd, frame_uptr_t buf,
		      size_t count)
{
	char chunk[WRITE_CHUNK];
	size_t done = 0;

	if (fd != 1 && fd != 2) {
		return -EBADF;
	}
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));
		size_t left = frame_copy_from_user(chunk,
						   frame_uptr_add(buf, done), n);

		console_output(chunk, n - left);
		done += n - left;
		if (left) {
			return done ? (long)done : -EFAULT;
		}
	}
	return (long)done;
}

static long sys_arch_prctl(struct frame_user_regs *regs, int code,
			   unsigned long addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= frame_vm_user_end()) {
			return -EPERM;
		}
		regs->fs_base = addr;
		return 0;
	case ARCH_GET_FS:
		return frame_copy_to_user(frame_uptr(addr), &regs->fs_base,
					  sizeof(regs->fs_base)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

static long sys_exit_group(struct process *p, int status)
{
	p->exit_code = status & 0xff;
	p->exiting = true;
	return 0;
}

static void log_unimplemented(unsigned long nr)
{
	static uint8_t logged[NR_SYSCALLS / 8];

	if (nr < NR_SYSCALLS && !(logged[nr / 8] & (1U << (nr % 8)))) {
		logged[nr / 8] |= (uint8_t)(1U << (nr % 8));
		pr_debug("syscall %lu is not implemented", nr);
	}
}

long syscall_dispatch(struct process *p, struct frame_user_regs *regs)
{
	unsigned long nr = regs->orig_rax;
	unsigned long a0 = regs->rdi, a1 = regs->rsi, a2 = regs->rdx;

	switch (nr) {
	case __NR_write:
		return sys_write(p, a0, frame_uptr(a1), a2);
	case __NR_arch_prctl:
		return sys_arch_prctl(regs, (int)a0, a1);
	case __NR_set_tid_address:
		return p->pid;
	case __NR_getpid:
		return p->pid;
	case __NR_exit:
	case __NR_exit_group:
		return sys_exit_group(p, (int)a0);
	default:
		log_unimplemented(nr);
		return -ENOSYS;
	}
}

/*
 * The Linux syscall layer: numbers from <asm/unistd_64.h>, each sys_<name>
 * decoding its arguments and returning a result or -errno. Calls with no
 * implementation return -ENOSYS and are logged once, by name.
 */
#define pr_fmt(fmt) "syscall: " fmt

#include <asm/prctl.h>
#include <asm/unistd_64.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/stat.h>

#include <frame/uaccess.h>

#include <generated/syscall_names.h>
#include <kernel/file.h>
#include <kernel/futex.h>
#include <kernel/itimer.h>
#include <kernel/log.h>
#include <kernel/poll.h>
#include <kernel/proc.h>
#include <kernel/sched.h>

#define NR_SYSCALLS ARRAY_SIZE(syscall_names)

static long sys_read(struct process *p, int fd, frame_uptr_t buf,
		     size_t count)
{
	struct file *f = fd_get(p->fdt, fd);
	long r;

	if (!f) {
		return -EBADF;
	}
	r = (f->flags & O_ACCMODE) == O_WRONLY || !f->ops->read ? -EBADF :
	    f->ops->read(f, buf, min(count, (size_t)0x7ffff000));
	file_put(f);
	return r;
}

static long sys_write(struct process *p, int fd, frame_uptr_t buf,
		      size_t count)
{
	struct file *f = fd_get(p->fdt, fd);
	long r;

	if (!f) {
		return -EBADF;
	}
	r = (f->flags & O_ACCMODE) == O_RDONLY || !f->ops->write ? -EBADF :
	    f->ops->write(f, buf, min(count, (size_t)0x7ffff000));
	file_put(f);
	return r;
}

static long sys_pipe2(struct process *p, frame_uptr_t fds, int flags)
{
	struct file *rd, *wr;
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) {
		return -EINVAL;
	}
	err = pipe_create((unsigned int)flags, &rd, &wr);
	if (err) {
		return err;
	}
	fd[0] = fd_install(p->fdt, rd, 0, flags & O_CLOEXEC);
	if (fd[0] < 0) {
		file_put(wr);
		return fd[0];
	}
	fd[1] = fd_install(p->fdt, wr, 0, flags & O_CLOEXEC);
	if (fd[1] < 0) {
		fd_close(p->fdt, fd[0]);
		return fd[1];
	}
	if (frame_copy_to_user(fds, fd, sizeof(fd))) {
		fd_close(p->fdt, fd[0]);
		fd_close(p->fdt, fd[1]);
		return -EFAULT;
	}
	return 0;
}

static long sys_dup(struct process *p, int fd, int min, bool cloexec)
{
	struct file *f = fd_get(p->fdt, fd);

	return f ? fd_install(p->fdt, f, min, cloexec) : -EBADF;
}

static long sys_dup3(struct process *p, int oldfd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC) {
		return -EINVAL;
	}
	if (oldfd == newfd) {
		return -EINVAL;
	}
	return fd_dup_to(p->fdt, oldfd, newfd, flags & O_CLOEXEC);
}

static long sys_dup2(struct process *p, int oldfd, int newfd)
{
	if (oldfd == newfd) {
		struct file *f = fd_get(p->fdt, oldfd);

		if (!f) {
			return -EBADF;
		}
		file_put(f);
		return newfd;
	}
	return fd_dup_to(p->fdt, oldfd, newfd, false);
}

static long sys_fcntl(struct process *p, int fd, int cmd, unsigned long arg)
{
	const unsigned int settable = O_APPEND | O_NONBLOCK;
	struct file *f;
	long r;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= FD_MAX) {
			return -EINVAL;
		}
		return sys_dup(p, fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_get_cloexec(p->fdt, fd);
	case F_SETFD:
		return fd_set_cloexec(p->fdt, fd, arg & FD_CLOEXEC);
	case F_GETFL:
	case F_SETFL:
		f = fd_get(p->fdt, fd);
		if (!f) {
			return -EBADF;
		}
		r = f->flags;
		if (cmd == F_SETFL) {
			f->flags = (f->flags & ~settable) |
				   ((unsigned int)arg & settable);
			r = 0;
		}
		file_put(f);
		return r;
	default:
		return -EINVAL;
	}
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

static unsigned int frame_prot(unsigned long prot)
{
	return (prot & (PROT_READ | PROT_WRITE | PROT_EXEC) ?
		FRAME_PROT_READ : 0) |
	       (prot & PROT_WRITE ? FRAME_PROT_WRITE : 0) |
	       (prot & PROT_EXEC ? FRAME_PROT_EXEC : 0);
}

/* The file behind a mapping, checked against the access asked for. */
static long map_file(struct process *p, long fd, unsigned long prot,
		     unsigned long type, struct file **out)
{
	struct file *f = fd_get(p->fdt, (int)fd);
	struct inode *in;
	long err = 0;

	if (!f) {
		return -EBADF;
	}
	in = f->path.inode;
	if (in && S_ISCHR(in->mode) && in->rdev == (1 << 8 | 5)) {
		file_put(f);		/* /dev/zero: anonymous memory */
		*out = NULL;
		return 0;
	}
	if (!in || !S_ISREG(in->mode) || !in->ops->get_page) {
		err = -ENODEV;
	} else if ((f->flags & O_ACCMODE) == O_WRONLY ||
		   (type == MAP_SHARED && (prot & PROT_WRITE) &&
		    (f->flags & O_ACCMODE) != O_RDWR)) {
		err = -EACCES;
	} else if ((prot & PROT_EXEC) && (f->path.mnt && vfs_noexec(&f->path))) {
		err = -EPERM;
	}
	if (err) {
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

static long sys_mmap(struct process *p, unsigned long addr, size_t len,
		     unsigned long prot, unsigned long flags, long fd,
		     unsigned long off)
{
	unsigned long type = flags & MAP_TYPE;
	struct file *f = NULL;
	uintptr_t out;
	long err;

	if (len == 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
	    (type != MAP_PRIVATE && type != MAP_SHARED &&
	     type != MAP_SHARED_VALIDATE) ||
	    ((flags & MAP_FIXED) && (addr & (FRAME_PAGE_SIZE - 1))) ||
	    (off & (FRAME_PAGE_SIZE - 1))) {
		return -EINVAL;
	}
	if (type == MAP_SHARED_VALIDATE) {
		type = MAP_SHARED;
	}
	if (!(flags & MAP_ANONYMOUS)) {
		err = map_file(p, fd, prot, type, &f);
		if (err) {
			return err;
		}
	}
	err = mm_map_file(p->mm, addr, len, frame_prot(prot),
			  type == MAP_SHARED ? VMA_SHARED : 0,
			  flags & MAP_FIXED, f, off, &out);
	if (f) {
		file_put(f);
	}
	return err ? err : (long)out;
}

static long sys_mremap(struct process *p, unsigned long old, size_t old_len,
		       size_t new_len, unsigned long flags,
		       unsigned long new_addr)
{
	uintptr_t out;
	long err;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) {
		return -EINVAL;		/* MREMAP_DONTUNMAP is not supported */
	}
	err = mm_remap(p->mm, old, old_len, new_len,
		       (flags & MREMAP_MAYMOVE ? MM_REMAP_MAYMOVE : 0) |
		       (flags & MREMAP_FIXED ? MM_REMAP_FIXED : 0), new_addr,
		       &out);
	return err ? err : (long)out;
}

static long sys_mprotect(struct process *p, unsigned long addr, size_t len,
			 unsigned long prot)
{
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) {
		return -EINVAL;
	}
	if (len == 0) {
		return addr & (FRAME_PAGE_SIZE - 1) ? -EINVAL : 0;
	}
	return mm_protect(p->mm, addr, len, frame_prot(prot));
}

static void log_unimplemented(unsigned long nr)
{
	static uint8_t logged[512 / 8];

	if (nr < 512 && !(logged[nr / 8] & (1U << (nr % 8)))) {
		logged[nr / 8] |= (uint8_t)(1U << (nr % 8));
		pr_debug("%s (%lu) is not implemented",
			 nr < NR_SYSCALLS && syscall_names[nr] ?
			 syscall_names[nr] : "unknown", nr);
	}
}

long syscall_dispatch(struct process *p, struct frame_user_regs *regs)
{
	unsigned long nr = regs->orig_rax;
	unsigned long a0 = regs->rdi, a1 = regs->rsi, a2 = regs->rdx;
	unsigned long a3 = regs->r10, a4 = regs->r8, a5 = regs->r9;

	switch (nr) {
	case __NR_read:
		return sys_read(p, (int)a0, frame_uptr(a1), a2);
	case __NR_write:
		return sys_write(p, (int)a0, frame_uptr(a1), a2);
	case __NR_close:
		return fd_close(p->fdt, (int)a0);
	case __NR_open:
		return sys_openat(p, AT_FDCWD, a0, (int)a1, (unsigned int)a2);
	case __NR_openat:
		return sys_openat(p, (int)a0, a1, (int)a2, (unsigned int)a3);
	case __NR_creat:
		return sys_openat(p, AT_FDCWD, a0, O_CREAT | O_WRONLY | O_TRUNC,
				  (unsigned int)a1);
	case __NR_lseek:
		return sys_lseek(p, (int)a0, (int64_t)a1, (int)a2);
	case __NR_fstat:
		return sys_fstat(p, (int)a0, a1);
	case __NR_stat:
		return sys_fstatat(p, AT_FDCWD, a0, a1, 0);
	case __NR_lstat:
		return sys_fstatat(p, AT_FDCWD, a0, a1, AT_SYMLINK_NOFOLLOW);
	case __NR_newfstatat:
		return sys_fstatat(p, (int)a0, a1, a2, (int)a3);
	case __NR_getdents64:
		return sys_getdents64(p, (int)a0, a1, a2);
	case __NR_mkdir:
		return sys_mkdirat(p, AT_FDCWD, a0, (unsigned int)a1);
	case __NR_mkdirat:
		return sys_mkdirat(p, (int)a0, a1, (unsigned int)a2);
	case __NR_unlink:
		return sys_unlinkat(p, AT_FDCWD, a0, 0);
	case __NR_rmdir:
		return sys_unlinkat(p, AT_FDCWD, a0, AT_REMOVEDIR);
	case __NR_unlinkat:
		return sys_unlinkat(p, (int)a0, a1, (int)a2);
	case __NR_chdir:
		return sys_chdir(p, a0);
	case __NR_getcwd:
		return sys_getcwd(p, a0, a1);
	case __NR_uname:
		return sys_uname(a0);
	case __NR_sethostname:
		return sys_sethostname(p, a0, a1);
	case __NR_clock_gettime:
		return sys_clock_gettime((int)a0, a1);
	case __NR_clock_getres:
		return sys_clock_getres((int)a0, a1);
	case __NR_gettimeofday:
		return sys_gettimeofday(a0, a1);
	case __NR_time:
		return sys_time(a0);
	case __NR_nanosleep:
		return sys_clock_nanosleep(CLOCK_MONOTONIC, 0, a0, a1);
	case __NR_clock_nanosleep:
		return sys_clock_nanosleep((int)a0, (int)a1, a2, a3);
	case __NR_getrandom:
		return sys_getrandom(a0, a1, (unsigned int)a2);
	case __NR_rt_sigaction:
		return sys_rt_sigaction(p, (int)a0, a1, a2, a3);
	case __NR_rt_sigprocmask:
		return sys_rt_sigprocmask(p, (int)a0, a1, a2, a3);
	case __NR_rt_sigpending:
		return sys_rt_sigpending(p, a0, a1);
	case __NR_rt_sigsuspend:
		return sys_rt_sigsuspend(p, a0, a1);
	case __NR_pause:
		return sys_pause(p);
	case __NR_rt_sigreturn:
		return sys_rt_sigreturn(p);
	case __NR_sigaltstack:
		return sys_sigaltstack(p, a0, a1);
	case __NR_kill:
		return sys_kill(p, (int)a0, (int)a1);
	case __NR_tkill:
		return sys_tgkill(p, -1, (int)a0, (int)a1);
	case __NR_tgkill:
		return sys_tgkill(p, (int)a0, (int)a1, (int)a2);
	case __NR_setitimer:
		return sys_setitimer(p, (int)a0, a1, a2);
	case __NR_getitimer:
		return sys_getitimer(p, (int)a0, a1);
	case __NR_alarm:
		return sys_alarm(p, (unsigned int)a0);
	case __NR_futex:
		return sys_futex(p, a0, (int)a1, (uint32_t)a2, a3, a4,
				 (uint32_t)a5);
	case __NR_set_robust_list:
		return sys_set_robust_list(p, a0, a1);
	case __NR_get_robust_list:
		return sys_get_robust_list(p, (int)a0, a1, a2);
	case __NR_poll:
		return sys_poll(p, a0, a1, (int)a2);
	case __NR_ppoll:
		return sys_ppoll(p, a0, a1, a2, a3, a4);
	case __NR_select:
		return sys_select(p, (int)a0, a1, a2, a3, a4);
	case __NR_pselect6:
		return sys_pselect6(p, (int)a0, a1, a2, a3, a4, a5);
	case __NR_rt_sigqueueinfo:
		return sys_rt_sigqueueinfo(p, (int)a0, (int)a1, a2);
	case __NR_rt_tgsigqueueinfo:
		return sys_rt_tgsigqueueinfo(p, (int)a0, (int)a1, (int)a2, a3);
	case __NR_rt_sigtimedwait:
		return sys_rt_sigtimedwait(p, a0, a1, a2, a3);
	case __NR_getrlimit:	/* unlike prlimit64's, its pointer is not optional */
		return a1 ? sys_prlimit64(p, 0, (unsigned int)a0, 0, a1) : -EFAULT;
	case __NR_setrlimit:
		return a1 ? sys_prlimit64(p, 0, (unsigned int)a0, a1, 0) : -EFAULT;
	case __NR_prlimit64:
		return sys_prlimit64(p, (int)a0, (unsigned int)a1, a2, a3);
	case __NR_sysinfo:
		return sys_sysinfo(a0);
	case __NR_times:
		return sys_times(p, a0);
	case __NR_prctl:
		return sys_prctl(p, (int)a0, a1);
	case __NR_sched_getaffinity:
		return sys_sched_getaffinity(p, (int)a0, a1, a2);
	case __NR_sched_setaffinity:
		return sys_sched_setaffinity(p, (int)a0, a1, a2);
	case __NR_sched_yield:
		sched_yield();
		return 0;
	case __NR_getuid:
		return p->cred.uid;
	case __NR_geteuid:
		return p->cred.euid;
	case __NR_getgid:
		return p->cred.gid;
	case __NR_getegid:
		return p->cred.egid;
	case __NR_setuid:
		return sys_setuid(p, (unsigned int)a0, false);
	case __NR_setgid:
		return sys_setuid(p, (unsigned int)a0, true);
	case __NR_setfsuid:
	case __NR_setfsgid:
		return sys_setfsuid(p, (unsigned int)a0, nr == __NR_setfsgid);
	case __NR_setresuid:
	case __NR_setresgid:
		return sys_setresuid(p, (unsigned int)a0, (unsigned int)a1,
				     (unsigned int)a2, nr == __NR_setresgid);
	case __NR_getresuid:
	case __NR_getresgid:
		return sys_getresuid(p, a0, a1, a2, nr == __NR_getresgid);
	case __NR_setreuid:
	case __NR_setregid:
		return sys_setreuid(p, (unsigned int)a0, (unsigned int)a1,
				    nr == __NR_setregid);
	case __NR_getgroups:
		return sys_getgroups(p, (int)a0, a1);
	case __NR_setgroups:
		return sys_setgroups(p, (int)a0, a1);
	case __NR_getpriority:
		return sys_priority(p, false, (int)a0, (int)a1, 0);
	case __NR_setpriority:
		return sys_priority(p, true, (int)a0, (int)a1, (int)a2);
	case __NR_getpgrp:
		return p->tg->pgid;
	case __NR_getpgid:
		return sys_getpgid(p, (int)a0, false);
	case __NR_getsid:
		return sys_getpgid(p, (int)a0, true);
	case __NR_setsid:
		return sys_setsid(p);
	case __NR_setpgid:
		return sys_setpgid(p, (int)a0, (int)a1);
	case __NR_rename:
		return sys_renameat2(p, AT_FDCWD, a0, AT_FDCWD, a1, 0);
	case __NR_renameat:
		return sys_renameat2(p, (int)a0, a1, (int)a2, a3, 0);
	case __NR_renameat2:
		return sys_renameat2(p, (int)a0, a1, (int)a2, a3,
				     (unsigned int)a4);
	case __NR_link:
		return sys_linkat(p, AT_FDCWD, a0, AT_FDCWD, a1, 0);
	case __NR_linkat:
		return sys_linkat(p, (int)a0, a1, (int)a2, a3, (int)a4);
	case __NR_symlink:
		return sys_symlinkat(p, a0, AT_FDCWD, a1);
	case __NR_symlinkat:
		return sys_symlinkat(p, a0, (int)a1, a2);
	case __NR_readlink:
		return sys_readlinkat(p, AT_FDCWD, a0, a1, (long)a2);
	case __NR_readlinkat:
		return sys_readlinkat(p, (int)a0, a1, a2, (long)a3);
	case __NR_truncate:
		return sys_truncate(p, -1, a0, (int64_t)a1);
	case __NR_ftruncate:
		return sys_truncate(p, (int)a0, 0, (int64_t)a1);
	case __NR_access:
		return sys_faccessat(p, AT_FDCWD, a0, (int)a1, 0);
	case __NR_faccessat:
		return sys_faccessat(p, (int)a0, a1, (int)a2, 0);
	case __NR_faccessat2:
		return sys_faccessat(p, (int)a0, a1, (int)a2, (int)a3);
	case __NR_utimensat:
		return sys_utimensat(p, (int)a0, a1, a2, (int)a3);
	case __NR_statfs:
		return sys_statfs(p, -1, a0, a1);
	case __NR_fstatfs:
		return sys_statfs(p, (int)a0, 0, a1);
	case __NR_fchdir:
		return sys_fchdir(p, (int)a0);
	case __NR_chroot:
		return sys_chroot(p, a0);
	case __NR_statx:
		return sys_statx(p, (int)a0, a1, (int)a2, (unsigned int)a3, a4);
	case __NR_mount:
		return sys_mount(p, a0, a1, a2, a3, a4);
	case __NR_umount2:
		return sys_umount2(p, a0, (int)a1);
	case __NR_readv:
		return sys_rw_vector(p, (int)a0, a1, (int)a2, false);
	case __NR_writev:
		return sys_rw_vector(p, (int)a0, a1, (int)a2, true);
	case __NR_pread64:
		return sys_rw_at(p, (int)a0, a1, a2, (int64_t)a3, false);
	case __NR_pwrite64:
		return sys_rw_at(p, (int)a0, a1, a2, (int64_t)a3, true);
	case __NR_fsync:
	case __NR_fdatasync: {
		struct file *f = fd_get(p->fdt, (int)a0);

		if (!f) {
			return -EBADF;
		}
		file_put(f);
		return 0;		/* tmpfs: nothing to write back */
	}
	case __NR_mknod:
		return sys_mknodat(p, AT_FDCWD, a0, (unsigned int)a1,
				   (unsigned int)a2);
	case __NR_mknodat:
		return sys_mknodat(p, (int)a0, a1, (unsigned int)a2,
				   (unsigned int)a3);
	case __NR_ioctl:
		return sys_ioctl(p, (int)a0, (unsigned int)a1, a2);
	case __NR_umask: {
		unsigned int old = __atomic_exchange_n(&p->fs->umask,
						       (unsigned int)a0 & 0777,
						       __ATOMIC_RELAXED);

		return old;
	}
	case __NR_chmod:
		return sys_fchmodat(p, AT_FDCWD, a0, (unsigned int)a1, 0);
	case __NR_fchmod:
		return sys_fchmodat(p, (int)a0, 0, (unsigned int)a1,
				    AT_EMPTY_PATH);
	case __NR_fchmodat:
		return sys_fchmodat(p, (int)a0, a1, (unsigned int)a2, 0);
	case __NR_chown:
		return sys_fchownat(p, AT_FDCWD, a0, (unsigned int)a1,
				    (unsigned int)a2, 0);
	case __NR_lchown:
		return sys_fchownat(p, AT_FDCWD, a0, (unsigned int)a1,
				    (unsigned int)a2, AT_SYMLINK_NOFOLLOW);
	case __NR_fchown:
		return sys_fchownat(p, (int)a0, 0, (unsigned int)a1,
				    (unsigned int)a2, AT_EMPTY_PATH);
	case __NR_fchownat:
		return sys_fchownat(p, (int)a0, a1, (unsigned int)a2,
				    (unsigned int)a3, (int)a4);
	case __NR_pipe:
		return sys_pipe2(p, frame_uptr(a0), 0);
	case __NR_pipe2:
		return sys_pipe2(p, frame_uptr(a0), (int)a1);
	case __NR_dup:
		return sys_dup(p, (int)a0, 0, false);
	case __NR_dup2:
		return sys_dup2(p, (int)a0, (int)a1);
	case __NR_dup3:
		return sys_dup3(p, (int)a0, (int)a1, (int)a2);
	case __NR_fcntl:
		return sys_fcntl(p, (int)a0, (int)a1, a2);
	case __NR_arch_prctl:
		return sys_arch_prctl(regs, (int)a0, a1);
	case __NR_set_tid_address:
		p->clear_child_tid = a0;
		return p->pid;			/* the thread's id */
	case __NR_clone:
		return proc_clone(p, a0, a1, a2, a3, a4);
	case __NR_getpid:
		return p->tgid;
	case __NR_gettid:
		return p->pid;
	case __NR_getppid:
		return proc_ppid(p);
	case __NR_brk:
		return (long)mm_brk(p->mm, a0);
	case __NR_mmap:
		return sys_mmap(p, a0, a1, a2, a3, (long)a4, a5);
	case __NR_munmap:
		return mm_unmap(p->mm, a0, a1);
	case __NR_mremap:
		return sys_mremap(p, a0, a1, a2, a3, a4);
	case __NR_msync:
		/* Mapped pages are the files' own: nothing to write back. */
		if ((a0 & (FRAME_PAGE_SIZE - 1)) ||
		    (a2 & ~(unsigned long)(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
		    ((a2 & MS_ASYNC) && (a2 & MS_SYNC))) {
			return -EINVAL;
		}
		return mm_is_mapped(p->mm, a0, a1) ? 0 : -ENOMEM;
	case __NR_mprotect:
		return sys_mprotect(p, a0, a1, a2);
	case __NR_fork:
		return proc_fork(p);
	case __NR_vfork:
		return proc_clone(p, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0,
				  0);
	case __NR_getrusage:
		return sys_getrusage(p, (int)a0, a1);
	case __NR_syslog:
		return sys_syslog(p, (int)a0, a1, (int)a2);
	case __NR_reboot:
		return sys_reboot(p, (unsigned int)a0, (unsigned int)a1,
				  (unsigned int)a2);
	case __NR_execve:
		return proc_execve(p, a0, a1, a2);
	case __NR_wait4:
		return proc_wait4(p, (int)a0, a1, (int)a2, a3);
	case __NR_waitid:
		return proc_waitid(p, (int)a0, (int)a1, a2, (int)a3);
	case __NR_exit:
		proc_exit_thread(p, (int)(a0 & 0xff) << 8);
		return 0;
	case __NR_exit_group:
		proc_exit_group(p, (int)(a0 & 0xff) << 8);
		return 0;
	default:
		log_unimplemented(nr);
		return -ENOSYS;
	}
}

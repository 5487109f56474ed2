/*
 * User processes: one thread each for now, run by a kernel task whose loop
 * is the same on every frame: the frame runs user code until it traps, the
 * kernel handles the trap. The address space, the file table and the
 * file-system context are counted objects that clone() may share.
 *
 * Locking: proc_lock (a mutex) protects the process tree (parent,
 * children, sibling) and the zombie state; everything else of a process
 * belongs to its own task.
 */
#pragma once

#include <frame/user.h>

#include <linux/resource.h>

#include <fs/vfs.h>
#include <kernel/cred.h>
#include <kernel/file.h>
#include <kernel/itimer.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/signal.h>
#include <kernel/types.h>
#include <kernel/wait.h>

struct inode;
struct task;
struct tty;

/*
 * Where processes walk the file tree from: root, working directory and
 * umask, shared by the processes clone() made with CLONE_FS. Each process
 * also keeps references of its own to root and cwd (struct process), which
 * it refreshes from here when gen has moved: a path another process
 * changes is never freed under a lookup in progress.
 */
struct fs_info {
	unsigned int refs;			/* atomic: processes sharing */
	frame_spinlock_t lock;			/* root, cwd, gen */
	struct path root, cwd;			/* referenced */
	unsigned int gen;			/* changes of root or cwd */
	unsigned int umask;			/* atomic */
};

/*
 * What the threads of a process share beyond memory and files (Linux's
 * signal_struct and sighand_struct): process group and session, limits,
 * signal actions, and the stop state of job control.
 */
struct thread_group {
	unsigned int refs;			/* atomic: threads */
	struct process *leader;			/* its pid is the process's */
	struct list_head threads;		/* proc_lock and sig_lock */
	unsigned int live;			/* proc_lock: threads running */
	bool group_exit;			/* proc_lock; read atomically:
						   exit_group or a fatal signal */
	int exit_status;			/* proc_lock: then, its status */
	struct wait_queue thread_exit;		/* a thread ended */
	struct process *exec_thread;		/* proc_lock: execve is ending
						   the other threads for it */
	uint64_t dead_utime_ns, dead_stime_ns;	/* proc_lock: of ended threads */
	frame_spinlock_t sig_lock;		/* pending signals, all threads */
	struct sig_pending shared;		/* sent to the process */
	unsigned int sig_queued;		/* real-time sendings queued */
	int pgid, sid;				/* proc_lock */
	struct rlimit64 rlim[RLIM_NLIMITS];
	struct sigaction action[SIG_COUNT];	/* signal_*() */
	bool stopped;				/* proc_lock; read atomically */
	unsigned int cont_gen;			/* proc_lock: SIGCONTs seen */
	int report;				/* proc_lock: a stop (sig << 8 |
						   0x7f) or continue (0xffff)
						   not yet waited for; or 0 */
	struct wait_queue cont;			/* waited on while stopped */
	struct itimers itimers;			/* setitimer(), alarm() */
	struct tty *ctty;			/* the session's terminal */
};

struct process {
	int pid;				/* the thread's id: constant but
						   for execve in a thread */
	int tgid;				/* constant: the process's id */
	struct thread_group *tg;		/* constant once started */
	struct list_head thread_node;		/* in tg->threads while live */
	char comm[16];
	struct process *parent;			/* proc_lock */
	struct list_head children;		/* proc_lock */
	struct list_head sibling;		/* proc_lock */
	struct list_head all_node;		/* proc_lock: all processes */
	struct mm *mm;				/* shared by CLONE_VM */
	struct fdtable *fdt;			/* shared by CLONE_FILES */
	struct fs_info *fs;			/* shared by CLONE_FS */
	struct path cwd, root;			/* own references, fs's as of */
	unsigned int fs_gen;			/* this fs->gen */
	struct file *exe;			/* the program running */
	struct mutex lock;			/* held to change mm, fdt, cwd,
						   root, exe; and to read them
						   from another task */
	uint64_t start_ns;			/* frame_clock_ns() at fork */
	uint64_t utime_ns, stime_ns;		/* CPU time, user and kernel */
	uint64_t cutime_ns, cstime_ns;		/* of reaped children */
	size_t maxrss_kb, cmaxrss_kb;		/* peak resident size seen */
	struct process *vfork_parent;		/* waiting for our exec/exit */
	bool vfork_done;			/* a vfork child let us go */
	struct wait_queue vfork_wait;
	struct cred cred;
	int nice;				/* -20 to 19 */
	struct task *task;			/* constant once started */
	struct frame_user_context uctx;		/* the one thread */
	uintptr_t set_child_tid;		/* CLONE_CHILD_SETTID, 0: none */
	uintptr_t clear_child_tid;		/* set_tid_address, 0: none */
	uintptr_t robust_list;			/* set_robust_list, 0: none */
	bool exiting;
	bool zombie;				/* proc_lock */
	int wait_status;			/* as wait4() reports it */
	struct wait_queue child_exit;		/* a child became a zombie */
	int exit_signal;			/* for the parent; 0: none */
	struct sig_state sig;
};

/*
 * How p (the caller) walks the file tree: its root, directory, credentials
 * and umask. The paths are p's own references, valid until p changes them.
 */
struct vfs_ctx proc_vfs_ctx(struct process *p);

/* chdir() and chroot(): set p's (and its CLONE_FS sharers') cwd or root. */
void proc_set_cwd(struct process *p, const struct path *to);
void proc_set_root(struct process *p, const struct path *to);

/* p's working directory or root now, with a reference; from any task. */
void proc_get_cwd(struct process *p, struct path *out);
void proc_get_root(struct process *p, struct path *out);

/*
 * Call fn for every process with a pid, zombies included, with the process
 * tree locked: fn must not sleep.
 */
void proc_for_each(void (*fn)(struct process *p, void *arg), void *arg);

/* The process of the running task, or NULL for a kernel task. */
struct process *proc_current(void);

/* The id of p's parent process (0 for init). */
int proc_ppid(struct process *p);

/*
 * Is process group pgid orphaned: no member has a parent in another group
 * of the same session (which could continue it after a stop)?
 */
bool proc_pgrp_orphaned(int pgid);

/* Has session sid a process in group pgid? */
bool proc_pgrp_in_session(int pgid, int sid);

/* Every process of session sid gets tty as its terminal (or none). */
void proc_set_ctty_session(int sid, struct tty *tty);

/* tty is going away: no process keeps it as its terminal. */
void proc_forget_tty(const struct tty *tty);

/*
 * Start path from the root file system as process 1 with argv (argv[0]
 * is the path), running in a task of its own. Returns 0 or -errno.
 */
int proc_start_init(const char *path, const char *const *argv);

/* Wait for process 1 to exit and return its wait status. May sleep. */
int proc_wait_init(void);

/* Syscalls implemented in proc.c. */
long proc_fork(struct process *p);
long proc_clone(struct process *p, unsigned long flags, uintptr_t newsp,
		uintptr_t ptid, uintptr_t ctid, uintptr_t tls);
long proc_wait4(struct process *p, int pid, uintptr_t status, int options,
		uintptr_t rusage);
long proc_waitid(struct process *p, int idtype, int id, uintptr_t infop,
		 int options);
long proc_execve(struct process *p, uintptr_t path, uintptr_t argv,
		 uintptr_t envp);
/*
 * exit(): thread p ends; the last thread of a process ends the process
 * with wait_status (or the status exit_group set). exit_group() and fatal
 * signals: every thread of p's process ends, with wait_status.
 */
void proc_exit_thread(struct process *p, int wait_status);
void proc_exit_group(struct process *p, int wait_status);

/*
 * Job control: p (the caller) stops for sig until continued or killed,
 * unless a SIGCONT came since cont_gen was read. proc_continue_locked()
 * (proc_lock held: kill does it) resumes a stopped process.
 */
void proc_stop(struct process *p, int sig, unsigned int cont_gen);
void proc_continue_locked(struct process *p);

/* File system syscalls (sys_fs.c). */
long sys_openat(struct process *p, int dirfd, uintptr_t path, int flags,
		unsigned int mode);
long sys_fstat(struct process *p, int fd, uintptr_t st);
long sys_fstatat(struct process *p, int dirfd, uintptr_t path, uintptr_t st,
		 int flags);
long sys_lseek(struct process *p, int fd, int64_t off, int whence);
long sys_getdents64(struct process *p, int fd, uintptr_t buf, size_t len);
long sys_mkdirat(struct process *p, int dirfd, uintptr_t path,
		 unsigned int mode);
long sys_unlinkat(struct process *p, int dirfd, uintptr_t path, int flags);
long sys_chdir(struct process *p, uintptr_t path);
long sys_getcwd(struct process *p, uintptr_t buf, size_t size);
long sys_fchmodat(struct process *p, int dirfd, uintptr_t path,
		  unsigned int mode, int flags);
long sys_fchownat(struct process *p, int dirfd, uintptr_t path,
		  unsigned int uid, unsigned int gid, int flags);
long sys_mknodat(struct process *p, int dirfd, uintptr_t path,
		 unsigned int mode, unsigned int dev);
long sys_ioctl(struct process *p, int fd, unsigned int cmd, uintptr_t arg);
long sys_renameat2(struct process *p, int olddirfd, uintptr_t oldpath,
		   int newdirfd, uintptr_t newpath, unsigned int flags);
long sys_linkat(struct process *p, int olddirfd, uintptr_t oldpath,
		int newdirfd, uintptr_t newpath, int flags);
long sys_symlinkat(struct process *p, uintptr_t target, int dirfd,
		   uintptr_t path);
long sys_readlinkat(struct process *p, int dirfd, uintptr_t path,
		    uintptr_t buf, long size);
long sys_truncate(struct process *p, int fd, uintptr_t path, int64_t len);
long sys_faccessat(struct process *p, int dirfd, uintptr_t path, int mode,
		   int flags);
long sys_utimensat(struct process *p, int dirfd, uintptr_t path,
		   uintptr_t times, int flags);
long sys_statfs(struct process *p, int fd, uintptr_t path, uintptr_t buf);
long sys_fchdir(struct process *p, int fd);
long sys_chroot(struct process *p, uintptr_t path);
long sys_statx(struct process *p, int dirfd, uintptr_t path, int flags,
	       unsigned int mask, uintptr_t buf);
long sys_mount(struct process *p, uintptr_t source, uintptr_t target,
	       uintptr_t type, unsigned long flags, uintptr_t data);
long sys_umount2(struct process *p, uintptr_t target, int flags);
long sys_rw_vector(struct process *p, int fd, uintptr_t iov, int count,
		   bool write);
long sys_rw_at(struct process *p, int fd, uintptr_t buf, size_t len,
	       int64_t off, bool write);

/* The system's identity (uname), and setting its host name. */
struct new_utsname;
void system_utsname(struct new_utsname *u);
void system_set_hostname(const char *name, size_t len);

/*
 * Look at process (or thread) pid from another task: fn runs with the tree
 * locked and p->lock held, so that p's mm, fdt, cwd, root and exe stay.
 * Returns fn's result, or -ESRCH. fn must not take proc_lock.
 */
long proc_inspect(int pid, long (*fn)(struct process *p, void *arg),
		  void *arg);

/* The pid given most recently (the number of forks, as pids grow). */
int proc_last_pid(void);

/* The pids of up to max processes, ascending from min; how many. */
size_t proc_list_pids(int min, int *pids, size_t max);

/* The ids of up to max live threads of process pid, ascending from min. */
size_t proc_list_tids(int pid, int min, int *tids, size_t max);

/* CPU time of p so far, and getrusage's view of it (p NULL: zeros). */
void proc_cpu_times(const struct process *p, uint64_t *user, uint64_t *sys);
/* The same for thread t alone. */
void proc_thread_cpu_times(const struct process *t, uint64_t *user,
			   uint64_t *sys);
void proc_rusage_of(const struct process *p, struct rusage *ru);
long sys_getrusage(struct process *p, int who, uintptr_t ru);
long sys_syslog(struct process *p, int type, uintptr_t buf, int len);
long sys_reboot(struct process *p, unsigned int magic1, unsigned int magic2,
		unsigned int cmd);

/* System calls (sys_misc.c). */
long sys_uname(uintptr_t buf);
long sys_sethostname(struct process *p, uintptr_t name, size_t len);
long sys_clock_gettime(int clock, uintptr_t ts);
long sys_clock_getres(int clock, uintptr_t ts);
long sys_gettimeofday(uintptr_t tv, uintptr_t tz);
long sys_time(uintptr_t t);
long sys_clock_nanosleep(int clock, int flags, uintptr_t req, uintptr_t rem);

/* The longest time a timeout means: a quarter of the clock's range. */
#define TIMESPEC_MAX_NS (UINT64_MAX / 4)

/*
 * A struct __kernel_timespec at uts, in nanoseconds up to TIMESPEC_MAX_NS:
 * 0, -EFAULT, or -EINVAL for a negative or unnormalised one.
 */
int get_user_timespec(uintptr_t uts, uint64_t *ns);
long sys_getrandom(uintptr_t buf, size_t len, unsigned int flags);
void proc_limits_init(struct process *p);
long sys_prlimit64(struct process *p, int pid, unsigned int res,
		   uintptr_t new_lim, uintptr_t old_lim);
long sys_sysinfo(uintptr_t info);
long sys_times(struct process *p, uintptr_t tms);
long sys_prctl(struct process *p, int option, unsigned long arg2);
long sys_setuid(struct process *p, unsigned int id, bool group);
long sys_setresuid(struct process *p, unsigned int r, unsigned int e,
		   unsigned int s, bool group);
long sys_setfsuid(struct process *p, unsigned int id, bool group);
long sys_getresuid(struct process *p, uintptr_t r, uintptr_t e, uintptr_t s,
		   bool group);
long sys_setreuid(struct process *p, unsigned int r, unsigned int e,
		  bool group);
long sys_getgroups(struct process *p, int size, uintptr_t list);
long sys_setgroups(struct process *p, int size, uintptr_t list);
long sys_priority(struct process *p, bool set, int which, int who, int nice);
long sys_setsid(struct process *p);
long sys_setpgid(struct process *p, int pid, int pgid);
long sys_getpgid(struct process *p, int pid, bool sid);
long sys_sched_getaffinity(struct process *p, int pid, size_t len,
			   uintptr_t mask);
long sys_sched_setaffinity(struct process *p, int pid, size_t len,
			   uintptr_t mask);

/* The number of live processes (zombies included). */
unsigned int proc_count(void);

/* Dispatch one syscall (number in regs.orig_rax); returns its result. */
long syscall_dispatch(struct process *p, struct frame_user_regs *regs);

/*
 * exec.c: load the ELF image in file into mm (empty) and build the initial
 * stack with argv and envp (NULL-terminated arrays of kernel strings) and
 * the auxiliary vector for cred.
 */
int exec_load(struct mm *mm, struct file *file, const struct cred *cred,
	      const char *path, const char *const *argv,
	      const char *const *envp, struct frame_user_regs *regs);

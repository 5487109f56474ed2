/*
 * Processes (kernel/proc.h): the tree, the run loop of each process's
 * task, and fork, execve, exit and wait4.
 *
 * A process's task runs its thread: frame_user_run() until a trap, the
 * trap handled here, again. An exited process stays a zombie, holding its
 * exit status, until its parent reaps it with wait4(); its children go to
 * process 1. Process 1 exiting is, for now, the end of the machine's work:
 * kernel_main waits for it and powers off with its status.
 */
#define pr_fmt(fmt) "proc: " fmt

#include <linux/sched.h>
#include <linux/wait.h>

#include <frame/time.h>
#include <frame/uaccess.h>

#include <linux/fcntl.h>
#include <linux/stat.h>

#include <fs/vfs.h>
#include <kernel/futex.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/string.h>
#include <kernel/tty.h>

#define PATH_MAX_LEN 4096
#define MAX_ARGS 4096

static struct mutex proc_lock = MUTEX_INIT(proc_lock);
static struct process *init_proc;
static struct list_head all_procs = LIST_HEAD_INIT(all_procs); /* proc_lock */
/* Zombies whose parents do not wait (SIGCHLD ignored), to be freed. */
static struct list_head autoreap = LIST_HEAD_INIT(autoreap); /* proc_lock */

static void reap_pending(void);
static void vfork_release(struct process *p);
static void tg_put(struct thread_group *tg);
static unsigned int nprocs;		/* atomic */
static struct wait_queue init_exit = WAIT_QUEUE_INIT(init_exit);
static int next_pid = 1;

struct process *proc_current(void)
{
	return task_current()->proc;
}

bool proc_pgrp_orphaned(int pgid)
{
	struct process *p, *parent;
	bool orphaned = true;

	mutex_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		parent = p->parent;
		if (p->tg->pgid == pgid && !p->zombie && parent &&
		    parent->tg->pgid != pgid &&
		    parent->tg->sid == p->tg->sid) {
			orphaned = false;
			break;
		}
	}
	mutex_unlock(&proc_lock);
	return orphaned;
}

bool proc_pgrp_in_session(int pgid, int sid)
{
	struct process *p;
	bool found = false;

	mutex_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		if (p->tg->pgid == pgid && p->tg->sid == sid && !p->zombie) {
			found = true;
			break;
		}
	}
	mutex_unlock(&proc_lock);
	return found;
}

void proc_set_ctty_session(int sid, struct tty *tty)
{
	struct process *p;

	mutex_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		if (p->tg->sid == sid) {
			p->tg->ctty = tty;
		}
	}
	mutex_unlock(&proc_lock);
}

void proc_forget_tty(const struct tty *tty)
{
	struct process *p;

	mutex_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		if (p->tg->ctty == tty) {
			p->tg->ctty = NULL;
		}
	}
	mutex_unlock(&proc_lock);
}

int proc_ppid(struct process *p)
{
	struct process *parent;
	int ppid;

	mutex_lock(&proc_lock);
	parent = p->tg->leader->parent;
	ppid = parent ? parent->tgid : 0;
	mutex_unlock(&proc_lock);
	return ppid;
}

static struct process *proc_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p) {
		return NULL;
	}
	p->uctx.fpu = kzalloc(frame_user_fpu_size());
	if (!p->uctx.fpu) {
		kfree(p);
		return NULL;
	}
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->thread_node);
	list_init(&p->all_node);
	mutex_init(&p->lock);
	p->start_ns = frame_clock_ns();
	wait_queue_init(&p->child_exit);
	wait_queue_init(&p->vfork_wait);
	signal_init(p);
	__atomic_add_fetch(&nprocs, 1, __ATOMIC_RELAXED);
	return p;
}

unsigned int proc_count(void)
{
	return __atomic_load_n(&nprocs, __ATOMIC_RELAXED);
}

static void proc_free(struct process *p)
{
	mutex_lock(&proc_lock);
	list_del(&p->all_node);
	mutex_unlock(&proc_lock);
	__atomic_sub_fetch(&nprocs, 1, __ATOMIC_RELAXED);
	signal_free(p);
	tg_put(p->tg);
	kfree(p->cred.groups);
	kfree(p->uctx.fpu);
	kfree(p);
}

/* The process or thread with id pid, or NULL; proc_lock held. */
static struct process *find_locked(int pid)
{
	struct process *p, *t;

	list_for_each_entry(p, &all_procs, all_node) {
		if (p->pid == pid) {
			return p;
		}
		list_for_each_entry(t, &p->tg->threads, thread_node) {
			if (t->pid == pid) {
				return t;
			}
		}
	}
	return NULL;
}

long proc_inspect(int pid, long (*fn)(struct process *p, void *arg),
		  void *arg)
{
	struct process *p;
	long r = -ESRCH;

	mutex_lock(&proc_lock);
	p = find_locked(pid);
	if (p) {
		mutex_lock(&p->lock);
		r = fn(p, arg);
		mutex_unlock(&p->lock);
	}
	mutex_unlock(&proc_lock);
	return r;
}

size_t proc_list_tids(int pid, int min, int *tids, size_t max)
{
	struct process *p, *t;
	size_t n = 0;

	mutex_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		if (p->pid != pid) {
			continue;
		}
		/* Threads join at the end: their ids only grow. */
		list_for_each_entry(t, &p->tg->threads, thread_node) {
			if (t->pid >= min && n < max) {
				tids[n++] = t->pid;
			}
		}
		break;
	}
	mutex_unlock(&proc_lock);
	return n;
}

int proc_last_pid(void)
{
	return __atomic_load_n(&next_pid, __ATOMIC_RELAXED) - 1;
}

size_t proc_list_pids(int min, int *pids, size_t max)
{
	struct process *p;
	size_t n = 0;

	/* all_procs is in pid order: pids only grow. */
	mutex_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		if (p->pid >= min && n < max) {
			pids[n++] = p->pid;
		}
	}
	mutex_unlock(&proc_lock);
	return n;
}

void proc_for_each(void (*fn)(struct process *p, void *arg), void *arg)
{
	struct process *p;

	mutex_lock(&proc_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		fn(p, arg);
	}
	mutex_unlock(&proc_lock);
}

/* A thread group for a new process: a copy of from's, or the defaults. */
static struct thread_group *tg_create(const struct thread_group *from)
{
	struct thread_group *tg = kzalloc(sizeof(*tg));

	if (!tg) {
		return NULL;
	}
	tg->refs = 1;
	list_init(&tg->threads);
	signal_group_init(tg);
	wait_queue_init(&tg->cont);
	wait_queue_init(&tg->thread_exit);
	itimer_init(tg);
	if (from) {
		tg->pgid = from->pgid;
		tg->sid = from->sid;
		tg->ctty = from->ctty;
		memcpy(tg->rlim, from->rlim, sizeof(tg->rlim));
		memcpy(tg->action, from->action, sizeof(tg->action));
	}
	return tg;
}

static void tg_put(struct thread_group *tg)
{
	if (tg && __atomic_sub_fetch(&tg->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		itimer_stop(tg);
		signal_group_free(tg);
		kfree(tg);
	}
}

static struct fs_info *fs_info_create(const struct path *root,
				      const struct path *cwd,
				      unsigned int umask)
{
	struct fs_info *fs = kzalloc(sizeof(*fs));

	if (fs) {
		fs->refs = 1;
		frame_spin_init(&fs->lock, "fs_info");
		fs->root = *root;
		fs->cwd = *cwd;
		path_get(&fs->root);
		path_get(&fs->cwd);
		fs->umask = umask;
	}
	return fs;
}

/* fork without CLONE_FS: a copy of fs as it is now. */
static struct fs_info *fs_info_copy(struct fs_info *fs)
{
	frame_irqflags_t flags = frame_spin_lock(&fs->lock);
	struct path root = fs->root, cwd = fs->cwd;
	struct fs_info *copy;

	path_get(&root);
	path_get(&cwd);
	frame_spin_unlock(&fs->lock, flags);
	copy = fs_info_create(&root, &cwd,
			      __atomic_load_n(&fs->umask, __ATOMIC_RELAXED));
	path_put(&root);
	path_put(&cwd);
	return copy;
}

static void fs_info_put(struct fs_info *fs)
{
	if (fs && __atomic_sub_fetch(&fs->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		path_put(&fs->root);
		path_put(&fs->cwd);
		kfree(fs);
	}
}

/* Give p its own references to fs's paths, if they changed since. */
static void fs_refresh(struct process *p)
{
	struct fs_info *fs = p->fs;
	struct path old_root, old_cwd;
	frame_irqflags_t flags;

	if (__atomic_load_n(&fs->gen, __ATOMIC_ACQUIRE) == p->fs_gen &&
	    p->cwd.inode) {
		return;
	}
	mutex_lock(&p->lock);
	old_root = p->root;
	old_cwd = p->cwd;
	flags = frame_spin_lock(&fs->lock);
	p->root = fs->root;
	p->cwd = fs->cwd;
	path_get(&p->root);
	path_get(&p->cwd);
	p->fs_gen = fs->gen;
	frame_spin_unlock(&fs->lock, flags);
	mutex_unlock(&p->lock);
	if (old_root.inode) {
		path_put(&old_root);
		path_put(&old_cwd);
	}
}

struct vfs_ctx proc_vfs_ctx(struct process *p)
{
	fs_refresh(p);
	return (struct vfs_ctx){
		.root = p->root, .cwd = p->cwd, .cred = &p->cred,
		.umask = __atomic_load_n(&p->fs->umask, __ATOMIC_RELAXED),
	};
}

static void fs_set(struct process *p, const struct path *to, bool root)
{
	struct fs_info *fs = p->fs;
	frame_irqflags_t flags = frame_spin_lock(&fs->lock);
	struct path *at = root ? &fs->root : &fs->cwd, old = *at;

	*at = *to;
	path_get(at);
	__atomic_add_fetch(&fs->gen, 1, __ATOMIC_RELEASE);
	frame_spin_unlock(&fs->lock, flags);
	path_put(&old);
	fs_refresh(p);
}

void proc_set_cwd(struct process *p, const struct path *to)
{
	fs_set(p, to, false);
}

void proc_set_root(struct process *p, const struct path *to)
{
	fs_set(p, to, true);
}

/* p->lock held by the caller (proc_inspect), or p is the caller. */
static void fs_get(struct process *p, struct path *out, bool root)
{
	frame_irqflags_t flags;

	*out = (struct path){ 0 };
	if (!p->fs) {
		return;			/* exited */
	}
	flags = frame_spin_lock(&p->fs->lock);
	*out = root ? p->fs->root : p->fs->cwd;
	path_get(out);
	frame_spin_unlock(&p->fs->lock, flags);
}

void proc_get_cwd(struct process *p, struct path *out)
{
	fs_get(p, out, false);
}

void proc_get_root(struct process *p, struct path *out)
{
	fs_get(p, out, true);
}

static void set_comm(struct process *p, const char *path)
{
	const char *base = path;

	for (const char *s = path; *s; s++) {
		if (*s == '/' && s[1]) {
			base = s + 1;
		}
	}
	strlcpy(p->comm, base, sizeof(p->comm));
}

/* A fault in p's code: the signal is delivered before it runs on. */
static void fault_signal(struct process *p, int sig, int code,
			 const char *why, const struct frame_trap *trap)
{
	void (*handler)(int) = p->tg->action[sig - 1].sa_handler;

	if (handler == SIG_DFL || handler == SIG_IGN ||
	    (p->sig.blocked & sig_bit(sig))) {
		pr_info("%s[%d]: %s at ip %#llx addr %#lx", p->comm, p->pid,
			why, (unsigned long long)p->uctx.regs.rip,
			(unsigned long)trap->fault_addr);
	}
	signal_force(p, sig, code, trap->fault_addr);
}

static void handle_exception(struct process *p, const struct frame_trap *trap)
{
	switch (trap->vector) {
	case 0:				/* #DE */
	case 16:			/* #MF */
	case 19:			/* #XM */
		fault_signal(p, SIGFPE, trap->vector == 0 ? FPE_INTDIV : 0,
			     "arithmetic exception", trap);
		break;
	case 6:				/* #UD */
		fault_signal(p, SIGILL, ILL_ILLOPN, "invalid opcode", trap);
		break;
	default:
		fault_signal(p, SIGSEGV, SI_KERNEL, "general protection",
			     trap);
		break;
	}
}

/* The loop of a process's task: run its thread until it exits. */
static void proc_main(void *arg)
{
	struct process *p = arg;

	task_current()->proc = p;
	task_set_vm(p->mm->vm);
	if (p->set_child_tid) {
		int tid = p->pid;

		/* As Linux: a fault here just leaves the word unwritten. */
		frame_copy_to_user(frame_uptr(p->set_child_tid), &tid,
				   sizeof(tid));
	}
	while (!p->exiting) {
		struct frame_trap trap;
		uint64_t t0 = frame_clock_ns();
		uint64_t cpu0 = task_runtime_ns(task_current());
		int err = frame_user_run(&p->uctx, &trap);
		uint64_t user = frame_clock_ns() - t0;

		p->utime_ns += user;
		if (err) {
			pr_err("%s[%d]: cannot run user code (%d)", p->comm,
			       p->pid, err);
			proc_exit_group(p, SIGSEGV);
			break;
		}
		switch (trap.kind) {
		case FRAME_TRAP_SYSCALL:
			p->uctx.regs.rax =
				(uint64_t)syscall_dispatch(p, &p->uctx.regs);
			break;
		case FRAME_TRAP_PAGE_FAULT:
			err = mm_fault(p->mm, trap.fault_addr, trap.access);
			if (err == -EIO) {
				fault_signal(p, SIGBUS, BUS_ADRERR,
					     "bus error", &trap);
			} else if (err) {
				fault_signal(p, SIGSEGV, err == -EACCES ?
					     SEGV_ACCERR : SEGV_MAPERR,
					     "segfault", &trap);
			}
			break;
		case FRAME_TRAP_EXCEPTION:
			handle_exception(p, &trap);
			break;
		case FRAME_TRAP_INTERRUPT:
			break;
		}
		if (!p->exiting) {
			itimer_charge(p, user,
				      task_runtime_ns(task_current()) - cpu0);
			signal_deliver(p, trap.kind == FRAME_TRAP_SYSCALL);
		}
	}
}

/* Nested interpreters a #! script may name (Linux's BINPRM limit). */
#define SCRIPT_DEPTH 4
/* The bytes of a #! line that are read (Linux's BINPRM_BUF_SIZE). */
#define SCRIPT_LINE 256

/*
 * Parse a "#!interpreter [argument]" line from head (n bytes): the
 * interpreter and the argument (or NULL) are NUL-terminated in place.
 */
static int parse_script(char *head, long n, char **interp, char **arg)
{
	char *s = head + 2, *end;

	end = memchr(head, '\n', (size_t)n);
	if (!end) {
		if (n == SCRIPT_LINE) {
			return -ENOEXEC;	/* a line too long to be sure */
		}
		end = head + n;
	}
	*end = '\0';
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	if (!*s) {
		return -ENOEXEC;
	}
	*interp = s;
	while (*s && *s != ' ' && *s != '\t') {
		s++;
	}
	*arg = NULL;
	if (*s) {
		*s++ = '\0';
		while (*s == ' ' || *s == '\t') {
			s++;
		}
		/* One argument: the rest of the line, trailing blanks cut. */
		for (char *t = end; t > s && (t[-1] == ' ' || t[-1] == '\t');) {
			*--t = '\0';
		}
		*arg = *s ? s : NULL;
	}
	return 0;
}

/*
 * The argv of an interpreter run for script: interp, arg (if any), the
 * script's path, then the original arguments after argv[0].
 */
static const char **script_argv(const char *interp, const char *arg,
				const char *script, const char *const *argv)
{
	size_t n = 0, i = 0;
	const char **v;

	while (argv[n]) {
		n++;
	}
	v = kmalloc((n + 4) * sizeof(*v), 0);
	if (!v) {
		return NULL;
	}
	v[i++] = interp;
	if (arg) {
		v[i++] = arg;
	}
	v[i++] = script;
	for (size_t k = 1; k < n; k++) {
		v[i++] = argv[k];
	}
	v[i] = NULL;
	return v;
}

/*
 * Load the program at path into a new mm with argv and envp, following #!
 * interpreters. On success *exe is the ELF file that runs.
 */
static int load_image(struct process *p, const char *path,
		      const char *const *argv, const char *const *envp,
		      struct mm **out, struct frame_user_regs *regs,
		      struct file **exe)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	char *heads[SCRIPT_DEPTH] = { 0 };
	const char **argvs[SCRIPT_DEPTH] = { 0 };
	const char *execfn = path;
	struct file *f = NULL;
	struct mm *mm = NULL;
	int depth, err;

	for (depth = 0;; depth++) {
		char *interp, *arg;
		long n;

		err = vfs_open(&ctx, NULL, path, O_RDONLY | VFS_OPEN_EXEC, 0, &f);
		if (err) {
			break;
		}
		heads[depth] = kmalloc(SCRIPT_LINE + 1, 0);
		n = heads[depth] ? vfs_read_kernel(f->path.inode, 0,
						   heads[depth], SCRIPT_LINE) :
				   -ENOMEM;
		if (n < 2 || heads[depth][0] != '#' || heads[depth][1] != '!') {
			err = n < 0 ? (int)n : 0;
			break;
		}
		file_put(f);
		f = NULL;
		if (depth + 1 == SCRIPT_DEPTH) {
			err = -ELOOP;
			break;
		}
		err = parse_script(heads[depth], n, &interp, &arg);
		if (!err) {
			argvs[depth] = script_argv(interp, arg, path, argv);
			err = argvs[depth] ? 0 : -ENOMEM;
		}
		if (err) {
			break;
		}
		argv = argvs[depth];
		path = interp;
	}
	if (!err) {
		mm = mm_create();
		err = mm ? exec_load(mm, f, &p->cred, execfn, argv,
				     envp, regs) : -ENOMEM;
	}
	for (int i = 0; i < SCRIPT_DEPTH; i++) {
		kfree(argvs[i]);
		kfree(heads[i]);
	}
	if (err) {
		if (mm) {
			mm_put(mm);
		}
		if (f) {
			file_put(f);
		}
		return err;
	}
	*out = mm;
	*exe = f;
	return 0;
}

/*
 * Process 1's descriptors 0, 1 and 2: one open /dev/console, or the bare
 * console if the tree has no such node.
 */
static int open_console(struct process *p)
{
	struct vfs_ctx ctx = proc_vfs_ctx(p);
	struct file *con;
	int err;

	if (vfs_open(&ctx, NULL, "/dev/console", O_RDWR, 0, &con) != 0) {
		con = console_file_open();
	}
	p->fdt = fdtable_create();
	if (!con || !p->fdt) {
		if (con) {
			file_put(con);
		}
		return -ENOMEM;
	}
	err = fd_install(p->fdt, con, 0, false);
	if (err >= 0) {
		err = fd_dup_to(p->fdt, 0, 1, false);
	}
	if (err >= 0) {
		err = fd_dup_to(p->fdt, 0, 2, false);
	}
	return err < 0 ? err : 0;
}

int proc_start_init(const char *path, const char *const *argv)
{
	const char *envp[] = { "HOME=/", "TERM=linux", NULL };
	struct process *p = proc_alloc();
	struct path root;
	int err;

	if (!p) {
		return -ENOMEM;
	}
	vfs_root(&root);
	p->fs = fs_info_create(&root, &root, 022);
	path_put(&root);
	if (!p->fs) {
		proc_free(p);
		return -ENOMEM;
	}
	fs_refresh(p);
	p->tg = tg_create(NULL);
	if (!p->tg) {
		fs_info_put(p->fs);
		path_put(&p->cwd);
		path_put(&p->root);
		proc_free(p);
		return -ENOMEM;
	}
	p->tg->pgid = p->tg->sid = 0;	/* as Linux: setsid() makes them */
	proc_limits_init(p);
	err = open_console(p);
	if (!err) {
		err = load_image(p, path, argv, envp, &p->mm, &p->uctx.regs,
				 &p->exe);
	}
	if (err) {
		if (p->fdt) {
			fdtable_put(p->fdt);
		}
		path_put(&p->cwd);
		path_put(&p->root);
		fs_info_put(p->fs);
		proc_free(p);
		return err;
	}
	frame_user_fpu_init(&p->uctx);
	set_comm(p, path);
	mutex_lock(&proc_lock);
	p->pid = p->tgid = next_pid++;
	p->tg->leader = p;
	p->tg->live = 1;
	list_add_tail(&p->thread_node, &p->tg->threads);
	list_add_tail(&p->all_node, &all_procs);
	mutex_unlock(&proc_lock);
	init_proc = p;
	p->task = task_spawn(p->comm, proc_main, p);
	if (!p->task) {
		mm_put(p->mm);
		init_proc = NULL;
		proc_free(p);
		return -ENOMEM;
	}
	return 0;
}

int proc_wait_init(void)
{
	int status;

	wait_event(&init_exit, __atomic_load_n(&init_proc->zombie,
					       __ATOMIC_ACQUIRE));
	task_join(init_proc->task);
	status = init_proc->wait_status;
	proc_free(init_proc);
	return status;
}

/*
 * The last thread of leader's process has ended: the process is a zombie
 * for its parent to reap, its children go to init; proc_lock held.
 * Returns true if init's own process ended.
 */
static bool process_dead_locked(struct process *leader, int wait_status)
{
	struct process *child, *tmp;
	bool orphan_zombies = false;

	/* Init's own end powers the machine off: its children stay. */
	if (leader != init_proc) {
		list_for_each_entry_safe(child, tmp, &leader->children,
					 sibling) {
			list_del(&child->sibling);
			child->parent = init_proc;
			list_add_tail(&child->sibling, &init_proc->children);
			orphan_zombies |= child->zombie;
		}
	}
	itimer_stop(leader->tg);
	leader->wait_status = wait_status;
	leader->tg->stopped = false;
	__atomic_store_n(&leader->zombie, true, __ATOMIC_RELEASE);
	if (leader->parent) {
		signal_child_exit(leader->parent, leader);
		if (signal_child_autoreap(leader->parent)) {
			/*
			 * Nobody will wait: gone from sight now, freed by
			 * reap_pending() once its task has ended.
			 */
			list_del(&leader->sibling);
			list_add_tail(&leader->sibling, &autoreap);
			list_del(&leader->all_node);
		}
		wake_up_all(&leader->parent->child_exit);
	}
	/* Orphans that are already zombies are init's to reap now. */
	if (leader != init_proc && orphan_zombies) {
		wake_up_all(&init_proc->child_exit);
	}
	return leader == init_proc;
}

void proc_exit_thread(struct process *p, int wait_status)
{
	struct thread_group *tg = p->tg;
	struct mm *mm;
	struct fdtable *fdt;
	struct fs_info *fs;
	struct path cwd, root;
	struct file *exe;
	frame_irqflags_t flags;
	struct tty *hangup = NULL;
	bool init_ended = false;

	futex_exit_robust_list(p);
	if (p->clear_child_tid) {
		int zero = 0;

		/* As Linux: a fault here just leaves the word as it is. */
		if (!frame_copy_to_user(frame_uptr(p->clear_child_tid), &zero,
					sizeof(zero))) {
			futex_wake(p->mm, p->clear_child_tid, 1);
		}
	}
	p->exiting = true;
	vfork_release(p);
	if (p->mm) {
		p->maxrss_kb = max(p->maxrss_kb, mm_resident_pages(p->mm) * 4);
	}
	task_set_vm(NULL);
	/* Taken away under p->lock, released outside it. */
	mutex_lock(&p->lock);
	mm = p->mm, fdt = p->fdt, cwd = p->cwd, root = p->root, exe = p->exe;
	fs = p->fs;
	p->mm = NULL;
	p->fdt = NULL;
	p->fs = NULL;
	p->cwd = p->root = (struct path){ 0 };
	p->exe = NULL;
	p->stime_ns = task_runtime_ns(task_current()) - p->utime_ns;
	mutex_unlock(&p->lock);
	mm_put(mm);
	fdtable_put(fdt);
	fs_info_put(fs);
	path_put(&cwd);
	path_put(&root);
	file_put(exe);

	mutex_lock(&proc_lock);
	flags = frame_spin_lock(&tg->sig_lock);
	list_del(&p->thread_node);
	frame_spin_unlock(&tg->sig_lock, flags);
	tg->dead_utime_ns += p->utime_ns;
	tg->dead_stime_ns += p->stime_ns;
	if (--tg->live == 0) {
		/* As Linux: exit_group's status, else the last thread's. */
		init_ended = process_dead_locked(tg->leader, tg->group_exit ?
						 tg->exit_status : wait_status);
		if (tg->sid == p->tgid && tg->ctty) {
			hangup = tg->ctty;	/* a session leader's end */
		}
	}
	if (p != tg->leader) {
		/* A thread is nobody's child: freed once its task ends. */
		list_add_tail(&p->sibling, &autoreap);
	}
	wake_up_all(&tg->thread_exit);
	mutex_unlock(&proc_lock);
	if (hangup) {
		tty_session_ended(hangup, tg->sid);
	}
	if (init_ended) {
		wake_up_all(&init_exit);
	}
}

/*
 * End every other thread of p's process: SIGKILL each; proc_lock held.
 * They end at their next return towards user mode.
 */
static void kill_other_threads_locked(struct process *p)
{
	struct process *t;

	list_for_each_entry(t, &p->tg->threads, thread_node) {
		if (t != p) {
			signal_post_thread(t, SIGKILL, NULL);
		}
	}
}

void proc_exit_group(struct process *p, int wait_status)
{
	struct thread_group *tg = p->tg;


	mutex_lock(&proc_lock);
	if (!tg->group_exit) {
		tg->exit_status = wait_status;
		__atomic_store_n(&tg->group_exit, true, __ATOMIC_RELEASE);
		kill_other_threads_locked(p);
	}
	wake_up_all(&tg->cont);		/* stopped threads end too */
	mutex_unlock(&proc_lock);
	proc_exit_thread(p, wait_status);
}

void proc_stop(struct process *p, int sig, unsigned int cont_gen)
{
	struct process *leader = p->tg->leader, *t;

	mutex_lock(&proc_lock);
	if (p->tg->cont_gen != cont_gen) {
		mutex_unlock(&proc_lock);
		return;			/* continued before it could stop */
	}
	p->tg->stopped = true;
	p->tg->report = sig << 8 | 0x7f;
	if (leader->parent) {
		signal_child_stop(leader->parent, leader, CLD_STOPPED, sig);
		wake_up_all(&leader->parent->child_exit);
	}
	/* The other threads stop at their next look at their signals. */
	list_for_each_entry(t, &p->tg->threads, thread_node) {
		if (t != p) {
			signal_kick(t);
		}
	}
	mutex_unlock(&proc_lock);
	wait_event(&p->tg->cont, !__atomic_load_n(&p->tg->stopped, __ATOMIC_ACQUIRE) ||
			     signal_kill_pending(p));
}

void proc_continue_locked(struct process *p)
{
	p = p->tg->leader;
	p->tg->cont_gen++;
	if (!p->tg->stopped) {
		return;
	}
	__atomic_store_n(&p->tg->stopped, false, __ATOMIC_RELEASE);
	p->tg->report = 0xffff;
	if (p->parent) {
		signal_child_stop(p->parent, p, CLD_CONTINUED, SIGCONT);
		wake_up_all(&p->parent->child_exit);
	}
	wake_up_all(&p->tg->cont);
}

long proc_fork(struct process *p)
{
	return proc_clone(p, SIGCHLD, 0, 0, 0, 0);
}

/*
 * clone(): a new process, which may share the caller's memory, file table
 * and file-system context (CLONE_VM, CLONE_FILES, CLONE_FS), or a new
 * thread of the caller's process (CLONE_THREAD, with CLONE_SIGHAND and
 * CLONE_VM, as Linux requires). CLONE_SIGHAND alone, sharing signal
 * actions between processes, is not supported.
 */
long proc_clone(struct process *p, unsigned long flags, uintptr_t newsp,
		uintptr_t ptid, uintptr_t ctid, uintptr_t tls)
{
	const unsigned long supported = CSIGNAL | CLONE_CHILD_SETTID |
					CLONE_CHILD_CLEARTID |
					CLONE_PARENT_SETTID | CLONE_SETTLS |
					CLONE_VFORK | CLONE_VM | CLONE_FS |
					CLONE_FILES | CLONE_SIGHAND |
					CLONE_THREAD | CLONE_SYSVSEM |
					CLONE_DETACHED;
	bool thread = flags & CLONE_THREAD;
	struct thread_group *tg = p->tg;
	struct process *child;
	long pid;

	reap_pending();
	if ((thread && !(flags & CLONE_SIGHAND)) ||
	    ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) ||
	    (flags & CSIGNAL) > SIG_COUNT) {
		return -EINVAL;
	}
	if ((flags & ~supported) || ((flags & CLONE_SIGHAND) && !thread)) {
		pr_warn_once("clone flags %#lx are not supported yet", flags);
		return -ENOSYS;
	}
	child = proc_alloc();
	if (!child) {
		return -ENOMEM;
	}
	if (thread) {
		__atomic_add_fetch(&tg->refs, 1, __ATOMIC_RELAXED);
		child->tg = tg;
	} else {
		child->tg = tg_create(tg);
	}
	if (!child->tg) {
		proc_free(child);
		return -ENOMEM;
	}
	if (p->cred.ngroups) {
		child->cred.groups = kmalloc(p->cred.ngroups * sizeof(unsigned int), 0);
		if (!child->cred.groups) {
			proc_free(child);
			return -ENOMEM;
		}
		memcpy(child->cred.groups, p->cred.groups,
		       p->cred.ngroups * sizeof(unsigned int));
		child->cred.ngroups = p->cred.ngroups;
	}
	if (flags & CLONE_VM) {
		mm_get(p->mm);
		child->mm = p->mm;
	} else {
		child->mm = mm_fork(p->mm);
	}
	if (flags & CLONE_FILES) {
		fdtable_get(p->fdt);
		child->fdt = p->fdt;
	} else {
		child->fdt = fdtable_fork(p->fdt);
	}
	if (flags & CLONE_FS) {
		__atomic_add_fetch(&p->fs->refs, 1, __ATOMIC_RELAXED);
		child->fs = p->fs;
	} else {
		child->fs = fs_info_copy(p->fs);
	}
	if (!child->mm || !child->fdt || !child->fs) {
		if (child->mm) {
			mm_put(child->mm);
		}
		if (child->fdt) {
			fdtable_put(child->fdt);
		}
		fs_info_put(child->fs);
		proc_free(child);
		return -ENOMEM;
	}
	fs_refresh(child);
	child->exe = p->exe;
	file_get(child->exe);
	child->cred.uid = p->cred.uid, child->cred.euid = p->cred.euid;
	child->cred.suid = p->cred.suid, child->cred.fsuid = p->cred.fsuid;
	child->cred.gid = p->cred.gid, child->cred.egid = p->cred.egid;
	child->cred.sgid = p->cred.sgid, child->cred.fsgid = p->cred.fsgid;
	child->nice = p->nice;
	child->exit_signal = thread ? 0 : (int)(flags & CSIGNAL);
	signal_fork(child, p);
	if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM) {
		/* Not on the caller's alternate stack: it is the caller's. */
		child->sig.altstack = (stack_t){ .ss_flags = SS_DISABLE };
	}
	memcpy(child->uctx.fpu, p->uctx.fpu, frame_user_fpu_size());
	child->uctx.regs = p->uctx.regs;
	child->uctx.regs.rax = 0;		/* fork() returns 0 in the child */
	if (newsp) {
		child->uctx.regs.rsp = newsp;
	}
	if (flags & CLONE_SETTLS) {
		child->uctx.regs.fs_base = tls;
	}
	child->vfork_parent = flags & CLONE_VFORK ? p : NULL;
	child->set_child_tid = flags & CLONE_CHILD_SETTID ? ctid : 0;
	child->clear_child_tid = flags & CLONE_CHILD_CLEARTID ? ctid : 0;
	strlcpy(child->comm, p->comm, sizeof(child->comm));

	mutex_lock(&proc_lock);
	if (thread && __atomic_load_n(&tg->group_exit, __ATOMIC_ACQUIRE)) {
		mutex_unlock(&proc_lock);
		child->task = NULL;	/* the process is ending: undone below */
		goto failed;
	}
	child->pid = next_pid++;
	if (thread) {
		/* A thread is in its process, not in the process tree. */
		frame_irqflags_t irq = frame_spin_lock(&tg->sig_lock);

		child->tgid = p->tgid;
		list_add_tail(&child->thread_node, &tg->threads);
		tg->live++;
		frame_spin_unlock(&tg->sig_lock, irq);
	} else {
		child->tgid = child->pid;
		child->tg->leader = child;
		child->tg->live = 1;
		list_add_tail(&child->thread_node, &child->tg->threads);
		child->parent = tg->leader;
		list_add_tail(&child->sibling, &tg->leader->children);
		list_add_tail(&child->all_node, &all_procs);
	}
	mutex_unlock(&proc_lock);

	if ((flags & CLONE_PARENT_SETTID) &&
	    frame_copy_to_user(frame_uptr(ptid), &child->pid, sizeof(int))) {
		child->task = NULL;	/* undone below, as for no memory */
	} else {
		child->task = task_spawn(child->comm, proc_main, child);
	}
	if (!child->task) {
failed:
		mutex_lock(&proc_lock);
		list_del(&child->sibling);
		if (!list_empty(&child->thread_node)) {
			struct thread_group *ctg = child->tg;
			frame_irqflags_t irq = frame_spin_lock(&ctg->sig_lock);

			list_del(&child->thread_node);
			ctg->live--;
			frame_spin_unlock(&ctg->sig_lock, irq);
		}
		mutex_unlock(&proc_lock);
		mm_put(child->mm);
		fdtable_put(child->fdt);
		fs_info_put(child->fs);
		path_put(&child->cwd);
		path_put(&child->root);
		file_put(child->exe);
		proc_free(child);
		return -ENOMEM;
	}
	pid = child->pid;
	if (flags & CLONE_VFORK) {
		/* The parent waits until the child execs or exits. */
		wait_event(&p->vfork_wait, __atomic_load_n(&p->vfork_done,
							   __ATOMIC_ACQUIRE));
		p->vfork_done = false;
	}
	return pid;
}

/* The child of a vfork has exec'd or exited: its parent runs on. */
static void vfork_release(struct process *p)
{
	struct process *parent = p->vfork_parent;

	if (parent) {
		p->vfork_parent = NULL;
		__atomic_store_n(&parent->vfork_done, true, __ATOMIC_RELEASE);
		wake_up_all(&parent->vfork_wait);
	}
}

/* Is child c selected by (idtype, id), waitid's terms? */
static bool selects(const struct process *c, int idtype, int id)
{
	return idtype == P_ALL || (idtype == P_PID && c->pid == id) ||
	       (idtype == P_PGID && c->tg->pgid == id);
}

/* What a wait found: a child's exit, stop or continue. */
struct child_event {
	struct process *zombie;		/* an exit: the child, to reap */
	int pid, uid;
	int status;			/* as wait4 reports it */
	int code, cstatus;		/* as waitid reports them */
};

/*
 * Find an event of a selected child that options ask for (WEXITED,
 * WSTOPPED, WCONTINUED), consuming it unless WNOWAIT; proc_lock held.
 * Returns true with *ev filled; *any tells whether any child is selected.
 */
static bool find_event(struct process *p, int idtype, int id, int options,
		       struct child_event *ev, bool *any)
{
	bool keep = options & WNOWAIT;
	struct process *c;

	*any = false;
	list_for_each_entry(c, &p->children, sibling) {
		int ws = c->wait_status, r = c->tg->report;

		if (!selects(c, idtype, id)) {
			continue;
		}
		*any = true;
		*ev = (struct child_event){ .pid = c->pid, .uid = c->cred.uid };
		if (c->zombie && (options & WEXITED)) {
			ev->status = ws;
			ev->code = ws & 0x7f ? CLD_KILLED : CLD_EXITED;
			ev->cstatus = ws & 0x7f ? ws & 0x7f : (ws >> 8) & 0xff;
			if (!keep) {
				list_del(&c->sibling);
				ev->zombie = c;
			}
			return true;
		}
		if (c->zombie || !r || (r == 0xffff ? !(options & WCONTINUED) :
					!(options & WSTOPPED))) {
			continue;
		}
		ev->status = r;
		ev->code = r == 0xffff ? CLD_CONTINUED : CLD_STOPPED;
		ev->cstatus = r == 0xffff ? SIGCONT : (r >> 8) & 0xff;
		if (!keep) {
			c->tg->report = 0;
		}
		return true;
	}
	return false;
}

/* Free the zombies nobody waits for (their parents ignore SIGCHLD). */
static void reap_pending(void)
{
	struct process *c;

	for (;;) {
		mutex_lock(&proc_lock);
		c = list_empty(&autoreap) ? NULL :
		    list_first_entry(&autoreap, struct process, sibling);
		if (c) {
			list_del(&c->sibling);
		}
		mutex_unlock(&proc_lock);
		if (!c) {
			return;
		}
		task_join(c->task);
		proc_free(c);
	}
}

/*
 * Wait for an event of a selected child. Returns 0 with *ev filled (and
 * ev->zombie off the list when reaped, for the caller to free), 1 with
 * nothing under WNOHANG, -ECHILD with no such child, or -ERESTARTSYS.
 */
static long wait_child(struct process *p, int idtype, int id, int options,
		       struct child_event *ev)
{
	bool found, any;

	p = p->tg->leader;		/* the children are the process's */
	reap_pending();
	for (;;) {
		struct waiter w;

		waiter_init(&w);
		wait_prepare(&p->child_exit, &w);
		mutex_lock(&proc_lock);
		found = find_event(p, idtype, id, options, ev, &any);
		mutex_unlock(&proc_lock);
		if (found || !any || (options & WNOHANG)) {
			wait_finish(&p->child_exit, &w);
			break;
		}
		if (__atomic_load_n(&task_current()->interrupt,
				    __ATOMIC_ACQUIRE)) {
			wait_finish(&p->child_exit, &w);
			return -ERESTARTSYS;
		}
		sched_sleep(0);
		wait_finish(&p->child_exit, &w);
	}
	return found ? 0 : any ? 1 : -ECHILD;
}

static struct __kernel_old_timeval timeval_of(uint64_t ns)
{
	return (struct __kernel_old_timeval){
		.tv_sec = (long)(ns / NSEC_PER_SEC),
		.tv_usec = (long)(ns % NSEC_PER_SEC / 1000),
	};
}

/* p's CPU times: user, and kernel (its task's time less the user's). */
void proc_thread_cpu_times(const struct process *t, uint64_t *user,
			   uint64_t *sys)
{
	uint64_t run = t->exiting || !t->task ? t->utime_ns + t->stime_ns :
		       task_runtime_ns(t->task);

	*user = t->utime_ns;
	*sys = run > t->utime_ns ? run - t->utime_ns : 0;
}

void proc_cpu_times(const struct process *p, uint64_t *user, uint64_t *sys)
{
	struct thread_group *tg = p->tg;
	struct process *t;
	uint64_t u, s;

	mutex_lock(&proc_lock);
	*user = tg->dead_utime_ns;
	*sys = tg->dead_stime_ns;
	list_for_each_entry(t, &tg->threads, thread_node) {
		proc_thread_cpu_times(t, &u, &s);
		*user += u;
		*sys += s;
	}
	mutex_unlock(&proc_lock);
}

void proc_rusage_of(const struct process *p, struct rusage *ru)
{
	uint64_t user = 0, sys = 0;

	memset(ru, 0, sizeof(*ru));
	if (p) {
		proc_cpu_times(p, &user, &sys);
		ru->ru_maxrss = (long)p->maxrss_kb;
	}
	ru->ru_utime = timeval_of(user);
	ru->ru_stime = timeval_of(sys);
}

long sys_getrusage(struct process *p, int who, uintptr_t uru)
{
	struct rusage ru;

	switch (who) {
	case RUSAGE_SELF:
	case RUSAGE_THREAD:
		if (p->mm) {
			p->maxrss_kb = max(p->maxrss_kb,
					   mm_resident_pages(p->mm) * 4);
		}
		proc_rusage_of(p, &ru);
		if (who == RUSAGE_THREAD) {
			uint64_t user, sys;

			proc_thread_cpu_times(p, &user, &sys);
			ru.ru_utime = timeval_of(user);
			ru.ru_stime = timeval_of(sys);
		}
		break;
	case RUSAGE_CHILDREN:
		p = p->tg->leader;	/* the process's children */
		memset(&ru, 0, sizeof(ru));
		ru.ru_utime = timeval_of(p->cutime_ns);
		ru.ru_stime = timeval_of(p->cstime_ns);
		ru.ru_maxrss = (long)p->cmaxrss_kb;
		break;
	default:
		return -EINVAL;
	}
	return frame_copy_to_user(frame_uptr(uru), &ru, sizeof(ru)) ?
	       -EFAULT : 0;
}

/* Free a zombie of p's that wait_child() took; p inherits its times. */
static void reap(struct process *p, struct process *c)
{
	p = p->tg->leader;
	/* Every thread of the child has ended and added to dead_*. */
	p->cutime_ns += c->tg->dead_utime_ns + c->cutime_ns;
	p->cstime_ns += c->tg->dead_stime_ns + c->cstime_ns;
	p->cmaxrss_kb = max(p->cmaxrss_kb, max(c->maxrss_kb, c->cmaxrss_kb));
	task_join(c->task);
	proc_free(c);
}

long proc_wait4(struct process *p, int pid, uintptr_t status, int options,
		uintptr_t rusage)
{
	int idtype = pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID;
	int id = pid > 0 ? pid : pid == 0 ? p->tg->pgid : -pid;
	struct child_event ev;
	struct rusage ru;
	long err;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL |
			__WCLONE | __WNOTHREAD)) {
		return -EINVAL;
	}
	if (pid == INT32_MIN) {
		return -ESRCH;		/* as Linux: -pid overflows */
	}
	err = wait_child(p, idtype, id, options | WEXITED, &ev);
	if (err) {
		return err == 1 ? 0 : err;
	}
	proc_rusage_of(ev.zombie, &ru);
	if (ev.zombie) {
		reap(p, ev.zombie);
	}
	if (status && frame_copy_to_user(frame_uptr(status), &ev.status,
					 sizeof(ev.status))) {
		return -EFAULT;
	}
	if (rusage && frame_copy_to_user(frame_uptr(rusage), &ru, sizeof(ru))) {
		return -EFAULT;
	}
	return ev.pid;
}

long proc_waitid(struct process *p, int idtype, int id, uintptr_t infop,
		 int options)
{
	struct child_event ev;
	struct siginfo si;
	long err;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WALL | __WCLONE | __WNOTHREAD) ||
	    !(options & (WEXITED | WSTOPPED | WCONTINUED))) {
		return -EINVAL;
	}
	if (idtype == P_PGID && id == 0) {
		id = p->tg->pgid;
	}
	if ((idtype != P_ALL && idtype != P_PID && idtype != P_PGID) ||
	    (idtype != P_ALL && id <= 0)) {
		return -EINVAL;		/* P_PIDFD: no pidfds yet */
	}
	err = wait_child(p, idtype, id, options, &ev);
	if (err < 0) {
		return err;
	}
	memset(&si, 0, sizeof(si));
	if (err == 0) {
		si.si_signo = SIGCHLD;
		si.si_code = ev.code;
		si.si_pid = ev.pid;
		si.si_uid = (unsigned int)ev.uid;
		si.si_status = ev.cstatus;
		if (ev.zombie) {
			reap(p, ev.zombie);
		}
	}
	if (infop && frame_copy_to_user(frame_uptr(infop), &si, sizeof(si))) {
		return -EFAULT;
	}
	return 0;
}

/* Copy a NULL-terminated array of user strings into kernel memory. */
static long copy_strings(uintptr_t uvec, char ***out)
{
	char **vec = kzalloc((MAX_ARGS + 1) * sizeof(char *));
	size_t n = 0;

	if (!vec) {
		return -ENOMEM;
	}
	*out = vec;
	for (; uvec; n++) {
		uint64_t ptr;
		long len;

		if (n == MAX_ARGS) {
			return -E2BIG;
		}
		if (frame_copy_from_user(&ptr, frame_uptr(uvec + n * 8), 8)) {
			return -EFAULT;
		}
		if (!ptr) {
			break;
		}
		vec[n] = kmalloc(PATH_MAX_LEN, 0);
		if (!vec[n]) {
			return -ENOMEM;
		}
		len = frame_strncpy_from_user(vec[n], frame_uptr(ptr),
					      PATH_MAX_LEN);
		if (len < 0) {
			return len == -ENAMETOOLONG ? -E2BIG : len;
		}
	}
	return 0;
}

static void free_strings(char **vec)
{
	for (size_t i = 0; vec && vec[i]; i++) {
		kfree(vec[i]);
	}
	kfree(vec);
}

/*
 * execve() in a process of several threads: end the others, and if p is
 * not the main thread, p becomes it, with the process's id (as Linux).
 */
static void de_thread(struct process *p)
{
	struct thread_group *tg = p->tg;
	struct process *old, *child, *tmp;

	mutex_lock(&proc_lock);
	if (tg->live == 1) {
		mutex_unlock(&proc_lock);
		return;
	}
	__atomic_store_n(&tg->exec_thread, p, __ATOMIC_RELEASE);
	kill_other_threads_locked(p);
	mutex_unlock(&proc_lock);
	wait_event(&tg->thread_exit, __atomic_load_n(&tg->live,
						     __ATOMIC_ACQUIRE) == 1);

	mutex_lock(&proc_lock);
	__atomic_store_n(&tg->exec_thread, NULL, __ATOMIC_RELEASE);
	old = tg->leader;
	if (old != p) {
		/* p takes the old main thread's place in the process tree. */
		p->pid = old->pid;
		p->parent = old->parent;
		p->exit_signal = old->exit_signal;
		p->cutime_ns = old->cutime_ns;
		p->cstime_ns = old->cstime_ns;
		p->cmaxrss_kb = old->cmaxrss_kb;
		list_insert(&p->all_node, &old->all_node, old->all_node.next);
		list_del(&old->all_node);
		list_insert(&p->sibling, &old->sibling, old->sibling.next);
		list_del(&old->sibling);
		list_for_each_entry_safe(child, tmp, &old->children, sibling) {
			list_del(&child->sibling);
			child->parent = p;
			list_add_tail(&child->sibling, &p->children);
		}
		tg->leader = p;
		if (old == init_proc) {
			init_proc = p;
		}
		list_add_tail(&old->sibling, &autoreap);  /* a thread now */
	}
	mutex_unlock(&proc_lock);
}

long proc_execve(struct process *p, uintptr_t upath, uintptr_t uargv,
		 uintptr_t uenvp)
{
	char *path = kmalloc(PATH_MAX_LEN, 0);
	char **argv = NULL, **envp = NULL;
	struct frame_user_regs regs;
	struct fdtable *own = NULL;
	struct mm *mm, *old;
	struct file *exe;
	long err;

	if (!path) {
		return -ENOMEM;
	}
	/* A file table shared with other processes is unshared by exec. */
	if (__atomic_load_n(&p->fdt->refs, __ATOMIC_ACQUIRE) > 1) {
		own = fdtable_fork(p->fdt);
		if (!own) {
			kfree(path);
			return -ENOMEM;
		}
	}
	err = frame_strncpy_from_user(path, frame_uptr(upath), PATH_MAX_LEN);
	if (err >= 0) {
		err = copy_strings(uargv, &argv);
	}
	if (err >= 0) {
		err = copy_strings(uenvp, &envp);
	}
	if (err >= 0) {
		err = load_image(p, path, (const char *const *)argv,
				 (const char *const *)envp, &mm, &regs, &exe);
	}
	if (err >= 0) {
		/* The point of no return: the old image is gone. */
		struct fdtable *old_fdt = p->fdt;
		struct file *old_exe;

		de_thread(p);
		mutex_lock(&p->lock);
		old = p->mm;
		old_exe = p->exe;
		p->mm = mm;
		p->exe = exe;
		if (own) {
			p->fdt = own;
			own = NULL;
		}
		mutex_unlock(&p->lock);
		if (p->fdt != old_fdt) {
			fdtable_put(old_fdt);
		}
		task_set_vm(mm->vm);
		mm_put(old);
		file_put(old_exe);
		p->uctx.regs = regs;
		frame_user_fpu_init(&p->uctx);
		fdtable_close_on_exec(p->fdt);
		signal_exec(p);
		set_comm(p, path);
		vfork_release(p);
		err = 0;
	}
	if (own) {
		fdtable_put(own);
	}
	free_strings(argv);
	free_strings(envp);
	kfree(path);
	return err;
}

/*
 * procfs: the directory of each process, /proc/<pid>, and /proc/self's
 * target. Each file reads the process's state when it is opened; the
 * process is looked at through proc_inspect(), which keeps it and its
 * resources from going away meanwhile.
 */
#include <linux/fcntl.h>
#include <linux/signal.h>
#include <linux/stat.h>

#include <frame/time.h>
#include <frame/vm.h>

#include "internal.h"

#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/string.h>
#include <kernel/tty.h>

#define USER_HZ 100			/* clock ticks of stat's times */
#define PATH_MAX_LEN 4096
#define CMDLINE_MAX 4096

/* What stat and status show, copied while the process is held. */
struct snapshot {
	int pid, tgid, ppid, pgid, sid, nice;
	char comm[16];
	char state;
	struct cred cred;
	unsigned int groups[32];
	unsigned int umask;
	uint64_t utime, stime, cutime, cstime, start;
	size_t vsize, rss;
	uint64_t pending, shared, blocked, ignored, caught;
	unsigned int threads;
	unsigned int tty_nr;			/* the terminal's device */
	int tpgid;				/* its foreground group, or -1 */
	bool has_mm;
	uintptr_t brk, stack, arg_start, arg_end, env_start, env_end;
	int exit_signal, exit_code;
};

static const char *state_name(char state)
{
	return state == 'R' ? "R (running)" : state == 'Z' ? "Z (zombie)" :
							     "S (sleeping)";
}

static long take_snapshot(struct process *p, void *arg)
{
	struct snapshot *s = arg;
	struct task *t = p->task;

	s->pid = p->pid;
	s->tgid = p->tgid;
	s->ppid = p->tg->leader->parent ? p->tg->leader->parent->tgid : 0;
	s->pgid = p->tg->pgid;
	s->sid = p->tg->sid;
	s->nice = p->nice;
	memcpy(s->comm, p->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->state = p->zombie || p->exiting ? 'Z' :
		   t == task_current() ? 'R' :
		   t && t->state == TASK_RUNNABLE ? 'R' : 'S';
	s->cred = p->cred;
	s->cred.ngroups = min(p->cred.ngroups, (unsigned int)ARRAY_SIZE(s->groups));
	memcpy(s->groups, p->cred.groups, s->cred.ngroups * sizeof(*s->groups));
	s->cred.groups = NULL;
	s->umask = p->fs ? __atomic_load_n(&p->fs->umask, __ATOMIC_RELAXED) :
			   0;
	s->utime = p->utime_ns;
	s->stime = p->zombie || !t ? p->stime_ns :
		   task_runtime_ns(t) > p->utime_ns ?
		   task_runtime_ns(t) - p->utime_ns : 0;
	s->cutime = p->cutime_ns;
	s->cstime = p->cstime_ns;
	s->start = p->start_ns;
	s->has_mm = p->mm != NULL;
	if (p->mm) {
		s->vsize = mm_total_bytes(p->mm);
		s->rss = mm_resident_pages(p->mm);
		s->brk = p->mm->brk_start;
		s->stack = p->mm->stack_end;
		s->arg_start = p->mm->arg_start;
		s->arg_end = p->mm->arg_end;
		s->env_start = p->mm->env_start;
		s->env_end = p->mm->env_end;
	}
	s->exit_signal = p->exit_signal;
	s->exit_code = p->zombie ? p->wait_status : 0;
	s->pending = p->sig.pending.set;
	s->shared = p->tg->shared.set;
	s->blocked = p->sig.blocked;
	s->threads = max(p->tg->live, 1U);
	s->tty_nr = tty_devnum(p->tg->ctty);
	s->tpgid = p->tg->ctty ? tty_foreground(p->tg->ctty) : -1;
	for (int sig = 1; sig <= SIG_COUNT; sig++) {
		uintptr_t h = (uintptr_t)p->tg->action[sig - 1].sa_handler;

		if (h == (uintptr_t)SIG_IGN) {
			s->ignored |= 1ULL << (sig - 1);
		} else if (h != (uintptr_t)SIG_DFL) {
			s->caught |= 1ULL << (sig - 1);
		}
	}
	return 0;
}

static int snapshot_of(const struct proc_node *n, struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	return proc_inspect(n->pid, take_snapshot, s) < 0 ? -ESRCH : 0;
}

static unsigned long ticks(uint64_t ns)
{
	return (unsigned long)(ns / (NSEC_PER_SEC / USER_HZ));
}

/* /proc/<pid>/stat: the 52 fields of Linux's proc_pid_stat(). */
static int show_stat(struct seq *seq, const struct proc_node *n)
{
	struct snapshot s;
	int err = snapshot_of(n, &s);

	if (err) {
		return err;
	}
	seq_printf(seq, "%d (%s) %c %d %d %d %u %d 4194304 0 0 0 0 ", s.pid,
		   s.comm, s.state, s.ppid, s.pgid, s.sid, s.tty_nr, s.tpgid);
	seq_printf(seq, "%lu %lu %lu %lu %d %d %u 0 %lu %lu %lu ",
		   ticks(s.utime), ticks(s.stime), ticks(s.cutime),
		   ticks(s.cstime), 20 + s.nice, s.nice, s.threads,
		   ticks(s.start),
		   (unsigned long)s.vsize, (unsigned long)s.rss);
	seq_printf(seq, "18446744073709551615 0 0 %lu 0 0 %lu %lu %lu %lu "
		   "0 0 0 %d 0 0 0 0 0 0 0 0 %lu %lu %lu %lu %lu %d\n",
		   (unsigned long)s.stack,
		   (unsigned long)((s.pending | s.shared) & 0xffffffff),
		   (unsigned long)(s.blocked & 0xffffffff),
		   (unsigned long)(s.ignored & 0xffffffff),
		   (unsigned long)(s.caught & 0xffffffff), s.exit_signal,
		   (unsigned long)s.brk, (unsigned long)s.arg_start,
		   (unsigned long)s.arg_end, (unsigned long)s.env_start,
		   (unsigned long)s.env_end, s.exit_code);
	return 0;
}

static int show_status(struct seq *seq, const struct proc_node *n)
{
	struct snapshot s;
	int err = snapshot_of(n, &s);

	if (err) {
		return err;
	}
	seq_printf(seq, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\n"
		   "Ngid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", s.comm,
		   s.umask, state_name(s.state), s.tgid, s.pid, s.ppid);
	seq_printf(seq, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		   s.cred.uid, s.cred.euid, s.cred.suid, s.cred.fsuid,
		   s.cred.gid, s.cred.egid, s.cred.sgid, s.cred.fsgid);
	seq_printf(seq, "FDSize:\t%d\nGroups:\t", FD_MAX);
	for (unsigned int i = 0; i < s.cred.ngroups; i++) {
		seq_printf(seq, "%u ", s.groups[i]);
	}
	seq_printf(seq, "\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", s.pid,
		   s.pgid, s.sid);
	if (s.has_mm) {
		seq_printf(seq, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n",
			   (unsigned long)(s.vsize / 1024),
			   (unsigned long)(s.rss * 4));
	}
	seq_printf(seq, "Threads:\t%u\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n"
		   "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
		   s.threads, (unsigned long)s.pending,
		   (unsigned long)s.shared, (unsigned long)s.blocked,
		   (unsigned long)s.ignored, (unsigned long)s.caught);
	return 0;
}

static int show_statm(struct seq *seq, const struct proc_node *n)
{
	struct snapshot s;
	int err = snapshot_of(n, &s);

	if (!err) {
		seq_printf(seq, "%lu %lu 0 0 0 0 0\n",
			   (unsigned long)(s.vsize / 4096),
			   (unsigned long)s.rss);
	}
	return err;
}

static int show_comm(struct seq *seq, const struct proc_node *n)
{
	struct snapshot s;
	int err = snapshot_of(n, &s);

	if (!err) {
		seq_printf(seq, "%s\n", s.comm);
	}
	return err;
}

/* Reading a range of the process's memory: cmdline and environ. */
struct mem_range {
	struct seq *seq;
	bool env;
};

static long read_range(struct process *p, void *arg)
{
	struct mem_range *r = arg;
	uintptr_t start, end;
	size_t len, got;

	if (!p->mm) {
		return 0;			/* a zombie: empty, as Linux */
	}
	start = r->env ? p->mm->env_start : p->mm->arg_start;
	end = r->env ? p->mm->env_end : p->mm->arg_end;
	len = min(end > start ? end - start : 0, (size_t)CMDLINE_MAX);
	if (r->seq->size <= len) {
		r->seq->overflow = true;
		return 0;
	}
	got = mm_read(p->mm, start, r->seq->buf, len);
	r->seq->len = got;
	return 0;
}

static int show_cmdline(struct seq *seq, const struct proc_node *n)
{
	struct mem_range r = { .seq = seq, .env = false };

	return proc_inspect(n->pid, read_range, &r) < 0 ? -ESRCH : 0;
}

static int show_environ(struct seq *seq, const struct proc_node *n)
{
	struct mem_range r = { .seq = seq, .env = true };

	return proc_inspect(n->pid, read_range, &r) < 0 ? -ESRCH : 0;
}

static long copy_limits(struct process *p, void *arg)
{
	memcpy(arg, p->tg->rlim, sizeof(p->tg->rlim));
	return 0;
}

/* The names and units /proc/<pid>/limits gives (Linux's fs/proc/base.c). */
static const struct {
	const char *name, *unit;
} limit_names[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { "Max cpu time", "seconds" },
	[RLIMIT_FSIZE] = { "Max file size", "bytes" },
	[RLIMIT_DATA] = { "Max data size", "bytes" },
	[RLIMIT_STACK] = { "Max stack size", "bytes" },
	[RLIMIT_CORE] = { "Max core file size", "bytes" },
	[RLIMIT_RSS] = { "Max resident set", "bytes" },
	[RLIMIT_NPROC] = { "Max processes", "processes" },
	[RLIMIT_NOFILE] = { "Max open files", "files" },
	[RLIMIT_MEMLOCK] = { "Max locked memory", "bytes" },
	[RLIMIT_AS] = { "Max address space", "bytes" },
	[RLIMIT_LOCKS] = { "Max file locks", "locks" },
	[RLIMIT_SIGPENDING] = { "Max pending signals", "signals" },
	[RLIMIT_MSGQUEUE] = { "Max msgqueue size", "bytes" },
	[RLIMIT_NICE] = { "Max nice priority", NULL },
	[RLIMIT_RTPRIO] = { "Max realtime priority", NULL },
	[RLIMIT_RTTIME] = { "Max realtime timeout", "us" },
};

static void limit_value(struct seq *seq, uint64_t v)
{
	if (v == RLIM64_INFINITY) {
		seq_printf(seq, "%-20s ", "unlimited");
	} else {
		seq_printf(seq, "%-20llu ", (unsigned long long)v);
	}
}

static int show_limits(struct seq *seq, const struct proc_node *n)
{
	struct rlimit64 lim[RLIM_NLIMITS];

	if (proc_inspect(n->pid, copy_limits, lim) < 0) {
		return -ESRCH;
	}
	seq_printf(seq, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit",
		   "Hard Limit", "Units");
	for (int i = 0; i < RLIM_NLIMITS; i++) {
		seq_printf(seq, "%-25s ", limit_names[i].name);
		limit_value(seq, lim[i].rlim_cur);
		limit_value(seq, lim[i].rlim_max);
		if (limit_names[i].unit) {
			seq_printf(seq, "%-10s\n", limit_names[i].unit);
		} else {
			seq_printf(seq, "\n");
		}
	}
	return 0;
}

struct vfs_ctx proc_reader_ctx(void)
{
	struct process *me = proc_current();
	struct vfs_ctx ctx = { 0 };

	if (me) {
		return proc_vfs_ctx(me);
	}
	vfs_root(&ctx.root);
	path_put(&ctx.root);		/* the mount tree keeps it */
	return ctx;
}

/* What the links of a process point to, taken with references. */
struct link_target {
	int which;			/* 0 exe, 1 cwd, 2 root, 3 fd */
	int fd;
	struct path path;
	struct file *file;
};

static long take_target(struct process *p, void *arg)
{
	struct link_target *t = arg;

	switch (t->which) {
	case 0:
		t->file = p->exe;
		break;
	case 1:
		proc_get_cwd(p, &t->path);
		break;
	case 2:
		proc_get_root(p, &t->path);
		break;
	default:
		t->file = p->fdt ? fd_get(p->fdt, t->fd) : NULL;
		return t->file ? 0 : -ENOENT;
	}
	if (t->file && t->which == 0) {
		file_get(t->file);
	}
	return t->file || t->path.inode ? 0 : -ENOENT;
}

static long resolve_link(const struct proc_node *n, int which, char *buf,
			 size_t size)
{
	struct link_target t = { .which = which, .fd = n->fd };
	struct vfs_ctx ctx = proc_reader_ctx();
	long r = proc_inspect(n->pid, take_target, &t);
	char *tmp;

	if (r < 0) {
		return -ENOENT;
	}
	tmp = kmalloc(PATH_MAX_LEN, 0);
	if (!tmp) {
		r = -ENOMEM;
	} else if (t.file && t.file->ops->show_name) {
		r = t.file->ops->show_name(t.file, tmp, PATH_MAX_LEN);
	} else if (t.file) {
		r = vfs_file_name(&ctx, t.file, tmp, PATH_MAX_LEN);
	} else {
		r = vfs_path_name(&ctx, &t.path, tmp, PATH_MAX_LEN);
	}
	if (r >= 0) {
		r = min(r, (long)size);
		memcpy(buf, tmp, (size_t)r);
	}
	kfree(tmp);
	if (t.file) {
		file_put(t.file);
	}
	if (t.path.inode) {
		path_put(&t.path);
	}
	return r;
}

static long link_exe(const struct proc_node *n, char *buf, size_t size)
{
	return resolve_link(n, 0, buf, size);
}

static long link_cwd(const struct proc_node *n, char *buf, size_t size)
{
	return resolve_link(n, 1, buf, size);
}

static long link_root(const struct proc_node *n, char *buf, size_t size)
{
	return resolve_link(n, 2, buf, size);
}

static long link_fd(const struct proc_node *n, char *buf, size_t size)
{
	return resolve_link(n, 3, buf, size);
}

/* /proc/<pid>/maps: one line per region, Linux's format. */
struct maps_ctx {
	struct seq *seq;
	struct vfs_ctx ctx;
	char *name;
};

static void map_line(struct maps_ctx *m, struct mm *mm, const struct vma *v)
{
	const char *label = "";
	unsigned long ino = 0;
	unsigned int dev = 0;

	if (v->file && vfs_file_name(&m->ctx, v->file, m->name,
				     PATH_MAX_LEN) >= 0) {
		label = m->name;
		ino = (unsigned long)v->file->path.inode->ino;
		dev = v->file->path.inode->sb->dev;
	} else if (v->start <= mm->brk_start && mm->brk_start < v->end) {
		label = "[heap]";
	} else if (v->start < mm->stack_end && mm->stack_start < v->end) {
		label = "[stack]";
	}
	size_t start = m->seq->len;

	seq_printf(m->seq, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
		   (unsigned long)v->start, (unsigned long)v->end,
		   v->prot & FRAME_PROT_READ ? 'r' : '-',
		   v->prot & FRAME_PROT_WRITE ? 'w' : '-',
		   v->prot & FRAME_PROT_EXEC ? 'x' : '-',
		   v->flags & VMA_SHARED ? 's' : 'p',
		   (unsigned long)v->off, dev >> 8, dev & 0xff, ino);
	if (*label) {
		/* Linux starts names at one column (73 with 64-bit words). */
		size_t used = m->seq->len - start;

		seq_printf(m->seq, "%*s%s", used < 73 ? (int)(73 - used) : 0,
			   "", label);
	}
	seq_printf(m->seq, "\n");
}

static long show_maps_of(struct process *p, void *arg)
{
	struct maps_ctx *m = arg;
	struct vma *v;

	if (!p->mm) {
		return 0;
	}
	mutex_lock(&p->mm->lock);
	list_for_each_entry(v, &p->mm->vmas, node) {
		map_line(m, p->mm, v);
	}
	mutex_unlock(&p->mm->lock);
	return 0;
}

static int show_maps(struct seq *seq, const struct proc_node *n)
{
	struct maps_ctx m = { .seq = seq, .ctx = proc_reader_ctx(),
			      .name = kmalloc(PATH_MAX_LEN, 0) };
	long r;

	if (!m.name) {
		return -ENOMEM;
	}
	r = proc_inspect(n->pid, show_maps_of, &m);
	kfree(m.name);
	return r < 0 ? -ESRCH : 0;
}

static int show_mount_list(struct seq *seq, bool info)
{
	struct vfs_ctx ctx = proc_reader_ctx();
	long len = info ? vfs_mountinfo_show(&ctx, seq->buf, seq->size) :
			  vfs_mounts_show(&ctx, seq->buf, seq->size);

	if (len == -ENAMETOOLONG) {
		seq->overflow = true;
		return 0;
	}
	seq->len = len > 0 ? (size_t)len : 0;
	return len < 0 ? (int)len : 0;
}

int proc_show_mounts(struct seq *seq, const struct proc_node *n)
{
	return show_mount_list(seq, false);
}

static int proc_show_mountinfo(struct seq *seq, const struct proc_node *n)
{
	return show_mount_list(seq, true);
}

/* The fd directory: one link per open descriptor. */
struct fd_scan {
	int from, found;
};

static long next_fd(struct process *p, void *arg)
{
	struct fd_scan *s = arg;

	s->found = -1;
	if (!p->fdt) {
		return 0;
	}
	mutex_lock(&p->fdt->lock);
	for (int fd = s->from; fd < FD_MAX; fd++) {
		if (p->fdt->files[fd]) {
			s->found = fd;
			break;
		}
	}
	mutex_unlock(&p->fdt->lock);
	return 0;
}

static int fd_lookup(const struct proc_node *dir, const char *name,
		     size_t len, int *pid, int *fd)
{
	struct fd_scan s = { .from = name_to_number(name, len) };

	if (s.from < 0 || s.from >= FD_MAX ||
	    proc_inspect(dir->pid, next_fd, &s) < 0 || s.found != s.from) {
		return -ENOENT;
	}
	*fd = s.found;
	return 0;
}

static bool fd_next(const struct proc_node *dir, uint64_t *pos, char *name,
		    size_t size, int *pid, int *fd)
{
	struct fd_scan s = { .from = (int)min(*pos, (uint64_t)FD_MAX) };

	if (proc_inspect(dir->pid, next_fd, &s) < 0 || s.found < 0) {
		return false;
	}
	snprintf(name, size, "%d", s.found);
	*fd = s.found;
	*pos = (uint64_t)s.found + 1;
	return true;
}

static const struct proc_entry fd_entry = {
	.name = "", .mode = S_IFLNK | 0700, .link = link_fd, .per_process = true,
};

static const struct proc_dynamic fd_dynamic = {
	.lookup = fd_lookup, .next = fd_next, .entry = &fd_entry,
};

#define PID_FILE(n, perm, fn) { .name = n, .mode = S_IFREG | (perm), \
				.show = fn, .per_process = true }
#define PID_LINK(n, fn) { .name = n, .mode = S_IFLNK | 0777, .link = fn, \
			  .per_process = true }

/* What a process's directory and each of its threads' show. */
#define THREAD_ENTRIES							\
	PID_FILE("stat", 0444, show_stat),				\
	PID_FILE("status", 0444, show_status),				\
	PID_FILE("statm", 0444, show_statm),				\
	PID_FILE("cmdline", 0444, show_cmdline),			\
	PID_FILE("environ", 0400, show_environ),			\
	PID_FILE("comm", 0644, show_comm),				\
	PID_FILE("maps", 0444, show_maps),				\
	PID_FILE("limits", 0444, show_limits),				\
	PID_FILE("mounts", 0444, proc_show_mounts),			\
	PID_FILE("mountinfo", 0444, proc_show_mountinfo),		\
	PID_LINK("exe", link_exe),					\
	PID_LINK("cwd", link_cwd),					\
	PID_LINK("root", link_root),					\
	{ .name = "fd", .mode = S_IFDIR | 0500, .dynamic = &fd_dynamic,	\
	  .per_process = true }

static const struct proc_entry thread_entries[] = { THREAD_ENTRIES };

static const struct proc_entry thread_entry = {
	.name = "", .mode = S_IFDIR | 0555, .children = thread_entries,
	.nchildren = ARRAY_SIZE(thread_entries), .per_process = true,
};

/* /proc/<pid>/task: a directory for each live thread, by id. */
static int task_lookup(const struct proc_node *dir, const char *name,
		       size_t len, int *pid, int *fd)
{
	int want = name_to_number(name, len), got;

	if (want <= 0 || proc_list_tids(dir->pid, want, &got, 1) != 1 ||
	    got != want) {
		return -ENOENT;
	}
	*pid = want;
	return 0;
}

static bool task_next(const struct proc_node *dir, uint64_t *pos,
		      char *name, size_t size, int *pid, int *fd)
{
	int got;

	if (*pos >= (uint64_t)INT32_MAX ||
	    proc_list_tids(dir->pid, (int)*pos + 1, &got, 1) != 1) {
		return false;
	}
	snprintf(name, size, "%d", got);
	*pid = got;
	*pos = (uint64_t)got;
	return true;
}

static const struct proc_dynamic task_dynamic = {
	.lookup = task_lookup, .next = task_next, .entry = &thread_entry,
};

static const struct proc_entry pid_entries[] = {
	THREAD_ENTRIES,
	{ .name = "task", .mode = S_IFDIR | 0555, .dynamic = &task_dynamic,
	  .per_process = true },
};

const struct proc_entry proc_pid_entry = {
	.name = "", .mode = S_IFDIR | 0555, .children = pid_entries,
	.nchildren = ARRAY_SIZE(pid_entries), .per_process = true,
};

static int pid_lookup(const struct proc_node *dir, const char *name,
		      size_t len, int *pid, int *fd)
{
	int want = name_to_number(name, len), got;

	if (want <= 0 || proc_list_pids(want, &got, 1) != 1 || got != want) {
		return -ENOENT;
	}
	*pid = want;
	return 0;
}

static bool pid_next(const struct proc_node *dir, uint64_t *pos, char *name,
		     size_t size, int *pid, int *fd)
{
	int got;

	if (*pos >= (uint64_t)INT32_MAX ||
	    proc_list_pids((int)*pos + 1, &got, 1) != 1) {
		return false;
	}
	snprintf(name, size, "%d", got);
	*pid = got;
	*pos = (uint64_t)got;
	return true;
}

const struct proc_dynamic proc_pid_dynamic = {
	.lookup = pid_lookup, .next = pid_next, .entry = &proc_pid_entry,
};

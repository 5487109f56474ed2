/*
 * procfs: the mount type, its inodes and files (internal.h), and the
 * top directory's system-wide files.
 */
#include <asm/statfs.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/stat.h>
#include <linux/utsname.h>

#include <frame/cpu.h>
#include <frame/time.h>

#include "internal.h"

#include <kernel/irq.h>
#include <kernel/page.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/string.h>

#define SEQ_FIRST 4096
#define SEQ_MAX (1024 * 1024)
#define PID_MAX 4194304			/* as /proc/sys/kernel/pid_max shows */
#define USER_HZ 100			/* clock ticks of /proc/stat */

static const struct inode_ops proc_iops;

void seq_printf(struct seq *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->overflow) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	if (n < 0 || s->len + (size_t)n >= s->size) {
		s->overflow = true;
	} else {
		s->len += (size_t)n;
	}
}

void seq_write(struct seq *s, const void *data, size_t len)
{
	if (s->overflow || s->len + len >= s->size) {
		s->overflow = true;
		return;
	}
	memcpy(s->buf + s->len, data, len);
	s->len += len;
}

static struct proc_node *node_of(const struct inode *in)
{
	return in->priv;
}

/* A stable inode number for (entry, pid, fd). */
static uint64_t ino_of(const struct proc_entry *e, int pid, int fd)
{
	if (e == &proc_root_entry) {
		return 1;
	}
	return (uint64_t)(uint32_t)pid << 40 | (uint64_t)(uint32_t)(fd + 1) << 16 |
	       (((uintptr_t)e / sizeof(*e)) & 0xffff);
}

static long owner_of(struct process *p, void *arg)
{
	struct inode *in = arg;

	in->uid = p->cred.euid;
	in->gid = p->cred.egid;
	return 0;
}

/* The inode for entry about pid and fd, below parent; or -ENOENT. */
static int make_node(struct super_block *sb, const struct proc_entry *e,
		     int pid, int fd, struct inode *parent, struct inode **out)
{
	struct inode *in = inode_alloc(sb, e->mode, &proc_iops);
	struct proc_node *n = kzalloc(sizeof(*n));

	if (!in || !n) {
		kfree(n);
		if (in) {
			inode_put(in);		/* no node: evict skips it */
		}
		return -ENOMEM;
	}
	*n = (struct proc_node){ .entry = e, .pid = pid, .fd = fd,
				 .parent = parent };
	if (parent) {
		inode_get(parent);
	}
	in->priv = n;
	in->ino = ino_of(e, pid, fd);
	in->nlink = S_ISDIR(e->mode) ? 2 : 1;
	if (e->per_process && proc_inspect(pid, owner_of, in) < 0) {
		inode_put(in);
		return -ENOENT;			/* gone meanwhile */
	}
	*out = in;
	return 0;
}

static int proc_lookup(struct inode *dir, const char *name, size_t len,
		       struct inode **out)
{
	const struct proc_node *n = node_of(dir);
	const struct proc_entry *e = n->entry;
	int pid = n->pid, fd = n->fd;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = n->parent ? n->parent : dir;
		inode_get(*out);
		return 0;
	}
	for (size_t i = 0; i < e->nchildren; i++) {
		if (strlen(e->children[i].name) == len &&
		    memcmp(e->children[i].name, name, len) == 0) {
			return make_node(dir->sb, &e->children[i], pid, fd, dir,
					 out);
		}
	}
	if (e->dynamic && e->dynamic->lookup(n, name, len, &pid, &fd) == 0) {
		return make_node(dir->sb, e->dynamic->entry, pid, fd, dir, out);
	}
	return -ENOENT;
}

static int proc_iterate(struct inode *dir, struct dir_context *ctx)
{
	const struct proc_node *n = node_of(dir);
	const struct proc_entry *e = n->entry;
	char name[24];

	while (ctx->pos - 2 < e->nchildren) {
		const struct proc_entry *c = &e->children[ctx->pos - 2];

		if (!ctx->emit(ctx, c->name, strlen(c->name),
			       ino_of(c, n->pid, n->fd), (c->mode & S_IFMT) >> 12,
			       ctx->pos + 1)) {
			return 0;
		}
	}
	while (e->dynamic) {
		uint64_t pos = ctx->pos - 2 - e->nchildren;
		const struct proc_entry *c = e->dynamic->entry;
		int pid = n->pid, fd = n->fd;

		if (!e->dynamic->next(n, &pos, name, sizeof(name), &pid, &fd) ||
		    !ctx->emit(ctx, name, strlen(name), ino_of(c, pid, fd),
			       (c->mode & S_IFMT) >> 12,
			       pos + 2 + e->nchildren)) {
			break;
		}
	}
	return 0;
}

static long proc_readlink(struct inode *in, char *buf, size_t size)
{
	const struct proc_node *n = node_of(in);

	return n->entry->link ? n->entry->link(n, buf, size) : -EINVAL;
}

static int proc_create(struct inode *dir, const char *name, size_t len,
		       uint32_t mode, uint32_t rdev, const char *target,
		       uint32_t uid, uint32_t gid, struct inode **out)
{
	return -ENOENT;			/* as Linux: nothing can be made here */
}

static int proc_truncate(struct inode *in, uint64_t size)
{
	return 0;			/* "echo x > file" truncates first */
}

static void proc_evict(struct inode *in)
{
	struct proc_node *n = node_of(in);

	if (n) {
		if (n->parent) {
			inode_put(n->parent);
		}
		kfree(n);
	}
}

/* An open file's text, made at open. */
static long file_read(struct file *f, frame_uptr_t buf, size_t len)
{
	struct seq *s = f->priv;
	size_t n, left;

	if (f->pos >= s->len) {
		return 0;
	}
	n = min(len, s->len - (size_t)f->pos);
	left = frame_copy_to_user(buf, s->buf + f->pos, n);
	if (left == n && n) {
		return -EFAULT;
	}
	f->pos += n - left;
	return (long)(n - left);
}

static long file_write(struct file *f, frame_uptr_t buf, size_t len)
{
	const struct proc_node *n = node_of(f->path.inode);
	char *kbuf;
	long r;

	if (!n->entry->store) {
		return -EINVAL;
	}
	if (len > 4096) {
		len = 4096;
	}
	kbuf = kmalloc(len + 1, 0);
	if (!kbuf) {
		return -ENOMEM;
	}
	r = frame_copy_from_user(kbuf, buf, len) ? -EFAULT :
	    n->entry->store(n, kbuf, len);
	kfree(kbuf);
	return r;
}

static long file_lseek(struct file *f, int64_t off, int whence)
{
	struct seq *s = f->priv;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ?
		       (int64_t)f->pos : whence == SEEK_END ? (int64_t)s->len :
		       -1;

	if (base < 0 || (off > 0 && base > INT64_MAX - off) || base + off < 0) {
		return -EINVAL;
	}
	f->pos = (uint64_t)(base + off);
	return (long)f->pos;
}

static void file_release(struct file *f)
{
	struct seq *s = f->priv;

	kfree(s->buf);
	kfree(s);
}

static const struct file_ops proc_file_ops = {
	.read = file_read,
	.write = file_write,
	.lseek = file_lseek,
	.release = file_release,
};

/* Make the text, growing the buffer until it fits. */
static int generate(const struct proc_node *n, struct seq *s)
{
	for (size_t size = SEQ_FIRST;; size *= 4) {
		int err;

		*s = (struct seq){ .buf = kmalloc(size, 0), .size = size };
		if (!s->buf) {
			return -ENOMEM;
		}
		err = n->entry->show ? n->entry->show(s, n) : 0;
		if (err || !s->overflow) {
			return err;
		}
		kfree(s->buf);
		if (size >= SEQ_MAX) {
			return -EFBIG;
		}
	}
}

static int proc_open(struct inode *in, struct file *f)
{
	struct seq *s;
	int err;

	if (S_ISDIR(in->mode)) {
		return 0;
	}
	if (!S_ISREG(in->mode)) {
		return -ENXIO;
	}
	s = kzalloc(sizeof(*s));
	if (!s) {
		return -ENOMEM;
	}
	err = generate(node_of(in), s);
	if (err) {
		kfree(s->buf);
		kfree(s);
		return err;
	}
	f->ops = &proc_file_ops;
	f->priv = s;
	return 0;
}

static const struct inode_ops proc_iops = {
	.lookup = proc_lookup,
	.iterate = proc_iterate,
	.create = proc_create,
	.readlink = proc_readlink,
	.truncate = proc_truncate,
	.open = proc_open,
	.evict = proc_evict,
};

/* The system-wide files. */

static int show_meminfo(struct seq *s, const struct proc_node *n)
{
	uint64_t total = page_alloc_total_pages() * 4, free =
			 page_alloc_free_pages() * 4;

	seq_printf(s, "MemTotal:       %8lu kB\n", (unsigned long)total);
	seq_printf(s, "MemFree:        %8lu kB\n", (unsigned long)free);
	seq_printf(s, "MemAvailable:   %8lu kB\n", (unsigned long)free);
	seq_printf(s, "Buffers:        %8lu kB\n", 0UL);
	seq_printf(s, "Cached:         %8lu kB\n", 0UL);
	seq_printf(s, "SwapCached:     %8lu kB\n", 0UL);
	seq_printf(s, "SwapTotal:      %8lu kB\n", 0UL);
	seq_printf(s, "SwapFree:       %8lu kB\n", 0UL);
	return 0;
}

/* Seconds and hundredths, as /proc/uptime prints them. */
static void print_centi(struct seq *s, uint64_t ns, const char *end)
{
	seq_printf(s, "%lu.%02lu%s", (unsigned long)(ns / NSEC_PER_SEC),
		   (unsigned long)(ns % NSEC_PER_SEC / (NSEC_PER_SEC / 100)),
		   end);
}

static int show_uptime(struct seq *s, const struct proc_node *n)
{
	print_centi(s, frame_clock_ns(), " ");
	print_centi(s, sched_idle_ns(), "\n");
	return 0;
}

/*
 * Load averages: Linux's fixed-point exponential averages of the tasks
 * running or runnable, sampled every 5 seconds. Samples are taken when
 * the file is read, each missed interval counting the present load.
 */
#define FSHIFT 11
#define FIXED_1 (1UL << FSHIFT)
#define LOAD_FREQ_NS (5 * NSEC_PER_SEC)
static const unsigned long load_exp[3] = { 1884, 2014, 2037 };
static unsigned long load_avg[3];
static uint64_t load_sampled;
static struct mutex load_lock = MUTEX_INIT(load_lock);

static int show_loadavg(struct seq *s, const struct proc_node *n)
{
	unsigned long active = (unsigned long)sched_runnable_count() * FIXED_1;
	uint64_t now = frame_clock_ns();

	mutex_lock(&load_lock);
	for (int step = 0; load_sampled + LOAD_FREQ_NS <= now && step < 1000;
	     step++) {
		load_sampled += LOAD_FREQ_NS;
		for (int i = 0; i < 3; i++) {
			load_avg[i] = (load_avg[i] * load_exp[i] +
				       active * (FIXED_1 - load_exp[i])) >> FSHIFT;
		}
	}
	if (load_sampled + LOAD_FREQ_NS <= now) {
		load_sampled = now;
	}
	for (int i = 0; i < 3; i++) {
		unsigned long v = load_avg[i] + FIXED_1 / 200;

		seq_printf(s, "%lu.%02lu ", v >> FSHIFT,
			   ((v & (FIXED_1 - 1)) * 100) >> FSHIFT);
	}
	mutex_unlock(&load_lock);
	seq_printf(s, "%u/%u %d\n", sched_runnable_count(), proc_count(),
		   proc_last_pid());
	return 0;
}

static int show_filesystems(struct seq *s, const struct proc_node *n)
{
	long len = vfs_filesystems_show(s->buf, s->size);

	if (len < 0) {
		s->overflow = true;
		return 0;
	}
	s->len = (size_t)len;
	return 0;
}

/* One CPU runs interrupts: a CPU0 column, as Linux lays it out. */
static int show_interrupts(struct seq *s, const struct proc_node *n)
{
	const char *name;
	unsigned long count;

	seq_printf(s, "%11sCPU%-8u\n", "", 0U);
	for (unsigned int line = 0; line < IRQ_LINES; line++) {
		if (irq_line_info(line, &name, &count)) {
			seq_printf(s, "%3u: %10lu   %s\n", line, count, name);
		}
	}
	seq_printf(s, "LOC: %10lu   Local timer interrupts\n",
		   timer_interrupt_count());
	return 0;
}

/* Linux's names of the CPUID.1:EDX bits, 0 to 31 (arch/x86 cpufeatures). */
static const char *const edx_flags[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	NULL, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn",
	"clflush", NULL, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss",
	"ht", "tm", "ia64", "pbe",
};

static int show_cpuinfo(struct seq *s, const struct proc_node *n)
{
	struct frame_cpu_info info;

	frame_cpu_info(&info);
	for (unsigned int cpu = 0; cpu < frame_cpu_count(); cpu++) {
		seq_printf(s, "processor\t: %u\nvendor_id\t: %s\n"
			   "cpu family\t: %u\nmodel\t\t: %u\n"
			   "model name\t: %s\nstepping\t: %u\n"
			   "cpu cores\t: %u\nflags\t\t:", cpu, info.vendor,
			   info.family, info.model_id, info.model,
			   info.stepping, frame_cpu_count());
		for (int bit = 0; bit < 32; bit++) {
			if ((info.hwcap >> bit & 1) && edx_flags[bit]) {
				seq_printf(s, " %s", edx_flags[bit]);
			}
		}
		seq_printf(s, "\n\n");
	}
	return 0;
}

static int show_stat(struct seq *s, const struct proc_node *n)
{
	uint64_t now = frame_clock_ns(), idle = sched_idle_ns();
	uint64_t busy = now > idle ? now - idle : 0;
	uint64_t tick = NSEC_PER_SEC / USER_HZ;

	/* Busy time is not split into user and system CPU-wide: system. */
	for (int cpu = -1; cpu < 1; cpu++) {
		seq_printf(s, cpu < 0 ? "cpu  " : "cpu%d ", cpu);
		seq_printf(s, "0 0 %lu %lu 0 0 0 0 0 0\n",
			   (unsigned long)(busy / tick),
			   (unsigned long)(idle / tick));
	}
	seq_printf(s, "intr 0\nctxt %lu\n",
		   (unsigned long)sched_switch_count());
	seq_printf(s, "btime %ld\n",
		   (long)((frame_wallclock_ns() - (int64_t)now) /
			  (int64_t)NSEC_PER_SEC));
	seq_printf(s, "processes %d\n", proc_last_pid());
	seq_printf(s, "procs_running %u\nprocs_blocked 0\n",
		   sched_runnable_count());
	return 0;
}

static int show_version(struct seq *s, const struct proc_node *n)
{
	struct new_utsname u;

	system_utsname(&u);
	seq_printf(s, "%s version %s (framekernel) %s\n", u.sysname,
		   u.release, u.version);
	return 0;
}

static long link_self(const struct proc_node *n, char *buf, size_t size)
{
	struct process *me = proc_current();

	if (!me) {
		return -ENOENT;
	}
	return min((long)snprintf(buf, size, "%d", me->pid), (long)size);
}

/* The files of uname's fields: arg is the field's offset. */
static int show_uts(struct seq *s, const struct proc_node *n)
{
	struct new_utsname u;

	system_utsname(&u);
	seq_printf(s, "%s\n", (const char *)&u + n->entry->arg);
	return 0;
}

static long store_hostname(const struct proc_node *n, const char *buf,
			   size_t len)
{
	struct process *me = proc_current();
	size_t keep = len;

	if (me && me->cred.euid != 0) {
		return -EPERM;
	}
	if (keep && buf[keep - 1] == '\n') {
		keep--;
	}
	if (keep > __NEW_UTS_LEN) {
		return -EINVAL;
	}
	system_set_hostname(buf, keep);
	return (long)len;
}

static int show_pid_max(struct seq *s, const struct proc_node *n)
{
	seq_printf(s, "%d\n", PID_MAX);
	return 0;
}

#define PROC_FILE(n, perm, fn) { .name = n, .mode = S_IFREG | (perm), \
				 .show = fn }
#define PROC_DIR(n, table) { .name = n, .mode = S_IFDIR | 0555, \
			     .children = table, .nchildren = ARRAY_SIZE(table) }
#define UTS_FILE(n, perm, field) { .name = n, .mode = S_IFREG | (perm), \
				   .show = show_uts, \
				   .arg = offsetof(struct new_utsname, field) }

static const struct proc_entry kernel_entries[] = {
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = show_uts,
	  .store = store_hostname,
	  .arg = offsetof(struct new_utsname, nodename) },
	UTS_FILE("domainname", 0644, domainname),
	UTS_FILE("osrelease", 0444, release),
	UTS_FILE("ostype", 0444, sysname),
	UTS_FILE("version", 0444, version),
	PROC_FILE("pid_max", 0444, show_pid_max),
};

static const struct proc_entry sys_entries[] = {
	PROC_DIR("kernel", kernel_entries),
};

static const struct proc_entry root_entries[] = {
	{ .name = "self", .mode = S_IFLNK | 0777, .link = link_self },
	PROC_FILE("meminfo", 0444, show_meminfo),
	PROC_FILE("uptime", 0444, show_uptime),
	PROC_FILE("loadavg", 0444, show_loadavg),
	PROC_FILE("mounts", 0444, proc_show_mounts),
	PROC_FILE("filesystems", 0444, show_filesystems),
	PROC_FILE("interrupts", 0444, show_interrupts),
	PROC_FILE("cpuinfo", 0444, show_cpuinfo),
	PROC_FILE("stat", 0444, show_stat),
	PROC_FILE("version", 0444, show_version),
	PROC_DIR("sys", sys_entries),
};

const struct proc_entry proc_root_entry = {
	.name = "", .mode = S_IFDIR | 0555, .children = root_entries,
	.nchildren = ARRAY_SIZE(root_entries), .dynamic = &proc_pid_dynamic,
};

static void proc_statfs(struct super_block *sb, struct statfs *st)
{
	st->f_bsize = st->f_frsize = 4096;
}

static const struct super_ops proc_sops = {
	.statfs = proc_statfs,
};

static int proc_mount(const struct fs_type *type, const char *source,
		      const char *data, struct super_block **out)
{
	struct super_block *sb = super_alloc(type, &proc_sops,
					     PROC_SUPER_MAGIC);
	int err;

	if (!sb) {
		return -ENOMEM;
	}
	err = make_node(sb, &proc_root_entry, 0, -1, NULL, &sb->root);
	if (err) {
		super_put(sb);
		return err;
	}
	*out = sb;
	return 0;
}

const struct fs_type proc_type = {
	.name = "proc", .flags = FS_NODEV, .mount = proc_mount,
};

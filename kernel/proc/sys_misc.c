/*
 * The "system" syscalls: identity of the machine and the process (uname,
 * hostname, credentials, process groups and sessions), time and sleep,
 * randomness, resource limits, sysinfo and the prctl name calls.
 */
#define pr_fmt(fmt) "syscall: " fmt

#include <linux/limits.h>
#include <linux/prctl.h>
#include <linux/random.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/reboot.h>
#include <linux/utsname.h>

#include <frame/boot.h>
#include <frame/time.h>
#include <frame/uaccess.h>

#include <kernel/log.h>
#include <kernel/page.h>
#include <kernel/proc.h>
#include <kernel/random.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/string.h>
#include <kernel/timer.h>

#define KERNEL_RELEASE "6.1.0-framekernel"
#define KERNEL_VERSION "#1 SMP framekernel"
#define GETRANDOM_MAX 33554431
#define TICKS_PER_SEC 100		/* USER_HZ, for times() */

static char hostname[__NEW_UTS_LEN + 1] = "framekernel";

void system_utsname(struct new_utsname *u)
{
	memset(u, 0, sizeof(*u));
	strlcpy(u->sysname, "Linux", sizeof(u->sysname));
	strlcpy(u->nodename, hostname, sizeof(u->nodename));
	strlcpy(u->release, KERNEL_RELEASE, sizeof(u->release));
	strlcpy(u->version, KERNEL_VERSION, sizeof(u->version));
	strlcpy(u->machine, "x86_64", sizeof(u->machine));
	strlcpy(u->domainname, "(none)", sizeof(u->domainname));
}

void system_set_hostname(const char *name, size_t len)
{
	char copy[__NEW_UTS_LEN + 1] = { 0 };

	memcpy(copy, name, min(len, (size_t)__NEW_UTS_LEN));
	memcpy(hostname, copy, sizeof(hostname));
}

long sys_uname(uintptr_t ubuf)
{
	struct new_utsname u;

	system_utsname(&u);
	return frame_copy_to_user(frame_uptr(ubuf), &u, sizeof(u)) ?
	       -EFAULT : 0;
}

long sys_sethostname(struct process *p, uintptr_t uname, size_t len)
{
	char name[__NEW_UTS_LEN + 1] = { 0 };

	if (p->cred.euid != 0) {
		return -EPERM;
	}
	if (len > __NEW_UTS_LEN) {
		return -EINVAL;
	}
	if (frame_copy_from_user(name, frame_uptr(uname), len)) {
		return -EFAULT;
	}
	system_set_hostname(name, len);
	return 0;
}

/* CLOCK_* to nanoseconds; -EINVAL for a clock there is none of. */
static long clock_now(int clock, int64_t *ns)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		*ns = frame_wallclock_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = (int64_t)frame_clock_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID: {
		uint64_t user, sys;

		if (clock == CLOCK_THREAD_CPUTIME_ID) {
			proc_thread_cpu_times(proc_current(), &user, &sys);
		} else {
			proc_cpu_times(proc_current(), &user, &sys);
		}
		*ns = (int64_t)(user + sys);
		return 0;
	}
	default:
		return -EINVAL;
	}
}

static long put_timespec(uintptr_t uts, int64_t ns)
{
	struct __kernel_timespec ts = { ns / 1000000000, ns % 1000000000 };

	return frame_copy_to_user(frame_uptr(uts), &ts, sizeof(ts)) ?
	       -EFAULT : 0;
}

long sys_clock_gettime(int clock, uintptr_t uts)
{
	int64_t ns;
	long err = clock_now(clock, &ns);

	return err ? err : put_timespec(uts, ns);
}

long sys_clock_getres(int clock, uintptr_t uts)
{
	int64_t ns;
	long err = clock_now(clock, &ns);

	if (err || !uts) {
		return err;
	}
	return put_timespec(uts, 1);
}

long sys_gettimeofday(uintptr_t utv, uintptr_t utz)
{
	int64_t ns = frame_wallclock_ns();
	struct __kernel_old_timeval tv = { ns / 1000000000,
					   ns % 1000000000 / 1000 };
	static const int zero_tz[2];

	if (utv && frame_copy_to_user(frame_uptr(utv), &tv, sizeof(tv))) {
		return -EFAULT;
	}
	if (utz && frame_copy_to_user(frame_uptr(utz), zero_tz,
				      sizeof(zero_tz))) {
		return -EFAULT;
	}
	return 0;
}

long sys_time(uintptr_t ut)
{
	long t = (long)(frame_wallclock_ns() / 1000000000);

	if (ut && frame_copy_to_user(frame_uptr(ut), &t, sizeof(t))) {
		return -EFAULT;
	}
	return t;
}

int get_user_timespec(uintptr_t uts, uint64_t *ns)
{
	struct __kernel_timespec ts;

	if (frame_copy_from_user(&ts, frame_uptr(uts), sizeof(ts))) {
		return -EFAULT;
	}
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
	    ts.tv_nsec >= (long long)NSEC_PER_SEC) {
		return -EINVAL;
	}
	*ns = (uint64_t)ts.tv_sec >= TIMESPEC_MAX_NS / NSEC_PER_SEC ?
	      TIMESPEC_MAX_NS :
	      (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
	return 0;
}

/*
 * clock_nanosleep(), and nanosleep() as its relative CLOCK_MONOTONIC case.
 * Every clock is slept on as the monotonic clock: an absolute time on
 * another is converted once, at the start.
 */
long sys_clock_nanosleep(int clock, int flags, uintptr_t ureq, uintptr_t urem)
{
	struct wait_queue nobody;
	uint64_t deadline, len, now = frame_clock_ns();
	int64_t clock_ns;
	int err;

	if (clock == CLOCK_THREAD_CPUTIME_ID) {
		return -EOPNOTSUPP;	/* as Linux */
	}
	if (clock_now(clock, &clock_ns)) {
		return -EINVAL;
	}
	err = get_user_timespec(ureq, &len);
	if (err) {
		return err;
	}
	if (flags & TIMER_ABSTIME) {
		len = len > (uint64_t)clock_ns ? len - (uint64_t)clock_ns : 0;
	}
	deadline = now + len;
	wait_queue_init(&nobody);
	if (wait_event_interruptible_deadline(&nobody, false, deadline) !=
	    -EINTR) {
		return 0;
	}
	if (urem && !(flags & TIMER_ABSTIME)) {
		uint64_t left = deadline - min(frame_clock_ns(), deadline);
		struct __kernel_timespec rem = {
			.tv_sec = (long long)(left / NSEC_PER_SEC),
			.tv_nsec = (long long)(left % NSEC_PER_SEC),
		};

		if (frame_copy_to_user(frame_uptr(urem), &rem, sizeof(rem))) {
			return -EFAULT;
		}
	}
	return -EINTR;
}

long sys_getrandom(uintptr_t ubuf, size_t len, unsigned int flags)
{
	unsigned char chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    ((flags & GRND_RANDOM) && (flags & GRND_INSECURE))) {
		return -EINVAL;
	}
	len = min(len, (size_t)GETRANDOM_MAX);
	while (done < len) {
		size_t n = min(len - done, sizeof(chunk));

		random_bytes(chunk, n);
		if (frame_copy_to_user(frame_uptr(ubuf + done), chunk, n)) {
			return done ? (long)done : -EFAULT;
		}
		done += n;
	}
	return (long)done;
}

/* The limits every process starts with (and may lower or raise to hard). */
static const struct rlimit64 default_limits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_FSIZE] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_DATA] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_STACK] = { 8 << 20, RLIM64_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM64_INFINITY },
	[RLIMIT_RSS] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_NPROC] = { 4096, 4096 },
	[RLIMIT_NOFILE] = { FD_MAX, FD_MAX },
	[RLIMIT_MEMLOCK] = { 8 << 20, 8 << 20 },
	[RLIMIT_AS] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_LOCKS] = { RLIM64_INFINITY, RLIM64_INFINITY },
	[RLIMIT_SIGPENDING] = { 4096, 4096 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM64_INFINITY, RLIM64_INFINITY },
};

void proc_limits_init(struct process *p)
{
	memcpy(p->tg->rlim, default_limits, sizeof(p->tg->rlim));
}

long sys_prlimit64(struct process *p, int pid, unsigned int res,
		   uintptr_t unew, uintptr_t uold)
{
	struct rlimit64 lim;

	if (pid != 0 && pid != p->pid) {
		return -ESRCH;	/* other processes' limits: not yet */
	}
	if (res >= RLIM_NLIMITS) {
		return -EINVAL;
	}
	if (unew) {
		if (frame_copy_from_user(&lim, frame_uptr(unew), sizeof(lim))) {
			return -EFAULT;
		}
		if (lim.rlim_cur > lim.rlim_max) {
			return -EINVAL;
		}
		if (lim.rlim_max > p->tg->rlim[res].rlim_max && p->cred.euid != 0) {
			return -EPERM;
		}
		if (res == RLIMIT_NOFILE && lim.rlim_max > FD_MAX) {
			return -EPERM;	/* the table holds FD_MAX */
		}
	}
	if (uold && frame_copy_to_user(frame_uptr(uold), &p->tg->rlim[res],
				       sizeof(p->tg->rlim[res]))) {
		return -EFAULT;
	}
	if (unew) {
		p->tg->rlim[res] = lim;
	}
	return 0;
}

long sys_sysinfo(uintptr_t uinfo)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(frame_clock_ns() / NSEC_PER_SEC);
	si.totalram = page_alloc_total_pages() * FRAME_PAGE_SIZE;
	si.freeram = page_alloc_free_pages() * FRAME_PAGE_SIZE;
	si.procs = (uint16_t)min(proc_count(), 65535U);
	si.mem_unit = 1;
	return frame_copy_to_user(frame_uptr(uinfo), &si, sizeof(si)) ?
	       -EFAULT : 0;
}

long sys_times(struct process *p, uintptr_t utms)
{
	const uint64_t tick = NSEC_PER_SEC / TICKS_PER_SEC;
	uint64_t user, sys;
	long tms[4];		/* struct tms: four clock_t */

	proc_cpu_times(p, &user, &sys);
	tms[0] = (long)(user / tick);
	tms[1] = (long)(sys / tick);
	tms[2] = (long)(p->tg->leader->cutime_ns / tick);
	tms[3] = (long)(p->tg->leader->cstime_ns / tick);
	if (utms && frame_copy_to_user(frame_uptr(utms), tms, sizeof(tms))) {
		return -EFAULT;
	}
	return (long)(frame_clock_ns() / tick);
}

long sys_prctl(struct process *p, int option, unsigned long arg2)
{
	char name[16];

	switch (option) {
	case PR_SET_NAME:
		memset(name, 0, sizeof(name));
		if (frame_strncpy_from_user(name, frame_uptr(arg2),
					    sizeof(name)) == -EFAULT) {
			return -EFAULT;
		}
		name[sizeof(name) - 1] = '\0';
		memcpy(p->comm, name, sizeof(p->comm));
		return 0;
	case PR_GET_NAME:
		return frame_copy_to_user(frame_uptr(arg2), p->comm,
					  sizeof(p->comm)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

/* setuid: root sets all three ids; others only switch among their own. */
/* The real, effective and saved ids of p: user ids, or group ids. */
static unsigned int *cred_ids(struct process *p, bool group, int which)
{
	unsigned int *uids[] = { &p->cred.uid, &p->cred.euid, &p->cred.suid };
	unsigned int *gids[] = { &p->cred.gid, &p->cred.egid, &p->cred.sgid };

	return group ? gids[which] : uids[which];
}

/* The fs ids follow the effective ones after a set*id call. */
static long sync_fs_ids(struct process *p, long r)
{
	if (r == 0) {
		p->cred.fsuid = p->cred.euid;
		p->cred.fsgid = p->cred.egid;
	}
	return r;
}

/*
 * setfsuid/setfsgid: the previous fs id, always; the new one only if it
 * is one of the caller's ids or the caller is root.
 */
long sys_setfsuid(struct process *p, unsigned int id, bool group)
{
	unsigned int *fs = group ? &p->cred.fsgid : &p->cred.fsuid;
	unsigned int old = *fs;

	if (id != (unsigned int)-1 &&
	    (p->cred.euid == 0 || id == *cred_ids(p, group, 0) ||
	     id == *cred_ids(p, group, 1) || id == *cred_ids(p, group, 2) ||
	     id == old)) {
		*fs = id;
	}
	return old;
}

static long set_ids(struct process *p, unsigned int uid, bool group)
{
	unsigned int *real = cred_ids(p, group, 0);
	unsigned int *eff = cred_ids(p, group, 1);
	unsigned int *saved = cred_ids(p, group, 2);

	if (uid == (unsigned int)-1) {
		return -EINVAL;
	}
	if (p->cred.euid == 0) {
		*real = *eff = *saved = uid;
		return 0;
	}
	if (uid != *real && uid != *saved) {
		return -EPERM;
	}
	*eff = uid;
	return 0;
}

/* May an unprivileged p take id (-1: unchanged) as one of its ids? */
static bool id_allowed(struct process *p, bool group, unsigned int id)
{
	return id == (unsigned int)-1 || id == *cred_ids(p, group, 0) ||
	       id == *cred_ids(p, group, 1) || id == *cred_ids(p, group, 2);
}

long sys_setuid(struct process *p, unsigned int uid, bool group)
{
	return sync_fs_ids(p, set_ids(p, uid, group));
}

static long set_res_ids(struct process *p, unsigned int r, unsigned int e,
			unsigned int s, bool group)
{
	unsigned int want[] = { r, e, s };

	if (p->cred.euid != 0 && (!id_allowed(p, group, r) ||
			     !id_allowed(p, group, e) ||
			     !id_allowed(p, group, s))) {
		return -EPERM;
	}
	for (int i = 0; i < 3; i++) {
		if (want[i] != (unsigned int)-1) {
			*cred_ids(p, group, i) = want[i];
		}
	}
	return 0;
}

long sys_setresuid(struct process *p, unsigned int r, unsigned int e,
		   unsigned int s, bool group)
{
	return sync_fs_ids(p, set_res_ids(p, r, e, s, group));
}

long sys_getresuid(struct process *p, uintptr_t ur, uintptr_t ue,
		   uintptr_t us, bool group)
{
	uintptr_t out[] = { ur, ue, us };

	for (int i = 0; i < 3; i++) {
		if (frame_copy_to_user(frame_uptr(out[i]), cred_ids(p, group, i),
				       sizeof(unsigned int))) {
			return -EFAULT;
		}
	}
	return 0;
}

/*
 * setreuid: the real id may become the effective one, the effective any
 * of the three; setting the real id, or the effective to other than the
 * old real, makes the saved id the new effective one.
 */
static long set_re_ids(struct process *p, unsigned int r, unsigned int e,
		       bool group)
{
	unsigned int *real = cred_ids(p, group, 0);
	unsigned int *eff = cred_ids(p, group, 1);
	unsigned int old_real = *real;

	if (p->cred.euid != 0 &&
	    ((r != (unsigned int)-1 && r != *real && r != *eff) ||
	     !id_allowed(p, group, e))) {
		return -EPERM;
	}
	if (r != (unsigned int)-1) {
		*real = r;
	}
	if (e != (unsigned int)-1) {
		*eff = e;
	}
	if (r != (unsigned int)-1 ||
	    (e != (unsigned int)-1 && e != old_real)) {
		*cred_ids(p, group, 2) = *eff;
	}
	return 0;
}

long sys_setreuid(struct process *p, unsigned int r, unsigned int e,
		  bool group)
{
	return sync_fs_ids(p, set_re_ids(p, r, e, group));
}

long sys_getgroups(struct process *p, int size, uintptr_t list)
{
	if (size < 0) {
		return -EINVAL;
	}
	if (size == 0) {
		return p->cred.ngroups;
	}
	if ((unsigned int)size < p->cred.ngroups) {
		return -EINVAL;
	}
	if (frame_copy_to_user(frame_uptr(list), p->cred.groups,
			       p->cred.ngroups * sizeof(unsigned int))) {
		return -EFAULT;
	}
	return p->cred.ngroups;
}

long sys_setgroups(struct process *p, int size, uintptr_t list)
{
	unsigned int *groups = NULL;

	if (p->cred.euid != 0) {
		return -EPERM;
	}
	if (size < 0 || size > NGROUPS_MAX) {
		return -EINVAL;
	}
	if (size) {
		groups = kmalloc((size_t)size * sizeof(unsigned int), 0);
		if (!groups) {
			return -ENOMEM;
		}
		if (frame_copy_from_user(groups, frame_uptr(list),
					 (size_t)size * sizeof(unsigned int))) {
			kfree(groups);
			return -EFAULT;
		}
	}
	kfree(p->cred.groups);
	p->cred.groups = groups;
	p->cred.ngroups = (unsigned int)size;
	return 0;
}

struct prio_req {
	struct process *from;
	int which, who, nice;
	bool set;
	int found, best;	/* best: the highest priority (lowest nice) */
	long err;
};

static void prio_one(struct process *to, void *arg)
{
	struct prio_req *q = arg;
	int who = q->who ? q->who : q->which == PRIO_PROCESS ? q->from->pid :
		  q->which == PRIO_PGRP ? q->from->tg->pgid : (int)q->from->cred.uid;
	bool match = q->which == PRIO_PROCESS ? to->pid == who :
		     q->which == PRIO_PGRP ? to->tg->pgid == who :
		     to->cred.uid == (unsigned int)who;

	if (!match || to->zombie) {
		return;
	}
	q->found++;
	if (!q->set) {
		q->best = min(q->best, to->nice);
		return;
	}
	if (q->from->cred.euid != 0 && q->from->cred.euid != to->cred.uid &&
	    q->from->cred.euid != to->cred.euid) {
		q->err = -EPERM;
	} else if (q->nice < to->nice && q->from->cred.euid != 0) {
		q->err = -EACCES;	/* only root raises priority */
	} else {
		to->nice = q->nice;
	}
}

/*
 * getpriority/setpriority: nice values only; the scheduler does not weigh
 * them yet. getpriority returns 20 - nice, as the raw Linux call does.
 */
long sys_priority(struct process *p, bool set, int which, int who, int nice)
{
	struct prio_req q = { .from = p, .which = which, .who = who,
			      .nice = max(-20, min(nice, 19)), .set = set,
			      .best = 20 };

	if (which != PRIO_PROCESS && which != PRIO_PGRP && which != PRIO_USER) {
		return -EINVAL;
	}
	if (who < 0) {
		return -ESRCH;
	}
	proc_for_each(prio_one, &q);
	if (!q.found) {
		return -ESRCH;
	}
	return set ? q.err : 20 - q.best;
}

long sys_setsid(struct process *p)
{
	if (p->tg->pgid == p->tgid) {
		return -EPERM;		/* already a group leader */
	}
	p->tg->sid = p->tg->pgid = p->tgid;
	p->tg->ctty = NULL;		/* a new session has no terminal */
	return p->tg->sid;
}

/* The CPUs tasks run on: the scheduler uses CPU 0 only, so far. */
#define SCHED_CPU_MASK 1UL

static bool pid_exists(struct process *p, int pid)
{
	return pid == 0 || sys_getpgid(p, pid, false) >= 0;
}

long sys_sched_getaffinity(struct process *p, int pid, size_t len,
			   uintptr_t umask)
{
	unsigned long mask = SCHED_CPU_MASK;

	if (len < sizeof(mask) || len % sizeof(mask)) {
		return -EINVAL;
	}
	if (pid < 0 || !pid_exists(p, pid)) {
		return -ESRCH;
	}
	if (frame_copy_to_user(frame_uptr(umask), &mask, sizeof(mask))) {
		return -EFAULT;
	}
	return sizeof(mask);
}

/* Any mask that includes a CPU tasks run on is accepted (and kept: 0). */
long sys_sched_setaffinity(struct process *p, int pid, size_t len,
			   uintptr_t umask)
{
	unsigned long mask = 0;

	if (frame_copy_from_user(&mask, frame_uptr(umask),
				 min(len, sizeof(mask)))) {
		return -EFAULT;
	}
	if (pid < 0 || !pid_exists(p, pid)) {
		return -ESRCH;
	}
	return mask & SCHED_CPU_MASK ? 0 : -EINVAL;
}

struct group_req {
	struct process *from;
	int pid, pgid;
	bool set;
	long ret;		/* -ESRCH until the process is found */
	bool group_ok;		/* pgid names a group of the caller's session */
};

static void group_one(struct process *to, void *arg)
{
	struct group_req *q = arg;

	if (q->set && to->tg->pgid == q->pgid && to->tg->sid == q->from->tg->sid) {
		q->group_ok = true;
	}
	if (to->pid != q->pid) {
		return;
	}
	if (!q->set) {
		q->ret = q->pgid ? to->tg->sid : to->tg->pgid;	/* pgid: asks sid */
		return;
	}
	if (to != q->from && to->parent != q->from) {
		q->ret = -ESRCH;
	} else if (to->tg->sid != q->from->tg->sid || to->tg->sid == to->pid) {
		q->ret = -EPERM;	/* other session, or its leader */
	} else {
		q->ret = 0;
	}
}

static void set_group_one(struct process *to, void *arg)
{
	struct group_req *q = arg;

	if (to->pid == q->pid) {
		to->tg->pgid = q->pgid;
	}
}

/* getpgid(pid) (sid false) or getsid(pid), for any process. */
long sys_getpgid(struct process *p, int pid, bool sid)
{
	struct group_req q = { .from = p, .pid = pid ? pid : p->pid,
			       .pgid = sid, .ret = -ESRCH };

	if (pid < 0) {
		return -ESRCH;
	}
	proc_for_each(group_one, &q);
	return q.ret;
}

/*
 * setpgid: the caller or a child of its session moves to group pgid (0:
 * its own pid), which must be itself or a group of that session. A child
 * that has exec'd may still move: exec is not tracked yet.
 */
long sys_setpgid(struct process *p, int pid, int pgid)
{
	struct group_req q = { .from = p, .pid = pid ? pid : p->pid,
			       .set = true, .ret = -ESRCH };

	if (pid < 0 || pgid < 0) {
		return -EINVAL;
	}
	q.pgid = pgid ? pgid : q.pid;
	proc_for_each(group_one, &q);
	if (q.ret) {
		return q.ret;
	}
	if (q.pgid != q.pid && !q.group_ok) {
		return -EPERM;
	}
	proc_for_each(set_group_one, &q);
	return 0;
}

/*
 * syslog(2) actions: include/linux/syslog.h of the Linux sources (not in
 * the UAPI headers).
 */
enum {
	SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ,
	SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR,
	SYSLOG_ACTION_CONSOLE_OFF, SYSLOG_ACTION_CONSOLE_ON,
	SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

static uint64_t syslog_read_pos;	/* READ consumes from here */
static uint64_t syslog_clear_pos;	/* READ_ALL starts no earlier */

/* Copy the log from byte from into a user buffer; *end: where it stopped. */
static long syslog_copy(uint64_t from, uintptr_t ubuf, size_t len,
			uint64_t *end)
{
	char chunk[256];
	size_t done = 0;

	while (done < len) {
		uint64_t total = log_bytes_total();
		size_t n;

		/* Bytes overwritten meanwhile are skipped, as log_read does. */
		if (total > log_capacity() && from < total - log_capacity()) {
			from = total - log_capacity();
		}
		n = log_read(from, chunk, min(len - done, sizeof(chunk)));
		if (n == 0) {
			break;
		}
		if (frame_copy_to_user(frame_uptr(ubuf + done), chunk, n)) {
			return -EFAULT;
		}
		from += n;
		done += n;
	}
	*end = from;
	return (long)done;
}

long sys_syslog(struct process *p, int type, uintptr_t ubuf, int len)
{
	uint64_t total = log_bytes_total(), end, from;
	long n;

	if (type == SYSLOG_ACTION_SIZE_BUFFER) {
		return (long)log_capacity();
	}
	if (type == SYSLOG_ACTION_CLOSE || type == SYSLOG_ACTION_OPEN) {
		return 0;
	}
	/* Reading the kernel's log is root's (dmesg_restrict, as Debian). */
	if (p->cred.euid != 0) {
		return -EPERM;
	}
	switch (type) {
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (len < 0) {
			return -EINVAL;
		}
		if (!ubuf) {
			return -EINVAL;
		}
		if (type == SYSLOG_ACTION_READ) {
			/* What has not been read yet (without waiting). */
			from = max(syslog_read_pos, syslog_clear_pos);
		} else {
			/* The last len bytes. */
			from = total > (uint64_t)len ? total - (uint64_t)len : 0;
			from = max(from, syslog_clear_pos);
		}
		n = syslog_copy(from, ubuf, (size_t)len, &end);
		if (n >= 0 && type == SYSLOG_ACTION_READ) {
			syslog_read_pos = end;
		}
		if (n >= 0 && type == SYSLOG_ACTION_READ_CLEAR) {
			syslog_clear_pos = total;
		}
		return n;
	case SYSLOG_ACTION_CLEAR:
		syslog_clear_pos = total;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return len < 1 || len > 8 ? -EINVAL : 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		from = max(syslog_read_pos, syslog_clear_pos);
		return (long)min(total - min(from, total), log_capacity());
	default:
		return -EINVAL;
	}
}

long sys_reboot(struct process *p, unsigned int magic1, unsigned int magic2,
		unsigned int cmd)
{
	/* As Linux: the capability first, then the magic numbers. */
	if (p->cred.euid != 0) {
		return -EPERM;
	}
	if (magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C)) {
		return -EINVAL;
	}
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		/* The frame has no reset: stopping is the nearest. */
		pr_info("restart requested: powering off");
		frame_power_off(0);
	case LINUX_REBOOT_CMD_HALT:
	case LINUX_REBOOT_CMD_POWER_OFF:
		pr_info("%s[%d]: power off", p->comm, p->pid);
		frame_power_off(0);
	default:
		return -EINVAL;
	}
}

/*
 * poll(), ppoll(), select() and pselect6() (kernel/poll.h).
 */
#include <linux/time_types.h>

#include <frame/time.h>
#include <frame/uaccess.h>

#include <kernel/file.h>
#include <kernel/list.h>
#include <kernel/poll.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/slab.h>
#include <kernel/string.h>
#include <kernel/wait.h>

/* The caller's place on one wait queue of one file. */
struct poll_entry {
	struct list_head link;		/* in poll_table.entries */
	struct wait_queue *wq;
	struct waiter w;
};

struct poll_table {
	struct list_head entries;
	bool registering;		/* the first pass only */
	int err;			/* -ENOMEM while registering */
};

/* select()'s sets in terms of poll events (as Linux's fs/select.c). */
#define SELECT_IN (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define SELECT_OUT (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define SELECT_EX POLLPRI

void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	struct poll_entry *e;

	if (!pt || !pt->registering) {
		return;
	}
	e = kmalloc(sizeof(*e), 0);
	if (!e) {
		pt->err = -ENOMEM;
		return;
	}
	e->wq = wq;
	waiter_init(&e->w);
	list_add_tail(&e->link, &pt->entries);
	wait_prepare(wq, &e->w);
}

unsigned int file_poll(struct file *f, struct poll_table *pt)
{
	return f->ops->poll ? f->ops->poll(f, pt) : POLL_DEFAULT_MASK;
}

/* One pass over the files: how many are ready, or -errno. */
typedef long (*poll_pass_fn)(struct process *p, void *arg,
			     struct poll_table *pt);

/* A deadline that never comes. */
#define NO_DEADLINE UINT64_MAX

/*
 * Pass over the files until one is ready, a signal wants the caller
 * (-ERESTARTNOHAND) or the deadline (frame_clock_ns() time) passes (0
 * ready). A deadline already past makes one pass, waiting for nothing.
 */
static long poll_loop(struct process *p, poll_pass_fn pass, void *arg,
		      uint64_t deadline)
{
	struct poll_table pt = { .registering = true };
	struct poll_entry *e, *tmp;
	bool timed_out = frame_clock_ns() >= deadline;
	long ready;

	list_init(&pt.entries);
	pt.registering = !timed_out;
	for (;;) {
		set_current_sleeping();
		ready = pass(p, arg, &pt);
		pt.registering = false;
		if (ready || timed_out) {
			break;
		}
		if (pt.err) {
			ready = pt.err;
			break;
		}
		if (__atomic_load_n(&task_current()->interrupt,
				    __ATOMIC_ACQUIRE)) {
			ready = -ERESTARTNOHAND;
			break;
		}
		if (sched_sleep(deadline == NO_DEADLINE ? 0 : deadline) ==
		    -ETIMEDOUT) {
			timed_out = true;	/* one more pass, then 0 */
		}
		list_for_each_entry(e, &pt.entries, link) {
			wait_prepare(e->wq, &e->w);
		}
	}
	list_for_each_entry_safe(e, tmp, &pt.entries, link) {
		wait_finish(e->wq, &e->w);
		kfree(e);
	}
	task_wake(task_current());	/* runnable again if nothing queued */
	return ready;
}

struct poll_req {
	struct pollfd *fds;
	unsigned long n;
};

static long poll_pass(struct process *p, void *arg, struct poll_table *pt)
{
	struct poll_req *req = arg;
	long ready = 0;

	for (unsigned long i = 0; i < req->n; i++) {
		struct pollfd *pfd = &req->fds[i];
		unsigned int mask = 0;
		struct file *f;

		if (pfd->fd >= 0) {
			f = fd_get(p->fdt, pfd->fd);
			if (!f) {
				mask = POLLNVAL;
			} else {
				mask = file_poll(f, pt) &
				       ((unsigned short)pfd->events |
					POLLERR | POLLHUP);
				file_put(f);
			}
		}
		pfd->revents = (short)mask;
		ready += mask != 0;
	}
	return ready;
}

static long do_poll(struct process *p, uintptr_t ufds, unsigned long nfds,
		    uint64_t deadline)
{
	struct poll_req req = { .n = nfds };
	size_t size = nfds * sizeof(struct pollfd);
	long ready;

	if (nfds > p->tg->rlim[RLIMIT_NOFILE].rlim_cur) {
		return -EINVAL;
	}
	req.fds = kmalloc(size, 0);
	if (!req.fds) {
		return -ENOMEM;
	}
	if (frame_copy_from_user(req.fds, frame_uptr(ufds), size)) {
		kfree(req.fds);
		return -EFAULT;
	}
	ready = poll_loop(p, poll_pass, &req, deadline);
	if (ready >= 0) {
		for (unsigned long i = 0; i < nfds; i++) {
			uintptr_t at = ufds + i * sizeof(struct pollfd) +
				       offsetof(struct pollfd, revents);

			if (frame_copy_to_user(frame_uptr(at),
					       &req.fds[i].revents,
					       sizeof(short))) {
				ready = -EFAULT;
				break;
			}
		}
	}
	kfree(req.fds);
	return ready;
}

/* A relative timeout in ns as a deadline, saturating. */
static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = frame_clock_ns();

	return ns > UINT64_MAX / 2 - now ? UINT64_MAX / 2 : now + ns;
}

/* A relative timeout at uts as a deadline; none (NO_DEADLINE) if uts is 0. */
static int get_deadline(uintptr_t uts, uint64_t *deadline)
{
	uint64_t ns;
	int err;

	*deadline = NO_DEADLINE;
	if (!uts) {
		return 0;
	}
	err = get_user_timespec(uts, &ns);
	if (!err) {
		*deadline = deadline_after(ns);
	}
	return err;
}

/*
 * ppoll() and pselect6() write back the time left, so that a restarted
 * call waits only for that. A timeout in read-only memory is left alone,
 * and the call is then not restarted (Linux's poll_select_finish()).
 */
static long put_time_left(uintptr_t uts, bool timeval, uint64_t deadline,
			  long ret)
{
	uint64_t now = frame_clock_ns(), left = deadline > now ?
						  deadline - now : 0;
	struct __kernel_timespec ts = { (long long)(left / NSEC_PER_SEC),
					(long long)(left % NSEC_PER_SEC) };
	struct __kernel_old_timeval tv = { (long)(left / NSEC_PER_SEC),
					   (long)(left % NSEC_PER_SEC / 1000) };
	size_t n = timeval ? sizeof(tv) : sizeof(ts);

	if (frame_copy_to_user(frame_uptr(uts), timeval ? (void *)&tv :
			       (void *)&ts, n) && ret == -ERESTARTNOHAND) {
		return -EINTR;
	}
	return ret;
}

long sys_poll(struct process *p, uintptr_t ufds, unsigned long nfds,
	      int timeout_ms)
{
	uint64_t deadline = timeout_ms < 0 ? NO_DEADLINE :
			    deadline_after((uint64_t)timeout_ms * 1000000);

	return do_poll(p, ufds, nfds, deadline);
}

long sys_ppoll(struct process *p, uintptr_t ufds, unsigned long nfds,
	       uintptr_t uts, uintptr_t umask, size_t sigsetsize)
{
	uint64_t deadline;
	long ret = get_deadline(uts, &deadline);

	if (ret) {
		return ret;
	}
	if (umask) {
		ret = signal_mask_swap(p, umask, sigsetsize);
		if (ret) {
			return ret;
		}
	}
	ret = do_poll(p, ufds, nfds, deadline);
	if (uts) {
		ret = put_time_left(uts, false, deadline, ret);
	}
	if (umask) {
		signal_mask_restore(p, ret);
	}
	return ret;
}

/* select()'s three fd_sets, as bitmaps of FD_MAX bits. */
struct select_req {
	unsigned int n;
	uint64_t in[FD_MAX / 64], out[FD_MAX / 64], ex[FD_MAX / 64];
	uint64_t res_in[FD_MAX / 64], res_out[FD_MAX / 64],
		 res_ex[FD_MAX / 64];
};

static bool bit(const uint64_t *set, unsigned int fd)
{
	return set[fd / 64] & (1ULL << (fd % 64));
}

static long select_pass(struct process *p, void *arg, struct poll_table *pt)
{
	struct select_req *r = arg;
	long ready = 0;

	memset(r->res_in, 0, sizeof(r->res_in));
	memset(r->res_out, 0, sizeof(r->res_out));
	memset(r->res_ex, 0, sizeof(r->res_ex));
	for (unsigned int fd = 0; fd < r->n; fd++) {
		uint64_t b = 1ULL << (fd % 64);
		unsigned int mask;
		struct file *f;

		if (!bit(r->in, fd) && !bit(r->out, fd) && !bit(r->ex, fd)) {
			continue;
		}
		f = fd_get(p->fdt, (int)fd);
		if (!f) {
			return -EBADF;
		}
		mask = file_poll(f, pt);
		file_put(f);
		if (bit(r->in, fd) && (mask & SELECT_IN)) {
			r->res_in[fd / 64] |= b;
			ready++;
		}
		if (bit(r->out, fd) && (mask & SELECT_OUT)) {
			r->res_out[fd / 64] |= b;
			ready++;
		}
		if (bit(r->ex, fd) && (mask & SELECT_EX)) {
			r->res_ex[fd / 64] |= b;
			ready++;
		}
	}
	return ready;
}

static int get_set(uintptr_t uset, uint64_t *set, size_t bytes)
{
	memset(set, 0, FD_MAX / 8);
	return uset && frame_copy_from_user(set, frame_uptr(uset), bytes) ?
	       -EFAULT : 0;
}

static int put_set(uintptr_t uset, const uint64_t *set, size_t bytes)
{
	return uset && frame_copy_to_user(frame_uptr(uset), set, bytes) ?
	       -EFAULT : 0;
}

static long do_select(struct process *p, int n, uintptr_t uin, uintptr_t uout,
		      uintptr_t uex, uint64_t deadline)
{
	struct select_req *r;
	size_t bytes;
	long ready;

	if (n < 0) {
		return -EINVAL;
	}
	r = kmalloc(sizeof(*r), 0);
	if (!r) {
		return -ENOMEM;
	}
	r->n = (unsigned int)min(n, FD_MAX);	/* bits past the table: unused */
	bytes = ALIGN_UP((size_t)r->n, 64) / 8;
	if (get_set(uin, r->in, bytes) || get_set(uout, r->out, bytes) ||
	    get_set(uex, r->ex, bytes)) {
		kfree(r);
		return -EFAULT;
	}
	ready = poll_loop(p, select_pass, r, deadline);
	if (ready >= 0 && (put_set(uin, r->res_in, bytes) ||
			   put_set(uout, r->res_out, bytes) ||
			   put_set(uex, r->res_ex, bytes))) {
		ready = -EFAULT;
	}
	kfree(r);
	return ready;
}

long sys_select(struct process *p, int n, uintptr_t uin, uintptr_t uout,
		uintptr_t uex, uintptr_t utv)
{
	struct __kernel_old_timeval tv;
	uint64_t deadline = NO_DEADLINE;
	long ret;

	if (utv) {
		if (frame_copy_from_user(&tv, frame_uptr(utv), sizeof(tv))) {
			return -EFAULT;
		}
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000) {
			return -EINVAL;
		}
		deadline = deadline_after(
			(uint64_t)tv.tv_sec >= UINT64_MAX / 4 / NSEC_PER_SEC ?
			UINT64_MAX / 4 : (uint64_t)tv.tv_sec * NSEC_PER_SEC +
			(uint64_t)tv.tv_usec * 1000);
	}
	ret = do_select(p, n, uin, uout, uex, deadline);
	return utv ? put_time_left(utv, true, deadline, ret) : ret;
}

long sys_pselect6(struct process *p, int n, uintptr_t uin, uintptr_t uout,
		  uintptr_t uex, uintptr_t uts, uintptr_t usig)
{
	struct { uint64_t mask, size; } sig = { 0, 0 };	/* sigset and size */
	uint64_t deadline;
	long ret = get_deadline(uts, &deadline);

	if (ret) {
		return ret;
	}
	if (usig && frame_copy_from_user(&sig, frame_uptr(usig), sizeof(sig))) {
		return -EFAULT;
	}
	if (sig.mask) {
		ret = signal_mask_swap(p, sig.mask, sig.size);
		if (ret) {
			return ret;
		}
	}
	ret = do_select(p, n, uin, uout, uex, deadline);
	if (uts) {
		ret = put_time_left(uts, false, deadline, ret);
	}
	if (sig.mask) {
		signal_mask_restore(p, ret);
	}
	return ret;
}

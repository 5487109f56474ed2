/*
 * Futexes (kernel/futex.h).
 *
 * One mutex guards every waiter list, so that checking the user word and
 * queueing on it are one step for wakers: a wake that follows a change of
 * the word cannot slip between a waiter's check and its sleep. Waiters
 * live on their own stacks; a waker unlinks one and sets its woken flag
 * last, after which it never touches it again.
 */
#include <linux/futex.h>
#include <linux/time_types.h>

#include <frame/time.h>
#include <frame/uaccess.h>

#include <kernel/futex.h>
#include <kernel/list.h>
#include <kernel/log.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/wait.h>

#define BUCKETS 64
/* Entries of a robust list walked at exit (Linux's ROBUST_LIST_LIMIT). */
#define ROBUST_LIMIT 2048

struct futex_waiter {
	struct list_head node;		/* in its bucket, oldest first */
	struct mm *mm;
	uintptr_t uaddr;
	uint32_t bitset;		/* FUTEX_WAIT_BITSET's; all ones else */
	struct task *task;
	bool woken;			/* set by the waker, last */
};

static struct mutex futex_lock = MUTEX_INIT(futex_lock);
static struct list_head buckets[BUCKETS];
static bool buckets_ready;

static struct list_head *bucket(struct mm *mm, uintptr_t uaddr)
{
	uintptr_t h = ((uintptr_t)mm >> 6) ^ (uaddr >> 2);

	if (!buckets_ready) {		/* first use; futex_lock held */
		for (int i = 0; i < BUCKETS; i++) {
			list_init(&buckets[i]);
		}
		buckets_ready = true;
	}
	return &buckets[(h ^ (h >> 7)) % BUCKETS];
}

/* Wake w (futex_lock held): unlink it, then let it go. */
static void wake_one_locked(struct futex_waiter *w)
{
	struct task *t = w->task;

	list_del(&w->node);
	__atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
	task_wake(t);
}

static int wake_locked(struct mm *mm, uintptr_t uaddr, int n, uint32_t bits)
{
	struct futex_waiter *w, *tmp;
	int woken = 0;

	list_for_each_entry_safe(w, tmp, bucket(mm, uaddr), node) {
		if (woken >= n) {
			break;
		}
		if (w->mm == mm && w->uaddr == uaddr && (w->bitset & bits)) {
			wake_one_locked(w);
			woken++;
		}
	}
	return woken;
}

int futex_wake(struct mm *mm, uintptr_t uaddr, int n)
{
	int woken;

	mutex_lock(&futex_lock);
	woken = wake_locked(mm, uaddr, n, FUTEX_BITSET_MATCH_ANY);
	mutex_unlock(&futex_lock);
	return woken;
}

/*
 * Sleep on uaddr while it holds val, until woken, a signal or the deadline
 * (frame_clock_ns() time, 0 for none).
 */
static long futex_wait(struct process *p, uintptr_t uaddr, uint32_t val,
		       uint64_t deadline, uint32_t bitset)
{
	struct futex_waiter w = { .mm = p->mm, .uaddr = uaddr,
				  .bitset = bitset, .task = task_current() };
	uint32_t cur;
	long ret = 0;

	mutex_lock(&futex_lock);
	if (frame_copy_from_user(&cur, frame_uptr(uaddr), sizeof(cur))) {
		mutex_unlock(&futex_lock);
		return -EFAULT;
	}
	if (cur != val) {
		mutex_unlock(&futex_lock);
		return -EAGAIN;
	}
	list_add_tail(&w.node, bucket(w.mm, uaddr));
	mutex_unlock(&futex_lock);

	for (;;) {
		set_current_sleeping();
		if (__atomic_load_n(&w.woken, __ATOMIC_ACQUIRE)) {
			break;
		}
		if (__atomic_load_n(&task_current()->interrupt,
				    __ATOMIC_ACQUIRE)) {
			/* Restarted unless a handler runs (then EINTR). */
			ret = deadline ? -ERESTARTNOHAND : -ERESTARTSYS;
			break;
		}
		if (sched_sleep(deadline) == -ETIMEDOUT) {
			ret = -ETIMEDOUT;
			break;
		}
	}
	task_wake(task_current());	/* runnable again, if not woken */
	if (ret) {
		mutex_lock(&futex_lock);
		if (__atomic_load_n(&w.woken, __ATOMIC_ACQUIRE)) {
			ret = 0;	/* woken as it gave up: take the wake */
		} else {
			list_del(&w.node);
		}
		mutex_unlock(&futex_lock);
	}
	return ret;
}

/*
 * Wake up to n waiters on uaddr and move up to n2 of the rest to uaddr2;
 * with cmp, only if uaddr still holds val3. Returns how many were woken
 * and moved.
 */
static long futex_requeue(struct process *p, uintptr_t uaddr, int n,
			  uintptr_t uaddr2, int n2, bool cmp, uint32_t val3)
{
	struct futex_waiter *w, *tmp;
	struct mm *mm = p->mm;
	uint32_t cur;
	long done;

	if (n < 0 || n2 < 0) {
		return -EINVAL;
	}
	mutex_lock(&futex_lock);
	if (cmp) {
		if (frame_copy_from_user(&cur, frame_uptr(uaddr), sizeof(cur))) {
			mutex_unlock(&futex_lock);
			return -EFAULT;
		}
		if (cur != val3) {
			mutex_unlock(&futex_lock);
			return -EAGAIN;
		}
	}
	done = wake_locked(mm, uaddr, n, FUTEX_BITSET_MATCH_ANY);
	list_for_each_entry_safe(w, tmp, bucket(mm, uaddr), node) {
		if (n2 == 0) {
			break;
		}
		if (w->mm == mm && w->uaddr == uaddr) {
			list_del(&w->node);
			w->uaddr = uaddr2;
			list_add_tail(&w->node, bucket(mm, uaddr2));
			n2--;
			done++;
		}
	}
	mutex_unlock(&futex_lock);
	return done;
}

/*
 * The deadline of a wait: FUTEX_WAIT's timeout is relative, on the
 * monotonic clock; FUTEX_WAIT_BITSET's is absolute, on the monotonic or
 * (FUTEX_CLOCK_REALTIME) the real-time clock. 0: none.
 */
static long wait_deadline(uintptr_t uts, bool absolute, bool realtime,
			  uint64_t *deadline)
{
	uint64_t ns, now = frame_clock_ns();
	int err;

	*deadline = 0;
	if (!uts) {
		return 0;
	}
	err = get_user_timespec(uts, &ns);
	if (err) {
		return err;
	}
	if (!absolute) {
		*deadline = now + ns;
	} else if (realtime) {
		int64_t wall = frame_wallclock_ns();

		*deadline = (int64_t)ns > wall ? now + (ns - (uint64_t)wall) :
			    now;
	} else {
		*deadline = ns;
	}
	if (*deadline == 0) {
		*deadline = 1;		/* long past, but not "none" */
	}
	return 0;
}

long sys_futex(struct process *p, uintptr_t uaddr, int op, uint32_t val,
	       uintptr_t timeout, uintptr_t uaddr2, uint32_t val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	uint64_t deadline;
	long err;

	if (uaddr & 3) {
		return -EINVAL;
	}
	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET) {
		return -ENOSYS;		/* as Linux */
	}
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (!val3) {
			return -EINVAL;
		}
		err = wait_deadline(timeout, cmd == FUTEX_WAIT_BITSET,
				    realtime, &deadline);
		return err ? err : futex_wait(p, uaddr, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		if (!val3) {
			return -EINVAL;
		}
		mutex_lock(&futex_lock);
		err = wake_locked(p->mm, uaddr, (int)min(val, (uint32_t)INT32_MAX),
				  val3);
		mutex_unlock(&futex_lock);
		return err;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if (uaddr2 & 3) {
			return -EINVAL;
		}
		/* The timeout argument carries the number to move. */
		return futex_requeue(p, uaddr, (int)val, uaddr2, (int)timeout,
				     cmd == FUTEX_CMP_REQUEUE, val3);
	default:
		pr_warn_once("futex operation %d is not supported", cmd);
		return -ENOSYS;
	}
}

long sys_set_robust_list(struct process *p, uintptr_t head, size_t len)
{
	if (len != sizeof(struct robust_list_head)) {
		return -EINVAL;
	}
	p->robust_list = head;
	return 0;
}

static long robust_head_of(struct process *q, void *arg)
{
	*(uintptr_t *)arg = q->robust_list;
	return 0;
}

long sys_get_robust_list(struct process *p, int pid, uintptr_t uhead,
			 uintptr_t ulen)
{
	size_t len = sizeof(struct robust_list_head);
	uintptr_t head = p->robust_list;
	long err;

	if (pid < 0) {
		return -EINVAL;
	}
	if (pid && pid != p->pid) {
		if (p->cred.euid != 0) {
			return -EPERM;	/* PTRACE_MODE_READ: root only */
		}
		err = proc_inspect(pid, robust_head_of, &head);
		if (err) {
			return err;
		}
	}
	if (frame_copy_to_user(frame_uptr(ulen), &len, sizeof(len)) ||
	    frame_copy_to_user(frame_uptr(uhead), &head, sizeof(head))) {
		return -EFAULT;
	}
	return 0;
}

/* A robust futex at uaddr held by p, who is gone: mark it, wake one. */
static void release_robust(struct process *p, uintptr_t uaddr)
{
	uint32_t val, set;

	if (uaddr & 3 ||
	    frame_copy_from_user(&val, frame_uptr(uaddr), sizeof(val)) ||
	    (val & FUTEX_TID_MASK) != (uint32_t)p->pid) {
		return;
	}
	set = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (frame_copy_to_user(frame_uptr(uaddr), &set, sizeof(set)) == 0 &&
	    (val & FUTEX_WAITERS)) {
		futex_wake(p->mm, uaddr, 1);
	}
}

void futex_exit_robust_list(struct process *p)
{
	struct robust_list_head head;
	uintptr_t entry, pending, next;

	if (!p->robust_list || !p->mm ||
	    frame_copy_from_user(&head, frame_uptr(p->robust_list),
				 sizeof(head))) {
		return;
	}
	entry = (uintptr_t)head.list.next;
	pending = (uintptr_t)head.list_op_pending & ~(uintptr_t)1;
	for (int i = 0; i < ROBUST_LIMIT && entry != p->robust_list; i++) {
		entry &= ~(uintptr_t)1;		/* bit 0: a PI futex */
		if (frame_copy_from_user(&next, frame_uptr(entry),
					 sizeof(next))) {
			break;
		}
		if (entry != pending) {
			release_robust(p, entry + (uintptr_t)head.futex_offset);
		}
		entry = next;
	}
	if (pending) {
		release_robust(p, pending + (uintptr_t)head.futex_offset);
	}
}

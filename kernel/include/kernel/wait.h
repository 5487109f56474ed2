/*
 * Wait queues, and the sleeping locks built on them.
 *
 * A wait queue is a list of sleeping tasks. wait_event() sleeps until a
 * condition holds; whoever makes the condition true calls wake_up_one() or
 * wake_up_all() afterwards. Waking is allowed in interrupt context.
 */
#pragma once

#include <frame/spinlock.h>

#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/types.h>

struct wait_queue {
	frame_spinlock_t lock;
	struct list_head waiters;	/* struct waiter, FIFO */
};

struct waiter {
	struct task *task;
	struct list_head node;		/* on the queue while waiting */
};

#define WAIT_QUEUE_INIT(name) \
	{ FRAME_SPINLOCK_INIT(#name), LIST_HEAD_INIT((name).waiters) }

void wait_queue_init(struct wait_queue *wq);

/* Make w a waiter for the current task (before the first wait_prepare). */
void waiter_init(struct waiter *w);

/* Queue w (unless a wakeup took it off) and mark the task sleeping. */
void wait_prepare(struct wait_queue *wq, struct waiter *w);

/* Leave the queue and become runnable (after the condition is seen). */
void wait_finish(struct wait_queue *wq, struct waiter *w);

/* Wake the first waiter / all waiters. Returns how many were woken. */
unsigned int wake_up_one(struct wait_queue *wq);
unsigned int wake_up_all(struct wait_queue *wq);

/*
 * Sleep until cond is true or the deadline (frame_clock_ns() time, 0 for
 * none) passes; if interruptible, also until a signal wants the task
 * (task->interrupt). Evaluates to 0 once cond holds, -ETIMEDOUT or -EINTR.
 */
#define __wait_event(wq, cond, deadline, interruptible)			\
	({								\
		struct waiter __w;					\
		int __ret = 0;						\
		waiter_init(&__w);					\
		for (;;) {						\
			wait_prepare(wq, &__w);				\
			if (cond) {					\
				break;					\
			}						\
			if ((interruptible) &&				\
			    __atomic_load_n(&task_current()->interrupt,	\
					    __ATOMIC_ACQUIRE)) {	\
				__ret = -EINTR;				\
				break;					\
			}						\
			if (sched_sleep(deadline) == -ETIMEDOUT) {	\
				__ret = (cond) ? 0 : -ETIMEDOUT;	\
				break;					\
			}						\
		}							\
		wait_finish(wq, &__w);					\
		__ret;							\
	})

#define wait_event_deadline(wq, cond, deadline) \
	__wait_event(wq, cond, deadline, false)
#define wait_event(wq, cond) ((void)wait_event_deadline(wq, cond, 0))
#define wait_event_interruptible_deadline(wq, cond, deadline) \
	__wait_event(wq, cond, deadline, true)
#define wait_event_interruptible(wq, cond) \
	wait_event_interruptible_deadline(wq, cond, 0)

/* A sleeping lock with FIFO hand-off; not recursive, owner must unlock. */
struct mutex {
	struct task *owner;		/* under wq.lock */
	struct wait_queue wq;
};

#define MUTEX_INIT(name) { NULL, WAIT_QUEUE_INIT((name).wq) }

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_owned(const struct mutex *m);

/* A counting semaphore. */
struct semaphore {
	unsigned int count;		/* under wq.lock */
	struct wait_queue wq;
};

void sema_init(struct semaphore *s, unsigned int count);
void sema_down(struct semaphore *s);

/* Like sema_down() but gives up at deadline: 0 or -ETIMEDOUT. */
int sema_down_deadline(struct semaphore *s, uint64_t deadline);
void sema_up(struct semaphore *s);

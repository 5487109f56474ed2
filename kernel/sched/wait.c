/*
 * Wait queues, mutexes and semaphores (kernel/wait.h).
 *
 * Lock order: a wait queue's lock, then the run-queue lock (task_wake).
 */
#include <kernel/panic.h>
#include <kernel/wait.h>

void wait_queue_init(struct wait_queue *wq)
{
	frame_spin_init(&wq->lock, "wait_queue");
	list_init(&wq->waiters);
}

void waiter_init(struct waiter *w)
{
	w->task = task_current();
	list_init(&w->node);
}

void wait_prepare(struct wait_queue *wq, struct waiter *w)
{
	frame_irqflags_t flags = frame_spin_lock(&wq->lock);

	if (list_empty(&w->node)) {
		list_add_tail(&w->node, &wq->waiters);
	}
	set_current_sleeping();
	frame_spin_unlock(&wq->lock, flags);
}

void wait_finish(struct wait_queue *wq, struct waiter *w)
{
	frame_irqflags_t flags = frame_spin_lock(&wq->lock);

	if (!list_empty(&w->node)) {
		list_del(&w->node);
	}
	frame_spin_unlock(&wq->lock, flags);
	task_wake(w->task);
}

/* Wake up to max waiters, oldest first; wq->lock held. */
static unsigned int wake_locked(struct wait_queue *wq, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && !list_empty(&wq->waiters)) {
		struct waiter *w = list_first_entry(&wq->waiters,
						    struct waiter, node);

		list_del(&w->node);
		task_wake(w->task);
		n++;
	}
	return n;
}

unsigned int wake_up_one(struct wait_queue *wq)
{
	frame_irqflags_t flags = frame_spin_lock(&wq->lock);
	unsigned int n = wake_locked(wq, 1);

	frame_spin_unlock(&wq->lock, flags);
	return n;
}

unsigned int wake_up_all(struct wait_queue *wq)
{
	frame_irqflags_t flags = frame_spin_lock(&wq->lock);
	unsigned int n = wake_locked(wq, UINT32_MAX);

	frame_spin_unlock(&wq->lock, flags);
	return n;
}

void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	wait_queue_init(&m->wq);
}

bool mutex_trylock(struct mutex *m)
{
	frame_irqflags_t flags = frame_spin_lock(&m->wq.lock);
	bool got = m->owner == NULL;

	if (got) {
		m->owner = task_current();
	}
	frame_spin_unlock(&m->wq.lock, flags);
	return got;
}

void mutex_lock(struct mutex *m)
{
	struct task *self = task_current();
	frame_irqflags_t flags;
	struct waiter w;

	might_sleep();
	flags = frame_spin_lock(&m->wq.lock);
	if (m->owner == self) {
		panic("mutex %p locked recursively", (void *)m);
	}
	if (!m->owner) {
		m->owner = self;
		frame_spin_unlock(&m->wq.lock, flags);
		return;
	}

	/* Queue up; mutex_unlock() hands ownership over in FIFO order. */
	waiter_init(&w);
	list_add_tail(&w.node, &m->wq.waiters);
	while (m->owner != self) {
		set_current_sleeping();
		frame_spin_unlock(&m->wq.lock, flags);
		sched_sleep(0);
		flags = frame_spin_lock(&m->wq.lock);
	}
	frame_spin_unlock(&m->wq.lock, flags);
}

void mutex_unlock(struct mutex *m)
{
	frame_irqflags_t flags = frame_spin_lock(&m->wq.lock);

	if (m->owner != task_current()) {
		panic("mutex %p unlocked by a task that does not own it",
		      (void *)m);
	}
	m->owner = NULL;
	if (!list_empty(&m->wq.waiters)) {
		struct waiter *w = list_first_entry(&m->wq.waiters,
						    struct waiter, node);

		list_del(&w->node);
		m->owner = w->task;
		task_wake(w->task);
	}
	frame_spin_unlock(&m->wq.lock, flags);
}

bool mutex_is_owned(const struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == task_current();
}

void sema_init(struct semaphore *s, unsigned int count)
{
	s->count = count;
	wait_queue_init(&s->wq);
}

static bool sema_try(struct semaphore *s)
{
	frame_irqflags_t flags = frame_spin_lock(&s->wq.lock);
	bool got = s->count > 0;

	if (got) {
		s->count--;
	}
	frame_spin_unlock(&s->wq.lock, flags);
	return got;
}

int sema_down_deadline(struct semaphore *s, uint64_t deadline)
{
	might_sleep();
	return wait_event_deadline(&s->wq, sema_try(s), deadline);
}

void sema_down(struct semaphore *s)
{
	sema_down_deadline(s, 0);
}

void sema_up(struct semaphore *s)
{
	frame_irqflags_t flags = frame_spin_lock(&s->wq.lock);

	s->count++;
	wake_locked(&s->wq, 1);
	frame_spin_unlock(&s->wq.lock, flags);
}

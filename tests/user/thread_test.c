/*
 * Threads: pthread_create and join (CLONE_THREAD, CLONE_SETTLS,
 * CLONE_CHILD_CLEARTID and its futex wake), many threads counting under
 * a futex-based mutex, condition variables, thread and process ids, a
 * signal to one thread and one to the process, exit_group from a thread,
 * the main thread ending before the others, execve in a thread, CPU
 * clocks of a thread and of the process, robust mutexes whose owner
 * died, and the futex calls themselves: values, timeouts, bitsets,
 * requeue and bad arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

/* From Linux's linux/futex.h, which musl does not ship. */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_CMP_REQUEUE_PRIVATE 132
#define FUTEX_WAIT_BITSET_PRIVATE 137
#define FUTEX_WAKE_BITSET_PRIVATE 138
#define FUTEX_CLOCK_REALTIME 256

#define THREADS 8
#define ROUNDS 20000

static long futex(volatile uint32_t *uaddr, int op, uint32_t val,
		  const struct timespec *ts, volatile uint32_t *uaddr2,
		  uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&ts, NULL);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static volatile pid_t tids[THREADS];

static void *count(void *arg)
{
	long i = (long)arg;

	tids[i] = (pid_t)syscall(SYS_gettid);
	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&lock);
		counter++;
		if (r % 1000 == 0) {
			sched_yield();	/* let others contend for the lock */
		}
		pthread_mutex_unlock(&lock);
	}
	return (void *)(i * 10);
}

static void test_create_and_join(void)
{
	pthread_t t[THREADS];
	int ok = 1, distinct = 1;
	void *ret;

	counter = 0;
	for (long i = 0; i < THREADS; i++) {
		ok &= pthread_create(&t[i], NULL, count, (void *)i) == 0;
	}
	CHECK(ok, "create 8 threads");
	for (long i = 0; i < THREADS; i++) {
		ok &= pthread_join(t[i], &ret) == 0 && ret == (void *)(i * 10);
	}
	CHECK(ok, "join each, with its return value");
	CHECK(counter == (long)THREADS * ROUNDS,
	      "8 x 20000 increments under one mutex, none lost");
	for (int i = 0; i < THREADS; i++) {
		distinct &= tids[i] > 0 && tids[i] != getpid();
		for (int j = 0; j < i; j++) {
			distinct &= tids[i] != tids[j];
		}
	}
	CHECK(distinct, "each thread has its own id, none the process's");
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t main_cond = PTHREAD_COND_INITIALIZER;
static int ready, woken;

static void *wait_cond(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	ready++;
	pthread_cond_signal(&main_cond);
	while (ready < THREADS + 1) {
		pthread_cond_wait(&cond, &lock);
	}
	woken++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void test_condition_variable(void)
{
	pthread_t t[THREADS];

	ready = woken = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_create(&t[i], NULL, wait_cond, NULL);
	}
	pthread_mutex_lock(&lock);
	while (ready < THREADS) {
		pthread_cond_wait(&main_cond, &lock);
	}
	ready++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
	}
	CHECK(woken == THREADS, "a broadcast wakes every waiter");
}

static volatile pid_t handled_by;
static volatile int handled;

static void on_signal(int sig)
{
	(void)sig;
	handled_by = (pid_t)syscall(SYS_gettid);
	handled++;
}

static volatile int stop_worker;
static volatile pid_t worker_tid;

static void *idle_worker(void *arg)
{
	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	while (!stop_worker) {
		sleep_ms(1);
	}
	return NULL;
}

static void test_signals(void)
{
	pthread_t t;
	sigset_t set;

	signal(SIGUSR1, on_signal);
	signal(SIGUSR2, on_signal);
	stop_worker = 0;
	worker_tid = 0;
	pthread_create(&t, NULL, idle_worker, NULL);
	while (!worker_tid) {
		sleep_ms(1);
	}
	handled = 0;
	CHECK(pthread_kill(t, SIGUSR1) == 0, "pthread_kill");
	for (int i = 0; i < 2000 && !handled; i++) {
		sleep_ms(1);
	}
	CHECK(handled == 1 && handled_by == worker_tid,
	      "a signal to one thread runs its handler in that thread");

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	handled = 0;
	kill(getpid(), SIGUSR2);
	for (int i = 0; i < 2000 && !handled; i++) {
		sleep_ms(1);
	}
	CHECK(handled == 1 && handled_by == worker_tid,
	      "a signal to the process goes to a thread not blocking it");
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	CHECK(syscall(SYS_tgkill, getpid(), worker_tid + 100000, SIGUSR1) ==
	      -1 && errno == ESRCH, "tgkill of no such thread is ESRCH");
	CHECK(syscall(SYS_tgkill, getpid() + 100000, worker_tid, SIGUSR1) ==
	      -1 && errno == ESRCH, "tgkill of a thread in another process");
	stop_worker = 1;
	pthread_join(t, NULL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void *exit_process(void *arg)
{
	(void)arg;
	sleep_ms(10);
	exit(3);			/* exit_group */
}

static void *outlive_main(void *arg)
{
	(void)arg;
	sleep_ms(30);
	syscall(SYS_exit, 7);		/* the last thread, bare exit */
	return NULL;
}

static void test_exits(void)
{
	pthread_t t;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pthread_create(&t, NULL, exit_process, NULL);
		for (;;) {
			sleep_ms(1000);
		}
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 3,
	      "exit from a thread ends the whole process with its status");

	/* Bare exits, below the C library's own thread bookkeeping. */
	pid = fork();
	if (pid == 0) {
		pthread_create(&t, NULL, outlive_main, NULL);
		syscall(SYS_exit, 5);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 7,
	      "the process lives on after its main thread; its status is "
	      "the last thread's");
}

static void *exec_hello(void *arg)
{
	char *argv[] = { "/hello", NULL }, *envp[] = { NULL };

	(void)arg;
	execve("/hello", argv, envp);
	return NULL;
}

static void *sleep_forever(void *arg)
{
	(void)arg;
	for (;;) {
		sleep_ms(1000);
	}
	return NULL;
}

static void test_exec(void)
{
	pthread_t t;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pthread_create(&t, NULL, exec_hello, NULL);
		sleep_forever(NULL);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 42,
	      "execve in a second thread: the program runs as the process");
	pid = fork();
	if (pid == 0) {
		pthread_create(&t, NULL, sleep_forever, NULL);
		exec_hello(NULL);
		_exit(1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 42,
	      "execve in the main thread ends the other threads");
}

static void *burn_cpu(void *arg)
{
	struct timespec a, b;

	(void)arg;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
	do {
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 +
		 (b.tv_nsec - a.tv_nsec) / 1000000 < 60);
	return NULL;
}

static double cpu_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_cpu_clocks(void)
{
	double proc0 = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
	double self0 = cpu_ms(CLOCK_THREAD_CPUTIME_ID);
	pthread_t t;

	pthread_create(&t, NULL, burn_cpu, NULL);
	pthread_join(t, NULL);
	CHECK(cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - proc0 >= 50,
	      "the process's CPU clock counts another thread's 60 ms");
	CHECK(cpu_ms(CLOCK_THREAD_CPUTIME_ID) - self0 < 50,
	      "the waiting thread's own clock does not");
}

static pthread_mutex_t robust;

static void *die_holding(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&robust);
	return NULL;			/* ends without unlocking */
}

static void test_robust_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_t t;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_create(&t, NULL, die_holding, NULL);
	pthread_join(t, NULL);
	CHECK(pthread_mutex_lock(&robust) == EOWNERDEAD,
	      "a robust mutex whose owner died: EOWNERDEAD");
	pthread_mutex_consistent(&robust);
	pthread_mutex_unlock(&robust);
}

static volatile uint32_t word, word2;
static volatile int waiters_done;

static void *wait_bits(void *arg)
{
	uint32_t bits = (uint32_t)(uintptr_t)arg;

	futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, bits);
	__atomic_add_fetch(&waiters_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *wait_word(void *arg)
{
	(void)arg;
	while (futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == -1 &&
	       errno == EINTR) {
	}
	__atomic_add_fetch(&waiters_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Wake n waiters on w, retrying until they are all queued. */
static long wake_when_queued(volatile uint32_t *w, int op, int n,
			     uint32_t bits)
{
	long got = 0;

	for (int i = 0; i < 2000 && got < n; i++) {
		got += futex(w, op, (uint32_t)(n - got), NULL, NULL, bits);
		if (got < n) {
			sleep_ms(1);
		}
	}
	return got;
}

static void test_futex_calls(void)
{
	struct timespec ts = { 0, 30 * 1000000 }, bad = { 0, -1 }, abs;
	pthread_t t[3];
	double t0;
	long n;

	word = 1;
	CHECK(futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == -1 &&
	      errno == EAGAIN, "FUTEX_WAIT on a changed value: EAGAIN");
	t0 = now_ms();
	CHECK(futex(&word, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0) == -1 &&
	      errno == ETIMEDOUT && now_ms() - t0 >= 29,
	      "FUTEX_WAIT times out after its relative timeout");
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 30000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	t0 = now_ms();
	CHECK(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME,
		    1, &abs, NULL, ~0U) == -1 && errno == ETIMEDOUT &&
	      now_ms() - t0 >= 29,
	      "FUTEX_WAIT_BITSET to an absolute real time 30 ms ahead");
	CHECK(futex(&word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0) == 0,
	      "FUTEX_WAKE with nobody waiting wakes 0");
	CHECK(futex((uint32_t *)8, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) ==
	      -1 && errno == EFAULT, "a bad address is EFAULT");
	CHECK(futex((uint32_t *)((char *)&word + 1), FUTEX_WAKE_PRIVATE, 1,
		    NULL, NULL, 0) == -1 && errno == EINVAL,
	      "an unaligned address is EINVAL");
	CHECK(futex(&word, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0) == -1 &&
	      errno == EINVAL, "a bad timeout is EINVAL");
	CHECK(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0) ==
	      -1 && errno == EINVAL, "a zero bitset is EINVAL");
	CHECK(futex(&word, 99, 0, NULL, NULL, 0) == -1 && errno == ENOSYS,
	      "an unknown operation is ENOSYS");

	/* Bitsets: a wake for bit 2 leaves the bit-1 waiter asleep. */
	word = 0;
	waiters_done = 0;
	pthread_create(&t[0], NULL, wait_bits, (void *)1);
	pthread_create(&t[1], NULL, wait_bits, (void *)2);
	n = wake_when_queued(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, 2);
	sleep_ms(20);
	CHECK(n == 1 && waiters_done == 1, "FUTEX_WAKE_BITSET wakes by bit");
	n = wake_when_queued(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, 1);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	CHECK(n == 1 && waiters_done == 2, "then the other");

	/* Requeue: wake one of three, move two to word2, wake those. */
	word = 0;
	word2 = 0;
	waiters_done = 0;
	for (int i = 0; i < 3; i++) {
		pthread_create(&t[i], NULL, wait_word, NULL);
	}
	sleep_ms(50);
	CHECK(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2, &word2,
		    7) == -1 && errno == EAGAIN,
	      "FUTEX_CMP_REQUEUE with a changed value: EAGAIN");
	n = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2, &word2, 0);
	sleep_ms(20);
	CHECK(n == 3 && waiters_done == 1,
	      "FUTEX_CMP_REQUEUE wakes one and moves two");
	CHECK(futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0) == 0 &&
	      futex(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0) == 2,
	      "the moved waiters wait on the second word");
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
	}
}

int main(void)
{
	test_create_and_join();
	test_condition_variable();
	test_signals();
	test_exits();
	test_exec();
	test_cpu_clocks();
	test_robust_mutex();
	test_futex_calls();
	return utest_done();
}

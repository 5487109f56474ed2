/*
 * Waiting on several files: poll, ppoll, select and pselect6 over pipes
 * and regular files; readiness, hang-up and error events, POLLNVAL and
 * EBADF, timeouts, wakeup by another process, interruption by a signal
 * (EINTR even under SA_RESTART), temporary signal masks, and bad
 * arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int poll1(int fd, short events, int timeout)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n = poll(&p, 1, timeout);

	return n == 1 ? p.revents : n == 0 ? 0 : -1;
}

/* A child that signals or writes to us after ms milliseconds. */
static pid_t later(int ms, int sig, int fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		usleep(ms * 1000);
		if (sig) {
			kill(getppid(), sig);
		}
		if (fd >= 0 && write(fd, "x", 1) != 1) {
			_exit(1);
		}
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
}

static void test_pipe_events(void)
{
	int fds[2], fd;
	char c;

	CHECK(pipe(fds) == 0, "pipe");
	CHECK(poll1(fds[0], POLLIN, 0) == 0, "an empty pipe is not readable");
	CHECK(poll1(fds[1], POLLOUT, 0) == (POLLOUT),
	      "an empty pipe is writable");
	CHECK(write(fds[1], "ab", 2) == 2 &&
	      poll1(fds[0], POLLIN | POLLOUT, 0) == POLLIN,
	      "with data it is readable (only what was asked for)");
	close(fds[1]);
	CHECK(poll1(fds[0], POLLIN, 0) == (POLLIN | POLLHUP),
	      "writer gone, data left: POLLIN and POLLHUP");
	CHECK(read(fds[0], &c, 1) == 1 && read(fds[0], &c, 1) == 1 &&
	      poll1(fds[0], POLLIN, 0) == POLLHUP,
	      "drained: POLLHUP alone, even if not asked for");
	close(fds[0]);

	CHECK(pipe(fds) == 0 && close(fds[0]) == 0 &&
	      poll1(fds[1], POLLOUT, 0) == (POLLOUT | POLLERR),
	      "reader gone: POLLERR on the write end");
	close(fds[1]);

	fd = open("/poll_test.tmp", O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(fd >= 0 && poll1(fd, POLLIN | POLLOUT, 0) == (POLLIN | POLLOUT),
	      "a regular file is always readable and writable");
	close(fd);
	unlink("/poll_test.tmp");
}

static void test_poll_sets_and_errors(void)
{
	struct pollfd p[3];
	struct rlimit lim;
	int fds[2];

	pipe(fds);
	write(fds[1], "x", 1);
	p[0] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 77 };
	p[1] = (struct pollfd){ .fd = 999, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	CHECK(poll(p, 3, 0) == 2 && p[0].revents == 0 &&
	      p[1].revents == POLLNVAL && p[2].revents == POLLIN,
	      "a negative fd is skipped, a closed one is POLLNVAL");
	CHECK(poll((struct pollfd *)1, 1, 0) == -1 && errno == EFAULT,
	      "a bad array is EFAULT");
	CHECK(poll((struct pollfd *)0xffff888000000000, 1, 0) == -1 &&
	      errno == EFAULT, "a kernel address is EFAULT");
	getrlimit(RLIMIT_NOFILE, &lim);
	CHECK(poll(p, lim.rlim_cur + 1, 0) == -1 && errno == EINVAL,
	      "more than RLIMIT_NOFILE entries is EINVAL");
	close(fds[0]);
	close(fds[1]);
}

static volatile int hits;

static void on_usr1(int sig)
{
	(void)sig;
	hits++;
}

static void test_waiting(void)
{
	struct sigaction sa;
	struct pollfd p;
	int fds[2];
	double t0;
	pid_t pid;

	pipe(fds);
	t0 = now_ms();
	CHECK(poll1(fds[0], POLLIN, 50) == 0 && now_ms() - t0 >= 49,
	      "a 50 ms timeout passes with nothing ready");
	t0 = now_ms();
	CHECK(poll(NULL, 0, 30) == 0 && now_ms() - t0 >= 29,
	      "poll of nothing sleeps for its timeout");
	pid = later(20, 0, fds[1]);
	CHECK(poll1(fds[0], POLLIN, 5000) == POLLIN,
	      "another process's write wakes poll");
	reap(pid);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	p = (struct pollfd){ .fd = fds[1], .events = POLLIN };	/* never */
	hits = 0;
	pid = later(20, SIGUSR1, -1);
	CHECK(poll(&p, 1, 5000) == -1 && errno == EINTR && hits == 1,
	      "a caught signal ends poll with EINTR, even with SA_RESTART");
	reap(pid);
	close(fds[0]);
	close(fds[1]);
}

static void test_ppoll(void)
{
	struct timespec ts = { 0, 20 * 1000000 }, bad = { 0, 1000000000 };
	sigset_t block, none, now;
	struct pollfd p;
	int fds[2];
	double t0;
	pid_t pid;

	pipe(fds);
	p = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	t0 = now_ms();
	CHECK(syscall(SYS_ppoll, &p, 1, &ts, NULL, 8) == 0 &&
	      now_ms() - t0 >= 19, "ppoll times out");
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0,
	      "and writes back the time left: none");
	CHECK(ppoll(&p, 1, &bad, NULL) == -1 && errno == EINVAL,
	      "a bad timespec is EINVAL");
	sigemptyset(&none);
	CHECK(syscall(SYS_ppoll, &p, 1, &ts, &none, 4) == -1 &&
	      errno == EINVAL, "a wrong sigset size is EINVAL");

	/* SIGUSR1 blocked, but not while ppoll waits. */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	hits = 0;
	pid = later(20, SIGUSR1, -1);
	CHECK(ppoll(&p, 1, NULL, &none) == -1 && errno == EINTR && hits == 1,
	      "ppoll's mask lets a blocked signal in");
	reap(pid);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 &&
	      sigismember(&now, SIGUSR1), "and the old mask is back after");
	hits = 0;
	kill(getpid(), SIGUSR1);
	ts = (struct timespec){ 0, 0 };
	CHECK(ppoll(&p, 1, &ts, &block) == 0 && hits == 0,
	      "a mask that blocks it keeps a pending signal out");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	CHECK(hits == 1, "which runs once unblocked");
	close(fds[0]);
	close(fds[1]);
}

static void test_select(void)
{
	struct timeval tv = { 0, 100000 };
	struct timespec ts = { 0, 20 * 1000000 };
	sigset_t block, none;
	fd_set rd, wr;
	int fds[2];
	double t0;
	pid_t pid;

	pipe(fds);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fds[0], &rd);
	FD_SET(fds[1], &wr);
	CHECK(select(fds[1] + 1, &rd, &wr, NULL, &tv) == 1 &&
	      !FD_ISSET(fds[0], &rd) && FD_ISSET(fds[1], &wr),
	      "select: the write end is ready, the read end is not");
	CHECK(tv.tv_sec == 0 && tv.tv_usec > 0 && tv.tv_usec <= 100000,
	      "select writes back the time left");
	write(fds[1], "x", 1);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	CHECK(select(fds[0] + 1, &rd, NULL, NULL, NULL) == 1 &&
	      FD_ISSET(fds[0], &rd), "with data the read end is ready");
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	FD_SET(200, &rd);
	CHECK(select(201, &rd, NULL, NULL, NULL) == -1 && errno == EBADF,
	      "a closed fd in a set is EBADF");
	CHECK(select(-1, NULL, NULL, NULL, NULL) == -1 && errno == EINVAL,
	      "a negative count is EINVAL");
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	CHECK(select(fds[0] + 1, (fd_set *)1, NULL, NULL, NULL) == -1 &&
	      errno == EFAULT, "a bad set is EFAULT");
	tv = (struct timeval){ 0, 20000 };
	t0 = now_ms();
	CHECK(select(0, NULL, NULL, NULL, &tv) == 0 && now_ms() - t0 >= 19,
	      "select of nothing sleeps for its timeout");

	/* pselect6 with a mask that lets SIGUSR1 in. */
	char c;
	read(fds[0], &c, 1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &block, NULL);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	t0 = now_ms();
	CHECK(pselect(fds[0] + 1, &rd, NULL, NULL, &ts, &block) == 0 &&
	      now_ms() - t0 >= 19, "pselect times out");
	hits = 0;
	pid = later(20, SIGUSR1, -1);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	CHECK(pselect(fds[0] + 1, &rd, NULL, NULL, NULL, &none) == -1 &&
	      errno == EINTR && hits == 1, "pselect's mask lets a signal in");
	reap(pid);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	test_pipe_events();
	test_poll_sets_and_errors();
	test_waiting();
	test_ppoll();
	test_select();
	return utest_done();
}

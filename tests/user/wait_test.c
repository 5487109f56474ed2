/*
 * Stopping and continuing (SIGSTOP, SIGTSTP, SIGCONT) and how a parent
 * hears of it (wait4 WUNTRACED/WCONTINUED, waitid WSTOPPED, SIGCHLD with
 * CLD_STOPPED/CLD_CONTINUED, SA_NOCLDSTOP); children nobody waits for
 * (SIGCHLD ignored, SA_NOCLDWAIT); vfork; CPU time in getrusage and times.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static volatile int *shared;
static volatile sig_atomic_t chld_code, chld_status, tstp_caught;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void on_tstp(int sig)
{
	(void)sig;
	tstp_caught = 1;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * A child counting in shared memory until killed. It gets a process group
 * of its own, which this process keeps from being orphaned: Linux drops
 * SIGTSTP sent to an orphaned group, as when the test runs detached.
 */
static pid_t counter_child(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		for (;;) {
			shared[0]++;
			sleep_ms(1);
		}
	}
	while (shared[0] == 0) {
		sleep_ms(1);
	}
	return pid;
}

static void test_stop_continue(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
	pid_t pid = counter_child();
	int status = 0, before, stalled;
	siginfo_t si;

	sigaction(SIGCHLD, &sa, NULL);
	chld_code = 0;
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) &&
	      WSTOPSIG(status) == SIGSTOP, "wait4 WUNTRACED reports the stop");
	CHECK(chld_code == CLD_STOPPED && chld_status == SIGSTOP,
	      "SIGCHLD tells of the stop (CLD_STOPPED, SIGSTOP)");
	before = shared[0];
	sleep_ms(50);
	stalled = shared[0] == before;
	CHECK(stalled, "a stopped process does not run");
	CHECK(waitpid(pid, &status, WUNTRACED | WNOHANG) == 0,
	      "a stop is reported once");
	chld_code = 0;
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status),
	      "wait4 WCONTINUED reports the continue");
	/* Linux: the child sends SIGCHLD once it runs; give it 2 s. */
	before = shared[0];
	for (int i = 0; i < 200 && (shared[0] == before || !chld_code); i++) {
		sleep_ms(10);
	}
	CHECK(chld_code == CLD_CONTINUED, "SIGCHLD tells of the continue");
	CHECK(shared[0] != before, "a continued process runs again");

	kill(pid, SIGTSTP);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0 && si.si_pid == pid &&
	      si.si_code == CLD_STOPPED && si.si_status == SIGTSTP,
	      "waitid WSTOPPED: stopped by SIGTSTP");
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL, "SIGKILL ends a stopped process");

	sa.sa_flags |= SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	shared[0] = 0;
	pid = counter_child();
	chld_code = 0;
	kill(pid, SIGSTOP);
	waitpid(pid, &status, WUNTRACED);
	sleep_ms(20);
	CHECK(chld_code == 0, "SA_NOCLDSTOP: no SIGCHLD for a stop");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	signal(SIGCHLD, SIG_DFL);
}

static void test_caught_stop(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		signal(SIGTSTP, on_tstp);
		raise(SIGTSTP);
		_exit(tstp_caught ? 7 : 1);
	}
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 7, "a handled SIGTSTP does not stop");
	pid = fork();
	if (pid == 0) {
		signal(SIGTSTP, SIG_IGN);
		raise(SIGTSTP);
		_exit(8);
	}
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 8, "an ignored SIGTSTP does not stop");
	pid = fork();
	if (pid == 0) {
		setsid();		/* a group nobody outside can continue */
		raise(SIGTSTP);
		raise(SIGSTOP);		/* this one stops it all the same */
		_exit(9);
	}
	CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) &&
	      WSTOPSIG(status) == SIGSTOP,
	      "an orphaned group drops SIGTSTP, but not SIGSTOP");
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 9, "and runs on when continued");
}

static void test_no_wait(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN };
	pid_t pid;

	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		sleep_ms(20);
		_exit(0);
	}
	CHECK(waitpid(-1, NULL, 0) == -1 && errno == ECHILD,
	      "SIGCHLD ignored: wait finds no child once it is gone");
	CHECK(kill(pid, 0) == -1 && errno == ESRCH,
	      "and the child left no zombie");
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		_exit(0);
	}
	CHECK(waitpid(-1, NULL, 0) == -1 && errno == ECHILD,
	      "SA_NOCLDWAIT: no zombie to wait for");
	sa.sa_flags = 0;
	sigaction(SIGCHLD, &sa, NULL);
}

static void test_vfork(void)
{
	int status;
	pid_t pid;

	shared[1] = 0;
	pid = vfork();
	if (pid == 0) {
		sleep_ms(50);
		shared[1] = 1;
		_exit(3);
	}
	CHECK(pid > 0 && shared[1] == 1,
	      "vfork: the parent runs on only once the child has exited");
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3,
	      "vfork: the child's status");
	pid = vfork();
	if (pid == 0) {
		char *argv[] = { "/hello", NULL };

		execve("/hello", argv, NULL);
		_exit(99);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 42,
	      "vfork then execve");
}

/* Spin for ms of CPU time, as the process's CPU clock counts it. */
static void burn(long ms)
{
	struct timespec a, b;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	do {
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 +
		 (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

static long ms_of(struct timeval tv)
{
	return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void test_usage(void)
{
	struct rusage before, after, kids;
	struct tms t;
	pid_t pid;
	int status;

	getrusage(RUSAGE_SELF, &before);
	burn(200);
	getrusage(RUSAGE_SELF, &after);
	CHECK(ms_of(after.ru_utime) + ms_of(after.ru_stime) -
	      ms_of(before.ru_utime) - ms_of(before.ru_stime) >= 100,
	      "getrusage agrees with the CPU clock: 200 ms of spinning");
	CHECK(after.ru_maxrss > 0, "getrusage: a resident size");
	pid = fork();
	if (pid == 0) {
		burn(200);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	getrusage(RUSAGE_CHILDREN, &kids);
	CHECK(ms_of(kids.ru_utime) + ms_of(kids.ru_stime) >= 100,
	      "getrusage RUSAGE_CHILDREN: the reaped child's CPU time");
	CHECK(times(&t) != (clock_t)-1 && t.tms_cutime + t.tms_cstime >= 10,
	      "times: the children's CPU time in clock ticks");
	CHECK(getrusage(42, &kids) == -1 && errno == EINVAL,
	      "getrusage of an unknown who is EINVAL");
	CHECK(getrusage(RUSAGE_SELF, (void *)8) == -1 && errno == EFAULT,
	      "getrusage into a bad pointer is EFAULT");
}

int main(void)
{
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	test_stop_continue();
	test_caught_stop();
	test_no_wait();
	test_vfork();
	test_usage();
	return utest_done();
}

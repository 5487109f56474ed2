/*
 * Signals: handlers with siginfo and the frame they run on, masks, the
 * alternate signal stack, kill/raise semantics and errors, default
 * actions, SIGCHLD, SIGPIPE, a caught SIGSEGV, system calls that
 * signals interrupt (EINTR) or restart (SA_RESTART), queued real-time
 * signals with sigqueue() and sigtimedwait(), and SS_AUTODISARM.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static volatile sig_atomic_t hits, last_sig, last_code, last_pid;
static volatile uintptr_t last_addr;
static volatile int depth_blocked;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	sigset_t now;

	(void)uc;
	hits++;
	last_sig = sig;
	last_code = si->si_code;
	last_pid = si->si_pid;
	sigprocmask(SIG_BLOCK, NULL, &now);
	depth_blocked = sigismember(&now, sig);
}

static void catch(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static void test_handler_and_frame(void)
{
	/* Registers and FPU state must survive the handler. */
	volatile double x = 1.5;
	long r;

	hits = 0;
	catch(SIGUSR1, 0);
	CHECK(kill(getpid(), SIGUSR1) == 0 && hits == 1 &&
	      last_sig == SIGUSR1 && last_code == SI_USER &&
	      last_pid == getpid(), "a handler runs with the sender's siginfo");
	CHECK(depth_blocked, "the signal is blocked while its handler runs");
	CHECK(x * 2 == 3.0, "FPU state survives the handler");
	r = syscall(SYS_tgkill, getpid(), getpid(), SIGUSR1);
	CHECK(r == 0 && hits == 2 && last_code == SI_TKILL,
	      "tgkill delivers with SI_TKILL");
	signal(SIGUSR1, SIG_DFL);
}

static void test_mask_and_pending(void)
{
	sigset_t set, old, pend;

	hits = 0;
	catch(SIGUSR2, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR2);
	raise(SIGUSR2);
	sigpending(&pend);
	CHECK(hits == 0 && sigismember(&pend, SIGUSR2),
	      "a blocked signal stays pending");
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(hits == 1, "unblocking delivers it, once");
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &old);
	CHECK(!sigismember(&old, SIGKILL) && !sigismember(&old, SIGSTOP),
	      "SIGKILL and SIGSTOP cannot be blocked");
	CHECK(syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8) == -1 &&
	      errno == EINVAL, "an unknown sigprocmask how is EINVAL");
	CHECK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4) == -1 &&
	      errno == EINVAL, "a wrong sigset size is EINVAL");
	signal(SIGUSR2, SIG_DFL);
}

static void test_actions_and_errors(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL,
	      "SIGKILL's action cannot change");
	CHECK(sigaction(0, &sa, NULL) == -1 && errno == EINVAL &&
	      syscall(SYS_rt_sigaction, 65, NULL, NULL, 8) == -1 &&
	      errno == EINVAL, "signal numbers outside 1-64 are EINVAL");
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0 && raise(SIGUSR1) == 0,
	      "an ignored signal does nothing");
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 &&
	      old.sa_handler == SIG_IGN, "sigaction reports the old action");
	signal(SIGUSR1, SIG_DFL);
	CHECK(kill(99999, 0) == -1 && errno == ESRCH,
	      "kill of a missing pid is ESRCH");
	CHECK(kill(getpid(), 65) == -1 && errno == EINVAL,
	      "kill with a bad signal is EINVAL");
	CHECK(kill(getpid(), 0) == 0, "signal 0 checks the process exists");
	CHECK(syscall(SYS_tgkill, getpid(), getpid() + 1000, 0) == -1 &&
	      errno == ESRCH, "tgkill of a thread not in the group is ESRCH");
}

static void test_default_actions(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		raise(SIGTERM);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	      "SIGTERM's default action ends the process");
	pid = fork();
	if (pid == 0) {
		raise(SIGCHLD);
		raise(SIGWINCH);
		_exit(4);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4,
	      "SIGCHLD and SIGWINCH are ignored by default");
	pid = fork();
	if (pid == 0) {
		for (;;) {
			pause();
		}
	}
	CHECK(kill(pid, SIGKILL) == 0 && waitpid(pid, &status, 0) == pid &&
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "SIGKILL ends a process waiting in pause()");
}

static void test_sigchld(void)
{
	sigset_t block, none;
	int status;
	pid_t pid;

	hits = 0;
	catch(SIGCHLD, 0);
	sigemptyset(&none);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, NULL);	/* no lost wakeup */
	pid = fork();
	if (pid == 0) {
		_exit(6);
	}
	while (!hits) {
		sigsuspend(&none);
	}
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	CHECK(last_sig == SIGCHLD && last_code == CLD_EXITED &&
	      last_pid == pid, "SIGCHLD tells the parent which child exited");
	CHECK(waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 6,
	      "and the child is reaped as usual");
	signal(SIGCHLD, SIG_DFL);
}

static void test_sigpipe(void)
{
	int fds[2], status;
	pid_t pid;

	pipe(fds);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK(write(fds[1], "x", 1) == -1 && errno == EPIPE,
	      "with SIGPIPE ignored, a write to a closed pipe is EPIPE");
	signal(SIGPIPE, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		write(fds[1], "x", 1);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	      "by default, SIGPIPE ends the writer");
	close(fds[1]);
}

static volatile int *volatile bad_ptr = (volatile int *)16;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	_exit(sig == SIGSEGV && si->si_code == SEGV_MAPERR &&
	      si->si_addr == (void *)16 ? 21 : 22);
}

static void test_sigsegv(void)
{
	struct sigaction sa;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_segv;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGSEGV, &sa, NULL);
		*bad_ptr = 1;
		_exit(1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 21,
	      "a SIGSEGV handler gets the faulting address and SEGV_MAPERR");
	pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_IGN);
		*bad_ptr = 1;		/* a fault cannot be ignored */
		_exit(1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "an ignored SIGSEGV from a fault still ends the process");
}

static void test_interrupted_calls(void)
{
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	int fds[2], status;
	char c;
	pid_t pid, parent = getpid();

	hits = 0;
	catch(SIGUSR1, 0);
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		struct timespec ms = { 0, 20000000 };

		nanosleep(&ms, NULL);
		kill(parent, SIGUSR1);
		nanosleep(&ms, NULL);
		kill(parent, SIGUSR1);
		nanosleep(&ms, NULL);
		write(fds[1], "y", 1);
		_exit(0);
	}
	CHECK(nanosleep(&req, &rem) == -1 && errno == EINTR && hits == 1 &&
	      rem.tv_sec >= 4, "a handler interrupts nanosleep with EINTR and "
	      "the time left");
	CHECK(read(fds[0], &c, 1) == -1 && errno == EINTR && hits == 2,
	      "a handler without SA_RESTART interrupts a pipe read");
	catch(SIGUSR1, SA_RESTART);
	CHECK(read(fds[0], &c, 1) == 1 && c == 'y',
	      "the pipe read then completes");
	waitpid(pid, &status, 0);

	hits = 0;
	pid = fork();
	if (pid == 0) {
		struct timespec ms = { 0, 20000000 };

		nanosleep(&ms, NULL);
		kill(parent, SIGUSR1);
		nanosleep(&ms, NULL);
		write(fds[1], "z", 1);
		_exit(0);
	}
	CHECK(read(fds[0], &c, 1) == 1 && c == 'z' && hits == 1,
	      "with SA_RESTART the read is restarted after the handler");
	waitpid(pid, &status, 0);
	signal(SIGUSR1, SIG_DFL);
	close(fds[0]);
	close(fds[1]);
}

static void test_sigsuspend(void)
{
	sigset_t block, wait_mask, now;
	pid_t pid, parent = getpid();
	int status;

	hits = 0;
	catch(SIGUSR2, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	pid = fork();
	if (pid == 0) {
		kill(parent, SIGUSR2);
		_exit(0);
	}
	sigemptyset(&wait_mask);
	CHECK(sigsuspend(&wait_mask) == -1 && errno == EINTR && hits == 1,
	      "sigsuspend waits with a mask and returns after the handler");
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR2), "and its old mask is back");
	waitpid(pid, &status, 0);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	signal(SIGUSR2, SIG_DFL);
}

static char alt[16384];
static volatile int on_alt, alt_flags;

static void on_alt_signal(int sig)
{
	char here;
	stack_t now;

	(void)sig;
	on_alt = &here > alt && &here < alt + sizeof(alt);
	sigaltstack(NULL, &now);
	alt_flags = now.ss_flags;
}

static void test_sigaltstack(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt) }, old;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alt_signal;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE,
	      "no alternate stack at first");
	CHECK(sigaltstack(&ss, NULL) == 0 && raise(SIGUSR1) == 0 && on_alt &&
	      alt_flags == SS_ONSTACK,
	      "an SA_ONSTACK handler runs on the alternate stack");
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == alt &&
	      old.ss_size == sizeof(alt) && old.ss_flags == 0,
	      "sigaltstack reports it, off it");
	ss.ss_size = 512;
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM,
	      "a stack under MINSIGSTKSZ is ENOMEM");
	ss.ss_size = sizeof(alt);
	ss.ss_flags = 0x40;
	CHECK(sigaltstack(&ss, NULL) == -1 && errno == EINVAL,
	      "unknown flags are EINVAL");
	ss.ss_flags = SS_DISABLE;
	CHECK(sigaltstack(&ss, NULL) == 0 && raise(SIGUSR1) == 0 && !on_alt,
	      "disabled, the handler runs on the normal stack");
	signal(SIGUSR1, SIG_DFL);
}

static void test_autodisarm(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt),
		       .ss_flags = SS_AUTODISARM }, old;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alt_signal;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	CHECK(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &old) == 0 &&
	      (unsigned int)old.ss_flags == SS_AUTODISARM, "SS_AUTODISARM is kept and shown");
	on_alt = 0;
	CHECK(raise(SIGUSR1) == 0 && on_alt && alt_flags == SS_DISABLE,
	      "with SS_AUTODISARM the handler runs on it, disarmed");
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == alt &&
	      old.ss_size == sizeof(alt) && (unsigned int)old.ss_flags == SS_AUTODISARM,
	      "rt_sigreturn rearms it");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	signal(SIGUSR1, SIG_DFL);
}

#define RT_LOG 16
static volatile int rt_n, rt_sigs[RT_LOG], rt_codes[RT_LOG], rt_values[RT_LOG];

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (rt_n < RT_LOG) {
		rt_sigs[rt_n] = sig;
		rt_codes[rt_n] = si->si_code;
		rt_values[rt_n] = si->si_value.sival_int;
	}
	rt_n++;
}

static void test_rt_queue(void)
{
	union sigval v = { .sival_int = 42 };
	struct sigaction sa;
	sigset_t set, pend;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_rt;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN, &sa, NULL);
	sigaction(SIGRTMIN + 1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	rt_n = 0;
	kill(getpid(), SIGRTMIN + 1);
	for (int i = 0; i < 3; i++) {
		kill(getpid(), SIGRTMIN);
		kill(getpid(), SIGUSR2);
	}
	CHECK(sigqueue(getpid(), SIGRTMIN, v) == 0, "sigqueue to self");
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGRTMIN) &&
	      sigismember(&pend, SIGRTMIN + 1), "they are pending");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	CHECK(rt_n == 6, "three kills and a sigqueue of SIGRTMIN are four "
	      "deliveries; SIGUSR2 three times is one");
	/*
	 * Taken lowest first, each handler's frame pushed on the one before
	 * it until the mask stops it: the last one taken runs first.
	 */
	CHECK(rt_sigs[0] == SIGRTMIN + 1 && rt_sigs[1] == SIGRTMIN &&
	      rt_sigs[4] == SIGRTMIN && rt_sigs[5] == SIGUSR2,
	      "all are delivered at once, as nested frames");
	CHECK(rt_codes[1] == SI_USER && rt_codes[3] == SI_USER &&
	      rt_codes[4] == SI_QUEUE && rt_values[4] == 42,
	      "each sending keeps its siginfo, in order");
	signal(SIGRTMIN, SIG_DFL);
	signal(SIGRTMIN + 1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static long timedwait(const sigset_t *set, siginfo_t *si, long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	return syscall(SYS_rt_sigtimedwait, set, si, ms < 0 ? NULL : &ts, 8);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_sigtimedwait(void)
{
	struct timespec bad = { 0, 1000000000 };
	siginfo_t si;
	sigset_t set;
	double t0;
	pid_t pid;
	int status, ok = 1;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (int i = 1; i <= 3; i++) {
		sigqueue(getpid(), SIGRTMIN + 2, (union sigval){ .sival_int = i });
	}
	for (int i = 1; i <= 3; i++) {
		ok &= timedwait(&set, &si, 0) == SIGRTMIN + 2 &&
		      si.si_value.sival_int == i && si.si_code == SI_QUEUE &&
		      si.si_pid == getpid();
	}
	CHECK(ok, "sigtimedwait takes queued values in order, with siginfo");
	CHECK(timedwait(&set, &si, 0) == -1 && errno == EAGAIN,
	      "nothing left: a zero timeout is EAGAIN at once");
	t0 = now_ms();
	CHECK(timedwait(&set, &si, 50) == -1 && errno == EAGAIN &&
	      now_ms() - t0 >= 49, "a 50 ms timeout waits, then EAGAIN");
	CHECK(syscall(SYS_rt_sigtimedwait, NULL, &si, NULL, 8) == -1 &&
	      errno == EFAULT, "a NULL set is EFAULT");
	CHECK(syscall(SYS_rt_sigtimedwait, &set, &si, &bad, 8) == -1 &&
	      errno == EINVAL, "a bad timeout is EINVAL");
	CHECK(syscall(SYS_rt_sigtimedwait, &set, &si, NULL, 4) == -1 &&
	      errno == EINVAL, "a wrong set size is EINVAL");

	/* Another process's sigqueue wakes the waiter. */
	pid = fork();
	if (pid == 0) {
		usleep(20000);
		sigqueue(getppid(), SIGRTMIN + 2, (union sigval){ .sival_int = 7 });
		_exit(0);
	}
	CHECK(timedwait(&set, &si, 5000) == SIGRTMIN + 2 &&
	      si.si_value.sival_int == 7 && si.si_pid == pid,
	      "a child's sigqueue wakes sigtimedwait with its value and pid");
	waitpid(pid, &status, 0);

	/* A handled signal outside the set interrupts it. */
	hits = 0;
	catch(SIGUSR1, 0);
	pid = fork();
	if (pid == 0) {
		usleep(20000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	CHECK(timedwait(&set, &si, 5000) == -1 && errno == EINTR && hits == 1,
	      "a caught signal outside the set is EINTR");
	waitpid(pid, &status, 0);
	signal(SIGUSR1, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void test_sigqueue_limits(void)
{
	struct rlimit lim = { 8, 8 };
	siginfo_t si;
	sigset_t set;
	int n = 0;
	pid_t pid;
	int status;

	memset(&si, 0, sizeof(si));
	si.si_code = SI_USER;
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si) == -1 &&
	      errno == EPERM, "only oneself may be sent a kernel si_code");
	si.si_code = SI_QUEUE;
	CHECK(syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, NULL) == -1 &&
	      errno == EFAULT, "a NULL siginfo is EFAULT");
	CHECK(syscall(SYS_rt_sigqueueinfo, 0x7ffffff0, SIGUSR1, &si) == -1 &&
	      errno == ESRCH, "no such process is ESRCH");
	CHECK(syscall(SYS_rt_tgsigqueueinfo, pid, pid + 1, SIGUSR1, &si) ==
	      -1 && errno == ESRCH, "a thread of another group is ESRCH");
	CHECK(syscall(SYS_rt_tgsigqueueinfo, pid, pid, SIGTERM, &si) == 0 &&
	      waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGTERM, "rt_tgsigqueueinfo delivers");

	/*
	 * Linux counts RLIMIT_SIGPENDING per user, over every process: count
	 * in a child with a user of its own (CI runs as root).
	 */
	pid = fork();
	if (pid == 0) {
		int r = 0;

		if (setgid(54321) || setuid(54321)) {
			_exit(9);
		}
		setrlimit(RLIMIT_SIGPENDING, &lim);
		sigemptyset(&set);
		sigaddset(&set, SIGRTMIN + 3);
		sigprocmask(SIG_BLOCK, &set, NULL);
		while (n < 100 && sigqueue(getpid(), SIGRTMIN + 3,
					   (union sigval){ .sival_int = n }) == 0) {
			n++;
		}
		if (!(n > 0 && n <= 8 && errno == EAGAIN)) {
			r |= 1;
		}
		if (kill(getpid(), SIGRTMIN + 3) != 0) {
			r |= 2;
		}
		while (timedwait(&set, &si, 0) > 0) {
			n--;
		}
		if (n > 0) {
			r |= 4;
		}
		_exit(r);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 9,
	      "a child with a user of its own");
	CHECK(WIFEXITED(status) && !(WEXITSTATUS(status) & 1),
	      "sigqueue past RLIMIT_SIGPENDING is EAGAIN");
	CHECK(WIFEXITED(status) && !(WEXITSTATUS(status) & 2),
	      "kill past the limit still succeeds");
	CHECK(WIFEXITED(status) && !(WEXITSTATUS(status) & 4),
	      "every queued one is taken");
}

int main(void)
{
	test_handler_and_frame();
	test_mask_and_pending();
	test_actions_and_errors();
	test_default_actions();
	test_sigchld();
	test_sigpipe();
	test_sigsegv();
	test_interrupted_calls();
	test_sigsuspend();
	test_sigaltstack();
	test_autodisarm();
	test_rt_queue();
	test_sigtimedwait();
	test_sigqueue_limits();
	return utest_done();
}

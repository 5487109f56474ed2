/*
 * Timers: alarm, setitimer and getitimer for ITIMER_REAL (SIGALRM, one
 * shot and periodic), ITIMER_VIRTUAL (SIGVTALRM after user CPU time) and
 * ITIMER_PROF (SIGPROF), the default action of SIGALRM, timers cleared
 * by fork, bad arguments, and clock_nanosleep to an absolute time.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static volatile int alarms, vtalarms, profs;

static void on_signal(int sig)
{
	if (sig == SIGALRM) {
		alarms++;
	} else if (sig == SIGVTALRM) {
		vtalarms++;
	} else if (sig == SIGPROF) {
		profs++;
	}
}

static double clock_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_alarm(void)
{
	struct itimerval it;

	CHECK(alarm(5) == 0, "alarm: none was set");
	CHECK(getitimer(ITIMER_REAL, &it) == 0 && it.it_value.tv_sec <= 5 &&
	      (it.it_value.tv_sec > 0 || it.it_value.tv_usec > 0) &&
	      it.it_interval.tv_sec == 0 && it.it_interval.tv_usec == 0,
	      "getitimer sees alarm's timer");
	CHECK(alarm(0) == 5, "alarm(0) cancels, returning the seconds left");
	CHECK(getitimer(ITIMER_REAL, &it) == 0 && it.it_value.tv_sec == 0 &&
	      it.it_value.tv_usec == 0, "and the timer is off");
}

static void test_real(void)
{
	struct itimerval it = { .it_value = { 0, 50000 } }, off = { 0 }, got;
	sigset_t none;
	double t0;

	alarms = 0;
	t0 = clock_ms(CLOCK_MONOTONIC);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer 50 ms");
	while (!alarms) {
		pause();
	}
	CHECK(alarms == 1 && clock_ms(CLOCK_MONOTONIC) - t0 >= 49,
	      "SIGALRM comes after 50 ms");

	it = (struct itimerval){ { 0, 20000 }, { 0, 20000 } };
	alarms = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK(getitimer(ITIMER_REAL, &got) == 0 &&
	      got.it_interval.tv_usec == 20000 &&
	      got.it_value.tv_usec <= 20000, "getitimer: value and interval");
	sigemptyset(&none);
	while (alarms < 3) {
		sigsuspend(&none);
	}
	CHECK(setitimer(ITIMER_REAL, &off, &got) == 0 &&
	      got.it_interval.tv_usec == 20000,
	      "a periodic timer fires again and again; disarm it");
	alarms = 0;
	usleep(60000);
	CHECK(alarms == 0, "disarmed, it stays quiet");
}

static void spin_until(volatile int *flag, double max_cpu_ms)
{
	double t0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);

	while (!*flag && clock_ms(CLOCK_PROCESS_CPUTIME_ID) - t0 < max_cpu_ms) {
	}
}

static void test_cpu_timers(void)
{
	struct itimerval it = { .it_value = { 0, 50000 } };
	double t0;

	vtalarms = 0;
	t0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(setitimer(ITIMER_VIRTUAL, &it, NULL) == 0,
	      "ITIMER_VIRTUAL 50 ms");
	spin_until(&vtalarms, 5000);
	CHECK(vtalarms == 1 && clock_ms(CLOCK_PROCESS_CPUTIME_ID) - t0 >= 40,
	      "SIGVTALRM after about 50 ms of user time");
	profs = 0;
	t0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(setitimer(ITIMER_PROF, &it, NULL) == 0, "ITIMER_PROF 50 ms");
	spin_until(&profs, 5000);
	CHECK(profs == 1 && clock_ms(CLOCK_PROCESS_CPUTIME_ID) - t0 >= 40,
	      "SIGPROF after about 50 ms of CPU time");
}

static void test_processes(void)
{
	struct itimerval it = { .it_value = { 10, 0 } }, got, off = { 0 };
	int status;
	pid_t pid;

	setitimer(ITIMER_REAL, &it, NULL);
	pid = fork();
	if (pid == 0) {
		getitimer(ITIMER_REAL, &got);
		_exit(got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0 ?
		      0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "a forked child has no timer");
	setitimer(ITIMER_REAL, &off, NULL);

	pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		it = (struct itimerval){ .it_value = { 0, 10000 } };
		setitimer(ITIMER_REAL, &it, NULL);
		for (;;) {
			pause();
		}
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGALRM, "SIGALRM's default ends a process");
}

static void test_errors(void)
{
	struct itimerval bad = { .it_value = { 0, 1000000 } }, it;
	struct timespec ts;
	double t0;

	CHECK(setitimer(7, &it, NULL) == -1 && errno == EINVAL,
	      "an unknown timer is EINVAL");
	CHECK(getitimer(-1, &it) == -1 && errno == EINVAL,
	      "getitimer of an unknown timer is EINVAL");
	CHECK(setitimer(ITIMER_REAL, &bad, NULL) == -1 && errno == EINVAL,
	      "a microsecond count of a second or more is EINVAL");
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, (void *)8, NULL) == -1 &&
	      errno == EFAULT, "a bad new value is EFAULT");
	CHECK(syscall(SYS_getitimer, ITIMER_REAL, (void *)8) == -1 &&
	      errno == EFAULT, "a bad result pointer is EFAULT");
	CHECK(syscall(SYS_setitimer, ITIMER_REAL, NULL, &it) == 0,
	      "a NULL new value disarms, as Linux allows");

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = clock_ms(CLOCK_MONOTONIC);
	ts.tv_nsec += 30000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	      0 && clock_ms(CLOCK_MONOTONIC) - t0 >= 29,
	      "clock_nanosleep to an absolute time 30 ms ahead");
}

int main(void)
{
	signal(SIGALRM, on_signal);
	signal(SIGVTALRM, on_signal);
	signal(SIGPROF, on_signal);
	test_alarm();
	test_real();
	test_cpu_timers();
	test_processes();
	test_errors();
	return utest_done();
}

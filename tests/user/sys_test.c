/*
 * System calls: uname, credentials, getrandom, clocks, (clock_)nanosleep,
 * resource limits, sysinfo, prctl names, sched_yield, sessions and
 * process groups, supplementary groups, set*id, priorities, CPU affinity,
 * and ENOSYS for a number no kernel has.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static int64_t ns_of(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void test_identity(void)
{
	struct utsname u;

	CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0 &&
	      strcmp(u.machine, "x86_64") == 0, "uname: Linux on x86_64");
	CHECK(syscall(SYS_uname, (void *)8) == -1 && errno == EFAULT,
	      "uname with a bad pointer is EFAULT");
	if (strstr(u.release, "framekernel")) {
		CHECK(sethostname("box", 3) == 0 && uname(&u) == 0 &&
		      strcmp(u.nodename, "box") == 0,
		      "sethostname shows in uname (this kernel only)");
	}
	CHECK(sethostname("x", 65) == -1 && errno == EINVAL,
	      "a 65-byte hostname is EINVAL");
	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0 &&
	      getegid() == 0, "we run as root");
	CHECK(syscall(1000) == -1 && errno == ENOSYS,
	      "syscall 1000 is ENOSYS");
}

static void test_random(void)
{
	unsigned char a[64], b[64];

	CHECK(getrandom(a, sizeof(a), 0) == 64 &&
	      getrandom(b, sizeof(b), 0) == 64 && memcmp(a, b, 64) != 0,
	      "getrandom fills and differs between calls");
	CHECK(getrandom(a, 8, 0x100) == -1 && errno == EINVAL,
	      "an unknown getrandom flag is EINVAL");
	CHECK(syscall(SYS_getrandom, (void *)8, 8, 0) == -1 && errno == EFAULT,
	      "getrandom into a bad pointer is EFAULT");
}

static void test_time(void)
{
	int64_t before = ns_of(CLOCK_MONOTONIC), after;
	struct timespec ts = { 0, 10 * 1000 * 1000 }, bad = { 0, 1000000000 };
	struct timespec res;

	CHECK(ns_of(CLOCK_REALTIME) > (int64_t)1577836800 * 1000000000,
	      "the wall clock is past 2020");
	CHECK(nanosleep(&ts, NULL) == 0, "nanosleep 10 ms");
	after = ns_of(CLOCK_MONOTONIC);
	CHECK(after - before >= 10 * 1000 * 1000,
	      "the monotonic clock moved by at least the sleep");
	CHECK(nanosleep(&bad, NULL) == -1 && errno == EINVAL,
	      "nanosleep with tv_nsec 1e9 is EINVAL");
	before = ns_of(CLOCK_REALTIME);
	ts.tv_sec = (before + 20 * 1000 * 1000) / 1000000000;
	ts.tv_nsec = (before + 20 * 1000 * 1000) % 1000000000;
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &ts,
		      NULL) == 0 && ns_of(CLOCK_REALTIME) >=
	      before + 20 * 1000 * 1000,
	      "clock_nanosleep to an absolute wall-clock time");
	ts = (struct timespec){ 0, 1000000 };
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_BOOTTIME, 0, &ts, NULL) == 0,
	      "clock_nanosleep for 1 ms on CLOCK_BOOTTIME");
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ts,
		      NULL) == -1 && errno == EOPNOTSUPP &&
	      syscall(SYS_clock_nanosleep, 100, 0, &ts, NULL) == -1 &&
	      errno == EINVAL, "clock_nanosleep on a thread's CPU clock is "
	      "EOPNOTSUPP, on an unknown clock EINVAL");
	CHECK(syscall(SYS_clock_gettime, 100, &ts) == -1 && errno == EINVAL,
	      "an unknown clock is EINVAL");
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8) == -1 &&
	      errno == EFAULT, "clock_gettime into a bad pointer is EFAULT");
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 &&
	      res.tv_nsec > 0, "clock_getres");
	CHECK(time(NULL) > 1577836800, "time");
	CHECK(sched_yield() == 0, "sched_yield");
}

static void test_limits(void)
{
	struct rlimit r, r2;
	struct sysinfo si;

	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur <= r.rlim_max &&
	      r.rlim_cur >= 64, "getrlimit NOFILE");
	r2 = r;
	r2.rlim_cur = 64;
	CHECK(setrlimit(RLIMIT_NOFILE, &r2) == 0 &&
	      getrlimit(RLIMIT_NOFILE, &r2) == 0 && r2.rlim_cur == 64,
	      "setrlimit lowers the soft limit");
	r2.rlim_cur = r2.rlim_max + 1;
	CHECK(r2.rlim_max == RLIM_INFINITY ||
	      (setrlimit(RLIMIT_NOFILE, &r2) == -1 && errno == EINVAL),
	      "a soft limit above the hard one is EINVAL");
	CHECK(getrlimit(99, &r2) == -1 && errno == EINVAL,
	      "an unknown resource is EINVAL");
	setrlimit(RLIMIT_NOFILE, &r);
	CHECK(sysinfo(&si) == 0 && si.totalram > 0 &&
	      si.freeram <= si.totalram && si.procs >= 1, "sysinfo");
}

static void test_names_and_sessions(void)
{
	char name[16] = { 0 };
	int status;
	pid_t pid;

	CHECK(prctl(PR_SET_NAME, "renamed") == 0 &&
	      prctl(PR_GET_NAME, name) == 0 && strcmp(name, "renamed") == 0,
	      "prctl sets and gets the name");
	pid = fork();
	if (pid == 0) {
		int ok = setsid() == getpid() && getsid(0) == getpid() &&
			 getpgrp() == getpid() &&
			 setsid() == -1 && errno == EPERM;

		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "setsid makes a new session once, then EPERM");
}

/*
 * Under an unprivileged user namespace (run-in-root as non-root on Linux)
 * only uid 0 exists and setgroups is denied: the id checks need real root.
 */
static int full_root(void)
{
	char map[64] = { 0 };
	int fd = open("/proc/self/uid_map", O_RDONLY);

	if (fd < 0) {
		return 1;		/* no procfs: not a namespace either */
	}
	if (read(fd, map, sizeof(map) - 1) < 0) {
		map[0] = 0;
	}
	close(fd);
	return strstr(map, "4294967295") != NULL;
}

/* The child exits with the number of the first step that failed. */
#define STEP(cond) do { if (!(cond)) _exit(step); step++; } while (0)

static void credential_steps(void)
{
	gid_t set[2] = { 5, 6 }, groups[4];
	uid_t r, e, s;
	int step = 1;

	STEP(setgroups(2, set) == 0 && getgroups(0, NULL) == 2 &&
	     getgroups(4, groups) == 2 && groups[1] == 6);
	STEP(getgroups(1, groups) == -1 && errno == EINVAL);
	STEP(setresgid(7, 8, 9) == 0 && getresgid(&r, &e, &s) == 0 &&
	     r == 7 && e == 8 && s == 9);
	STEP(setresuid(1000, 1001, 1002) == 0 &&
	     getresuid(&r, &e, &s) == 0 && r == 1000 && e == 1001 &&
	     s == 1002);
	/* Unprivileged from here. */
	STEP(setresuid(1003, -1, -1) == -1 && errno == EPERM);
	STEP(setreuid(-1, 1000) == 0 && geteuid() == 1000 &&
	     getresuid(&r, &e, &s) == 0 && s == 1002);	/* e == real */
	STEP(setreuid(-1, 1002) == 0 && getresuid(&r, &e, &s) == 0 &&
	     e == 1002 && s == 1002);
	STEP(setgroups(0, NULL) == -1 && errno == EPERM);
	STEP(kill(1, 0) == -1 && errno == EPERM);
	STEP(setpriority(PRIO_PROCESS, 0, 5) == 0 &&
	     getpriority(PRIO_PROCESS, 0) == 5);
	STEP(setpriority(PRIO_PROCESS, 0, 0) == -1 && errno == EACCES);
	_exit(0);
}

static void test_credentials(void)
{
	int status;
	pid_t pid;

	if (!full_root()) {
		utest_say("# credential checks skipped: not real root\n");
		return;
	}
	pid = fork();
	if (pid == 0) {
		credential_steps();
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("# credential step %d failed\n", WEXITSTATUS(status));
		fflush(stdout);
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "setgroups/getgroups, setres[ug]id, setreuid, and then as a "
	      "user: EPERM for others' ids, groups and processes, EACCES "
	      "for a higher priority");
	CHECK(getpriority(PRIO_PROCESS, 0) == 0 &&
	      syscall(SYS_getpriority, PRIO_PROCESS, 0) == 20,
	      "getpriority: nice 0, 20 from the raw call");
	CHECK(getpriority(99, 0) == -1 && errno == EINVAL &&
	      getpriority(PRIO_PROCESS, 99999) == -1 && errno == ESRCH,
	      "getpriority: a bad which is EINVAL, a missing pid ESRCH");
}

static void test_affinity(void)
{
	cpu_set_t set, empty;
	long r;

	CPU_ZERO(&set);
	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0 &&
	      CPU_COUNT(&set) >= 1, "sched_getaffinity shows a CPU");
	r = syscall(SYS_sched_getaffinity, 0, sizeof(set), &set);
	CHECK(r > 0 && r % 8 == 0, "the raw call returns the mask's size");
	CHECK(syscall(SYS_sched_getaffinity, 0, 4, &set) == -1 &&
	      errno == EINVAL, "a mask shorter than a word is EINVAL");
	CHECK(sched_getaffinity(99999, sizeof(set), &set) == -1 &&
	      errno == ESRCH, "sched_getaffinity of a missing pid is ESRCH");
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0,
	      "sched_setaffinity to the mask it has");
	CPU_ZERO(&empty);
	CHECK(sched_setaffinity(0, sizeof(empty), &empty) == -1 &&
	      errno == EINVAL, "an empty mask is EINVAL");
}

/* reboot(2)'s magic numbers (<linux/reboot.h>, which musl lacks). */
#define REBOOT_MAGIC1 0xfee1deadU
#define REBOOT_MAGIC2 672274793

/* The kernel's log (klogctl) and reboot's checks; never a real reboot. */
static void test_log_and_reboot(void)
{
	char buf[4096];
	int status;
	pid_t pid;

	CHECK(klogctl(10, NULL, 0) > 0, "syslog SIZE_BUFFER: the log's size");
	CHECK(klogctl(3, NULL, 16) == -1 && errno == EINVAL,
	      "syslog READ_ALL without a buffer is EINVAL");
	CHECK(klogctl(99, buf, 1) == -1 && errno == EINVAL,
	      "syslog with an unknown action is EINVAL");
	if (full_root()) {
		CHECK(klogctl(3, buf, sizeof(buf)) > 0,
		      "syslog READ_ALL reads the kernel's log");
		CHECK(syscall(SYS_reboot, 1, 2, RB_POWER_OFF, 0) == -1 &&
		      errno == EINVAL, "reboot with bad magic is EINVAL");
	}
	pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0) {
			_exit(2);
		}
		_exit(syscall(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2,
			      RB_POWER_OFF, 0) == -1 && errno == EPERM ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 1,
	      "reboot by an unprivileged user is EPERM");
}

int main(void)
{
	test_identity();
	test_random();
	test_time();
	test_limits();
	test_names_and_sessions();
	test_credentials();
	test_affinity();
	test_log_and_reboot();
	return utest_done();
}

/*
 * Processes: fork with copy-on-write, getppid, wait4 statuses and errors,
 * execve replacing the image, exit statuses, waitid and waiting by process
 * group, and preemption of a process
 * that computes without making a system call.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static char buffer[8192] = "parent";

static void test_fork_and_wait(void)
{
	pid_t parent = getpid(), pid;
	int status = 0;

	pid = fork();
	if (pid == 0) {
		_exit(getppid() == parent ? 7 : 8);
	}
	CHECK(pid > 0 && pid != parent, "fork returns the child's pid");
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid reaps the child");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7,
	      "the child saw its parent in getppid and its status came back");
	CHECK(waitpid(-1, &status, 0) == -1 && errno == ECHILD,
	      "waitpid with no children is ECHILD");
}

static void test_copy_on_write(void)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		int saw_parent = buffer[0] == 'p';

		buffer[0] = 'c';
		buffer[4096] = 'c';
		_exit(saw_parent && buffer[0] == 'c' ? 0 : 1);
	}
	buffer[1] = 'A';
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child saw the parent's data and wrote its own copy");
	CHECK(buffer[0] == 'p' && buffer[4096] == 0 && buffer[1] == 'A',
	      "the child's writes did not reach the parent");
}

static void test_wnohang(void)
{
	int fds_status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		for (volatile int i = 0; i < 1000000; i++) {
		}
		_exit(3);
	}
	CHECK(waitpid(pid, &fds_status, WNOHANG) >= 0,
	      "WNOHANG returns at once");
	CHECK(waitpid(pid, &fds_status, 0) == pid &&
	      WEXITSTATUS(fds_status) == 3, "then the child can be reaped");
	CHECK(waitpid(-1, NULL, 0x01000000) == -1 && errno == EINVAL,
	      "an unknown wait option is EINVAL");
	CHECK(waitpid(-1, (int *)1, 0) == -1 && errno == ECHILD,
	      "no children: ECHILD before the status pointer matters");
}

static void test_exec(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { "/hello", NULL }, *envp[] = { NULL };

		execve("/hello", argv, envp);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42,
	      "execve runs a new program with its own exit status");
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "/no/such/file", NULL }, *envp[] = { NULL };

		execve("/no/such/file", argv, envp);
		_exit(errno == ENOENT ? 5 : 6);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5,
	      "execve of a missing file fails with ENOENT and returns");
}

/*
 * The child computes without a system call until the parent, after a
 * 1 ms sleep, sets a flag in shared memory, or until 2^33 TSC cycles
 * (seconds) pass. On one CPU the flag is set only if the computing child
 * is preempted for the parent. The flag, not a fixed loop, ends the wait,
 * so a loaded host running this on Linux cannot make it fail.
 */
static void test_preemption(void)
{
	struct timespec ms = { 0, 1000000 };
	volatile int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status = -1;
	pid_t pid;

	CHECK(flag != MAP_FAILED, "shared memory for the preemption test");
	pid = fork();
	if (pid == 0) {
		uint64_t start = __builtin_ia32_rdtsc();

		while (!*flag && __builtin_ia32_rdtsc() - start < (1ULL << 33)) {
		}
		_exit(*flag ? 0 : 1);
	}
	nanosleep(&ms, NULL);
	*flag = 1;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "a computing child was preempted for the sleeping parent");
	munmap((void *)flag, 4096);
}

static void test_waitid_and_groups(void)
{
	siginfo_t si;
	int status, fds[2];
	pid_t pid;
	char c;

	pid = fork();
	if (pid == 0) {
		_exit(9);
	}
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 &&
	      si.si_pid == pid && si.si_code == CLD_EXITED &&
	      si.si_status == 9 && si.si_signo == SIGCHLD,
	      "waitid with WNOWAIT reports the exit");
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == pid,
	      "and the child is still there to reap");
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == -1 && errno == ECHILD,
	      "then it is gone");
	CHECK(waitid(P_ALL, 0, &si, WNOHANG) == -1 && errno == EINVAL &&
	      waitid(7, 0, &si, WEXITED) == -1 && errno == EINVAL,
	      "waitid without an event or with a bad idtype is EINVAL");

	CHECK(pipe(fds) == 0, "a pipe to hold a child");
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		close(fds[1]);
		read(fds[0], &c, 1);	/* until the parent closes */
		_exit(2);
	}
	close(fds[0]);
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOHANG) == 0 &&
	      si.si_pid == 0, "waitid WNOHANG on a live child: si_pid 0");
	while (getpgid(pid) != pid) {
		sched_yield();
	}
	CHECK(waitpid(0, &status, WNOHANG) == -1 && errno == ECHILD,
	      "waitpid(0) does not see a child in another group");
	close(fds[1]);
	CHECK(waitpid(-pid, &status, 0) == pid && WEXITSTATUS(status) == 2,
	      "waitpid(-pgid) reaps it");
}

int main(void)
{
	test_fork_and_wait();
	test_copy_on_write();
	test_wnohang();
	test_exec();
	test_preemption();
	test_waitid_and_groups();
	return utest_done();
}

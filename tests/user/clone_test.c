/*
 * clone() of processes that share with their parent: memory (CLONE_VM,
 * and vfork, whose child borrows the parent's memory until it execs or
 * exits), the file table (CLONE_FILES, unshared by exec) and the
 * file-system context (CLONE_FS: working directory, root and umask);
 * CLONE_PARENT_SETTID, CLONE_CHILD_SETTID and CLONE_CHILD_CLEARTID.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define STACK_SIZE (64 * 1024)

static char stack[STACK_SIZE] __attribute__((aligned(16)));
static volatile int shared_word;
static int child_fd = -1;
static volatile pid_t parent_tid_word, child_tid_word;

static int run_child(int (*fn)(void *), int flags, void *arg)
{
	int status;
	pid_t pid = clone(fn, stack + STACK_SIZE, flags | SIGCHLD, arg,
			  &parent_tid_word, NULL, &child_tid_word);

	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int write_word(void *arg)
{
	shared_word = (int)(long)arg;
	return 0;
}

static int open_file(void *arg)
{
	(void)arg;
	child_fd = open("/", O_RDONLY | O_DIRECTORY);
	return child_fd >= 0 ? 0 : 1;
}

static int change_fs(void *arg)
{
	(void)arg;
	umask(077);
	return chdir("/clone_test.d") == 0 ? 0 : 1;
}

static int exec_hello(void *arg)
{
	char *argv[] = { "/hello", NULL }, *envp[] = { NULL };

	(void)arg;
	execve("/hello", argv, envp);
	return 99;
}

static int report_tid(void *arg)
{
	(void)arg;
	return child_tid_word == getpid() ? 0 : 1;
}

static void test_memory(void)
{
	volatile int before;
	pid_t pid;

	shared_word = 0;
	CHECK(run_child(write_word, CLONE_VM, (void *)7L) == 0 &&
	      shared_word == 7, "CLONE_VM: the child's store is ours");
	shared_word = 0;
	CHECK(run_child(write_word, 0, (void *)8L) == 0 && shared_word == 0,
	      "without it, the child has a copy");

	before = 1;
	pid = vfork();
	if (pid == 0) {
		before = 2;		/* the parent's memory, borrowed */
		_exit(0);
	}
	CHECK(pid > 0 && before == 2, "vfork: the child runs in our memory");
	waitpid(pid, NULL, 0);
}

static void test_files_and_fs(void)
{
	struct stat here, dir;
	int fd;
	mode_t old;

	child_fd = -1;
	CHECK(run_child(open_file, CLONE_VM | CLONE_FILES, NULL) == 0 &&
	      child_fd >= 0 && fcntl(child_fd, F_GETFD) >= 0,
	      "CLONE_FILES: the child's open file is in our table");
	close(child_fd);
	child_fd = -1;
	CHECK(run_child(open_file, CLONE_VM, NULL) == 0 && child_fd >= 0 &&
	      fcntl(child_fd, F_GETFD) == -1 && errno == EBADF,
	      "without it, the child's table is its own");

	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(run_child(exec_hello, CLONE_VM | CLONE_FILES | CLONE_VFORK,
			NULL) == 42 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
	      "exec unshares the table: our close-on-exec file stays open");
	close(fd);

	mkdir("/clone_test.d", 0755);
	old = umask(022);
	CHECK(run_child(change_fs, CLONE_VM | CLONE_FS, NULL) == 0 &&
	      stat(".", &here) == 0 && stat("/clone_test.d", &dir) == 0 &&
	      here.st_ino == dir.st_ino && umask(022) == 077,
	      "CLONE_FS: the child's chdir and umask are ours");
	chdir("/");
	CHECK(run_child(change_fs, CLONE_VM, NULL) == 0 &&
	      stat(".", &here) == 0 && stat("/", &dir) == 0 &&
	      here.st_ino == dir.st_ino && umask(old) == 022,
	      "without it, they are the child's own");
	rmdir("/clone_test.d");
}

static void test_tids(void)
{
	pid_t pid;
	int status;

	parent_tid_word = child_tid_word = 0;
	pid = clone(report_tid, stack + STACK_SIZE,
		    CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
		    CLONE_CHILD_CLEARTID | SIGCHLD, NULL, &parent_tid_word,
		    NULL, &child_tid_word);
	CHECK(pid > 0 && parent_tid_word == pid,
	      "CLONE_PARENT_SETTID stores the child's id for the parent");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0,
	      "CLONE_CHILD_SETTID stores it in the child's memory");
	CHECK(child_tid_word == 0,
	      "CLONE_CHILD_CLEARTID clears it when the child exits");
}

int main(void)
{
	test_memory();
	test_files_and_fs();
	test_tids();
	return utest_done();
}

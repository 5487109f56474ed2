/*
 * Descriptors and pipes: pipe, pipe2 flags, read/write through a pipe
 * between processes, end of file, blocking and non-blocking, dup, dup2,
 * dup3, fcntl, close-on-exec flags, and the errors of each.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define BIG (64 * 1024)

static void test_pipe_between_processes(void)
{
	static char out[BIG], in[BIG];
	int fd[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	CHECK(pipe(fd) == 0, "pipe");
	for (int i = 0; i < BIG; i++) {
		out[i] = (char)(i * 7);
	}
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		_exit(write(fd[1], out, BIG) == BIG ? 0 : 1);
	}
	close(fd[1]);
	while ((n = read(fd[0], in + got, BIG - got)) > 0) {
		got += (size_t)n;
	}
	CHECK(n == 0, "read returns 0 at end of file, once the writer is gone");
	CHECK(read(fd[0], in, 1) == 0 && read(fd[0], in, 1) == 0,
	      "and keeps returning 0");
	CHECK(got == BIG && memcmp(in, out, BIG) == 0,
	      "64 KiB cross the pipe whole and in order");
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the writer saw its whole write accepted");
	close(fd[0]);
}

static void test_nonblocking_and_epipe(void)
{
	int fd[2];
	char c;

	CHECK(pipe2(fd, O_NONBLOCK | O_CLOEXEC) == 0, "pipe2 with flags");
	CHECK(read(fd[0], &c, 1) == -1 && errno == EAGAIN,
	      "an empty non-blocking pipe is EAGAIN");
	CHECK(fcntl(fd[0], F_GETFD) == FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	CHECK((fcntl(fd[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK)) ==
	      (O_WRONLY | O_NONBLOCK), "F_GETFL shows the write end's flags");
	CHECK(read(fd[1], &c, 1) == -1 && errno == EBADF,
	      "reading the write end is EBADF");
	signal(SIGPIPE, SIG_IGN);
	close(fd[0]);
	CHECK(write(fd[1], "x", 1) == -1 && errno == EPIPE,
	      "writing with no reader is EPIPE");
	close(fd[1]);
	CHECK(pipe2(fd, 0x1000000) == -1 && errno == EINVAL,
	      "an unknown pipe2 flag is EINVAL");
	CHECK(syscall(SYS_pipe, (void *)8) == -1 && errno == EFAULT,
	      "pipe with a bad pointer is EFAULT");
}

static void test_dup(void)
{
	int fd[2], d, flags;
	char buf[8] = { 0 };

	pipe(fd);
	d = dup(fd[1]);
	CHECK(d > fd[1], "dup takes the lowest free descriptor");
	CHECK(write(d, "ab", 2) == 2 && read(fd[0], buf, 2) == 2 &&
	      memcmp(buf, "ab", 2) == 0, "a dup writes into the same pipe");
	CHECK(dup2(fd[1], 20) == 20 && write(20, "c", 1) == 1,
	      "dup2 to a chosen number");
	CHECK(dup2(d, d) == d, "dup2 onto itself is a no-op");
	CHECK(dup3(d, d, 0) == -1 && errno == EINVAL,
	      "dup3 onto itself is EINVAL");
	CHECK(dup3(fd[1], 21, O_CLOEXEC) == 21 &&
	      fcntl(21, F_GETFD) == FD_CLOEXEC, "dup3 with O_CLOEXEC");
	CHECK(fcntl(fd[1], F_DUPFD, 30) == 30, "F_DUPFD finds >= its argument");
	CHECK(fcntl(30, F_SETFD, FD_CLOEXEC) == 0 &&
	      fcntl(30, F_GETFD) == FD_CLOEXEC, "F_SETFD sets close-on-exec");
	flags = fcntl(fd[0], F_GETFL);
	CHECK(fcntl(fd[0], F_SETFL, flags | O_NONBLOCK) == 0 &&
	      (fcntl(fd[0], F_GETFL) & O_NONBLOCK), "F_SETFL sets O_NONBLOCK");
	CHECK(close(99) == -1 && errno == EBADF, "closing a free fd is EBADF");
	CHECK(dup(-1) == -1 && errno == EBADF, "dup of -1 is EBADF");
	CHECK(fcntl(fd[0], 9999) == -1 && errno == EINVAL,
	      "an unknown fcntl command is EINVAL");
	close(20);
	close(21);
	close(30);
	close(d);
	close(fd[0]);
	close(fd[1]);
}

static void test_redirect_stdout(void)
{
	int fd[2], status, saved = dup(1);
	char buf[32] = { 0 };
	pid_t pid;

	pipe(fd);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		_exit(write(1, "via stdout", 10) == 10 ? 0 : 1);
	}
	close(fd[1]);
	waitpid(pid, &status, 0);
	CHECK(read(fd[0], buf, sizeof(buf)) == 10 &&
	      memcmp(buf, "via stdout", 10) == 0,
	      "a child's stdout redirected into a pipe");
	close(fd[0]);
	CHECK(fcntl(saved, F_GETFD) == 0, "our own stdout is untouched");
	close(saved);
}

int main(void)
{
	test_pipe_between_processes();
	test_nonblocking_and_epipe();
	test_dup();
	test_redirect_stdout();
	return utest_done();
}

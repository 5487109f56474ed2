/*
 * Bad pointers: every pointer argument, given NULL, a kernel address, a
 * non-canonical address, read-only memory where the kernel must write, or
 * a structure or path that runs off the end of a mapping, fails with
 * EFAULT, and the process (and kernel) carry on. (A byte buffer that runs
 * off a mapping is a short transfer on Linux, not an error, so it is not
 * among them.) The system calls are made raw, so that the C library
 * neither checks nor rewrites the arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static const char rodata[4096] = "read-only";
static char *edge;		/* "aaaa" just before an unmapped page */

#define KERNEL_PTR	0xffff800000001000UL
#define NONCANON_PTR	0x0000800000000000UL

static long sys(long nr, long a, long b, long c, long d)
{
	long r = syscall(nr, a, b, c, d, 0, 0);

	return r < 0 ? -errno : r;
}

enum {
	WRITES = 1,	/* the kernel writes there: read-only memory is bad */
	WHOLE = 2,	/* a structure or string: running off a mapping is bad */
};

/*
 * Each bad pointer in turn as argument slot of a call whose other
 * arguments are good. Returns how many gave something other than EFAULT.
 */
static int bad_pointers(long nr, int slot, long a0, long a1, long a2, long a3,
			int kind)
{
	uintptr_t bad[] = { 0, KERNEL_PTR, NONCANON_PTR,
			    kind & WRITES ? (uintptr_t)rodata : 0,
			    kind & WHOLE ? (uintptr_t)edge : 0 };
	int wrong = 0;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long args[4] = { a0, a1, a2, a3 };
		long r;

		memcpy(edge, "aaaa", 4);	/* a failed write may leave bytes */
		args[slot] = (long)bad[i];
		r = sys(nr, args[0], args[1], args[2], args[3]);
		if (r != -EFAULT) {
			printf("# bad pointer %u: got %ld\n", i, r);
			fflush(stdout);
			wrong++;
		}
	}
	return wrong;
}

static void test_output_buffers(void)
{
	int fd = open("/fault_test", O_RDONLY), fds[2];

	CHECK(bad_pointers(SYS_read, 1, fd, 0, 64, 0, WRITES) == 0,
	      "read into a bad buffer is EFAULT");
	CHECK(bad_pointers(SYS_pread64, 1, fd, 0, 64, 0, WRITES) == 0,
	      "pread64 into a bad buffer is EFAULT");
	close(fd);
	fd = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(bad_pointers(SYS_getdents64, 1, fd, 0, 4096, 0, WRITES) == 0,
	      "getdents64 into a bad buffer is EFAULT");
	close(fd);
	CHECK(bad_pointers(SYS_fstat, 1, 1, 0, 0, 0, WRITES | WHOLE) == 0,
	      "fstat into a bad struct is EFAULT");
	CHECK(bad_pointers(SYS_stat, 1, (long)"/", 0, 0, 0,
			   WRITES | WHOLE) == 0,
	      "stat into a bad struct is EFAULT");
	CHECK(bad_pointers(SYS_uname, 0, 0, 0, 0, 0, WRITES | WHOLE) == 0,
	      "uname into a bad struct is EFAULT");
	CHECK(bad_pointers(SYS_pipe, 0, 0, 0, 0, 0, WRITES | WHOLE) == 0,
	      "pipe into a bad array is EFAULT");
	CHECK(bad_pointers(SYS_getcwd, 0, 0, 256, 0, 0, WRITES) == 0,
	      "getcwd into a bad buffer is EFAULT");
	CHECK(bad_pointers(SYS_clock_gettime, 1, CLOCK_MONOTONIC, 0, 0, 0,
			   WRITES | WHOLE) == 0, "clock_gettime into a bad struct is EFAULT");
	CHECK(bad_pointers(SYS_sysinfo, 0, 0, 0, 0, 0, WRITES | WHOLE) == 0,
	      "sysinfo into a bad struct is EFAULT");
	CHECK(bad_pointers(SYS_getrandom, 0, 0, 16, 0, 0, WRITES) == 0,
	      "getrandom into a bad buffer is EFAULT");
	CHECK(symlink("/target", "/fault-link") == 0 &&
	      bad_pointers(SYS_readlink, 1, (long)"/fault-link", 0, 64, 0,
			   WRITES) == 0, "readlink into a bad buffer is EFAULT");
	unlink("/fault-link");
	CHECK(bad_pointers(SYS_getrlimit, 1, RLIMIT_NOFILE, 0, 0, 0,
			   WRITES | WHOLE) == 0,
	      "getrlimit into a bad struct is EFAULT");
	CHECK(pipe(fds) == 0 && write(fds[1], "x", 1) == 1 &&
	      sys(SYS_read, fds[0], (long)rodata, 1, 0) == -EFAULT &&
	      sys(SYS_read, fds[0], (long)&fd, 1, 0) == 1,
	      "a pipe read into read-only memory is EFAULT and loses nothing");
	close(fds[0]);
	close(fds[1]);
}

static void test_input_buffers(void)
{
	int fd;
	struct iovec iov = { .iov_base = (void *)KERNEL_PTR, .iov_len = 8 };

	fd = open("/fault-test", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(bad_pointers(SYS_write, 1, fd, 0, 64, 0, 0) == 0,
	      "write from a bad buffer to a file is EFAULT");
	CHECK(bad_pointers(SYS_writev, 1, fd, 0, 1, 0, WHOLE) == 0,
	      "writev with a bad iovec array is EFAULT");
	CHECK(sys(SYS_writev, fd, (long)&iov, 1, 0) == -EFAULT,
	      "writev with a bad iov_base is EFAULT");
	CHECK(lseek(fd, 0, SEEK_END) == 0, "and nothing was written");
	close(fd);
	unlink("/fault-test");
	CHECK(bad_pointers(SYS_open, 0, 0, O_RDONLY, 0, 0, WHOLE) == 0,
	      "open of a bad path is EFAULT");
	CHECK(bad_pointers(SYS_mkdir, 0, 0, 0755, 0, 0, WHOLE) == 0,
	      "mkdir of a bad path is EFAULT");
	CHECK(bad_pointers(SYS_rename, 0, 0, (long)"/x", 0, 0, WHOLE) == 0,
	      "rename from a bad path is EFAULT");
	CHECK(bad_pointers(SYS_setrlimit, 1, RLIMIT_NOFILE, 0, 0, 0, WHOLE) == 0,
	      "setrlimit from a bad struct is EFAULT");
	CHECK(bad_pointers(SYS_nanosleep, 0, 0, 0, 0, 0, WHOLE) == 0,
	      "nanosleep with a bad request is EFAULT");
	CHECK(bad_pointers(SYS_execve, 0, 0, 0, 0, 0, WHOLE) == 0,
	      "execve of a bad path is EFAULT");
}

static void test_wait_status(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		_exit(9);
	}
	CHECK(sys(SYS_wait4, pid, KERNEL_PTR, 0, 0) == -EFAULT,
	      "wait4 into a bad status is EFAULT");
	CHECK(waitpid(pid, &status, 0) == -1 && errno == ECHILD,
	      "and the child was reaped all the same, as on Linux");
}

int main(void)
{
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(two != MAP_FAILED && munmap(two + 4096, 4096) == 0,
	      "a page followed by a hole");
	edge = two + 4096 - 4;
	test_output_buffers();
	test_input_buffers();
	test_wait_status();
	return utest_done();
}

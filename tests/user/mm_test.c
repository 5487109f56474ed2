/*
 * Memory: brk, anonymous mmap (private and shared), munmap, mprotect,
 * zero-filled demand paging, and faults: a child touching what it may not
 * is killed by SIGSEGV and the parent sees it in wait4's status.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define PAGE 4096

/* Run fn in a child; return the signal that killed it, or 0. */
static int killing_signal(void (*fn)(volatile char *), volatile char *p)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		fn(p);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		return -1;
	}
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void do_read(volatile char *p)
{
	(void)*p;
}

static void do_write(volatile char *p)
{
	*p = 1;
}

static void test_brk(void)
{
	char *start = (char *)syscall(SYS_brk, 0);
	char *end = (char *)syscall(SYS_brk, start + 3 * PAGE + 5);

	CHECK(end == start + 3 * PAGE + 5, "brk grows the heap");
	start[0] = 'a';
	end[-1] = 'z';
	CHECK(start[0] == 'a' && end[-1] == 'z', "heap memory is usable");
	CHECK((char *)syscall(SYS_brk, start + PAGE) == start + PAGE,
	      "brk shrinks the heap");
	CHECK(killing_signal(do_write, start + 2 * PAGE) == SIGSEGV,
	      "memory above a shrunk break is gone");
	CHECK((char *)syscall(SYS_brk, (char *)0x1000) == start + PAGE,
	      "a break below the heap start is refused");
}

static void test_mmap(void)
{
	char *p = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1;

	CHECK(p != MAP_FAILED, "anonymous mmap");
	for (int i = 0; i < 16 * PAGE; i += 512) {
		zero &= p[i] == 0;
	}
	CHECK(zero, "fresh anonymous memory reads as zeros");
	p[5 * PAGE] = 7;
	CHECK(p[5 * PAGE] == 7, "anonymous memory keeps what is written");
	CHECK(munmap(p + 4 * PAGE, 2 * PAGE) == 0, "munmap of a middle part");
	CHECK(killing_signal(do_read, p + 5 * PAGE) == SIGSEGV,
	      "unmapped memory faults");
	CHECK(killing_signal(do_read, p + 6 * PAGE) == 0,
	      "memory after the hole is still mapped");
	CHECK(munmap(p, 16 * PAGE) == 0, "munmap of the rest");
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == EINVAL, "mmap of length 0 is EINVAL");
	CHECK(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL, "mmap without PRIVATE or SHARED is EINVAL");
	CHECK(munmap((void *)0x10001, PAGE) == -1 && errno == EINVAL,
	      "munmap of an unaligned address is EINVAL");
}

static void test_mprotect(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 42;
	CHECK(mprotect(p, PAGE, PROT_READ) == 0, "mprotect to read-only");
	CHECK(killing_signal(do_write, p) == SIGSEGV,
	      "writing read-only memory faults");
	CHECK(p[0] == 42, "read-only memory can still be read");
	CHECK(mprotect(p, PAGE, PROT_NONE) == 0, "mprotect to PROT_NONE");
	CHECK(killing_signal(do_read, p) == SIGSEGV,
	      "reading PROT_NONE memory faults");
	CHECK(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0 && p[0] == 42,
	      "PROT_NONE kept the contents");
	/* musl's mprotect() rounds the address down: ask the kernel. */
	CHECK(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ) == -1 &&
	      errno == EINVAL, "mprotect of an unaligned address is EINVAL");
	CHECK(mprotect((void *)0x20000000000, PAGE, PROT_READ) == -1 &&
	      errno == ENOMEM, "mprotect of unmapped memory is ENOMEM");
	munmap(p, 2 * PAGE);
}

static void test_shared(void)
{
	volatile int *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile int *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	*shared = 1;
	*private = 1;
	pid = fork();
	if (pid == 0) {
		*shared = 2;
		*private = 2;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(*shared == 2, "a shared mapping shows the child's write");
	CHECK(*private == 1, "a private mapping does not");

	/* Pages neither process touched before the fork are shared too. */
	shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = fork();
	if (pid == 0) {
		shared[PAGE / sizeof(int)] = 3;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(shared[PAGE / sizeof(int)] == 3 && shared[0] == 0,
	      "an untouched shared page shows the child's write");
}

int main(void)
{
	test_brk();
	test_mmap();
	test_mprotect();
	test_shared();
	return utest_done();
}

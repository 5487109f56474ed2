/*
 * File-backed memory: mmap of files, shared (coherent with read, write
 * and other mappings, across fork) and private (copy-on-write), SIGBUS
 * past the end of a file, the access checks of mmap, /dev/zero, msync,
 * and mremap (shrink, grow in place, move, fixed, errors).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define PAGE 4096
#define FILE_NAME "/mmap_test.tmp"

static sigjmp_buf bus_jump;
static volatile int bus_code;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	bus_code = si->si_code;
	siglongjmp(bus_jump, 1);
}

/* A file of pages pages, byte i of page p being 'a' + p. */
static int make_file(int pages)
{
	char buf[PAGE];
	int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (int p = 0; p < pages; p++) {
		memset(buf, 'a' + p, sizeof(buf));
		if (write(fd, buf, sizeof(buf)) != sizeof(buf)) {
			return -1;
		}
	}
	return fd;
}

static void test_shared(void)
{
	int fd = make_file(2);
	char *a = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       0);
	char *b = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       PAGE);
	char c = 0;
	pid_t pid;
	int status;

	CHECK(a != MAP_FAILED && b != MAP_FAILED && a[0] == 'a' &&
	      a[PAGE] == 'b' && b[0] == 'b', "shared mappings read the file, "
	      "also from an offset");
	a[PAGE + 10] = 'X';
	CHECK(b[10] == 'X', "a page mapped at two addresses stays coherent");
	CHECK(pread(fd, &c, 1, PAGE + 10) == 1 && c == 'X',
	      "read() sees a store through a shared mapping");
	CHECK(pwrite(fd, "Y", 1, 5) == 1 && a[5] == 'Y',
	      "a shared mapping sees write()");
	pid = fork();
	if (pid == 0) {
		a[100] = 'Z';
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(a[100] == 'Z' && pread(fd, &c, 1, 100) == 1 && c == 'Z',
	      "a child's store to a shared file mapping reaches the parent");
	CHECK(msync(a, 2 * PAGE, MS_SYNC) == 0, "msync of a mapping");
	CHECK(msync(a, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL,
	      "msync with MS_SYNC and MS_ASYNC is EINVAL");
	munmap(b, PAGE);
	CHECK(msync(b, PAGE, MS_SYNC) == -1 && errno == ENOMEM,
	      "msync of an unmapped range is ENOMEM");
	munmap(a, 2 * PAGE);
	close(fd);
}

static void test_private(void)
{
	int fd = make_file(1);
	char *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char c = 0;

	CHECK(a != MAP_FAILED && a[0] == 'a', "a private mapping reads the file");
	a[0] = 'Q';
	CHECK(pread(fd, &c, 1, 0) == 1 && c == 'a' && a[0] == 'Q',
	      "a store to a private mapping stays private");
	munmap(a, PAGE);
	close(fd);
}

static void test_past_end(void)
{
	struct sigaction sa = { .sa_sigaction = on_bus, .sa_flags = SA_SIGINFO };
	int fd = make_file(1);
	char *a = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	volatile char c = 0;

	sigaction(SIGBUS, &sa, NULL);
	bus_code = 0;
	if (sigsetjmp(bus_jump, 1) == 0) {
		c = a[2 * PAGE];
	}
	CHECK(bus_code == BUS_ADRERR, "a page past the end of the file is "
	      "SIGBUS (BUS_ADRERR)");
	CHECK(ftruncate(fd, 3 * PAGE) == 0 && a[2 * PAGE] == 0 && c == 0,
	      "after ftruncate grows the file, the page reads zeros");
	signal(SIGBUS, SIG_DFL);
	munmap(a, 3 * PAGE);
	close(fd);
}

static void test_checks(void)
{
	int wr = open(FILE_NAME, O_WRONLY), rd = open(FILE_NAME, O_RDONLY);
	int fds[2];
	char *z;

	CHECK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wr, 0) == MAP_FAILED &&
	      errno == EACCES, "mapping a write-only file is EACCES");
	CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rd, 0) ==
	      MAP_FAILED && errno == EACCES,
	      "a writable shared mapping of a read-only file is EACCES");
	z = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, rd, 0);
	CHECK(z != MAP_FAILED, "a writable private mapping of a read-only "
	      "file is allowed");
	munmap(z, PAGE);
	CHECK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rd, 1) == MAP_FAILED &&
	      errno == EINVAL, "an unaligned offset is EINVAL");
	CHECK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, 999, 0) == MAP_FAILED &&
	      errno == EBADF, "a bad descriptor is EBADF");
	CHECK(pipe(fds) == 0 && mmap(NULL, PAGE, PROT_READ, MAP_SHARED,
				    fds[0], 0) == MAP_FAILED &&
	      errno == ENODEV, "mapping a pipe is ENODEV");
	close(fds[0]);
	close(fds[1]);
	close(wr);
	close(rd);
}

static void test_dev_zero(void)
{
	char *z;
	int fd, zero;

	/* A zero device of our own: the Linux run has no /dev. */
	unlink("/mmap_test.zero");
	mknod("/mmap_test.zero", S_IFCHR | 0600, makedev(1, 5));
	fd = open("/mmap_test.zero", O_RDWR);
	unlink("/mmap_test.zero");
	z = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	zero = fd >= 0 && z != MAP_FAILED;

	for (int i = 0; zero && i < 2 * PAGE; i++) {
		zero = z[i] == 0;
	}
	CHECK(zero, "a private mapping of /dev/zero reads zeros");
	if (z != MAP_FAILED) {
		z[1] = 1;
		munmap(z, 2 * PAGE);
	}
	close(fd);
}

static char *map_anon(void *at, size_t len, int flags)
{
	return mmap(at, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

static void test_mremap(void)
{
	char *a = map_anon(NULL, 4 * PAGE, 0), *b, *c;
	char *fixed;

	memset(a, 'm', 2 * PAGE);
	munmap(a + 2 * PAGE, 2 * PAGE);
	b = mremap(a, 2 * PAGE, 4 * PAGE, 0);
	CHECK(b == a && b[PAGE] == 'm' && b[3 * PAGE] == 0,
	      "mremap grows in place into free space");
	b = mremap(a, 4 * PAGE, PAGE, 0);
	CHECK(b == a && a[0] == 'm', "mremap shrinks in place");
	/* Block the space after a: growing needs a move. */
	c = map_anon(a + PAGE, PAGE, MAP_FIXED);
	CHECK(mremap(a, PAGE, 3 * PAGE, 0) == MAP_FAILED && errno == ENOMEM,
	      "mremap that cannot grow in place, without MAYMOVE: ENOMEM");
	b = mremap(a, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
	CHECK(b != MAP_FAILED && b != a && b[0] == 'm' && b[PAGE] == 0,
	      "mremap with MAYMOVE moves the contents");
	CHECK(msync(a, PAGE, MS_ASYNC) == -1 && errno == ENOMEM,
	      "the old range is unmapped after a move");
	fixed = map_anon(NULL, 8 * PAGE, 0);
	munmap(fixed, 8 * PAGE);
	c = mremap(b, 3 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED,
		   fixed);
	CHECK(c == fixed && c[0] == 'm', "MREMAP_FIXED moves to the address");
	CHECK(mremap(c + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE) == MAP_FAILED &&
	      errno == EINVAL, "an unaligned address is EINVAL");
	CHECK(mremap(a, PAGE, 2 * PAGE, MREMAP_MAYMOVE) == MAP_FAILED &&
	      errno == EFAULT, "an unmapped address is EFAULT");
	CHECK(mremap(c, PAGE, 2 * PAGE, MREMAP_FIXED, fixed + 4 * PAGE) ==
	      MAP_FAILED && errno == EINVAL, "MREMAP_FIXED without MAYMOVE "
	      "is EINVAL");
	munmap(c, 2 * PAGE);
	munmap(a + PAGE, PAGE);
}

static void test_mremap_shared_file(void)
{
	int fd = make_file(2);
	char *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *b, c = 0;

	a[1] = 'R';
	b = mremap(a, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
	CHECK(b != MAP_FAILED && b[1] == 'R' && b[PAGE] == 'b',
	      "a moved shared file mapping keeps its pages and grows into "
	      "the file");
	b[PAGE + 1] = 'S';
	CHECK(pread(fd, &c, 1, PAGE + 1) == 1 && c == 'S',
	      "and stays coherent with the file");
	munmap(b, 2 * PAGE);
	close(fd);
}

int main(void)
{
	test_shared();
	test_private();
	test_past_end();
	test_checks();
	test_dev_zero();
	test_mremap();
	test_mremap_shared_file();
	unlink(FILE_NAME);
	return utest_done();
}

/*
 * Character devices made with mknod (null, zero, full, urandom) and
 * ioctl FIONREAD/FIONBIO and ENOTTY; on this kernel also the /dev nodes
 * it makes at boot.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "utest.h"

static char dir[64];

static int open_dev(const char *name, unsigned int minor, int flags)
{
	char path[96];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mknod(path, S_IFCHR | 0666, makedev(1, minor)) != 0) {
		return -1;
	}
	return open(path, flags);
}

static void test_memory_devices(void)
{
	char buf[64];
	int fd, zero = 1;
	struct stat st;

	fd = open_dev("null", 3, O_RDWR);
	CHECK(fd >= 0, "mknod and open a null device");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "null reads as end of file");
	CHECK(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf),
	      "null takes every write");
	CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	      major(st.st_rdev) == 1 && minor(st.st_rdev) == 3,
	      "fstat shows a character device 1:3");
	close(fd);
	fd = open_dev("zero", 5, O_RDONLY);
	memset(buf, 'x', sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf),
	      "zero fills the whole read");
	for (size_t i = 0; i < sizeof(buf); i++) {
		zero &= buf[i] == 0;
	}
	CHECK(zero, "with zeros");
	close(fd);
	fd = open_dev("full", 7, O_WRONLY);
	CHECK(write(fd, "x", 1) == -1 && errno == ENOSPC,
	      "full is always full");
	close(fd);
	fd = open_dev("urandom", 9, O_RDONLY);
	CHECK(read(fd, buf, 16) == 16, "urandom reads");
	close(fd);
	CHECK(mknod("plainfile", S_IFREG | 0600, 0) == 0 ||
	      errno == EPERM || errno == EINVAL, "mknod of a regular file");
	unlink("plainfile");
}

static void test_ioctl(void)
{
	int fd[2], n = -1, on = 1;
	char c;

	pipe(fd);
	write(fd[1], "abc", 3);
	CHECK(ioctl(fd[0], FIONREAD, &n) == 0 && n == 3,
	      "FIONREAD counts what a pipe holds");
	CHECK(ioctl(fd[0], FIONBIO, &on) == 0 && read(fd[0], &c, 1) == 1 &&
	      read(fd[0], &c, 1) == 1 && read(fd[0], &c, 1) == 1 &&
	      read(fd[0], &c, 1) == -1 && errno == EAGAIN,
	      "FIONBIO makes reads non-blocking");
	CHECK(ioctl(fd[0], TCGETS, &n) == -1 && errno == ENOTTY,
	      "a pipe is not a terminal: ENOTTY");
	CHECK(ioctl(99, FIONREAD, &n) == -1 && errno == EBADF,
	      "ioctl on a free descriptor is EBADF");
	close(fd[0]);
	close(fd[1]);
}

static void test_boot_dev(void)
{
	struct utsname u;
	struct stat st;

	uname(&u);
	if (!strstr(u.release, "framekernel")) {
		return;		/* the chroot on Linux has no /dev */
	}
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) &&
	      stat("/dev/console", &st) == 0 && stat("/dev/urandom", &st) == 0,
	      "the kernel makes /dev/null, /dev/console, /dev/urandom");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/dtest.%d", getpid());
	CHECK(mkdir(dir, 0755) == 0, "a scratch directory");
	test_memory_devices();
	test_ioctl();
	test_boot_dev();
	for (const char *n = "null\0zero\0full\0urandom\0"; *n; n += strlen(n) + 1) {
		char path[96];

		snprintf(path, sizeof(path), "%s/%s", dir, n);
		unlink(path);
	}
	CHECK(rmdir(dir) == 0, "the scratch directory is cleaned up");
	return utest_done();
}

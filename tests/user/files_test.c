/*
 * Files and directories: open/openat with O_CREAT, O_EXCL, O_TRUNC,
 * O_APPEND and O_DIRECTORY, read/write/lseek, fstat and stat, getdents64,
 * mkdir, unlink, rmdir, chdir and getcwd, and their errors.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "utest.h"

static char dir[64];

static void test_create_read_write(void)
{
	char buf[32] = { 0 };
	struct stat st;
	int fd;

	fd = open("file", O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK(fd >= 0, "open O_CREAT|O_EXCL creates a file");
	CHECK(write(fd, "hello world", 11) == 11, "write to it");
	CHECK(lseek(fd, 0, SEEK_CUR) == 11, "the position follows the write");
	CHECK(lseek(fd, 6, SEEK_SET) == 6 && read(fd, buf, sizeof(buf)) == 5 &&
	      memcmp(buf, "world", 5) == 0, "lseek then read");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read at the end returns 0");
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11 &&
	      (st.st_mode & 0777) == 0644 && st.st_nlink == 1,
	      "fstat: a regular file of 11 bytes, mode 0644");
	CHECK(lseek(fd, 20, SEEK_SET) == 20 && write(fd, "!", 1) == 1 &&
	      fstat(fd, &st) == 0 && st.st_size == 21, "a write past the end "
	      "grows the file");
	CHECK(lseek(fd, 12, SEEK_SET) == 12 && read(fd, buf, 8) == 8 &&
	      buf[0] == 0 && buf[7] == 0, "the gap reads as zeros");
	CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL,
	      "a negative position is EINVAL");
	close(fd);

	CHECK(open("file", O_CREAT | O_EXCL | O_RDWR, 0644) == -1 &&
	      errno == EEXIST, "O_EXCL on an existing file is EEXIST");
	fd = open("file", O_WRONLY | O_APPEND);
	CHECK(fd >= 0 && write(fd, "+", 1) == 1 && fstat(fd, &st) == 0 &&
	      st.st_size == 22, "O_APPEND writes at the end");
	close(fd);
	fd = open("file", O_RDWR | O_TRUNC);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0,
	      "O_TRUNC empties the file");
	close(fd);
	CHECK(stat("file", &st) == 0 && st.st_size == 0, "stat by path");
	CHECK(open("missing", O_RDONLY) == -1 && errno == ENOENT,
	      "opening a missing file is ENOENT");
	CHECK(open("file/x", O_RDONLY) == -1 && errno == ENOTDIR,
	      "a file in the middle of a path is ENOTDIR");
	CHECK(open("file", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR,
	      "O_DIRECTORY on a file is ENOTDIR");
	CHECK(syscall(SYS_open, (char *)8, O_RDONLY) == -1 && errno == EFAULT,
	      "a bad path pointer is EFAULT");
}

static void test_directories(void)
{
	char buf[4096], cwd[256];
	struct stat st;
	int fd, n, seen = 0;
	long pos;

	CHECK(mkdir("sub", 0755) == 0, "mkdir");
	CHECK(mkdir("sub", 0755) == -1 && errno == EEXIST,
	      "mkdir of an existing name is EEXIST");
	CHECK(mkdir("/", 0755) == -1 && errno == EEXIST,
	      "mkdir of the root is EEXIST");
	CHECK(rmdir("/") == -1 && errno == EBUSY, "rmdir of the root is EBUSY");
	CHECK(rmdir(".") == -1 && errno == EINVAL, "rmdir of . is EINVAL");
	CHECK(stat("sub", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 2,
	      "a new directory has two links");
	CHECK(open("sub", O_WRONLY) == -1 && errno == EISDIR,
	      "opening a directory for writing is EISDIR");
	close(open("sub/a", O_CREAT | O_WRONLY, 0600));
	close(open("sub/b", O_CREAT | O_WRONLY, 0600));
	fd = open("sub", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open a directory");
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (pos = 0; pos < n;) {
			struct dirent *d = (struct dirent *)(buf + pos);

			seen |= strcmp(d->d_name, ".") == 0 ? 1 :
				strcmp(d->d_name, "..") == 0 ? 2 :
				strcmp(d->d_name, "a") == 0 ? 4 :
				strcmp(d->d_name, "b") == 0 ? 8 : 16;
			pos += d->d_reclen;
		}
	}
	CHECK(n == 0 && seen == 15, "getdents64 lists . .. a b and no more");
	close(fd);
	CHECK(syscall(SYS_getdents64, 0, buf, sizeof(buf)) == -1 &&
	      (errno == ENOTDIR || errno == EBADF || errno == EINVAL),
	      "getdents64 on a non-directory fails");
	CHECK(rmdir("sub") == -1 && errno == ENOTEMPTY,
	      "rmdir of a non-empty directory is ENOTEMPTY");
	CHECK(unlink("sub") == -1 && errno == EISDIR,
	      "unlink of a directory is EISDIR");
	CHECK(chdir("sub") == 0 && getcwd(cwd, sizeof(cwd)) &&
	      strcmp(cwd + strlen(cwd) - 4, "/sub") == 0,
	      "chdir and getcwd");
	CHECK(getcwd(cwd, 2) == NULL && errno == ERANGE,
	      "getcwd with a small buffer is ERANGE");
	CHECK(unlink("a") == 0 && unlink("b") == 0, "unlink files");
	CHECK(unlink("a") == -1 && errno == ENOENT,
	      "unlinking again is ENOENT");
	CHECK(chdir("..") == 0 && rmdir("sub") == 0, "rmdir an empty directory");
	CHECK(chdir("file") == -1 && errno == ENOTDIR,
	      "chdir to a file is ENOTDIR");
}

static void test_modes(void)
{
	struct stat st;
	mode_t old = umask(077);
	int fd;

	CHECK(old == umask(077) || old != 077, "umask returns the old mask");
	fd = open("private", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600,
	      "umask 077 masks the creation mode");
	CHECK(fchmod(fd, 0640) == 0 && fstat(fd, &st) == 0 &&
	      (st.st_mode & 0777) == 0640, "fchmod");
	close(fd);
	CHECK(chmod("private", 04755) == 0 && stat("private", &st) == 0 &&
	      (st.st_mode & 07777) == 04755 && S_ISREG(st.st_mode),
	      "chmod keeps the file type and sets setuid");
	CHECK(chmod("nothing", 0600) == -1 && errno == ENOENT,
	      "chmod of a missing file is ENOENT");
	CHECK(chown("private", 12, 34) == 0 && stat("private", &st) == 0 &&
	      st.st_uid == 12 && st.st_gid == 34, "chown as root");
	CHECK(unlink("private") == 0, "clean up");
	umask(022);
}

static void test_open_file_survives_unlink(void)
{
	char buf[8] = { 0 };
	int fd = open("gone", O_CREAT | O_RDWR, 0600);

	write(fd, "kept", 4);
	CHECK(unlink("gone") == 0 && open("gone", O_RDONLY) == -1,
	      "an unlinked file has no name");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 4) == 4 &&
	      memcmp(buf, "kept", 4) == 0, "but stays readable while open");
	close(fd);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/ftest.%d", getpid());
	CHECK(mkdir(dir, 0755) == 0 && chdir(dir) == 0,
	      "a scratch directory to work in");
	test_create_read_write();
	test_directories();
	test_modes();
	test_open_file_survives_unlink();
	CHECK(unlink("file") == 0 && chdir("/") == 0 && rmdir(dir) == 0,
	      "the scratch directory is cleaned up");
	return utest_done();
}

/*
 * More file calls: rename and renameat2, link, symlink and readlink,
 * truncate and ftruncate, access, utimensat, readv/writev,
 * pread64/pwrite64, fsync, statfs and fchdir, with their errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "utest.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1	/* <linux/fs.h>; musl hides it */
#endif

static void put(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

static int has(const char *path, const char *text)
{
	char buf[64] = { 0 };
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	close(fd);
	return n == (ssize_t)strlen(text) && strcmp(buf, text) == 0;
}

static void test_rename(void)
{
	put("a", "A");
	put("b", "B");
	CHECK(rename("a", "c") == 0 && has("c", "A") && access("a", F_OK) != 0,
	      "rename moves a file");
	CHECK(rename("c", "b") == 0 && has("b", "A"),
	      "rename replaces an existing file");
	CHECK(syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "b2", 0) == 0,
	      "renameat2");
	put("b", "B");
	CHECK(syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "b2",
		      RENAME_NOREPLACE) == -1 && errno == EEXIST,
	      "RENAME_NOREPLACE onto an existing name is EEXIST");
	mkdir("d", 0755);
	mkdir("e", 0755);
	put("e/x", "X");
	CHECK(rename("d", "e") == -1 && errno == ENOTEMPTY,
	      "renaming over a non-empty directory is ENOTEMPTY");
	CHECK(rename("b", "d") == -1 && errno == EISDIR,
	      "renaming a file over a directory is EISDIR");
	CHECK(rename("d", "e/inside") == 0 && rename("e", "e/inside/e") == -1 &&
	      errno == EINVAL, "a directory cannot move into itself");
	CHECK(rename("e/inside", "d") == 0 && rename("missing", "z") == -1 &&
	      errno == ENOENT, "renaming a missing name is ENOENT");
	unlink("e/x");
	rmdir("e");
	rmdir("d");
	unlink("b");
	unlink("b2");
}

static void test_links(void)
{
	char buf[64] = { 0 };
	struct stat st;

	put("f", "hi");
	CHECK(link("f", "g") == 0 && stat("f", &st) == 0 && st.st_nlink == 2,
	      "a hard link counts two links");
	CHECK(unlink("f") == 0 && has("g", "hi"),
	      "the data stays under the other name");
	CHECK(link("g", "g") == -1 && errno == EEXIST, "link onto itself");
	mkdir("dir", 0755);
	CHECK(link("dir", "dir2") == -1 && errno == EPERM,
	      "hard links to directories are EPERM");
	CHECK(symlink("g", "s") == 0 && lstat("s", &st) == 0 &&
	      S_ISLNK(st.st_mode), "symlink and lstat");
	CHECK(readlink("s", buf, sizeof(buf)) == 1 && buf[0] == 'g',
	      "readlink returns the target, not terminated");
	CHECK(has("s", "hi"), "opening a link opens its target");
	CHECK(readlink("g", buf, sizeof(buf)) == -1 && errno == EINVAL,
	      "readlink of a file is EINVAL");
	CHECK(symlink("nowhere", "dangling") == 0 &&
	      open("dangling", O_RDONLY) == -1 && errno == ENOENT,
	      "a dangling link is ENOENT");
	CHECK(symlink("loop", "loop") == 0 && open("loop", O_RDONLY) == -1 &&
	      errno == ELOOP, "a loop is ELOOP");
	CHECK(open("s", O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP,
	      "O_NOFOLLOW on a link is ELOOP");
	unlink("s");
	unlink("dangling");
	unlink("loop");
	unlink("g");
	rmdir("dir");
}

static void test_sizes_and_times(void)
{
	struct timespec ts[2] = { { 100, 0 }, { 200, 500 } };
	char buf[16];
	struct stat st;
	int fd;

	put("t", "0123456789");
	CHECK(truncate("t", 4) == 0 && stat("t", &st) == 0 && st.st_size == 4,
	      "truncate shrinks");
	fd = open("t", O_RDWR);
	CHECK(ftruncate(fd, 8) == 0 && fstat(fd, &st) == 0 && st.st_size == 8,
	      "ftruncate grows");
	CHECK(pread(fd, buf, 8, 0) == 8 && memcmp(buf, "0123\0\0\0\0", 8) == 0,
	      "growth reads as zeros (pread)");
	CHECK(pwrite(fd, "ab", 2, 1) == 2 && lseek(fd, 0, SEEK_CUR) == 0,
	      "pwrite leaves the position alone");
	CHECK(pread(fd, buf, 3, 0) == 3 && memcmp(buf, "0ab", 3) == 0,
	      "pread sees pwrite's bytes");
	CHECK(ftruncate(fd, -1) == -1 && errno == EINVAL,
	      "a negative length is EINVAL");
	CHECK(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync");
	close(fd);
	CHECK(utimensat(AT_FDCWD, "t", ts, 0) == 0 && stat("t", &st) == 0 &&
	      st.st_atime == 100 && st.st_mtime == 200 &&
	      st.st_mtim.tv_nsec == 500, "utimensat sets both times");
	ts[1].tv_nsec = 2000000000;
	CHECK(utimensat(AT_FDCWD, "t", ts, 0) == -1 && errno == EINVAL,
	      "a bad nanosecond count is EINVAL");
	CHECK(access("t", R_OK | W_OK) == 0, "access R_OK|W_OK as root");
	CHECK(access("t", X_OK) == -1 && errno == EACCES,
	      "X_OK without any x bit is EACCES, even for root");
	CHECK(access("nothing", F_OK) == -1 && errno == ENOENT,
	      "access to a missing file is ENOENT");
	unlink("t");
}

static void test_vectors_and_dirs(char *dir)
{
	struct iovec out[2] = { { "hello ", 6 }, { "world", 5 } };
	char a[6] = { 0 }, b[8] = { 0 };
	struct iovec in[2] = { { a, 5 }, { b, 7 } };
	char cwd[128];
	struct statfs sf;
	int fd = open("v", O_CREAT | O_RDWR | O_TRUNC, 0644), dfd;

	CHECK(writev(fd, out, 2) == 11, "writev gathers");
	lseek(fd, 0, SEEK_SET);
	CHECK(readv(fd, in, 2) == 11 && memcmp(a, "hello", 5) == 0 &&
	      memcmp(b, " world", 6) == 0, "readv scatters");
	close(fd);
	unlink("v");
	CHECK(statfs(".", &sf) == 0 && sf.f_bsize > 0 && sf.f_namelen >= 255,
	      "statfs");
	dfd = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(fchdir(dfd) == 0 && getcwd(cwd, sizeof(cwd)) &&
	      strcmp(cwd, "/") == 0, "fchdir to the root");
	close(dfd);
	chdir(dir);
}

int main(void)
{
	char dir[64];

	snprintf(dir, sizeof(dir), "/ltest.%d", getpid());
	CHECK(mkdir(dir, 0755) == 0 && chdir(dir) == 0, "a scratch directory");
	test_rename();
	test_links();
	test_sizes_and_times();
	test_vectors_and_dirs(dir);
	CHECK(chdir("/") == 0 && rmdir(dir) == 0,
	      "the scratch directory is empty and removed");
	return utest_done();
}

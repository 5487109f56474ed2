/*
 * Permission checks for an unprivileged user: as root we build /perm_dir
 * (a private, a public and an executable file, a closed directory and a
 * sticky world-writable one), then a child becomes user and group 65534
 * with no supplementary groups and checks what it may read, write, create,
 * unlink, search, chmod, chown, utime, truncate and execute, and that it
 * cannot become root again. The child's checks number on from ours, and
 * its failures come back in its exit status. Root cleans up at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define USER 65534

/* Copy /hello to path with mode: a program to execute, or fail to. */
static int copy_hello(const char *path, mode_t mode)
{
	char buf[4096];
	int in = open("/hello", O_RDONLY);
	int out = open(path, O_CREAT | O_EXCL | O_WRONLY, mode);
	long n = 0;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			n = -1;
			break;
		}
	}
	if (in >= 0) {
		close(in);
	}
	if (out >= 0) {
		close(out);
	}
	return in >= 0 && out >= 0 && n == 0;
}

static int make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, mode);
	int ok = fd >= 0 && write(fd, "data\n", 5) == 5;

	if (fd >= 0) {
		close(fd);
	}
	return ok;
}

static void setup(void)
{
	umask(0);
	CHECK(mkdir("/perm_dir", 0755) == 0 &&
	      make_file("/perm_dir/secret", 0600) &&
	      make_file("/perm_dir/public", 0644),
	      "root makes /perm_dir with a 0600 and a 0644 file");
	CHECK(copy_hello("/perm_dir/script", 0755) &&
	      copy_hello("/perm_dir/noexec", 0644),
	      "and 0755 and 0644 copies of /hello");
	CHECK(mkdir("/perm_dir/closed", 0700) == 0 &&
	      make_file("/perm_dir/closed/file", 0644),
	      "and a 0700 directory with a file");
	CHECK(mkdir("/perm_dir/tmp", 01777) == 0 &&
	      make_file("/perm_dir/tmp/rootfile", 0666),
	      "and a sticky 01777 directory with a 0666 file of root's");
	umask(022);
}

/*
 * Run path in a grandchild with its output in buf; its exit status, or
 * 256 + errno if execve failed.
 */
static int run(const char *path, char *buf, size_t size)
{
	int fds[2], status = -1;
	long n = 0, got;
	pid_t pid;

	memset(buf, 0, size);
	if (pipe(fds) != 0) {
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL }, *envp[] = { NULL };

		dup2(fds[1], 1);
		close(fds[0]);
		execve(path, argv, envp);
		_exit(errno < 256 ? errno : 255);
	}
	close(fds[1]);
	while ((got = read(fds[0], buf + n, size - 1 - n)) > 0) {
		n += got;
	}
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		return -1;
	}
	/* execve fails before hello could write, so no output means errno. */
	return n == 0 && WEXITSTATUS(status) ? 256 + WEXITSTATUS(status) :
	       WEXITSTATUS(status);
}

static void user_checks(void)
{
	struct timespec times[2] = { { 0, 0 }, { 0, 0 } };
	char out[64];
	struct stat st;
	int fd;

	fd = open("/perm_dir/secret", O_RDONLY);
	CHECK(fd == -1 && errno == EACCES, "a user opening root's 0600 file "
	      "is EACCES");
	fd = open("/perm_dir/public", O_RDONLY);
	CHECK(fd >= 0 && read(fd, out, 5) == 5, "a 0644 file opens and reads");
	close(fd);
	CHECK(open("/perm_dir/public", O_WRONLY) == -1 && errno == EACCES,
	      "but opening it for writing is EACCES");
	CHECK(access("/perm_dir/public", R_OK) == 0, "access R_OK is 0");
	CHECK(access("/perm_dir/public", W_OK) == -1 && errno == EACCES,
	      "access W_OK is EACCES");
	CHECK(truncate("/perm_dir/public", 0) == -1 && errno == EACCES,
	      "truncate is EACCES");
	CHECK(utimensat(AT_FDCWD, "/perm_dir/public", NULL, 0) == -1 &&
	      errno == EACCES, "utimensat to now is EACCES");
	CHECK(utimensat(AT_FDCWD, "/perm_dir/public", times, 0) == -1 &&
	      errno == EPERM, "utimensat to given times is EPERM");
	CHECK(chmod("/perm_dir/public", 0666) == -1 && errno == EPERM,
	      "chmod of root's file is EPERM");
	CHECK(stat("/perm_dir/closed/file", &st) == -1 && errno == EACCES,
	      "stat through a 0700 directory of root's is EACCES");
	CHECK(open("/perm_dir/new", O_CREAT | O_WRONLY, 0644) == -1 &&
	      errno == EACCES, "creating a file in a 0755 directory is EACCES");
	CHECK(mkdir("/perm_dir/newdir", 0755) == -1 && errno == EACCES,
	      "and so is mkdir");
	CHECK(unlink("/perm_dir/public") == -1 && errno == EACCES,
	      "and so is unlink");

	fd = open("/perm_dir/tmp/mine", O_CREAT | O_EXCL | O_WRONLY, 0644);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == USER &&
	      st.st_gid == USER, "a file made in the sticky directory is ours");
	close(fd);
	CHECK(chown("/perm_dir/tmp/mine", 0, -1) == -1 && errno == EPERM,
	      "chown of our file to root is EPERM");
	CHECK(unlink("/perm_dir/tmp/rootfile") == -1 && errno == EPERM,
	      "unlinking root's file in the sticky directory is EPERM");
	CHECK(unlink("/perm_dir/tmp/mine") == 0,
	      "unlinking our own file there works");

	CHECK(run("/perm_dir/noexec", out, sizeof(out)) == 256 + EACCES,
	      "execve of a 0644 file is EACCES");
	CHECK(run("/perm_dir/script", out, sizeof(out)) == 42 &&
	      strcmp(out, "hello from user mode\n") == 0,
	      "execve of a 0755 program runs it");
	CHECK(setuid(0) == -1 && errno == EPERM, "setuid(0) is EPERM");
}

/*
 * setgid to an id that the user namespace does not map is EINVAL: under
 * run-in-root as non-root on Linux there is no other user to become.
 */
static void test_as_user(void)
{
	int *counted = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status = -1;
	pid_t pid;

	if (!CHECK(counted != MAP_FAILED,
		   "a page to count the user's checks")) {
		return;
	}
	*counted = utest_n;
	pid = fork();
	if (pid == 0) {
		if (setgid(USER) == -1 && errno == EINVAL) {
			utest_say("# user checks skipped: no user to become "
				  "(an unprivileged user namespace)\n");
			_exit(0);
		}
		if (CHECK(setgroups(0, NULL) == 0 && setuid(USER) == 0 &&
			  getuid() == USER && geteuid() == USER &&
			  getgid() == USER && getegid() == USER &&
			  getgroups(0, NULL) == 0,
			  "a child becomes user and group 65534, no groups")) {
			user_checks();
		}
		*counted = utest_n;
		_exit(utest_failed);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
		/* Count its checks as ours: the next number follows its. */
		utest_failed += WEXITSTATUS(status);
		utest_n = *counted > utest_n ? *counted : utest_n;
	}
	CHECK(WIFEXITED(status), "the user's process exits");
	munmap(counted, sizeof(int));
}

static void cleanup(void)
{
	static const char *const files[] = {
		"/perm_dir/tmp/mine", "/perm_dir/tmp/rootfile",
		"/perm_dir/closed/file", "/perm_dir/secret",
		"/perm_dir/public", "/perm_dir/script", "/perm_dir/noexec",
		"/perm_dir/new",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		unlink(files[i]);
	}
	rmdir("/perm_dir/tmp");
	rmdir("/perm_dir/closed");
	rmdir("/perm_dir/newdir");
	CHECK(rmdir("/perm_dir") == 0, "root removes /perm_dir and all in it");
}

int main(void)
{
	CHECK(getuid() == 0 && geteuid() == 0, "we start as root");
	setup();
	test_as_user();
	cleanup();
	return utest_done();
}

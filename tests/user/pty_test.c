/*
 * Pseudo-terminals: devpts mounted on /dev/pts, /dev/ptmx opening a
 * master, the terminal locked until unlockpt, ptsname, the line
 * discipline between the two ends (canonical lines, echo with CR NL,
 * erase, raw mode, poll), ^C killing the foreground group of a session whose
 * controlling terminal it is, SIGTTIN and SIGTTOU for background groups,
 * /dev/tty, the window size, and the hang-ups when either end closes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

static char got[256];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Read what is there (waiting for the first byte), as a string. */
static long take(int fd)
{
	long n = read(fd, got, sizeof(got) - 1);

	got[n > 0 ? n : 0] = 0;
	return n;
}

static void test_pair(void)
{
	struct winsize ws = { .ws_row = 33, .ws_col = 99 }, back;
	struct pollfd pfd;
	struct termios t;
	double t0;
	char name[64];
	struct stat st;
	int master, slave;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (!CHECK(master >= 0, "posix_openpt opens /dev/ptmx")) {
		return;
	}
	CHECK(ptsname_r(master, name, sizeof(name)) == 0 &&
	      strncmp(name, "/dev/pts/", 9) == 0, "ptsname: /dev/pts/N");
	CHECK(stat(name, &st) == 0 && S_ISCHR(st.st_mode) &&
	      major(st.st_rdev) == 136, "its node is character device 136:N");
	CHECK(open(name, O_RDWR | O_NOCTTY) == -1 && errno == EIO,
	      "locked until unlockpt: EIO");
	CHECK(grantpt(master) == 0 && unlockpt(master) == 0, "unlockpt");
	slave = open(name, O_RDWR | O_NOCTTY);
	CHECK(slave >= 0 && isatty(slave), "the terminal opens");

	pfd = (struct pollfd){ .fd = slave, .events = POLLIN };
	CHECK(write(master, "hel", 3) == 3 && poll(&pfd, 1, 0) == 0,
	      "poll: half a line is not readable yet");
	CHECK(write(master, "lo\n", 3) == 3 && poll(&pfd, 1, 1000) == 1 &&
	      pfd.revents == POLLIN, "poll: a whole line is");
	CHECK(take(slave) == 6 &&
	      strcmp(got, "hello\n") == 0, "a line typed on the master");
	CHECK(take(master) == 7 && strcmp(got, "hello\r\n") == 0,
	      "comes back as echo, NL as CR NL");
	CHECK(write(master, "ab\177c\n", 5) == 5 && take(slave) == 3 &&
	      strcmp(got, "ac\n") == 0, "erase edits the line");
	CHECK(take(master) > 0 && strcmp(got, "ab\b \bc\r\n") == 0,
	      "and the echo is rubbed out");
	CHECK(write(slave, "out\n", 4) == 4 && take(master) == 5 &&
	      strcmp(got, "out\r\n") == 0, "the terminal's output reads back");
	CHECK(write(master, "one two\027three\n", 14) == 14 &&
	      take(slave) > 0 && strcmp(got, "one three\n") == 0,
	      "^W erases a word");
	CHECK(write(master, "junk\025ok\n", 8) == 8 && take(slave) > 0 &&
	      strcmp(got, "ok\n") == 0, "^U erases the line");
	CHECK(write(master, "ab\004", 3) == 3 && take(slave) == 2 &&
	      strcmp(got, "ab") == 0, "^D ends a line without a newline");
	CHECK(write(master, "\004", 1) == 1 && take(slave) == 0,
	      "^D on an empty line is end of file");
	take(master);			/* the echoes */

	CHECK(tcgetattr(slave, &t) == 0, "tcgetattr");
	cfmakeraw(&t);
	CHECK(tcsetattr(slave, TCSANOW, &t) == 0, "raw mode");
	CHECK(write(master, "x", 1) == 1 && take(slave) == 1 &&
	      got[0] == 'x', "raw: a byte at once, no line needed");
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 2;
	tcsetattr(slave, TCSANOW, &t);
	t0 = now_ms();
	CHECK(take(slave) == 0 && now_ms() - t0 >= 190,
	      "VMIN 0, VTIME 2: nothing typed, read returns 0 after 0.2 s");
	CHECK(ioctl(master, TIOCSWINSZ, &ws) == 0 &&
	      ioctl(slave, TIOCGWINSZ, &back) == 0 && back.ws_row == 33 &&
	      back.ws_col == 99, "the window size set on the master");

	close(slave);
	CHECK(read(master, got, sizeof(got)) == -1 && errno == EIO,
	      "the terminal closed: the master reads EIO");
	close(master);
	CHECK(stat(name, &st) == -1 && errno == ENOENT,
	      "the master closed: the node is gone");
}

static void test_controlling_terminal(void)
{
	char name[64];
	int master = posix_openpt(O_RDWR | O_NOCTTY), status;
	pid_t pid;

	ptsname_r(master, name, sizeof(name));
	unlockpt(master);
	pid = fork();
	if (pid == 0) {
		char c;
		int fd;

		setsid();
		fd = open(name, O_RDWR);	/* the session's terminal now */
		if (fd < 0 || tcgetpgrp(fd) != getpid()) {
			_exit(1);
		}
		if (write(fd, "ready\n", 6) != 6) {
			_exit(2);
		}
		read(fd, &c, 1);		/* until ^C */
		_exit(3);
	}
	CHECK(take(master) > 0 && strstr(got, "ready"),
	      "a new session's leader takes the terminal as its own");
	CHECK(write(master, "\003", 1) == 1 && waitpid(pid, &status, 0) ==
	      pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
	      "^C on the master kills its foreground group");
	close(master);
}

/*
 * In a session of its own with the terminal as its controlling one, a
 * background group that reads it is stopped by SIGTTIN, and one that
 * writes it with TOSTOP set by SIGTTOU; /dev/tty is the terminal.
 */
static int job_control_child(const char *name)
{
	struct termios t;
	int fd, status, r = 0;
	pid_t bg;

	setsid();
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO) {
		r |= 1;			/* no terminal yet */
	}
	fd = open(name, O_RDWR);
	if (fd < 0 || open("/dev/tty", O_RDWR) < 0) {
		return r | 2;
	}
	bg = fork();
	if (bg == 0) {
		char c;

		setpgid(0, 0);		/* a group that is not the foreground */
		read(fd, &c, 1);
		_exit(0);
	}
	if (waitpid(bg, &status, WUNTRACED) != bg || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGTTIN) {
		r |= 4;
	}
	kill(bg, SIGKILL);
	waitpid(bg, &status, 0);
	tcgetattr(fd, &t);
	t.c_lflag |= TOSTOP;
	tcsetattr(fd, TCSANOW, &t);
	bg = fork();
	if (bg == 0) {
		setpgid(0, 0);
		write(fd, "x", 1);
		_exit(0);
	}
	if (waitpid(bg, &status, WUNTRACED) != bg || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGTTOU) {
		r |= 8;
	}
	kill(bg, SIGKILL);
	waitpid(bg, &status, 0);
	return r;
}

static void test_job_control(void)
{
	char name[64];
	int master = posix_openpt(O_RDWR | O_NOCTTY), status;
	pid_t pid;

	ptsname_r(master, name, sizeof(name));
	unlockpt(master);
	pid = fork();
	if (pid == 0) {
		_exit(job_control_child(name));
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status),
	      "the session's leader ran");
	CHECK(!(WEXITSTATUS(status) & 1),
	      "/dev/tty without a controlling terminal: ENXIO");
	CHECK(!(WEXITSTATUS(status) & 2), "/dev/tty opens the terminal");
	CHECK(!(WEXITSTATUS(status) & 4),
	      "a background group reading it stops with SIGTTIN");
	CHECK(!(WEXITSTATUS(status) & 8),
	      "with TOSTOP, one writing it stops with SIGTTOU");
	close(master);
}

/* A session leader's end hangs up its terminal's foreground group. */
static void test_leader_exit(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), fds[2], status;
	struct pollfd pfd;
	char name[64], c;
	pid_t pid;

	ptsname_r(master, name, sizeof(name));
	unlockpt(master);
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		setsid();
		if (open(name, O_RDWR) < 0) {
			_exit(1);
		}
		if (fork() == 0) {	/* in the foreground group, holding */
			close(fds[0]);	/* the pipe open until it dies */
			for (;;) {
				pause();
			}
		}
		_exit(0);
	}
	close(fds[1]);
	waitpid(pid, &status, 0);
	pfd = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	      poll(&pfd, 1, 5000) == 1 && read(fds[0], &c, 1) == 0,
	      "the leader's end sends SIGHUP to the foreground group");
	close(fds[0]);
	close(master);
}

int main(void)
{
	int made_dev = mkdir("/dev", 0755) == 0;
	int made_pts = mkdir("/dev/pts", 0755) == 0;

	/* On Linux the chroot has no /dev: make the ptmx and tty nodes. */
	int made_tty = mknod("/dev/tty", S_IFCHR | 0666, makedev(5, 0)) == 0;

	if (mknod("/dev/ptmx", S_IFCHR | 0666, makedev(5, 2)) != 0 &&
	    errno != EEXIST) {
		CHECK(0, "a /dev/ptmx node");
	}
	if (!CHECK(mount("devpts", "/dev/pts", "devpts", 0, NULL) == 0,
		   "mount devpts on /dev/pts")) {
		return utest_done();
	}
	test_pair();
	test_controlling_terminal();
	test_job_control();
	test_leader_exit();
	CHECK(umount2("/dev/pts", 0) == 0, "umount devpts");
	if (made_pts) {
		rmdir("/dev/pts");
	}
	if (made_tty) {
		unlink("/dev/tty");
	}
	if (made_dev) {
		unlink("/dev/ptmx");
		rmdir("/dev");
	}
	return utest_done();
}

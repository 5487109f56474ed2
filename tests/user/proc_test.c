/*
 * procfs, mounted at /proc by the test and unmounted at the end: the self
 * link, /proc/self/{stat,status,cmdline,comm,exe,cwd,maps,fd}, other
 * processes' directories (a child, a zombie, a reaped or impossible pid),
 * meminfo against sysinfo, uptime, loadavg, version and the sysctl files
 * against uname (with a hostname write as real root), mounts, cpuinfo,
 * stat, and the errors for writing a read-only file or creating one.
 * Every expectation is computed from the live state, not from constants.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

/* The name set with PR_SET_NAME, and what the kernel keeps of it. */
#define LONG_NAME "a b) c-long-name-xyz"
#define COMM "a b) c-long-nam"

static char text[65536];

/* Read a whole file into text, NUL-terminated; its length or -1. */
static long slurp(const char *path)
{
	long len = 0, n;
	int fd = open(path, O_RDONLY);

	text[0] = 0;
	if (fd < 0) {
		return -1;
	}
	while ((n = read(fd, text + len, sizeof(text) - 1 - len)) > 0) {
		len += n;
	}
	close(fd);
	text[len] = 0;
	return n < 0 ? -1 : len;
}

/* The line after the one at p, or NULL at the end. */
static const char *next_line(const char *p)
{
	p = strchr(p, '\n');
	return p ? p + 1 : NULL;
}

/* Does s hold line as one whole line (without its newline)? */
static int has_line(const char *s, const char *line)
{
	size_t len = strlen(line);

	for (const char *p = s; p && *p; p = next_line(p)) {
		if (strncmp(p, line, len) == 0 && p[len] == '\n') {
			return 1;
		}
	}
	return 0;
}

/* The line of s that starts with prefix, or NULL. */
static const char *line_starting(const char *s, const char *prefix)
{
	size_t len = strlen(prefix);

	for (const char *p = s; p && *p; p = next_line(p)) {
		if (strncmp(p, prefix, len) == 0) {
			return p;
		}
	}
	return NULL;
}

/* Parse "digits.dd" (two decimals) at *p into hundredths; 0 if malformed. */
static int parse_centis(const char **p, long *out)
{
	const char *s = *p;
	long v = 0;

	if (!isdigit((unsigned char)*s)) {
		return 0;
	}
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s++ - '0');
	}
	if (s[0] != '.' || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || isdigit((unsigned char)s[3])) {
		return 0;
	}
	*out = v * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	*p = s + 3;
	return 1;
}

/* Is s a whole (optionally negative) decimal number? */
static int is_number(const char *s)
{
	if (*s == '-') {
		s++;
	}
	if (!*s) {
		return 0;
	}
	while (isdigit((unsigned char)*s)) {
		s++;
	}
	return *s == 0;
}

/*
 * A parsed /proc/<pid>/stat: the pid, the comm between the first '(' and
 * the last ')', and the fields after it (field 3, the state, is f[0]).
 */
struct pstat {
	long pid;
	char comm[64];
	char *f[64];
	int nf;
	char buf[1024];
};

static int read_stat(const char *path, struct pstat *ps)
{
	char *open_paren, *close_paren, *tok, *save;

	if (slurp(path) < 0 || strlen(text) >= sizeof(ps->buf)) {
		return 0;
	}
	strcpy(ps->buf, text);
	open_paren = strchr(ps->buf, '(');
	close_paren = strrchr(ps->buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren ||
	    close_paren - open_paren - 1 >= (long)sizeof(ps->comm) ||
	    open_paren[-1] != ' ' || close_paren[1] != ' ' ||
	    ps->buf[strlen(ps->buf) - 1] != '\n') {
		return 0;
	}
	open_paren[-1] = 0;
	if (!is_number(ps->buf)) {
		return 0;
	}
	ps->pid = atol(ps->buf);
	memcpy(ps->comm, open_paren + 1, close_paren - open_paren - 1);
	ps->comm[close_paren - open_paren - 1] = 0;
	ps->nf = 0;
	for (tok = strtok_r(close_paren + 2, " \n", &save); tok && ps->nf < 64;
	     tok = strtok_r(NULL, " \n", &save)) {
		ps->f[ps->nf++] = tok;
	}
	return 1;
}

/* Field n (1-based, as in proc(5)) of a parsed stat, as a number. */
static long field(const struct pstat *ps, int n)
{
	return n - 3 < ps->nf ? atol(ps->f[n - 3]) : -1;
}

static void test_self_stat(void)
{
	static struct pstat ps;
	char buf[32], name[16] = { 0 };
	int numeric = 1;
	long n;

	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	CHECK(n > 0 && atol(buf) == getpid() && is_number(buf),
	      "/proc/self links to our pid");
	CHECK(prctl(PR_SET_NAME, LONG_NAME) == 0 &&
	      prctl(PR_GET_NAME, name) == 0 && strcmp(name, COMM) == 0,
	      "PR_SET_NAME keeps the first 15 bytes of the name");
	CHECK(read_stat("/proc/self/stat", &ps), "/proc/self/stat parses");
	CHECK(ps.pid == getpid() && strcmp(ps.comm, COMM) == 0,
	      "stat: the pid, and the comm up to the last ')'");
	CHECK(ps.nf == 50, "stat: 52 fields");
	CHECK(ps.nf > 0 && strcmp(ps.f[0], "R") == 0,
	      "stat: the reader is running (R)");
	CHECK(field(&ps, 4) == getppid() && field(&ps, 5) == getpgrp() &&
	      field(&ps, 6) == getsid(0), "stat: ppid, pgrp and session");
	CHECK(field(&ps, 20) == 1, "stat: num_threads is 1");
	for (int i = 1; i < ps.nf; i++) {
		numeric &= is_number(ps.f[i]);
	}
	CHECK(ps.nf > 1 && numeric, "stat: every field after the state is a "
	      "number");
	/* Linux's batched counters can show a small process's rss as 0. */
	CHECK(field(&ps, 22) >= 0 && field(&ps, 23) > 0 && field(&ps, 24) >= 0,
	      "stat: starttime, vsize and rss");
}

static void test_self_status(void)
{
	char line[128];
	const char *rss;
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	CHECK(slurp("/proc/self/status") > 0, "read /proc/self/status");
	CHECK(has_line(text, "Name:\t" COMM), "status: Name");
	CHECK(has_line(text, "State:\tR (running)"), "status: State");
	snprintf(line, sizeof(line), "Pid:\t%d", getpid());
	CHECK(has_line(text, line), "status: Pid");
	snprintf(line, sizeof(line), "PPid:\t%d", getppid());
	CHECK(has_line(text, line), "status: PPid");
	getresuid(&ru, &eu, &su);
	snprintf(line, sizeof(line), "Uid:\t%u\t%u\t%u\t%u", ru, eu, su,
		 setfsuid(-1));
	CHECK(has_line(text, line), "status: Uid real, effective, saved, fs");
	getresgid(&rg, &eg, &sg);
	snprintf(line, sizeof(line), "Gid:\t%u\t%u\t%u\t%u", rg, eg, sg,
		 setfsgid(-1));
	CHECK(has_line(text, line), "status: Gid real, effective, saved, fs");
	rss = line_starting(text, "VmRSS:");
	rss = rss ? strchr(rss, '\n') : NULL;
	CHECK(rss && strncmp(rss - 3, " kB", 3) == 0, "status: VmRSS in kB");
	CHECK(slurp("/proc/self/comm") > 0 && strcmp(text, COMM "\n") == 0,
	      "/proc/self/comm is the name and a newline");
}

/* The exec'd child: 1 if its cmdline is wrong, plus 2 if its comm is. */
static int cmdline_child(void)
{
	static const char want[] = "/proc_test\0child\0x y";
	long n = slurp("/proc/self/cmdline");
	int bad = n != sizeof(want) || memcmp(text, want, sizeof(want)) != 0;

	if (slurp("/proc/self/comm") < 0 || strcmp(text, "proc_test\n") != 0) {
		bad |= 2;
	}
	return bad;
}

static void test_cmdline_and_links(void)
{
	char buf[256];
	int status = -1;
	long n;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		char *argv[] = { "/proc_test", "child", "x y", NULL };
		char *envp[] = { "A=1", NULL };

		execve("/proc_test", argv, envp);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) < 4 &&
	      !(WEXITSTATUS(status) & 1),
	      "an exec'd child's cmdline is its argv, each ending in NUL");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) < 4 &&
	      !(WEXITSTATUS(status) & 2),
	      "an exec'd child's comm is its file's name");

	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	CHECK(n == 10 && memcmp(buf, "/proc_test", 10) == 0,
	      "/proc/self/exe is /proc_test");
	n = readlink("/proc/self/cwd", buf, sizeof(buf) - 1);
	CHECK(n == 1 && buf[0] == '/', "/proc/self/cwd is /");
	n = chdir("/proc") == 0 ? readlink("/proc/self/cwd", buf,
					     sizeof(buf) - 1) : -1;
	CHECK(n == 5 && memcmp(buf, "/proc", 5) == 0,
	      "after chdir(\"/proc\") it is /proc");
	CHECK(chdir("/") == 0, "chdir back to /");
	CHECK(readlink("/proc/self/stat", buf, sizeof(buf)) == -1 &&
	      errno == EINVAL, "readlink of a file that is no link is EINVAL");
}

/* Is there a line for [lo, hi) that is anonymous rw-p and unnamed? */
static int anon_rw_line(unsigned long lo, unsigned long hi)
{
	char prefix[80];
	const char *p;

	snprintf(prefix, sizeof(prefix), "%08lx-%08lx rw-p 00000000 00:00 0",
		 lo, hi);
	p = line_starting(text, prefix);
	if (!p) {
		return 0;
	}
	for (p += strlen(prefix); *p == ' '; p++) {
	}
	return *p == '\n';
}

static void test_maps(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *base, *mid;
	const char *p;
	int text_line = 0;

	/* PROT_NONE guards around it keep it from merging with neighbours. */
	base = mmap(NULL, 5 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	mid = base == MAP_FAILED ? MAP_FAILED :
	      mmap(base + page, 3 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(mid != MAP_FAILED && mid == base + page,
	      "mmap 3 read-write pages between guards");
	if (mid == MAP_FAILED) {
		return;
	}
	mid[0] = 1;
	CHECK(slurp("/proc/self/maps") > 0 &&
	      anon_rw_line((unsigned long)mid, (unsigned long)mid + 3 * page),
	      "maps has an unnamed rw-p line for exactly those pages");
	for (p = text; p && *p; p = next_line(p)) {
		const char *end = strchr(p, '\n');

		const char *perms = strchr(p, ' ');

		if (end && perms && perms < end && end - p > 30 &&
		    strncmp(perms, " r-xp ", 6) == 0 &&
		    strncmp(end - 11, " /proc_test", 11) == 0) {
			text_line = 1;
		}
	}
	CHECK(text_line, "maps has an r-xp line for /proc_test's text");
	munmap(mid, 3 * page);
	CHECK(slurp("/proc/self/maps") > 0 &&
	      !anon_rw_line((unsigned long)mid, (unsigned long)mid + 3 * page),
	      "after munmap the line is gone");
	munmap(base, 5 * page);
}

static int fd_listed(int fd)
{
	char name[16];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");
	int found = 0;

	if (!dir) {
		return -1;
	}
	snprintf(name, sizeof(name), "%d", fd);
	while ((d = readdir(dir))) {
		found |= strcmp(d->d_name, name) == 0;
	}
	closedir(dir);
	return found;
}

static void test_fds(void)
{
	char path[64], buf[64];
	int fd = open("/proc_test", O_RDONLY);
	long n;

	/* A high number, so that opendir cannot reuse it once it is closed. */
	if (fd >= 0) {
		n = fd;
		fd = dup2(fd, 40);
		close(n);
	}

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	CHECK(fd >= 0 && n == 10 && memcmp(buf, "/proc_test", 10) == 0,
	      "/proc/self/fd/N links to the file open as N");
	CHECK(fd_listed(fd) == 1, "/proc/self/fd lists N");
	close(fd);
	CHECK(fd_listed(fd) == 0, "and not after close");
	CHECK(readlink(path, buf, sizeof(buf)) == -1 && errno == ENOENT,
	      "a closed fd's link is ENOENT");
}

static void test_other_processes(void)
{
	static struct pstat ps;
	char path[64];
	int status, fds[2];
	siginfo_t si;
	pid_t pid;

	snprintf(path, sizeof(path), "/proc/%d/stat", getppid());
	CHECK(getppid() == 0 ? access(path, F_OK) == -1 && errno == ENOENT :
	      read_stat(path, &ps) && ps.pid == getppid(),
	      "the parent's stat shows its pid (if we have a parent)");
	CHECK(access("/proc/999999999/stat", F_OK) == -1 && errno == ENOENT,
	      "a pid above any pid_max is ENOENT");

	CHECK(pipe(fds) == 0, "a pipe to hold a child");
	pid = fork();
	if (pid == 0) {
		char c;

		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 0 ? 0 : 1);
	}
	close(fds[0]);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	CHECK(read_stat(path, &ps) && ps.pid == pid &&
	      field(&ps, 4) == getpid() && strcmp(ps.comm, COMM) == 0,
	      "a child's stat: its pid, our pid as ppid, the inherited comm");
	close(fds[1]);
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 &&
	      read_stat(path, &ps) && ps.nf > 0 && strcmp(ps.f[0], "Z") == 0,
	      "an exited, unreaped child is a zombie (Z)");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "reap it");
	CHECK(access(path, F_OK) == -1 && errno == ENOENT,
	      "a reaped child's stat is ENOENT");
}

/* The value of "key:   N kB" in text, or -1. */
static long kb_value(const char *key)
{
	const char *p = line_starting(text, key);
	char *end;
	long v;

	if (!p) {
		return -1;
	}
	p += strlen(key);
	while (*p == ' ') {
		p++;
	}
	v = strtol(p, &end, 10);
	return end != p && strncmp(end, " kB\n", 4) == 0 ? v : -1;
}

static void test_memory(void)
{
	struct sysinfo si;
	long total, freekb, avail;
	double sys_total;

	CHECK(slurp("/proc/meminfo") > 0 &&
	      strncmp(text, "MemTotal:", 9) == 0 &&
	      strncmp(strchr(text, '\n') + 1, "MemFree:", 8) == 0 &&
	      strncmp(strchr(strchr(text, '\n') + 1, '\n') + 1,
		      "MemAvailable:", 13) == 0,
	      "meminfo starts with MemTotal, MemFree, MemAvailable");
	total = kb_value("MemTotal:");
	freekb = kb_value("MemFree:");
	avail = kb_value("MemAvailable:");
	CHECK(total > 0 && freekb >= 0 && avail >= 0 && freekb <= total &&
	      avail <= total, "their values in kB, free ones within the total");
	CHECK(sysinfo(&si) == 0, "sysinfo");
	sys_total = (double)si.totalram * si.mem_unit / 1024;
	CHECK(total > 0.99 * sys_total && total < 1.01 * sys_total,
	      "MemTotal agrees with sysinfo's totalram");
}

static void test_uptime_and_load(void)
{
	struct timespec wait = { 1, 100 * 1000 * 1000 };
	long up1 = -1, idle, up2 = -1;
	const char *p;
	int ok, running, total, last;
	double l1, l5, l15;
	char nl;

	ok = slurp("/proc/uptime") > 0;
	p = text;
	ok = ok && parse_centis(&p, &up1) && *p++ == ' ' &&
	     parse_centis(&p, &idle) && strcmp(p, "\n") == 0;
	CHECK(ok, "uptime is two numbers with two decimals");
	nanosleep(&wait, NULL);
	ok = slurp("/proc/uptime") > 0;
	p = text;
	ok = ok && parse_centis(&p, &up2);
	CHECK(ok && up2 - up1 >= 100 && up2 - up1 < 500,
	      "uptime grows by 1 to 5 s over a 1.1 s sleep");

	CHECK(slurp("/proc/loadavg") > 0 &&
	      sscanf(text, "%lf %lf %lf %d/%d %d%c", &l1, &l5, &l15, &running,
		     &total, &last, &nl) == 7 && nl == '\n' && l1 >= 0 &&
	      l5 >= 0 && l15 >= 0 && running >= 1 && running <= total &&
	      last > 0, "loadavg: three loads, running/total, the last pid");
	p = text;
	CHECK(parse_centis(&p, &idle) && *p++ == ' ' &&
	      parse_centis(&p, &idle) && *p++ == ' ' &&
	      parse_centis(&p, &idle) && *p == ' ',
	      "loadavg: the loads have two decimals");
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	long n = fd < 0 ? -1 : write(fd, s, strlen(s));

	if (fd >= 0) {
		close(fd);
	}
	return n == (long)strlen(s);
}

/*
 * Under an unprivileged user namespace (run-in-root as non-root on Linux)
 * the hostname belongs to the initial namespace: writing it needs real root.
 */
static int full_root(void)
{
	return slurp("/proc/self/uid_map") < 0 ||
	       strstr(text, "4294967295") != NULL;
}

static void test_versions_and_sysctl(void)
{
	struct utsname u, u2;
	char want[128];
	long n;

	CHECK(uname(&u) == 0, "uname");
	CHECK(slurp("/proc/version") > 0 &&
	      strncmp(text, "Linux version ", 14) == 0 &&
	      strncmp(text + 14, u.release, strlen(u.release)) == 0 &&
	      text[14 + strlen(u.release)] == ' ',
	      "version: \"Linux version \" and the release");
	snprintf(want, sizeof(want), "%s\n", u.release);
	CHECK(slurp("/proc/sys/kernel/osrelease") > 0 &&
	      strcmp(text, want) == 0, "sys/kernel/osrelease is the release");
	snprintf(want, sizeof(want), "%s\n", u.nodename);
	CHECK(slurp("/proc/sys/kernel/hostname") > 0 &&
	      strcmp(text, want) == 0, "sys/kernel/hostname is the nodename");
	if (!full_root()) {
		utest_say("# hostname write skipped: not real root\n");
	} else {
		CHECK(write_file("/proc/sys/kernel/hostname", "proc-test\n") &&
		      uname(&u2) == 0 && strcmp(u2.nodename, "proc-test") == 0,
		      "writing sys/kernel/hostname sets the nodename");
		CHECK(sethostname(u.nodename, strlen(u.nodename)) == 0 &&
		      uname(&u2) == 0 && strcmp(u2.nodename, u.nodename) == 0,
		      "restore the nodename");
	}
	n = slurp("/proc/sys/kernel/pid_max");
	CHECK(n > 1 && text[n - 1] == '\n' && (text[n - 1] = 0, 1) &&
	      is_number(text) && atol(text) > 0,
	      "sys/kernel/pid_max is a positive number");
}

static void test_system_files(void)
{
	const char *btime;

	CHECK(slurp("/proc/mounts") > 0 &&
	      line_starting(text, "proc /proc proc "),
	      "mounts has our proc mount");
	CHECK(slurp("/proc/cpuinfo") > 0 &&
	      line_starting(text, "processor\t: 0\n"),
	      "cpuinfo has processor 0");
	CHECK(slurp("/proc/stat") > 0 && strncmp(text, "cpu ", 4) == 0,
	      "stat starts with the cpu line");
	btime = line_starting(text, "btime ");
	CHECK(btime && atol(btime + 6) > 1000000000 &&
	      atol(btime + 6) <= time(NULL), "stat: btime is a past time");
}

/*
 * Root's CAP_DAC_OVERRIDE lets it open a read-only proc file for writing,
 * and then the write is EINVAL; a user is refused at the open.
 */
static void test_errors(void)
{
	int fd = open("/proc/self/stat", O_WRONLY), status = -1;
	pid_t pid;

	CHECK(fd >= 0 && write(fd, "x", 1) == -1 && errno == EINVAL,
	      "root opens /proc/self/stat for writing; the write is EINVAL");
	close(fd);
	if (!full_root()) {
		utest_say("# write-open as a user skipped: not real root\n");
	} else {
		pid = fork();
		if (pid == 0) {
			if (setgid(65534) != 0 || setuid(65534) != 0) {
				_exit(2);
			}
			_exit(open("/proc/self/stat", O_WRONLY) == -1 &&
			      errno == EACCES ? 0 : 1);
		}
		waitpid(pid, &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "a user opening /proc/self/stat for writing is EACCES");
	}
	CHECK(open("/proc/newfile", O_CREAT | O_WRONLY, 0644) == -1 &&
	      errno == ENOENT, "creating a file in /proc is ENOENT");
	CHECK(mkdir("/proc/newdir", 0755) == -1 && errno == ENOENT,
	      "mkdir in /proc is ENOENT");
	CHECK(unlink("/proc/uptime") == -1 && errno == EPERM,
	      "unlink in /proc is EPERM");
}

static volatile pid_t thread_tid;
static volatile int thread_stop;

static void *idle_thread(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	while (!thread_stop) {
		usleep(1000);
	}
	return NULL;
}

/* The names in a directory other than . and .., or -1. */
static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d) {
		return -1;
	}
	while ((e = readdir(d))) {
		n += e->d_name[0] != '.';
	}
	closedir(d);
	return n;
}

/* The sum of the numbers on /proc/interrupts' LOC line, or -1. */
static long local_timer_interrupts(void)
{
	char *at, *end;
	long sum = 0;

	if (slurp("/proc/interrupts") <= 0 || !(at = strstr(text, "\nLOC:"))) {
		return -1;
	}
	at += 5;
	for (;;) {
		long v = strtol(at, &end, 10);

		if (end == at) {
			return sum;
		}
		sum += v;
		at = end;
	}
}

static void test_interrupts(void)
{
	long before = local_timer_interrupts();

	usleep(50000);
	CHECK(strncmp(text, "           CPU0", 15) == 0 && before >= 0 &&
	      local_timer_interrupts() > before,
	      "/proc/interrupts: a CPU0 column; timer interrupts count up");
}

static void test_threads_limits_mountinfo(void)
{
	char path[64], want[160];
	struct rlimit lim;
	pthread_t t;

	thread_stop = 0;
	pthread_create(&t, NULL, idle_thread, NULL);
	while (!thread_tid) {
		usleep(1000);
	}
	CHECK(count_entries("/proc/self/task") == 2,
	      "/proc/self/task: the main thread and the other");
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", getpid());
	snprintf(want, sizeof(want), "%d (", getpid());
	CHECK(slurp(path) > 0 && strncmp(text, want, strlen(want)) == 0,
	      "task/<pid>/stat is the main thread's");
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", thread_tid);
	snprintf(want, sizeof(want), "%d (", thread_tid);
	CHECK(slurp(path) > 0 && strncmp(text, want, strlen(want)) == 0,
	      "task/<tid>/stat is the other thread's");
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", getppid());
	CHECK(slurp(path) < 0 && errno == ENOENT,
	      "another process's id is not a task of ours");
	CHECK(slurp("/proc/self/status") > 0 && strstr(text, "\nThreads:\t2\n"),
	      "status: Threads: 2");
	thread_stop = 1;
	pthread_join(t, NULL);

	getrlimit(RLIMIT_NOFILE, &lim);
	snprintf(want, sizeof(want), "\nMax open files            %-20lu "
		 "%-20lu files     \n", (unsigned long)lim.rlim_cur,
		 (unsigned long)lim.rlim_max);
	CHECK(slurp("/proc/self/limits") > 0 &&
	      strncmp(text, "Limit                     Soft Limit           "
		      "Hard Limit           Units     \n", 78) == 0 &&
	      strstr(text, want), "limits: the header and RLIMIT_NOFILE");

	CHECK(slurp("/proc/self/mountinfo") > 0 &&
	      strstr(text, " / /proc rw,relatime - proc proc rw\n"),
	      "mountinfo: the procfs mount, its root, flags, type, source");
	mkdir("/mi_t", 0755);
	mkdir("/mi_b", 0755);
	CHECK(mount("mi", "/mi_t", "tmpfs", 0, "size=1m") == 0 &&
	      mkdir("/mi_t/sub", 0755) == 0 &&
	      mount("/mi_t/sub", "/mi_b", NULL, MS_BIND, NULL) == 0 &&
	      slurp("/proc/self/mountinfo") > 0 &&
	      strstr(text, " /sub /mi_b rw,relatime - tmpfs mi rw,size=1024k"),
	      "mountinfo: a bind mount's root inside its file system");
	umount2("/mi_b", 0);
	umount2("/mi_t", 0);
	rmdir("/mi_b");
	rmdir("/mi_t");
}

int main(int argc, char **argv)
{
	int made;

	if (argc == 3 && strcmp(argv[1], "child") == 0) {
		return cmdline_child();
	}
	made = mkdir("/proc", 0555) == 0;
	CHECK(made || errno == EEXIST, "a /proc directory");
	if (!CHECK(mount("proc", "/proc", "proc", 0, NULL) == 0,
		   "mount procfs at /proc")) {
		if (made) {
			rmdir("/proc");
		}
		return utest_done();
	}
	test_self_stat();
	test_self_status();
	test_cmdline_and_links();
	test_maps();
	test_fds();
	test_other_processes();
	test_memory();
	test_uptime_and_load();
	test_versions_and_sysctl();
	test_system_files();
	test_threads_limits_mountinfo();
	test_interrupts();
	test_errors();
	if (!CHECK(chdir("/") == 0 && umount2("/proc", 0) == 0,
		   "unmount /proc")) {
		umount2("/proc", MNT_DETACH);
	}
	CHECK(!made || rmdir("/proc") == 0, "remove the /proc we made");
	return utest_done();
}

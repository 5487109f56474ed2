// User programs on the host frame: the kernel runs a static musl program
// from the initramfs as init, through the frame's user mode, and powers
// off with its exit status.
#include <gtest/gtest.h>

#include <dirent.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "interactive_shell.h"
#include "kernel_process.h"

TEST(UserMode, HelloWritesAndExitsWithItsStatus)
{
	KernelRun run = RunKernel({ "--initrd=" USER_INITRAMFS,
				    "--cmdline=init=/hello" });

	EXPECT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 42) << run.output;
	EXPECT_NE(run.output.find("\nhello from user mode\n"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find("init /hello exited with status 42"),
		  std::string::npos) << run.output;
	EXPECT_FALSE(HasToolReport(run.output)) << run.output;
}

TEST(UserMode, MissingInitIsAnErrorNotACrash)
{
	KernelRun run = RunKernel({ "--initrd=" USER_INITRAMFS,
				    "--cmdline=init=/no/such/program" });

	EXPECT_EQ(run.exit_status, 127) << run.output;
	EXPECT_NE(run.output.find("cannot start init /no/such/program: "
				  "error -2"), std::string::npos) << run.output;
}

namespace {

// What the host kernel knows of one stub process of ours.
struct StubSample {
	int seccomp = -1;		// /proc/PID/status Seccomp:
	long syscr = -1, syscw = -1;	// /proc/PID/io: read and write calls run
};

long FieldOf(const std::string &path, const std::string &key)
{
	std::ifstream in(path);
	std::string line;

	while (std::getline(in, line)) {
		if (line.compare(0, key.size(), key) == 0) {
			return std::stol(line.substr(key.size()));
		}
	}
	return -1;
}

pid_t ParentOf(pid_t pid)
{
	return (pid_t)FieldOf("/proc/" + std::to_string(pid) + "/status",
			      "PPid:");
}

// The host frame's user-process stubs that descend from this test.
std::map<pid_t, StubSample> SampleStubs()
{
	std::map<pid_t, StubSample> found;
	DIR *d = opendir("/proc");

	for (struct dirent *e; d && (e = readdir(d));) {
		pid_t pid = (pid_t)atoi(e->d_name);
		std::string dir = std::string("/proc/") + e->d_name;
		char exe[256];
		ssize_t n;

		if (pid <= 0) {
			continue;
		}
		n = readlink((dir + "/exe").c_str(), exe, sizeof(exe) - 1);
		if (n <= 0 || std::string(exe, (size_t)n).find("memfd:hf-stub") ==
				      std::string::npos) {
			continue;
		}
		pid_t up = pid;
		while (up > 1 && up != getpid()) {
			up = ParentOf(up);
		}
		if (up != getpid()) {
			continue;
		}
		StubSample s;
		s.seccomp = (int)FieldOf(dir + "/status", "Seccomp:");
		s.syscr = FieldOf(dir + "/io", "syscr:");
		s.syscw = FieldOf(dir + "/io", "syscw:");
		if (s.seccomp >= 0 && s.syscr >= 0) {
			found[pid] = s;
		}
	}
	if (d) {
		closedir(d);
	}
	return found;
}

// Boot with init=/prog (and any more arguments for the kernel) and expect
// the program's own TAP verdict.
void ExpectUserProgramPasses(const std::string &prog,
			     const std::vector<std::string> &more = {})
{
	std::vector<std::string> args = { "--initrd=" USER_INITRAMFS,
					  "--cmdline=init=/" + prog };

	args.insert(args.end(), more.begin(), more.end());
	KernelRun run = RunKernel(args);

	EXPECT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("PASS: "), std::string::npos) << run.output;
	EXPECT_EQ(run.output.find("not ok"), std::string::npos) << run.output;
	EXPECT_FALSE(HasToolReport(run.output)) << run.output;
}

} // namespace

TEST(UserMode, MemoryProgramPasses)
{
	ExpectUserProgramPasses("mm_test");
}

TEST(UserMode, FileMappingProgramPasses)
{
	ExpectUserProgramPasses("mmap_test");
}

TEST(UserMode, ProcessProgramPasses)
{
	ExpectUserProgramPasses("fork_test");
}

TEST(UserMode, StopContinueAndWaitProgramPasses)
{
	ExpectUserProgramPasses("wait_test");
}

TEST(UserMode, DescriptorAndPipeProgramPasses)
{
	ExpectUserProgramPasses("pipe_test");
}

TEST(UserMode, FileProgramPasses)
{
	ExpectUserProgramPasses("files_test");
}

TEST(UserMode, SystemCallProgramPasses)
{
	ExpectUserProgramPasses("sys_test");
}

// The work is this kernel's: busybox's uname reports it, not the host.
TEST(UserMode, BusyboxUnameShowsThisKernel)
{
	KernelRun run = RunKernel({ "--initrd=" BUSYBOX_INITRAMFS,
				    "--cmdline=init=/bin/uname loglevel=3 -- -rs" });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("Linux 6.1.0-framekernel\n"),
		  std::string::npos) << run.output;
}

// The host runs none of a user program's system calls: its stub process
// is confined by seccomp to mmap and munmap, and the host's own accounting
// shows no read or write call run by it while the shell wrote and read a
// file 300 times. (Counts from before the stub's exec, such as Valgrind's
// own in the forked child, stay as they were.)
TEST(UserMode, StubRunsNoneOfTheUserSystemCalls)
{
	using Clock = std::chrono::steady_clock;
	std::map<pid_t, StubSample> first, last;
	std::map<pid_t, Clock::time_point> seen_from, seen_to;
	std::atomic<bool> done{ false };
	KernelRun run;
	std::thread kernel([&] {
		run = RunKernel({ "--initrd=" BUSYBOX_INITRAMFS, "--clock=real",
				  "--cmdline=init=/bin/sh loglevel=3 -- -c \"sleep 1;"
				  " i=0; while [ $i -lt 300 ]; do echo x > /tmp/f;"
				  " cat /tmp/f > /dev/null; i=$((i+1)); done;"
				  " sleep 1; echo done\"" });
		done = true;
	});

	while (!done) {
		for (const auto &[pid, sample] : SampleStubs()) {
			first.emplace(pid, sample);
			seen_from.emplace(pid, Clock::now());
			last[pid] = sample;
			seen_to[pid] = Clock::now();
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	}
	kernel.join();

	ASSERT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("done\n"), std::string::npos) << run.output;
	ASSERT_FALSE(first.empty()) << "no stub process was seen";
	double longest = 0;
	for (const auto &[pid, s] : last) {
		double span = std::chrono::duration<double>(seen_to[pid] -
							    seen_from[pid]).count();

		// A stub seen only as it starts may not have its filter yet.
		if (span > 0.05) {
			EXPECT_EQ(s.seccomp, 2) << "stub " << pid
						<< " has no filter";
		}
		EXPECT_EQ(s.syscw, first[pid].syscw)
			<< "stub " << pid << " ran write calls";
		EXPECT_EQ(s.syscr, first[pid].syscr)
			<< "stub " << pid << " ran read calls";
		longest = std::max(longest, span);
	}
	// The shell's stub was watched through both sleeps and the loop.
	EXPECT_GE(longest, 1.9);
	EXPECT_FALSE(HasToolReport(run.output)) << run.output;
}

TEST(UserMode, DeviceProgramPasses)
{
	ExpectUserProgramPasses("devices_test");
}

TEST(UserMode, LinkRenameAndMoreFileCallsProgramPasses)
{
	ExpectUserProgramPasses("links_test");
}

TEST(UserMode, SignalProgramPasses)
{
	ExpectUserProgramPasses("signal_test");
}

TEST(UserMode, BadPointerProgramPasses)
{
	ExpectUserProgramPasses("fault_test");
}

TEST(UserMode, ProcfsProgramPasses)
{
	ExpectUserProgramPasses("proc_test");
}

TEST(UserMode, MountProgramPasses)
{
	ExpectUserProgramPasses("mount_test");
}

TEST(UserMode, PermissionProgramPasses)
{
	ExpectUserProgramPasses("perm_test");
}

// 64 MiB shared copy-on-write after fork, then copied: with the copy and
// the kernel's own use, more than the default 128 MiB of RAM.
TEST(UserMode, PseudoTerminalProgramPasses)
{
	ExpectUserProgramPasses("pty_test");
}

TEST(UserMode, TimerProgramPasses)
{
	ExpectUserProgramPasses("timer_test");
}

TEST(UserMode, ThreadProgramPasses)
{
	ExpectUserProgramPasses("thread_test");
}

TEST(UserMode, CloneProgramPasses)
{
	ExpectUserProgramPasses("clone_test");
}

TEST(UserMode, PollProgramPasses)
{
	ExpectUserProgramPasses("poll_test");
}

TEST(UserMode, IsolationProgramPasses)
{
	ExpectUserProgramPasses("isolation_test", { "--mem=256M" });
}

// File system calls are this kernel's, not the host's: a file the guest
// writes in its /tmp never appears in the host's, and a host file in /tmp
// is not there for the guest.
TEST(UserMode, GuestFilesNeverReachTheHost)
{
	char token[64];

	snprintf(token, sizeof(token), "%d-%08x", getpid(),
		 (unsigned)std::random_device{}());
	std::string host_file = std::string("/tmp/framekernel-host-") + token;
	std::string guest_file = std::string("/tmp/framekernel-guest-") + token;
	ASSERT_NE(access(guest_file.c_str(), F_OK), 0) << guest_file;
	{
		std::ofstream out(host_file);
		out << "host-only-content\n";
	}
	ASSERT_EQ(access(host_file.c_str(), F_OK), 0) << host_file;

	KernelRun run = RunKernel(
		{ "--initrd=" BUSYBOX_INITRAMFS,
		  "--cmdline=init=/bin/sh loglevel=3 -- -c \""
		  "echo guest-wrote-this > " + guest_file +
		  "; cat " + guest_file + "; cat " + host_file +
		  "; ls " + host_file + "; echo end-of-script\"" });
	bool guest_file_on_host = access(guest_file.c_str(), F_OK) == 0;

	unlink(host_file.c_str());
	if (guest_file_on_host) {
		unlink(guest_file.c_str());
	}
	EXPECT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(("\n" + run.output).find("\nguest-wrote-this\n"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find("cat: can't open '" + host_file +
				  "': No such file or directory"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find(host_file + ": No such file or directory"),
		  std::string::npos) << run.output;
	EXPECT_EQ(run.output.find("host-only-content"), std::string::npos)
		<< run.output;
	EXPECT_NE(run.output.find("end-of-script\n"), std::string::npos)
		<< run.output;
	EXPECT_FALSE(guest_file_on_host) << guest_file << " is on the host";
	EXPECT_FALSE(HasToolReport(run.output)) << run.output;
}


// The console as a terminal: interactive_shell.h. Real time, so that
// sleep 100 is 100 seconds and only ^C can end it early.
TEST(UserMode, InteractiveShellWithJobControl)
{
	ExpectInteractiveShellWorked(RunKernel(
		{ "--initrd=" BUSYBOX_INITRAMFS, "--clock=real",
		  InteractiveShellCmdline() },
		InteractiveShellTyping()));
}

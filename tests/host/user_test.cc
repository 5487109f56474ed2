// User programs on the host frame: the kernel runs a static musl program
// from the initramfs as init, through the frame's user mode, and powers
// off with its exit status.
#include <gtest/gtest.h>

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

// Boot with init=/prog and expect the program's own TAP verdict.
void ExpectUserProgramPasses(const std::string &prog)
{
	KernelRun run = RunKernel({ "--initrd=" USER_INITRAMFS,
				    "--cmdline=init=/" + prog });

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

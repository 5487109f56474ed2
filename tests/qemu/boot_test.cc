// The bare-metal image in QEMU as a whole: both boot paths (PVH through
// -kernel, GRUB's multiboot2 from the ISO) with an initramfs, console input,
// and planted failures, each of which must end with the kernel's own report
// and a failure status, never a reset or a hang. (No deadlock test here:
// with the console's receive interrupt attached, an idle machine rightly
// waits for someone to type; the host frame, which knows when input is
// closed, tests deadlock detection.)
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "../host/interactive_shell.h"
#include "../host/kernel_process.h"

namespace {

// The log line the kernel prints for an initramfs: size and FNV-1a hash.
std::string InitramfsLine(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	std::stringstream data;
	uint32_t h = 0x811c9dc5;
	char line[64];

	data << in.rdbuf();
	for (unsigned char c : data.str()) {
		h = (h ^ c) * 0x01000193;
	}
	snprintf(line, sizeof(line), "initramfs: %zu bytes, fnv1a %08x",
		 data.str().size(), h);
	return line;
}

} // namespace

TEST(BootQemu, PvhPassesCommandLineAndInitramfs)
{
	KernelRun run = RunKernel({ "--initrd=" QEMU_INITRAMFS,
				    "--cmdline=loglevel=6", "--test=timer" });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("booted by PVH, command line 'loglevel=6 "
				  "ktest=timer'"), std::string::npos)
		<< run.output;
	EXPECT_NE(run.output.find(InitramfsLine(QEMU_INITRAMFS)),
		  std::string::npos) << run.output;
}

TEST(BootQemu, ConsoleInputArrivesByInterrupt)
{
	KernelRun run = RunKernel({ "--test=console_input.echoes_a_typed_line" },
				  { { "console: type a line",
				      "hello metal\n" } });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("console echo: 'hello metal'"),
		  std::string::npos) << run.output;
}

TEST(BootQemu, AcpiPowersOffWithoutTheTestDevice)
{
	KernelRun run = RunProcess({ QEMU_RUN, "--kernel=" KERNEL_ELF,
				     "--cpu=" QEMU_CPU, "--no-debug-exit",
				     "--test=timer" }, KERNEL_TEST_TIMEOUT);

	EXPECT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("frame: power off through ACPI"),
		  std::string::npos) << run.output;
	EXPECT_EQ(run.output.find("did not happen"), std::string::npos)
		<< run.output;
}

TEST(BootQemu, WithoutLocalApicFallsBackToPicAndPit)
{
	// QEMU refuses the edu device (it does MSI) without a local APIC.
	KernelRun run = RunProcess(
		{ QEMU_RUN, "--kernel=" KERNEL_ELF, "--cpu=" QEMU_CPU ",-apic",
		  "--no-edu", "--test=sched,wait,timer,frame_irq,frame_time,"
			      "console_input.echoes_a_typed_line" },
		KERNEL_TEST_TIMEOUT,
		{ { "console: type a line", "through the PIC\n" } });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("no local APIC: the 8259 PICs and the PIT"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find("console echo: 'through the PIC'"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find(" fail=0\n"), std::string::npos)
		<< run.output;
}

TEST(BootQemu, UserProgramRunsInRing3AndExitsWithItsStatus)
{
	KernelRun run = RunKernel({ "--initrd=" USER_INITRAMFS,
				    "--cmdline=init=/hello" });

	EXPECT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 42) << run.output;
	EXPECT_NE(run.output.find("\nhello from user mode\n"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find("init /hello exited with status 42"),
		  std::string::npos) << run.output;
}

// The same static test programs as on the host frame.
TEST(BootQemu, UserMemoryAndProcessProgramsPass)
{
	for (const char *prog : { "/mm_test", "/mmap_test", "/fork_test",
				  "/pipe_test", "/files_test", "/sys_test",
				  "/devices_test", "/links_test",
				  "/fault_test", "/signal_test",
				  "/proc_test", "/mount_test",
				  "/perm_test", "/wait_test",
				  "/poll_test", "/clone_test", "/thread_test",
				  "/timer_test", "/pty_test",
				  "/isolation_test" }) {
		std::vector<std::string> args = {
			"--initrd=" USER_INITRAMFS,
			std::string("--cmdline=init=") + prog
		};

		// 64 MiB copied after fork needs more than the default RAM.
		if (std::string(prog) == "/isolation_test") {
			args.push_back("--mem=256M");
		}
		KernelRun run = RunKernel(args);

		EXPECT_EQ(run.exit_status, 0) << prog << run.output;
		EXPECT_NE(run.output.find("PASS: "), std::string::npos)
			<< run.output;
		EXPECT_EQ(run.output.find("not ok"), std::string::npos)
			<< run.output;
	}
}

TEST(BootQemu, GrubIsoBootsAndPassesEveryCase)
{
	KernelRun run = RunProcess({ QEMU_RUN, "--iso=" KERNEL_ISO,
				     "--cpu=" QEMU_CPU }, KERNEL_TEST_TIMEOUT);

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("booted by multiboot2, command line "
				  "'ktest=all'"), std::string::npos)
		<< run.output;
	EXPECT_NE(run.output.find(InitramfsLine(ISO_INITRAMFS)),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find(" fail=0\n"), std::string::npos)
		<< run.output;
	EXPECT_EQ(run.output.find("not ok"), std::string::npos) << run.output;
}

TEST(PlantedQemu, KernelStackOverflowIsReported)
{
	KernelRun run = RunKernel({ "--test=planted.kernel_stack_overflow" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0x7f) << run.output;	// frame_halt_panic
	EXPECT_NE(run.output.find("#DF double fault (kernel stack overflow)"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find("kernel stack overflow"), std::string::npos)
		<< run.output;
}

TEST(PlantedQemu, KernelPageFaultIsReportedWithItsAddress)
{
	KernelRun run = RunKernel({ "--test=planted.null_dereference" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0x7f) << run.output;
	EXPECT_NE(run.output.find("frame: kernel exception: #PF page fault"),
		  std::string::npos) << run.output;
	EXPECT_NE(run.output.find("fault address 0x0000000000000000 (read, "
				  "not present)"), std::string::npos)
		<< run.output;
	EXPECT_NE(run.output.find("  rip 0xffffffff8"), std::string::npos)
		<< run.output;
	EXPECT_NE(run.output.find("stack (return addresses"),
		  std::string::npos) << run.output;
}

TEST(PlantedQemu, PageFreedTwiceIsCaughtByTheFrame)
{
	KernelRun run = RunKernel({ "--test=planted.page_double_free" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0x7f) << run.output;
	EXPECT_NE(run.output.find("frame: fatal: page freed twice"),
		  std::string::npos) << run.output;
}

// The interactive shell of the host frame's test, on the serial console.
TEST(BootQemu, InteractiveShellWithJobControl)
{
	ExpectInteractiveShellWorked(RunKernel(
		{ "--initrd=" BUSYBOX_INITRAMFS, InteractiveShellCmdline() },
		InteractiveShellTyping()));
}

// Planted failures on the bare-metal image in QEMU: each must end with the
// kernel's own report and a failure status, never a reset or a hang.
#include <gtest/gtest.h>

#include "../host/kernel_process.h"

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

TEST(PlantedQemu, DeadlockPanicsWithTaskList)
{
	KernelRun run = RunKernel({ "--test=planted.deadlock" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0x7f) << run.output;
	EXPECT_NE(run.output.find("Kernel panic: deadlock"), std::string::npos)
		<< run.output;
}

TEST(PlantedQemu, PageFreedTwiceIsCaughtByTheFrame)
{
	KernelRun run = RunKernel({ "--test=planted.page_double_free" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 0x7f) << run.output;
	EXPECT_NE(run.output.find("frame: fatal: page freed twice"),
		  std::string::npos) << run.output;
}

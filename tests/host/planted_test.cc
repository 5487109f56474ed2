// Planted bugs: each boots a kernel on a case that commits the bug and
// passes only if the preset's tool reports it with the right kind and
// place. Built only in the presets with a tool (ASan, Valgrind).
#include <gtest/gtest.h>

#include "kernel_process.h"

namespace {

struct Expected {
	const char *kind;	// the tool's words for the bug
	const char *where;	// more words the report must contain
};

void ExpectReport(const std::string &test, const Expected &e)
{
	KernelRun run = RunKernel({ "--test=planted." + test });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_NE(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find(e.kind), std::string::npos) << run.output;
	EXPECT_NE(run.output.find(e.where), std::string::npos) << run.output;
	EXPECT_NE(run.output.find("ktest_planted_" + test), std::string::npos)
		<< run.output;
	EXPECT_NE(run.output.find("planted_test.c:"), std::string::npos)
		<< run.output;
}

} // namespace

#if defined(PLANTED_ASAN)
TEST(Planted, AsanReportsKmallocOverflow)
{
	ExpectReport("kmalloc_overflow",
		     { "ERROR: AddressSanitizer: heap-buffer-overflow",
		       "WRITE of size 1" });
}

TEST(Planted, AsanReportsUseAfterFree)
{
	ExpectReport("use_after_free",
		     { "ERROR: AddressSanitizer: heap-use-after-free",
		       "READ of size 1" });
}
#elif defined(PLANTED_VALGRIND)
TEST(Planted, ValgrindReportsKmallocOverflow)
{
	ExpectReport("kmalloc_overflow",
		     { "Invalid write of size 1",
		       "0 bytes after a block of size 24 alloc'd" });
}

TEST(Planted, ValgrindReportsUseAfterFree)
{
	ExpectReport("use_after_free",
		     { "Invalid read of size 1",
		       "12 bytes inside a block of size 24 free'd" });
}
#endif

TEST(Planted, DeadlockPanicsWithTaskList)
{
	KernelRun run = RunKernel({ "--test=planted.deadlock" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_NE(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("Kernel panic: deadlock"), std::string::npos)
		<< run.output;
	EXPECT_NE(run.output.find("deadlock   "), std::string::npos)
		<< run.output;	// the blocked test task in the task list
	EXPECT_NE(run.output.find("sleeping"), std::string::npos)
		<< run.output;
}

TEST(Planted, PageFreedTwiceIsCaughtByTheFrame)
{
	KernelRun run = RunKernel({ "--test=planted.page_double_free" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_NE(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("frame: fatal: page freed twice"),
		  std::string::npos) << run.output;
}

TEST(Planted, FreeOfMappedPageIsCaughtByTheFrame)
{
	KernelRun run = RunKernel({ "--test=planted.free_of_mapped_page" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_NE(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("frame: fatal: page freed while still mapped"),
		  std::string::npos) << run.output;
}

TEST(Planted, DeviceDmaToFreedPageIsCaughtByTheHostFrame)
{
	KernelRun run = RunKernel({ "--test=planted.dma_to_freed_page" });

	ASSERT_FALSE(run.timed_out) << run.output;
	EXPECT_NE(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("frame: fatal: device DMA to a page the "
				  "kernel does not hold (write)"),
		  std::string::npos) << run.output;
}

// Determinism: the host frame folds every context switch and interrupt
// (task id, line, virtual time) into an event hash printed at power-off.
// One seed gives one hash; another seed gives another timing schedule.
// tools/test also compares the hash across the debug, ASan and Valgrind
// builds.
#include <gtest/gtest.h>

#include "kernel_process.h"

namespace {

std::string HashFor(const std::string &seed)
{
	KernelRun run = RunKernel({ "--test=sched", "--seed=" + seed });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_FALSE(HasToolReport(run.output)) << run.output;
	return EventHash(run.output);
}

} // namespace

TEST(Determinism, SameSeedGivesSameEventHash)
{
	std::string first = HashFor("1");

	ASSERT_EQ(first.size(), 16u);
	EXPECT_EQ(HashFor("1"), first);
}

TEST(Determinism, OtherSeedGivesOtherEventHash)
{
	std::string one = HashFor("1");

	ASSERT_EQ(one.size(), 16u);
	EXPECT_NE(HashFor("2"), one);
}

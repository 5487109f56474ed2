// The launcher (ksim) as a user meets it: options, errors, exit statuses.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>

#include "kernel_process.h"

namespace {

// ksim must reject args with exit status 2 and one line naming the problem.
void ExpectRejected(const std::vector<std::string> &args, const char *why)
{
	std::vector<std::string> argv = { KSIM_PATH };

	argv.insert(argv.end(), args.begin(), args.end());
	KernelRun run = RunProcess(argv, 30);
	EXPECT_EQ(run.exit_status, 2) << run.output;
	EXPECT_EQ(run.output.rfind("ksim: ", 0), 0u) << run.output;
	EXPECT_NE(run.output.find(why), std::string::npos) << run.output;
	EXPECT_EQ(run.output.find('\n'), run.output.size() - 1) << run.output;
}

} // namespace

TEST(Launcher, RejectsUnknownOption)
{
	ExpectRejected({ "--frobnicate" }, "unknown option '--frobnicate'");
}

TEST(Launcher, RejectsBadMemorySize)
{
	ExpectRejected({ "--mem=12Q" }, "bad --mem '12Q'");
	ExpectRejected({ "--mem=1M" }, "bad --mem '1M'");
	ExpectRejected({ "-m", "99999999G" }, "bad --mem");
}

TEST(Launcher, RejectsBadClockAndSeed)
{
	ExpectRejected({ "--clock=sundial" }, "bad --clock 'sundial'");
	ExpectRejected({ "--seed=-3" }, "bad --seed '-3'");
	ExpectRejected({ "--seed=12abc" }, "bad --seed '12abc'");
}

TEST(Launcher, RejectsOptionWithoutValue)
{
	ExpectRejected({ "--test" }, "option --test needs a value");
}

TEST(Launcher, RejectsUnreadableInitrd)
{
	ExpectRejected({ "--initrd=/nonexistent/initrd" },
		       "cannot read --initrd '/nonexistent/initrd': No such file");
	ExpectRejected({ "--initrd=/" }, "not a regular file");
	ExpectRejected({ "--initrd=" }, "bad --initrd: empty path");
}

TEST(Launcher, PassesTheInitrdToTheKernel)
{
	char path[] = "/tmp/ksim-initrd-XXXXXX";
	int fd = mkstemp(path);
	std::string data(10000, '\0');

	ASSERT_GE(fd, 0);
	for (size_t i = 0; i < data.size(); i++) {
		data[i] = (char)(i * 7);
	}
	ASSERT_EQ(write(fd, data.data(), data.size()), (ssize_t)data.size());
	close(fd);
	uint32_t h = 0x811c9dc5;
	for (unsigned char c : data) {
		h = (h ^ c) * 0x01000193;
	}
	char expect[64];
	snprintf(expect, sizeof(expect), "initramfs: %zu bytes, fnv1a %08x",
		 data.size(), h);

	KernelRun run = RunKernel({ "--initrd=" + std::string(path),
				    "--test=timer" });
	unlink(path);
	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find(expect), std::string::npos) << run.output;
}

TEST(Launcher, HelpExitsZero)
{
	KernelRun run = RunProcess({ KSIM_PATH, "--help" }, 30);

	EXPECT_EQ(run.exit_status, 0);
	EXPECT_NE(run.output.find("usage: ksim"), std::string::npos);
}

TEST(Launcher, UnknownTestCaseFails)
{
	KernelRun run = RunKernel({ "--test=no_such_suite" });

	EXPECT_EQ(run.exit_status, 2) << run.output;
	EXPECT_NE(run.output.find("no test case matches 'no_such_suite'"),
		  std::string::npos) << run.output;
}

TEST(Launcher, SelectsSeveralSuitesAndCases)
{
	KernelRun run = RunKernel({ "--test=timer,printf.percent_percent_prints_one_percent,"
				    "no_such_suite" });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("# Subtest: timer"), std::string::npos);
	EXPECT_NE(run.output.find("# Subtest: printf\n    1..1\n"),
		  std::string::npos) << run.output;
}

TEST(Launcher, BootsAndPowersOffWithRealClock)
{
	KernelRun run = RunKernel({ "--clock=real", "--test=page_alloc" });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("# ktest: pass="), std::string::npos);
}

TEST(Launcher, ConsoleInputReachesTheKernel)
{
	KernelRun run = RunKernel({ "--test=console_input.echoes_a_typed_line" },
				  { { "console: type a line",
				      "hello framekernel\n" } });

	EXPECT_EQ(run.exit_status, 0) << run.output;
	EXPECT_NE(run.output.find("console echo: 'hello framekernel'"),
		  std::string::npos) << run.output;
}

// Unit tests of the launcher's option parser (sim/options.c).
#include <gtest/gtest.h>

extern "C" {
#include "options.h"
}

namespace {

int Parse(std::vector<const char *> args, sim_options *o, std::string *err)
{
	std::vector<char *> argv = { const_cast<char *>("ksim") };
	char buf[256] = "";

	for (const char *a : args) {
		argv.push_back(const_cast<char *>(a));
	}
	int r = sim_parse_options((int)argv.size(), argv.data(), o, buf,
				  sizeof(buf));
	*err = buf;
	return r;
}

} // namespace

TEST(SimOptions, DefaultsAreVirtualClock128MSeed1)
{
	sim_options o;
	std::string err;

	ASSERT_EQ(Parse({}, &o, &err), 0);
	EXPECT_EQ(o.mem_bytes, 128u << 20);
	EXPECT_EQ(o.clock, HF_CLOCK_VIRTUAL);
	EXPECT_EQ(o.seed, 1u);
	EXPECT_STREQ(o.cmdline, "");
}

TEST(SimOptions, SizesTakeSuffixes)
{
	sim_options o;
	std::string err;

	ASSERT_EQ(Parse({ "--mem=64M" }, &o, &err), 0);
	EXPECT_EQ(o.mem_bytes, 64u << 20);
	ASSERT_EQ(Parse({ "-m", "1G" }, &o, &err), 0);
	EXPECT_EQ(o.mem_bytes, 1u << 30);
	ASSERT_EQ(Parse({ "--mem", "32768K" }, &o, &err), 0);
	EXPECT_EQ(o.mem_bytes, 32u << 20);
}

TEST(SimOptions, RejectsSizesOutOfRangeOrUnaligned)
{
	sim_options o;
	std::string err;

	EXPECT_EQ(Parse({ "--mem=8M" }, &o, &err), -1);
	EXPECT_EQ(Parse({ "--mem=65G" }, &o, &err), -1);
	EXPECT_EQ(Parse({ "--mem=16777217" }, &o, &err), -1);
	EXPECT_EQ(Parse({ "--mem=" }, &o, &err), -1);
	EXPECT_EQ(Parse({ "--mem=18446744073709551615G" }, &o, &err), -1);
	EXPECT_NE(err.find("bad --mem"), std::string::npos);
}

TEST(SimOptions, CommandLineWordsAccumulate)
{
	sim_options o;
	std::string err;

	ASSERT_EQ(Parse({ "--cmdline=loglevel=7", "--test=sched.yield",
			  "--list-tests" }, &o, &err), 0);
	EXPECT_STREQ(o.cmdline, "loglevel=7 ktest=sched.yield ktest.list");
}

TEST(SimOptions, RejectsOverlongCommandLine)
{
	sim_options o;
	std::string err;
	std::string word = "--cmdline=" + std::string(SIM_CMDLINE_MAX, 'x');

	EXPECT_EQ(Parse({ word.c_str() }, &o, &err), -1);
	EXPECT_EQ(err, "kernel command line too long");
}

TEST(SimOptions, SeedAcceptsHex)
{
	sim_options o;
	std::string err;

	ASSERT_EQ(Parse({ "--seed=0x10" }, &o, &err), 0);
	EXPECT_EQ(o.seed, 16u);
}

TEST(SimOptions, ClockReal)
{
	sim_options o;
	std::string err;

	ASSERT_EQ(Parse({ "--clock", "real" }, &o, &err), 0);
	EXPECT_EQ(o.clock, HF_CLOCK_REAL);
}

// The GoogleTest driver for in-kernel test cases: one gtest per kernel
// case (or per suite, with KTEST_PER_SUITE, where each boot is expensive
// as in QEMU), each booting its own kernel with --test=SEL and checking
// the KTAP verdict, the exit status and the absence of any sanitizer or
// Valgrind report.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "kernel_process.h"

namespace {

// Boot the kernel on selection sel; expect ncases cases, all passing,
// and the KTAP line of verdict.
class KernelCase : public testing::Test {
public:
	KernelCase(std::string sel, std::string verdict, unsigned int ncases)
		: sel_(std::move(sel)), verdict_(std::move(verdict)),
		  ncases_(ncases) {}

	void TestBody() override
	{
		KernelRun run = RunKernel({ "--test=" + sel_ });
		std::string summary = "# ktest: pass=" +
				      std::to_string(ncases_) + " fail=0";

		EXPECT_FALSE(run.timed_out) << run.output;
		EXPECT_EQ(run.exit_status, 0) << run.output;
		EXPECT_NE(run.output.find(verdict_), std::string::npos)
			<< run.output;
		EXPECT_NE(run.output.find(summary), std::string::npos)
			<< run.output;
		EXPECT_FALSE(HasToolReport(run.output)) << run.output;
	}

private:
	std::string sel_, verdict_;
	unsigned int ncases_;
};

// Ask the kernel for its cases ("ktest-case: suite.case" lines).
std::vector<std::string> ListCases()
{
	KernelRun run = RunProcess(KernelCommand({ "--list-tests" }),
				   KERNEL_TEST_TIMEOUT);
	std::vector<std::string> ids;
	std::istringstream in(run.output);
	std::string line;

	if (run.exit_status != 0) {
		std::cerr << "listing the kernel's test cases failed:\n"
			  << run.output;
		std::exit(1);
	}
	while (std::getline(in, line)) {
		if (line.rfind("ktest-case: ", 0) == 0) {
			ids.push_back(line.substr(12));
		}
	}
	return ids;
}

void Register(const std::string &group, const std::string &name,
	      const std::string &sel, const std::string &verdict,
	      unsigned int ncases)
{
	testing::RegisterTest(group.c_str(), name.c_str(), nullptr, nullptr,
			      __FILE__, __LINE__,
			      [=]() -> testing::Test * {
				      return new KernelCase(sel, verdict,
							    ncases);
			      });
}

} // namespace

int main(int argc, char **argv)
{
	std::map<std::string, unsigned int> suites;
	std::vector<std::string> order;

	testing::InitGoogleTest(&argc, argv);
	for (const std::string &id : ListCases()) {
		size_t dot = id.find('.');
		std::string suite = id.substr(0, dot);
		std::string name = id.substr(dot + 1);

		if (suites[suite]++ == 0) {
			order.push_back(suite);
		}
		if (!KTEST_PER_SUITE) {
			Register("ktest_" + suite, name, id,
				 "    ok 1 " + name + "\n", 1);
		}
	}
	for (const std::string &suite : order) {
		if (KTEST_PER_SUITE) {
			Register("ktest", suite, suite, "ok 1 " + suite + "\n",
				 suites[suite]);
		}
	}
	return RUN_ALL_TESTS();
}

// The GoogleTest driver for in-kernel test cases: one gtest per kernel
// case, each booting its own kernel process (under the preset's tool) with
// --test=SUITE.CASE and checking the KTAP verdict, the exit status and the
// absence of any sanitizer or Valgrind report.
#include <gtest/gtest.h>

#include <sstream>

#include "kernel_process.h"

namespace {

class KernelCase : public testing::Test {
public:
	explicit KernelCase(std::string id, std::string name)
		: id_(std::move(id)), name_(std::move(name)) {}

	void TestBody() override
	{
		KernelRun run = RunKernel({ "--test=" + id_ });

		EXPECT_FALSE(run.timed_out) << run.output;
		EXPECT_EQ(run.exit_status, 0) << run.output;
		EXPECT_NE(run.output.find("    ok 1 " + name_ + "\n"),
			  std::string::npos) << run.output;
		EXPECT_NE(run.output.find("# ktest: pass=1 fail=0"),
			  std::string::npos) << run.output;
		EXPECT_FALSE(HasToolReport(run.output)) << run.output;
	}

private:
	std::string id_, name_;
};

// Ask the kernel for its cases ("ktest-case: suite.case" lines).
std::vector<std::string> ListCases()
{
	KernelRun run = RunProcess({ KSIM_PATH, "--list-tests" }, 60);
	std::vector<std::string> ids;
	std::istringstream in(run.output);
	std::string line;

	if (run.exit_status != 0) {
		std::cerr << "ksim --list-tests failed:\n" << run.output;
		std::exit(1);
	}
	while (std::getline(in, line)) {
		if (line.rfind("ktest-case: ", 0) == 0) {
			ids.push_back(line.substr(12));
		}
	}
	return ids;
}

} // namespace

int main(int argc, char **argv)
{
	testing::InitGoogleTest(&argc, argv);
	for (const std::string &id : ListCases()) {
		size_t dot = id.find('.');
		std::string suite = id.substr(0, dot);
		std::string name = id.substr(dot + 1);

		testing::RegisterTest(
			("ktest_" + suite).c_str(), name.c_str(), nullptr,
			nullptr, __FILE__, __LINE__,
			[id, name]() -> testing::Test * {
				return new KernelCase(id, name);
			});
	}
	return RUN_ALL_TESTS();
}

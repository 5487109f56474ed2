// Running the kernel (ksim) as a child process from host-side tests.
#pragma once

#include <string>
#include <vector>

struct KernelRun {
	int exit_status = -1;	// exit code, or 128 + signal number
	bool timed_out = false;
	std::string output;	// stdout and stderr, interleaved, '\r' removed
};

// The command the tests run ksim under (the preset's wrapper, if any).
std::vector<std::string> KernelCommand(const std::vector<std::string> &args);

// Run argv with a timeout in seconds; returns what it printed and how it
// ended. A child that cannot be started is reported as exit status 127.
KernelRun RunProcess(const std::vector<std::string> &argv, int timeout_s);

// Run ksim with args under the preset's wrapper and timeout.
KernelRun RunKernel(const std::vector<std::string> &args);

// The "event hash" ksim prints at power-off, or "" if absent.
std::string EventHash(const std::string &output);

// True if output holds a sanitizer or Valgrind report of any kind.
bool HasToolReport(const std::string &output);

// Running the kernel (ksim) as a child process from host-side tests.
#pragma once

#include <string>
#include <vector>

struct KernelRun {
	int exit_status = -1;	// exit code, or 128 + signal number
	bool timed_out = false;
	std::string output;	// stdout and stderr, interleaved, '\r' removed
};

// The command that boots the kernel with args: ksim (under the preset's
// tool, if any) on the host frame, tools/qemu-run for the metal image.
// KERNEL_COMMAND is that command as a '|'-separated list.
std::vector<std::string> KernelCommand(const std::vector<std::string> &args);

// What to type into a child: once its output contains expect, send is
// written to its standard input; the steps run in order, and standard input
// is closed after the last one.
struct Typing {
	std::string expect, send;
};

// Run argv with a timeout in seconds; returns what it printed and how it
// ended. Standard input is /dev/null, or a pipe that typing is sent
// through. A child that cannot be started is reported as exit status 127.
KernelRun RunProcess(const std::vector<std::string> &argv, int timeout_s,
		     const std::vector<Typing> &typing = {});

// Boot the kernel with args (KernelCommand) under the preset's timeout.
KernelRun RunKernel(const std::vector<std::string> &args,
		    const std::vector<Typing> &typing = {});

// The "event hash" ksim prints at power-off, or "" if absent.
std::string EventHash(const std::string &output);

// True if output holds a sanitizer or Valgrind report of any kind.
bool HasToolReport(const std::string &output);

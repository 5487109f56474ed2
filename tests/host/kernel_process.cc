// Running ksim as a child process (kernel_process.h).
#include "kernel_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

namespace {

std::vector<std::string> Split(const std::string &list)
{
	std::vector<std::string> out;
	std::stringstream ss(list);
	std::string item;

	while (std::getline(ss, item, '|')) {
		if (!item.empty()) {
			out.push_back(item);
		}
	}
	return out;
}

double Now()
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

} // namespace

std::vector<std::string> KernelCommand(const std::vector<std::string> &args)
{
	std::vector<std::string> argv = Split(KERNEL_COMMAND);

	argv.insert(argv.end(), args.begin(), args.end());
	return argv;
}

KernelRun RunProcess(const std::vector<std::string> &argv, int timeout_s,
		     const std::vector<Typing> &typing)
{
	KernelRun run;
	int fds[2], in[2] = { -1, -1 };

	if (pipe2(fds, O_CLOEXEC) != 0 ||
	    (!typing.empty() && pipe2(in, O_CLOEXEC) != 0)) {
		run.exit_status = 127;
		return run;
	}
	signal(SIGPIPE, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0) {
		std::vector<char *> cargv;

		for (const auto &a : argv) {
			cargv.push_back(const_cast<char *>(a.c_str()));
		}
		cargv.push_back(nullptr);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		dup2(in[0] >= 0 ? in[0] : open("/dev/null", O_RDONLY),
		     STDIN_FILENO);
		execvp(cargv[0], cargv.data());
		_exit(127);
	}
	close(fds[1]);
	if (in[0] >= 0) {
		close(in[0]);
	}

	double deadline = Now() + timeout_s;
	size_t step = 0;
	char buf[4096];
	for (;;) {
		/* Type the next line once its prompt has been printed. */
		while (in[1] >= 0 && step < typing.size() &&
		       run.output.find(typing[step].expect) !=
			       std::string::npos) {
			const std::string &s = typing[step++].send;

			if (write(in[1], s.data(), s.size()) < 0) {
				break;
			}
		}
		if (in[1] >= 0 && step == typing.size()) {
			close(in[1]);
			in[1] = -1;
		}
		struct pollfd p = { fds[0], POLLIN, 0 };
		double left = deadline - Now();

		if (left <= 0) {
			run.timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&p, 1, (int)(left * 1000) + 1) <= 0) {
			continue;
		}
		ssize_t n = read(fds[0], buf, sizeof(buf));
		if (n <= 0) {
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\r') {
				run.output.push_back(buf[i]);
			}
		}
	}
	close(fds[0]);
	if (in[1] >= 0) {
		close(in[1]);
	}

	int status = 0;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status)) {
		run.exit_status = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		run.exit_status = 128 + WTERMSIG(status);
	}
	return run;
}

KernelRun RunKernel(const std::vector<std::string> &args,
		    const std::vector<Typing> &typing)
{
	return RunProcess(KernelCommand(args), KERNEL_TEST_TIMEOUT, typing);
}

std::string EventHash(const std::string &output)
{
	static const char key[] = "event hash ";
	size_t at = output.rfind(key);

	if (at == std::string::npos) {
		return "";
	}
	return output.substr(at + sizeof(key) - 1, 16);
}

bool HasToolReport(const std::string &output)
{
	static const char *const marks[] = {
		"AddressSanitizer", "LeakSanitizer", "runtime error:",
		"Invalid read", "Invalid write", "uninitialised",
		"ERROR SUMMARY: ", "Kernel panic",
	};

	for (const char *m : marks) {
		if (output.find(m) != std::string::npos &&
		    !(std::strcmp(m, "ERROR SUMMARY: ") == 0 &&
		      output.find("ERROR SUMMARY: 0 errors") !=
			      std::string::npos)) {
			return true;
		}
	}
	return false;
}

// An interactive busybox shell on the console terminal, typed at as a
// person would, the same on both frames: echo and a backspace edit, ^C
// ending a foreground job ($? 130), ^Z stopping one and fg resuming it, a
// background job and wait, ps showing the shell and its children,
// /dev/console never becoming a session's terminal (its /dev/tty is
// ENXIO), and exit's status (7) as the machine's.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernel_process.h"

// The busybox system's /init (tools/busybox-test): procfs and devpts, then
// setsid cttyhack sh, a session of its own with the console's terminal as
// its controlling terminal.
inline const char *InteractiveShellCmdline()
{
	return "--cmdline=init=/init loglevel=3";
}

inline std::vector<Typing> InteractiveShellTyping()
{
	return {
		{ "# ", "echo helo\x7flo\r" },
		{ "hello\n", "sh -c 'echo started; exec sleep 100'\r" },
		{ "started\n", "\x03" },
		{ "^C", "echo st=$?\r" },
		{ "st=130\n", "sh -c 'echo begun; sleep 2; echo finished'\r" },
		{ "begun\n", "\x1a" },
		{ "Stopped", "fg\r" },
		{ "finished\n", "sleep 1 & wait; echo waited=$?\r" },
		{ "waited=0\n",
		  "sleep 5 & until grep -q sleep /proc/$!/comm; do :; done; "
		  "ps -o pid,ppid,comm > /tmp/ps; awk '$1 == 1 && "
		  "$3 == \"sh\" { print \"the shell\" } $2 == 1 && "
		  "$3 == \"sleep\" { print \"its child\" }' /tmp/ps\r" },
		{ "the shell\nits child\n",
		  "setsid sh -c 'exec < /dev/console; cat /dev/tty'\r" },
		{ "No such device or address", "exit 7\r" },
	};
}

inline void ExpectInteractiveShellWorked(const KernelRun &run)
{
	EXPECT_FALSE(run.timed_out) << run.output;
	EXPECT_EQ(run.exit_status, 7) << run.output;
	for (const char *seen : { "hello\n", "st=130\n", "Stopped",
				  "finished\n", "waited=0\n",
				  "the shell\nits child\n",
				  "No such device or address" }) {
		EXPECT_NE(run.output.find(seen), std::string::npos)
			<< seen << " missing:\n" << run.output;
	}
	EXPECT_FALSE(HasToolReport(run.output)) << run.output;
}

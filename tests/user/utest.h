/*
 * A tiny TAP-style harness for the static user test programs: each check
 * prints "ok N - what" or "not ok N - what (file:line)", and the program
 * exits 0 only if every check passed. Only write() is used for output, so
 * the programs need nothing of the kernel beyond what they test.
 */
#pragma once

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int utest_n, utest_failed;

static inline void utest_say(const char *s)
{
	if (write(1, s, strlen(s)) < 0) {
		utest_failed++;
	}
}

static inline int utest_check(int ok, const char *what, const char *file,
			      int line)
{
	char buf[256];

	utest_n++;
	if (ok) {
		snprintf(buf, sizeof(buf), "ok %d - %s\n", utest_n, what);
	} else {
		utest_failed++;
		snprintf(buf, sizeof(buf), "not ok %d - %s (%s:%d)\n", utest_n,
			 what, file, line);
	}
	utest_say(buf);
	return ok;
}

#define CHECK(cond, what) utest_check(!!(cond), what, __FILE__, __LINE__)

static inline int utest_done(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s: %d checks, %d failed\n",
		 utest_failed ? "FAIL" : "PASS", utest_n, utest_failed);
	utest_say(buf);
	return utest_failed ? 1 : 0;
}

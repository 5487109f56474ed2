/*
 * In-kernel test cases.
 *
 * A case is a function registered in the "ktest_cases" linker section by
 * KTEST(suite, name); it runs in its own kernel task, so it may sleep.
 * Results are printed as KTAP. The command line chooses what runs:
 *	ktest=all | ktest=SUITE | ktest=SUITE.CASE	run cases
 *	ktest=SUITE,SUITE.CASE,...			several of those
 *	ktest.list					list the cases
 * Cases marked KTEST_EXPLICIT (planted bugs for the sanitizer tests) run
 * only when named on their own.
 */
#pragma once

#include <kernel/types.h>

struct ktest;

struct ktest_case {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest *t);
	unsigned int flags;
	unsigned int line;	/* of the definition; sets the run order */
};

#define KTEST_EXPLICIT 0x1

#define KTEST_CASE(suite_, name_, flags_)				\
	static void ktest_##suite_##_##name_(struct ktest *t);		\
	static const struct ktest_case ktest_case_##suite_##_##name_	\
	__attribute__((used, section("ktest_cases"),			\
		       aligned(sizeof(void *)))) = {			\
		.suite = #suite_,					\
		.name = #name_,						\
		.fn = ktest_##suite_##_##name_,				\
		.flags = (flags_),					\
		.line = __LINE__,					\
	};								\
	static void ktest_##suite_##_##name_(struct ktest *t)

#define KTEST(suite, name) KTEST_CASE(suite, name, 0)

bool ktest_check(struct ktest *t, bool ok, const char *expr,
		 const char *file, int line);
bool ktest_check_eq(struct ktest *t, long long a, long long b,
		    const char *ea, const char *eb, const char *file, int line);

#define KT_EXPECT(t, cond) \
	ktest_check(t, !!(cond), #cond, __FILE__, __LINE__)
#define KT_EXPECT_EQ(t, a, b) \
	ktest_check_eq(t, (long long)(a), (long long)(b), #a, #b, \
		       __FILE__, __LINE__)

/* Like KT_EXPECT but ends the case on failure. */
#define KT_ASSERT(t, cond)						\
	do {								\
		if (!KT_EXPECT(t, cond)) {				\
			return;						\
		}							\
	} while (0)
#define KT_ASSERT_EQ(t, a, b)						\
	do {								\
		if (!KT_EXPECT_EQ(t, a, b)) {				\
			return;						\
		}							\
	} while (0)

/*
 * Run what the command line asks for (everything if it names nothing) and
 * return the exit status for power-off: 0 if every case passed.
 */
int ktest_main(void);

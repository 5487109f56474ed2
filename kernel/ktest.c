/*
 * The in-kernel test runner (kernel/ktest.h). Output is KTAP version 1:
 * one subtest per suite, one line per case, failures as "#" diagnostics,
 * then a summary line the host and QEMU drivers look for.
 */
#include <kernel/cmdline.h>
#include <kernel/ktest.h>
#include <kernel/log.h>
#include <kernel/sched.h>
#include <kernel/string.h>

struct ktest {
	const struct ktest_case *kcase;
	unsigned int failures;
};

extern const struct ktest_case __start_ktest_cases[];
extern const struct ktest_case __stop_ktest_cases[];

#define for_each_case(c) \
	for (c = __start_ktest_cases; c < __stop_ktest_cases; c++)

bool ktest_check(struct ktest *t, bool ok, const char *expr,
		 const char *file, int line)
{
	if (!ok) {
		kprintf("        # %s:%d: expected %s\n", file, line, expr);
		t->failures++;
	}
	return ok;
}

bool ktest_check_eq(struct ktest *t, long long a, long long b,
		    const char *ea, const char *eb, const char *file, int line)
{
	if (a != b) {
		kprintf("        # %s:%d: expected %s == %s, got %lld and %lld\n",
			file, line, ea, eb, a, b);
		t->failures++;
	}
	return a == b;
}

/* Does case c match the selection "SUITE", "SUITE.CASE" or "all"? */
/* Does case c match one item, "all", "SUITE" or "SUITE.CASE" (len bytes)? */
static bool item_selects(const struct ktest_case *c, const char *item,
			 size_t len)
{
	size_t slen = strlen(c->suite);

	if (len == 3 && strncmp(item, "all", 3) == 0) {
		return !(c->flags & KTEST_EXPLICIT);
	}
	if (len < slen || strncmp(item, c->suite, slen) != 0) {
		return false;
	}
	if (len == slen) {
		return !(c->flags & KTEST_EXPLICIT);
	}
	return item[slen] == '.' && len - slen - 1 == strlen(c->name) &&
	       strncmp(item + slen + 1, c->name, len - slen - 1) == 0;
}

/* Does case c match the selection, a comma-separated list of items? */
static bool selected(const struct ktest_case *c, const char *sel)
{
	while (*sel) {
		const char *end = strchr(sel, ',');
		size_t len = end ? (size_t)(end - sel) : strlen(sel);

		if (item_selects(c, sel, len)) {
			return true;
		}
		sel += len + (end ? 1 : 0);
	}
	return false;
}

static void case_task(void *arg)
{
	struct ktest *t = arg;

	t->kcase->fn(t);
}

/* Run one case in a task of its own; returns true if it passed. */
static bool run_case(const struct ktest_case *c, unsigned int number)
{
	struct ktest t = { .kcase = c };
	struct task *task = task_spawn(c->name, case_task, &t);

	if (!task) {
		kprintf("        # no memory for the test task\n");
		t.failures++;
	} else {
		task_join(task);
	}
	kprintf("    %s %u %s\n", t.failures ? "not ok" : "ok", number,
		c->name);
	return t.failures == 0;
}

/* Count selected cases, in all or in the suite of first. */
static unsigned int count(const char *sel, const struct ktest_case *first)
{
	const struct ktest_case *c;
	unsigned int n = 0;

	for_each_case(c) {
		if (selected(c, sel) &&
		    (!first || strcmp(c->suite, first->suite) == 0)) {
			n++;
		}
	}
	return n;
}

/*
 * The selected case of first's suite that comes next after prev in its
 * source file (the first one if prev is NULL), or NULL. The linker keeps
 * a file's cases together but not in source order: GCC emits them in
 * reverse when it optimises, and the run order must not depend on that.
 */
static const struct ktest_case *next_case(const char *sel,
					  const struct ktest_case *first,
					  const struct ktest_case *prev)
{
	const struct ktest_case *c, *next = NULL;

	for (c = first; c < __stop_ktest_cases; c++) {
		if (strcmp(c->suite, first->suite) != 0 || !selected(c, sel) ||
		    (prev && c->line <= prev->line)) {
			continue;
		}
		if (!next || c->line < next->line) {
			next = c;
		}
	}
	return next;
}

/* Run the selected cases of the suite that first belongs to. */
static bool run_suite(const char *sel, const struct ktest_case *first,
		      unsigned int number, unsigned int *pass,
		      unsigned int *fail)
{
	const struct ktest_case *c;
	unsigned int n = 0;
	bool ok = true;

	kprintf("    KTAP version 1\n    # Subtest: %s\n    1..%u\n",
		first->suite, count(sel, first));
	for (c = next_case(sel, first, NULL); c; c = next_case(sel, first, c)) {
		if (run_case(c, ++n)) {
			(*pass)++;
		} else {
			(*fail)++;
			ok = false;
		}
	}
	kprintf("%s %u %s\n", ok ? "ok" : "not ok", number, first->suite);
	return ok;
}

/* Is c the first selected case of its suite? Suites are contiguous. */
static bool suite_start(const struct ktest_case *c, const char *sel)
{
	const struct ktest_case *p;

	if (!selected(c, sel)) {
		return false;
	}
	for (p = __start_ktest_cases; p < c; p++) {
		if (strcmp(p->suite, c->suite) == 0 && selected(p, sel)) {
			return false;
		}
	}
	return true;
}

static int run_selected(const char *sel)
{
	const struct ktest_case *c;
	unsigned int nsuites = 0, number = 0, pass = 0, fail = 0;

	for_each_case(c) {
		nsuites += suite_start(c, sel);
	}
	if (nsuites == 0) {
		kprintf("# ktest: no test case matches '%s'\n", sel);
		return 2;
	}
	kprintf("KTAP version 1\n1..%u\n", nsuites);
	for_each_case(c) {
		if (suite_start(c, sel)) {
			run_suite(sel, c, ++number, &pass, &fail);
		}
	}
	kprintf("# ktest: pass=%u fail=%u\n", pass, fail);
	return fail ? 1 : 0;
}

int ktest_main(void)
{
	const struct ktest_case *c;
	char sel[128];

	if (cmdline_has("ktest.list")) {
		for_each_case(c) {
			if (!(c->flags & KTEST_EXPLICIT)) {
				kprintf("ktest-case: %s.%s\n", c->suite,
					c->name);
			}
		}
		return 0;
	}
	if (cmdline_value("ktest", sel, sizeof(sel)) < 0) {
		strlcpy(sel, "all", sizeof(sel));
	}
	return run_selected(sel);
}

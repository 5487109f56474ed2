/*
 * Unit cases for the kernel's vsnprintf (kernel/printf.h).
 *
 * Every expected string is what C's printf produces for the same format
 * and arguments (checked against glibc), except where a case says the
 * kernel documents its own behaviour.
 */
#include <stdarg.h>

#include <kernel/ktest.h>
#include <kernel/log.h>
#include <kernel/printf.h>
#include <kernel/string.h>

#define FMT_BUF_SIZE 128

/* Format into a scratch buffer and compare text and return value. */
static void check_vfmt(struct ktest *t, int line, const char *want,
		       const char *fmt, va_list ap)
{
	char buf[FMT_BUF_SIZE];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	bool ok = strcmp(buf, want) == 0 && n == (int)strlen(want);

	if (!ok) {
		kprintf("        # \"%s\" gave \"%s\" (%d), expected \"%s\" "
			"(%zu)\n", fmt, buf, n, want, strlen(want));
	}
	ktest_check(t, ok, "formatted text and length match", __FILE__, line);
}

/* The compiler checks these formats against their arguments. */
static __printf(4, 5) void check_fmt(struct ktest *t, int line,
				     const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vfmt(t, line, want, fmt, ap);
	va_end(ap);
}

/*
 * For formats the compiler would warn about although C defines them (a
 * sign flag on an unsigned conversion is ignored, for instance).
 */
static void check_fmt_unchecked(struct ktest *t, int line, const char *want,
				const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vfmt(t, line, want, fmt, ap);
	va_end(ap);
}

#define EXPECT_FMT(t, want, ...) check_fmt(t, __LINE__, want, __VA_ARGS__)
#define EXPECT_FMT_UNCHECKED(t, want, ...) \
	check_fmt_unchecked(t, __LINE__, want, __VA_ARGS__)

KTEST(printf, plain_text_is_copied)
{
	EXPECT_FMT_UNCHECKED(t, "", "");
	EXPECT_FMT(t, "hello, world", "hello, world");
}

KTEST(printf, percent_percent_prints_one_percent)
{
	EXPECT_FMT(t, "%", "%%");
	EXPECT_FMT(t, "100%", "%d%%", 100);
	EXPECT_FMT(t, "%%", "%%%%");
}

KTEST(printf, d_and_i_print_signed_decimal)
{
	EXPECT_FMT(t, "0", "%d", 0);
	EXPECT_FMT(t, "42", "%d", 42);
	EXPECT_FMT(t, "-42", "%d", -42);
	EXPECT_FMT(t, "2147483647", "%d", 2147483647);
	EXPECT_FMT(t, "-7", "%i", -7);
	EXPECT_FMT(t, "12345", "%i", 12345);
}

KTEST(printf, most_negative_values_print_exactly)
{
	EXPECT_FMT(t, "-2147483648", "%d", (int)(-2147483647 - 1));
	EXPECT_FMT(t, "-2147483648", "%i", (int)(-2147483647 - 1));
	EXPECT_FMT(t, "-9223372036854775808", "%lld",
		   (long long)(-9223372036854775807LL - 1));
	EXPECT_FMT(t, "-9223372036854775808", "%ld",
		   (long)(-9223372036854775807L - 1));
	EXPECT_FMT(t, "-128", "%hhd", -128);
	EXPECT_FMT(t, "-32768", "%hd", -32768);
}

KTEST(printf, u_prints_unsigned_decimal)
{
	EXPECT_FMT(t, "0", "%u", 0U);
	EXPECT_FMT(t, "4294967295", "%u", 4294967295U);
	EXPECT_FMT(t, "4294967295", "%u", (unsigned int)-1);
}

KTEST(printf, x_and_X_print_hex_in_their_case)
{
	EXPECT_FMT(t, "deadbeef", "%x", 0xdeadbeefU);
	EXPECT_FMT(t, "DEADBEEF", "%X", 0xdeadbeefU);
	EXPECT_FMT(t, "0", "%x", 0U);
	EXPECT_FMT(t, "ffffffff", "%x", (unsigned int)-1);
	EXPECT_FMT(t, "aBc", "%x%X%x", 0xaU, 0xbU, 0xcU);
}

KTEST(printf, o_prints_octal)
{
	EXPECT_FMT(t, "10", "%o", 8U);
	EXPECT_FMT(t, "777", "%o", 0777U);
	EXPECT_FMT(t, "0", "%o", 0U);
	EXPECT_FMT(t, "37777777777", "%o", 0xffffffffU);
}

KTEST(printf, c_prints_one_character)
{
	EXPECT_FMT(t, "A", "%c", 'A');
	EXPECT_FMT(t, "xyz", "x%cz", 'y');
	EXPECT_FMT(t, "  A", "%3c", 'A');
	EXPECT_FMT(t, "A  |", "%-3c|", 'A');
}

KTEST(printf, c_of_nul_is_written_and_counted)
{
	char buf[8];
	int n;

	memset(buf, 'X', sizeof(buf));
	n = snprintf(buf, sizeof(buf), "a%cb", '\0');
	KT_EXPECT_EQ(t, n, 3);
	KT_EXPECT_EQ(t, buf[0], 'a');
	KT_EXPECT_EQ(t, buf[1], '\0');
	KT_EXPECT_EQ(t, buf[2], 'b');
	KT_EXPECT_EQ(t, buf[3], '\0');
}

KTEST(printf, s_prints_a_string)
{
	EXPECT_FMT(t, "hello", "%s", "hello");
	EXPECT_FMT(t, "", "%s", "");
	EXPECT_FMT(t, "a-b", "%s-%s", "a", "b");
}

KTEST(printf, s_of_null_prints_null_in_parentheses)
{
	/*
	 * C leaves this undefined and the compiler rejects it; glibc prints
	 * "(null)" and so does the kernel.
	 */
	EXPECT_FMT_UNCHECKED(t, "(null)", "%s", (const char *)NULL);
}

/*
 * The text %p should give for ptr: "0x" and its hex digits, padded with
 * spaces to width (on the right if negative). Built by hand, so the case
 * does not test the formatter against itself.
 */
static void pointer_text(char *buf, const void *ptr, int width)
{
	char digits[2 + 2 * sizeof(uintptr_t) + 1];
	uintptr_t v = (uintptr_t)ptr;
	int n = 0, len, pad;

	do {
		digits[n++] = "0123456789abcdef"[v % 16];
		v /= 16;
	} while (v);
	len = n + 2;
	pad = (width < 0 ? -width : width) - len;
	if (width > 0) {
		while (pad-- > 0) {
			*buf++ = ' ';
		}
	}
	*buf++ = '0';
	*buf++ = 'x';
	while (n) {
		*buf++ = digits[--n];
	}
	if (width < 0) {
		while (pad-- > 0) {
			*buf++ = ' ';
		}
	}
	*buf = '\0';
}

KTEST(printf, p_prints_0x_and_hex)
{
	static const char object[2];
	char want[64];
	int local;

	pointer_text(want, &object[1], 0);
	EXPECT_FMT(t, want, "%p", (const void *)&object[1]);
	pointer_text(want, &local, 0);
	EXPECT_FMT(t, want, "%p", (void *)&local);
}

KTEST(printf, p_takes_width_and_minus)
{
	static const char object;
	char want[64];

	pointer_text(want, &object, 24);
	EXPECT_FMT(t, want, "%24p", (const void *)&object);
	pointer_text(want, &object, -24);
	EXPECT_FMT(t, want, "%-24p", (const void *)&object);
}

KTEST(printf, p_of_null_prints_0x0)
{
	/*
	 * kernel/printf.h promises "0x followed by hex digits" for every
	 * pointer; glibc would print "(nil)" here.
	 */
	EXPECT_FMT(t, "0x0", "%p", NULL);
	EXPECT_FMT(t, "  0x0", "%5p", NULL);
}

KTEST(printf, minus_flag_justifies_left)
{
	EXPECT_FMT(t, "42   |", "%-5d|", 42);
	EXPECT_FMT(t, "-42  |", "%-5d|", -42);
	EXPECT_FMT(t, "ab    |", "%-6s|", "ab");
	EXPECT_FMT(t, "ff  |", "%-4x|", 0xffU);
}

KTEST(printf, zero_flag_pads_with_zeros_after_the_sign)
{
	EXPECT_FMT(t, "00042", "%05d", 42);
	EXPECT_FMT(t, "-0042", "%05d", -42);
	EXPECT_FMT(t, "0000beef", "%08x", 0xbeefU);
	EXPECT_FMT(t, "+0042", "%+05d", 42);
	EXPECT_FMT(t, " 0042", "% 05d", 42);
}

KTEST(printf, zero_flag_is_ignored_with_minus_or_precision)
{
	EXPECT_FMT_UNCHECKED(t, "42   |", "%-05d|", 42);
	EXPECT_FMT_UNCHECKED(t, "   005", "%06.3d", 5);
	EXPECT_FMT_UNCHECKED(t, "  -005", "%06.3d", -5);
	EXPECT_FMT_UNCHECKED(t, "    ff", "%06.1x", 0xffU);
}

KTEST(printf, plus_flag_always_prints_a_sign)
{
	EXPECT_FMT(t, "+5", "%+d", 5);
	EXPECT_FMT(t, "-5", "%+d", -5);
	EXPECT_FMT(t, "+0", "%+d", 0);
	EXPECT_FMT(t, "+2147483647", "%+i", 2147483647);
}

KTEST(printf, space_flag_prints_a_space_for_non_negatives)
{
	EXPECT_FMT(t, " 5", "% d", 5);
	EXPECT_FMT(t, "-5", "% d", -5);
	EXPECT_FMT(t, " 0", "% d", 0);
	/* Plus wins over space. */
	EXPECT_FMT_UNCHECKED(t, "+5", "%+ d", 5);
}

KTEST(printf, sign_flags_are_ignored_for_unsigned_conversions)
{
	EXPECT_FMT_UNCHECKED(t, "5", "%+u", 5U);
	EXPECT_FMT_UNCHECKED(t, "5", "% u", 5U);
	EXPECT_FMT_UNCHECKED(t, "ff", "%+x", 0xffU);
	EXPECT_FMT_UNCHECKED(t, "FF", "% X", 0xffU);
	EXPECT_FMT_UNCHECKED(t, "10", "%+o", 8U);
	EXPECT_FMT_UNCHECKED(t, "0xff", "%+#x", 0xffU);
	EXPECT_FMT_UNCHECKED(t, "   ff", "%+5x", 0xffU);
}

KTEST(printf, hash_flag_adds_the_base_prefix)
{
	EXPECT_FMT(t, "0xff", "%#x", 0xffU);
	EXPECT_FMT(t, "0XFF", "%#X", 0xffU);
	EXPECT_FMT(t, "010", "%#o", 8U);
	EXPECT_FMT(t, "0x0000ff", "%#08x", 0xffU);
	EXPECT_FMT(t, "    0xff", "%#8x", 0xffU);
	EXPECT_FMT(t, "0xff    |", "%#-8x|", 0xffU);
	EXPECT_FMT(t, "0x00ff", "%#.4x", 0xffU);
}

KTEST(printf, hash_flag_adds_no_prefix_to_zero)
{
	EXPECT_FMT(t, "0", "%#x", 0U);
	EXPECT_FMT(t, "0", "%#o", 0U);
	/* Octal's leading zero survives even a zero precision. */
	EXPECT_FMT(t, "0", "%#.0o", 0U);
	EXPECT_FMT(t, "", "%#.0x", 0U);
}

KTEST(printf, hash_flag_octal_prefix_merges_with_precision_zeros)
{
	EXPECT_FMT(t, "010", "%#.3o", 8U);
	EXPECT_FMT(t, "00010", "%#.5o", 8U);
	EXPECT_FMT(t, "0777", "%#.2o", 0777U);
}

KTEST(printf, width_pads_on_the_left_and_never_truncates)
{
	EXPECT_FMT(t, "   42", "%5d", 42);
	EXPECT_FMT(t, "  -42", "%5d", -42);
	EXPECT_FMT(t, "12345", "%2d", 12345);
	EXPECT_FMT(t, "     hello", "%10s", "hello");
	EXPECT_FMT(t, "hello", "%3s", "hello");
	EXPECT_FMT(t, "  +7", "%+4d", 7);
}

KTEST(printf, precision_sets_minimum_digits)
{
	EXPECT_FMT(t, "007", "%.3d", 7);
	EXPECT_FMT(t, "-007", "%.3d", -7);
	EXPECT_FMT(t, "+007", "%+.3d", 7);
	EXPECT_FMT(t, "12345", "%.3d", 12345);
	EXPECT_FMT(t, "     00a", "%8.3x", 0xaU);
	EXPECT_FMT(t, "00000042", "%.8u", 42U);
}

KTEST(printf, zero_precision_prints_no_digits_for_zero)
{
	EXPECT_FMT(t, "", "%.0d", 0);
	EXPECT_FMT(t, "", "%.d", 0);
	EXPECT_FMT(t, "", "%.0x", 0U);
	EXPECT_FMT(t, "", "%.0u", 0U);
	EXPECT_FMT(t, "     ", "%5.0d", 0);
	EXPECT_FMT(t, "+", "%+.0d", 0);
	EXPECT_FMT(t, "1", "%.0d", 1);
}

KTEST(printf, precision_limits_string_length)
{
	EXPECT_FMT(t, "abc", "%.3s", "abcdef");
	EXPECT_FMT(t, "abc", "%.10s", "abc");
	EXPECT_FMT(t, "", "%.0s", "abc");
	EXPECT_FMT(t, "   ab", "%5.2s", "abcdef");
	EXPECT_FMT(t, "ab   |", "%-5.2s|", "abcdef");
}

KTEST(printf, precision_stops_reading_an_unterminated_array)
{
	/* No terminator: reading past three bytes would be a bug. */
	static const char abc[3] = { 'a', 'b', 'c' };

	EXPECT_FMT(t, "abc", "%.3s", abc);
	EXPECT_FMT(t, "ab", "%.2s", abc);
}

KTEST(printf, star_takes_width_and_precision_from_arguments)
{
	EXPECT_FMT(t, "   42", "%*d", 5, 42);
	EXPECT_FMT(t, "0007", "%.*d", 4, 7);
	EXPECT_FMT(t, "    ab", "%*.*s", 6, 2, "abcdef");
	EXPECT_FMT(t, "  0x0f", "%#*.*x", 6, 2, 0xfU);
	EXPECT_FMT(t, "x", "%.*s", 1, "xyz");
}

KTEST(printf, negative_star_width_justifies_left)
{
	EXPECT_FMT(t, "42   |", "%*d|", -5, 42);
	EXPECT_FMT(t, "ab  |", "%*s|", -4, "ab");
}

KTEST(printf, negative_star_precision_counts_as_none)
{
	EXPECT_FMT(t, "7", "%.*d", -1, 7);
	EXPECT_FMT(t, "abcdef", "%.*s", -3, "abcdef");
	EXPECT_FMT_UNCHECKED(t, "00042", "%05.*d", -1, 42);
}

KTEST(printf, hh_converts_to_char_width)
{
	EXPECT_FMT(t, "-56", "%hhd", 200);
	EXPECT_FMT(t, "1", "%hhu", 257);
	EXPECT_FMT(t, "ff", "%hhx", 0x1ff);
	EXPECT_FMT(t, "255", "%hhu", -1);
	EXPECT_FMT(t, "377", "%hho", 255);
}

KTEST(printf, h_converts_to_short_width)
{
	EXPECT_FMT(t, "4464", "%hd", 70000);
	EXPECT_FMT(t, "-1", "%hd", 65535);
	EXPECT_FMT(t, "1", "%hu", 65537);
	EXPECT_FMT(t, "ffff", "%hx", -1);
	EXPECT_FMT(t, "FFFF", "%hX", 0x1ffff);
}

KTEST(printf, l_and_ll_take_long_arguments)
{
	EXPECT_FMT(t, "9223372036854775807", "%ld", 9223372036854775807L);
	EXPECT_FMT(t, "18446744073709551615", "%lu", 18446744073709551615UL);
	EXPECT_FMT(t, "ffffffffffffffff", "%lx", ~0UL);
	EXPECT_FMT(t, "-1", "%lld", -1LL);
	EXPECT_FMT(t, "18446744073709551615", "%llu", ~0ULL);
	EXPECT_FMT(t, "FFFFFFFFFFFFFFFF", "%llX", ~0ULL);
	EXPECT_FMT(t, "1777777777777777777777", "%llo", ~0ULL);
	EXPECT_FMT(t, "100000000", "%llx", 0x100000000ULL);
}

KTEST(printf, z_t_and_j_take_size_sized_arguments)
{
	EXPECT_FMT(t, "18446744073709551615", "%zu", (size_t)-1);
	EXPECT_FMT(t, "fffffffffffffff0", "%zx", (size_t)-16);
	EXPECT_FMT(t, "-3", "%td", (ptrdiff_t)-3);
	EXPECT_FMT(t, "-9223372036854775808", "%jd",
		   (intmax_t)(-9223372036854775807LL - 1));
	EXPECT_FMT(t, "18446744073709551615", "%ju", (uintmax_t)-1);
}

KTEST(printf, arguments_are_consumed_in_order_across_lengths)
{
	EXPECT_FMT(t, "1 2 3 4 5 x", "%hhd %hd %d %ld %lld %s", 1, 2, 3, 4L,
		   5LL, "x");
	EXPECT_FMT(t, "a=1, b=ff, c=str", "a=%d, b=%x, c=%s", 1, 0xffU,
		   "str");
}

KTEST(printf, truncation_returns_the_full_length)
{
	char buf[16];
	int n;

	memset(buf, 'X', sizeof(buf));
	n = snprintf(buf, 8, "%s", "hello world");
	KT_EXPECT_EQ(t, n, 11);
	KT_EXPECT(t, memcmp(buf, "hello w", 8) == 0);
	KT_EXPECT_EQ(t, buf[7], '\0');
	KT_EXPECT_EQ(t, buf[8], 'X');
}

KTEST(printf, truncation_counts_padding_and_digits_not_written)
{
	char buf[6];
	int n;

	n = snprintf(buf, sizeof(buf), "%10d", -123);
	KT_EXPECT_EQ(t, n, 10);
	KT_EXPECT(t, strcmp(buf, "     ") == 0);
	n = snprintf(buf, sizeof(buf), "%d", 1234567890);
	KT_EXPECT_EQ(t, n, 10);
	KT_EXPECT(t, strcmp(buf, "12345") == 0);
}

KTEST(printf, exact_fit_leaves_room_for_the_terminator)
{
	char buf[6];
	int n;

	n = snprintf(buf, sizeof(buf), "%s", "hello");
	KT_EXPECT_EQ(t, n, 5);
	KT_EXPECT(t, strcmp(buf, "hello") == 0);
	n = snprintf(buf, sizeof(buf), "%s", "hello!");
	KT_EXPECT_EQ(t, n, 6);
	KT_EXPECT(t, strcmp(buf, "hello") == 0);
}

KTEST(printf, size_one_writes_only_the_terminator)
{
	char buf[4] = { 'X', 'X', 'X', 'X' };
	int n = snprintf(buf, 1, "abc%d", 12);

	KT_EXPECT_EQ(t, n, 5);
	KT_EXPECT_EQ(t, buf[0], '\0');
	KT_EXPECT_EQ(t, buf[1], 'X');
}

KTEST(printf, size_zero_writes_nothing_and_returns_the_length)
{
	char buf[4] = { 'X', 'X', 'X', 'X' };

	KT_EXPECT_EQ(t, snprintf(buf, 0, "%d", 12345), 5);
	KT_EXPECT_EQ(t, buf[0], 'X');
	KT_EXPECT_EQ(t, snprintf(NULL, 0, "%s=%d", "key", -1), 6);
}

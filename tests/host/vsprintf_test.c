// SPDX-License-Identifier: GPL-2.0-only
/*
 * vsprintf_test.c - lib/vsprintf.c (book/lib.nw) against the C library.
 *
 * Every format the kernel uses is printed by both formatters; the output
 * and the returned length must agree, for a roomy buffer and for every
 * shorter one (truncation keeps the longest prefix that fits, plus a NUL).
 */
#include <linux/kernel.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include "tap.h"

#define BUF 160

/* Expect: kernel and libc agree on @fmt for every buffer size from 0 up. */
#define CHECK(fmt, ...)							\
	do {								\
		char ours[BUF], ref[BUF];				\
		int n1 = snprintf(ours, sizeof(ours), fmt, ##__VA_ARGS__); \
		int n2 = test_snprintf(ref, sizeof(ref), fmt, ##__VA_ARGS__); \
		bool trunc_ok = true;					\
		tap_eq(n1, n2, "length of \"%s\"", fmt);		\
		tap_eq_str(ours, ref, "text of \"%s\"", fmt);		\
		for (size_t sz = 0; sz <= (size_t)n2 + 1 && sz < BUF; sz++) { \
			memset(ours, 'x', sizeof(ours));		\
			memset(ref, 'x', sizeof(ref));			\
			snprintf(ours, sz, fmt, ##__VA_ARGS__);		\
			test_snprintf(ref, sz, fmt, ##__VA_ARGS__);	\
			if (memcmp(ours, ref, sz + 1))			\
				trunc_ok = false;			\
		}							\
		tap_ok(trunc_ok, "truncation of \"%s\"", fmt);		\
	} while (0)

static void integers_check(void)
{
	CHECK("%d %i %u", 0, -1, 42u);
	CHECK("%d", -2147483647 - 1);
	CHECK("%5d|%-5d|%05d", 42, 42, 42);
	CHECK("%+d % d %+d", 5, 5, -5);
	CHECK("%x %X %#x %#X %o %#o", 255u, 255u, 255u, 255u, 8u, 8u);
	CHECK("%lx %lu %ld", 0xffffffffffffffffUL, 18446744073709551615UL, -9223372036854775807L - 1);
	CHECK("%llx %lld", 0x123456789abcdef0ULL, -1LL);
	CHECK("%hhu %hhd %hu %hd", 300u, 200, 70000u, 40000);
	CHECK("%zu %zx", (size_t)12345, (size_t)0xabc);
	CHECK("%.5d|%8.3d|%-8.3d|", 42, 7, -7);
	CHECK("%*d|%-*d|%.*d", 6, 1, 6, 1, 4, 3);
	CHECK("%#018llx", 0x9fc00ULL);
	CHECK("[mem %#018llx-%#018llx] ", 1ULL, 0x9fbffULL);
	CHECK("[%5lu.%06lu] ", 3UL, 1234UL);
}

static void strings_check(void)
{
	CHECK("%s|%10s|%-10s|%.2s", "abc", "abc", "abc", "abc");
	CHECK("%c%c%3c|%-3c|", 'a', 'b', 'c', 'd');
	CHECK("100%% sure");
	CHECK("%s", "");
}

/* Expect: %L on integers is Linux's spelling of %ll; libc treats it alike. */
static void linux_spellings_check(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%#018Lx", 0xfffffULL);
	tap_eq_str(buf, "0x00000000000fffff", "%%#018Lx prints a long long");
	/* C omits the prefix of a zero; Linux does not, and its e820 lines show it */
	snprintf(buf, sizeof(buf), "[mem %#018Lx-%#018Lx]", 0ULL, 0x9fbffULL);
	tap_eq_str(buf, "[mem 0x0000000000000000-0x000000000009fbff]",
		   "%%#018Lx of zero keeps its 0x, as in Linux's e820 lines");
	snprintf(buf, sizeof(buf), "%#x", 0);
	tap_eq_str(buf, "0x0", "%%#x of zero is 0x0");
	snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	tap_eq_str(buf, "0x0000000000001234", "%%p prints 0x and 16 digits");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
	snprintf(buf, sizeof(buf), "%q");
	tap_eq_str(buf, "%q", "an unknown conversion is printed as it stands");
	snprintf(buf, sizeof(buf), "abc%");
#pragma GCC diagnostic pop
	tap_eq_str(buf, "abc", "a lone %% at the end is dropped");
	tap_eq(scnprintf(buf, 4, "%s", "abcdef"), 3, "scnprintf returns what it stored");
	tap_eq(scnprintf(buf, 0, "%s", "abcdef"), 0, "scnprintf with no room returns 0");
}

/* Expect: the checked parser refuses what does not fit in 64 bits. */
static void strtoull_check(void)
{
	unsigned long long v;
	char *end;

	tap_eq(kstrtoull_prefix("18446744073709551615", &end, 0, &v), 0, "2^64-1 fits");
	tap_eq(v, ~0ULL, "2^64-1 parsed");
	tap_eq((u64)kstrtoull_prefix("18446744073709551616", &end, 0, &v), (u64)-ERANGE,
	       "2^64 overflows");
	tap_eq(*end, '\0', "overflow still consumes the digits");
	tap_eq((u64)kstrtoull_prefix("0x1ffffffffffffffff", &end, 0, &v), (u64)-ERANGE,
	       "17 hex digits overflow");
	tap_eq(kstrtoull_prefix("0x10", &end, 0, &v), 0, "hex prefix");
	tap_eq(v, 16, "0x10 is 16");
	tap_eq(kstrtoull_prefix("010", &end, 0, &v), 0, "octal prefix");
	tap_eq(v, 8, "010 is 8");
	tap_eq((u64)kstrtoull_prefix("x1", &end, 0, &v), (u64)-EINVAL, "no digits");
	tap_eq(kstrtoull_prefix("0x", &end, 0, &v), 0, "0x without digits is 0");
	tap_eq_str(end, "x", "...and stops at the x");
	tap_eq(simple_strtoull("123abc", &end, 10), 123, "simple_strtoull stops at a letter");
}

int main(void)
{
	integers_check();
	strings_check();
	linux_spellings_check();
	strtoull_check();
	return tap_done();
}

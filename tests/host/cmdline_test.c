// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmdline_test.c - lib/cmdline.c (book/start_kernel.nw): splitting the
 * command line into words, and the numbers in it.
 *
 * Expected results are Linux's documented behaviour
 * (Documentation/admin-guide/kernel-parameters.rst and lib/cmdline.c),
 * written out by hand.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/cmdline.h>
#include "tap.h"

#define MAX_WORDS 16

struct words {
	int n;
	const char *param[MAX_WORDS];
	const char *val[MAX_WORDS];	/* NULL: no '=' */
};

static struct words *collected;

static int collect(char *param, char *val, const char *doing)
{
	(void)doing;
	if (collected->n < MAX_WORDS) {
		collected->param[collected->n] = param;
		collected->val[collected->n] = val;
	}
	collected->n++;
	return 0;
}

static void split(const char *line, char *buf, size_t size, struct words *w)
{
	memset(w, 0, sizeof(*w));
	memset(buf, 0, size);
	memcpy(buf, line, strlen(line));
	collected = w;
	parse_args("test", buf, collect);
}

static void expect_word(struct words *w, int i, const char *param, const char *val,
			const char *line)
{
	tap_eq_str(w->param[i], param, "[%s] word %d is named %s", line, i, param);
	if (val)
		tap_eq_str(w->val[i], val, "[%s] word %d has value \"%s\"", line, i, val);
	else
		tap_ok(w->val[i] == NULL, "[%s] word %d has no value", line, i);
}

/*
 *   "  a  b=1   c=  "     -> a | b=1 | c=""
 * Expect: runs of spaces separate words; "c=" has an empty value, not none.
 */
static void next_arg_spaces_check(void)
{
	char buf[128];
	struct words w;

	split("  a  b=1   c=  ", buf, sizeof(buf), &w);
	tap_eq(w.n, 3, "three words among extra spaces");
	expect_word(&w, 0, "a", NULL, "spaces");
	expect_word(&w, 1, "b", "1", "spaces");
	expect_word(&w, 2, "c", "", "spaces");
	split("", buf, sizeof(buf), &w);
	tap_eq(w.n, 0, "an empty line has no words");
	split("   \t ", buf, sizeof(buf), &w);
	tap_eq(w.n, 0, "a line of blanks has no words");
}

/*
 *   a="b c" "d=e f" g=h"i j"k
 * Expect: quotes keep spaces inside one word; the quotes around a value or a
 * whole word are removed; quotes in the middle of a value stay.
 */
static void next_arg_quotes_check(void)
{
	char buf[128];
	struct words w;

	split("a=\"b c\" \"d=e f\" g=h\"i j\"k", buf, sizeof(buf), &w);
	tap_eq(w.n, 3, "three quoted words");
	expect_word(&w, 0, "a", "b c", "quotes");
	expect_word(&w, 1, "d", "e f", "quotes");
	expect_word(&w, 2, "g", "h\"i j\"k", "quotes");
}

/*
 *   a="unterminated b c
 * Expect: an unbalanced quote runs to the end of the line, as in Linux.
 */
static void next_arg_unbalanced_quote_check(void)
{
	char buf[128];
	struct words w;

	split("x a=\"unterminated b c", buf, sizeof(buf), &w);
	tap_eq(w.n, 2, "an unbalanced quote swallows the rest");
	expect_word(&w, 1, "a", "unterminated b c", "unbalanced");
	split("\"", buf, sizeof(buf), &w);
	tap_eq(w.n, 1, "a lone quote is one (empty) word");
	expect_word(&w, 0, "", NULL, "lone quote");
}

/*
 *   a=b=c  =x  a
 * Expect: the first '=' splits; a word starting with '=' has an empty name.
 */
static void next_arg_equals_check(void)
{
	char buf[128];
	struct words w;

	split("a=b=c =x", buf, sizeof(buf), &w);
	tap_eq(w.n, 2, "two words with extra equals signs");
	expect_word(&w, 0, "a", "b=c", "equals");
	expect_word(&w, 1, "", "x", "equals");
}

/*
 *   a -- b c
 * Expect: "--" ends the kernel's part of the line; "--=1" does not.
 */
static void parse_args_dashes_check(void)
{
	char buf[128];
	struct words w;

	split("a -- b c", buf, sizeof(buf), &w);
	tap_eq(w.n, 1, "words after -- belong to init");
	split("a --=1 b", buf, sizeof(buf), &w);
	tap_eq(w.n, 3, "--=1 is an ordinary word");
}

/* Expect: '-' and '_' are the same character in parameter names, nothing else is. */
static void parameq_check(void)
{
	tap_ok(parameq("ignore_loglevel", "ignore-loglevel"), "dash equals underscore");
	tap_ok(parameq("a-b_c", "a_b-c"), "in any position");
	tap_ok(!parameq("mem", "memmap"), "a prefix is not equal");
	tap_ok(!parameq("memmap", "mem"), "nor the other way round");
	tap_ok(!parameq("Mem", "mem"), "case matters");
	tap_ok(parameq("", ""), "two empty names are equal");
}

/* Expect: the suffixes K..E scale by 1024 each; overflow is refused. */
static void memparse_check(void)
{
	static const struct {
		const char *in;
		int err;
		unsigned long long val;
		const char *rest;
	} cases[] = {
		{ "0", 0, 0, "" },
		{ "4096", 0, 4096, "" },
		{ "0x1000", 0, 0x1000, "" },
		{ "010", 0, 8, "" },			/* C's octal, as Linux */
		{ "64K", 0, 64ULL << 10, "" },
		{ "64k", 0, 64ULL << 10, "" },
		{ "512M@1G", 0, 512ULL << 20, "@1G" },
		{ "3G", 0, 3ULL << 30, "" },
		{ "2T", 0, 2ULL << 40, "" },
		{ "1P", 0, 1ULL << 50, "" },
		{ "15E", 0, 15ULL << 60, "" },
		{ "16E", -ERANGE, 0, "" },		/* 2^64 */
		{ "18446744073709551615", 0, ~0ULL, "" },
		{ "18446744073709551616", -ERANGE, 0, "" },
		{ "99999999999999999999999G", -ERANGE, 0, "" },
		{ "17179869184G", -ERANGE, 0, "" },	/* 2^34 GiB = 2^64 */
		{ "17179869183G", 0, 17179869183ULL << 30, "" },
		{ "M", -EINVAL, 0, "M" },
		{ "", -EINVAL, 0, "" },
		{ "-1", -EINVAL, 0, "-1" },
		{ "12Q", 0, 12, "Q" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long long v = 12345;
		char *end;
		int err = memparse_checked(cases[i].in, &end, &v);

		tap_eq((u64)(s64)err, (u64)(s64)cases[i].err, "memparse_checked(\"%s\") error", cases[i].in);
		tap_eq(v, cases[i].val, "memparse_checked(\"%s\") value", cases[i].in);
		tap_eq_str(end, cases[i].rest, "memparse_checked(\"%s\") stops before \"%s\"",
			   cases[i].in, cases[i].rest);
	}
	tap_eq(memparse("16E", NULL), 0, "memparse returns 0 where the checked parse refuses");
}

/* Expect: get_option reads one integer and says whether a comma followed. */
static void get_option_check(void)
{
	char s1[] = "7,8", s2[] = "-3", s3[] = "x", s4[] = "99999999999";
	char *p;
	int v = 0;

	p = s1;
	tap_eq(get_option(&p, &v), 2, "\"7,8\": a comma follows");
	tap_eq(v, 7, "\"7,8\": first value 7");
	tap_eq(get_option(&p, &v), 1, "\"8\": the last value");
	tap_eq(v, 8, "\"8\": value 8");
	p = s2;
	tap_eq(get_option(&p, &v), 1, "\"-3\": negative");
	tap_eq((u64)(s64)v, (u64)(s64)-3, "\"-3\" is -3");
	p = s3;
	tap_eq(get_option(&p, &v), 0, "\"x\": no integer");
	p = s4;
	tap_eq(get_option(&p, &v), 0, "\"99999999999\": too big for an int");
}

/*
 * A hostile line: 2047 characters of one word.
 * Expect: one word, nothing read or written past the buffer (ASan watches).
 */
static void long_line_check(void)
{
	static char buf[2048];
	struct words w;

	memset(&w, 0, sizeof(w));
	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	buf[100] = '=';
	collected = &w;
	parse_args("test", buf, collect);
	tap_eq(w.n, 1, "a 2047-character word is one word");
	tap_eq(strlen(w.val[0]), sizeof(buf) - 1 - 101, "its value runs to the end");
}

int main(void)
{
	next_arg_spaces_check();
	next_arg_quotes_check();
	next_arg_unbalanced_quote_check();
	next_arg_equals_check();
	parse_args_dashes_check();
	parameq_check();
	memparse_check();
	get_option_check();
	long_line_check();
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * tap.c - the TAP producer behind tap.h. Compiled with the C library.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tests_run, tests_failed;

static bool report(bool cond, const char *fmt, va_list ap)
{
	tests_run++;
	if (!cond)
		tests_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tests_run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

bool tap_eq(unsigned long long got, unsigned long long want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got:  %llu (%#llx)\n#   want: %llu (%#llx)\n", got, got, want, want);
	return got == want;
}

bool tap_eq_str(const char *got, const char *want, const char *fmt, ...)
{
	bool same = got && want && strcmp(got, want) == 0;
	va_list ap;

	va_start(ap, fmt);
	report(same, fmt, ap);
	va_end(ap);
	if (!same)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got ? got : "(null)",
		       want ? want : "(null)");
	return same;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tap_done(void)
{
	printf("1..%d\n", tests_run);
	if (tests_failed)
		printf("# %d of %d checks failed\n", tests_failed, tests_run);
	fflush(stdout);
	return tests_failed ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * host_lib.c - what host tests need from the C library, and the few kernel
 * symbols that have no hardware-free implementation. Compiled with libc.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void test_abort(const char *why) __attribute__((noreturn));

void *test_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "test_alloc: out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void test_free(void *p)
{
	free(p);
}

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

void test_srand(unsigned long long seed)
{
	rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

/* xorshift64*: deterministic, so a failing seed can be replayed */
unsigned long long test_rand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

unsigned long long test_seed_from_env(unsigned long long fallback)
{
	const char *s = getenv("TEST_SEED");

	return s ? strtoull(s, NULL, 0) : fallback;
}

/*
 * The C library's formatter, as a reference. Tests that link the kernel's
 * lib/vsprintf.c replace the program's vsnprintf with the kernel's, so this
 * goes through vasprintf, which the kernel does not define.
 */
int test_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	char *out;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&out, fmt, ap);
	va_end(ap);
	if (n < 0)
		test_abort("vasprintf failed");
	if (size) {
		size_t k = (size_t)n < size - 1 ? (size_t)n : size - 1;

		for (size_t i = 0; i < k; i++)
			buf[i] = out[i];
		buf[k] = '\0';
	}
	free(out);
	return n;
}

void test_abort(const char *why)
{
	fprintf(stderr, "test aborted: %s\n", why);
	abort();
}

/* printk's clock: host tests see every message at time zero */
unsigned long long local_clock(void)
{
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench.h - what host benchmarks need from the C library (bench_lib.c).
 *
 * Benchmarks are compiled like the kernel, without the C library's
 * headers; they print figures and check nothing.
 */
#ifndef TESTS_BENCH_BENCH_H
#define TESTS_BENCH_BENCH_H

#include <linux/types.h>
#include <linux/compiler.h>

void bench_write(const char *s, size_t len);	/* to stdout */
void bench_describe_host(void);			/* "# host: ..." lines */
void bench_abort(const char *why) __noreturn;

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench_node.h - what the allocator benchmarks share, to be included after
 * tests/host/page_alloc_node.h: the simulated node's memory from the C
 * library (bench_lib.c), a panic() that aborts the benchmark, a console
 * that writes printk's lines to stdout (register_console(&stdout_console)),
 * and bench_lib.c's timed loops of the C library's allocators.
 */
#ifndef TESTS_BENCH_BENCH_NODE_H
#define TESTS_BENCH_BENCH_NODE_H

#include <linux/console.h>
#include "bench.h"

void *bench_calloc(size_t size);
/* Tenths of ns per malloc(@size) + free(), with the allocator @which (bench_lib.c) */
long bench_malloc_free_dns(size_t size, unsigned long iters, int which);
void bench_prepare_dlopen(void);
u64 local_clock(void);

void panic(const char *fmt, ...)
{
	(void)fmt;
	bench_abort("the allocator panicked");
}

/* page_alloc_node.h's memory comes from here */
void *test_alloc(size_t size)
{
	return bench_calloc(size);
}

static void stdout_write(struct console *con, const char *s, unsigned int len)
{
	(void)con;
	bench_write(s, len);
}

static struct console stdout_console = { .name = "stdout", .write = stdout_write };

#endif

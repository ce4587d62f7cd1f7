// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_alloc_bench.c - the buddy allocator (book/page_alloc.nw) on the
 * host: alloc_pages() + __free_pages() of one block, repeated, on the
 * simulated node of the host test (tests/host/page_alloc_node.h), grown to
 * 1 GiB so that the per-CPU lists get Linux's sizes for such a zone, against
 * glibc's malloc() + free() and jemalloc's of the same size. Order 0 with
 * the per-CPU lists off (the boot pageset) and on; orders 1-10 with them
 * on (orders above 3 do not use them). init_on_alloc is off: zeroing a page
 * would dominate, and malloc does not zero. Prints figures; checks nothing.
 */
#include <linux/printk.h>

#define NR_FRAMES	(SZ_1G / PAGE_SIZE)	/* a 1 GiB node: Normal has 1008 MiB */
#include "../host/page_alloc_node.h"
#include "bench_node.h"

#define ITERS	2000000UL
#define ROUNDS	5	/* each figure is the best of five: the machine is shared */

/* Tenths of ns per alloc_pages() + __free_pages() of @order */
static unsigned long buddy_dns(unsigned int order, unsigned long iters)
{
	unsigned long i;
	u64 t0;

	__free_pages(alloc_pages(GFP_KERNEL, order), order);	/* warm */
	t0 = local_clock();
	for (i = 0; i < iters; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		__free_pages(page, order);
	}
	return (local_clock() - t0) * 10 / iters;
}

static long best_malloc_dns(unsigned int order, int jemalloc)
{
	long best = -1, dns;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		dns = bench_malloc_free_dns(PAGE_SIZE << order, ITERS / ROUNDS / (order + 1), jemalloc);
		if (dns >= 0 && (best < 0 || dns < best))
			best = dns;
	}
	return best;
}

static unsigned long best_buddy_dns(unsigned int order)
{
	unsigned long best = ULONG_MAX;
	int r;

	for (r = 0; r < ROUNDS; r++)
		best = min(best, buddy_dns(order, ITERS / ROUNDS / (order + 1)));
	return best;
}

static void print_row(const char *what, unsigned int order, unsigned long buddy)
{
	long glibc = best_malloc_dns(order, 0);
	long je = best_malloc_dns(order, 1);

	printk("%-22s order %2u %5lu.%lu ns   glibc %5ld.%ld ns", what, order, buddy / 10,
	       buddy % 10, glibc / 10, glibc % 10);
	if (je >= 0)
		pr_cont("   jemalloc %5ld.%ld ns\n", je / 10, je % 10);
	else
		pr_cont("   jemalloc: not installed\n");
}

int main(void)
{
	unsigned int order;

	bench_prepare_dlopen();
	register_console(&stdout_console);
	bench_describe_host();
	setup_machine();
	boot_node_only(0, 0);
	printk("# alloc_pages(GFP_KERNEL, order) + __free_pages() against malloc(4K << order) + free(),\n"
	       "# ns per pair, best of %d rounds of %lu / (order + 1) pairs\n", ROUNDS, ITERS / ROUNDS);
	print_row("buddy, no pcp lists", 0, best_buddy_dns(0));
	setup_per_cpu_pageset();
	for (order = 0; order < MAX_ORDER; order++)
		print_row(order <= PAGE_ALLOC_COSTLY_ORDER ? "buddy, pcp lists" : "buddy",
			  order, best_buddy_dns(order));
	return 0;
}

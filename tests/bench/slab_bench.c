// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_bench.c - the slab allocator (book/slab.nw) on the host, over the
 * real buddy allocator on the host test's simulated node (grown to 256 MiB,
 * so that slabs may be of order 1, as on any real machine), against glibc's
 * malloc, Debian's jemalloc and mimalloc, in ns per allocation + free pair:
 *
 *   kmalloc(64) + kfree()                      malloc(64) + free()
 *   kmem_cache_alloc() + kmem_cache_free(), a warm 64-byte cache
 *   mixed sizes: 256 live allocations, each step frees the oldest and
 *   allocates the next of 1024 sizes of 8 to 4096 bytes (the same sequence
 *   for all four)
 *
 * and the memory the kmalloc caches use after the mixed workload against
 * the bytes asked for. init_on_alloc is off (Debian's kernel zeroes every
 * allocation; malloc does not). One CPU, no locks taken for real: the
 * spin locks are checks. Prints figures; checks nothing.
 */
#include <linux/printk.h>
#include <linux/slab.h>

#define NR_FRAMES	(SZ_256M / PAGE_SIZE)
#include "../host/page_alloc_node.h"
#include "bench_node.h"
#include "../host/workqueue_env.h"

#define ITERS	4000000UL
#define ROUNDS	5	/* each figure is the best of five: the machine is shared */
#define NR_SIZES	1024
#define LIVE		256

long bench_mixed_dns(const unsigned int *sizes, unsigned int nsizes, unsigned int live,
		     unsigned long iters, int which);

static unsigned int sizes[NR_SIZES];
static void *slot[LIVE];
static unsigned int slot_size[LIVE];	/* what each live slot asked for */

/* Tenths of ns per pair, for each of the three workloads on the slab allocator */
static unsigned long kmalloc_dns(unsigned long iters)
{
	u64 t0;

	kfree(kmalloc(64, GFP_KERNEL));
	t0 = local_clock();
	for (unsigned long i = 0; i < iters; i++) {
		void *volatile p = kmalloc(64, GFP_KERNEL);

		kfree(p);
	}
	return (local_clock() - t0) * 10 / iters;
}

static unsigned long cache_dns(struct kmem_cache *c, unsigned long iters)
{
	u64 t0;

	kmem_cache_free(c, kmem_cache_alloc(c, GFP_KERNEL));
	t0 = local_clock();
	for (unsigned long i = 0; i < iters; i++) {
		void *volatile p = kmem_cache_alloc(c, GFP_KERNEL);

		kmem_cache_free(c, p);
	}
	return (local_clock() - t0) * 10 / iters;
}

static unsigned long mixed_dns(unsigned long iters)
{
	unsigned long i;
	u64 t0;

	for (i = 0; i < LIVE; i++)
		slot[i] = kmalloc(sizes[i % NR_SIZES], GFP_KERNEL);
	t0 = local_clock();
	for (i = 0; i < iters; i++) {
		kfree(slot[i % LIVE]);
		slot[i % LIVE] = kmalloc(sizes[i % NR_SIZES], GFP_KERNEL);
	}
	t0 = local_clock() - t0;
	for (i = iters; i < iters + LIVE; i++)
		slot_size[i % LIVE] = sizes[(i - LIVE) % NR_SIZES];
	return t0 * 10 / iters;		/* the slots stay live, for the overhead */
}

/* The best of ROUNDS: @kind 0 the 64-byte pair, 1 the cache, 2 mixed */
static unsigned long best_slab(int kind, struct kmem_cache *c)
{
	unsigned long best = ULONG_MAX, dns;

	for (int r = 0; r < ROUNDS; r++) {
		if (kind == 2 && r)
			for (int i = 0; i < LIVE; i++)
				kfree(slot[i]);
		dns = kind == 0 ? kmalloc_dns(ITERS / ROUNDS) :
		      kind == 1 ? cache_dns(c, ITERS / ROUNDS) : mixed_dns(ITERS / ROUNDS / 4);
		best = min(best, dns);
	}
	return best;
}

static long best_libc(int kind, int which)
{
	long best = -1, dns;

	for (int r = 0; r < ROUNDS; r++) {
		dns = kind == 2 ? bench_mixed_dns(sizes, NR_SIZES, LIVE, ITERS / ROUNDS / 4, which) :
				  bench_malloc_free_dns(64, ITERS / ROUNDS, which);
		if (dns >= 0 && (best < 0 || dns < best))
			best = dns;
	}
	return best;
}

static void print_row(const char *what, int kind, struct kmem_cache *c)
{
	static const char *const names[] = { "glibc", "jemalloc", "mimalloc" };
	unsigned long slab = best_slab(kind, c);

	printk("%-34s slab %4lu.%lu ns", what, slab / 10, slab % 10);
	for (int which = 0; which < 3; which++) {
		long dns = best_libc(kind, which);

		if (dns >= 0)
			pr_cont("   %s %4ld.%ld ns", names[which], dns / 10, dns % 10);
		else
			pr_cont("   %s: not installed", names[which]);
	}
	pr_cont("\n");
}

/* The kmalloc caches' pages against the bytes the live slots asked for */
static void print_overhead(void)
{
	unsigned long asked = 0, objects = 0, pages = 0;
	struct kmem_cache *s;
	struct slabinfo si;

	for (int i = 0; i < LIVE; i++) {
		asked += slot_size[i];
		objects += ksize(slot[i]);
	}
	list_for_each_entry(s, &slab_caches, list) {
		if (!(s->flags & SLAB_KMALLOC))
			continue;
		get_slabinfo(s, &si);
		pages += si.num_slabs << si.cache_order;
	}
	printk("# after the mixed workload: %d live allocations asked for %lu bytes, got %lu in "
	       "their size classes;\n# the kmalloc caches hold %lu pages (%lu KiB), also for "
	       "the objects the arrays keep\n", LIVE, asked, objects, pages, pages * PAGE_SIZE / SZ_1K);
}

int main(void)
{
	struct kmem_cache *c;
	u64 x = 88172645463325252ULL;	/* xorshift64: the same sizes every run */

	bench_prepare_dlopen();
	register_console(&stdout_console);
	bench_describe_host();
	setup_machine();
	boot_node_only(0, 0);
	kmem_cache_init();
	kmem_cache_init_late();
	for (int i = 0; i < NR_SIZES; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sizes[i] = 8U << (x % 10);		/* 8 to 4096, a power of two ... */
		sizes[i] -= (x >> 8) % (sizes[i] / 2);	/* ... less up to half */
	}
	c = kmem_cache_create("bench-64", 64, 0, SLAB_HWCACHE_ALIGN, NULL);
	printk("# ns per allocation + free pair, best of %d rounds\n", ROUNDS);
	print_row("kmalloc(64) + kfree", 0, NULL);
	print_row("kmem_cache_alloc + free, warm", 1, c);
	print_row("mixed sizes, 256 live", 2, NULL);
	print_overhead();
	return 0;
}

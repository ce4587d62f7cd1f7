// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_fuzz.c - libFuzzer target for the slab allocator (mm/slab.c from
 * book/slab.nw) on the real buddy allocator, on the host test's simulated
 * node (tests/host/page_alloc_node.h).
 *
 * The input is a program, two bytes an operation:
 *
 *   byte 0 0x00-0x7f: kmalloc(); the size is 1 + (bits 0-5 of byte 0 and
 *                     byte 1, 14 bits) % 20000: every class, and large
 *                     sizes; bit 6: __GFP_ZERO, or __GFP_RECLAIMABLE if
 *                     byte 1 is odd
 *   byte 0 0x80-0xbf: kfree() of the live allocation byte 1 picks
 *   byte 0 0xc0-0xdf: kmem_cache_alloc() from one of two caches of our
 *                     own (byte 1 bit 0): 40 bytes with a constructor,
 *                     2048 bytes off-slab
 *   byte 0 0xe0-0xef: cache_reap()
 *   byte 0 0xf0-0xff: kmem_cache_shrink() of the kmalloc cache byte 1 picks
 *
 * Each input boots the node and the slab allocator afresh. Every
 * allocation is filled with a tag; the tag must be intact when it is
 * freed (an object handed out twice would break it; checked at both ends
 * and every 61st byte). After every fourth operation
 * slab_check_invariants() (SL1-SL4) must pass (it walks every slab and
 * array, the target's largest cost), and after every one the pages missing
 * from the buddy allocator must be those of the slabs and the live large
 * allocations (SL5); a violation traps, and ASan and UBSan catch memory
 * errors. At the end everything is freed and every cache shrunk: only the
 * allocator's own structures may keep slabs.
 */
#include "../host/page_alloc_node.h"
#include "../host/workqueue_env.h"
#include <linux/slab.h>
#include <linux/log2.h>

#define MAX_LIVE	256

static struct {
	u8 *p;
	size_t size;
	u8 tag;
	struct kmem_cache *cache;
} live[MAX_LIVE];
static unsigned int nr_live;
static unsigned long free_at_boot, large_pages;
static struct kmem_cache *user[2];
static bool booted_once;

void panic(const char *fmt, ...)
{
	(void)fmt;
	__builtin_trap();
}

static unsigned long pages_of(size_t size)
{
	return size > KMALLOC_MAX_CACHE_SIZE ? roundup_pow_of_two(DIV_ROUND_UP(size, PAGE_SIZE)) : 0;
}

static unsigned long slab_pages(void)
{
	struct kmem_cache *s;
	unsigned long pages = 0;

	list_for_each_entry(s, &slab_caches, list)
		if (s->node[0])
			pages += s->node[0]->total_slabs << s->gfporder;
	return pages;
}

static void check(bool full)
{
	if (full && slab_check_invariants())
		__builtin_trap();
	if (free_at_boot - nr_free_pages() != slab_pages() + large_pages)
		__builtin_trap();	/* SL5 */
}

static void ctor(void *obj)
{
	memset(obj, 0xc7, 40);
}

static void take(u8 *p, size_t size, struct kmem_cache *cache, u8 tag)
{
	if (!p || nr_live == MAX_LIVE)
		__builtin_trap();	/* memory to spare: nothing may fail */
	memset(p, tag, size);
	live[nr_live].p = p;
	live[nr_live].size = size;
	live[nr_live].tag = tag;
	live[nr_live].cache = cache;
	nr_live++;
	large_pages += cache ? 0 : pages_of(size);
}

/*
 * Does @p hold @byte at its ends and every 61st byte between? (Every byte
 * would be the fuzzer's main cost: each comparison is traced.)
 */
static bool holds(const u8 *p, size_t size, u8 byte)
{
	for (size_t i = 0; i < size; i += 61)
		if (p[i] != byte)
			return false;
	return p[size - 1] == byte;
}

static void give_back(unsigned int k)
{
	if (!holds(live[k].p, live[k].size, live[k].tag))
		__builtin_trap();	/* handed out twice, or overwritten */
	if (live[k].cache)
		kmem_cache_free(live[k].cache, live[k].p);
	else
		kfree(live[k].p);
	large_pages -= live[k].cache ? 0 : pages_of(live[k].size);
	live[k] = live[--nr_live];
}

static void op(u8 a, u8 b, u8 tag)
{
	if (a < 0x80 && nr_live < MAX_LIVE) {
		size_t size = 1 + ((((size_t)a & 0x3f) << 8 | b) % 20000);
		gfp_t gfp = GFP_KERNEL | (a & 0x40 ? (b & 1 ? __GFP_RECLAIMABLE : __GFP_ZERO) : 0);
		u8 *p = kmalloc(size, gfp);

		if (p && (gfp & __GFP_ZERO) && !holds(p, size, 0))
			__builtin_trap();
		take(p, size, NULL, tag);
	} else if (a >= 0x80 && a < 0xc0 && nr_live) {
		give_back(b % nr_live);
	} else if (a >= 0xc0 && a < 0xe0 && nr_live < MAX_LIVE) {
		struct kmem_cache *c = user[b & 1];
		take(kmem_cache_alloc(c, GFP_KERNEL), c->object_size, c, tag);
	} else if (a >= 0xe0 && a < 0xf0) {
		jiffies += HOST_REAP_PERIOD;	/* a reap period passes */
		cache_reap(NULL);
	} else if (a >= 0xf0) {
		kmem_cache_shrink(kmalloc_caches[b % NR_KMALLOC_TYPES][5 + b % 9]);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct kmem_cache *s;
	size_t i;

	if (!booted_once) {
		setup_machine();
		booted_once = true;
	}
	boot_node_only(0, 0);
	free_at_boot = nr_free_pages();
	kmem_cache_init();
	kmem_cache_init_late();
	user[0] = kmem_cache_create("fuzz-40", 40, 0, SLAB_HWCACHE_ALIGN, ctor);
	user[1] = kmem_cache_create("fuzz-2048", 2048, 0, 0, ctor);
	nr_live = 0;
	large_pages = 0;
	for (i = 0; i + 1 < size; i += 2) {
		op(data[i], data[i + 1], (u8)(i / 2));
		check(i % 8 == 0);	/* SL1-SL4 every 4th operation: they walk every slab */
	}
	while (nr_live)
		give_back(nr_live - 1);
	kmem_cache_destroy(user[0]);
	kmem_cache_destroy(user[1]);
	list_for_each_entry(s, &slab_caches, list)
		kmem_cache_shrink(s);
	check(true);
	if (slab_pages() > 16)
		__builtin_trap();	/* more than the allocator's own structures */
	return 0;
}

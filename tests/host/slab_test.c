// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_test.c - the slab allocator, mm/slab.c (book/slab.nw), on top of the
 * real buddy allocator (mm/page_alloc.c) on page_alloc_node.h's simulated
 * node: 32 MiB in three zones.
 *
 * The reference model records every live allocation (address, size, a tag
 * byte the whole allocation is filled with) and is kept by the test alone.
 * After every step the allocator's own checker runs (SL1-SL4); before each
 * free the tag is checked, so an object handed out twice shows up as a
 * changed tag. SL5 is checked by counting pages: those the buddy allocator
 * is missing must be those of the slabs on the caches' lists. Random
 * sequences are seeded and replayable: TEST_SEED=n.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/console.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/log2.h>
#include <linux/init.h>
#include "tap.h"
#include "capture.h"

#include "page_alloc_node.h"
#include "workqueue_env.h"

/* ---- the reference model ---- */
#define MAX_LIVE	512
static struct {
	u8 *p;
	size_t size;
	u8 tag;
	struct kmem_cache *cache;	/* NULL: kmalloc */
} live[MAX_LIVE];
static unsigned int nr_live;
static unsigned long model_failures;
static char first_failure[256];
static unsigned long free_at_boot;	/* buddy pages free before kmem_cache_init */

static void model_fail(const char *what, unsigned long a)
{
	if (!model_failures++)
		test_snprintf(first_failure, sizeof(first_failure), "%s (%lu)", what, a);
}

/* A fresh node, and a fresh slab allocator on it, as at boot */
static void boot_slab(void)
{
	boot_node_only(0, 0);
	free_at_boot = nr_free_pages();
	kmem_cache_init();
	kmem_cache_init_late();
	nr_live = 0;
}

/* Pages the slab caches hold on their lists, and objects in use */
static unsigned long slab_pages(void)
{
	struct kmem_cache *s;
	unsigned long pages = 0;

	list_for_each_entry(s, &slab_caches, list)
		for (int nid = 0; nid < MAX_NUMNODES; nid++)
			if (node_online(nid) && s->node[nid])
				pages += s->node[nid]->total_slabs << s->gfporder;
	return pages;
}

/* Does any of the @n bytes at @p differ from @byte? */
static bool bytes_differ(const u8 *p, u8 byte, size_t n)
{
	while (n--)
		if (*p++ != byte)
			return true;
	return false;
}

static unsigned long large_pages;	/* pages of live kmalloc()s above 8 KiB */

static const char *check_all(void)
{
	const char *why = slab_check_invariants();

	if (why)
		return why;
	if (free_at_boot - nr_free_pages() != slab_pages() + large_pages)
		return "SL5: pages missing from the buddy allocator that are in no slab";
	return NULL;
}

static unsigned long pages_of(size_t size)
{
	return size > KMALLOC_MAX_CACHE_SIZE ? roundup_pow_of_two(DIV_ROUND_UP(size, PAGE_SIZE)) : 0;
}

static void model_alloc(struct kmem_cache *cache, size_t size, gfp_t gfp, u8 tag)
{
	u8 *p = cache ? kmem_cache_alloc(cache, gfp) : kmalloc(size, gfp);

	if (!p) {
		model_fail("an allocation failed with memory to spare", size);
		return;
	}
	if (!cache && ksize(p) < size)
		model_fail("ksize() smaller than asked", size);
	if ((gfp & __GFP_ZERO) && bytes_differ(p, 0, size))
		model_fail("__GFP_ZERO memory not zero", size);
	memset(p, tag, size);
	live[nr_live].p = p;
	live[nr_live].size = size;
	live[nr_live].tag = tag;
	live[nr_live].cache = cache;
	nr_live++;
	large_pages += cache ? 0 : pages_of(size);
}

static void model_free(unsigned int i)
{
	if (bytes_differ(live[i].p, live[i].tag, live[i].size))
		model_fail("an object's bytes changed while it was allocated", live[i].size);
	if (live[i].cache)
		kmem_cache_free(live[i].cache, live[i].p);
	else
		kfree(live[i].p);
	large_pages -= live[i].cache ? 0 : pages_of(live[i].size);
	live[i] = live[--nr_live];
}

static void model_free_all(void)
{
	while (nr_live)
		model_free(nr_live - 1);
}

/* ---- the cases ---- */

/*
 *   kmalloc cache    size  align  freelist    num  order (32 MiB: slab_max_order 0)
 *   kmalloc-32         32     32  on slab     124  0     4096 / (32 + 1)
 *   kmalloc-64         64     64  in object    64  0     64 indices fit in 64 bytes
 *   kmalloc-96        128     64  in object    32  0     HWCACHE_ALIGN: 96 -> 128
 *   kmalloc-128       128    128  in object    32  0
 *   kmalloc-192       192     64  in object    21  0     64 left <= 4096 / 8
 *   kmalloc-256 .. 4k        size in object 16..1  0
 *   kmalloc-8k       8192   8192  in object     1  1     nothing fits in order 0
 *   ctor, 40 bytes, HWCACHE: 64, no OBJFREELIST (ctor), off-slab never worth it
 *                       (kmalloc-64 for 64 indices > 64 / 2): on slab, 4096 / 65 = 63
 *   ctor, 2048 bytes: 2 objects leave 0 bytes < 2 indices: off slab (kmalloc-32)
 * Expect each cache's size, num, gfporder and placement as in the table,
 * worked out by hand from Linux's rules (mm/slab.c calculate_slab_order,
 * set_objfreelist_slab_cache, set_off_slab_cache; slab_common.c
 * calculate_alignment).
 */
static void nop_ctor(void *obj)
{
	(void)obj;
}

static void kmalloc_layout_check(void)
{
	static const struct {
		int idx;
		unsigned int size, num, order;
		slab_flags_t where;
	} want[] = {
		{ 5, 32, 124, 0, 0 },
		{ 6, 64, 64, 0, CFLGS_OBJFREELIST_SLAB },
		{ 1, 128, 32, 0, CFLGS_OBJFREELIST_SLAB },
		{ 7, 128, 32, 0, CFLGS_OBJFREELIST_SLAB },
		{ 2, 192, 21, 0, CFLGS_OBJFREELIST_SLAB },
		{ 8, 256, 16, 0, CFLGS_OBJFREELIST_SLAB },
		{ 9, 512, 8, 0, CFLGS_OBJFREELIST_SLAB },
		{ 10, 1024, 4, 0, CFLGS_OBJFREELIST_SLAB },
		{ 11, 2048, 2, 0, CFLGS_OBJFREELIST_SLAB },
		{ 12, 4096, 1, 0, CFLGS_OBJFREELIST_SLAB },
		{ 13, 8192, 1, 1, CFLGS_OBJFREELIST_SLAB },
	};
	const slab_flags_t where = CFLGS_OBJFREELIST_SLAB | CFLGS_OFF_SLAB;
	struct kmem_cache *small, *big;
	unsigned int i, t, bad = 0;

	boot_slab();
	for (t = 0; t < NR_KMALLOC_TYPES; t++)
		for (i = 0; i < ARRAY_SIZE(want); i++) {
			struct kmem_cache *s = kmalloc_caches[t][want[i].idx];

			if (!s || s->size != want[i].size || s->num != want[i].num ||
			    s->gfporder != want[i].order || (s->flags & where) != want[i].where) {
				tap_diag("%s: size %u num %u order %u flags %#x", s ? s->name : "missing",
					 s ? s->size : 0, s ? s->num : 0, s ? s->gfporder : 0,
					 s ? s->flags : 0);
				bad++;
			}
		}
	tap_eq(bad, 0, "layout: the 33 kmalloc caches as Linux's rules give them");
	small = kmem_cache_create("test-40", 40, 0, SLAB_HWCACHE_ALIGN, nop_ctor);
	big = kmem_cache_create("test-2048", 2048, 0, 0, nop_ctor);
	tap_ok(small && small->size == 64 && small->num == 63 && !(small->flags & where),
	       "layout: 40 bytes, aligned, with a constructor: 63 objects, freelist on the slab");
	tap_ok(big && big->num == 2 && (big->flags & CFLGS_OFF_SLAB) &&
	       big->freelist_cache == kmalloc_caches[KMALLOC_NORMAL][5],
	       "layout: 2048 bytes with a constructor: 2 objects, freelist in kmalloc-32");
	tap_eq_str(kmalloc_caches[KMALLOC_DMA][1]->name, "dma-kmalloc-96", "layout: Linux's names");
	kmem_cache_destroy(small);
	kmem_cache_destroy(big);
}

/*
 *   kmalloc(n) for n in 1 .. 8192 and a few large sizes:
 *     n  <= 32 -> kmalloc-32, 33..64 -> kmalloc-64, 65..96 -> kmalloc-96, ...
 *     n  >  8192 -> pages, order get_order(n)
 * Expect ksize(p) to be the class's size (the smallest of 32, 64, 96, 128,
 * 192, 256, ... 8192 at least n), or the block's, and p aligned to it
 * (physically: the host's direct map is only page-aligned).
 */
static void kmalloc_size_classes_check(void)
{
	static const size_t classes[] = { 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };
	unsigned int bad = 0, c = 0;
	size_t n;

	boot_slab();
	for (n = 1; n <= KMALLOC_MAX_CACHE_SIZE; n++) {
		void *p = kmalloc(n, GFP_KERNEL);
		size_t align;

		while (classes[c] < n)
			c++;
		align = is_power_of_2(classes[c]) ? classes[c] : 64;
		if (!p || ksize(p) != classes[c] || __pa(p) % align)
			bad++;
		kfree(p);
	}
	tap_eq(bad, 0, "sizes: kmalloc(1 .. 8192) served by the right class, aligned");
	bad = 0;
	for (n = SZ_8K + 1; n <= SZ_1M; n *= 3) {
		void *p = kmalloc(n, GFP_KERNEL);

		bad += !p || ksize(p) != PAGE_SIZE * roundup_pow_of_two(DIV_ROUND_UP(n, PAGE_SIZE));
		kfree(p);
	}
	tap_eq(bad, 0, "sizes: above 8 KiB, whole blocks of pages");
	tap_ok(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR && ksize(ZERO_SIZE_PTR) == 0,
	       "sizes: kmalloc(0) is ZERO_SIZE_PTR");
	tap_ok(kcalloc(~(size_t)0 / 8 + 1, 8, GFP_KERNEL) == NULL,
	       "sizes: kcalloc() refuses a product that overflows");
	tap_ok(!check_all(), "sizes: the invariants hold (%s)", check_all() ?: "ok");
}

/*
 *   p = kmalloc(20): "abc..."   krealloc(p, 30) -> same p (kmalloc-32 has room)
 *   krealloc(p, 100) -> new q in kmalloc-128, first 32 bytes copied, p freed
 *   krealloc(q, 0) -> ZERO_SIZE_PTR, q freed
 * Expect the contents to follow the memory, and no page or object left over.
 */
static void krealloc_check(void)
{
	u8 *p, *q;
	unsigned int i, bad = 0;

	boot_slab();
	p = kmalloc(20, GFP_KERNEL);
	for (i = 0; i < 20; i++)
		p[i] = i;
	q = krealloc(p, 30, GFP_KERNEL);
	tap_ok(q == p, "krealloc: within the size class, the same memory");
	q = krealloc(p, 100, GFP_KERNEL);
	for (i = 0; q && i < 20; i++)
		bad += q[i] != i;
	tap_ok(q && q != p && !bad && ksize(q) == 128, "krealloc: grown into kmalloc-128, copied");
	tap_ok(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR, "krealloc: size 0 frees");
	p = kzalloc(300, GFP_KERNEL);
	tap_ok(p && !bytes_differ(p, 0, 300), "kzalloc: zeroed");
	kfree(p);
	tap_ok(!check_all(), "krealloc: the invariants hold (%s)", check_all() ?: "ok");
}

/*
 *   random steps: 60 % allocate (kmalloc of 1 byte .. 64 KiB, or an object of
 *   a user cache with a constructor, some zeroed), 40 % free a random live one;
 *   every 500 steps cache_reap(); at the end free everything and shrink.
 * Expect no failure with memory to spare, every tag intact when freed,
 * SL1-SL5 after every step, and at the end every page back but those of the
 * slabs holding the allocator's own structures.
 */
static void random_check(u64 seed)
{
	struct kmem_cache *user[2];
	struct kmem_cache *s;
	unsigned long step, steps = 6000, failed_step = 0;
	const char *why = NULL;

	test_srand(seed);
	boot_slab();
	model_failures = 0;
	user[0] = kmem_cache_create("test-40", 40, 0, SLAB_HWCACHE_ALIGN, nop_ctor);
	user[1] = kmem_cache_create("test-2048", 2048, 0, 0, nop_ctor);
	for (step = 0; step < steps && !why; step++) {
		u64 r = test_rand();

		if (nr_live < MAX_LIVE && (r % 10 < 6 || !nr_live)) {
			unsigned int kind = (r >> 8) % 8;
			size_t size = 1 + (r >> 16) % (kind == 7 ? SZ_64K : kind >= 5 ? SZ_8K : 256);
			gfp_t gfp = (r >> 40) % 4 ? GFP_KERNEL : GFP_KERNEL | __GFP_ZERO;

			if (kind == 0)
				model_alloc(user[(r >> 48) & 1], user[(r >> 48) & 1]->object_size,
					    gfp, step & 0xff);
			else
				model_alloc(NULL, size, gfp | ((r >> 44) % 5 ? 0 : __GFP_RECLAIMABLE),
					    step & 0xff);
		} else {
			model_free((r >> 8) % nr_live);
		}
		if (step % 500 == 499) {
			jiffies += HOST_REAP_PERIOD;	/* a reap period passes */
			cache_reap(NULL);
		}
		why = check_all();
		failed_step = step;
	}
	tap_ok(!why, "random: SL1-SL5 after each of %lu steps (%s at step %lu)", steps,
	       why ?: "ok", why ? failed_step : 0);
	model_free_all();
	kmem_cache_destroy(user[0]);
	kmem_cache_destroy(user[1]);
	list_for_each_entry(s, &slab_caches, list)
		kmem_cache_shrink(s);
	tap_ok(!model_failures, "random: the model agrees (%s)",
	       model_failures ? first_failure : "ok");
	if (model_failures)
		tap_diag("replay with TEST_SEED=%llu", (unsigned long long)seed);
	tap_ok(!check_all(), "random: everything freed and shrunk, the invariants hold (%s)",
	       check_all() ?: "ok");
	tap_ok(slab_pages() <= 16,
	       "random: only the allocator's own structures keep slabs (%lu pages)", slab_pages());
}

/*
 *   c = kmem_cache_create("test-leak", 100); a = alloc(c)
 *   kmem_cache_destroy(c)  -> "kmem_cache_destroy test-leak: Slab cache still
 *                              has objects when called from ..." and c stays
 *   free(a); kmem_cache_destroy(c) -> gone, its pages back in the buddy allocator
 * Expect Linux's warning, and after the second destroy and a shrink of every
 * cache at least the free pages of before the cache was created (the
 * objects that remain are those that were there before, in the same slabs).
 */
static void destroy_leftover_check(void)
{
	struct kmem_cache *c;
	unsigned long before;
	void *a;

	boot_slab();
	before = nr_free_pages();
	c = kmem_cache_create("test-leak", 100, 0, 0, NULL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	capture_clear();
	kmem_cache_destroy(c);
	tap_ok(strstr(log_buf, "kmem_cache_destroy test-leak: Slab cache still has objects "
			       "when called from ") != NULL,
	       "destroy: Linux's warning for a cache with an object left");
	tap_ok(c->refcount == 1 && c->node[0]->total_slabs == 1, "destroy: the cache stays");
	kmem_cache_free(c, a);
	kmem_cache_destroy(c);
	tap_ok(!check_all(), "destroy: the invariants hold (%s)", check_all() ?: "ok");
	list_for_each_entry(c, &slab_caches, list)
		kmem_cache_shrink(c);
	tap_ok(nr_free_pages() >= before,
	       "destroy: after a shrink, every page the cache used is back (%lu free, %lu before)",
	       nr_free_pages(), before);
}

/*
 *   kmalloc(64) x 200 -> 200 objects out; free them all: the CPU array (limit
 *   120) keeps 120, flushing 60 at a time to the slabs; cache_reap() x 10
 *   trims the untouched array by a fifth of its limit each time, and every
 *   other run gives a fifth of the free slabs back.
 * Expect the array at most its limit at every point, and empty, with no free
 * slab left beyond free_limit's worth, after the reaps.
 */
static void reap_check(void)
{
	struct kmem_cache *c;
	void *objs[200];
	unsigned int i;

	boot_slab();
	c = kmalloc_caches[KMALLOC_NORMAL][6];
	tap_ok(c->limit == 120 && c->batchcount == 60, "reap: kmalloc-64 has limit 120, batch 60");
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		objs[i] = kmalloc(64, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		kfree(objs[i]);
	tap_ok(c->cpu_cache[0]->avail <= 120 && c->cpu_cache[0]->avail >= 60,
	       "reap: the array keeps between a batch and its limit (%u)", c->cpu_cache[0]->avail);
	for (i = 0; i < 10; i++) {
		jiffies += HOST_REAP_PERIOD;	/* a reap period passes */
		cache_reap(NULL);
	}
	tap_eq(c->cpu_cache[0]->avail, 0, "reap: ten reaps empty an unused array");
	tap_ok(c->node[0]->free_objects <= c->node[0]->free_limit + c->num,
	       "reap: free slabs trimmed to the node's free_limit (%lu objects free, limit %u)",
	       c->node[0]->free_objects, c->node[0]->free_limit);
	tap_ok(!check_all(), "reap: the invariants hold (%s)", check_all() ?: "ok");
}

/* Turn "slab_debug" on, as the command line would: through its __setup handler */
static bool enable_slab_debug(void)
{
	const struct obs_kernel_param *p;

	for (p = __start_init_setup; p < __stop_init_setup; p++)
		if (!strcmp(p->str, "slab_debug"))
			return p->setup_func(NULL) == 0;
	return false;
}

/*
 *   slab_debug; c = kmem_cache_create("test-dbg", 100): 8-byte aligned, so
 *   | rz1 | 100 bytes (104) | rz2 | user |   poison, red zones, last user
 *   kmalloc-64: 64-byte aligned: poison only (Linux's rule)
 * Expect those flags, a fresh object of 0x5a with a last byte of 0xa5, and
 * the arrays at most 32 objects.
 */
static void debug_layout_check(void)
{
	struct kmem_cache *c, *k;
	u8 *a;

	boot_slab();
	c = kmem_cache_create("test-dbg", 100, 0, 0, NULL);
	k = kmalloc_caches[KMALLOC_NORMAL][6];
	tap_ok(c && (c->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)) ==
	       (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER) && c->obj_offset == 8 &&
	       c->size == 104 + 3 * 8, "debug: a 100-byte cache gets red zones, poison, last user "
	       "(slot %u bytes)", c ? c->size : 0);
	tap_ok((k->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)) == SLAB_POISON,
	       "debug: kmalloc-64, aligned to 64, gets poison only");
	tap_ok(k->limit == 32 && c->limit == 32, "debug: arrays of at most 32 objects");
	a = kmem_cache_alloc(c, GFP_KERNEL);
	tap_ok(a && !bytes_differ(a, 0x5a, 99) && a[99] == 0xa5,
	       "debug: a fresh object is 0x5a ... 0xa5");
	kmem_cache_free(c, a);
	tap_ok(!bytes_differ(a, 0x6b, 99) && a[99] == 0xa5, "debug: a freed object is 0x6b ... 0xa5");
	tap_ok(!check_all(), "debug: the invariants hold (%s)", check_all() ?: "ok");
	kmem_cache_destroy(c);
}

/*
 *   a = alloc(c); free(a); free(a)         -> double free: both red zones inactive
 *   a = alloc(c); free(a); a[10] = 'A'; b = alloc(c) (the same slot, LIFO)
 *                                          -> write after free, found by the poison
 *   a = alloc(c); a[104] = 0; free(a)      -> red zone 2 overwritten (100 bytes
 *                                             and 4 of padding to the word)
 * Expect each fault reported in Linux 6.1's words (the corruption report
 * printed while the object is still free: its red zones inactive), the
 * double free refused
 * (the object is not handed out twice), and the invariants after each.
 */
static void debug_faults_check(void)
{
	static const char *const corruption[] = {
		"Slab corruption (Not tainted): test-dbg start=", ", len=100",
		"Redzone: 0x9f911029d74e35b/0x9f911029d74e35b", "Last user: (",
		"000: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 41 6b 6b 6b 6b 6b  kkkkkkkkkkAkkkkk",
	};
	struct kmem_cache *c;
	u8 *a, *b, *b2;

	boot_slab();
	c = kmem_cache_create("test-dbg", 100, 0, 0, NULL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_free(c, a);
	capture_clear();
	kmem_cache_free(c, a);
	tap_ok(logged("slab error in verify_redzone_free(): cache `test-dbg': double free detected"),
	       "double free: Linux's report");
	tap_ok(strstr(log_buf, ": redzone 1:0x9f911029d74e35b, redzone 2:0x9f911029d74e35b") != NULL,
	       "double free: both red zones inactive");
	b = kmem_cache_alloc(c, GFP_KERNEL);
	b2 = kmem_cache_alloc(c, GFP_KERNEL);
	tap_ok(b == a && b2 != a, "double free: refused, the object is handed out once");
	tap_ok(!check_all(), "double free: the invariants hold (%s)", check_all() ?: "ok");
	kmem_cache_free(c, b2);
	kmem_cache_free(c, b);
	b[10] = 'A';
	capture_clear();
	b2 = kmem_cache_alloc(c, GFP_KERNEL);
	tap_ok(b2 == b && logged_in_order(corruption, ARRAY_SIZE(corruption)),
	       "write after free: Linux's Slab corruption report, the changed byte in its line");
	tap_ok(strstr(log_buf, "Next obj: start=") != NULL, "write after free: the next object too");
	b2[104] = 0;		/* past the end and its padding to a word: red zone 2 */
	capture_clear();
	kmem_cache_free(c, b2);
	tap_ok(logged("slab error in verify_redzone_free(): cache `test-dbg': memory outside "
		      "object was overwritten"), "red zone: Linux's report for a write past the end");
	tap_ok(!check_all(), "faults: the invariants hold after all three (%s)",
	       check_all() ?: "ok");
}

int main(void)
{
	u64 seed = test_seed_from_env(1);

	register_console(&capture);
	setup_machine();
	kmalloc_layout_check();
	kmalloc_size_classes_check();
	krealloc_check();
	destroy_leftover_check();
	reap_check();
	random_check(seed);
	random_check(seed + 1);
	tap_ok(enable_slab_debug(), "slab_debug: the option is registered and accepted");
	debug_layout_check();
	debug_faults_check();
	random_check(seed + 2);
	return tap_done();
}

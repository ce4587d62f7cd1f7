// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_alloc_test.c - the buddy allocator, mm/page_alloc.c (book/page_alloc.nw),
 * on a simulated node.
 *
 * The node is page_alloc_node.h's: 32 MiB in three zones, booted through
 * the real memblock_free_all().
 *
 * The reference model is a bitmap of the frames handed out, kept by the test
 * alone. After every step the allocator's own invariant checker runs
 * (B1-B5, B7), and the test checks B6 against the model. Random sequences
 * are seeded and replayable: TEST_SEED=n.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/console.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include <asm/numa.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <asm/e820/api.h>
#include <asm/init.h>
#include "tap.h"
#include "capture.h"

#include "page_alloc_node.h"

/* ---- the reference model: which frames are handed out ---- */
static u8 used[NR_FRAMES];		/* 1: allocated or reserved */
static struct {
	struct page *page;
	unsigned int order;
	u8 tag;
} live[NR_FRAMES];
static unsigned long nr_live, reserved_frames;
static unsigned long model_failures;
static char first_failure[256];

static void model_fail(const char *fmt, unsigned long a, unsigned long b)
{
	if (!model_failures++)
		test_snprintf(first_failure, sizeof(first_failure), fmt, a, b);
}

static void model_reset(phys_addr_t reserved_base, phys_addr_t reserved_size)
{
	unsigned long pfn;

	memset(used, 0, sizeof(used));
	used[0] = 1;
	for (pfn = PFN_DOWN(reserved_base); pfn < PFN_UP(reserved_base + reserved_size); pfn++)
		used[pfn] = 1;
	for (reserved_frames = 0, pfn = 0; pfn < NR_FRAMES; pfn++)
		reserved_frames += used[pfn];
	nr_live = 0;
}

/* The zone a frame lies in, by the layout, not by the allocator */
static enum zone_type layout_zone(unsigned long pfn)
{
	return pfn < DMA_END ? ZONE_DMA : pfn < DMA32_END ? ZONE_DMA32 : ZONE_NORMAL;
}

/* Is there an aligned run of 2^order unused frames in a zone <= @highest? */
static bool model_has_room(unsigned int order, enum zone_type highest)
{
	unsigned long n = 1UL << order, pfn, i;

	for (pfn = 0; pfn + n <= NR_FRAMES; pfn += n) {
		if (layout_zone(pfn) > highest || layout_zone(pfn + n - 1) != layout_zone(pfn))
			continue;
		for (i = 0; i < n && !used[pfn + i]; i++)
			;
		if (i == n)
			return true;
	}
	return false;
}

/*
 * A block the allocator returned: in an allowed zone, aligned, every frame
 * unused until now, one reference, zeroed (init_on_alloc is on). It is then
 * tagged, in the first byte of each of its pages, to catch a later overlap.
 */
static void model_take(struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long pfn = pfn_of(page), n = 1UL << order, i;
	u8 tag = (u8)(test_rand() | 1);

	if (layout_zone(pfn) > gfp_zone(gfp) || (pfn & (n - 1)) || pfn + n > NR_FRAMES)
		return model_fail("pfn %#lx order %lu: wrong zone or misaligned", pfn, order);
	if (page_ref_count(page) != 1)
		return model_fail("pfn %#lx: refcount %lu, not 1", pfn, page_ref_count(page));
	for (i = 0; i < n; i++) {
		u8 *bytes = page_address(page + i);

		if (used[pfn + i])
			return model_fail("pfn %#lx: handed out twice (block order %lu)",
					  pfn + i, order);
		if (bytes[0] || bytes[PAGE_SIZE - 1])
			return model_fail("pfn %#lx: not zeroed (order %lu)", pfn + i, order);
		used[pfn + i] = 1;
		bytes[0] = tag;
	}
	live[nr_live].page = page;
	live[nr_live].order = order;
	live[nr_live].tag = tag;
	nr_live++;
}

/* Free the live block @k: its tags intact, then back to the allocator */
static void model_release(unsigned long k)
{
	unsigned long pfn = pfn_of(live[k].page), i;

	for (i = 0; i < (1UL << live[k].order); i++) {
		if (*(u8 *)page_address(live[k].page + i) != live[k].tag)
			model_fail("pfn %#lx: overwritten while allocated (order %lu)",
				   pfn + i, live[k].order);
		used[pfn + i] = 0;
	}
	__free_pages(live[k].page, live[k].order);
	live[k] = live[--nr_live];
}

/* B1-B5, B7 from the allocator's checker; B6 against the model */
static const char *check_all(void)
{
	unsigned long in_lists = 0, handed = 0, k;
	unsigned int z;

	for (z = 0; z < NR_POPULATED; z++) {
		struct zone *zone = zone_of(layout[z].idx);
		const char *why = page_alloc_check_invariants(zone);

		if (why)
			return why;
		in_lists += zone_page_state(zone, NR_FREE_PAGES) +
			    this_cpu_ptr(zone->per_cpu_pageset)->count;
	}
	for (k = 0; k < nr_live; k++)
		handed += 1UL << live[k].order;
	if (in_lists + handed + reserved_frames != NR_FRAMES)
		return "B6: free + per-CPU + allocated + reserved != all frames";
	return NULL;
}

static unsigned long free_in_zone(enum zone_type idx)
{
	return zone_page_state(zone_of(idx), NR_FREE_PAGES);
}

static unsigned long nr_free_at(enum zone_type idx, unsigned int order)
{
	return zone_of(idx)->free_area[order].nr_free;
}

/* A fresh node, and the model with the same frames reserved */
static void boot_node(phys_addr_t reserved_base, phys_addr_t reserved_size)
{
	boot_node_only(reserved_base, reserved_size);
	model_reset(reserved_base, reserved_size);
}

/* ---- the cases ---- */

/*
 *   DMA    |0|1|2-3|4-7|8-15| ... |512-1023|   frame 0 reserved
 *   DMA32  |1024-2047|2048-3071|3072-4095|
 *   Normal |4096-5119|5120-6143|6144-7167|7168-8191|
 *
 * Expect memblock_free_all() to leave exactly these blocks: in DMA one of
 * each order 0-9 (the trailing zeros of 1, 2, 4, ...), elsewhere blocks of
 * order 10; 8191 free pages, managed as such, and Linux's Memory: line
 * for the image above: text 12K less 4K of init text, rodata 8K, init
 * 4K + 4K, reserved: frame 0. (The host's linker defines _edata and
 * __bss_start itself, so the data and BSS figures are the host's.)
 */
static void boot_free_all_check(void)
{
	unsigned int order, bad = 0;
	char want[160];

	boot_node(0, 0);
	for (order = 0; order < MAX_ORDER; order++)
		bad += (nr_free_at(ZONE_DMA, order) != (order < MAX_ORDER - 1)) +
		       (nr_free_at(ZONE_DMA32, order) != (order == MAX_ORDER - 1 ? 3 : 0)) +
		       (nr_free_at(ZONE_NORMAL, order) != (order == MAX_ORDER - 1 ? 4 : 0));
	tap_eq(bad, 0, "boot: one DMA block per order 0-9, 3 and 4 blocks of order 10 above");
	tap_eq(nr_free_pages(), NR_FRAMES - 1, "boot: every frame but frame 0 is free");
	tap_eq(zone_managed_pages(zone_of(ZONE_DMA)), DMA_END - 1, "boot: DMA manages 1023 pages");
	tap_eq(zone_managed_pages(zone_of(ZONE_NORMAL)), NR_FRAMES - DMA32_END,
	       "boot: Normal manages 4096 pages");
	tap_ok(!check_all(), "boot: the invariants hold (%s)", check_all() ?: "ok");
	capture_clear();
	mem_init_print_info();
	test_snprintf(want, sizeof(want), "Memory: %luK/%luK available (8K kernel code, ",
		      (NR_FRAMES - 1) * 4, NR_FRAMES * 4);
	tap_ok(strstr(log_buf, want) && strstr(log_buf, "K rwdata, 8K rodata, 8K init, ") &&
	       strstr(log_buf, "K bss, 4K reserved, 0K cma-reserved)\n"),
	       "boot: %s...8K rodata, 8K init...4K reserved, 0K cma-reserved)", want);
}

static bool on_free_list(enum zone_type idx, unsigned long pfn, unsigned int order)
{
	struct free_area *area = &zone_of(idx)->free_area[order];
	struct page *page;
	int mt;

	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		list_for_each_entry(page, &area->free_list[mt], lru)
			if (pfn_of(page) == pfn)
				return true;
	return false;
}

/*
 * The chapter's worked example. Take the order-3 block at frame 8, then
 * free its parts so that 8-11, 12 and 14-15 are free:
 *
 *   8  9 10 11 12 13 14 15
 *   [ free    ][f ][x ][ f ]     x: frame 13, still allocated
 *
 * Expect free(8,2), free(12,0), free(14,1); then freeing 13 merges 13+12
 * (order 1), 12-13+14-15 (order 2), 8-11+12-15 (order 3), and stops: the
 * buddy 0-7 is not free (frame 0 is reserved). Expect free(8,3) alone.
 */
static void xor_worked_example_check(void)
{
	struct page *block;
	unsigned long pfn;

	boot_node(0, 0);
	block = alloc_pages(GFP_DMA | __GFP_MOVABLE, 3);
	tap_eq(block ? pfn_of(block) : 0, 8, "xor: the first order-3 block of DMA is at frame 8");
	if (!block)
		return;
	for (pfn = 9; pfn < 16; pfn++)
		set_page_count(&frames[pfn], pfn == 12 || pfn == 13 || pfn == 14);
	__free_pages(&frames[8], 2);
	__free_pages(&frames[12], 0);
	__free_pages(&frames[14], 1);
	tap_ok(on_free_list(ZONE_DMA, 8, 2) && on_free_list(ZONE_DMA, 12, 0) &&
	       on_free_list(ZONE_DMA, 14, 1), "xor: free(8,2), free(12,0), free(14,1) before");
	__free_pages(&frames[13], 0);
	tap_ok(on_free_list(ZONE_DMA, 8, 3) && !on_free_list(ZONE_DMA, 12, 0) &&
	       !on_free_list(ZONE_DMA, 8, 2) && !on_free_list(ZONE_DMA, 12, 1) &&
	       !on_free_list(ZONE_DMA, 0, 3), "xor: freeing 13 leaves free(8,3) alone");
	drain_local_pages(NULL);
	tap_ok(!check_all(), "xor: the invariants hold (%s)", check_all() ?: "ok");
}

/* The masks the random sequences draw from: every zone and mobility */
static const gfp_t random_masks[] = {
	GFP_KERNEL, GFP_KERNEL | __GFP_ZERO, GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_THISNODE, GFP_DMA, GFP_DMA | __GFP_MOVABLE, GFP_DMA32,
	GFP_DMA32 | __GFP_MOVABLE, GFP_HIGHUSER_MOVABLE, GFP_ATOMIC, GFP_NOWAIT,
};

/* Mostly small orders, as real workloads; every order now and then */
static unsigned int random_order(void)
{
	u64 r = test_rand() % 100;

	return r < 50 ? 0 : r < 75 ? (unsigned int)(test_rand() % 4) :
		(unsigned int)(test_rand() % MAX_ORDER);
}

/*
 * One allocation, checked against the model. A failure must mean that the
 * model has no free aligned run of that order in an allowed zone: the test
 * drains the per-CPU lists and asks again, and expects success exactly when
 * such a run exists (watermarks are zero in these sequences).
 */
static void random_alloc(void)
{
	gfp_t gfp = random_masks[test_rand() % ARRAY_SIZE(random_masks)] | __GFP_NOWARN;
	unsigned int order = random_order();
	struct page *page = alloc_pages(gfp, order);
	bool room;

	if (page)
		return model_take(page, order, gfp);
	drain_local_pages(NULL);
	room = model_has_room(order, gfp_zone(gfp));
	page = alloc_pages(gfp, order);
	if (!page != !room)
		model_fail("order %lu, mask %#lx: allocation and model disagree", order, gfp);
	if (page)
		model_take(page, order, gfp);
}

#define RANDOM_STEPS	3000

/* @steps random allocations and frees, checking everything after each */
static void random_run(unsigned long steps)
{
	unsigned long step;
	const char *why;

	for (step = 0; step < steps && !model_failures; step++) {
		if (!nr_live || test_rand() % 100 < 55)
			random_alloc();
		else
			model_release(test_rand() % nr_live);
		why = check_all();
		if (why && !model_failures++)
			test_snprintf(first_failure, sizeof(first_failure), "step %lu: %s", step, why);
	}
}

/* Free every live block, drain, and compare with the boot shape */
static void release_all(void)
{
	while (nr_live)
		model_release(nr_live - 1);
	drain_local_pages(NULL);
}

struct shape {
	unsigned long nr_free[NR_POPULATED][MAX_ORDER];
};

static void record_shape(struct shape *shape)
{
	unsigned int z, order;

	for (z = 0; z < NR_POPULATED; z++)
		for (order = 0; order < MAX_ORDER; order++)
			shape->nr_free[z][order] = nr_free_at(layout[z].idx, order);
}

/*
 *   boot -> 3000 random steps (per-CPU lists off) -> free all
 *        -> setup_per_cpu_pageset() -> 3000 random steps (lists on) -> free all
 *
 * Expect every block the model allows, no block it forbids, B1-B7 after
 * every step, and after the first phase the free lists exactly as at boot.
 */
static void random_sequence_check(u64 seed, phys_addr_t hole, phys_addr_t hole_size)
{
	struct shape boot, after;

	boot_node(hole, hole_size);
	record_shape(&boot);
	test_srand(seed);
	model_failures = 0;
	random_run(RANDOM_STEPS);
	release_all();
	record_shape(&after);
	tap_ok(!memcmp(&boot, &after, sizeof(boot)),
	       "random (seed %llu, hole %#llx+%#llx): the free lists as at boot after freeing all",
	       (unsigned long long)seed, (unsigned long long)hole, (unsigned long long)hole_size);
	setup_per_cpu_pageset();
	random_run(RANDOM_STEPS);
	release_all();
	if (model_failures)
		tap_diag("first failure: %s (replay with TEST_SEED=%llu)", first_failure,
			 (unsigned long long)seed);
	tap_eq(model_failures, 0, "random (seed %llu): %u steps agree with the model, B1-B7 hold",
	       (unsigned long long)seed, 2 * RANDOM_STEPS);
}

/*
 *   Normal  ######## -> DMA32 ######## -> DMA ######   (GFP_KERNEL, order 0)
 *
 * With no watermarks, expect order-0 GFP_KERNEL allocations to take all
 * 8191 free frames, Normal first, then DMA32, then DMA (the zone index never
 * goes up), GFP_DMA32 never to get a Normal page, and after freeing them
 * all the free lists exactly as at boot.
 */
static void exhaust_and_restore_check(void)
{
	unsigned long count = 0, climbs = 0, normal32 = 0;
	enum zone_type last = ZONE_NORMAL;
	struct shape boot, after;
	struct page *page;

	boot_node(0, 0);
	record_shape(&boot);
	while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0))) {
		climbs += layout_zone(pfn_of(page)) > last;
		last = layout_zone(pfn_of(page));
		model_take(page, 0, GFP_KERNEL);
		count++;
	}
	tap_eq(count, NR_FRAMES - 1, "exhaust: order 0 takes every free frame");
	tap_eq(climbs, 0, "exhaust: Normal, then DMA32, then DMA, never back up");
	release_all();
	while ((page = alloc_pages(GFP_DMA32 | __GFP_NOWARN, 0))) {
		normal32 += layout_zone(pfn_of(page)) == ZONE_NORMAL;
		model_take(page, 0, GFP_DMA32);
	}
	tap_eq(normal32, 0, "exhaust: GFP_DMA32 never takes a Normal page");
	tap_eq(nr_live, DMA32_END - 1, "exhaust: GFP_DMA32 takes all of DMA32 and DMA");
	release_all();
	record_shape(&after);
	tap_ok(!memcmp(&boot, &after, sizeof(boot)), "exhaust: the free lists as at boot afterwards");
	tap_ok(!check_all(), "exhaust: the invariants hold (%s)", check_all() ?: "ok");
}

static unsigned long take_all(gfp_t gfp)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(gfp | __GFP_NOWARN, 0))) {
		model_take(page, 0, gfp);
		n++;
	}
	return n;
}

/*
 * Watermarks from min_free_kbytes, worked by hand for this node:
 *   lowmem = 8191 pages = 32764 KiB; sqrt(16 * 32764) = 724 KiB = 181 pages
 *   min:  DMA 181*1023/8191 = 22, DMA32 181*3072/8191 = 67, Normal 181*4096/8191 = 90
 *   low = min + min/4, high = low + min/4: DMA 27/32, DMA32 83/99, Normal 112/134
 *   lowmem_reserve: DMA [DMA32] 3072/256 = 12, [Normal] 7168/256 = 28;
 *                   DMA32 [Normal] 4096/256 = 16
 * Expect GFP_KERNEL to stop at min + reserve for a Normal request:
 * Normal 90, DMA32 67+16 = 83, DMA 22+28 = 50 free pages; GFP_ATOMIC to go
 * to min/2 less a quarter: Normal 34, DMA32 26+16 = 42, DMA 9+28 = 37; and
 * GFP_DMA, which no reserve concerns, to take DMA down to its min, 22.
 */
static void watermark_check(void)
{
	boot_node(0, 0);
	setup_per_cpu_pageset();
	init_per_zone_wmark_min();
	tap_eq(min_free_kbytes, 724, "wmark: min_free_kbytes = sqrt(16 * 32764)");
	tap_ok(min_wmark_pages(zone_of(ZONE_DMA)) == 22 && low_wmark_pages(zone_of(ZONE_DMA)) == 27 &&
	       high_wmark_pages(zone_of(ZONE_DMA)) == 32, "wmark: DMA 22/27/32");
	tap_ok(min_wmark_pages(zone_of(ZONE_NORMAL)) == 90 &&
	       low_wmark_pages(zone_of(ZONE_NORMAL)) == 112 &&
	       high_wmark_pages(zone_of(ZONE_NORMAL)) == 134, "wmark: Normal 90/112/134");
	tap_ok(zone_of(ZONE_DMA)->lowmem_reserve[ZONE_DMA32] == 12 &&
	       zone_of(ZONE_DMA)->lowmem_reserve[ZONE_NORMAL] == 28 &&
	       zone_of(ZONE_DMA32)->lowmem_reserve[ZONE_NORMAL] == 16 &&
	       zone_of(ZONE_NORMAL)->lowmem_reserve[ZONE_MOVABLE] == 0, "wmark: lowmem_reserve");
	take_all(GFP_KERNEL);
	tap_ok(free_in_zone(ZONE_NORMAL) == 90 && free_in_zone(ZONE_DMA32) == 83 &&
	       free_in_zone(ZONE_DMA) == 50, "wmark: GFP_KERNEL stops at 90/83/50 (got %lu/%lu/%lu)",
	       free_in_zone(ZONE_NORMAL), free_in_zone(ZONE_DMA32), free_in_zone(ZONE_DMA));
	take_all(GFP_ATOMIC);
	tap_ok(free_in_zone(ZONE_NORMAL) == 34 && free_in_zone(ZONE_DMA32) == 42 &&
	       free_in_zone(ZONE_DMA) == 37, "wmark: GFP_ATOMIC stops at 34/42/37 (got %lu/%lu/%lu)",
	       free_in_zone(ZONE_NORMAL), free_in_zone(ZONE_DMA32), free_in_zone(ZONE_DMA));
	take_all(GFP_DMA);
	tap_eq(free_in_zone(ZONE_DMA), 22, "wmark: GFP_DMA takes DMA down to its min");
	release_all();
	tap_ok(!check_all(), "wmark: the invariants hold (%s)", check_all() ?: "ok");
}

/*
 *   Normal pageblocks:  4096 4608 | 5120 5632 | 6144 6656 | 7168 7680
 *   after boot:          MOV  MOV |  MOV  MOV |  MOV  MOV |  MOV  MOV
 *   GFP_KERNEL (unmovable) order 0: no unmovable block anywhere; borrow the
 *     largest movable block, 4096-5119, and take over both its pageblocks
 *   GFP_HIGHUSER_MOVABLE: its own lists: the next block, 5120, stays MOV
 *   GFP_KERNEL|__GFP_RECLAIMABLE: borrows the largest block of a fallback
 *     type: order 10 at 6144 (movable), and takes over its pageblocks
 * Expect the pages at 4096, 5120 and 6144 and those pageblock types.
 */
static void migratetype_steal_check(void)
{
	struct page *unmov, *mov, *recl;

	boot_node(0, 0);
	unmov = alloc_pages(GFP_KERNEL, 0);
	mov = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	recl = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	tap_ok(unmov && mov && recl && pfn_of(unmov) == 4096 && pfn_of(mov) == 5120 &&
	       pfn_of(recl) == 6144, "steal: pages at 4096, 5120, 6144");
	if (!(unmov && mov && recl))
		return;
	tap_ok(get_pageblock_migratetype(&frames[4096]) == MIGRATE_UNMOVABLE &&
	       get_pageblock_migratetype(&frames[4608]) == MIGRATE_UNMOVABLE,
	       "steal: the unmovable allocation took over both pageblocks of its block");
	tap_ok(get_pageblock_migratetype(&frames[5120]) == MIGRATE_MOVABLE,
	       "steal: the movable allocation left its pageblock movable");
	tap_ok(get_pageblock_migratetype(&frames[6144]) == MIGRATE_RECLAIMABLE &&
	       get_pageblock_migratetype(&frames[6656]) == MIGRATE_RECLAIMABLE,
	       "steal: the reclaimable allocation took over a whole movable block");
	model_take(unmov, 0, GFP_KERNEL);
	model_take(mov, 0, GFP_HIGHUSER_MOVABLE);
	model_take(recl, 0, GFP_KERNEL);
	tap_ok(!check_all(), "steal: the invariants hold (%s)", check_all() ?: "ok");
	release_all();
}

/*
 *   DMA pageblock 0: |0|1|2-3|4-7| ... |256-511|    frame 0 reserved, 511 free
 *   DMA pageblock 1: |512 ............... 1023|     taken first (movable, order 9)
 *   GFP_DMA (unmovable) order 0: no unmovable block; the largest movable
 *     one is 256-511, order 8, smaller than a pageblock: move every free
 *     block of pageblock 0 to the unmovable lists, and since 511 of its 512
 *     pages are free, make the pageblock unmovable; then take frame 1.
 * Expect frame 1, pageblock 0 unmovable, and its free blocks of orders 1-8
 * on the unmovable lists.
 */
static void steal_within_pageblock_check(void)
{
	struct page *big, *small;
	unsigned int order, moved = 0;

	boot_node(0, 0);
	big = alloc_pages(GFP_DMA | __GFP_MOVABLE, 9);
	small = alloc_pages(GFP_DMA, 0);
	tap_ok(big && small && pfn_of(big) == 512 && pfn_of(small) == 1,
	       "steal block: the movable order 9 at 512, then frame 1");
	if (!(big && small))
		return;
	tap_eq(get_pageblock_migratetype(&frames[0]), MIGRATE_UNMOVABLE,
	       "steal block: pageblock 0 taken over (511 of 512 pages free)");
	for (order = 1; order <= 8; order++) {
		struct list_head *list = &zone_of(ZONE_DMA)->free_area[order].free_list[MIGRATE_UNMOVABLE];

		moved += !list_empty(list) && list->next->next == list;
	}
	tap_eq(moved, 8, "steal block: its free blocks of orders 1-8 moved to the unmovable lists");
	model_take(big, 9, GFP_DMA);
	model_take(small, 0, GFP_DMA);
	tap_ok(!check_all(), "steal block: the invariants hold (%s)", check_all() ?: "ok");
	release_all();
}

/*
 * A double free, and a free of the reserved frame 0:
 *   alloc p; free p; free p   -> "BUG: Bad page state ... pfn:<p>" and the
 *                                reason Linux's DEBUG_VM would give
 *   free frame 0 (PG_reserved) -> the same line, "flags: 0x1000(reserved|
 *                                node=0|zone=0)", PAGE_FLAGS_CHECK_AT_FREE
 * Expect those lines in Linux's format, two bad pages counted, nothing
 * freed, the lists intact, each report ending in a stack dump; and a
 * failed allocation reported as Linux does: the line, a stack dump whose
 * CPU line shows the taint B the bad pages left, show_mem; a second
 * failure at once is held back (one report per ten seconds). Then 65
 * more bad pages at once: all counted, but no more than 60 reports in
 * the minute (the earlier ones included), as Linux's bad_page() allows.
 */
#define LINUX_BAD_PAGE_BURST	60UL	/* mm/page_alloc.c bad_page(): reports a minute */

/* How many lines of the log hold @text */
static unsigned long count_logged(const char *text)
{
	unsigned long n = 0;

	for (const char *p = log_buf; (p = strstr(p, text)); p++)
		n++;
	return n;
}

static void bad_page_check(void)
{
	unsigned long bad = page_alloc_bad_pages();
	struct page *page;
	char want[128];

	boot_node(0, 0);
	page = alloc_pages(GFP_KERNEL, 0);
	__free_pages(page, 0);
	capture_clear();
	__free_pages(page, 0);
	test_snprintf(want, sizeof(want), "BUG: Bad page state in process swapper  pfn:%05lx",
		      pfn_of(page));
	tap_ok(logged(want), "bad page: a double free prints \"%s\"", want);
	tap_ok(logged("page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)"),
	       "bad page: ... because its count is already 0");
	tap_ok(logged("Modules linked in:") && logged("Call Trace:"),
	       "bad page: the report ends with the modules and a stack dump");
	capture_clear();
	__free_pages(&frames[0], 0);
	tap_ok(logged("BUG: Bad page state in process swapper  pfn:00000") &&
	       logged("flags: 0x1000(reserved|node=0|zone=0)") &&
	       logged("page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set"),
	       "bad page: freeing reserved frame 0 is reported with its flags");
	tap_eq(page_alloc_bad_pages(), bad + 2, "bad page: two reports");
	tap_eq(nr_free_pages(), NR_FRAMES - 1, "bad page: nothing was freed twice");
	set_page_count(&frames[0], 1);
	tap_ok(!check_all(), "bad page: the invariants hold (%s)", check_all() ?: "ok");
	capture_clear();
	while ((page = alloc_pages(GFP_KERNEL, MAX_ORDER - 1)))
		model_take(page, MAX_ORDER - 1, GFP_KERNEL);
	tap_eq(nr_live, 7, "bad page: seven order-10 blocks, then a failure");
	tap_ok(logged("swapper: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), "
		      "nodemask=(null)"), "bad page: the failure reported in Linux's words");
	/* The host test runs as the boot task, pid 0, before sched_init names it swapper/0 */
	tap_ok(logged("CPU: 0 PID: 0 Comm: swapper Tainted: G    B              0.1 #1") &&
	       logged("Mem-Info:") && strstr(log_buf, "Node 0 Normal free:"),
	       "bad page: then a stack dump, tainted B by the bad pages, and show_mem");
	capture_clear();
	tap_ok(!alloc_pages(GFP_KERNEL, MAX_ORDER - 1) && !logged("page allocation failure"),
	       "bad page: a second failure within ten seconds is not reported");
	release_all();
	capture_clear();
	bad = page_alloc_bad_pages();
	for (unsigned long i = 0; i < LINUX_BAD_PAGE_BURST + 5; i++) {
		set_page_count(&frames[0], 1);
		__free_pages(&frames[0], 0);	/* reserved: a bad page each time */
	}
	set_page_count(&frames[0], 1);
	tap_eq(page_alloc_bad_pages(), bad + LINUX_BAD_PAGE_BURST + 5,
	       "bad page: every bad page counted");
	tap_eq(count_logged("BUG: Bad page state in process swapper  pfn:00000"),
	       LINUX_BAD_PAGE_BURST - min(bad, LINUX_BAD_PAGE_BURST),
	       "bad page: at most 60 reports a minute, as Linux");
	release_all();
}

int main(void)
{
	u64 seed = test_seed_from_env(20261207);

	setup_machine();
	register_console(&capture);
	init_mem_debugging_and_hardening();
	boot_free_all_check();
	xor_worked_example_check();
	exhaust_and_restore_check();
	watermark_check();
	migratetype_steal_check();
	steal_within_pageblock_check();
	bad_page_check();
	random_sequence_check(seed, 0, 0);
	random_sequence_check(seed + 1, 0x1234000, 0x56000);
	return tap_done();
}

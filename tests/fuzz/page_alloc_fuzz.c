// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_alloc_fuzz.c - libFuzzer target for the buddy allocator
 * (mm/page_alloc.c from book/page_alloc.nw), on the host test's simulated
 * node (tests/host/page_alloc_node.h).
 *
 * The input is a program, two bytes an operation:
 *
 *   byte 0, bit 7 clear: allocate; bits 0-3: order (mod MAX_ORDER + 1, so
 *                        that MAX_ORDER, which must be refused, occurs);
 *                        bits 4-6: the GFP mask, from a table
 *   byte 0, bit 7 set:   free; byte 1 picks the live block
 *   byte 1 for allocate: bit 0 __GFP_ZERO, bit 1 drain the per-CPU lists
 *                        first, bit 2 set up the per-CPU lists (once)
 *
 * Each input boots the node afresh. After every operation the allocator's
 * invariants (B1-B5, B7) must hold, no block may overlap a live one, and
 * free + per-CPU + live + reserved must be the whole node (B6); a violation
 * traps, and ASan and UBSan catch memory errors. At the end everything is
 * freed and the free count must be back to its boot value.
 */
#include "../host/page_alloc_node.h"

#define MAX_LIVE	512

static const gfp_t fuzz_masks[8] = {
	GFP_KERNEL, GFP_DMA, GFP_DMA32, GFP_HIGHUSER_MOVABLE, GFP_ATOMIC,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_KERNEL | __GFP_THISNODE, GFP_NOWAIT,
};
static struct page *live_page[MAX_LIVE];
static unsigned int live_order[MAX_LIVE], nr_live_blocks;
static bool booted_once;
static bool pagesets_on;	/* setup_per_cpu_pageset() ran: once a node */
static u8 in_use[NR_FRAMES];

void panic(const char *fmt, ...)
{
	(void)fmt;
	__builtin_trap();
}

static void check_node(void)
{
	unsigned long total = 0, i;
	unsigned int z;

	for (z = 0; z < NR_POPULATED; z++) {
		struct zone *zone = zone_of(layout[z].idx);

		if (page_alloc_check_invariants(zone))
			__builtin_trap();
		total += zone_page_state(zone, NR_FREE_PAGES) +
			 this_cpu_ptr(zone->per_cpu_pageset)->count;
	}
	for (i = 0; i < nr_live_blocks; i++)
		total += 1UL << live_order[i];
	if (total != NR_FRAMES - 1)
		__builtin_trap();		/* B6 */
}

static void fuzz_alloc(u8 op, u8 arg)
{
	unsigned int order = (op & 0xf) % (MAX_ORDER + 1), i;
	gfp_t gfp = fuzz_masks[(op >> 4) & 7] | __GFP_NOWARN | ((arg & 1) ? __GFP_ZERO : 0);
	struct page *page;

	if (arg & 2)
		drain_local_pages(NULL);
	if ((arg & 4) && !pagesets_on) {
		setup_per_cpu_pageset();	/* per-CPU memory: no frame taken */
		pagesets_on = true;
	}
	page = alloc_pages(gfp, order);
	if (!page)
		return;
	if (order >= MAX_ORDER || nr_live_blocks == MAX_LIVE || (pfn_of(page) & ((1UL << order) - 1)))
		__builtin_trap();
	for (i = 0; i < (1U << order); i++) {
		if (in_use[pfn_of(page) + i])
			__builtin_trap();	/* handed out twice */
		in_use[pfn_of(page) + i] = 1;
	}
	live_page[nr_live_blocks] = page;
	live_order[nr_live_blocks++] = order;
}

static void fuzz_free(u8 arg)
{
	unsigned int k, i;

	if (!nr_live_blocks)
		return;
	k = arg % nr_live_blocks;
	for (i = 0; i < (1U << live_order[k]); i++)
		in_use[pfn_of(live_page[k]) + i] = 0;
	__free_pages(live_page[k], live_order[k]);
	nr_live_blocks--;
	live_page[k] = live_page[nr_live_blocks];
	live_order[k] = live_order[nr_live_blocks];
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	unsigned long boot_free;
	size_t i;

	if (!booted_once) {
		setup_machine();	/* init_on_alloc stays off: zeroing is not under test */
		booted_once = true;
	}
	boot_node_only(0, 0);
	memset(in_use, 0, sizeof(in_use));
	nr_live_blocks = 0;
	pagesets_on = false;
	boot_free = nr_free_pages();
	for (i = 0; i + 1 < size; i += 2) {
		if (data[i] & 0x80)
			fuzz_free(data[i + 1]);
		else
			fuzz_alloc(data[i], data[i + 1]);
		check_node();
	}
	while (nr_live_blocks)
		fuzz_free(0);
	drain_local_pages(NULL);
	if (nr_free_pages() != boot_free)
		__builtin_trap();
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * page_alloc_node.h - a simulated node for the buddy allocator's host test
 * and fuzz target: NR_FRAMES page frames (32 MiB) in three zones, split at
 * multiples of the largest block as a PC's are (scaled down):
 *
 *   pfn 0      1024            4096                     8192
 *       | DMA   |    DMA32      |        Normal          |
 *       ^ frame 0 reserved (as on a PC: the real-mode IVT)
 *
 * Its struct pages are an array the vmemmap points at, its memory a buffer
 * the direct map points at, and the real memblock (book/memblock.nw)
 * describes it, so that memblock_free_all() hands it over as at boot. The
 * file plays the zones chapter: it fills in the zones, the zonelist and the
 * pageblock types. Include it once, in the test's own file.
 */
#ifndef TESTS_HOST_PAGE_ALLOC_NODE_H
#define TESTS_HOST_PAGE_ALLOC_NODE_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include <asm/numa.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <asm/init.h>
#include <asm/e820/api.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <asm/cpufeature.h>
#include "tap.h"
#include "memblock_reset.h"

#ifndef NR_FRAMES
#define NR_FRAMES	8192UL		/* a user may define a larger node */
#endif
#define NR_SIM_SECTIONS	DIV_ROUND_UP(NR_FRAMES, PAGES_PER_SECTION)
#define DMA_END		1024UL
#define DMA32_END	4096UL
#define NR_POPULATED	3

/* What the kernel's other chapters provide */
unsigned long page_offset_base, vmalloc_base, vmemmap_base;
unsigned long max_pfn_mapped, max_pfn, max_low_pfn;
struct boot_params boot_params;
/*
 * A kernel image for the Memory: line, pages of K:
 *   K+0  text  K+2 init text  K+3 rodata  K+5 init data  K+6 data  K+7 bss  K+8
 */
char kernel_image[8 * PAGE_SIZE] __aligned(PAGE_SIZE);
asm(".globl _text, _sinittext, _einittext, _etext, __start_rodata, __end_rodata\n"
    ".globl _sdata, __init_begin, __init_end, _edata, __bss_start, __bss_stop, _end\n"
    ".set _text, kernel_image\n"
    ".set _sinittext, kernel_image + 0x2000\n"
    ".set _einittext, kernel_image + 0x3000\n"
    ".set _etext, kernel_image + 0x3000\n"
    ".set __start_rodata, kernel_image + 0x3000\n"
    ".set __end_rodata, kernel_image + 0x5000\n"
    ".set _sdata, kernel_image + 0x5000\n"
    ".set __init_begin, kernel_image + 0x5000\n"
    ".set __init_end, kernel_image + 0x6000\n"
    ".set _edata, kernel_image + 0x7000\n"
    ".set __bss_start, kernel_image + 0x7000\n"
    ".set __bss_stop, kernel_image + 0x8000\n"
    ".set _end, kernel_image + 0x8000\n");
s16 __apicid_to_node[MAX_LOCAL_APIC];
struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_online_map, node_possible_map;
struct mm_struct init_mm;
pte_t *lookup_address(unsigned long address, unsigned int *level)
{
	(void)address;
	*level = PG_LEVEL_NONE;
	return NULL;
}
/*
 * The traps chapter's dump_stack() walks the kernel's stacks, which the host
 * has not: the CPU line (the real one, with the taint) and an empty trace.
 */
void dump_stack(void)
{
	dump_stack_print_info(KERN_DEFAULT);
	printk(KERN_DEFAULT "Call Trace:\n <TASK>\n </TASK>\n");
}

/* ---- the simulated node ---- */
static struct pglist_data node0;
static struct page *frames;		/* the memory map, at vmemmap */
static u8 *memory;			/* the memory, at the direct map */
static struct mem_section sim_sections[NR_SIM_SECTIONS], *section_root, **section_roots;
struct mem_section **mem_section;
static struct mem_section_usage sim_usage[NR_SIM_SECTIONS];
static const struct {
	enum zone_type idx;
	unsigned long start, end;
} layout[NR_POPULATED] = {
	{ ZONE_DMA, 0, DMA_END },
	{ ZONE_DMA32, DMA_END, DMA32_END },
	{ ZONE_NORMAL, DMA32_END, NR_FRAMES },
};

static inline struct zone *zone_of(enum zone_type idx)
{
	return &node0.node_zones[idx];
}

static inline unsigned long pfn_of(const struct page *page)
{
	return (unsigned long)(page - frames);
}

/*
 * ---- the zones chapter's side (book/zones.nw, mm/mm_init.c), played here ----
 * the pageblock types (one byte each instead of the sections' bitmaps), the
 * boot pageset, no deferred struct pages, and the reserved pages marked as
 * memmap_init_reserved_pages() marks them.
 */
DEFINE_PER_CPU(struct per_cpu_pages, boot_pageset);

/*
 * ---- the per-CPU chapter's side (book/percpu.nw): one CPU at offset 0, so
 * that a per-CPU allocation is a zeroed block of this pool, which a fresh
 * node empties (the kernel never frees these either) ----
 */
static char pcpu_pool[SZ_16K] __aligned(64);
static size_t pcpu_pool_used;

void __percpu *__alloc_percpu(size_t size, size_t align)
{
	size_t at = ALIGN(pcpu_pool_used, max_t(size_t, align, 1));

	if (at + size > sizeof(pcpu_pool))
		return NULL;
	pcpu_pool_used = at + size;
	memset(pcpu_pool + at, 0, size);
	return pcpu_pool + at;
}

static u8 sim_blocktype[NR_FRAMES / (1UL << pageblock_order) + 1];

unsigned long get_pfnblock_flags_mask(const struct page *page, unsigned long pfn,
				      unsigned long mask)
{
	(void)page;
	return sim_blocktype[pfn >> pageblock_order] & mask;
}

void set_pageblock_migratetype(struct page *page, int migratetype)
{
	sim_blocktype[page_to_pfn(page) >> pageblock_order] = migratetype;
}

bool early_page_uninitialised(unsigned long pfn)
{
	(void)pfn;
	return false;
}

void memmap_init_reserved_pages(void)
{
	phys_addr_t start, end, pa;
	u64 i;

	for_each_reserved_mem_range(i, &start, &end)
		for (pa = ALIGN_DOWN(start, PAGE_SIZE); pa < end; pa += PAGE_SIZE)
			__SetPageReserved(pfn_to_page(PHYS_PFN(pa)));
}

const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};
const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};
/* show_mem()'s DirectMap lines, after a failed allocation: none mapped here */
unsigned long direct_pages_count[PG_LEVEL_NUM];
struct cpuinfo_x86 boot_cpu_data;
int page_group_by_mobility_disabled;

/* ---- the NUMA chapter's side, for the zone lists' code: one node ---- */
int __node_distance(int from, int to)
{
	return from == to ? 10 : 20;	/* LOCAL_DISTANCE, REMOTE_DISTANCE */
}

int nodes_weight(nodemask_t mask)
{
	int n, weight = 0;

	for_each_node_mask(n, mask)
		weight++;
	return weight;
}

/* The boot pageset of each zone: lists off (high 0, batch 1) */
static struct per_cpu_pages boot_pagesets[MAX_NR_ZONES];

static void init_zone(enum zone_type idx, unsigned long start, unsigned long end)
{
	struct zone *zone = zone_of(idx);
	unsigned int order, mt, i;

	memset(zone, 0, sizeof(*zone));
	zone->zone_pgdat = &node0;
	zone->node = 0;
	zone->name = zone_names[idx];
	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
	zone->present_pages = end - start;
	for (order = 0; order < MAX_ORDER; order++)
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[mt]);
	memset(&boot_pagesets[idx], 0, sizeof(boot_pagesets[idx]));
	for (i = 0; i < NR_PCP_LISTS; i++)
		INIT_LIST_HEAD(&boot_pagesets[idx].lists[i]);
	boot_pagesets[idx].batch = 1;
	zone->per_cpu_pageset = &boot_pagesets[idx];
}

/* Each frame as memmap_init() leaves it: its zone and node, one reference */
static void init_frames(void)
{
	unsigned long pfn;
	unsigned int z;

	memset(frames, 0, NR_FRAMES * sizeof(struct page));
	for (z = 0; z < NR_POPULATED; z++)
		for (pfn = layout[z].start; pfn < layout[z].end; pfn++) {
			struct page *page = &frames[pfn];

			set_page_links(page, layout[z].idx, 0, pfn);
			init_page_count(page);
			page_mapcount_reset(page);
			INIT_LIST_HEAD(&page->lru);
			if (IS_ALIGNED(pfn, pageblock_nr_pages))
				set_pageblock_migratetype(page, MIGRATE_MOVABLE);
		}
}

/* The zonelists: Normal, DMA32, DMA; the node has no other to fall back to */
static void init_zonelists(void)
{
	unsigned int l, i;

	for (l = 0; l < MAX_ZONELISTS; l++) {
		struct zoneref *ref = node0.node_zonelists[l]._zonerefs;

		for (i = 0; i < NR_POPULATED; i++) {
			ref[i].zone = zone_of(layout[NR_POPULATED - 1 - i].idx);
			ref[i].zone_idx = layout[NR_POPULATED - 1 - i].idx;
		}
		ref[i].zone = NULL;
		ref[i].zone_idx = 0;
	}
}

static void reset_memblock(void)
{
	memblock_reset(MEMBLOCK_ALLOC_ANYWHERE);
}

/* The host's memory for the node: struct pages, frames, one valid section */
static void setup_machine(void)
{
	unsigned long i;

	frames = test_alloc(NR_FRAMES * sizeof(struct page));
	memory = test_alloc((NR_FRAMES + 1) * PAGE_SIZE);
	vmemmap_base = (unsigned long)frames;
	page_offset_base = ALIGN((unsigned long)memory, PAGE_SIZE);
	max_pfn = max_low_pfn = max_pfn_mapped = NR_FRAMES;
	for (i = 0; i < NR_SIM_SECTIONS; i++) {
		sim_sections[i].section_mem_map = SECTION_HAS_MEM_MAP | SECTION_MARKED_PRESENT;
		sim_sections[i].usage = &sim_usage[i];
	}
	section_root = sim_sections;
	section_roots = &section_root;
	mem_section = section_roots;
	node_data[0] = &node0;
	node_set(0, node_online_map);
	node_set(0, node_possible_map);
	memset(__apicid_to_node, 0xff, sizeof(__apicid_to_node));	/* NUMA_NO_NODE */
	gfp_allowed_mask = __GFP_BITS_MASK;	/* as after boot */
}

/*
 * A fresh node: memblock knows [0, 32 MiB) with frame 0 and [@reserved_base, +@reserved_size)
 * reserved, and memblock_free_all() hands the rest over.
 */
static void boot_node_only(phys_addr_t reserved_base, phys_addr_t reserved_size)
{
	unsigned int z;

	memset(&node0, 0, sizeof(node0));
	pcpu_pool_used = 0;
	node0.node_id = 0;
	node0.node_spanned_pages = NR_FRAMES;
	node0.node_present_pages = NR_FRAMES;
	node0.nr_zones = ZONE_NORMAL + 1;
	for (z = 0; z < MAX_NR_ZONES; z++)
		init_zone(z, 0, 0);
	for (z = 0; z < NR_POPULATED; z++)
		init_zone(layout[z].idx, layout[z].start, layout[z].end);
	init_frames();
	init_zonelists();
	reset_memblock();
	memblock_add(0, NR_FRAMES * PAGE_SIZE);
	memblock_reserve(0, PAGE_SIZE);
	if (reserved_size)
		memblock_reserve(reserved_base, reserved_size);
	memblock_free_all();
}

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * show_mem_test.c - mm/show_mem.c (book/show_mem.nw) on hand-made zones.
 *
 * Each case gives two nodes' zones sizes, watermarks and free lists
 * (blocks of each order and migrate type, drawn in the case's picture),
 * runs one of the texts, and compares its lines with lines written out
 * here in Linux's format: Debian's Linux 6.1's show_mem under
 * panic_print=2, and its /proc files' layout (mm/vmstat.c, fs/proc).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/show_mem.h>
#include <asm/init.h>
#include <asm/cpufeature.h>
#include "tap.h"
#include "capture.h"

struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_possible_map, node_online_map;
unsigned long direct_pages_count[PG_LEVEL_NUM];
struct cpuinfo_x86 boot_cpu_data;	/* no 1 GiB pages: no DirectMap1G line */

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

/* The sparse model's lookups: section 0 has struct pages, test_pages */
struct mem_section **mem_section;
unsigned long vmemmap_base;

/* book/vmalloc.nw's text; show_mem.c only points at it */
void vmallocinfo_show(struct seq_file *m)
{
	(void)m;
}
static struct page test_pages[4096];

/* Pageblocks below pfn 1024 are unmovable, the others movable */
unsigned long get_pfnblock_flags_mask(const struct page *page, unsigned long pfn,
				      unsigned long mask)
{
	(void)page, (void)mask;
	return pfn < 1024 ? MIGRATE_UNMOVABLE : MIGRATE_MOVABLE;
}

static void sections(void)
{
	mem_section = test_alloc(NR_SECTION_ROOTS * sizeof(*mem_section));
	mem_section[0] = test_alloc(SECTIONS_PER_ROOT * sizeof(struct mem_section));
	mem_section[0][0].section_mem_map = SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP;
	vmemmap_base = (unsigned long)test_pages;
	for (unsigned long pfn = 0; pfn < ARRAY_SIZE(test_pages); pfn++)
		set_page_links(&test_pages[pfn], ZONE_DMA, 0, pfn);
}

static pg_data_t nodes[2];
static struct list_head blocks[4096];	/* stand-ins for free blocks */
static int nr_blocks;

static void list_append(struct list_head *head, struct list_head *node)
{
	node->prev = head->prev;
	node->next = head;
	head->prev->next = node;
	head->prev = node;
}

/* @n blocks of @order and @type on @zone's lists, counted as free pages */
static void give(struct zone *zone, int order, int type, int n)
{
	for (int i = 0; i < n; i++)
		list_append(&zone->free_area[order].free_list[type], &blocks[nr_blocks++]);
	zone->free_area[order].nr_free += n;
	atomic_long_add((long)n << order, &zone->vm_stat[NR_FREE_PAGES]);
}

/*
 * The machine of Debian's panic_print=2 log (q35, 1 GiB), node 0:
 *
 *   DMA:   present 3998, managed 3840, watermarks 177/221/265,
 *          lowmem_reserve 0 937 937 937 937
 *          order: 5  6  7  9  10
 *          U:     1  1  1
 *          M:              1  3        = 15232 kB
 *   DMA32: present 258015, managed 240093, watermarks 11086/13857/16628
 *          order 0: 3 (M, E)  order 10: 226 (M)  (the rest left out)
 *
 * and node 1 with one empty zone list (no memory): no lines.
 */
static void machine(void)
{
	struct zone *dma = &nodes[0].node_zones[ZONE_DMA];
	struct zone *dma32 = &nodes[0].node_zones[ZONE_DMA32];
	static const long reserve[MAX_NR_ZONES] = { 0, 937, 937, 937, 937 };

	memset(nodes, 0, sizeof(nodes));
	nr_blocks = 0;
	for (int n = 0; n < 2; n++) {
		nodes[n].node_id = n;
		node_data[n] = &nodes[n];
		node_set(n, node_online_map);
		node_set(n, node_possible_map);
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &nodes[n].node_zones[zt];

			z->zone_pgdat = &nodes[n];
			z->node = n;
			for (int o = 0; o < MAX_ORDER; o++)
				for (int t = 0; t < MIGRATE_TYPES; t++)
					INIT_LIST_HEAD(&z->free_area[o].free_list[t]);
		}
	}
	dma->present_pages = 3998;
	dma->spanned_pages = 4095;
	dma->zone_start_pfn = 1;
	atomic_long_set(&dma->managed_pages, 3840);
	dma->_watermark[WMARK_MIN] = 177;
	dma->_watermark[WMARK_LOW] = 221;
	dma->_watermark[WMARK_HIGH] = 265;
	memcpy(dma->lowmem_reserve, reserve, sizeof(reserve));
	give(dma, 5, MIGRATE_UNMOVABLE, 1);
	give(dma, 6, MIGRATE_UNMOVABLE, 1);
	give(dma, 7, MIGRATE_UNMOVABLE, 1);
	give(dma, 9, MIGRATE_MOVABLE, 1);
	give(dma, 10, MIGRATE_MOVABLE, 3);
	dma32->present_pages = 258015;
	atomic_long_set(&dma32->managed_pages, 240093);
	dma32->_watermark[WMARK_MIN] = 11086;
	dma32->_watermark[WMARK_LOW] = 13857;
	dma32->_watermark[WMARK_HIGH] = 16628;
	give(dma32, 0, MIGRATE_MOVABLE, 1);
	give(dma32, 0, MIGRATE_RECLAIMABLE, 2);
	give(dma32, 10, MIGRATE_MOVABLE, 226);
	capture_clear();
}

/*
 * show_mem on that machine.
 * Expect Linux's lines for the DMA zone (Debian's, word for word: its
 * free lists are the ones given above), the DMA32 zone's free-list line
 * with (ME) at order 0, "= 925708kB" (12 + 925696), and the totals:
 * 262013 pages RAM (3998 + 258015), 18080 reserved (158 + 17922).
 * Node 1 has no managed zone: no "Node 1" line at all.
 */
static void show_mem_check(void)
{
	machine();
	show_mem(0, NULL);
	tap_ok(logged("Mem-Info:"), "show_mem: the header");
	tap_ok(logged(" free:235235 free_pcp:0 free_cma:0"),
	       "show_mem: free pages of both zones, 3808 + 231427");
	tap_ok(logged("Node 0 DMA free:15232kB boost:0kB min:708kB low:884kB high:1060kB "
		      "reserved_highatomic:0KB active_anon:0kB inactive_anon:0kB active_file:0kB "
		      "inactive_file:0kB unevictable:0kB writepending:0kB present:15992kB "
		      "managed:15360kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB"),
	       "show_mem: the DMA zone's line is Debian's");
	tap_ok(logged("lowmem_reserve[]: 0 937 937 937 937"), "show_mem: DMA's lowmem_reserve");
	tap_ok(logged("Node 0 DMA: 0*4kB 0*8kB 0*16kB 0*32kB 0*64kB 1*128kB (U) 1*256kB (U) "
		      "1*512kB (U) 0*1024kB 1*2048kB (M) 3*4096kB (M) = 15232kB"),
	       "show_mem: the DMA free lists are Debian's line");
	tap_ok(logged("Node 0 DMA32: 3*4kB (ME) 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB "
		      "0*512kB 0*1024kB 0*2048kB 226*4096kB (M) = 925708kB"),
	       "show_mem: DMA32's free lists, two types at order 0");
	tap_ok(logged("262013 pages RAM") && logged("18080 pages reserved"),
	       "show_mem: Debian's totals of RAM and reserved pages");
	tap_ok(!strstr(log_buf, "Node 1"), "show_mem: node 1 has no memory and no line");
	if (!logged("262013 pages RAM"))
		tap_diag("%s", log_buf);
}

/* Run a /proc text into a buffer */
static char text[SZ_64K];

static const char *run(void (*show)(struct seq_file *m))
{
	struct seq_file m = { .buf = text, .size = sizeof(text) };

	text[0] = '\0';
	show(&m);
	return text;
}

/*
 * buddyinfo and pagetypeinfo on the same machine.
 * Expect Linux's columns: "Node 0, zone      DMA " then six-wide counts;
 * pagetypeinfo's header, and the DMA zone's Movable row with 1 at
 * order 9 and 3 at order 10. Its pageblocks, at pfns 1, 513, ... 3585
 * (the zone starts at pfn 1), are unmovable below pfn 1024:
 *
 *   pfn  1   513 | 1025 1537 2049 2561 3073 3585
 *        U    U  |  M    M    M    M    M    M        -> 2 unmovable, 6 movable
 *
 * DMA32 spans nothing here: no blocks.
 */
static void proc_check(void)
{
	machine();
	tap_ok(strstr(run(buddyinfo_show),
		      "Node 0, zone      DMA      0      0      0      0      0      1      1"
		      "      1      0      1      3 \n"
		      "Node 0, zone    DMA32      3      0      0      0      0      0      0"
		      "      0      0      0    226 \n") != NULL,
	       "buddyinfo: Linux's columns for both zones");
	run(pagetypeinfo_show);
	tap_ok(strstr(text, "Page block order: 9\nPages per block:  512\n\n"
		      "Free pages count per migrate type at order       0      1      2      3"
		      "      4      5      6      7      8      9     10 \n") != NULL,
	       "pagetypeinfo: Linux's header");
	tap_ok(strstr(text, "Node    0, zone      DMA, type      Movable      0      0      0"
		      "      0      0      0      0      0      0      1      3 \n") != NULL,
	       "pagetypeinfo: the DMA zone's Movable row");
	tap_ok(strstr(text, "Node    0, zone    DMA32, type  Reclaimable      2 ") != NULL,
	       "pagetypeinfo: two reclaimable blocks of order 0 in DMA32");
	tap_ok(strstr(text, "\nNumber of blocks type     Unmovable      Movable  Reclaimable "
		      "  HighAtomic      Isolate \n"
		      "Node 0, zone      DMA            2            6            0            0"
		      "            0 \n"
		      "Node 0, zone    DMA32            0            0            0            0"
		      "            0 \n") != NULL,
	       "pagetypeinfo: the pageblocks of each type, Linux's table");
	if (!strstr(text, "Number of blocks type"))
		tap_diag("%s", text);
}

/*
 * zoneinfo and meminfo.
 * Expect the DMA zone's block as Linux lays it out (sizes, watermarks,
 * protection, counters), an empty Normal zone with only its sizes, and
 * meminfo's MemTotal 975732 kB ((3840 + 240093) * 4), MemFree 15232 +
 * 925708 kB, and the direct map's sizes (991 4 KiB and 510 2 MiB pages).
 */
static void zoneinfo_meminfo_check(void)
{
	machine();
	run(zoneinfo_show);
	tap_ok(strstr(text, "Node 0, zone      DMA\n  pages free     3808\n        boost    0\n"
		      "        min      177\n        low      221\n        high     265\n"
		      "        spanned  4095\n        present  3998\n        managed  3840\n"
		      "        cma      0\n        protection: (0, 937, 937, 937, 937)\n"
		      "      nr_free_pages 3808\n") != NULL,
	       "zoneinfo: the DMA zone's sizes, watermarks, protection, first counter");
	tap_ok(strstr(text, "  start_pfn:           1\nNode 0, zone    DMA32\n") != NULL,
	       "zoneinfo: the DMA zone ends with its start pfn");
	tap_ok(strstr(text, "Node 0, zone   Normal\n  pages free     0\n") &&
	       strstr(text, "        protection: (0, 0, 0, 0, 0)\nNode 0, zone  Movable\n"),
	       "zoneinfo: an empty zone shows its sizes only");
	direct_pages_count[PG_LEVEL_4K] = 991;
	direct_pages_count[PG_LEVEL_2M] = 510;
	run(meminfo_show);
	tap_eq_str(text, "MemTotal:         975732 kB\nMemFree:          940940 kB\n"
		   "MemAvailable:     940940 kB\nDirectMap4k:        3964 kB\n"
		   "DirectMap2M:     1044480 kB\n", "meminfo: the lines this kernel has");
}

int main(void)
{
	register_console(&capture);
	sections();
	show_mem_check();
	proc_check();
	zoneinfo_meminfo_check();
	return tap_done();
}

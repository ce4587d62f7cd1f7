// SPDX-License-Identifier: GPL-2.0-only
/*
 * zones_test.c - mm/mm_init.c (book/zones.nw): zone sizing on simulated
 * memblock layouts, with the real memblock (book/memblock.nw) and the NUMA
 * chapter's node masks and spans (book/numa.nw).
 *
 * Each case lays memory out in memblock with its nodes, as the NUMA chapter
 * leaves it, gives every online node a zeroed pg_data_t, runs
 * free_area_init() with x86's limits (16 MiB, 4 GiB, the end of memory)
 * and checks the zones' starts, spans and present frames, where
 * ZONE_MOVABLE starts, and the lines printed. The expectations are worked
 * out by hand from the picture above each case, in page frames (4 KiB);
 * the arithmetic is written out in the comments. No section has a memory
 * map here (there is no vmemmap), so memmap_init() touches no struct page:
 * the struct pages are the sparse_vmemmap test's and the self-tests'.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <asm/numa.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/cpufeature.h>
#include "tap.h"
#include "kthread_env.h"
#include "capture.h"
#include "early_memremap_double.h"
#include "memblock_reset.h"

#define PHYS_SIZE	SZ_64M		/* backs memblock_alloc(): the memory-less pg_data_t */

struct boot_params boot_params;
unsigned long page_offset_base, vmemmap_base;
unsigned long max_pfn_mapped;
int after_bootmem;			/* the page allocator never takes over here */
unsigned long max_pfn;
/* What the sparse-memory files link against; no page table is built here */
struct cpuinfo_x86 boot_cpu_data;
pteval_t __supported_pte_mask = ~0ULL;
static pgd_t top_pgt[PTRS_PER_PGD];
struct mm_struct init_mm = { .pgd = top_pgt };

static u8 *phys_mem;
/*
 * The kernel image: an address of the host process, so __pa_symbol()
 * puts it far above ZONE_DMA, where Linux's image lies (16 MiB and up).
 */
char _text[1];

/* ---- the machine ---- */

struct range {
	u64 start, end;
	int nid;
	enum memblock_flags flags;
};
#define MEM(start, end, nid)	{ (start), (end), (nid), MEMBLOCK_NONE }
#define MIRROR(start, end, nid)	{ (start), (end), (nid), MEMBLOCK_MIRROR }
#define END			{ 0, 0, 0, MEMBLOCK_NONE }

/* Run an early_param() handler as parse_early_param() would */
static int early_option(const char *name, const char *val)
{
	static char buf[128];

	for (const struct obs_kernel_param *p = __start_init_setup; p < __stop_init_setup; p++) {
		if (p->early && !strcmp(p->str, name)) {
			scnprintf(buf, sizeof(buf), "%s", val);
			return p->setup_func(buf);
		}
	}
	test_abort("no such early option");
}

/*
 * Memory @mem (ended by an empty range) on its nodes, nodes @possible of
 * which those with memory are online, each with a fresh pg_data_t; options
 * "kernelcore=" and "movablecore=" from @kernelcore and @movablecore.
 */
static void machine(const struct range *mem, int possible, const char *kernelcore,
		    const char *movablecore)
{
	int nid;

	memset(phys_mem, 0, PHYS_SIZE);
	memblock_reset(PHYS_SIZE);
	for (int i = 0; mem[i].end; i++)
		memblock_add_node(mem[i].start, mem[i].end - mem[i].start, mem[i].nid, mem[i].flags);
	nodes_clear(node_online_map);
	nodes_clear(node_possible_map);
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		test_free(node_data[nid]);
		node_data[nid] = NULL;
	}
	for (nid = 0; nid < possible; nid++)
		node_set(nid, node_possible_map);
	for (int i = 0; mem[i].end; i++) {
		nid = mem[i].nid;
		if (!node_data[nid]) {
			node_data[nid] = test_alloc(sizeof(pg_data_t));
			memset(node_data[nid], 0, sizeof(pg_data_t));
			node_set_online(nid);
		}
	}
	mirrored_kernelcore = false;
	early_option("kernelcore", kernelcore ? kernelcore : "0");
	early_option("movablecore", movablecore ? movablecore : "0");
	nr_kernel_pages = nr_all_pages = 0;
	max_pfn = PHYS_PFN(memblock_end_of_DRAM());
	capture_clear();
}

/* zone_sizes_init() on the machine */
static void boot(void)
{
	zone_sizes_init();
}

static struct zone *zone_of(int nid, enum zone_type z)
{
	return &NODE_DATA(nid)->node_zones[z];
}

/* Expect zone @z of node @nid to start at @start, span @spanned and have @present */
static void zone_is(const char *what, int nid, enum zone_type z, unsigned long start,
		    unsigned long spanned, unsigned long present)
{
	struct zone *zone = zone_of(nid, z);
	bool ok = zone->zone_start_pfn == start && zone->spanned_pages == spanned &&
		  zone->present_pages == present;

	tap_ok(ok, "%s: node %d %s starts at %#lx, spans %lu, has %lu", what, nid, zone_names[z],
	       start, spanned, present);
	if (!ok)
		tap_diag("got start %#lx, spanned %lu, present %lu", zone->zone_start_pfn,
			 zone->spanned_pages, zone->present_pages);
}

static void invariants(const char *what)
{
	const char *err = zones_check_invariants();

	tap_ok(!err, "%s: zones_check_invariants(): %s", what, err ? err : "Z1, Z2, Z4 hold");
}

static bool movable_starts(void)
{
	return logged("Movable zone start for each node");
}

/* ---- the cases ---- */

/*
 * q35 with 1 GiB, one node:
 *
 *   pfn  0x1   0x9f  0x100        0x1000                       0x3ffdf
 *        [ mem )hole [  memory    )[         memory            )
 *        [ DMA                    )[ DMA32                     )  Normal: empty
 *
 * Expect Linux's lines (Debian's log under QEMU); DMA spans 0x1000 - 1 =
 * 4095 frames of which 0x100 - 0x9f = 97 are the hole at 640 KiB: 3998
 * present; DMA32 spans and has 0x3ffdf - 0x1000 = 258015. The estimate:
 * DMA's 4095 struct pages are 64 pages of memory map, DMA32's 258015 are
 * 4032 (258015 * 64 / 4096 = 4031.5, rounded up), so nr_all_pages =
 * (3998 - 64) + (258015 - 4032) = 257917, all of it kernel memory.
 */
static void one_gib_check(void)
{
	static const struct range mem[] = {
		MEM(0x1000, 0x9f000, 0), MEM(SZ_1M, 0x3ffdf000, 0), END,
	};

	machine(mem, 1, NULL, NULL);
	boot();
	tap_ok(logged("Zone ranges:") &&
	       logged("  DMA      [mem 0x0000000000001000-0x0000000000ffffff]") &&
	       logged("  DMA32    [mem 0x0000000001000000-0x000000003ffdefff]") &&
	       logged("  Normal   empty") && logged("  Device   empty"),
	       "1 GiB: the zone ranges as Linux prints them");
	tap_ok(movable_starts() && !strstr(log_buf, "  Node "), "1 GiB: no ZONE_MOVABLE");
	tap_ok(logged("  node   0: [mem 0x0000000000001000-0x000000000009efff]") &&
	       logged("  node   0: [mem 0x0000000000100000-0x000000003ffdefff]") &&
	       logged("Initmem setup node 0 [mem 0x0000000000001000-0x000000003ffdefff]"),
	       "1 GiB: the node ranges and Initmem line");
	zone_is("1 GiB", 0, ZONE_DMA, 0x1, 4095, 3998);
	zone_is("1 GiB", 0, ZONE_DMA32, 0x1000, 258015, 258015);
	zone_is("1 GiB", 0, ZONE_NORMAL, 0, 0, 0);
	zone_is("1 GiB", 0, ZONE_MOVABLE, 0, 0, 0);
	tap_ok(NODE_DATA(0)->node_spanned_pages == 4095 + 258015 &&
	       NODE_DATA(0)->node_present_pages == 3998 + 258015 && NODE_DATA(0)->nr_zones == 2,
	       "1 GiB: the node spans 262110 frames, has 262013, two zones");
	tap_eq(nr_all_pages, 257917, "1 GiB: nr_all_pages is present less the memory map");
	tap_eq(nr_kernel_pages, 257917, "1 GiB: and all of it is kernel memory");
	tap_eq(zone_managed_pages(zone_of(0, ZONE_DMA)), 3934, "1 GiB: DMA's managed estimate");
	tap_ok(list_empty(&zone_of(0, ZONE_DMA32)->free_area[MAX_ORDER - 1].free_list[MIGRATE_MOVABLE]) &&
	       zone_of(0, ZONE_DMA32)->free_area[0].nr_free == 0 &&
	       zone_of(0, ZONE_DMA32)->zone_pgdat == NODE_DATA(0) &&
	       !strcmp(zone_of(0, ZONE_DMA32)->name, "DMA32"),
	       "1 GiB: DMA32 is set up: empty lists, its node, its name");
	invariants("1 GiB");
}

/*
 * The DMA zone's reserve, on q35 with 1 GiB:
 *
 *   pfn  0x1      0x9f  0x100  0x200   0x210    0x500        0x1000
 *        [reserved )hole [ free [reserved)  free  [x]   free   )
 *        |<-------------------- ZONE_DMA ------------------->|
 *
 * [x] is a reservation of 100 bytes inside frame 0x500.
 * Expect, with only the first MiB reserved as Linux reserves it, a
 * reserve of its 158 frames of memory (0x9f less frame 0, which is not
 * memory) and Linux's Total pages for this machine, 257917 - 158 =
 * 257759. Then with 64 KiB at 2 MiB and the 100 bytes: 16 frames more,
 * and one for the frame [x] spoils. Then with nothing reserved, none.
 */
static void dma_reserve_check(void)
{
	static const struct range mem[] = {
		MEM(0x1000, 0x9f000, 0), MEM(SZ_1M, 0x3ffdf000, 0), END,
	};

	machine(mem, 1, NULL, NULL);
	memblock_reserve(0, SZ_1M);
	memblock_find_dma_reserve();
	boot();
	tap_eq(nr_kernel_pages, 257759, "dma_reserve: the first MiB's 158 frames leave the estimate");
	tap_eq(zone_managed_pages(zone_of(0, ZONE_DMA)), 3934 - 158,
	       "dma_reserve: DMA's estimate loses them");
	tap_eq(zone_managed_pages(zone_of(0, ZONE_DMA32)), 258015 - 4032,
	       "dma_reserve: DMA32's estimate does not");

	machine(mem, 1, NULL, NULL);
	memblock_reserve(0, SZ_1M);
	memblock_reserve(SZ_2M, SZ_64K);
	memblock_reserve(0x500000 + 100, 100);
	memblock_find_dma_reserve();
	boot();
	tap_eq(nr_kernel_pages, 257917 - 158 - 16 - 1,
	       "dma_reserve: 64 KiB and a part of one frame reserve 17 frames more");

	machine(mem, 1, NULL, NULL);
	memblock_find_dma_reserve();
	boot();
	tap_eq(nr_kernel_pages, 257917, "dma_reserve: nothing reserved, nothing left out");
	invariants("dma_reserve");
}

/* q35 with 6 GiB: RAM below 2 GiB, the PCI hole, RAM [4 GiB, 8 GiB) */
static const struct range q35_6g[] = {
	MEM(0x1000, 0x9f000, 0), MEM(SZ_1M, 0x7ffdf000, 0), MEM(SZ_4G, 2 * SZ_4G, 0), END,
};

/*
 * q35 with 6 GiB and movablecore=1G:
 *
 *   pfn 0x1  0x100   0x1000          0x7ffdf   0x100000       0x1c0000  0x200000
 *       [mem)[ mem   |   memory      )PCI hole [   memory     |  memory  )
 *       [ DMA        )[ DMA32                  )[ Normal      )[ Movable )
 *
 * All memory: 0x9e + (0x7ffdf - 0x100) + 0x100000 = 158 + 523999 + 1048576
 * = 1572733 frames; movable 1 GiB = 262144 frames (a multiple of 1024), so
 * kernel 1310589. The 524157 frames below 4 GiB count, the remaining
 * 786432 = 0xc0000 are taken from 4 GiB up: Movable starts at 0x1c0000.
 * DMA32 spans 0x100000 - 0x1000 = 1044480 and has 0x7ffdf - 0x1000 = 520159.
 */
static void movablecore_check(void)
{
	machine(q35_6g, 1, NULL, "1G");
	boot();
	tap_ok(logged("  Normal   [mem 0x0000000100000000-0x00000001ffffffff]") &&
	       logged("  Node 0: 0x00000001c0000000"),
	       "movablecore=1G: Normal's limits, and Movable from 7 GiB");
	zone_is("movablecore=1G", 0, ZONE_DMA32, 0x1000, 1044480, 520159);
	zone_is("movablecore=1G", 0, ZONE_NORMAL, 0x100000, 0xc0000, 0xc0000);
	zone_is("movablecore=1G", 0, ZONE_MOVABLE, 0x1c0000, 0x40000, 0x40000);
	tap_eq(NODE_DATA(0)->nr_zones, 4, "movablecore=1G: four zones up to Movable");
	invariants("movablecore=1G");

	/* 25% of 1572733 = 393183, rounded up to 1024: 393216 = 0x60000 */
	machine(q35_6g, 1, NULL, "25%");
	boot();
	tap_ok(logged("  Node 0: 0x00000001a0000000"), "movablecore=25%%: Movable from 6.5 GiB");
	zone_is("movablecore=25%", 0, ZONE_MOVABLE, 0x1a0000, 0x60000, 0x60000);
	invariants("movablecore=25%");
}

/*
 * Two nodes, kernelcore=3G (786432 frames):
 *
 *   node 0: [1M ............. 2G)           node 1: [4G ................. 8G)
 *   pfn     0x100  0x1000     0x80000               0x100000   0x140400   0x200000
 *           [ DMA )[ DMA32    )                     [ Normal   )[ Movable  )
 *
 * Round 1, two nodes, 393216 each. Node 0 has 523776 frames, all below
 * Normal: its share is met and all of them count, leaving 786432 - 523776
 * = 262656. That is less than a share, so node 1's is 262656 / 2 = 131328:
 * 0x100000 + 131328 = 0x120100, leaving 131328. Round 2, one node: node 0
 * has nothing left; node 1 takes 131328 more: 0x140200. Rounded up to 1024
 * frames: 0x140400. Node 0's start, 0x80000, is its end: no Movable there.
 */
static void kernelcore_two_nodes_check(void)
{
	static const struct range mem[] = {
		MEM(SZ_1M, SZ_2G, 0), MEM(SZ_4G, 2 * SZ_4G, 1), END,
	};

	machine(mem, 2, "3G", NULL);
	boot();
	tap_ok(logged("  Node 1: 0x0000000140400000") && !strstr(log_buf, "  Node 0:"),
	       "kernelcore=3G on two nodes: Movable only on node 1, from 0x140400000");
	tap_ok(logged("  DMA      [mem 0x0000000000100000-0x0000000000ffffff]"),
	       "kernelcore=3G on two nodes: DMA starts where memory does");
	zone_is("kernelcore=3G", 0, ZONE_DMA, 0x100, 0xf00, 0xf00);
	zone_is("kernelcore=3G", 0, ZONE_DMA32, 0x1000, 0x7f000, 0x7f000);
	zone_is("kernelcore=3G", 0, ZONE_MOVABLE, 0, 0, 0);
	zone_is("kernelcore=3G", 1, ZONE_DMA32, 0, 0, 0);
	zone_is("kernelcore=3G", 1, ZONE_NORMAL, 0x100000, 0x40400, 0x40400);
	zone_is("kernelcore=3G", 1, ZONE_MOVABLE, 0x140400, 0xbfc00, 0xbfc00);
	tap_ok(logged("Initmem setup node 1 [mem 0x0000000100000000-0x00000001ffffffff]"),
	       "kernelcore=3G: node 1's Initmem line");
	invariants("kernelcore=3G");
}

/*
 * One node with a hole of 512 MiB inside DMA32:
 *
 *   pfn 0x100  0x1000        0x40000   0x60000       0x80000
 *       [ DMA )[ memory      )  hole   [  memory     )
 *              [ DMA32                               )
 *
 * Expect DMA32 to span 0x80000 - 0x1000 = 520192 and have 520192 - 0x20000
 * = 389120; the node to span from 1 MiB to 2 GiB.
 */
static void hole_check(void)
{
	static const struct range mem[] = {
		MEM(SZ_1M, SZ_1G, 0), MEM(SZ_1G + SZ_512M, SZ_2G, 0), END,
	};

	machine(mem, 1, NULL, NULL);
	boot();
	zone_is("hole", 0, ZONE_DMA32, 0x1000, 520192, 389120);
	tap_ok(logged("Initmem setup node 0 [mem 0x0000000000100000-0x000000007fffffff]") &&
	       NODE_DATA(0)->node_spanned_pages == 0x80000 - 0x100 &&
	       NODE_DATA(0)->node_present_pages == 0x80000 - 0x100 - 0x20000,
	       "hole: the node spans 1 MiB to 2 GiB, less 512 MiB present");
	tap_eq(__absent_pages_in_range(MAX_NUMNODES, 0, 0x80000), 0x100 + 0x20000,
	       "hole: absent frames below 2 GiB: the first MiB and the hole");
	invariants("hole");
}

/*
 * A 32 MiB machine, movablecore=64M, then kernelcore=100%:
 *
 *   pfn 0x1  0x9f 0x100   0x1000    0x1fdf
 *       [mem )hole [ mem  |  mem     )
 *       [ DMA             )[ DMA32   )
 *
 * Expect DMA 4095 / 3998 as on any PC, DMA32 0x1fdf - 0x1000 = 4063. All
 * memory is 158 + 7903 = 8061 frames; movablecore=64M asks for more than
 * that, which leaves 0 for the kernel, and kernelcore=100% for all of it:
 * both mean no ZONE_MOVABLE.
 */
static void tiny_check(void)
{
	static const struct range mem[] = {
		MEM(0x1000, 0x9f000, 0), MEM(SZ_1M, 0x1fdf000, 0), END,
	};

	machine(mem, 1, NULL, "64M");
	boot();
	zone_is("32 MiB", 0, ZONE_DMA, 0x1, 4095, 3998);
	zone_is("32 MiB", 0, ZONE_DMA32, 0x1000, 4063, 4063);
	zone_is("32 MiB, movablecore=64M", 0, ZONE_MOVABLE, 0, 0, 0);
	tap_ok(logged("  Normal   empty") && !strstr(log_buf, "  Node 0:"),
	       "32 MiB: Normal empty, no Movable start");
	invariants("32 MiB");
	machine(mem, 1, "100%", NULL);
	boot();
	zone_is("32 MiB, kernelcore=100%", 0, ZONE_MOVABLE, 0, 0, 0);
}

/*
 * kernelcore=mirror on QEMU's 6 GiB, which mirrors nothing: v6.1 warns
 * and makes everything above 4 GiB movable; Normal is left empty.
 * Then a machine whose low memory and [4G, 5G) are mirrored:
 *
 *   [1M .. 2G) mirror    [4G .. 5G) mirror   [5G .. 6G) plain
 *                        [ Normal: spans 4G-6G, has the mirrored 4G-5G )
 *                                            [ Movable: 5G-6G          )
 *
 * Expect no warning, Movable from 5 GiB, and Normal and Movable to overlap,
 * each with 0x40000 frames present.
 */
static void mirror_check(void)
{
	static const struct range mirrored[] = {
		MIRROR(SZ_1M, SZ_2G, 0), MIRROR(SZ_4G, SZ_4G + SZ_1G, 0),
		MEM(SZ_4G + SZ_1G, SZ_4G + SZ_2G, 0), END,
	};

	machine(q35_6g, 1, "mirror", NULL);
	tap_ok(mirrored_kernelcore, "kernelcore=mirror: the option is taken");
	boot();
	tap_ok(logged("This configuration results in unmirrored kernel memory.") &&
	       logged("  Node 0: 0x0000000100000000"),
	       "kernelcore=mirror, nothing mirrored: Linux's warning, Movable from 4 GiB");
	zone_is("mirror, nothing mirrored", 0, ZONE_NORMAL, 0, 0, 0);
	zone_is("mirror, nothing mirrored", 0, ZONE_MOVABLE, 0x100000, 0x100000, 0x100000);
	invariants("mirror, nothing mirrored");

	machine(mirrored, 1, "mirror", NULL);
	boot();
	tap_ok(!logged("This configuration results in unmirrored kernel memory.") &&
	       logged("  Node 0: 0x0000000140000000"),
	       "kernelcore=mirror, low memory mirrored: no warning, Movable from 5 GiB");
	zone_is("mirror", 0, ZONE_NORMAL, 0x100000, 0x80000, 0x40000);
	zone_is("mirror", 0, ZONE_MOVABLE, 0x140000, 0x40000, 0x40000);
	invariants("mirror");
}

/*
 * Node 0 with 128 MiB, node 1 possible but without memory (a CPU only):
 * Expect Linux's two lines for node 1, a pg_data_t for it from memblock,
 * with its zones named and empty, and node 1 still offline.
 */
static void memoryless_check(void)
{
	static const struct range mem[] = { MEM(SZ_1M, SZ_128M, 0), END };

	machine(mem, 2, NULL, NULL);
	boot();
	tap_ok(logged("Initializing node 1 as memoryless") &&
	       logged("Initmem setup node 1 as memoryless"), "memoryless: Linux's lines");
	tap_ok(NODE_DATA(1) && !node_online(1) && NODE_DATA(1)->node_present_pages == 0 &&
	       NODE_DATA(1)->nr_zones == 0 && zone_of(1, ZONE_NORMAL)->zone_pgdat == NODE_DATA(1),
	       "memoryless: node 1 has an empty pg_data_t and stays offline");
	tap_ok(memblock_is_region_reserved(__pa(NODE_DATA(1)), sizeof(pg_data_t)),
	       "memoryless: its pg_data_t is memblock's");
	node_data[1] = NULL;		/* memblock's, not the test's to free */
	invariants("memoryless");
}

/* The options' edge cases: a percentage over 100 is kept with a warning */
static void options_check(void)
{
	machine(q35_6g, 1, NULL, NULL);
	tap_eq(early_option("kernelcore", "150%"), 0, "kernelcore=150%%: accepted");
	tap_ok(strstr(log_buf, "WARNING") != NULL, "kernelcore=150%%: with Linux's warning");
	capture_clear();
	boot();
	zone_is("kernelcore=150%", 0, ZONE_MOVABLE, 0, 0, 0);
	machine(q35_6g, 1, "nonsense", NULL);
	boot();
	zone_is("kernelcore=nonsense", 0, ZONE_MOVABLE, 0, 0, 0);
}

int main(void)
{
	phys_mem = test_alloc(PHYS_SIZE);
	page_offset_base = (unsigned long)phys_mem;
	max_pfn_mapped = PHYS_SIZE >> PAGE_SHIFT;
	register_console(&capture);

	one_gib_check();
	movablecore_check();
	kernelcore_two_nodes_check();
	hole_check();
	tiny_check();
	mirror_check();
	memoryless_check();
	options_check();
	dma_reserve_check();
	test_free(phys_mem);
	return tap_done();
}

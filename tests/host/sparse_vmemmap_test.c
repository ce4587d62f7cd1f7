// SPDX-License-Identifier: GPL-2.0-only
/*
 * sparse_vmemmap_test.c - mm/sparse.c and mm/sparse-vmemmap.c
 * (book/sparse_vmemmap.nw) on a simulated machine.
 *
 * "Physical memory" is a memfd mapped at page_offset_base, so that __va()
 * works and memory can be mapped a second time. Each case gives the real
 * memblock (book/memblock.nw) a layout, with the node of every range as the
 * NUMA chapter would set it, and runs sparse_init(): it builds the vmemmap's
 * page tables under init_top_pgt, in that memory. The test's simulated MMU
 * (host_pt_realize()) then maps the host's vmemmap region as those tables
 * say, so that memmap_init() writes the struct pages through the vmemmap as
 * the kernel does, and a page the tables do not map faults.
 *
 * The checks read the page tables with host_pt_walk(), which shares no code
 * with pgtable.h, and compute what they expect from the case's own layout
 * table, not from memblock or the code under test. The kernel's own checks
 * (sparse_check_invariants(), memmap_check_invariants()) run after each case.
 * early_pfn_to_nid() and __node_distance() are the NUMA chapter's in the
 * kernel; here they come from the layout table, which is what the SRAT said.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/printk.h>
#include <linux/init.h>
#include <linux/numa.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/memremap.h>
#include <asm/cpufeature.h>
#include <asm/numa.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <kunit/test.h>
#include "tap.h"
#include "kthread_env.h"

/* What the kernel's other chapters provide */
unsigned long page_offset_base, vmalloc_base, vmemmap_base;
unsigned long max_pfn_mapped;
int after_bootmem;			/* the page allocator never takes over here */
struct cpuinfo_x86 boot_cpu_data;
pteval_t __supported_pte_mask = ~0ULL;
pgd_t init_top_pgt[PTRS_PER_PGD] __aligned(PAGE_SIZE);
struct mm_struct init_mm = { .pgd = init_top_pgt };

#define VMEMMAP_HOST	0x300000000000ULL	/* 48 TiB: PGD-aligned, like the kernel's */
#define SECTION_BYTES	(1ULL << SECTION_SIZE_BITS)	/* 128 MiB of memory */
#define MAP_BYTES	SZ_2M			/* its struct pages: 32768 x 64 */
#define PAGE_BYTES	64			/* Linux's struct page */
#define NODE_SHIFT	(BITS_PER_LONG - NODES_SHIFT)	/* the book's layout */
#define PG_RESERVED_BIT	12			/* Linux's PG_reserved */
#define SHIFT_4K	12
#define SHIFT_2M	21

/* ---- printk: every message, prefixed with its level as "<7>" ---- */
static char log_buf[SZ_1M];
static size_t log_len;

int vprintk(const char *fmt, va_list args)
{
	char level = '4';
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		level = fmt[1];
		fmt += 2;
	}
	if (log_len > sizeof(log_buf) - SZ_4K)
		log_len = 0;
	log_len += scnprintf(log_buf + log_len, sizeof(log_buf) - log_len, "<%c>", level);
	n = vscnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, args);
	log_len += n;
	return n;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

/* linux/bug.h's __warn: printk.c has it, and this test replaces printk.c */
void __warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	va_list args;

	printk(KERN_WARNING "------------[ cut here ]------------\n");
	if (fmt) {
		va_start(args, fmt);
		vprintk(fmt, args);
		va_end(args);
	}
	printk(KERN_WARNING "WARNING: CPU: 0 PID: 0 at %s:%d %s\n", file, line, func);
}

static bool log_has(const char *s)
{
	return strstr(log_buf, s) != NULL;
}

static int log_count(const char *s)
{
	int n = 0;

	for (const char *p = log_buf; (p = strstr(p, s)); p++)
		n++;
	return n;
}

/* ---- the machine: a layout of memory, by node ---- */
struct range {
	u64 start, end;		/* [start, end) */
	int nid;
};

struct layout {
	struct range mem[6];	/* memory, ascending; ends at an empty entry */
	struct range resv[4];	/* reserved besides the first MiB */
	u64 phys_size;		/* simulated memory backing it */
};

static const struct layout *lay;

/* The node of physical address @pa, or -1 if it is not memory */
static int layout_node(u64 pa)
{
	for (int i = 0; lay->mem[i].end; i++)
		if (lay->mem[i].start <= pa && pa < lay->mem[i].end)
			return lay->mem[i].nid;
	return -1;
}

/* The lowest memory in section @nr, or ~0 if there is none */
static u64 layout_section_memory(u64 nr)
{
	u64 lo = nr * SECTION_BYTES, hi = lo + SECTION_BYTES;

	for (int i = 0; lay->mem[i].end; i++)
		if (lay->mem[i].start < hi && lo < lay->mem[i].end && lo < BIT_ULL(MAX_PHYSMEM_BITS))
			return max(lay->mem[i].start, lo);
	return ~0ULL;
}

static bool layout_has_memory(u64 nr)
{
	return layout_section_memory(nr) != ~0ULL;
}

static int layout_section_node(u64 nr)
{
	return layout_node(layout_section_memory(nr));
}

/* The NUMA chapter's, from the layout: what the SRAT said */
int early_pfn_to_nid(unsigned long pfn)
{
	int nid = layout_node(PFN_PHYS(pfn));

	return nid < 0 ? 0 : nid;
}

int __node_distance(int from, int to)
{
	return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

/* The nodes the NUMA chapter would leave: one pg_data_t per node with memory */
struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_possible_map, node_online_map;
unsigned long max_pfn;

int nodes_weight(nodemask_t m)
{
	int n, w = 0;

	for_each_node_mask(n, m)
		w++;
	return w;
}

void get_pfn_range_for_nid(int nid, unsigned long *start_pfn, unsigned long *end_pfn)
{
	*start_pfn = ULONG_MAX;
	*end_pfn = 0;
	for (int i = 0; lay->mem[i].end; i++)
		if (lay->mem[i].nid == nid) {
			*start_pfn = min(*start_pfn, (unsigned long)PFN_UP(lay->mem[i].start));
			*end_pfn = max(*end_pfn, (unsigned long)PFN_DOWN(lay->mem[i].end));
		}
	if (*start_pfn == ULONG_MAX)
		*start_pfn = 0;
}

static void nodes_reset(void)
{
	nodes_clear(node_possible_map);
	nodes_clear(node_online_map);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		test_free(node_data[nid]);
		node_data[nid] = NULL;
	}
	for (int i = 0; lay->mem[i].end; i++) {
		int nid = lay->mem[i].nid;

		if (node_data[nid])
			continue;
		node_data[nid] = test_alloc(sizeof(pg_data_t));
		memset(node_data[nid], 0, sizeof(pg_data_t));
		node_set(nid, node_possible_map);
		node_set_online(nid);
	}
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
}

/*
 * The kernel image, for memblock_find_dma_reserve(): an address of the
 * host process, so __pa_symbol() puts it far above ZONE_DMA.
 */
char _text[1];

/* ---- resetting everything between cases ---- */
static struct memblock_region *static_memory_regions, *static_reserved_regions;
static void *phys_mem;
static u64 phys_size;

static void reset_memblock(void)
{
	memset(static_memory_regions, 0, INIT_MEMBLOCK_REGIONS * sizeof(struct memblock_region));
	memset(static_reserved_regions, 0,
	       INIT_MEMBLOCK_RESERVED_REGIONS * sizeof(struct memblock_region));
	memblock.memory = (struct memblock_type){ .regions = static_memory_regions, .cnt = 1,
						  .max = INIT_MEMBLOCK_REGIONS,
						  .name = memblock.memory.name };
	memblock.reserved = (struct memblock_type){ .regions = static_reserved_regions, .cnt = 1,
						    .max = INIT_MEMBLOCK_RESERVED_REGIONS,
						    .name = memblock.reserved.name };
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
}

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
 * A fresh machine: zeroed memory, empty page tables, memblock with @l's
 * memory and reservations (and the first MiB, as early_reserve_memory()
 * reserves it), no sections, default options, a CPU with PSE.
 */
static void machine_reset(const struct layout *l)
{
	if (phys_mem)
		host_phys_mem_release_shared(phys_mem, phys_size);
	phys_size = l->phys_size;
	phys_mem = host_phys_mem_reserve_shared(phys_size);
	page_offset_base = (unsigned long)phys_mem;
	host_va_release(VMEMMAP_HOST, VMEMMAP_SIZE);
	host_va_reserve(VMEMMAP_HOST, VMEMMAP_SIZE);
	vmemmap_base = VMEMMAP_HOST;
	memset(init_top_pgt, 0, sizeof(init_top_pgt));
	host_cr3 = __pa(init_top_pgt);
	lay = l;
	reset_memblock();
	for (int i = 0; l->mem[i].end; i++)
		memblock_add_node(l->mem[i].start, l->mem[i].end - l->mem[i].start,
				  l->mem[i].nid, MEMBLOCK_NONE);
	memblock_reserve(0, SZ_1M);
	for (int i = 0; l->resv[i].end; i++)
		memblock_reserve(l->resv[i].start, l->resv[i].end - l->resv[i].start);
	mem_section = NULL;
	__highest_present_section_nr = 0;
	memset(&vmemmap_stats, 0, sizeof(vmemmap_stats));
	vmemmap_boot_altmap = NULL;
	early_option("vmemmap", "hugepages");
	early_option("vmemmap_altmap", "0@0");
	setup_force_cpu_cap(X86_FEATURE_PSE);
	log_len = 0;
	log_buf[0] = '\0';
}

/* The host's MMU maps what the page tables map, section by present section */
static void realize_vmemmap(void)
{
	unsigned long nr;

	for_each_present_section_nr(0, nr)
		host_pt_realize(host_cr3, vmemmap_base + nr * MAP_BYTES, MAP_BYTES, page_offset_base);
}

/*
 * paging_init(), with the MMU brought up to date in between, then what the
 * boot does with the struct pages before the self-tests: memblock's
 * reservations marked, and the deferred struct pages initialised.
 */
static void boot_sparse(void)
{
	sparse_init();
	realize_vmemmap();
	nodes_reset();
	zone_sizes_init();
	memmap_init_reserved_pages();
	page_alloc_init_late();
}

/*
 * Z3 on the struct page of every frame of memory with a memory map, after
 * page_alloc_init_late(): none is deferred any more, and each names the
 * zone that spans it. The pageblock of every 512th frame is movable, as
 * memmap_init() and the deferred freeing leave them.
 */
static const char *zones_check_frames(void)
{
	for (int i = 0; lay->mem[i].end; i++) {
		for (u64 pfn = PFN_UP(lay->mem[i].start); pfn < PFN_DOWN(lay->mem[i].end); pfn++) {
			const char *err;

			if (!pfn_valid(pfn))
				continue;
			err = zones_check_page(pfn);
			if (err)
				return err;
			if (pfn % pageblock_nr_pages == 0 && !memblock_is_region_reserved(PFN_PHYS(pfn), 1) &&
			    get_pageblock_migratetype(pfn_to_page(pfn)) != MIGRATE_MOVABLE)
				return "a free pageblock is not movable";
		}
	}
	return NULL;
}

static void check_kernel_invariants(const char *what)
{
	const char *err = sparse_check_invariants();

	tap_ok(!err, "%s: sparse_check_invariants(): %s", what, err ? err : "S1, S2, V1, V2 hold");
	err = memmap_check_invariants();
	tap_ok(!err, "%s: memmap_check_invariants(): %s", what, err ? err : "P2 holds");
	err = zones_check_invariants();
	tap_ok(!err, "%s: zones_check_invariants(): %s", what, err ? err : "Z1, Z2, Z4 hold");
	err = zones_check_frames();
	tap_ok(!err, "%s: every frame's zone and node (Z3): %s", what, err ? err : "right");
}

/* ---- independent checks, from the layout and host_pt_walk() ---- */
static int walk(u64 va, u64 *pa)
{
	u64 leaf;
	int shift = host_pt_walk(host_cr3, va, page_offset_base, &leaf);

	if (shift)
		*pa = host_pt_phys(leaf, shift, va);
	return shift;
}

static u64 section_va(u64 nr)
{
	return vmemmap_base + nr * MAP_BYTES;
}

/*
 * Every 4 KiB of the struct pages of sections [@from, @to) is mapped if the
 * section has memory, with pages of 2^@shift bytes on the section's node,
 * and not mapped if it has none. Returns the number of pages that are wrong.
 */
static unsigned long check_mapping(u64 from, u64 to, int shift, bool *offnode)
{
	unsigned long wrong = 0;
	u64 pa;

	for (u64 nr = from; nr < to; nr++) {
		for (u64 va = section_va(nr); va < section_va(nr + 1); va += SZ_4K) {
			int s = walk(va, &pa);

			if (!layout_has_memory(nr))
				wrong += s != 0;
			else if (s != shift)
				wrong++;
			else if (layout_node(pa) != layout_section_node(nr))
				*offnode = true;
		}
	}
	return wrong;
}

/*
 * The struct page of every frame of every section with memory, read through
 * the independent walk: memory frames carry their node in the top bits, a
 * count of 1, a map count of -1, a list head pointing at itself (by its
 * vmemmap address) and no PG_reserved; frames of holes are reserved.
 * Returns the number of frames that are wrong.
 */
static unsigned long check_pages(u64 from, u64 to)
{
	unsigned long wrong = 0;

	for (u64 nr = from; nr < to; nr++) {
		if (!layout_has_memory(nr))
			continue;
		for (u64 pfn = nr * (SECTION_BYTES >> PAGE_SHIFT);
		     pfn < (nr + 1) * (SECTION_BYTES >> PAGE_SHIFT); pfn++) {
			u64 va = vmemmap_base + pfn * PAGE_BYTES, pa;
			const u64 *p;
			bool memory = layout_node(PFN_PHYS(pfn)) >= 0;

			if (!walk(va, &pa)) {
				wrong++;
				continue;
			}
			p = (const u64 *)(page_offset_base + pa);
			/* memblock's reservations are marked before the self-tests run */
			bool reserved = memblock_is_region_reserved(PFN_PHYS(pfn), PAGE_SIZE);

			if (memory && ((p[0] >> NODE_SHIFT) != (u64)layout_node(PFN_PHYS(pfn)) ||
				       !(p[0] & BIT(PG_RESERVED_BIT)) != !reserved ||
				       p[6] != 0x00000001ffffffffULL ||
				       p[1] != va + 8 || p[2] != va + 8))
				wrong++;
			if (!memory && !(p[0] & BIT(PG_RESERVED_BIT)))
				wrong++;
		}
	}
	return wrong;
}

/*
 * The physical address of the page-table page that the entry at level
 * 2^@shift for vmemmap address @va points to (~0 if there is none), and
 * its node.
 */
static u64 table_phys(u64 va, int shift)
{
	u64 entry;

	if (host_pt_entry(host_cr3, va, shift, page_offset_base, &entry) != shift)
		return ~0ULL;
	return entry & PTE_PFN_MASK;
}

static int table_node(u64 va, int shift)
{
	return layout_node(table_phys(va, shift));
}

/*
 * The 2 MiB runs Linux's vmemmap_populate_print_last() reports: valid
 * sections in allocation order, a run ending where the next block is not
 * physically adjacent or is on another node. Checks that each is in the log
 * at KERN_DEBUG, and that there are no others. Returns the number of runs.
 */
static int check_pmd_log(u64 to)
{
	u64 first = 0, prev = 0, pa0 = 0, pa, prev_pa = 0;
	int runs = 0, found = 0, node = -1;
	char line[160];
	bool open = false;

	for (u64 nr = 0; nr <= to; nr++) {
		bool last = nr == to;

		if (!last && !(layout_has_memory(nr) && walk(section_va(nr), &pa)))
			continue;	/* no block: the run goes on */
		if (open && (last || pa != prev_pa + MAP_BYTES || layout_node(pa) != node)) {
			scnprintf(line, sizeof(line), "<7> [%llx-%llx] PMD -> [%llx-%llx] on node %d\n",
				  section_va(first), section_va(prev + 1) - 1,
				  page_offset_base + pa0, page_offset_base + prev_pa + MAP_BYTES - 1,
				  node);
			found += log_has(line);
			if (!log_has(line))
				tap_diag("missing: %.*s", (int)strlen(line) - 1, line);
			runs++;
			open = false;
		}
		if (last)
			break;
		if (!open) {
			first = nr, pa0 = pa, node = layout_node(pa), open = true;
		}
		prev = nr, prev_pa = pa;
	}
	tap_eq(found, runs, "every run of 2 MiB blocks is printed as Linux prints it");
	tap_eq(log_count("PMD ->"), runs, "and no other run is");
	return runs;
}

/* ---- the cases ---- */

/*
 * QEMU's q35 with 1 GiB, one node: e820's usable RAM, less the first page.
 *
 *   phys     0 1M                                  1G
 *            |#|###################################|
 *   sections  0    1    2    3    4    5    6    7  | 8
 *   vmemmap  [==== 8 x 2 MiB PMD =================]  unmapped
 *
 * Expect: eight present sections, each mapped by one 2 MiB page of node 0;
 * section 8 not mapped; two page-table pages (the PUD and the PMD table);
 * 16 MiB of struct pages; one debug line for the one run of blocks; every
 * struct page initialised, the holes (page 0, the ISA hole) reserved.
 */
static const struct layout one_node = {
	.mem = { { 0x1000, 0x9f000, 0 }, { SZ_1M, SZ_1G - 0x21000, 0 } },
	.phys_size = SZ_1G,
};

static void sparse_one_node_hugepages_check(void)
{
	bool offnode = false;

	machine_reset(&one_node);
	boot_sparse();
	tap_eq(__highest_present_section_nr, 7, "one node: sections 0 to 7 are present");
	tap_eq(check_mapping(0, 9, SHIFT_2M, &offnode), 0,
	       "one node: sections 0-7 mapped with 2 MiB pages, section 8 not");
	tap_ok(!offnode, "one node: every block is on node 0");
	tap_eq(vmemmap_stats.table_pages, 2, "one node: one PUD page and one PMD page");
	tap_eq(vmemmap_stats.map_bytes, 8 * MAP_BYTES, "one node: 16 MiB of struct pages");
	tap_eq(check_pmd_log(9), 1, "one node: one run of blocks");
	tap_eq(check_pages(0, 9), 0, "one node: every struct page initialised (P2)");
	check_kernel_invariants("one node");
}

/*
 * Memory in three pieces, the last a partial section:
 *
 *   phys     0     256M      1G     1.25G     2G+64M 2G+128M
 *            |#####|.........|#######|.........|######|
 *   sections  0  1  2 ... 7   8   9   10 ... 15  16
 *   vmemmap  [=====]  none   [=======]  none    [==]
 *
 * Expect, with 2 MiB and with 4 KiB pages alike: sections 0, 1, 8, 9 and 16
 * mapped, 2-7 and 10-15 not; in section 16 the frames below 2G+64M are
 * reserved holes and the rest are memory.
 */
static const struct layout holes = {
	.mem = { { SZ_1M, SZ_256M, 0 }, { SZ_1G, SZ_1G + SZ_256M, 0 },
		 { SZ_2G + SZ_64M, SZ_2G + SZ_128M, 0 } },
	.phys_size = SZ_2G + SZ_128M,
};

static void sparse_holes_check(void)
{
	for (int base = 0; base < 2; base++) {
		const char *mode = base ? "4 KiB pages" : "2 MiB pages";
		bool offnode = false;

		machine_reset(&holes);
		if (base)
			early_option("vmemmap", "basepages");
		boot_sparse();
		tap_eq(check_mapping(0, 18, base ? SHIFT_4K : SHIFT_2M, &offnode), 0,
		       "holes, %s: only sections with memory are mapped", mode);
		tap_eq(check_pages(0, 18), 0, "holes, %s: memory and holes initialised (P2)", mode);
		tap_eq(vmemmap_stats.map_bytes, 5 * MAP_BYTES, "holes, %s: five sections' maps", mode);
		if (!base)
			tap_eq(check_pmd_log(18), 1, "holes: one run over the holes, as Linux prints it");
		check_kernel_invariants(base ? "holes, 4 KiB" : "holes, 2 MiB");
	}
}

/*
 * Two nodes of 1 GiB:
 *
 *   phys     1M             1G              2G
 *            |#### node 0 ####|#### node 1 ####|
 *   sections  0 .. 7           8 .. 15
 *   vmemmap  PUD page, PMD page: node 0 (first needed for section 0)
 *            blocks 0-7 (and in 4 KiB mode, PTE pages 0-7): node 0
 *            blocks 8-15 (and PTE pages 8-15): node 1
 *
 * Expect: each section's struct pages and, with 4 KiB pages, its PTE page
 * on its own node; the PMD and PUD pages on node 0; with 2 MiB pages two
 * debug lines, one per node; no offnode warning.
 */
static const struct layout two_nodes = {
	.mem = { { SZ_1M, SZ_1G, 0 }, { SZ_1G, SZ_2G, 1 } },
	.phys_size = SZ_2G,
};

static int check_table_nodes(u64 to, bool pte_tables)
{
	int wrong = 0;

	for (u64 nr = 0; nr < to; nr++) {
		if (!layout_has_memory(nr))
			continue;
		if (pte_tables && table_node(section_va(nr), SHIFT_2M) != layout_section_node(nr))
			wrong++;
		if (table_node(section_va(nr), PUD_SHIFT) != layout_section_node(0))
			wrong++;
		if (table_node(section_va(nr), PGDIR_SHIFT) != layout_section_node(0))
			wrong++;
	}
	return wrong;
}

static void sparse_two_nodes_check(void)
{
	for (int base = 0; base < 2; base++) {
		const char *mode = base ? "4 KiB pages" : "2 MiB pages";
		bool offnode = false;

		machine_reset(&two_nodes);
		if (base)
			early_option("vmemmap", "basepages");
		boot_sparse();
		tap_eq(check_mapping(0, 17, base ? SHIFT_4K : SHIFT_2M, &offnode), 0,
		       "two nodes, %s: sections 0-15 mapped", mode);
		tap_ok(!offnode, "two nodes, %s: every block on its section's node", mode);
		tap_eq(check_table_nodes(16, base), 0,
		       "two nodes, %s: page-table pages on the node that first needed them", mode);
		tap_eq(vmemmap_stats.offnode_blocks, 0, "two nodes, %s: nothing off-node", mode);
		tap_eq(check_pages(0, 17), 0, "two nodes, %s: struct pages carry their node", mode);
		if (!base)
			tap_eq(check_pmd_log(17), 2, "two nodes: one run per node");
		check_kernel_invariants(base ? "two nodes, 4 KiB" : "two nodes, 2 MiB");
	}
}

/*
 * The same machine in both modes:
 *
 *   2 MiB:  PMD -> 2 MiB block             (8 sections: 8 PMD entries)
 *   4 KiB:  PMD -> PTE page -> 512 pages   (8 sections: 8 PTE pages more)
 *
 * Expect: the same vmemmap addresses mapped, pfn_to_page() the same address
 * (vmemmap + 64 pfn), the same bytes in every struct page but for the
 * reserved bit (the extra page-table pages are reserved), and exactly one
 * page-table page more per section with 4 KiB pages.
 */
static bool same_but_reserved(const u8 *a, const u8 *b)
{
	u64 fa, fb;

	memcpy(&fa, a, sizeof(fa));	/* flags are the first word */
	memcpy(&fb, b, sizeof(fb));
	return ((fa ^ fb) & ~BIT(PG_RESERVED_BIT)) == 0 &&
	       memcmp(a + sizeof(fa), b + sizeof(fb), PAGE_BYTES - sizeof(fa)) == 0;
}

static void sparse_modes_agree_check(void)
{
	const u64 npages = SZ_1G >> PAGE_SHIFT;
	u8 *huge = test_alloc(npages * PAGE_BYTES);
	unsigned long tables[2], differ = 0, arith = 0;

	for (int base = 0; base < 2; base++) {
		machine_reset(&one_node);
		if (base)
			early_option("vmemmap", "basepages");
		boot_sparse();
		tables[base] = vmemmap_stats.table_pages;
		for (u64 pfn = 0; pfn < npages; pfn++) {
			const u8 *page = (const u8 *)pfn_to_page(pfn);

			arith += (u64)page != VMEMMAP_HOST + pfn * PAGE_BYTES || page_to_pfn((void *)page) != pfn;
			if (!base)
				memcpy(huge + pfn * PAGE_BYTES, page, PAGE_BYTES);
			else
				differ += !same_but_reserved(huge + pfn * PAGE_BYTES, page);
		}
	}
	tap_eq(arith, 0, "modes: pfn_to_page() is vmemmap + 64 pfn and page_to_pfn() inverts it");
	tap_eq(differ, 0, "modes: every struct page has the same bytes in both modes");
	tap_eq(tables[1], tables[0] + 8, "modes: one PTE page per section more with 4 KiB pages");
	test_free(huge);
}

/*
 * Node 1's memory is all taken but its last MiB:
 *
 *   phys     1M             1G                      2G-1M  2G
 *            |#### node 0 ####|xxxxx node 1, reserved xxx|free|
 *
 * Expect: node 1 has no room for its sparse buffer or any 2 MiB block, so
 * its eight blocks come from node 0; vmemmap_verify() warns once, in Linux's
 * words, for the first of them (section 8), and counts all eight; the
 * struct pages still carry node 1, and the kernel's V2 check accepts the
 * announced remote blocks.
 */
/*
 * The same machine, with vmemmap_verify()'s count off by one either way:
 *
 *   remote blocks in the page tables   8   8
 *   offnode_blocks                     7   9
 *
 * Expect: sparse_check_invariants() reports V2 both times: one remote
 * block went unannounced, or one announced block is not there. A count
 * that is not zero must still match, block for block.
 */
static void sparse_v2_count_check(void)
{
	const unsigned long counted = vmemmap_stats.offnode_blocks;
	const char *err;

	vmemmap_stats.offnode_blocks = counted - 1;
	err = sparse_check_invariants();
	tap_ok(err && !strncmp(err, "V2", 2), "V2 count: one unannounced remote block is caught: %s",
	       err ? err : "(no violation reported)");
	vmemmap_stats.offnode_blocks = counted + 1;
	err = sparse_check_invariants();
	tap_ok(err && !strncmp(err, "V2", 2), "V2 count: one announced block too many is caught: %s",
	       err ? err : "(no violation reported)");
	vmemmap_stats.offnode_blocks = counted;
}

static const struct layout node1_full = {
	.mem = { { SZ_1M, SZ_1G, 0 }, { SZ_1G, SZ_2G, 1 } },
	.resv = { { SZ_1G, SZ_2G - SZ_1M } },
	.phys_size = SZ_2G,
};

static void sparse_offnode_check(void)
{
	char warning[96];
	u64 pa;
	int remote = 0;

	machine_reset(&node1_full);
	boot_sparse();
	for (u64 nr = 8; nr < 16; nr++)
		remote += walk(section_va(nr), &pa) == SHIFT_2M && layout_node(pa) == 0;
	tap_eq(remote, 8, "node 1 full: its eight blocks are on node 0, in 2 MiB pages");
	tap_eq(vmemmap_stats.offnode_blocks, 8, "node 1 full: vmemmap_verify() counted eight");
	scnprintf(warning, sizeof(warning), "<4>[%llx-%llx] potential offnode page_structs\n",
		  section_va(8), section_va(9) - 1);
	tap_ok(log_has(warning), "node 1 full: Linux's warning for section 8: %.*s",
	       (int)strlen(warning) - 4, warning + 3);
	tap_eq(log_count("potential offnode"), 1, "node 1 full: printed once");
	tap_eq(check_pages(0, 17), 0, "node 1 full: struct pages still say node 1");
	check_kernel_invariants("node 1 full");
	sparse_v2_count_check();
}

/*
 * All memory taken but 64 KiB at 16 MiB:
 *
 *   phys     1M   16M  16M+64K                       512M
 *            |xxxx|free|xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx|
 *
 * Expect: the section roots, the usage maps and the first page tables fit;
 * the struct pages do not, not even in 4 KiB pages. sparse_init_nid() says
 * so in Linux's words, the four sections end neither present nor valid and
 * are counted as failed (S1), and memmap_init() skips them without touching
 * their unmapped struct pages.
 */
static const struct layout no_room = {
	.mem = { { SZ_1M, SZ_512M, 0 } },
	.resv = { { SZ_1M, SZ_16M }, { SZ_16M + SZ_64K, SZ_512M } },
	.phys_size = SZ_512M,
};

static void sparse_map_failure_check(void)
{
	unsigned long nr, present = 0;

	machine_reset(&no_room);
	boot_sparse();
	tap_ok(log_has("<3>sparse_init_nid: node[0] memory map backing failed. Some memory will not be available.\n"),
	       "no room: Linux's error, at KERN_ERR");
	for_each_present_section_nr(0, nr)
		present++;
	tap_eq(present, 0, "no room: no section is left present");
	tap_eq(vmemmap_stats.failed_sections, 4, "no room: four sections failed");
	tap_ok(!pfn_valid(PHYS_PFN(SZ_256M)), "no room: pfn_valid() is false for their frames");
	check_kernel_invariants("no room");
}

/* How many pages of struct pages lie in [@start, @end), and how many outside */
static void count_blocks(u64 sections, u64 start, u64 end, unsigned long *in, unsigned long *out)
{
	u64 pa;

	*in = *out = 0;
	for (u64 nr = 0; nr < sections; nr++)
		for (u64 va = section_va(nr); va < section_va(nr + 1); va += SZ_4K)
			if (walk(va, &pa))
				(start <= pa && pa < end) ? (*in)++ : (*out)++;
}

/*
 * vmemmap_altmap=20M@512M+4K on one node of 1 GiB:
 *
 *   phys     512M+4K  514M                  530M     532M+4K
 *            |skipped |== 8 x 2 MiB blocks ==|freed back|
 *
 * Expect: Linux-style message naming the range; every page of struct pages
 * inside it, the first block aligned up to 514M (511 frames skipped);
 * page tables from ordinary memory; the altmap handed out exactly eight
 * blocks; afterwards the unused tail is free again and the used part is
 * still reserved.
 */
static void sparse_altmap_check(void)
{
	const u64 start = SZ_512M + SZ_4K, size = 20 * SZ_1M;
	unsigned long in, out;
	u64 pa;

	machine_reset(&one_node);
	tap_eq(early_option("vmemmap_altmap", "20M@0x20001000"), 0, "altmap: the option parses");
	boot_sparse();
	tap_ok(log_has("<6>vmemmap: struct pages from [mem 0x0000000020001000-0x0000000021400fff] (vmemmap_altmap=)\n"),
	       "altmap: the range is announced");
	count_blocks(8, start, start + size, &in, &out);
	tap_eq(in, 8 * 512, "altmap: all 4096 pages of struct pages come from the range");
	tap_eq(out, 0, "altmap: none from elsewhere");
	tap_ok(walk(section_va(0), &pa) && pa == SZ_512M + SZ_2M, "altmap: the first block is aligned up to 514M");
	tap_ok(vmemmap_boot_altmap && vmemmap_boot_altmap->alloc == 8 * 512 &&
	       vmemmap_boot_altmap->align == 511, "altmap: alloc 4096 frames, align 511");
	pa = table_phys(section_va(0), PUD_SHIFT);
	tap_ok(pa < start || pa >= start + size, "altmap: page tables come from ordinary memory");
	tap_ok(!memblock_is_region_reserved(SZ_512M + 18 * SZ_1M, 2 * SZ_1M + SZ_4K),
	       "altmap: the unused tail is free again");
	tap_ok(memblock_is_reserved(SZ_512M + SZ_2M) && memblock_is_reserved(SZ_512M + 17 * SZ_1M),
	       "altmap: the blocks stay reserved");
	tap_eq(check_pages(0, 9), 0, "altmap: struct pages initialised");
	check_kernel_invariants("altmap");
}

/*
 * vmemmap_altmap= ranges that cannot be used, on one node of 1 GiB:
 *
 *   8M@512M        holds 4 of the 8 blocks needed
 *   16M@4G         not memory
 *   16M@0x1000     inside the reserved first MiB
 *   16M@512M       with vmemmap=basepages
 *   16M, 16M@, x@0, 99999999999999999999@0: malformed
 *
 * Expect: each usable-looking range is ignored with its own message, the
 * struct pages come from ordinary memory, and the range is not reserved:
 * nothing is lost. The malformed values are refused by the handler, which
 * makes parse_early_param() print Linux's "Malformed early option".
 */
static void sparse_altmap_refused_check(void)
{
	static const struct {
		const char *val, *message;
		bool basepages, in_free_memory;
	} cases[] = {
		{ "8M@512M", "<4>vmemmap_altmap: the memory map needs 16384 KiB, [mem 0x0000000020000000-0x00000000207fffff] has 8192 KiB; ignored\n",
		  false, true },
		{ "16M@4G", "<4>vmemmap_altmap: [mem 0x0000000100000000-0x0000000100ffffff] is not free memory in whole pages; ignored\n",
		  false, false },
		{ "16M@0x1000", "<4>vmemmap_altmap: [mem 0x0000000000001000-0x0000000001000fff] is not free memory in whole pages; ignored\n",
		  false, false },
		{ "16M@512M", "<4>vmemmap_altmap: needs 2 MiB vmemmap pages; ignored\n", true, true },
	};
	unsigned long in, out;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		machine_reset(&one_node);
		early_option("vmemmap_altmap", cases[i].val);
		if (cases[i].basepages)
			early_option("vmemmap", "basepages");
		boot_sparse();
		tap_ok(log_has(cases[i].message), "altmap %s: refused: %.*s", cases[i].val,
		       (int)strlen(cases[i].message) - 4, cases[i].message + 3);
		tap_ok(!vmemmap_boot_altmap, "altmap %s: not used", cases[i].val);
		count_blocks(8, 0, SZ_1G, &in, &out);
		tap_eq(in, 8 * 512, "altmap %s: the struct pages come from memory", cases[i].val);
		if (cases[i].in_free_memory)
			tap_ok(!memblock_is_region_reserved(SZ_512M, SZ_8M),
			       "altmap %s: the range is not reserved", cases[i].val);
		check_kernel_invariants("altmap refused");
	}
	tap_ok(early_option("vmemmap_altmap", "16M") && early_option("vmemmap_altmap", "16M@") &&
	       early_option("vmemmap_altmap", "x@0") &&
	       early_option("vmemmap_altmap", "99999999999999999999@0") &&
	       early_option("vmemmap", "2M") && early_option("vmemmap", ""),
	       "malformed vmemmap_altmap= and vmemmap= values are refused");
}

/*
 * An altmap of 600 frames at 512M, used directly, as memory hot-plug does:
 *
 *   frames   [0 ........ 511][512 ... 599]
 *   section 0: one 2 MiB block -> frames 0-511
 *   section 1: needs 512 more  -> refused, nothing consumed
 *   4 KiB:     frame 512;  4 KiB + 1 byte: refused (not whole pages)
 *   CPU without PSE: vmemmap_populate() refuses the altmap
 *
 * Expect: A1 after every step; the refusals leave alloc and align as they
 * were; the last prints Linux's "no cpu support for altmap allocations".
 */
static void altmap_exhausted_check(void)
{
	struct vmem_altmap altmap = { .base_pfn = PHYS_PFN(SZ_512M),
				      .end_pfn = PHYS_PFN(SZ_512M) + 600, .free = 600 };
	u64 pa;

	machine_reset(&one_node);
	memblock_reserve(SZ_512M, 600 * SZ_4K);
	tap_ok(__populate_section_memmap(0, PAGES_PER_SECTION, 0, &altmap) == pfn_to_page(0),
	       "altmap exhausted: section 0 fits");
	tap_ok(walk(section_va(0), &pa) == SHIFT_2M && pa == SZ_512M,
	       "altmap exhausted: with the altmap's first 512 frames");
	tap_ok(!__populate_section_memmap(PAGES_PER_SECTION, PAGES_PER_SECTION, 0, &altmap),
	       "altmap exhausted: section 1 is refused");
	tap_ok(altmap.alloc == 512 && altmap.align == 0, "altmap exhausted: nothing consumed by the refusal");
	tap_eq(__pa(vmemmap_alloc_block_buf(PAGE_SIZE, 0, &altmap)), SZ_512M + 512 * SZ_4K,
	       "altmap exhausted: a 4 KiB block still fits, at frame 512");
	tap_ok(!vmemmap_alloc_block_buf(PAGE_SIZE + 1, 0, &altmap) &&
	       log_has("<4>altmap_alloc_block_buf: allocations must be multiple of PAGE_SIZE (4097)\n"),
	       "altmap exhausted: a size that is not whole pages is refused, in Linux's words");
	tap_ok(altmap.reserve + altmap.align + altmap.alloc <= altmap.reserve + altmap.free &&
	       altmap.reserve + altmap.free <= altmap.end_pfn - altmap.base_pfn, "altmap exhausted: A1 holds");
	setup_clear_cpu_cap(X86_FEATURE_PSE);
	tap_eq(vmemmap_populate(section_va(2), section_va(3), 0, &altmap), -ENOMEM,
	       "no PSE: vmemmap_populate() cannot serve an altmap");
	tap_ok(log_has("<3>vmemmap_populate: no cpu support for altmap allocations\n"),
	       "no PSE: with Linux's error");
	tap_eq(vmemmap_populate(section_va(2), section_va(3), 0, NULL), 0,
	       "no PSE: without the altmap it maps 4 KiB pages");
	tap_eq(walk(section_va(2), &pa), SHIFT_4K, "no PSE: section 2 has 4 KiB pages");
}

/*
 * A firmware map that claims memory across the 64 TiB the model describes
 * (reserved, so that nothing is allocated there):
 *
 *   phys     1M      512M   ...   64T-128M  64T  64T+128M
 *            |#######|             |xxxxxxxx|xxxxxxx|
 *   sections  0 .. 3               2^19 - 1  (none: beyond the model)
 *
 * Expect: Linux's "End of range ... exceeds SPARSEMEM max" warning with its
 * numbers (frames 2^34 - 2^15, 2^34 + 2^15 and 2^34), the last section of
 * the model present and mapped at the end of the vmemmap's terabyte, its
 * struct pages initialised, and nothing beyond it.
 */
static const struct layout beyond = {
	.mem = { { SZ_1M, SZ_512M, 0 },
		 { BIT_ULL(MAX_PHYSMEM_BITS) - SZ_128M, BIT_ULL(MAX_PHYSMEM_BITS) + SZ_128M, 0 } },
	.resv = { { BIT_ULL(MAX_PHYSMEM_BITS) - SZ_128M, BIT_ULL(MAX_PHYSMEM_BITS) + SZ_128M } },
	.phys_size = SZ_512M,
};

static void sparse_beyond_physmem_check(void)
{
	const u64 last = BIT_ULL(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS) - 1;
	bool offnode = false;

	machine_reset(&beyond);
	boot_sparse();
	tap_ok(log_has("<4>mminit::pfnvalidation End of range 17179836416 -> 17179901952 exceeds SPARSEMEM max 17179869184\n"),
	       "beyond 64 TiB: Linux's warning, with its numbers");
	tap_eq(__highest_present_section_nr, last, "beyond 64 TiB: the model's last section is present");
	tap_eq(check_mapping(0, 5, SHIFT_2M, &offnode) + check_mapping(last - 1, last + 1, SHIFT_2M, &offnode),
	       0, "beyond 64 TiB: sections 0-3 and the last one mapped, 4 and the one before the last not");
	tap_eq(section_va(last + 1), VMEMMAP_HOST + VMEMMAP_SIZE,
	       "beyond 64 TiB: the last section's struct pages end the vmemmap");
	tap_eq(check_pages(last, last + 1), 0, "beyond 64 TiB: its struct pages are initialised");
	check_kernel_invariants("beyond 64 TiB");
}

/*
 * The boot page tables still in CR3 (before the direct-map chapter loads
 * init_top_pgt):
 *
 *   CR3 -> boot PGD [468] empty       init_top_pgt [468] -> vmemmap's PUD page
 *
 * Expect: sync_global_pgds() copies the vmemmap's entry into the live PGD,
 * and only that entry.
 */
static void sync_global_pgds_check(void)
{
	const u64 boot_pgd = SZ_2M;	/* a free page of the simulated memory */
	const u64 *live = __va(boot_pgd);
	int index = (VMEMMAP_HOST >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1), others = 0;

	machine_reset(&one_node);
	memblock_reserve(boot_pgd, PAGE_SIZE);
	host_cr3 = boot_pgd;
	sparse_init();
	tap_ok(live[index] && live[index] == pgd_val(init_top_pgt[index]),
	       "sync: the live PGD has the vmemmap's entry");
	for (int i = 0; i < PTRS_PER_PGD; i++)
		others += i != index && live[i];
	tap_eq(others, 0, "sync: and no other");
	host_cr3 = __pa(init_top_pgt);
}

/*
 *   offset  0 flags | 8 lru | 24 mapping | 32 index | 40 private |
 *          48 _mapcount | 52 _refcount | 56 memcg_data | 64
 *   flags   bits 63-58 node, 57-55 zone, 21-0 page flags
 *
 * Expect: Linux's offsets; node and zone fields that neither disturb each
 * other nor the page flags.
 */
static void struct_page_layout_check(void)
{
	struct page page;

	tap_ok(sizeof(struct page) == 64 && offsetof(struct page, lru) == 8 &&
	       offsetof(struct page, mapping) == 24 && offsetof(struct page, index) == 32 &&
	       offsetof(struct page, private) == 40 && offsetof(struct page, _mapcount) == 48 &&
	       offsetof(struct page, _refcount) == 52 && offsetof(struct page, memcg_data) == 56,
	       "struct page: 64 bytes at Linux's offsets (P1)");
	page.flags = BIT(__NR_PAGEFLAGS) - 1;
	set_page_links(&page, 5, MAX_NUMNODES - 1, 0);
	tap_ok(page_to_nid(&page) == MAX_NUMNODES - 1 && page_zonenum(&page) == 5 &&
	       (page.flags & (BIT(__NR_PAGEFLAGS) - 1)) == BIT(__NR_PAGEFLAGS) - 1,
	       "struct page: node 63 and zone 5 leave the page flags alone");
	set_page_node(&page, 2);
	tap_ok(page_to_nid(&page) == 2 && page_zonenum(&page) == 5 &&
	       page.flags >> NODE_SHIFT == 2, "struct page: the node is the top six bits");
}

/*
 * No memory at all: memblock is empty, so no section is present.
 *
 *   phys  0 .................................. (no memory anywhere)
 *   sections: none present, no memory map
 *
 * Expect the sparse_vmemmap self-test suite to fail, its memory-map
 * cases each "not ok" (there is nothing to check, which in a booted
 * kernel is a bug), not to pass with every case skipped.
 */
static const struct layout no_memory = { .phys_size = SZ_2M };

static void selftests_without_memory_check(void)
{
	struct kunit_suite *const *suite = __start_kunit_test_suites;

	machine_reset(&no_memory);
	while (suite < __stop_kunit_test_suites && strcmp((*suite)->name, "sparse_vmemmap"))
		suite++;
	if (!tap_ok(suite < __stop_kunit_test_suites, "no memory: the sparse_vmemmap suite is linked in"))
		return;
	tap_eq(kunit_run_suites(suite, 1), 1, "no memory: the sparse_vmemmap suite fails");
	tap_ok(strstr(log_buf, "not ok 1 sparse_invariants_test") &&
	       strstr(log_buf, "not ok 2 vmemmap_struct_pages_rw_test") &&
	       strstr(log_buf, "not ok 1 sparse_vmemmap"),
	       "no memory: its cases and the suite are not ok, not skipped");
}

int main(void)
{
	static_memory_regions = memblock.memory.regions;
	static_reserved_regions = memblock.reserved.regions;
	struct_page_layout_check();
	sparse_one_node_hugepages_check();
	sparse_holes_check();
	sparse_two_nodes_check();
	sparse_modes_agree_check();
	sparse_offnode_check();
	sparse_map_failure_check();
	sparse_altmap_check();
	sparse_altmap_refused_check();
	altmap_exhausted_check();
	sparse_beyond_physmem_check();
	selftests_without_memory_check();
	sync_global_pgds_check();
	return tap_done();
}

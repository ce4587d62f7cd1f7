// SPDX-License-Identifier: GPL-2.0-only
/*
 * numa_test.c - arch/x86/mm/numa.c (book/numa.nw) on a simulated PC, with
 * the real memblock (book/memblock.nw) and ACPI table walker (book/acpi.nw).
 *
 * The test owns 128 MiB of "physical memory" and points the kernel's direct
 * map at it. Each case lays out memory as QEMU's e820 map does (usable
 * [0x1000, 0x9f000) and [1 MiB, top - 132 KiB), the ACPI tables in the
 * reserved top), builds an SRAT and SLIT byte by byte with correct
 * checksums, runs acpi_table_init() and initmem_init(), and checks the
 * lines printed (written out here in Linux's format, from Linux's logs
 * under QEMU scaled down), memblock's nids and invariants N1-N3.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/console.h>
#include <linux/acpi.h>
#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <acpi/acpi_numa.h>
#include <asm/numa.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <kunit/test.h>
#include "tap.h"
#include "capture.h"
#include "acpi_build.h"
#include "early_memremap_double.h"
#include "memblock_reset.h"

#define PHYS_SIZE	SZ_128M
#define TOP_RESERVED	0x21000			/* QEMU's tables at the top of RAM */
#define USABLE_END	(PHYS_SIZE - TOP_RESERVED)	/* 0x7fdf000 */
#define TABLES		(USABLE_END + 0x1000)
#define RSDP_BIOS	0xf5a60

struct boot_params boot_params;
unsigned long page_offset_base;
unsigned long max_pfn_mapped;

/* ---- the console ---- */

static bool log_has(const char *s)
{
	return strstr(log_buf, s) != NULL;
}

/* ---- tables ---- */
/* The SRAT under construction: subtables are appended at srat_len */
static u32 srat_len;
static u8 srat_rev = 1;

static void srat_begin(void)
{
	srat_len = sizeof(struct acpi_table_srat);
	srat_rev = 1;
}

static void srat_cpu(int pxm, int apic)
{
	struct acpi_srat_cpu_affinity *c = at(TABLES + srat_len);

	c->header.type = ACPI_SRAT_TYPE_CPU_AFFINITY;
	c->header.length = sizeof(*c);
	c->proximity_domain_lo = pxm;
	c->apic_id = apic;
	c->flags = ACPI_SRAT_CPU_ENABLED;
	srat_len += sizeof(*c);
}

static void srat_mem(int pxm, u64 base, u64 size, u32 flags)
{
	struct acpi_srat_mem_affinity *m = at(TABLES + srat_len);

	m->header.type = ACPI_SRAT_TYPE_MEMORY_AFFINITY;
	m->header.length = sizeof(*m);
	m->proximity_domain = pxm;
	m->base_address = base;
	m->length = size;
	m->flags = flags;
	srat_len += sizeof(*m);
}

#define MEM_ON		ACPI_SRAT_MEM_ENABLED

/* SLIT at TABLES + 0x4000, @n domains, distances row by row */
static bool have_slit;

static void put_slit(u64 count, const u8 *dist, int n)
{
	struct acpi_table_slit *s = at(TABLES + 0x4000);

	s->locality_count = count;
	memcpy(s->entry, dist, n * n);
	put_table(TABLES + 0x4000, "SLIT", sizeof(*s) + n * n, 1);
	have_slit = true;
}

/* RSDT at TABLES + 0x6000 listing the SRAT (if any) and the SLIT (if any) */
static void finish_tables(bool with_srat)
{
	u32 *entry = at(TABLES + 0x6000 + 36);
	int n = 0;

	if (with_srat) {
		put_table(TABLES, "SRAT", srat_len, srat_rev);
		entry[n++] = TABLES;
	}
	if (have_slit)
		entry[n++] = TABLES + 0x4000;
	put_table(TABLES + 0x6000, "RSDT", 36 + 4 * n, 1);

	struct acpi_table_rsdp *r = at(RSDP_BIOS);

	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "BOCHS ", 6);
	r->rsdt_physical_address = TABLES + 0x6000;
	set_checksum(RSDP_BIOS, 20, &r->checksum);
}

/* ---- memblock, laid out as QEMU's e820 map leaves it ---- */

/* @holes: pairs of [start, end) to leave out of usable memory */
static void reset(const u64 *holes, int nholes)
{
	memset(phys_mem, 0, PHYS_SIZE);
	memset(&boot_params, 0, sizeof(boot_params));
	memblock_reset(MEMBLOCK_ALLOC_ANYWHERE);
	memblock_add(0x1000, 0x9f000 - 0x1000);
	memblock_add(SZ_1M, USABLE_END - SZ_1M);
	for (int i = 0; i < nholes; i++)
		memblock_remove(holes[2 * i], holes[2 * i + 1] - holes[2 * i]);
	memblock_reserve(SZ_1M, SZ_2M);		/* the kernel image */
	acpi_disabled = false;
	numa_off = 0;
	have_slit = false;
	srat_begin();
	capture_clear();
}

static void boot(void)
{
	acpi_boot_table_init();
	initmem_init();
}

struct want_region {
	u64 base, end;
	int nid;
};

/* Expect memblock.memory to be exactly @want: ranges and nids */
static bool regions_are(const struct want_region *want, unsigned long n, const char *what)
{
	bool ok = memblock.memory.cnt == n;

	for (unsigned long i = 0; ok && i < n; i++) {
		struct memblock_region *r = &memblock.memory.regions[i];

		ok = r->base == want[i].base && r->base + r->size == want[i].end &&
		     memblock_get_region_node(r) == want[i].nid;
	}
	if (!ok)
		for (unsigned long i = 0; i < memblock.memory.cnt; i++)
			tap_diag("region %lu: [%#llx, %#llx) nid %d", i,
				 memblock.memory.regions[i].base,
				 memblock.memory.regions[i].base + memblock.memory.regions[i].size,
				 memblock_get_region_node(&memblock.memory.regions[i]));
	return tap_ok(ok, "%s: memblock's regions carry the SRAT's nodes", what);
}

static bool node_data_on(int nid, int want)
{
	return NODE_DATA(nid) && early_pfn_to_nid(PHYS_PFN(__pa(NODE_DATA(nid)))) == want;
}

/* The frames of memory memblock gives node @nid */
static unsigned long node_memory_pages(int nid)
{
	unsigned long start, end, pages = 0;
	int i;

	for_each_mem_pfn_range(i, nid, &start, &end, NULL)
		pages += end - start;
	return pages;
}

static void invariants(const char *what)
{
	tap_ok(numa_check_invariants(), "%s: N1-N3 hold", what);
}

/* ---- the cases ---- */

/*
 *   memory: [0x1000 .. 0x9f000)  [1M .. 0x7fdf000)   no SRAT
 *
 * Expect Linux's UMA fallback: "No NUMA configuration found", one node
 * faked over [0, 0x7fdf000), every region on node 0, NODE_DATA(0) on 0.
 */
static void one_node_check(void)
{
	static const struct want_region want[] = {
		{ 0x1000, 0x9f000, 0 }, { SZ_1M, USABLE_END, 0 },
	};

	reset(NULL, 0);
	finish_tables(false);
	boot();
	tap_ok(logged("No NUMA configuration found"), "one node: Linux's line");
	tap_ok(logged("Faking a node at [mem 0x0000000000000000-0x0000000007fdefff]"),
	       "one node: the fake node spans all RAM");
	regions_are(want, 2, "one node");
	tap_ok(node_data_on(0, 0) && num_online_nodes() == 1, "one node: NODE_DATA(0) on node 0");
	tap_ok(NODE_DATA(0)->node_id == 0, "one node: NODE_DATA(0) knows its node");
	invariants("one node");
}

/*
 *   SRAT:  PXM 0 [0, 0xa0000) [1M, 64M)     PXM 1 [64M, 128M)
 *   memory: [0x1000 .. 0x9f000) [1M ........ 0x7fdf000)
 *                                    ^ 64M: node boundary splits the region
 *
 * Expect Linux's lines (QEMU's two-node log, scaled to 128 MiB), node 0's
 * halves merged, the big region split at 64M, each NODE_DATA on its node.
 */
static void two_nodes_check(void)
{
	static const struct want_region want[] = {
		{ 0x1000, 0x9f000, 0 }, { SZ_1M, SZ_64M, 0 }, { SZ_64M, USABLE_END, 1 },
	};

	reset(NULL, 0);
	srat_cpu(0, 0);
	srat_cpu(1, 1);
	srat_mem(0, 0, 0xa0000, MEM_ON);
	srat_mem(0, SZ_1M, SZ_64M - SZ_1M, MEM_ON);
	srat_mem(1, SZ_64M, SZ_64M, MEM_ON);
	srat_mem(0, 0, 0, 0);			/* QEMU's disabled entry */
	finish_tables(true);
	boot();
	tap_ok(logged("SRAT: PXM 0 -> APIC 0x00 -> Node 0") &&
	       logged("SRAT: PXM 1 -> APIC 0x01 -> Node 1"), "two nodes: processor lines");
	tap_ok(logged("ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]") &&
	       logged("ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x03ffffff]") &&
	       logged("ACPI: SRAT: Node 1 PXM 1 [mem 0x04000000-0x07ffffff]"),
	       "two nodes: memory lines");
	tap_ok(logged("NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x03ffffff] -> [mem 0x00000000-0x03ffffff]"),
	       "two nodes: node 0's halves merged");
	tap_ok(!log_has("Faking"), "two nodes: no fake node");
	regions_are(want, 3, "two nodes");
	tap_ok(node_data_on(0, 0) && node_data_on(1, 1), "two nodes: each NODE_DATA on its own node");
	tap_eq(node_distance(0, 1), REMOTE_DISTANCE, "two nodes: default distance without a SLIT");
	invariants("two nodes");
}

/*
 *   SRAT, every block hot-pluggable:
 *     PXM 0 [0, 32M)        PXM 1 [32M, 64M)        PXM 2 [64M, 128M)
 *       ^ kernel [1M, 3M)     ^ reserved [40M, 40M+4K)   (nothing reserved)
 *
 * Expect the hotplug flag taken off every memory region of nodes 0 and
 * 1, which hold reservations (the whole node, not only the reserved
 * bytes), and kept on node 2's; the reservations tagged with their nodes.
 */
static void kernel_node_hotplug_check(void)
{
	const u32 plug = MEM_ON | ACPI_SRAT_MEM_HOT_PLUGGABLE;
	bool flags_ok = true;
	int r40m;

	reset(NULL, 0);
	memblock_reserve(SZ_32M + SZ_8M, SZ_4K);
	srat_cpu(0, 0);
	srat_mem(0, 0, SZ_32M, plug);
	srat_mem(1, SZ_32M, SZ_32M, plug);
	srat_mem(2, SZ_64M, SZ_64M, plug);
	finish_tables(true);
	boot();
	for (unsigned long i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *r = &memblock.memory.regions[i];
		bool want = memblock_get_region_node(r) == 2;

		if (!!(r->flags & MEMBLOCK_HOTPLUG) != want) {
			tap_diag("region [%#llx, %#llx) node %d flags %#x",
				 r->base, r->base + r->size, memblock_get_region_node(r), r->flags);
			flags_ok = false;
		}
	}
	tap_eq(memblock.memory.cnt, 4, "kernel nodes: four memory regions on three nodes");
	tap_ok(flags_ok, "kernel nodes: hotplug cleared on nodes 0 and 1, kept on node 2");
	r40m = -1;
	for (unsigned long i = 0; i < memblock.reserved.cnt; i++)
		if (memblock.reserved.regions[i].base == SZ_32M + SZ_8M)
			r40m = memblock_get_region_node(&memblock.reserved.regions[i]);
	tap_eq(r40m, 1, "kernel nodes: the reservation at 40M is tagged node 1");
	tap_eq(memblock_get_region_node(&memblock.reserved.regions[0]), 0,
	       "kernel nodes: the kernel image's reservation is tagged node 0");
	invariants("kernel nodes");
}

/*
 *   SRAT (domains numbered 5, 0, 7, 2 in CPU order):
 *     PXM 5 [0, 16M)   PXM 0 [16M, 64M)   PXM 7 [64M, 96M)   PXM 2 [96M, 128M) hotplug
 *
 * Expect nodes numbered in order of first appearance (5->0, 0->1, 7->2,
 * 2->3), uneven sizes, the hotplug flag printed and marked in memblock.
 */
static void four_nodes_check(void)
{
	static const struct want_region want[] = {
		{ 0x1000, 0x9f000, 0 }, { SZ_1M, SZ_16M, 0 }, { SZ_16M, SZ_64M, 1 },
		{ SZ_64M, SZ_64M + SZ_32M, 2 }, { SZ_64M + SZ_32M, USABLE_END, 3 },
	};

	reset(NULL, 0);
	srat_cpu(5, 0);
	srat_cpu(0, 1);
	srat_cpu(7, 2);
	srat_cpu(2, 3);
	srat_mem(5, 0, SZ_16M, MEM_ON);
	srat_mem(0, SZ_16M, SZ_32M + SZ_16M, MEM_ON);
	srat_mem(7, SZ_64M, SZ_32M, MEM_ON);
	srat_mem(2, SZ_64M + SZ_32M, SZ_32M, MEM_ON | ACPI_SRAT_MEM_HOT_PLUGGABLE);
	finish_tables(true);
	boot();
	tap_ok(logged("SRAT: PXM 5 -> APIC 0x00 -> Node 0") && logged("SRAT: PXM 2 -> APIC 0x03 -> Node 3"),
	       "four nodes: domains numbered in order of appearance");
	tap_ok(logged("ACPI: SRAT: Node 3 PXM 2 [mem 0x06000000-0x07ffffff] hotplug"),
	       "four nodes: the hotplug flag is printed");
	regions_are(want, 5, "four nodes");
	tap_ok(memblock.memory.regions[4].flags & MEMBLOCK_HOTPLUG, "four nodes: hotplug marked in memblock");
	tap_ok(node_data_on(0, 0) && node_data_on(1, 1) && node_data_on(2, 2),
	       "four nodes: NODE_DATA local on nodes 0-2");
	tap_ok(NODE_DATA(3) != NULL, "four nodes: node 3 (all hot-pluggable) still has a NODE_DATA");
	tap_eq(num_online_nodes(), 4, "four nodes: four online");
	invariants("four nodes");
}

/*
 *   SRAT: CPUs in PXM 0 and PXM 1; memory only in PXM 0 [0, 128M)
 *
 * Expect node 1 possible but not online (free_area_init() names it memory-less).
 */
static void memoryless_node_check(void)
{
	reset(NULL, 0);
	srat_cpu(0, 0);
	srat_cpu(1, 1);
	srat_mem(0, 0, 0xa0000, MEM_ON);
	srat_mem(0, SZ_1M, PHYS_SIZE - SZ_1M, MEM_ON);
	finish_tables(true);
	boot();
	tap_ok(logged("NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x07fdefff] -> [mem 0x00000000-0x07fdefff]"),
	       "memoryless: node 0's block clipped to the end of RAM, then merged");
	tap_ok(node_isset(1, node_possible_map) && !node_online(1), "memoryless: node 1 possible, offline");
	tap_ok(NODE_DATA(1) == NULL, "memoryless: no NODE_DATA(1)");
	invariants("memoryless");
}

/*
 *   memory: ... [1M .. 64M)   hole [64M, 96M)   [96M .. 0x7fdf000)
 *   SRAT:   PXM 0 [0, 32M)    PXM 1 [32M, 64M) and [96M, 128M)
 *
 * Expect node 1's two blocks merged across the hole (no other node in
 * it), node 1 spanning [32M, end) with fewer pages present than spanned.
 */
static void node_with_hole_check(void)
{
	static const u64 hole[] = { SZ_64M, SZ_64M + SZ_32M };
	static const struct want_region want[] = {
		{ 0x1000, 0x9f000, 0 }, { SZ_1M, SZ_32M, 0 }, { SZ_32M, SZ_64M, 1 },
		{ SZ_64M + SZ_32M, USABLE_END, 1 },
	};
	unsigned long start, end;

	reset(hole, 1);
	srat_cpu(0, 0);
	srat_cpu(1, 1);
	srat_mem(0, 0, SZ_32M, MEM_ON);
	srat_mem(1, SZ_32M, SZ_32M, MEM_ON);
	srat_mem(1, SZ_64M + SZ_32M, SZ_32M, MEM_ON);
	finish_tables(true);
	boot();
	tap_ok(logged("NUMA: Node 1 [mem 0x02000000-0x03ffffff] + [mem 0x06000000-0x07fdefff] -> [mem 0x02000000-0x07fdefff]"),
	       "hole: node 1's blocks merged across the hole");
	regions_are(want, 4, "hole");
	get_pfn_range_for_nid(1, &start, &end);
	tap_ok(start == PFN_DOWN(SZ_32M) && end == PFN_DOWN(USABLE_END),
	       "hole: node 1 spans [32M, end of RAM)");
	tap_eq(node_memory_pages(1), PFN_DOWN(SZ_32M) + PFN_DOWN(USABLE_END - SZ_64M - SZ_32M),
	       "hole: node 1 has [32M, 64M) and [96M, end of RAM), without the hole");
	invariants("hole");
}

/*
 *   two nodes in the SRAT, numa=off on the command line
 * Expect "NUMA turned off" and one faked node; the SRAT is not parsed.
 */
static void numa_off_check(void)
{
	reset(NULL, 0);
	srat_cpu(0, 0);
	srat_mem(0, 0, SZ_64M, MEM_ON);
	srat_mem(1, SZ_64M, SZ_64M, MEM_ON);
	finish_tables(true);
	numa_off = 1;
	boot();
	tap_ok(logged("NUMA turned off") && logged("Faking a node at [mem 0x0000000000000000-0x0000000007fdefff]"),
	       "numa=off: Linux's two lines");
	tap_ok(!log_has("SRAT: Node"), "numa=off: the SRAT is not parsed");
	tap_eq(num_online_nodes(), 1, "numa=off: one node");
	invariants("numa=off");
	numa_off = 0;
}

/* Boot a two-node SRAT whose second memory entry was damaged by @damage */
static void boot_damaged(void (*damage)(void))
{
	reset(NULL, 0);
	srat_cpu(0, 0);
	srat_cpu(1, 1);
	srat_mem(0, 0, SZ_64M, MEM_ON);
	srat_mem(1, SZ_64M, SZ_64M, MEM_ON);
	damage();
	finish_tables(true);
	boot();
}

static struct acpi_srat_mem_affinity *second_mem(void)
{
	return at(TABLES + sizeof(struct acpi_table_srat) + 2 * 16 + 40);
}

static void short_entry(void) { second_mem()->header.length = 30; srat_len -= 10; }
static void short_cpu(void) { ((struct acpi_srat_cpu_affinity *)at(TABLES + 48))->header.length = 12; }
static void overlap(void) { second_mem()->base_address = SZ_32M; }
static void wraps(void) { srat_mem(1, ~0ULL - 0xfff, 0x2000, MEM_ON); }
static void beyond(void) { srat_mem(2, SZ_256M, SZ_256M, MEM_ON); }
static void zero_len(void) { second_mem()->header.length = 0; }
static void too_little(void) { second_mem()->flags = 0; ((struct acpi_srat_mem_affinity *)at(TABLES + 80))->length = SZ_32M; }
static void pxm_bit31(void)
{
	srat_rev = 2;	/* the domain's upper 24 bits count from revision 2 */
	((struct acpi_srat_cpu_affinity *)at(TABLES + 48 + 16))->proximity_domain_hi[2] = 0xf9;
}

/*
 * Each corruption of the two-node SRAT, and what Linux does about it:
 *
 *   memory entry 30 bytes long      -> "Unexpected header length", SRAT not used
 *   CPU entry 12 bytes long         -> SRAT not used
 *   node 1 [32M, 96M) over node 0   -> "overlaps with node 0", NUMA not used
 *   an extra entry whose end wraps  -> warned about and ignored, NUMA used
 *   entry [256M, 512M) beyond RAM   -> set aside; node 2 possible, memory-less
 *   subtable of length 0            -> walk refused, NUMA not used
 *   nodes covering 32 of 127 MiB    -> "nodes only cover", NUMA not used
 *   SRAT v2, CPU 1's domain 0xf9000001 (bit 31 set: no int holds it once
 *   shifted; found by acpi_fuzz)     -> "Too many proximity domains", SRAT not used
 *
 * Expect no crash, Linux's message, a fallback to one node where Linux
 * falls back, and N1-N3 after each.
 */
static void corrupt_srat_check(void)
{
	boot_damaged(short_entry);
	tap_ok(logged("ACPI: SRAT: Unexpected header length: 30") && logged("ACPI: SRAT: SRAT not used.") &&
	       logged("No NUMA configuration found"), "short memory entry: SRAT not used, one node");
	invariants("short memory entry");

	boot_damaged(short_cpu);
	tap_ok(logged("ACPI: SRAT: SRAT not used.") && num_online_nodes() == 1, "short CPU entry: one node");

	boot_damaged(overlap);
	tap_ok(logged("NUMA: node 0 [mem 0x00000000-0x03ffffff] overlaps with node 1 [mem 0x02000000-0x05ffffff]"),
	       "overlap: Linux's error");
	tap_ok(logged("No NUMA configuration found") && num_online_nodes() == 1, "overlap: one node");
	invariants("overlap");

	boot_damaged(wraps);
	tap_ok(logged("NUMA: Warning: invalid memblk node 1 [mem 0xfffffffffffff000-0x00000fff]"),
	       "wrapping entry: warned about");
	tap_ok(!log_has("Faking"), "wrapping entry: the rest of the SRAT is used");
	invariants("wrapping entry");

	boot_damaged(beyond);
	tap_ok(logged("ACPI: SRAT: Node 2 PXM 2 [mem 0x10000000-0x1fffffff]") && num_online_nodes() == 2 &&
	       node_isset(2, node_possible_map), "beyond RAM: node 2 possible, not online");
	invariants("beyond RAM");

	boot_damaged(zero_len);
	tap_ok(logged("ACPI: [SRAT:0x01] Invalid zero length") && logged("No NUMA configuration found"),
	       "zero-length subtable: refused, one node");

	boot_damaged(too_little);
	tap_ok(logged("NUMA: nodes only cover 31MB of your 127MB e820 RAM. Not used."),
	       "too little: Linux's message with the sizes");
	tap_ok(logged("No NUMA configuration found") && num_online_nodes() == 1, "too little: one node");
	invariants("too little");

	boot_damaged(pxm_bit31);
	tap_ok(logged("SRAT: Too many proximity domains f9000001") &&
	       logged("ACPI: SRAT: SRAT not used."), "domain 0xf9000001: refused in Linux's words");
	tap_ok(num_online_nodes() == 1, "domain 0xf9000001: one node");
	invariants("domain 0xf9000001");
}

/*
 *   65 domains, one 1 MiB memory entry each (MAX_NUMNODES is 64)
 * Expect "Too many proximity domains" on the 65th, and one node.
 */
static void too_many_domains_check(void)
{
	reset(NULL, 0);
	for (int i = 0; i < MAX_NUMNODES + 1; i++)
		srat_mem(i, SZ_1M * (i + 1), SZ_1M, MEM_ON);
	finish_tables(true);
	boot();
	tap_ok(logged("ACPI: SRAT: Too many proximity domains.") && logged("No NUMA configuration found"),
	       "too many domains: refused, one node");
	invariants("too many domains");
}

/*
 *   SLIT 2x2 [10 21; 21 10]          -> distance 21
 *   SLIT with diagonal 11            -> "looks invalid", distance 20
 *   SLIT claiming 8 domains, 2x2 data -> "looks invalid" (matrix past the table)
 */
static void slit_check(void)
{
	static const u8 good[] = { 10, 21, 21, 10 }, bad_diag[] = { 11, 21, 21, 10 };

	for (int c = 0; c < 3; c++) {
		reset(NULL, 0);
		srat_cpu(0, 0);
		srat_cpu(1, 1);
		srat_mem(0, 0, SZ_64M, MEM_ON);
		srat_mem(1, SZ_64M, SZ_64M, MEM_ON);
		put_slit(c == 2 ? 8 : 2, c == 1 ? bad_diag : good, 2);
		finish_tables(true);
		boot();
		if (c == 0)
			tap_eq(node_distance(0, 1), 21, "slit: distance from the SLIT");
		else
			tap_ok(logged("ACPI: SLIT table looks invalid. Not used.") &&
			       node_distance(0, 1) == REMOTE_DISTANCE,
			       "slit: %s is refused, defaults kept", c == 1 ? "a bad diagonal" : "a short matrix");
		tap_eq(node_distance(1, 1), LOCAL_DISTANCE, "slit: a node is 10 from itself");
	}
}

/* The chapter's KUnit self-tests, run here after a two-node boot */
static void selftests_check(void)
{
	two_nodes_check();
	tap_eq(kunit_run_suites(__start_kunit_test_suites,
				__stop_kunit_test_suites - __start_kunit_test_suites), 0,
	       "the ACPI and NUMA KUnit self-tests pass on the host");
}

int main(void)
{
	phys_mem = test_alloc(PHYS_SIZE);
	page_offset_base = (unsigned long)phys_mem;
	max_pfn_mapped = PHYS_SIZE >> PAGE_SHIFT;
	register_console(&capture);

	one_node_check();
	two_nodes_check();
	four_nodes_check();
	kernel_node_hotplug_check();
	memoryless_node_check();
	node_with_hole_check();
	numa_off_check();
	corrupt_srat_check();
	too_many_domains_check();
	slit_check();
	selftests_check();
	tap_eq(early_map_errors, 0, "every early mapping was within the rules and unmapped with its size");
	tap_eq(early_maps_live(), 0, "no early mapping is left behind");
	test_free(phys_mem);
	return tap_done();
}

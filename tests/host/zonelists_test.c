// SPDX-License-Identifier: GPL-2.0-only
/*
 * zonelists_test.c - mm/zonelists.c (book/zonelists.nw) on hand-made nodes.
 *
 * Each case lays out nodes and their populated zones, and a SLIT matrix,
 * both drawn in the case's picture; runs build_all_zonelists(); and
 * checks the "Fallback order" lines against orders worked out by hand
 * from find_next_best_node()'s rules (nearest first; a node below the
 * local one loses ties; a node with known CPUs pays 1; the load breaks
 * what is left, a node being charged when it leads a distance group).
 * Where Debian's Linux 6.1 was booted under QEMU with the same matrix
 * (-numa dist), its lines are quoted. Then the lists entry by entry,
 * invariants L1-L4, the "Total pages" sum, the walk, and the checker
 * on lists broken on purpose.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/mmzone.h>
#include <linux/mmzone_zonelist.h>
#include "tap.h"
#include "capture.h"

#define TS	"[    0.000000] "

/* ---------------------------------------------------------------------
 * What the kernel around zonelists.c provides: nodes, distances, names
 */
struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_possible_map, node_online_map;
int page_group_by_mobility_disabled;	/* mm/mm_init.c's */

int nodes_weight(nodemask_t m)
{
	int n, w = 0;

	for_each_node_mask(n, m)
		w++;
	return w;
}

static u8 slit[MAX_NUMNODES][MAX_NUMNODES];

int __node_distance(int from, int to)
{
	return slit[from][to];
}

const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

/* ---------------------------------------------------------------------
 * Building a machine
 */
#define D	(1 << ZONE_DMA)
#define D32	(1 << ZONE_DMA32)
#define N	(1 << ZONE_NORMAL)
#define MV	(1 << ZONE_MOVABLE)
#define PAGES	1000UL		/* managed pages of every zone, unless set */

static void machine_reset(void)
{
	for (int n = 0; n < MAX_NUMNODES; n++) {
		if (node_data[n])
			test_free(node_data[n]);
		node_data[n] = NULL;
		for (int m = 0; m < MAX_NUMNODES; m++)
			slit[n][m] = n == m ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	}
	nodes_clear(node_possible_map);
	nodes_clear(node_online_map);
	nodes_clear(node_cpus_known);
	capture_clear();
}

/* Node @nid, online, with the zones in the mask @zones populated */
static pg_data_t *add_node(int nid, unsigned int zones)
{
	pg_data_t *pgdat = test_alloc(sizeof(*pgdat));

	pgdat->node_id = nid;
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct zone *zone = &pgdat->node_zones[zt];

		zone->zone_pgdat = pgdat;
		zone->node = nid;
		if (zones & (1U << zt)) {
			zone->present_pages = PAGES;
			atomic_long_set(&zone->managed_pages, PAGES);
			pgdat->node_present_pages += PAGES;
		}
	}
	node_data[nid] = pgdat;
	node_set(nid, node_possible_map);
	node_set(nid, node_online_map);
	return pgdat;
}

/* The SLIT, row by row, for nodes 0 .. n - 1 */
static void set_slit(int n, const u8 *rows)
{
	for (int a = 0; a < n; a++)
		for (int b = 0; b < n; b++)
			slit[a][b] = rows[a * n + b];
}

/* ---------------------------------------------------------------------
 * Checks
 */
static bool line_logged(const char *fmt, int nid, const char *order)
{
	char want[256];

	test_snprintf(want, sizeof(want), fmt, nid, order);
	return logged(want);
}

/* Each node's "Fallback order" line, as Linux prints it, then L1-L4 */
static void expect_orders(const char *what, int nr, const char *const *orders)
{
	const char *broken = zonelist_check_invariants();
	bool all = true;

	for (int n = 0; n < nr; n++)
		all &= tap_ok(line_logged("Fallback order for Node %d: %s", n, orders[n]),
			      "%s: node %d's order is \"%s\"", what, n, orders[n]);
	tap_ok(!broken, "%s: L1-L4 hold (%s)", what, broken ? broken : "ok");
	if (!all)
		tap_diag("log:\n%s", log_buf);
}

/* The list of @nid, written "node:zone node:zone ..." with zone numbers */
/*
 * A machine of @nr nodes and its zone lists: node 0 with DMA and DMA32, the
 * others with DMA32 only; distances from @slit (@nr rows of @nr), or QEMU's
 * defaults (no SLIT) if it is NULL.
 */
static void build_machine(int nr, const u8 *slit)
{
	machine_reset();
	add_node(0, D | D32);
	for (int n = 1; n < nr; n++)
		add_node(n, D32);
	if (slit)
		set_slit(nr, slit);
	build_all_zonelists(NULL);
}

static void list_text(int nid, int which, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (struct zoneref *z = NODE_DATA(nid)->node_zonelists[which]._zonerefs; z->zone; z++)
		len += test_snprintf(buf + len, size - len, "%s%d:%d", len ? " " : "",
				     zonelist_node_idx(z), zonelist_zone_idx(z));
}

static void expect_list(const char *what, int nid, int which, const char *want)
{
	char got[512];

	list_text(nid, which, got, sizeof(got));
	tap_eq_str(got, want, "%s: node %d's %s list is %s", what, nid,
		   which == ZONELIST_FALLBACK ? "fallback" : "own", want);
}

/* ---------------------------------------------------------------------
 * The cases
 */

/*
 * Two nodes, no SLIT (10 local, 20 remote).
 *
 *   node 0: DMA DMA32          node 1: DMA32 Normal
 *      d   0  1
 *      0  10 20
 *      1  20 10
 *
 * Expect 0 then 1 for node 0, 1 then 0 for node 1 (Debian's Linux on
 * QEMU's two-node machine: "0 1 " and "1 0 "); each node's zones from the
 * highest down; the policy zone Normal (node 1 has one).
 */
static void two_nodes_check(void)
{
	static const char *const want[] = { "0 1 ", "1 0 " };

	machine_reset();
	add_node(0, D | D32);
	add_node(1, D32 | N);
	build_all_zonelists(NULL);
	expect_orders("two nodes", 2, want);
	expect_list("two nodes", 0, ZONELIST_FALLBACK, "0:1 0:0 1:2 1:1");
	expect_list("two nodes", 1, ZONELIST_FALLBACK, "1:2 1:1 0:1 0:0");
	expect_list("two nodes", 0, ZONELIST_NOFALLBACK, "0:1 0:0");
	expect_list("two nodes", 1, ZONELIST_NOFALLBACK, "1:2 1:1");
	tap_ok(logged("Built 2 zonelists, mobility grouping on.  Total pages: 4000"),
	       "two nodes: Linux's line with the sum of the four zones' 1000 pages");
	tap_ok(logged("Policy zone: Normal"), "two nodes: the policy zone is Normal");
}

/*
 * Four nodes, no SLIT: every remote node is 20 away.
 *
 *   node:   0      1      2      3        (DMA32 each; node 0 also DMA)
 *
 * Node 0: all at 20, none below it: 1 2 3 by number; 1 led the group,
 *         load[1] = 1.
 * Node 1: 2 and 3 score 20*64 + 0; 0 scores 21*64 (below): 2 3 0;
 *         load[2] = 1.
 * Node 2: 3 scores 20*64; 0 and 1 score 21*64 + load (0 and 1): 3 0 1.
 * Node 3: 0 (21*64 + 0) before 1 and 2 (21*64 + 1): 0 1 2.
 * Expect Debian's lines on QEMU's four-node machine, exactly these.
 */
static void four_equal_check(void)
{
	static const char *const want[] = { "0 1 2 3 ", "1 2 3 0 ", "2 3 0 1 ", "3 0 1 2 " };

	build_machine(4, NULL);
	expect_orders("four equal", 4, want);
	expect_list("four equal", 2, ZONELIST_FALLBACK, "2:1 3:1 0:1 0:0 1:1");
	tap_ok(logged("Policy zone: DMA32"), "four equal: the policy zone is DMA32");
}

/*
 * Four nodes in a ring: neighbours 20, opposite 30.
 *
 *        0 --- 1          d   0  1  2  3
 *        |     |          0  10 20 30 20
 *        3 --- 2          1  20 10 20 30
 *                         2  30 20 10 20
 *                         3  20 30 20 10
 *
 * Node 0: 1 and 3 at 20 (1 first by number), 2 at 30: 1 3 2. Leaders
 *         charged: 1 (new group after self), 2 (30 after 20).
 * Node 1: 2 at 20 scores 20*64 + 1, 0 at 20 scores 21*64: 2 0 3;
 *         charged 2 again (load 2) and 3.
 * Node 2: 3 (20*64 + 1) before 1 (21*64): 3 1 0; charged 3 (2), 0.
 * Node 3: 0 and 2 both below, at 20: 21*64 + load, load[0] = 1 and
 *         load[2] = 2: 0 2 1.
 * Expect Debian's lines for QEMU with these -numa dist options.
 */
static void ring_check(void)
{
	static const u8 d[] = { 10, 20, 30, 20, 20, 10, 20, 30, 30, 20, 10, 20, 20, 30, 20, 10 };
	static const char *const want[] = { "0 1 3 2 ", "1 2 0 3 ", "2 3 1 0 ", "3 0 2 1 " };

	build_machine(4, d);
	expect_orders("ring", 4, want);
	expect_list("ring", 1, ZONELIST_FALLBACK, "1:1 2:1 0:1 0:0 3:1");
	expect_list("ring", 1, ZONELIST_NOFALLBACK, "1:1");
}

/*
 * Four nodes in two pairs: 11 within a pair, 21 across.
 *
 *   (0 1) ---- (2 3)      d   0  1  2  3
 *                         0  10 11 21 21
 *                         1  11 10 21 21
 *                         2  21 21 10 11
 *                         3  21 21 11 10
 *
 * Node 0: 1, then 2 3: charged 1 and 2.
 * Node 1: 0 (11), then 2 and 3 at 21: 2 scores 21*64 + 1, 3 21*64: 3 2;
 *         charged 0 and 3.
 * Node 2: 3 (11); then 0 and 1 at 21, both below: 22*64 + 1 each,
 *         0 first by number: 0 1; charged 3, 0.
 * Node 3: 2 (11, below: 12*64); then 0 (22*64 + 2) and 1 (22*64 + 1):
 *         1 0.
 * Expect Debian's lines: "0 1 2 3 ", "1 0 3 2 ", "2 3 0 1 ", "3 2 1 0 ".
 */
static void pairs_check(void)
{
	static const u8 d[] = { 10, 11, 21, 21, 11, 10, 21, 21, 21, 21, 10, 11, 21, 21, 11, 10 };
	static const char *const want[] = { "0 1 2 3 ", "1 0 3 2 ", "2 3 0 1 ", "3 2 1 0 " };

	build_machine(4, d);
	expect_orders("pairs", 4, want);
}

/*
 * Three nodes, an asymmetric SLIT.
 *
 *        d   0  1  2
 *        0  10 15 20          node 0: 1 (15) before 2 (20)
 *        1  25 10 30          node 1: 0 (25 + 1) before 2 (30)
 *        2  20 12 10          node 2: 1 (12 + 1) before 0 (20 + 1)
 *
 * Expect "0 1 2 ", "1 0 2 ", "2 1 0 ": each row decides its own node's
 * order, whatever the column says; Debian's Linux printed these.
 */
static void asymmetric_check(void)
{
	static const u8 d[] = { 10, 15, 20, 25, 10, 30, 20, 12, 10 };
	static const char *const want[] = { "0 1 2 ", "1 0 2 ", "2 1 0 " };

	build_machine(3, d);
	expect_orders("asymmetric", 3, want);
}

/*
 * A node without memory in the middle: node 1 has CPUs and a
 * descriptor, but no zone has pages.
 *
 *   node 0: DMA DMA32     node 1: (none)     node 2: DMA32
 *
 * Expect node 1 first in its own order ("1 2 0 ": 2 scores 20, 0 scores
 * 21) but in no list's zones; nodes 0 and 2 never list node 1. Debian's
 * Linux on QEMU with node 1 memory-less: "0 2 ", "1 2 0 ", "2 0 ".
 */
static void memoryless_check(void)
{
	static const char *const want[] = { "0 2 ", "1 2 0 ", "2 0 " };

	machine_reset();
	add_node(0, D | D32);
	add_node(1, 0);
	add_node(2, D32);
	build_all_zonelists(NULL);
	expect_orders("memory-less node 1", 3, want);
	expect_list("memory-less node 1", 1, ZONELIST_FALLBACK, "2:1 0:1 0:0");
	expect_list("memory-less node 1", 1, ZONELIST_NOFALLBACK, "");
	tap_ok(logged("Built 3 zonelists, mobility grouping on.  Total pages: 3000"),
	       "memory-less node 1: three lists, three zones of 1000 pages");
}

/*
 * A node without CPUs, before and after the CPUs are known.
 *
 *   node 0: CPU, DMA DMA32    node 1: CPU, DMA32    node 2: DMA32, no CPU
 *
 * At boot no node's CPUs are known (Linux identifies CPUs later): the
 * order is the four-equal one cut to three nodes, "0 1 2 ", "1 2 0 ",
 * "2 0 1 " (Debian's Linux on QEMU with node 2 headless printed these).
 * With nodes 0 and 1 known to have CPUs, each pays 1:
 * Node 0: 2 scores 20*64, 1 scores 21*64: 2 1; charged 2.
 * Node 1: 2 scores 20*64 + 1, 0 scores 22*64: 2 0; charged 2 again.
 * Node 2: 0 and 1 both 22*64 + load 0: 0 1.
 * Expect "0 2 1 ", "1 2 0 ", "2 0 1 ".
 */
static void headless_check(void)
{
	static const char *const boot[] = { "0 1 2 ", "1 2 0 ", "2 0 1 " };
	static const char *const later[] = { "0 2 1 ", "1 2 0 ", "2 0 1 " };

	build_machine(3, NULL);
	expect_orders("headless node 2, at boot", 3, boot);
	capture_clear();
	node_set(0, node_cpus_known);
	node_set(1, node_cpus_known);
	build_all_zonelists(NULL);
	expect_orders("headless node 2, CPUs known", 3, later);
}

/*
 * Sixty-four nodes, all 20 apart, one DMA32 zone each (node 0 also DMA).
 *
 *   0  1  2  ...  62  63
 *
 * Expect node k's order k, k+1, ..., 63, 0, 1, ..., k-1: the nodes above
 * k score 20*64 and have not yet led a group when k's list is built;
 * those below score 21*64 + load, where 0 has led none (node 63's list
 * comes last) and 1 .. k-1 have led one each.
 */
static void sixty_four_check(void)
{
	bool all = true;

	build_machine(MAX_NUMNODES, NULL);
	for (int k = 0; k < MAX_NUMNODES; k++) {
		char want[MAX_NUMNODES * 3 + 1];
		size_t len = 0;

		for (int i = 0; i < MAX_NUMNODES; i++)
			len += test_snprintf(want + len, sizeof(want) - len, "%d ",
					     (k + i) % MAX_NUMNODES);
		if (!line_logged("Fallback order for Node %d: %s", k, want)) {
			tap_diag("node %d: want \"%s\"", k, want);
			all = false;
		}
	}
	tap_ok(all, "64 nodes: node k's order is k .. 63, 0 .. k-1");
	tap_ok(!zonelist_check_invariants(), "64 nodes: L1-L4 hold");
	tap_ok(logged("Built 64 zonelists, mobility grouping on.  Total pages: 65000"),
	       "64 nodes: 65 zones of 1000 pages");
}

/*
 * The walk, on the two-node machine of two_nodes_check():
 *
 *   node 0's fallback list:  0:DMA32 0:DMA 1:Normal 1:DMA32 NULL
 *
 * Expect: up to DMA32, 0:DMA32 first and then 0:DMA, 1:DMA32 (1:Normal
 * skipped); with node 0 masked out, 1:Normal first; with __GFP_THISNODE
 * node 0's two zones only; GFP_DMA reaches 0:DMA and nothing after it.
 */
static void walk_check(void)
{
	pg_data_t *n0, *n1;
	struct zoneref *z;
	struct zone *zone;
	nodemask_t only1;
	int seen = 0;

	machine_reset();
	n0 = add_node(0, D | D32);
	n1 = add_node(1, D32 | N);
	build_all_zonelists(NULL);
	z = first_zones_zonelist(node_zonelist(0, GFP_KERNEL), ZONE_DMA32, NULL);
	tap_ok(zonelist_zone(z) == &n0->node_zones[ZONE_DMA32], "walk: DMA32 finds 0:DMA32");
	z = next_zones_zonelist(z + 1, ZONE_DMA32, NULL);
	tap_ok(zonelist_zone(z) == &n0->node_zones[ZONE_DMA], "walk: then 0:DMA");
	z = next_zones_zonelist(z + 1, ZONE_DMA32, NULL);
	tap_ok(zonelist_zone(z) == &n1->node_zones[ZONE_DMA32], "walk: then 1:DMA32, past 1:Normal");
	z = next_zones_zonelist(z + 1, ZONE_DMA32, NULL);
	tap_ok(!zonelist_zone(z), "walk: then the end");
	nodes_clear(only1);
	node_set(1, only1);
	z = first_zones_zonelist(node_zonelist(0, GFP_KERNEL), ZONE_NORMAL, &only1);
	tap_ok(zonelist_zone(z) == &n1->node_zones[ZONE_NORMAL], "walk: node 1 only: 1:Normal");
	for_each_zone_zonelist(zone, z, node_zonelist(0, GFP_KERNEL | __GFP_THISNODE), ZONE_MOVABLE)
		seen |= 1 << (zone_to_nid(zone) * MAX_NR_ZONES + zone_idx(zone));
	tap_eq(seen, D | D32, "walk: __GFP_THISNODE: node 0's DMA and DMA32 only");
	seen = 0;
	for_each_zone_zonelist(zone, z, node_zonelist(1, GFP_DMA), gfp_zone(GFP_DMA))
		seen++;
	tap_eq(seen, 1, "walk: GFP_DMA from node 1 reaches 0:DMA only");
}

/*
 * "Total pages": managed pages above the high watermark, per zone.
 *
 *   node 0: DMA 1000 managed, high 100       -> 900
 *           DMA32 1000 managed, high 1200    -> 0 (never negative)
 *   node 1: DMA32 1000, high 0               -> 1000
 *
 * Expect 1900, and grouping off: fewer pages than a pageblock (512
 * pages) for each of the 5 migrate types, 2560. Then one zone of 2560
 * pages: grouping on; and of 2559: off.
 */
static void total_pages_check(void)
{
	pg_data_t *n0;

	machine_reset();
	n0 = add_node(0, D | D32);
	add_node(1, D32);
	n0->node_zones[ZONE_DMA]._watermark[WMARK_HIGH] = 100;
	n0->node_zones[ZONE_DMA32]._watermark[WMARK_HIGH] = 1200;
	build_all_zonelists(NULL);
	tap_ok(logged("Built 2 zonelists, mobility grouping off.  Total pages: 1900"),
	       "total: 900 + 0 + 1000 pages above the high watermarks, too few to group");
	machine_reset();
	n0 = add_node(0, D32);
	atomic_long_set(&n0->node_zones[ZONE_DMA32].managed_pages, 2560);
	build_all_zonelists(NULL);
	tap_ok(logged("Built 1 zonelists, mobility grouping on.  Total pages: 2560"),
	       "total: 2560 pages are enough to group by mobility");
	tap_ok(logged("Policy zone: DMA32"), "total: policy zone DMA32");
	capture_clear();
	atomic_long_set(&n0->node_zones[ZONE_DMA32].managed_pages, 2559);
	build_all_zonelists(NULL);
	tap_ok(logged("Built 1 zonelists, mobility grouping off.  Total pages: 2559"),
	       "total: 2559 pages are too few to group by mobility");
}

/*
 * The checker, on the ring's lists broken on purpose, one defect each:
 *
 *   node 1's fallback list:  1:DMA32 2:DMA32 0:DMA32 0:DMA 3:DMA32 NULL
 *
 * a wrong cached index; 0:DMA32 and 0:DMA swapped; 0:DMA dropped
 * (3:DMA32 moved up); node 2 split in two (0:DMA32 2:DMA32 order made
 * 2 0 2 impossible, so node 1's own zone repeated at the end); an
 * unpopulated zone listed; policy_zone lowered.
 * Expect each to be reported, with its invariant's name.
 */
static void checker_check(void)
{
	static const u8 d[] = { 10, 20, 30, 20, 20, 10, 20, 30, 30, 20, 10, 20, 20, 30, 20, 10 };
	struct zoneref *z, saved[8];
	const char *why;

	build_machine(4, d);
	z = NODE_DATA(1)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	memcpy(saved, z, sizeof(saved));

	z[1].zone_idx = ZONE_NORMAL;
	why = zonelist_check_invariants();
	tap_ok(why && !strncmp(why, "L3", 2), "checker: wrong index: %s", why);
	memcpy(z, saved, sizeof(saved));

	z[2] = saved[3];
	z[3] = saved[2];
	why = zonelist_check_invariants();
	tap_ok(why && strstr(why, "L1"), "checker: a node's zones upside down: %s", why);
	memcpy(z, saved, sizeof(saved));

	z[3] = saved[4];
	z[4] = saved[5];
	why = zonelist_check_invariants();
	tap_ok(why && strstr(why, "L1"), "checker: a zone missing: %s", why);
	memcpy(z, saved, sizeof(saved));

	z[5] = saved[0];
	z[6] = saved[5];
	why = zonelist_check_invariants();
	tap_ok(why && strstr(why, "L1"), "checker: node 1 split and repeated: %s", why);
	memcpy(z, saved, sizeof(saved));

	z[5].zone = &NODE_DATA(3)->node_zones[ZONE_NORMAL];
	z[5].zone_idx = ZONE_NORMAL;
	z[6] = saved[5];
	why = zonelist_check_invariants();
	tap_ok(why && strstr(why, "L1"), "checker: an empty zone listed: %s", why);
	memcpy(z, saved, sizeof(saved));

	tap_ok(!zonelist_check_invariants(), "checker: the list restored passes");
	policy_zone = ZONE_DMA;
	why = zonelist_check_invariants();
	tap_ok(why && !strncmp(why, "L4", 2), "checker: policy zone too low: %s", why);
}

int main(void)
{
	register_console(&capture);
	two_nodes_check();
	four_equal_check();
	ring_check();
	pairs_check();
	asymmetric_check();
	memoryless_check();
	headless_check();
	sixty_four_check();
	walk_check();
	total_pages_check();
	checker_check();
	machine_reset();
	return tap_done();
}

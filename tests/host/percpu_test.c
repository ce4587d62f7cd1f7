// SPDX-License-Identifier: GPL-2.0-only
/*
 * percpu_test.c - mm/percpu.c (book/percpu.nw) on the host.
 *
 * pcpu_build_alloc_info() for possible-CPU masks and node shapes, with
 * Linux's own sizes (Debian's 6.1: s217088 r8192 d28672, whose unit sizes
 * its boots printed) and with a small share like ours. The expectations
 * are worked out by hand in each case's comment, from the rules:
 *
 *   size_sum = page_align(s + r + max(d, 12K)),  min_unit = max(size_sum, 32K)
 *   alloc    = roundup(min_unit, 2M)
 *   max_upa  = the largest upa <= alloc / min_unit with alloc / upa whole pages
 *   groups   = CPUs at LOCAL_DISTANCE both ways, lowest CPU first
 *   upa      = from max_upa down, the first wasting <= possible / 3 units,
 *              then lower while the number of allocations does not grow
 *   unit     = alloc / upa
 *
 * and the printed map against Linux's format. Then pcpu_embed_first_chunk()
 * on a recording memblock: each group on its node, 2 MiB aligned, the
 * template copied into every used unit, the rest given back.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/printk.h>
#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/percpu.h>
#include <asm/numa.h>
#include <asm/apic.h>
#include "tap.h"
#include "capture.h"

#define LINUX_S		217088	/* Debian 6.1's static per-CPU bytes */
#define LINUX_R		8192	/* its module reserve */
#define DYN		(28 << 10)

/* ---- the NUMA chapter's side: nodes of CPUs, distance 10 or 20 ---- */
struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_possible_map, node_online_map;
s16 __apicid_to_node[MAX_LOCAL_APIC];
unsigned long page_offset_base;
u32 x86_cpu_to_apicid[CONFIG_NR_CPUS];	/* the APIC chapter's; not read here */
static int node_of[NR_CPUS];

int __node_distance(int from, int to)
{
	return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

int early_pfn_to_nid(unsigned long pfn)
{
	(void)pfn;
	return 0;
}

static int cpu_distance(unsigned int a, unsigned int b)
{
	return node_distance(node_of[a], node_of[b]);
}

static int cpu_node(int cpu)
{
	return node_of[cpu];
}

/* ---- the template: 8 KiB of a pattern, page aligned ---- */
asm(".data\n.balign 4096\n.globl __per_cpu_start\n__per_cpu_start:\n"
    ".fill 8192, 1, 0x5a\n.globl __per_cpu_end\n__per_cpu_end:\n.previous\n");

/* ---- a memblock that records what it is asked ---- */
const char *memblock_dbg_caller;
struct call {
	phys_addr_t size, align;
	int nid;
	char *p;
};
static struct call allocs[16];
static int nr_allocs;
static unsigned long freed;

void *(memblock_alloc_try_nid)(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
			     phys_addr_t max_addr, int nid)
{
	char *raw = test_alloc(size + align);
	char *p = (char *)ALIGN((unsigned long)raw, align);

	(void)min_addr, (void)max_addr;
	allocs[nr_allocs++] = (struct call){ size, align, nid, p };
	return p;
}

void (memblock_free)(void *ptr, size_t size)
{
	(void)ptr;
	freed += size;
}

void panic(const char *fmt, ...)
{
	tap_ok(false, "unexpected panic: %s", fmt);
	tap_done();
	test_abort(fmt);
}

/* ---------------------------------------------------------------------
 * Helpers
 */

/* CPUs 0..n-1 possible, CPU i on node nodes[i] (all 0 if @nodes is NULL) */
static void cpus(int n, const int *nodes)
{
	__cpu_possible_mask.bits = n == 64 ? ~0UL : (1UL << n) - 1;
	for (int i = 0; i < NR_CPUS; i++)
		node_of[i] = nodes && i < n ? nodes[i] : 0;
}

/* The map lines as Linux prints them, without "pcpu-alloc: " */
static void expect_layout(const char *what, size_t s, size_t r, size_t unit, int nr_groups,
			  const char *const map[])
{
	struct pcpu_alloc_info *ai;
	const char *broken;
	char line[300];
	int i;

	capture_clear();
	ai = pcpu_build_alloc_info(s, r, DYN, SZ_2M, cpu_distance);
	broken = pcpu_check_alloc_info(ai);
	tap_ok(!broken, "%s: A1-A4 hold (%s)", what, broken ?: "ok");
	tap_eq(ai->unit_size, unit, "%s: unit %zu", what, unit);
	tap_eq(ai->nr_groups, nr_groups, "%s: %d groups", what, nr_groups);
	pcpu_dump_alloc_info(ai);
	test_snprintf(line, sizeof(line), "pcpu-alloc: s%zu r%zu d%zu u%zu alloc=1*2097152",
		      s, r, ai->dyn_size, unit);
	tap_ok(logged(line), "%s: \"%s\"", what, line);
	for (i = 0; map[i]; i++) {
		test_snprintf(line, sizeof(line), "pcpu-alloc: %s", map[i]);
		if (!tap_ok(logged(line), "%s: \"%s\"", what, line))
			tap_diag("printed: %s", log_buf);
	}
}

/* A3's other half: a group holds only CPUs of one node */
static void expect_groups_local(const char *what)
{
	struct pcpu_alloc_info *ai = pcpu_build_alloc_info(LINUX_S, LINUX_R, DYN, SZ_2M,
							   cpu_distance);
	bool local = true;

	for (int g = 0; g < ai->nr_groups; g++)
		for (int u = 0; u < ai->groups[g].nr_units; u++) {
			unsigned int c = ai->groups[g].cpu_map[u], first = ai->groups[g].cpu_map[0];

			if (c != NR_CPUS && node_of[c] != node_of[first])
				local = false;
		}
	tap_ok(local, "%s: every group is one node's CPUs", what);
}

/* ---------------------------------------------------------------------
 * The cases
 */

/*
 * Linux's sizes: s + r + d = 217088 + 8192 + 28672 = 253952 = 62 pages;
 * alloc = 2M; 2097152 / 253952 = 8.26 -> max_upa 8 (2M / 8 = 256K, whole pages)
 *
 *   1 CPU:  upa 8, 4, 2 waste 7, 3, 1 > 0 -> upa 1         u = 2097152  [0] 0
 *   2 CPUs: 8, 4 waste 6, 2 > 0; 2: 1 alloc, 0 wasted; 1: 2 allocs, stop
 *                                                          u = 1048576  [0] 0 1
 *   4 CPUs: 8 wastes 4 > 1; 4: 1 alloc, 0 wasted; 2: 2 allocs, stop
 *                                                          u = 524288   [0] 0 1 2 3
 * Expect Debian's own figures (its boots at -smp 1, 2, 4 printed these u).
 */
static void linux_one_node_check(void)
{
	cpus(1, NULL);
	expect_layout("Linux 1 CPU", LINUX_S, LINUX_R, SZ_2M, 1, (const char *const[]){ "[0] 0 ", NULL });
	cpus(2, NULL);
	expect_layout("Linux 2 CPUs", LINUX_S, LINUX_R, SZ_1M, 1, (const char *const[]){ "[0] 0 1 ", NULL });
	cpus(4, NULL);
	expect_layout("Linux 4 CPUs", LINUX_S, LINUX_R, SZ_512K, 1,
		      (const char *const[]){ "[0] 0 1 2 3 ", NULL });
}

/*
 *   3 CPUs: 8 wastes 5 > 1; 4: 1 alloc, 1 wasted <= 1; 2: 2 allocs, stop
 *           u = 512K, one unit unused:          [0] 0 1 2 -
 *   5 CPUs: 8: 3 wasted > 1; 4: 2 allocs, 3 wasted; 2: 3 allocs, 1 wasted;
 *           1: 5 allocs, stop.  u = 1M, 6 units, three allocations of two,
 *           60 / (2 * 2 + 1 + 3) = 7 -> 4 allocations a line:
 *                                               [0] 0 1 [0] 2 3 [0] 4 -
 * Expect the padding dash and the group repeated per allocation.
 */
static void linux_padding_check(void)
{
	cpus(3, NULL);
	expect_layout("Linux 3 CPUs", LINUX_S, LINUX_R, SZ_512K, 1,
		      (const char *const[]){ "[0] 0 1 2 - ", NULL });
	cpus(5, NULL);
	expect_layout("Linux 5 CPUs", LINUX_S, LINUX_R, SZ_1M, 1,
		      (const char *const[]){ "[0] 0 1 [0] 2 3 [0] 4 - ", NULL });
}

/*
 * Two nodes:
 *   CPUs 0 1 | 2 3 (QEMU's -numa cpus=0-1, cpus=2-3): groups of 2 and 2;
 *     8, 4 waste 12, 4 > 1; 2: 2 allocs, 0 wasted; 1: 4 allocs, stop
 *     u = 1M                                    [0] 0 1 [1] 2 3
 *     (Debian's Linux printed exactly this on that machine)
 *   CPUs 0 2 | 1 3 interleaved: the same sizes, groups by node, CPU order
 *                                               [0] 0 2 [1] 1 3
 * Expect every group to be one node's.
 */
static void two_nodes_check(void)
{
	cpus(4, (const int[]){ 0, 0, 1, 1 });
	expect_layout("2 nodes, blocks", LINUX_S, LINUX_R, SZ_1M, 2,
		      (const char *const[]){ "[0] 0 1 [1] 2 3 ", NULL });
	expect_groups_local("2 nodes, blocks");
	cpus(4, (const int[]){ 0, 1, 0, 1 });
	expect_layout("2 nodes, interleaved", LINUX_S, LINUX_R, SZ_1M, 2,
		      (const char *const[]){ "[0] 0 2 [1] 1 3 ", NULL });
	expect_groups_local("2 nodes, interleaved");
}

/*
 * Our own share, s = 8K, r = 0: 8192 + 28672 = 36864 (9 pages);
 * 2097152 / 36864 = 56.9; 56 .. 33 do not divide 2M into whole pages,
 * so max_upa = 32.
 *   9 CPUs: limit 3; 32, 16 waste 23, 7; 8: 2 allocs, 7 wasted; 4: 3
 *           allocs, 3 wasted; 2: 5 allocs, stop.  u = 512K, 12 units,
 *           60 / (4 * 2 + 1 + 3) = 5 -> 4 a line:
 *                                   [0] 0 1 2 3 [0] 4 5 6 7 [0] 8 - - -
 *   16 CPUs: limit 5; 32 wastes 16; 16: 1 alloc, 0 wasted; 8: 2, stop.
 *           u = 128K (Linux, max_upa 8, would make 256K: the two differ
 *           above 8 CPUs a node); two-digit CPUs, one allocation a line
 *           (60 / (16 * 3 + 4) = 1):        [0] 00 01 ... 15
 * Expect the units to follow the smaller share.
 */
static void small_share_check(void)
{
	cpus(9, NULL);
	expect_layout("ours 9 CPUs", SZ_8K, 0, SZ_512K, 1,
		      (const char *const[]){ "[0] 0 1 2 3 [0] 4 5 6 7 [0] 8 - - - ", NULL });
	cpus(16, NULL);
	expect_layout("ours 16 CPUs", SZ_8K, 0, SZ_128K, 1,
		      (const char *const[]){ "[0] 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 ",
					     NULL });
}

/*
 * Linux's sizes, 16 CPUs: max_upa 8: 2 allocs, 0 wasted; 4: 4, stop.
 *   u = 256K; 60 / (8 * 3 + 4) = 2 allocations a line:
 *       [0] 00 01 02 03 04 05 06 07 [0] 08 09 10 11 12 13 14 15
 * 16 CPUs on 16 nodes: 16 groups of one; only upa 1 wastes <= 5.
 *   u = 2M; group numbers two digits; 60 / (1 * 3 + 2 + 3) = 7 -> 4 a line,
 *   four lines:  [00] 00 [01] 01 [02] 02 [03] 03  ...  [12] 12 ... [15] 15
 * Expect the line breaks where Linux puts them.
 */
static void many_cpus_check(void)
{
	int sixteen_nodes[16];

	cpus(16, NULL);
	expect_layout("Linux 16 CPUs", LINUX_S, LINUX_R, SZ_256K, 1,
		      (const char *const[]){ "[0] 00 01 02 03 04 05 06 07 [0] 08 09 10 11 12 13 14 15 ",
					     NULL });
	for (int i = 0; i < 16; i++)
		sixteen_nodes[i] = i;
	cpus(16, sixteen_nodes);
	expect_layout("16 nodes", LINUX_S, LINUX_R, SZ_2M, 16,
		      (const char *const[]){ "[00] 00 [01] 01 [02] 02 [03] 03 ",
					     "[04] 04 [05] 05 [06] 06 [07] 07 ",
					     "[12] 12 [13] 13 [14] 14 [15] 15 ", NULL });
}

/*
 *   node 0: CPUs 0 1 2     node 1: CPU 3        (the template: 8 KiB)
 * share 36K -> max_upa 32; groups of 3 and 1; at most 4 / 3 = 1 unused:
 *   4: 2 allocs, 1 + 3 unused; 2: 3 allocs, 1 + 1 unused; 1: 4 allocs, none
 *   u = 2M; group 0 = 3 units (6M), group 1 = 1 unit (2M).
 * Expect two allocations, on nodes 0 and 1, 2M aligned, of 6M and 2M;
 * each unit to start with the template; every byte past the 36K of each
 * unit given back: 4 * (2M - 36K).
 */
static void embed_check(void)
{
	static const size_t size_sum = SZ_8K + DYN;
	bool copied = true;
	int rc;

	cpus(4, (const int[]){ 0, 0, 0, 1 });
	nr_allocs = 0;
	freed = 0;
	capture_clear();
	rc = pcpu_embed_first_chunk(0, DYN, SZ_2M, cpu_distance, cpu_node);
	tap_eq(rc, 0, "embed: done");
	tap_eq(nr_allocs, 2, "embed: one allocation per group");
	tap_ok(allocs[0].nid == 0 && allocs[1].nid == 1, "embed: group 0 on node 0, group 1 on node 1");
	tap_ok(allocs[0].size == 3 * SZ_2M && allocs[1].size == SZ_2M &&
	       allocs[0].align == SZ_2M, "embed: 6M and 2M, 2M aligned");
	for (int u = 0; u < 3; u++)
		copied &= !memcmp(allocs[0].p + u * SZ_2M, __per_cpu_start, SZ_8K);
	copied &= !memcmp(allocs[1].p, __per_cpu_start, SZ_8K);
	tap_ok(copied, "embed: each unit begins with the template");
	tap_eq(freed, 4 * (SZ_2M - size_sum), "embed: the tails go back to memblock");
	tap_ok(logged("percpu: Embedded 9 pages/cpu s8192 r0 d28672 u2097152"),
	       "embed: Linux's Embedded line");
}

int main(void)
{
	register_console(&capture);
	console_loglevel = 8;		/* the map is KERN_DEBUG, as with loglevel=8 */
	node_set_online(0);
	linux_one_node_check();
	linux_padding_check();
	two_nodes_check();
	small_share_check();
	many_cpus_check();
	embed_check();
	return tap_done();
}

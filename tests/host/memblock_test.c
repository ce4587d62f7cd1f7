// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock_test.c - mm/memblock.c (book/memblock.nw) on the host.
 *
 * The kernel's own memblock.c, compiled for the host. "Physical memory"
 * is a buffer of SIM_SIZE bytes; page_offset_base points at it, so that
 * __va(phys) is an address in the buffer and allocations, zeroing and
 * memblock_double_array() work for real. printk() is this file's: it
 * keeps the messages so that cases can check them.
 *
 * Each case starts with a picture and an "Expect" sentence, after
 * Linux's tools/testing/memblock/tests/basic_api.c; every operation is
 * followed by a check of invariants M1-M5 (memblock_check_invariants()).
 * The randomised cases replay long operation sequences against a page
 * map; TEST_SEED=n replays a run.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/memblock.h>
#include <asm/page.h>
#include "tap.h"

#define SIM_SIZE	SZ_64M		/* simulated physical memory */
#define REGION_BYTES	sizeof(struct memblock_region)

unsigned long page_offset_base;
static char *sim_mem;

/* ------------------------------------------------------------------ */
/* printk and panic for the host: messages go to a buffer */

static char log_buf[1 << 16];
static size_t log_len;

int vprintk(const char *fmt, va_list args)
{
	int n;

	while (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	if (log_len > sizeof(log_buf) / 2)
		log_len = 0;		/* keep the recent messages */
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

static void log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

static bool log_has(const char *s)
{
	return strstr(log_buf, s) != NULL;
}

/* ------------------------------------------------------------------ */
/* Resetting memblock, and comparing it with expectations */

static struct memblock_region *static_memory_regions, *static_reserved_regions;

static void reset_type(struct memblock_type *type, struct memblock_region *regions,
		       unsigned long max)
{
	memset(regions, 0, max * REGION_BYTES);
	type->regions = regions;
	type->cnt = 1;
	type->max = max;
	type->total_size = 0;
}

/* An empty memblock with the static arrays, as at boot */
static void reset_memblock(void)
{
	reset_type(&memblock.memory, static_memory_regions, INIT_MEMBLOCK_REGIONS);
	reset_type(&memblock.reserved, static_reserved_regions,
		   INIT_MEMBLOCK_RESERVED_REGIONS);
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	log_clear();
}

static bool invariants(const char *what)
{
	const char *why = memblock_check_invariants();

	if (why)
		tap_diag("%s: %s", what, why);
	return tap_ok(!why, "%s: M1-M5 hold", what);
}

struct rgn {
	phys_addr_t base, size;
};

/* Expect @type to hold exactly the regions @want[0..n) */
static bool expect_regions(const struct memblock_type *type, unsigned long n,
			   const struct rgn *want, const char *what)
{
	bool ok = type->cnt == n;
	phys_addr_t total = 0;

	for (unsigned long i = 0; ok && i < n; i++) {
		ok = type->regions[i].base == want[i].base &&
		     type->regions[i].size == want[i].size;
		total += want[i].size;
	}
	ok = ok && type->total_size == total;
	if (!ok) {
		tap_diag("%s: %s has %lu regions:", what, type->name, type->cnt);
		for (unsigned long i = 0; i < type->cnt && i < 8; i++)
			tap_diag("  [%#llx, %#llx)", type->regions[i].base,
				 type->regions[i].base + type->regions[i].size);
	}
	return tap_ok(ok, "%s: %s is as expected", what, type->name);
}

#define EXPECT(type, what, ...)						\
	do {								\
		const struct rgn __w[] = { __VA_ARGS__ };		\
		expect_regions(type, ARRAY_SIZE(__w), __w, what);	\
		invariants(what);					\
	} while (0)

static bool expect_empty(const struct memblock_type *type, const char *what)
{
	return tap_ok(type->cnt == 1 && type->regions[0].size == 0 &&
		      type->regions[0].base == 0 && type->total_size == 0,
		      "%s: %s is empty (one dummy region)", what, type->name);
}

/* ------------------------------------------------------------------ */
/* memblock_add() and memblock_add_node() */

/*
 *  |        +--------------------+        |
 *  |        |         r1         |        |
 *  +--------+--------------------+--------+
 *           SZ_1G                SZ_1G + SZ_256M
 *
 * Expect: an empty memory array takes the region into its dummy slot:
 * one region, the total is its size, node MAX_NUMNODES and no flags.
 */
static void memblock_add_simple_check(void)
{
	reset_memblock();
	tap_eq(memblock_add(SZ_1G, SZ_256M), 0, "add_simple: returns 0");
	EXPECT(&memblock.memory, "add_simple", { SZ_1G, SZ_256M });
	tap_eq(memblock.memory.regions[0].nid, MAX_NUMNODES, "add_simple: node MAX_NUMNODES");
	tap_eq(memblock.memory.regions[0].flags, MEMBLOCK_NONE, "add_simple: no flags");
	expect_empty(&memblock.reserved, "add_simple");
}

/*
 *  |        +--------------------+        |
 *  |        |   r1 (nid 1, HP)   |        |
 *  +--------+--------------------+--------+
 *
 * Expect: memblock_add_node() records the node and the flags it is given.
 */
static void memblock_add_node_simple_check(void)
{
	reset_memblock();
	tap_eq(memblock_add_node(SZ_1M, SZ_16M, 1, MEMBLOCK_HOTPLUG), 0,
	       "add_node_simple: returns 0");
	EXPECT(&memblock.memory, "add_node_simple", { SZ_1M, SZ_16M });
	tap_eq(memblock.memory.regions[0].nid, 1, "add_node_simple: node 1");
	tap_eq(memblock.memory.regions[0].flags, MEMBLOCK_HOTPLUG,
	       "add_node_simple: hotplug flag");
}

/*
 *  |   +--------+     +--------+   |
 *  |   |   r2   |     |   r1   |   |
 *  +---+--------+-----+--------+---+
 *
 * Expect: two disjoint regions, added high first, end up sorted by base.
 */
static void memblock_add_disjoint_check(void)
{
	reset_memblock();
	memblock_add(SZ_1G, SZ_8M);
	memblock_add(SZ_16M, SZ_8M);
	EXPECT(&memblock.memory, "add_disjoint", { SZ_16M, SZ_8M }, { SZ_1G, SZ_8M });
}

/*
 *  |    +----+----+------------+    |
 *  |    |    |r2  |   r1       |    |
 *  +----+----+----+------------+----+
 *       ^ r2.base  ^ r1.base
 *
 * Expect: r2 overlapping the bottom of r1 gives one region from r2's base
 * to r1's end; the overlap is counted once in the total.
 */
static void memblock_add_overlap_bottom_check(void)
{
	reset_memblock();
	memblock_add(SZ_32M, SZ_16M);
	memblock_add(SZ_16M, SZ_32M);	/* [16M, 48M) over [32M, 48M) */
	EXPECT(&memblock.memory, "add_overlap_bottom", { SZ_16M, SZ_32M });
	memblock_add(SZ_8M, SZ_16M);	/* [8M, 24M) over [16M, 48M) */
	EXPECT(&memblock.memory, "add_overlap_bottom 2", { SZ_8M, SZ_32M + SZ_8M });
}

/*
 *  |    +------------+----+----+    |
 *  |    |   r1       | r2 |    |    |
 *  +----+------------+----+----+----+
 *
 * Expect: r2 overlapping the top of r1 gives one region from r1's base to
 * r2's end.
 */
static void memblock_add_overlap_top_check(void)
{
	reset_memblock();
	memblock_add(SZ_16M, SZ_16M);
	memblock_add(SZ_16M + SZ_8M, SZ_16M);
	EXPECT(&memblock.memory, "add_overlap_top", { SZ_16M, SZ_16M + SZ_8M });
}

/*
 *  |    +-------+--r2--+-------+    |
 *  |    |       r1             |    |
 *  +----+----------------------+----+
 *
 * Expect: a region inside an existing one, or equal to it, changes
 * nothing, not even the total.
 */
static void memblock_add_within_check(void)
{
	reset_memblock();
	memblock_add(SZ_16M, SZ_32M);
	memblock_add(SZ_16M + SZ_4M, SZ_4M);
	EXPECT(&memblock.memory, "add_within", { SZ_16M, SZ_32M });
	memblock_add(SZ_16M, SZ_32M);
	EXPECT(&memblock.memory, "add_twice", { SZ_16M, SZ_32M });
}

/*
 *  |  +----+      +----+      +----+  |
 *  |  | r1 |      | r2 |      | r3 |  |
 *  +--+----+------+----+------+----+--+
 *        ^--------- r4 ----------^
 *
 * Expect: r4 spanning the gaps between r1, r2 and r3 (and overlapping
 * them) leaves one region from r1's base to r3's end.
 */
static void memblock_add_between_check(void)
{
	reset_memblock();
	memblock_add(SZ_4M, SZ_4M);
	memblock_add(SZ_16M, SZ_4M);
	memblock_add(SZ_32M, SZ_4M);
	EXPECT(&memblock.memory, "add_between 3 regions",
	       { SZ_4M, SZ_4M }, { SZ_16M, SZ_4M }, { SZ_32M, SZ_4M });
	memblock_add(SZ_4M + SZ_2M, SZ_32M - SZ_4M);	/* [6M, 34M) */
	EXPECT(&memblock.memory, "add_between", { SZ_4M, SZ_32M });
	memblock_add(SZ_1M, SZ_4M - SZ_1M);		/* [1M, 4M): touches */
	EXPECT(&memblock.memory, "add_touching merges", { SZ_1M, SZ_32M + SZ_4M - SZ_1M });
}

/*
 *  |                               +-------+
 *  |                               |  r1   |--- past 2^64
 *  +-------------------------------+-------+
 *                                  PHYS_ADDR_MAX - SZ_1M
 *
 * Expect: a region running off the end of the address space is cut at
 * PHYS_ADDR_MAX (M2: base + size does not wrap).
 */
static void memblock_add_near_max_check(void)
{
	phys_addr_t base = PHYS_ADDR_MAX - SZ_1M + 1;

	reset_memblock();
	memblock_add(base, SZ_2M);
	EXPECT(&memblock.memory, "add_near_max", { base, PHYS_ADDR_MAX - base });
	tap_eq(memblock_add(PHYS_ADDR_MAX, SZ_1M), 0, "add at PHYS_ADDR_MAX: nothing to add");
	EXPECT(&memblock.memory, "add_at_max", { base, PHYS_ADDR_MAX - base });
	tap_eq(memblock_add(SZ_1M, 0), 0, "add of size 0: nothing to add");
	tap_eq(memblock.memory.cnt, 1, "add of size 0 adds no region");
}

/*
 *  |   +--------+--------+--------+   |
 *  |   | nid 0  | nid 1  | HOTPLUG|   |
 *  +---+--------+--------+--------+---+
 *
 * Expect: touching regions that differ in node or in flags stay apart
 * (M4 merges only regions that agree); one that agrees merges.
 */
static void memblock_add_different_nid_check(void)
{
	reset_memblock();
	memblock_add_node(SZ_16M, SZ_16M, 0, MEMBLOCK_NONE);
	memblock_add_node(SZ_32M, SZ_16M, 1, MEMBLOCK_NONE);
	memblock_add_node(SZ_32M + SZ_16M, SZ_16M, 1, MEMBLOCK_HOTPLUG);
	EXPECT(&memblock.memory, "add_different_nid",
	       { SZ_16M, SZ_16M }, { SZ_32M, SZ_16M }, { SZ_32M + SZ_16M, SZ_16M });
	memblock_add_node(SZ_64M, SZ_16M, 1, MEMBLOCK_HOTPLUG);
	EXPECT(&memblock.memory, "add_same_nid_and_flags merges",
	       { SZ_16M, SZ_16M }, { SZ_32M, SZ_16M }, { SZ_32M + SZ_16M, SZ_32M });
}

/*
 *  |       +-----r1 (nid 0)-----+         |
 *  |  +----+--------------------+-----+   |
 *  |  |            r2 (nid 1)         |   |
 *  +--+-------------------------------+---+
 *
 * Expect: where r2 (nid 1) overlaps r1 (nid 0), r1 keeps its node; the
 * parts of r2 below and above r1 are new regions of node 1.
 */
static void memblock_add_overlap_keeps_node_check(void)
{
	reset_memblock();
	memblock_add_node(SZ_32M, SZ_16M, 0, MEMBLOCK_NONE);
	memblock_add_node(SZ_16M, SZ_64M, 1, MEMBLOCK_NONE);
	EXPECT(&memblock.memory, "add_overlap_keeps_node",
	       { SZ_16M, SZ_16M }, { SZ_32M, SZ_16M }, { SZ_32M + SZ_16M, SZ_32M });
	tap_ok(memblock.memory.regions[0].nid == 1 && memblock.memory.regions[1].nid == 0 &&
	       memblock.memory.regions[2].nid == 1, "add_overlap_keeps_node: nodes 1, 0, 1");
}

/* ------------------------------------------------------------------ */
/* memblock_remove(), memblock_reserve(), memblock_phys_free() */

/*
 *  |    +-------+-------+-------+    |
 *  |    |  r1   |  rm   |  r1'  |    |
 *  +----+-------+-------+-------+----+
 *
 * Expect: removing the middle of a region splits it in two; removing a
 * whole region deletes it; removing what is not there changes nothing;
 * removing the last region leaves the dummy of an empty array.
 */
static void memblock_remove_split_check(void)
{
	reset_memblock();
	memblock_add(SZ_16M, SZ_32M);
	tap_eq(memblock_remove(SZ_32M, SZ_4M), 0, "remove_split: returns 0");
	EXPECT(&memblock.memory, "remove_split",
	       { SZ_16M, SZ_16M }, { SZ_32M + SZ_4M, SZ_16M - SZ_4M });
	memblock_remove(SZ_256M, SZ_1M);
	EXPECT(&memblock.memory, "remove_absent",
	       { SZ_16M, SZ_16M }, { SZ_32M + SZ_4M, SZ_16M - SZ_4M });
	memblock_remove(SZ_16M, SZ_16M);
	EXPECT(&memblock.memory, "remove_whole", { SZ_32M + SZ_4M, SZ_16M - SZ_4M });
	memblock_remove(0, SZ_1G);
	expect_empty(&memblock.memory, "remove_last");
	invariants("remove_last");
}

/*
 *  |  +----+   +----+   +----+   +----+  |
 *  |  | r1 |   | r2 |   | r3 |   | r4 |  |
 *  +--+----+---+----+---+----+---+----+--+
 *        ^--------- removed ---------^
 *
 * Expect: a removal across several regions trims the first and the last
 * and deletes those in between.
 */
static void memblock_remove_across_check(void)
{
	reset_memblock();
	for (int i = 1; i <= 4; i++)
		memblock_add((phys_addr_t)i * SZ_16M, SZ_8M);
	memblock_remove(SZ_16M + SZ_4M, SZ_64M - SZ_4M - SZ_4M - SZ_8M); /* [20M, 68M) */
	EXPECT(&memblock.memory, "remove_across",
	       { SZ_16M, SZ_4M }, { SZ_64M + SZ_4M, SZ_4M });
}

/*
 *  |  +------------------+          |
 *  |  |  memory          |          |
 *  +--+---+------+-------+----------+
 *         | res  |       +---res2---+
 *
 * Expect: reservations are a type of their own, need not be memory, and
 * merge and split exactly as memory does; freeing the middle of one
 * splits it.
 */
static void memblock_reserve_free_check(void)
{
	reset_memblock();
	memblock_add(SZ_16M, SZ_16M);
	memblock_reserve(SZ_16M + SZ_4M, SZ_4M);
	memblock_reserve(SZ_64M, SZ_16M);		/* not memory */
	EXPECT(&memblock.reserved, "reserve_two", { SZ_16M + SZ_4M, SZ_4M }, { SZ_64M, SZ_16M });
	memblock_reserve(SZ_16M + SZ_8M, SZ_4M);	/* touches the first */
	EXPECT(&memblock.reserved, "reserve_touching",
	       { SZ_16M + SZ_4M, SZ_8M }, { SZ_64M, SZ_16M });
	tap_eq(memblock_phys_free(SZ_64M + SZ_4M, SZ_4M), 0, "phys_free: returns 0");
	EXPECT(&memblock.reserved, "phys_free_split",
	       { SZ_16M + SZ_4M, SZ_8M }, { SZ_64M, SZ_4M }, { SZ_64M + SZ_8M, SZ_8M });
	EXPECT(&memblock.memory, "reserve leaves memory alone", { SZ_16M, SZ_16M });
	tap_ok(memblock_is_reserved(SZ_64M) && !memblock_is_reserved(SZ_64M + SZ_4M),
	       "memblock_is_reserved agrees");
	tap_ok(memblock_is_region_reserved(SZ_64M + SZ_4M - 1, 2) &&
	       !memblock_is_region_reserved(SZ_64M + SZ_4M, SZ_4M),
	       "memblock_is_region_reserved: overlap is reserved, the hole is not");
}

/*
 *  |  +--------+            |
 *  |  | alloc  |            |
 *  +--+--------+------------+
 *
 * Expect: memblock_free() takes the virtual address memblock_alloc()
 * returned and frees exactly that range; memblock_free(NULL) is a no-op.
 */
static void memblock_free_virt_check(void)
{
	void *p;

	reset_memblock();
	memblock_add(0, SZ_16M);
	p = memblock_alloc(SZ_64K, SZ_4K);
	tap_ok(p != NULL, "free_virt: allocated");
	EXPECT(&memblock.reserved, "free_virt before", { SZ_16M - SZ_64K, SZ_64K });
	memblock_free(p, SZ_64K);
	expect_empty(&memblock.reserved, "free_virt");
	memblock_free(NULL, SZ_64K);
	expect_empty(&memblock.reserved, "free_virt NULL");
	invariants("free_virt");
}

/*
 *  |  +------+------+------+   |
 *  |  |nid 0 |nid 1 |nid 0 |   |
 *  +--+------+------+------+---+
 *
 * Expect: memblock_set_node() splits at the range's ends and sets the
 * node; setting it back merges the three into one again. Marking and
 * clearing a flag does the same.
 */
static void memblock_set_node_check(void)
{
	reset_memblock();
	memblock_add_node(SZ_16M, SZ_32M, 0, MEMBLOCK_NONE);
	memblock_set_node(SZ_16M + SZ_8M, SZ_8M, &memblock.memory, 1);
	EXPECT(&memblock.memory, "set_node",
	       { SZ_16M, SZ_8M }, { SZ_16M + SZ_8M, SZ_8M }, { SZ_32M, SZ_16M });
	tap_eq(memblock.memory.regions[1].nid, 1, "set_node: the middle is node 1");
	memblock_set_node(SZ_16M, SZ_32M, &memblock.memory, 0);
	EXPECT(&memblock.memory, "set_node back merges", { SZ_16M, SZ_32M });
	memblock_mark_hotplug(SZ_32M, SZ_4M);
	EXPECT(&memblock.memory, "mark_hotplug splits",
	       { SZ_16M, SZ_16M }, { SZ_32M, SZ_4M }, { SZ_32M + SZ_4M, SZ_16M - SZ_4M });
	tap_eq(memblock.memory.regions[1].flags, MEMBLOCK_HOTPLUG, "mark_hotplug: flag set");
	memblock_clear_hotplug(0, SZ_1G);
	EXPECT(&memblock.memory, "clear_hotplug merges", { SZ_16M, SZ_32M });
}

/*
 * Expect: the questions about memory read the arrays right: start and
 * end of DRAM, membership of addresses and of ranges, total sizes.
 */
static void memblock_queries_check(void)
{
	reset_memblock();
	memblock_add(SZ_16M, SZ_16M);
	memblock_add(SZ_64M, SZ_16M);
	tap_eq(memblock_start_of_DRAM(), SZ_16M, "start_of_DRAM");
	tap_eq(memblock_end_of_DRAM(), SZ_64M + SZ_16M, "end_of_DRAM");
	tap_eq(memblock_phys_mem_size(), SZ_32M, "phys_mem_size");
	tap_ok(memblock_is_memory(SZ_16M) && memblock_is_memory(SZ_32M - 1) &&
	       !memblock_is_memory(SZ_32M) && !memblock_is_memory(0),
	       "is_memory: the ends are right");
	tap_ok(memblock_is_region_memory(SZ_16M, SZ_16M) &&
	       !memblock_is_region_memory(SZ_16M, SZ_16M + 1) &&
	       !memblock_is_region_memory(SZ_32M, SZ_32M),
	       "is_region_memory: only within one region");
}

/*
 *  | +--+-----------+  +-+           |
 *  | |  | trimmed   |  | | gone      |
 *  +-+--+-----------+--+-+-----------+
 *
 * Expect: trimming to pages rounds each region inward, drops one with no
 * whole page, and keeps total_size equal to the sum (M5), which Linux's
 * memblock_trim_memory() forgets to do.
 */
static void memblock_trim_memory_check(void)
{
	reset_memblock();
	memblock_add(SZ_1K, SZ_1M);		/* [1K, 1M + 1K) */
	memblock_add(SZ_2M + 1, SZ_2K);		/* no whole page */
	memblock_add(SZ_4M, SZ_4M + SZ_1K);
	memblock_trim_memory(PAGE_SIZE);
	EXPECT(&memblock.memory, "trim_memory", { SZ_4K, SZ_1M - SZ_4K }, { SZ_4M, SZ_4M });
	tap_eq(memblock_phys_mem_size(), SZ_1M - SZ_4K + SZ_4M, "trim_memory: total updated");
}

/*
 * Expect: the checker itself notices a broken array: each of M1-M5 is
 * violated in a copy of a good array and must be named.
 */
static void memblock_type_check_check(void)
{
	struct memblock_region r[4];
	struct memblock_type t = { .cnt = 3, .max = 4, .regions = r, .name = "t" };
	const char *why;

	r[0] = (struct memblock_region){ SZ_1M, SZ_1M, 0, 0 };
	r[1] = (struct memblock_region){ SZ_4M, SZ_1M, 0, 0 };
	r[2] = (struct memblock_region){ SZ_8M, SZ_1M, 0, 0 };
	t.total_size = 3 * SZ_1M;
	tap_ok(memblock_type_check(&t) == NULL, "type_check: a good array passes");
	t.cnt = 5;
	why = memblock_type_check(&t);
	tap_ok(why && !strncmp(why, "M1", 2), "type_check: cnt > max is M1");
	t.cnt = 3;
	r[1].size = 0;
	why = memblock_type_check(&t);
	tap_ok(why && !strncmp(why, "M2", 2), "type_check: an empty region is M2");
	r[1].size = SZ_4M + 1;
	why = memblock_type_check(&t);
	tap_ok(why && !strncmp(why, "M3", 2), "type_check: an overlap is M3");
	r[1].size = SZ_4M;
	t.total_size = 4 * SZ_1M + SZ_1M + SZ_1M;
	why = memblock_type_check(&t);
	tap_ok(why && !strncmp(why, "M4", 2), "type_check: touching agreeing regions are M4");
	r[1].nid = 1;
	t.total_size = SZ_1M;
	why = memblock_type_check(&t);
	tap_ok(why && !strncmp(why, "M5", 2), "type_check: a wrong total is M5");
}

/* ------------------------------------------------------------------ */
/* Allocation */

/*
 *  |        +-------------------------+--------+
 *  |        |          memory         | alloc  |
 *  +--------+-------------------------+--------+
 *           SZ_1M                              SZ_16M
 *
 * Expect: top-down (the default), an allocation ends at the top of
 * memory; a second one lands right below it and the two reservations
 * merge into one region (M4).
 */
static void alloc_top_down_simple_check(void)
{
	phys_addr_t a, b;

	reset_memblock();
	memblock_add(SZ_1M, SZ_16M - SZ_1M);
	a = memblock_phys_alloc(SZ_64K, SZ_4K);
	tap_eq(a, SZ_16M - SZ_64K, "top_down: at the top");
	b = memblock_phys_alloc(SZ_4K, SZ_4K);
	tap_eq(b, SZ_16M - SZ_64K - SZ_4K, "top_down: the next right below");
	EXPECT(&memblock.reserved, "top_down merged", { b, SZ_64K + SZ_4K });
}

/*
 *  |   +-----+---+  +------+-----+----+
 *  |   | mem |   |  |  mem | res |    |
 *  +---+-----+---+--+------+-----+----+
 *                      ^ the gap below res is too small for 2M
 *
 * Expect: top-down skips free ranges that are too small and uses the
 * highest one that fits, at its top, aligned down.
 */
static void alloc_top_down_gap_check(void)
{
	phys_addr_t a;

	reset_memblock();
	memblock_add(SZ_4M, SZ_4M);
	memblock_add(SZ_16M, SZ_2M);
	memblock_reserve(SZ_16M + SZ_1M, SZ_1M);
	a = memblock_phys_alloc(SZ_2M, SZ_4K);
	tap_eq(a, SZ_8M - SZ_2M, "top_down_gap: the lower range, at its top");
	a = memblock_phys_alloc(SZ_64K, SZ_1M);
	tap_eq(a, SZ_16M, "top_down_gap: 64K aligned to 1M below the reservation");
	invariants("top_down_gap");
}

/*
 *  |        +--------+----------------+--------|
 *  |        | alloc  |    memory      |        |
 *  +--------+--------+----------------+--------+
 *           ^ round_up(SZ_1M + SZ_4K, SZ_64K)
 *
 * Expect: bottom-up, the allocation starts at the lowest aligned address;
 * page 0 is never returned, even when memory starts at 0.
 */
static void alloc_bottom_up_check(void)
{
	phys_addr_t a;

	reset_memblock();
	memblock_set_bottom_up(true);
	memblock_add(SZ_1M + SZ_4K, SZ_16M);
	a = memblock_phys_alloc(SZ_4K, SZ_64K);
	tap_eq(a, SZ_1M + SZ_64K, "bottom_up: lowest aligned address");
	a = memblock_phys_alloc(SZ_4K, SZ_4K);
	tap_eq(a, SZ_1M + SZ_4K, "bottom_up: the gap below it");
	reset_memblock();
	memblock_set_bottom_up(true);
	memblock_add(0, SZ_1M);
	a = memblock_phys_alloc(SZ_4K, SZ_4K);
	tap_eq(a, SZ_4K, "bottom_up: never page 0");
	invariants("bottom_up");
	memblock_set_bottom_up(false);
}

/*
 *  |  +----------+--[start,  end)--+----------+  |
 *  |  |  memory                               |  |
 *  +--+---------------------------------------+--+
 *
 * Expect: memblock_phys_alloc_range() stays inside [start, end), top-down
 * ends at end, bottom-up starts at start; a window with no memory fails.
 */
static void alloc_range_check(void)
{
	reset_memblock();
	memblock_add(SZ_1M, SZ_32M);
	tap_eq(memblock_phys_alloc_range(SZ_1M, SZ_4K, SZ_4M, SZ_8M), SZ_8M - SZ_1M,
	       "range: top-down ends at end");
	memblock_set_bottom_up(true);
	tap_eq(memblock_phys_alloc_range(SZ_1M, SZ_4K, SZ_4M, SZ_8M), SZ_4M,
	       "range: bottom-up starts at start");
	memblock_set_bottom_up(false);
	log_clear();
	tap_eq(memblock_phys_alloc_range(SZ_1M, SZ_4K, SZ_64M, SZ_128M), 0,
	       "range: no memory in the window, 0");
	tap_ok(log_has("memblock_phys_alloc_range: Failed to allocate 1048576 bytes align=0x1000 nid=-1 from=0x0000000004000000 max_addr=0x0000000008000000 alloc_range_check"),
	       "range: the failure is reported with its arguments and caller");
	invariants("range");
}

/*
 * Expect: memblock_alloc() never goes above memblock.current_limit;
 * memblock_phys_alloc_range() with an explicit end may, and with
 * MEMBLOCK_ALLOC_ACCESSIBLE may not.
 */
static void alloc_limit_check(void)
{
	void *p;

	reset_memblock();
	memblock_add(SZ_1M, SZ_32M);
	memblock_set_current_limit(SZ_8M);
	tap_eq(memblock_get_current_limit(), SZ_8M, "limit: set");
	p = memblock_alloc(SZ_1M, SZ_4K);
	tap_eq(__pa(p), SZ_8M - SZ_1M, "limit: memblock_alloc below the limit");
	p = memblock_alloc_try_nid(SZ_1M, SZ_4K, 0, SZ_32M, NUMA_NO_NODE);
	tap_eq(__pa(p), SZ_8M - SZ_2M, "limit: caps max_addr too");
	tap_eq(memblock_phys_alloc_range(SZ_1M, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE),
	       SZ_8M - SZ_2M - SZ_1M, "limit: ACCESSIBLE means the limit");
	tap_eq(memblock_phys_alloc_range(SZ_1M, SZ_4K, 0, MEMBLOCK_ALLOC_ANYWHERE),
	       SZ_32M, "limit: ANYWHERE ignores it");
	invariants("limit");
}

/*
 *  |  +-----------+              |
 *  |  |  memory   |  [min_addr,  |
 *  +--+-----------+--------------+
 *
 * Expect: min_addr is a preference: with no room above it, the allocation
 * comes from below it.
 */
static void alloc_min_addr_fallback_check(void)
{
	void *p;

	reset_memblock();
	memblock_add(SZ_1M, SZ_4M);
	p = memblock_alloc_try_nid(SZ_64K, SZ_4K, SZ_16M, MEMBLOCK_ALLOC_ACCESSIBLE,
				   NUMA_NO_NODE);
	tap_ok(p && __pa(p) == SZ_1M + SZ_4M - SZ_64K, "min_addr: dropped when nothing fits above");
	invariants("min_addr");
}

/*
 *  |  +---- node 0 ----+---- node 1 (full) ----+  |
 *  +--+----------------+-----------------------+--+
 *
 * Expect: an allocation for node 1 comes from node 1 while it has room;
 * when it has none, try_nid falls back to node 0, exact_nid fails.
 */
static void alloc_nid_check(void)
{
	void *p;

	reset_memblock();
	memblock_add_node(SZ_1M, SZ_4M, 0, MEMBLOCK_NONE);
	memblock_add_node(SZ_8M, SZ_4M, 1, MEMBLOCK_NONE);
	memblock_add_node(SZ_16M, SZ_4M, 0, MEMBLOCK_NONE);
	p = memblock_alloc_node(SZ_1M, SZ_4K, 1);
	tap_eq(__pa(p), SZ_8M + SZ_4M - SZ_1M, "nid: from node 1, below node 0's higher memory");
	memblock_reserve(SZ_8M, SZ_4M);				/* node 1 full */
	p = memblock_alloc_exact_nid_raw(SZ_1M, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 1);
	tap_ok(p == NULL, "nid: exact_nid fails when the node is full");
	p = memblock_alloc_try_nid(SZ_1M, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 1);
	tap_eq(__pa(p), SZ_16M + SZ_4M - SZ_1M, "nid: try_nid falls back to any node");
	tap_eq(memblock_phys_alloc_try_nid(SZ_1M, SZ_4K, 0), SZ_16M + SZ_2M,
	       "nid: phys_alloc_try_nid on node 0");
	invariants("nid");
}

/*
 * Expect: when nothing fits, every allocator returns 0 or NULL, says so,
 * and leaves both arrays exactly as they were.
 */
static void alloc_no_space_check(void)
{
	struct memblock_region mem[4], res[4];
	unsigned long mcnt, rcnt;

	reset_memblock();
	memblock_add(SZ_1M, SZ_2M);
	memblock_reserve(SZ_1M + SZ_512K, SZ_512K);
	mcnt = memblock.memory.cnt, rcnt = memblock.reserved.cnt;
	memcpy(mem, memblock.memory.regions, sizeof(mem));
	memcpy(res, memblock.reserved.regions, sizeof(res));
	log_clear();
	tap_eq(memblock_phys_alloc(SZ_2M, SZ_4K), 0, "no_space: phys_alloc returns 0");
	tap_ok(memblock_alloc(SZ_1M + 1, SZ_4K) == NULL, "no_space: alloc returns NULL");
	tap_ok(memblock_alloc_try_nid_raw(SZ_4M, SZ_4K, 0, SZ_2M, NUMA_NO_NODE) == NULL,
	       "no_space: alloc_try_nid_raw returns NULL");
	tap_ok(log_has("memblock_alloc_try_nid: Failed to allocate 1048577 bytes align=0x1000 nid=-1"),
	       "no_space: the failure is reported");
	tap_ok(memblock.memory.cnt == mcnt && memblock.reserved.cnt == rcnt &&
	       !memcmp(mem, memblock.memory.regions, sizeof(mem)) &&
	       !memcmp(res, memblock.reserved.regions, sizeof(res)),
	       "no_space: the arrays are unchanged");
	invariants("no_space");
}

/*
 * Expect: requests that make no sense are refused with a message: size 0,
 * an alignment that is not a power of two; alignment 0 means a cache line.
 */
static void alloc_bad_request_check(void)
{
	phys_addr_t a;

	reset_memblock();
	memblock_add(SZ_1M, SZ_4M);
	log_clear();
	tap_eq(memblock_phys_alloc(0, SZ_4K), 0, "bad_request: size 0 refused");
	tap_ok(log_has("refusing a request for 0 bytes"), "bad_request: size 0 said so");
	tap_eq(memblock_phys_alloc(SZ_4K, 3 * SZ_4K), 0, "bad_request: align 12K refused");
	tap_ok(log_has("align 0x3000 is not a power of two"), "bad_request: align said so");
	a = memblock_phys_alloc(100, 0);
	tap_eq(a, SZ_1M + SZ_4M - 128, "bad_request: align 0 is SMP_CACHE_BYTES (64)");
	EXPECT(&memblock.reserved, "bad_request: only the 100 bytes", { a, 100 });
}

/*
 * Expect: memblock_alloc() zeroes what it returns, the _raw variants do
 * not; NOMAP memory is never allocated.
 */
static void alloc_zero_and_nomap_check(void)
{
	unsigned char *p;
	bool zero = true;

	reset_memblock();
	memblock_add(SZ_1M, SZ_4M);
	memset(sim_mem + SZ_1M, 0xa5, SZ_4M);
	p = memblock_alloc(SZ_64K, SZ_4K);
	for (int i = 0; i < SZ_64K; i++)
		zero = zero && p[i] == 0;
	tap_ok(zero, "alloc: zeroed");
	p = memblock_alloc_try_nid_raw(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	tap_ok(p && p[0] == 0xa5, "alloc_raw: not zeroed");
	memblock_mark_nomap(SZ_4M, SZ_1M);
	tap_eq(memblock_phys_alloc(SZ_4K, SZ_4K), SZ_4M - SZ_4K, "nomap: skipped");
	invariants("nomap");
}

/* ------------------------------------------------------------------ */
/* Iterators */

/*
 *   memory     a=0 |------------------------------------|
 *   reserved             |-r0-|          |-r1-|
 *   free ranges    |-1--|     |----2-----|    |----3----|
 *                  1M   2M    3M         5M   6M        8M
 *
 * Expect: the free ranges are 1, 2 and 3, in that order forwards and the
 * reverse backwards; the iterator's u64 holds the memory index in its low
 * half and the gap index in its high half (the book's example).
 */
static void free_range_iter_check(void)
{
	static const struct rgn want[] = {
		{ SZ_1M, SZ_1M }, { 3 * SZ_1M, SZ_2M }, { 6 * SZ_1M, SZ_2M },
	};
	static const u64 want_i[] = { 1ULL << 32, 2ULL << 32, (2ULL << 32) | 1 };
	phys_addr_t start, end;
	int n = 0, nid;
	bool ok = true;
	u64 i;

	reset_memblock();
	memblock_add(SZ_1M, 7 * SZ_1M);
	memblock_reserve(SZ_2M, SZ_1M);
	memblock_reserve(5 * SZ_1M, SZ_1M);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, &nid) {
		ok = ok && n < 3 && start == want[n].base &&
		     end == want[n].base + want[n].size && i == want_i[n] &&
		     nid == MAX_NUMNODES;
		n++;
	}
	tap_ok(ok && n == 3, "free_range_iter: forwards, with the paired index");
	ok = true;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		n--;
		ok = ok && n >= 0 && start == want[n].base && end == want[n].base + want[n].size;
	}
	tap_ok(ok && n == 0, "free_range_iter: backwards");
	n = 0;
	for_each_reserved_mem_range(i, &start, &end)
		n++;
	tap_eq(n, 2, "reserved_mem_range: two reservations");
}

/*
 * Expect: with nothing reserved the free ranges are the memory regions;
 * with nothing at all there are none (not even the dummy region).
 */
static void free_range_iter_empty_check(void)
{
	phys_addr_t start, end;
	int n = 0;
	u64 i;

	reset_memblock();
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		n++;
	for_each_mem_range(i, &start, &end)
		n++;
	tap_eq(n, 0, "iter_empty: no ranges in an empty memblock");
	memblock_add(SZ_1M, SZ_1M);
	memblock_add(SZ_4M, SZ_1M);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		n++;
	tap_eq(n, 2, "iter_empty: nothing reserved, two memory regions, two ranges");
}

/*
 *  | +--+--------------+--+ |
 *  | |  | whole pages  |  | |
 *  +-+--+--------------+--+-+
 *
 * Expect: the pfn walk gives each region's whole pages, skips a region
 * with none, and filters by node.
 */
static void mem_pfn_range_check(void)
{
	unsigned long s, e;
	int i, nid, n = 0;
	bool ok = true;

	reset_memblock();
	memblock_add_node(SZ_1M + 1, SZ_1M, 0, MEMBLOCK_NONE);	/* pfns 257..511 */
	memblock_add_node(SZ_4M + 1, 100, 0, MEMBLOCK_NONE);	/* no whole page */
	memblock_add_node(SZ_8M, SZ_1M, 1, MEMBLOCK_NONE);
	for_each_mem_pfn_range(i, MAX_NUMNODES, &s, &e, &nid) {
		ok = ok && (n ? s == SZ_8M / SZ_4K && e == (SZ_8M + SZ_1M) / SZ_4K && nid == 1
			      : s == SZ_1M / SZ_4K + 1 && e == SZ_2M / SZ_4K && nid == 0);
		n++;
	}
	tap_ok(ok && n == 2, "pfn_range: whole pages of two regions");
	n = 0;
	for_each_mem_pfn_range(i, 1, &s, &e, NULL)
		n++;
	tap_eq(n, 1, "pfn_range: node 1 alone");
}

/* ------------------------------------------------------------------ */
/* memblock=debug */

static int call_early_param(const char *name, char *val)
{
	for (const struct obs_kernel_param *p = __start_init_setup; p < __stop_init_setup; p++)
		if (p->early && !strcmp(p->str, name))
			return p->setup_func(val);
	return -ENOENT;
}

/*
 * Expect: memblock=debug prints each call in Linux's format, with the
 * caller's name where Linux prints %pS, and the dump prints both arrays;
 * memblock=foo is refused.
 */
static void memblock_debug_check(void)
{
	char bad[] = "foo", good[] = "debug";

	tap_ok(call_early_param("memblock", bad) != 0, "debug: memblock=foo is refused");
	tap_eq(call_early_param("memblock", good), 0, "debug: memblock=debug accepted");
	reset_memblock();
	memblock_add(SZ_1M, SZ_1M);
	tap_ok(log_has("memblock_add: [0x0000000000100000-0x00000000001fffff] memblock_debug_check\n"),
	       "debug: memblock_add line");
	memblock_add_node(SZ_4M, SZ_1M, 2, MEMBLOCK_HOTPLUG);
	tap_ok(log_has("memblock_add_node: [0x0000000000400000-0x00000000004fffff] nid=2 flags=1 memblock_debug_check\n"),
	       "debug: memblock_add_node line");
	memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, SZ_2M);
	tap_ok(log_has("memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x0000000000000000 max_addr=0x0000000000200000 memblock_debug_check\n"),
	       "debug: memblock_phys_alloc_range line");
	tap_ok(log_has("memblock_reserve: [0x00000000001ff000-0x00000000001fffff] memblock_alloc_range_nid\n"),
	       "debug: the allocation's reservation names memblock_alloc_range_nid");
	memblock_alloc(SZ_4K, SZ_4K);
	tap_ok(log_has("memblock_alloc_try_nid: 4096 bytes align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 memblock_debug_check\n"),
	       "debug: memblock_alloc passes on its caller");
	log_clear();
	memblock_dump_all();
	tap_ok(log_has("MEMBLOCK configuration:\n memory size = 0x0000000000200000 reserved size = 0x0000000000002000\n memory.cnt  = 0x2\n"),
	       "debug: dump header");
	tap_ok(log_has(" memory[0x1]\t[0x0000000000400000-0x00000000004fffff], 0x0000000000100000 bytes on node 2 flags: 0x1\n"),
	       "debug: dump line with a node");
	tap_ok(log_has(" reserved[0x0]\t[0x00000000001ff000-0x00000000001fffff], 0x0000000000001000 bytes flags: 0x0\n"),
	       "debug: dump line without a node");
}

/* ------------------------------------------------------------------ */
/* Growing the arrays */

/* Add @n regions of 4K with 4K gaps from @base; return how many succeeded */
static int add_many(struct memblock_type *type, phys_addr_t base, int n)
{
	int ok = 0;

	for (int i = 0; i < n; i++) {
		phys_addr_t b = base + (phys_addr_t)i * SZ_8K;
		int ret = type == &memblock.memory ? memblock_add(b, SZ_4K)
						   : memblock_reserve(b, SZ_4K);
		ok += ret == 0;
	}
	return ok;
}

/*
 *  | r0 |  | r1 |  ...  | r127 |  | r128? |
 *
 * Expect: before memblock_allow_resize() a full array does not grow:
 * the 129th region is refused with -ENOMEM and a message, and the array
 * is left as it was (128 regions, M1-M5).
 */
static void memblock_full_no_resize_check(void)
{
	reset_memblock();
	tap_eq(add_many(&memblock.memory, SZ_1M, INIT_MEMBLOCK_REGIONS),
	       INIT_MEMBLOCK_REGIONS, "no_resize: 128 regions fit");
	log_clear();
	tap_eq((u64)memblock_add(SZ_1G, SZ_4K), (u64)-ENOMEM, "no_resize: the 129th is -ENOMEM");
	tap_ok(log_has("memblock: memory array is full (128 entries) and may not grow yet"),
	       "no_resize: said why");
	tap_eq(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS, "no_resize: still 128 regions");
	tap_ok(memblock.memory.regions == static_memory_regions, "no_resize: still the static array");
	tap_eq((u64)memblock_remove(SZ_1M + SZ_1K, SZ_1K), (u64)-ENOMEM,
	       "no_resize: a split of a full array is -ENOMEM too");
	tap_eq(memblock.memory.total_size, INIT_MEMBLOCK_REGIONS * SZ_4K, "no_resize: total unchanged");
	invariants("no_resize");
}

/*
 *  memory: | r0 |  | r1 |  ...  | r128 |          [ new array ]|
 *  reserved:                                       [ new array ]
 *
 * Expect: with resizing allowed, the 129th memory region doubles the
 * memory array to 256 entries, into memory memblock allocates from
 * itself (top-down: at the top of memory), which is then reserved;
 * the regions survive the move.
 */
static void memblock_add_many_check(void)
{
	phys_addr_t arr;

	reset_memblock();
	memblock_allow_resize();
	memblock_add(SZ_32M, SZ_16M);		/* memory for the new array */
	tap_eq(add_many(&memblock.memory, SZ_1M, INIT_MEMBLOCK_REGIONS),
	       INIT_MEMBLOCK_REGIONS, "add_many: 129 regions added");
	tap_eq(memblock.memory.cnt, INIT_MEMBLOCK_REGIONS + 1, "add_many: 129 regions");
	tap_eq(memblock.memory.max, 2 * INIT_MEMBLOCK_REGIONS, "add_many: the array doubled");
	arr = __pa(memblock.memory.regions);
	tap_eq(arr, SZ_32M + SZ_16M - PAGE_ALIGN(2 * INIT_MEMBLOCK_REGIONS * REGION_BYTES),
	       "add_many: the new array is at the top of memory");
	EXPECT(&memblock.reserved, "add_many: the new array is reserved",
	       { arr, PAGE_ALIGN(2 * INIT_MEMBLOCK_REGIONS * REGION_BYTES) });
	tap_ok(memblock.memory.regions[0].base == SZ_1M &&
	       memblock.memory.regions[127].base == SZ_1M + 127 * SZ_8K &&
	       memblock.memory.regions[128].base == SZ_32M, "add_many: the regions were copied");
	tap_eq(add_many(&memblock.memory, SZ_16M, INIT_MEMBLOCK_REGIONS), INIT_MEMBLOCK_REGIONS,
	       "add_many: 128 more");
	tap_eq(memblock.memory.max, 4 * INIT_MEMBLOCK_REGIONS, "add_many: doubled again");
	EXPECT(&memblock.reserved, "add_many: the old array was freed, the new one reserved",
	       { __pa(memblock.memory.regions), PAGE_ALIGN(4 * INIT_MEMBLOCK_REGIONS * REGION_BYTES) });
}

/*
 *  memory:   |                                                   |
 *  reserved: | r0 | | r1 | ... | r127 |        [ r128 ]          |
 *                                  ^ new array must not land on r128
 *
 * Expect: when reserving r128 finds reserved full, the new array is not
 * put on r128 (which is still free in the arrays) even where top-down
 * would put it: the chicken-and-egg case. r128 and the new array are
 * both reserved afterwards, apart.
 */
static void memblock_reserve_many_conflict_check(void)
{
	phys_addr_t top = SZ_32M, arr_size = PAGE_ALIGN(2 * INIT_MEMBLOCK_REGIONS * REGION_BYTES);
	phys_addr_t r128 = top - arr_size, arr;

	reset_memblock();
	memblock_add(SZ_1M, top - SZ_1M);
	tap_eq(add_many(&memblock.reserved, SZ_1M, INIT_MEMBLOCK_REGIONS),
	       INIT_MEMBLOCK_REGIONS, "reserve_many: 128 reservations");
	tap_eq(memblock_reserve(r128, arr_size), 0, "reserve_many: the 129th succeeds");
	arr = __pa(memblock.reserved.regions);
	tap_eq(memblock.reserved.max, 2 * INIT_MEMBLOCK_REGIONS, "reserve_many: doubled");
	tap_ok(arr + arr_size <= r128, "reserve_many: the new array is below r128, not on it");
	tap_ok(memblock_is_reserved(arr) && memblock_is_reserved(r128) &&
	       memblock_is_reserved(top - 1), "reserve_many: both are reserved");
	tap_eq(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS + 1,
	       "reserve_many: 128 + (array and r128 merged) regions");
	invariants("reserve_many");
}

/*
 * Expect: when there is no memory for a bigger array, the operation
 * fails with -ENOMEM and Linux's message, and nothing changes.
 */
static void memblock_double_fail_check(void)
{
	reset_memblock();
	tap_eq(add_many(&memblock.reserved, SZ_1M, INIT_MEMBLOCK_REGIONS),
	       INIT_MEMBLOCK_REGIONS, "double_fail: 128 reservations, no memory");
	log_clear();
	tap_eq((u64)memblock_reserve(SZ_1G, SZ_4K), (u64)-ENOMEM, "double_fail: -ENOMEM");
	tap_ok(log_has("memblock: Failed to double reserved array from 128 to 256 entries !"),
	       "double_fail: Linux's message");
	tap_eq(memblock.reserved.cnt, INIT_MEMBLOCK_REGIONS, "double_fail: unchanged");
	invariants("double_fail");
}

/* ------------------------------------------------------------------ */
/*
 * Randomised: long sequences of operations on [0, MODEL_END), replayed
 * against a model that keeps one entry per page: is it memory, on which
 * node, with which flags; is it reserved; does one of memblock's own
 * grown arrays live there. The model knows nothing of regions: it
 * predicts memblock's arrays as the maximal runs of equal pages (M3, M4),
 * and it predicts an allocation by scanning pages for the free runs.
 *
 * Part A runs with the static arrays and resizing off, so the model also
 * predicts exactly when an operation must fail with -ENOMEM. Part B runs
 * with resizing on; there the arrays grow into memblock's own memory,
 * the model learns where they went, and an allocation during which an
 * array moved is checked for its properties rather than its address.
 */
#define MODEL_PAGES	2048
#define MODEL_END	((phys_addr_t)MODEL_PAGES * PAGE_SIZE)

static struct {
	u8 mem[MODEL_PAGES], res[MODEL_PAGES], arr[MODEL_PAGES], flags[MODEL_PAGES];
	int nid[MODEL_PAGES];
} M;

static bool model_same_mem(int p, int q)
{
	return M.mem[q] && M.nid[q] == M.nid[p] && M.flags[q] == M.flags[p];
}

static bool model_taken(int p)
{
	return M.res[p] || M.arr[p];
}

/* The memory regions the model predicts; returns how many */
static unsigned long model_mem_runs(struct memblock_region *out, unsigned long max)
{
	unsigned long k = 0;

	for (int p = 0; p < MODEL_PAGES;) {
		int q = p;

		if (!M.mem[p]) {
			p++;
			continue;
		}
		while (q < MODEL_PAGES && model_same_mem(p, q))
			q++;
		if (out && k < max)
			out[k] = (struct memblock_region){ PFN_PHYS(p), PFN_PHYS(q - p),
							   M.flags[p], M.nid[p] };
		k++;
		p = q;
	}
	return k;
}

static unsigned long model_res_runs(struct memblock_region *out, unsigned long max)
{
	unsigned long k = 0;

	for (int p = 0; p < MODEL_PAGES;) {
		int q = p;

		if (!model_taken(p)) {
			p++;
			continue;
		}
		while (q < MODEL_PAGES && model_taken(q))
			q++;
		if (out && k < max)
			out[k] = (struct memblock_region){ PFN_PHYS(p), PFN_PHYS(q - p),
							   MEMBLOCK_NONE, MAX_NUMNODES };
		k++;
		p = q;
	}
	return k;
}

static bool model_matches(const struct memblock_type *type, bool memory)
{
	static struct memblock_region want[MODEL_PAGES];
	unsigned long n = memory ? model_mem_runs(want, MODEL_PAGES)
				 : model_res_runs(want, MODEL_PAGES);

	if (n == 0)
		return type->cnt == 1 && type->regions[0].size == 0;
	if (type->cnt != n)
		return false;
	for (unsigned long i = 0; i < n; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (r->base != want[i].base || r->size != want[i].size ||
		    r->nid != want[i].nid || r->flags != want[i].flags)
			return false;
	}
	return true;
}

/* Runs of pages in [p0, p1) that @pred rejects: what an addition inserts */
static int model_pieces(int p0, int p1, bool (*pred)(int))
{
	int n = 0;

	for (int p = p0; p < p1; p++)
		if (!pred(p) && (p == p0 || pred(p - 1)))
			n++;
	return n;
}

static bool model_in_mem(int p)
{
	return M.mem[p];
}

/* Would adding @pieces to a type of @cnt regions need a bigger array? */
static bool model_add_overflows(const struct memblock_type *type, unsigned long cnt,
				unsigned long runs, int pieces)
{
	return runs && pieces && cnt + pieces > type->max;
}

static bool model_free_for(int p, int nid)
{
	return M.mem[p] && !model_taken(p) && !(M.flags[p] & MEMBLOCK_NOMAP) &&
	       (nid == NUMA_NO_NODE || M.nid[p] == nid);
}

/* memblock_find_in_range_node() over the page map */
static phys_addr_t model_find(phys_addr_t size, phys_addr_t align, phys_addr_t start,
			      phys_addr_t end, int nid)
{
	int p = memblock.bottom_up ? 0 : MODEL_PAGES - 1;
	int step = memblock.bottom_up ? 1 : -1;

	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = memblock.current_limit;
	start = max_t(phys_addr_t, start, PAGE_SIZE);
	end = max(start, end);
	while (p >= 0 && p < MODEL_PAGES) {
		int q = p;
		phys_addr_t s, e, cand;

		if (!model_free_for(p, nid)) {
			p += step;
			continue;
		}
		while (q + step >= 0 && q + step < MODEL_PAGES &&
		       model_free_for(q + step, nid) && model_same_mem(p, q + step))
			q += step;
		s = clamp(PFN_PHYS(min(p, q)), start, end);
		e = clamp(PFN_PHYS(max(p, q) + 1), start, end);
		if (memblock.bottom_up) {
			cand = round_up(s, align);
			if (cand < e && e - cand >= size)
				return cand;
		} else if (e >= size) {
			cand = round_down(e - size, align);
			if (cand >= s)
				return cand;
		}
		p = q + step;
	}
	return 0;
}

/* memblock_alloc_range_nid(): part A knows whether the reservation fits */
static phys_addr_t model_alloc_range_nid(phys_addr_t size, phys_addr_t align,
					 phys_addr_t start, phys_addr_t end,
					 int nid, bool exact)
{
	bool fits = !model_add_overflows(&memblock.reserved, memblock.reserved.cnt,
					 model_res_runs(NULL, 0), 1);
	phys_addr_t found = model_find(size, align, start, end, nid);

	if (found && fits)
		return found;
	if (nid != NUMA_NO_NODE && !exact) {
		found = model_find(size, align, start, end, NUMA_NO_NODE);
		if (found && fits)
			return found;
	}
	return 0;
}

static phys_addr_t model_alloc_internal(phys_addr_t size, phys_addr_t align,
					phys_addr_t min_addr, phys_addr_t max_addr,
					int nid, bool exact)
{
	phys_addr_t a;

	max_addr = min(max_addr, memblock.current_limit);
	a = model_alloc_range_nid(size, align, min_addr, max_addr, nid, exact);
	if (!a && min_addr)
		a = model_alloc_range_nid(size, align, 0, max_addr, nid, exact);
	return a;
}

static void model_set(u8 *map, int p0, int p1, u8 v)
{
	for (int p = p0; p < p1; p++)
		map[p] = v;
}

/* Mark the pages of memblock's grown arrays (part B) */
static void model_sync_arrays(void)
{
	memset(M.arr, 0, sizeof(M.arr));
	if (memblock.memory.regions != static_memory_regions) {
		phys_addr_t a = __pa(memblock.memory.regions);

		model_set(M.arr, PFN_DOWN(a),
			  PFN_UP(a + PAGE_ALIGN(memblock.memory.max * REGION_BYTES)), 1);
	}
	if (memblock.reserved.regions != static_reserved_regions) {
		phys_addr_t a = __pa(memblock.reserved.regions);

		model_set(M.arr, PFN_DOWN(a),
			  PFN_UP(a + PAGE_ALIGN(memblock.reserved.max * REGION_BYTES)), 1);
	}
}

static bool model_range_has_arr(int p0, int p1)
{
	for (int p = p0; p < p1; p++)
		if (M.arr[p])
			return true;
	return false;
}

struct rand_run {
	bool grow;			/* part B: resizing allowed */
	unsigned long enomem;		/* part A: predicted -ENOMEM seen */
	unsigned long allocs, moved;	/* allocations; during which an array moved */
	char what[96];			/* the failing operation, for the report */
};

static int rand_nid(void)
{
	static const int nids[] = { 0, 1, MAX_NUMNODES };

	return nids[test_rand() % ARRAY_SIZE(nids)];
}

/*
 * An edit of one array: @ret is what memblock returned, @must_fail what
 * part A predicts. Part B accepts a failure only if a doubling failed.
 */
static bool rand_edit_ok(struct rand_run *run, int ret, bool must_fail)
{
	if (!run->grow) {
		if (ret != (must_fail ? -ENOMEM : 0))
			tap_diag("ret %d, predicted %s; memory.cnt %lu reserved.cnt %lu", ret,
				 must_fail ? "-ENOMEM" : "0", memblock.memory.cnt, memblock.reserved.cnt);
		run->enomem += must_fail;
		return ret == (must_fail ? -ENOMEM : 0);
	}
	return ret == 0 || (ret == -ENOMEM && log_has("Failed to double"));
}

static bool rand_edit(struct rand_run *run, int op, int p0, int p1)
{
	phys_addr_t b = PFN_PHYS(p0), s = PFN_PHYS(p1 - p0);
	unsigned long mruns = model_mem_runs(NULL, 0), rruns = model_res_runs(NULL, 0);
	unsigned long mcnt = memblock.memory.cnt, rcnt = memblock.reserved.cnt;
	bool split_full = mcnt + 2 > memblock.memory.max;
	int nid = rand_nid(), ret;
	u8 flag = test_rand() % 2 ? MEMBLOCK_HOTPLUG : MEMBLOCK_NOMAP;

	switch (op) {
	case 0:
		snprintf(run->what, sizeof(run->what), "add_node [%#llx+%#llx) nid %d", b, s, nid);
		ret = memblock_add_node(b, s, nid, flag == MEMBLOCK_HOTPLUG ? flag : 0);
		if (!rand_edit_ok(run, ret, model_add_overflows(&memblock.memory, mcnt, mruns,
					model_pieces(p0, p1, model_in_mem))))
			return false;
		for (int p = p0; p < p1 && !ret; p++)
			if (!M.mem[p])
				M.mem[p] = 1, M.nid[p] = nid,
				M.flags[p] = flag == MEMBLOCK_HOTPLUG ? flag : 0;
		return true;
	case 1:
		snprintf(run->what, sizeof(run->what), "remove [%#llx+%#llx)", b, s);
		ret = memblock_remove(b, s);
		if (!rand_edit_ok(run, ret, split_full))
			return false;
		if (!ret)
			model_set(M.mem, p0, p1, 0);
		return true;
	case 2:
		if (run->grow && model_range_has_arr(p0, p1))
			return true;	/* would tie a reservation to an array */
		snprintf(run->what, sizeof(run->what), "reserve [%#llx+%#llx)", b, s);
		ret = memblock_reserve(b, s);
		if (!rand_edit_ok(run, ret, model_add_overflows(&memblock.reserved, rcnt, rruns,
					model_pieces(p0, p1, model_taken))))
			return false;
		if (!ret)
			model_set(M.res, p0, p1, 1);
		return true;
	case 3:
		if (run->grow && model_range_has_arr(p0, p1))
			return true;	/* freeing an array is a caller's bug */
		snprintf(run->what, sizeof(run->what), "phys_free [%#llx+%#llx)", b, s);
		ret = memblock_phys_free(b, s);
		if (!rand_edit_ok(run, ret, rcnt + 2 > memblock.reserved.max))
			return false;
		if (!ret)
			model_set(M.res, p0, p1, 0);
		return true;
	case 4:
		snprintf(run->what, sizeof(run->what), "set_node [%#llx+%#llx) %d", b, s, nid);
		ret = memblock_set_node(b, s, &memblock.memory, nid);
		if (!rand_edit_ok(run, ret, split_full))
			return false;
		for (int p = p0; p < p1 && !ret; p++)
			M.nid[p] = nid;
		return true;
	default: {
		bool set = test_rand() % 2;

		snprintf(run->what, sizeof(run->what), "%s %#x [%#llx+%#llx)",
			 set ? "mark" : "clear", flag, b, s);
		ret = set ? (flag == MEMBLOCK_HOTPLUG ? memblock_mark_hotplug(b, s)
						      : memblock_mark_nomap(b, s))
			  : (flag == MEMBLOCK_HOTPLUG ? memblock_clear_hotplug(b, s)
						      : memblock_clear_nomap(b, s));
		if (!rand_edit_ok(run, ret, split_full))
			return false;
		for (int p = p0; p < p1 && !ret; p++)
			M.flags[p] = set ? M.flags[p] | flag : M.flags[p] & ~flag;
		return true;
	}
	}
}

/* Part B, when an array moved during the allocation: check its properties */
static bool rand_alloc_props(phys_addr_t a, phys_addr_t size, phys_addr_t align,
			     const u8 *was_free)
{
	if (!a)
		return true;
	if (a < PAGE_SIZE || !IS_ALIGNED(a, align) || a + size > MODEL_END)
		return false;
	for (int p = PFN_DOWN(a); p < (int)PFN_UP(a + size); p++)
		if (!was_free[p] || !memblock_is_reserved(PFN_PHYS(p)))
			return false;
	return true;
}

static bool rand_alloc(struct rand_run *run)
{
	static u8 was_free[MODEL_PAGES];
	phys_addr_t size = PFN_PHYS(1 + test_rand() % 16), align = PAGE_SIZE << (test_rand() % 5);
	phys_addr_t lo = PFN_PHYS(test_rand() % MODEL_PAGES), hi = PFN_PHYS(test_rand() % MODEL_PAGES);
	const struct memblock_region *mr = memblock.memory.regions, *rr = memblock.reserved.regions;
	int kind = test_rand() % 3, nid = (int)(test_rand() % 3) - 1;	/* -1, 0 or 1 */
	phys_addr_t want, got;

	if (test_rand() % 4 == 0)
		hi = test_rand() % 2 ? MEMBLOCK_ALLOC_ACCESSIBLE : MEMBLOCK_ALLOC_ANYWHERE;
	for (int p = 0; p < MODEL_PAGES; p++)
		was_free[p] = model_free_for(p, NUMA_NO_NODE);
	snprintf(run->what, sizeof(run->what), "alloc kind %d %#llx align %#llx [%#llx, %#llx) nid %d",
		 kind, size, align, lo, hi, nid);
	if (kind == 0) {
		want = model_alloc_range_nid(size, align, lo, hi, NUMA_NO_NODE, false);
		got = memblock_phys_alloc_range(size, align, lo, hi);
	} else {
		void *v;

		want = model_alloc_internal(size, align, lo, hi, nid, kind == 2);
		v = kind == 1 ? memblock_alloc_try_nid(size, align, lo, hi, nid)
			      : memblock_alloc_exact_nid_raw(size, align, lo, hi, nid);
		got = v ? __pa(v) : 0;
	}
	run->allocs++;
	if (mr != memblock.memory.regions || rr != memblock.reserved.regions) {
		run->moved++;
		model_sync_arrays();
		if (!rand_alloc_props(got, size, align, was_free))
			return false;
	} else if (got != want) {
		tap_diag("alloc returned %#llx, the model %#llx", got, want);
		return false;
	}
	if (got)
		model_set(M.res, PFN_DOWN(got), PFN_UP(got + size), 1);
	return true;
}

static bool rand_step(struct rand_run *run)
{
	int op = test_rand() % 8, p0 = test_rand() % MODEL_PAGES;
	int p1 = min(MODEL_PAGES, p0 + 1 + (int)(test_rand() % 8));

	log_clear();
	if (op < 6)
		return rand_edit(run, op, p0, p1);
	if (op == 6)
		return rand_alloc(run);
	if (test_rand() % 2)
		memblock_set_bottom_up(!memblock_bottom_up());
	else
		memblock_set_current_limit(test_rand() % 4 ? MEMBLOCK_ALLOC_ANYWHERE
					   : PFN_PHYS(test_rand() % MODEL_PAGES));
	snprintf(run->what, sizeof(run->what), "bottom_up %d limit %#llx",
		 memblock.bottom_up, memblock.current_limit);
	return true;
}

/* One run of @steps operations from seed @seed; returns the failing step or -1 */
static long rand_run_once(struct rand_run *run, u64 seed, long steps)
{
	reset_memblock();
	memset(&M, 0, sizeof(M));
	test_srand(seed);
	for (long i = 0; i < steps; i++) {
		bool ok = rand_step(run);
		const char *why;

		if (run->grow)
			model_sync_arrays();
		why = memblock_check_invariants();
		if (!ok || why || !model_matches(&memblock.memory, true) ||
		    !model_matches(&memblock.reserved, false)) {
			tap_diag("seed %#llx step %ld: %s: %s", seed, i, run->what,
				 why ? why : ok ? "arrays differ from the model" : "wrong result");
			return i;
		}
	}
	return -1;
}

/*
 * Expect: over 12 runs of 4000 random operations, every result and both
 * arrays after every operation agree with the page model, M1-M5 hold
 * throughout, and the runs reach a full array (part A) or grow one
 * (part B) at least once, so that those paths were exercised.
 */
static void memblock_random_check(bool grow)
{
	u64 seed0 = test_seed_from_env(0x6d656d626c6f636bULL);
	struct rand_run run = { .grow = grow };
	unsigned long doublings = memblock_stats.doublings;
	int failed = 0;

	for (int r = 0; r < 12; r++)
		failed += rand_run_once(&run, seed0 + r, 4000) >= 0;
	tap_ok(!failed, "random %s: 12 x 4000 operations agree with the model (seed %#llx)",
	       grow ? "B (growing)" : "A (fixed arrays)", seed0);
	if (grow)
		tap_ok(memblock_stats.doublings > doublings,
		       "random B: arrays grew %lu times; %lu of %lu allocations moved one",
		       memblock_stats.doublings - doublings, run.moved, run.allocs);
	else
		tap_ok(run.enomem > 0, "random A: %lu operations hit a full array", run.enomem);
}

int main(void)
{
	sim_mem = test_alloc(SIM_SIZE);
	page_offset_base = (unsigned long)sim_mem;
	static_memory_regions = memblock.memory.regions;
	static_reserved_regions = memblock.reserved.regions;

	memblock_add_simple_check();
	memblock_add_node_simple_check();
	memblock_add_disjoint_check();
	memblock_add_overlap_bottom_check();
	memblock_add_overlap_top_check();
	memblock_add_within_check();
	memblock_add_between_check();
	memblock_add_near_max_check();
	memblock_add_different_nid_check();
	memblock_add_overlap_keeps_node_check();
	memblock_remove_split_check();
	memblock_remove_across_check();
	memblock_reserve_free_check();
	memblock_free_virt_check();
	memblock_set_node_check();
	memblock_queries_check();
	memblock_trim_memory_check();
	memblock_type_check_check();
	alloc_top_down_simple_check();
	alloc_top_down_gap_check();
	alloc_bottom_up_check();
	alloc_range_check();
	alloc_limit_check();
	alloc_min_addr_fallback_check();
	alloc_nid_check();
	alloc_no_space_check();
	alloc_bad_request_check();
	alloc_zero_and_nomap_check();
	free_range_iter_check();
	free_range_iter_empty_check();
	mem_pfn_range_check();
	/* Resizing cannot be switched off again: these come last */
	memblock_full_no_resize_check();
	memblock_random_check(false);
	memblock_add_many_check();
	memblock_reserve_many_conflict_check();
	memblock_double_fail_check();
	memblock_random_check(true);
	memblock_debug_check();
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hash_tables_test.c - mm/hash_tables.c (book/hashes.nw) on the host.
 *
 * alloc_large_system_hash() with a stub memblock, for counts of kernel
 * pages taken from Debian's Linux 6.1 under QEMU (the "Total pages" of
 * its boots, which equal nr_kernel_pages before the watermarks exist)
 * and for made-up ones that reach the other rules. Each expected number
 * is worked out in the case's comment from Linux's rules:
 *
 *   n = round_up(nr_kernel_pages, 256)          whole MiB
 *   scale += 1 for each 4x above 2^24 pages     unless high_limit
 *   n >>= scale - 12                            one bucket per 2^scale bytes
 *   n = max(n, 4096 / bucketsize)               at least a page
 *   n = roundup_pow_of_two(n)
 *   n = clamp(n, low_limit, high_limit or nr_all_pages * 4096 / 16 / bucketsize)
 *   then halve while the allocation fails and is larger than a page
 *
 * and the printed line is compared with Linux's format.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <linux/gfp.h>
#include <linux/hash_tables.h>
#include <linux/gfp.h>
#include "tap.h"
#include "capture.h"

unsigned long nr_kernel_pages, nr_all_pages;
struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_possible_map, node_online_map;

/* ---------------------------------------------------------------------
 * A memblock that hands out host memory, and can refuse large requests
 */
const char *memblock_dbg_caller;	/* memblock.h's macros set it */
static phys_addr_t alloc_limit;		/* refuse sizes above this; 0: none */
static phys_addr_t last_size;
static void *last_table;
static bool last_zeroed;

static void *stub_alloc(phys_addr_t size, bool zero)
{
	u8 *p;

	if (alloc_limit && size > alloc_limit)
		return NULL;
	/* The table is never touched here: a few pages stand for a large one */
	p = test_alloc(min_t(phys_addr_t, size, SZ_64K));
	if (!zero)
		memset(p, 0xa5, min_t(phys_addr_t, size, SZ_64K));	/* raw memory is not zero */
	if (last_table)
		test_free(last_table);
	last_table = p;
	last_size = size;
	last_zeroed = zero;
	return p;
}

void *(memblock_alloc_try_nid)(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
			     phys_addr_t max_addr, int nid)
{
	(void)align, (void)min_addr, (void)max_addr, (void)nid;
	return stub_alloc(size, true);
}

void *(memblock_alloc_try_nid_raw)(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				 phys_addr_t max_addr, int nid)
{
	(void)align, (void)min_addr, (void)max_addr, (void)nid;
	return stub_alloc(size, false);
}

/* The page allocator, for tables asked for after boot (no HASH_EARLY) */
static unsigned int last_order;

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	last_order = order;
	return (unsigned long)stub_alloc(PAGE_SIZE << order, gfp & __GFP_ZERO);
}

/* vmalloc, for the tables hashdist defers: host memory, as above */
void *vmalloc_huge(unsigned long size, gfp_t gfp_mask)
{
	return stub_alloc(size, gfp_mask & __GFP_ZERO);
}

bool is_vmalloc_addr(const void *addr)
{
	return addr == last_table;
}

/* Small pages only here: the huge case is the self-test's and the boot tests' */
bool is_vm_area_hugepages(const void *addr)
{
	(void)addr;
	return false;
}

/* ---------------------------------------------------------------------
 * One table: the line printed, the shift and the mask
 */
struct want {
	unsigned long entries;
	int order;
};

static void expect_table(const char *what, const char *name, unsigned long bucketsize,
			 unsigned long numentries, int scale, int flags,
			 unsigned long low, unsigned long high, struct want w)
{
	unsigned int shift = 0, mask = 0;
	char line[160];

	capture_clear();
	alloc_large_system_hash(name, bucketsize, numentries, scale, flags, &shift, &mask,
				low, high);
	test_snprintf(line, sizeof(line),
		      "%s hash table entries: %lu (order: %d, %lu bytes, linear)",
		      name, w.entries, w.order, w.entries * bucketsize);
	if (!tap_ok(logged(line), "%s: \"%s\"", what, line))
		tap_diag("printed: %s", log_buf);
	tap_ok(1UL << shift == w.entries && mask == w.entries - 1,
	       "%s: shift %u and mask %#x describe %lu buckets", what, shift, mask, w.entries);
	tap_ok(last_size == w.entries * bucketsize, "%s: %lu bytes allocated", what,
	       (unsigned long)last_size);
}

/* The dentry and inode hashes as Linux asks for them, sized from memory */
static void expect_vfs(const char *what, unsigned long pages, struct want d, struct want i)
{
	nr_kernel_pages = nr_all_pages = pages;
	expect_table(what, "Dentry cache", 8, 0, 13, HASH_EARLY | HASH_ZERO, 2, 0, d);
	expect_table(what, "Inode-cache", 8, 0, 14, HASH_EARLY | HASH_ZERO, 0, 0, i);
}

/* ---------------------------------------------------------------------
 * The cases
 */

/*
 * Debian's boots under QEMU, "Total pages" = nr_kernel_pages:
 *
 *   machine      pages     MiB-rounded   >>1 (dentry)  >>2 (inode)
 *   q35 1G      257759      257792        128896        64448
 *   q35 3584M   902879      902912        451456       225728
 *   pc  6G     1548000     1548032        774016       387008
 *   q35 16G    4128479     4128512       2064256      1032128
 *
 * Expect the powers of two above them, which Debian printed:
 * 131072/65536, 524288/262144, 1048576/524288, 2097152/1048576; the
 * order is log2(entries * 8) - 12.
 */
static void debian_sizes_check(void)
{
	expect_vfs("q35 1G", 257759, (struct want){ 131072, 8 }, (struct want){ 65536, 7 });
	expect_vfs("q35 3584M", 902879, (struct want){ 524288, 10 }, (struct want){ 262144, 9 });
	expect_vfs("pc 6G", 1548000, (struct want){ 1048576, 11 }, (struct want){ 524288, 10 });
	expect_vfs("q35 16G", 4128479, (struct want){ 2097152, 12 }, (struct want){ 1048576, 11 });
	tap_ok(last_zeroed, "the tables are zeroed (HASH_ZERO)");
}

/*
 * 64 GiB: 2^24 pages less the memory map (1/64) and holes, about
 * 16514000 pages, still below 2^24: no adaptation.
 *
 *   16514000 -> 16514048 (MiB) -> >>1 8257024 -> 2^23 = 8388608
 *
 * Expect 8388608 dentry buckets, order 14, 67108864 bytes: the line
 * Debian's Linux prints on a 64 GiB machine.
 */
static void sixty_four_gib_check(void)
{
	expect_vfs("64 GiB", 16514000, (struct want){ 8388608, 14 }, (struct want){ 4194304, 13 });
}

/*
 * 1 TiB: 2^28 pages. The scale adapts: 2^24 < 2^28 (+1), 2^26 < 2^28
 * (+1), 2^28 is not below: scale 15 for dentries.
 *
 *   2^28 >> (15 - 12) = 2^25 = 33554432
 *
 * Without adaptation it would be 2^27. Expect 33554432 (order 16), and
 * for inodes (scale 16) 16777216. With a high_limit the scale does not
 * adapt: high_limit 2^28 gives 2^27.
 */
static void terabyte_check(void)
{
	expect_vfs("1 TiB", 1UL << 28, (struct want){ 1UL << 25, 16 }, (struct want){ 1UL << 24, 15 });
	expect_table("1 TiB, high_limit 2^28", "Dentry cache", 8, 0, 13, HASH_EARLY, 0, 1UL << 28,
		     (struct want){ 1UL << 27, 18 });
	tap_ok(!last_zeroed, "without HASH_ZERO the table comes from the raw allocator");
}

/*
 * A tiny machine: 1000 pages (4 MiB) of memory.
 *
 *   1000 -> 1024 (MiB) -> >>1 512 dentry buckets (4096 bytes, a page)
 *                      -> >>2 256 inode buckets (2048 bytes < a page: 512)
 *   max = 1000 * 4096 / 16 / 8 = 32000
 *
 * Expect 512 and 512, order 0. Then dhash_entries=1 (numentries 1):
 * low_limit 2 wins, 16 bytes; dhash_entries=1000: 1024; and 2^30: the
 * 1/16 limit, 32000, rounded down by ilog2 to 16384.
 */
static void tiny_check(void)
{
	expect_vfs("tiny", 1000, (struct want){ 512, 0 }, (struct want){ 512, 0 });
	expect_table("dhash_entries=1", "Dentry cache", 8, 1, 13, HASH_EARLY | HASH_ZERO, 2, 0,
		     (struct want){ 2, 0 });
	expect_table("dhash_entries=1000", "Dentry cache", 8, 1000, 13, HASH_EARLY | HASH_ZERO,
		     2, 0, (struct want){ 1024, 1 });
	expect_table("dhash_entries=2^30", "Dentry cache", 8, 1UL << 30, 13,
		     HASH_EARLY | HASH_ZERO, 2, 0, (struct want){ 16384, 5 });
}

/*
 * HASH_SMALL: a table may be smaller than a page, but not smaller than
 * 2^*_hash_shift. 1000 pages, scale 18 (one bucket per 256 KiB):
 *
 *   1024 >> 6 = 16 buckets; minimum 2^4 = 16: 16, 128 bytes.
 *   with a minimum of 2^6: 64 buckets, 512 bytes.
 *
 * Expect 16 and then 64, order 0 both.
 */
static void small_check(void)
{
	unsigned int shift = 4, mask;

	nr_kernel_pages = nr_all_pages = 1000;
	capture_clear();
	alloc_large_system_hash("PID", 8, 0, 18, HASH_EARLY | HASH_SMALL, &shift, &mask, 0, 4096);
	tap_ok(shift == 4 && logged("PID hash table entries: 16 (order: 0, 128 bytes, linear)"),
	       "HASH_SMALL: 16 buckets of 8 bytes");
	shift = 6;
	capture_clear();
	alloc_large_system_hash("PID", 8, 0, 18, HASH_EARLY | HASH_SMALL, &shift, &mask, 0, 4096);
	tap_ok(shift == 6 && logged("PID hash table entries: 64 (order: 0, 512 bytes, linear)"),
	       "HASH_SMALL: the minimum 2^6 wins");
}

/*
 * The halving loop: memblock refuses anything above 1 MiB.
 *
 *   16 GiB wants 2097152 * 8 = 16 MiB -> 8 -> 4 -> 2 -> 1 MiB: 131072 buckets
 *
 * Expect the line for 131072 entries, order 8, and the shift 17.
 */
static void halving_check(void)
{
	alloc_limit = SZ_1M;
	nr_kernel_pages = nr_all_pages = 4128479;
	expect_table("halving to 1 MiB", "Dentry cache", 8, 0, 13, HASH_EARLY | HASH_ZERO, 2, 0,
		     (struct want){ 131072, 8 });
	alloc_limit = 0;
}

/*
 * vfs_caches_init_early() on one node, then on two nodes with memory.
 *
 *   one node:  both lines, from nr_kernel_pages = 257759
 *   two nodes: nothing (hashdist: Linux allocates them later, with vmalloc)
 *   two nodes, later: both lines, ending in vmalloc, zeroed tables
 *   two nodes, hashdist=0: both lines again, early; nothing later
 */
static void vfs_check(void)
{
	pg_data_t n0 = { .node_id = 0, .node_present_pages = 1000 };
	pg_data_t n1 = { .node_id = 1, .node_present_pages = 1000 };

	nr_kernel_pages = nr_all_pages = 257759;
	node_data[0] = &n0;
	node_set(0, node_online_map);
	capture_clear();
	vfs_caches_init_early();
	tap_ok(logged("Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes, linear)") &&
	       logged("Inode-cache hash table entries: 65536 (order: 7, 524288 bytes, linear)"),
	       "one node: both tables, early");
	node_data[1] = &n1;
	node_set(1, node_online_map);
	capture_clear();
	vfs_caches_init_early();
	tap_ok(!strstr(log_buf, "hash table"), "two nodes with memory: neither table, early");
	capture_clear();
	dcache_init();
	inode_init();
	tap_ok(logged("Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes, vmalloc)") &&
	       logged("Inode-cache hash table entries: 65536 (order: 7, 524288 bytes, vmalloc)"),
	       "two nodes with memory: both tables later, from vmalloc");
	tap_ok(last_zeroed, "zeroed, as HASH_ZERO asks");
	hashdist = 0;
	capture_clear();
	vfs_caches_init_early();
	tap_ok(strstr(log_buf, "Dentry cache") && strstr(log_buf, "Inode-cache"),
	       "two nodes, hashdist=0: both tables");
	capture_clear();
	dcache_init();
	inode_init();
	tap_ok(!strstr(log_buf, "hash table"), "two nodes, hashdist=0: nothing later");
	hashdist = 1;
	node_data[0] = node_data[1] = NULL;
}

/*
 * mnt_init()'s tables after boot, q35 1G (257759 kernel pages):
 *
 *   257792 (MiB-rounded) >> (19 - 12) = 2014 -> 2048 buckets of 8 bytes
 *   = 16384 bytes, order 2, from the page allocator, zeroed
 *
 * Expect Debian's line, "Mount-cache hash table entries: 2048 (order: 2,
 * 16384 bytes, linear)", and one order-2 block asked for with __GFP_ZERO.
 */
static void after_boot_check(void)
{
	struct want w = { 2048, 2 };

	nr_kernel_pages = nr_all_pages = 257759;
	last_order = 0;
	expect_table("after boot", "Mount-cache", 8, 0, 19, HASH_ZERO, 0, 0, w);
	tap_ok(last_order == 2 && last_zeroed, "after boot: an order-2 block, zeroed");
}

int main(void)
{
	register_console(&capture);
	debian_sizes_check();
	sixty_four_gib_check();
	terabyte_check();
	tiny_check();
	small_check();
	halving_check();
	vfs_check();
	after_boot_check();
	if (last_table)
		test_free(last_table);
	return tap_done();
}

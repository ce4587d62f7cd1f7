// SPDX-License-Identifier: GPL-2.0-only
/*
 * direct_map_test.c - arch/x86/mm/init_64.c (book/direct_map.nw) on a
 * simulated machine: init_mem_mapping() builds real page tables in host
 * memory standing for physical memory, with the real mm/memblock.c, and
 * host_pt_walk(), which shares no code with pgtable.h, reads them back.
 *
 * On q35's 512 MiB map, pc's 4.5 GiB map (RAM on both sides of the PCI
 * hole) and a map with a memmap= hole, with and without 1 GiB pages, it
 * checks D1-D3 at every page against the RAM list the case was given
 * (never against what init_64.c computed), Linux's init_memory_mapping
 * lines and their top-down order, the kernel image's three permissions,
 * the fixmap's survival, the absence of an identity map, and the W+X
 * check passing, then failing on a text page made writable. Last, it
 * prints (as diagnostics, checking nothing) how many page-table pages the
 * direct map of 1, 4 and 16 GiB takes.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sprintf.h>
#include <linux/console.h>
#include <linux/printk.h>
#include <linux/memblock.h>
#include <linux/ptdump.h>
#include <asm/pgtable.h>
#include <asm/fixmap.h>
#include <asm/early_ioremap.h>
#include <asm/cpufeature.h>
#include <asm/init.h>
#include <asm/setup.h>
#include <asm/e820/api.h>
#include "tap.h"
#include "capture.h"

/* What head64.c and e820.c define in the kernel */
unsigned long page_offset_base, vmalloc_base, vmemmap_base, max_pfn_mapped, max_pfn;

/* A fake kernel image: text, rodata, data, each a page-aligned part */
#define IMAGE_PAGES 8
static char image[IMAGE_PAGES * PAGE_SIZE] __aligned(PAGE_SIZE);
asm(".globl _text, _etext, __start_rodata, __end_rodata, _sdata, _edata, __bss_start, __bss_stop, _end\n"
    ".set _text, image\n .set _etext, image + 0x1800\n .set __start_rodata, image + 0x2000\n"
    ".set __end_rodata, image + 0x4000\n .set _sdata, image + 0x4000\n .set _edata, image + 0x5000\n"
    ".set __bss_start, image + 0x5000\n .set __bss_stop, image + 0x8000\n .set _end, image + 0x8000\n");

#define SIM_SPACE	SZ_64G
#define BOOT_PGD	0x1000
#define BOOT_PUD	0x2000

struct ram { u64 start, end; };

/* A fresh machine: memblock knows @ram, the boot tables map the kernel's PGD entry */
static void machine_init(const struct ram *ram, int n, bool gbpages)
{
	u64 *pgd = __va(BOOT_PGD), *pud = __va(BOOT_PUD);

	memblock_remove(0, PHYS_ADDR_MAX);
	memblock_phys_free(0, PHYS_ADDR_MAX);
	for (int i = 0; i < n; i++)
		memblock_add(ram[i].start, ram[i].end - ram[i].start);
	memblock_reserve(0, 3 * PAGE_SIZE);	/* the fake boot tables */
	max_pfn = PFN_DOWN(ram[n - 1].end);
	max_pfn_mapped = PFN_DOWN(SZ_1G);
	memset(init_top_pgt, 0, PAGE_SIZE);
	memset(pgd, 0, PAGE_SIZE);
	memset(pud, 0, PAGE_SIZE);
	pgd[PTRS_PER_PGD - 1] = BOOT_PUD | _KERNPG_TABLE;
	host_cr3 = BOOT_PGD;
	early_ioremap_init();
	memset(&boot_cpu_data, 0, sizeof(boot_cpu_data));
	setup_force_cpu_cap(X86_FEATURE_PSE);
	setup_force_cpu_cap(X86_FEATURE_PGE);
	setup_force_cpu_cap(X86_FEATURE_NX);
	if (gbpages)
		setup_force_cpu_cap(X86_FEATURE_GBPAGES);
	__supported_pte_mask |= _PAGE_NX;	/* x86_configure_nx() without the MSR */
	memset(direct_pages_count, 0, sizeof(direct_pages_count));
	pgt_pages_allocated = 0;
	capture_clear();
}

static bool in_ram(const struct ram *ram, int n, u64 start, u64 end)
{
	for (int i = 0; i < n; i++)
		if (start >= ram[i].start && end <= ram[i].end)
			return true;
	return false;
}

/* The largest page the rule D2 allows at @p: aligned and wholly RAM */
static int expected_shift(const struct ram *ram, int n, u64 p, bool gb)
{
	if (gb && in_ram(ram, n, p & ~(u64)(SZ_1G - 1), (p & ~(u64)(SZ_1G - 1)) + SZ_1G))
		return PUD_SHIFT;
	if (in_ram(ram, n, p & ~(u64)(SZ_2M - 1), (p & ~(u64)(SZ_2M - 1)) + SZ_2M))
		return PMD_SHIFT;
	return PAGE_SHIFT;
}

/* D1, D2 and D3 at every page of [0, top), by an independent walk */
static void check_direct_map(const char *name, const struct ram *ram, int n, bool gb)
{
	unsigned long bad_phys = 0, bad_hole = 0, bad_size = 0, bad_prot = 0, top = ram[n - 1].end + SZ_1G;

	for (u64 p = 0; p < top; p += PAGE_SIZE) {
		u64 leaf;
		int s = host_pt_walk(host_cr3, (u64)__va(p), page_offset_base, &leaf);
		bool ram_page = in_ram(ram, n, p, p + PAGE_SIZE) || p < ISA_END_ADDRESS;

		if (!s) {
			bad_hole += ram_page;
			continue;
		}
		bad_hole += !ram_page;
		bad_phys += host_pt_phys(leaf, s, (u64)__va(p)) != p;
		bad_size += p >= ISA_END_ADDRESS && s != expected_shift(ram, n, p, gb);
		bad_prot += !(leaf & _PAGE_RW) || !(leaf & _PAGE_NX);
	}
	tap_eq(bad_phys, 0, "%s: D1, every mapped page maps to its own address", name);
	tap_eq(bad_hole, 0, "%s: D1, RAM and the first MiB mapped, nothing else", name);
	tap_eq(bad_size, 0, "%s: D2, the largest page alignment and RAM allow", name);
	tap_eq(bad_prot, 0, "%s: D3, writable and not executable", name);
}

static u64 image_flags(unsigned long va)
{
	u64 leaf;

	return host_pt_walk(host_cr3, va, page_offset_base, &leaf) == PAGE_SHIFT ?
	       leaf & (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX) : 0;
}

/*
 *   image:  [ text ROX | rodata RO NX | data, BSS RW NX ]
 *   fixmap: the slots' PTE table still reachable
 *   low addresses: no identity map
 *
 * Expect: the three permissions at each part, the fixmap kept, nothing
 * at 1 MiB, and the W+X check passing and then failing when a text page
 * is made writable.
 */
static void check_image_and_wx(const char *name)
{
	u64 e, *pte;
	int s;

	tap_eq(image_flags((unsigned long)image), _PAGE_PRESENT, "%s: text is read-only and executable", name);
	tap_eq(image_flags((unsigned long)image + 0x2000), _PAGE_PRESENT | _PAGE_NX, "%s: rodata is read-only", name);
	tap_eq(image_flags((unsigned long)image + 0x7000), _PAGE_PRESENT | _PAGE_RW | _PAGE_NX,
	       "%s: BSS is writable and not executable", name);
	s = host_pt_entry(host_cr3, fix_to_virt(FIX_BTMAP_BEGIN), PAGE_SHIFT, page_offset_base, &e);
	tap_eq(s, PAGE_SHIFT, "%s: the fixmap's slots survive the switch", name);
	tap_eq(host_pt_walk(host_cr3, LOAD_PHYSICAL_ADDR, page_offset_base, &e), 0,
	       "%s: no identity map", name);
	tap_ok(strstr(log_buf, "x86/mm: Checked W+X mappings: passed, no W+X pages found.") != NULL,
	       "%s: the W+X check passed", name);
	pte = (u64 *)pte_offset_kernel(pmd_offset(pud_offset(p4d_offset(pgd_offset_k((unsigned long)image),
		(unsigned long)image), (unsigned long)image), (unsigned long)image), (unsigned long)image);
	*pte |= _PAGE_RW;
	capture_clear();
	tap_ok(!ptdump_walk_pgd_level_checkwx(), "%s: a writable text page fails the check", name);
	tap_ok(strstr(log_buf, "x86/mm: Checked W+X mappings: FAILED, 1 W+X pages found.") != NULL,
	       "%s: with Linux's message", name);
	*pte &= ~_PAGE_RW;
}

static char log_copy[sizeof(log_buf)];

static void run(const char *name, const struct ram *ram, int n, bool gb)
{
	machine_init(ram, n, gb);
	init_mem_mapping();
	memcpy(log_copy, log_buf, sizeof(log_buf));
	check_direct_map(name, ram, n, gb);
	check_image_and_wx(name);
}

/*
 * q35, 512 MiB:  [0, 0x9fc00) [1 MiB, 0x1ffdf000)
 *
 * Expect: Linux's four init_memory_mapping lines, in its order, the ISA
 * range first and then RAM from the top down.
 */
static void q35_512m_check(void)
{
	static const struct ram ram[] = { { 0, 0x9fc00 }, { SZ_1M, 0x1ffdf000 } };
	const char *top, *low;

	run("q35 512M", ram, ARRAY_SIZE(ram), true);
	tap_ok(strstr(log_copy, "init_memory_mapping: [mem 0x00000000-0x000fffff]\n") &&
	       strstr(log_copy, "init_memory_mapping: [mem 0x1fc00000-0x1fdfffff]\n") &&
	       strstr(log_copy, "init_memory_mapping: [mem 0x00100000-0x1fbfffff]\n") &&
	       strstr(log_copy, " [mem 0x00200000-0x1fbfffff] page 2M\n") &&
	       strstr(log_copy, "init_memory_mapping: [mem 0x1fe00000-0x1ffdefff]\n"),
	       "q35 512M: Linux's init_memory_mapping lines");
	top = strstr(log_copy, "[mem 0x1fc00000");
	low = strstr(log_copy, "[mem 0x00100000-0x1fbfffff]");
	tap_ok(top && low && top < low, "q35 512M: RAM is mapped from the top down");
}

/*
 * pc, 4.5 GiB:  [0, 0x9fc00) [1 MiB, 3.5 GiB)  hole  [4 GiB, 5 GiB)
 * and RAM with a memmap= hole:  [1 MiB, 1 GiB) hole [1.25 GiB, 3 GiB)
 *
 * Expect: D1-D3 with and without 1 GiB pages; the hole unmapped.
 */
static void holes_check(void)
{
	static const struct ram pc[] = { { 0, 0x9fc00 }, { SZ_1M, 0xe0000000 },
					 { SZ_4G, SZ_4G + SZ_1G } };
	static const struct ram memmap[] = { { 0, 0x9fc00 }, { SZ_1M, SZ_1G },
					     { SZ_1G + SZ_256M, 3ULL * SZ_1G } };

	run("pc 4.5G gbpages", pc, ARRAY_SIZE(pc), true);
	run("pc 4.5G no gbpages", pc, ARRAY_SIZE(pc), false);
	run("memmap hole gbpages", memmap, ARRAY_SIZE(memmap), true);
	run("memmap hole no gbpages", memmap, ARRAY_SIZE(memmap), false);
}

/*
 * Three ranges mapped out of order, the last one bridging the other two:
 *
 *   pfn  0        0x200      0x400      0x600
 *        [ first  )          [ second   )
 *                 [ bridge   )
 *
 * Expect: pfn_range_is_mapped() says yes for [0, 0x600), across both
 * joins, as Linux's add_range_with_merge() table does; and no for a
 * range that runs one page past the end.
 */
static void pfn_mapped_merge_check(void)
{
	static const struct ram ram[] = { { 0, 0x9fc00 }, { SZ_1M, SZ_1G } };

	machine_init(ram, ARRAY_SIZE(ram), true);
	init_memory_mapping(0, 0x200000, PAGE_KERNEL);
	init_memory_mapping(0x400000, 0x600000, PAGE_KERNEL);
	tap_ok(!pfn_range_is_mapped(0, 0x600), "pfn_mapped: the gap is not mapped yet");
	init_memory_mapping(0x200000, 0x400000, PAGE_KERNEL);
	tap_ok(pfn_range_is_mapped(0, 0x600), "pfn_mapped: touching ranges answer as one");
	tap_ok(pfn_range_is_mapped(0x1ff, 0x401), "pfn_mapped: a range across both joins");
	tap_ok(!pfn_range_is_mapped(0, 0x601), "pfn_mapped: one page past the end is not");
}

/*
 * Separate pages at 8 GiB, where there is no RAM to promote them to 2 MiB
 * pages, one every 8 KiB, mapped one at a time until
 * the table of mapped ranges (E820_MAX_ENTRIES slots) is full. The
 * earlier cases left a few ranges there, so the page that finds no slot
 * is at most the (E820_MAX_ENTRIES + 1)th.
 *
 *   pfn  0x200000 0x200002 0x200004 ...  0x200000 + 2k
 *        [p0]     [p1]     [p2]     ...  [pk]  <- no slot: warned
 *
 * Expect: a warning naming page k's range, within E820_MAX_ENTRIES + 1
 * pages; page k is not recorded, every page before it is.
 */
static void pfn_mapped_full_check(void)
{
	static const struct ram ram[] = { { 0, 0x9fc00 }, { SZ_1M, SZ_1G } };
	const unsigned long base = PFN_DOWN(SZ_8G);
	char line[96];
	unsigned long k;
	bool found = true;

	machine_init(ram, ARRAY_SIZE(ram), true);
	for (k = 0; k <= E820_MAX_ENTRIES; k++) {
		unsigned long pfn = base + 2 * k;

		init_memory_mapping(PFN_PHYS(pfn), PFN_PHYS(pfn + 1), PAGE_KERNEL);
		if (strstr(log_buf, "no slot left"))
			break;
	}
	tap_ok(k <= E820_MAX_ENTRIES, "pfn_mapped full: the table fills within %d ranges (k = %lu)",
	       E820_MAX_ENTRIES + 1, k);
	for (unsigned long i = 0; i < k; i++)
		found = found && pfn_range_is_mapped(base + 2 * i, base + 2 * i + 1);
	tap_ok(found, "pfn_mapped full: every page before the warning is recorded");
	tap_ok(!pfn_range_is_mapped(base + 2 * k, base + 2 * k + 1),
	       "pfn_mapped full: the page that found no slot is not");
	snprintf(line, sizeof(line), "init_memory_mapping: no slot left to record [mem %#010llx-%#010llx] as mapped",
		 PFN_PHYS(base + 2 * k), PFN_PHYS(base + 2 * k + 1) - 1);
	tap_ok(logged(line), "pfn_mapped full: the warning names the range");
}

/* The table pages below the direct map's PGD entries, by a raw walk */
static unsigned long direct_map_tables(void)
{
	const u64 *pgd = __va(host_cr3 & PTE_PFN_MASK), present_table = _PAGE_PRESENT;
	unsigned long n = 0, first = pgd_index(PAGE_OFFSET), last = pgd_index(PAGE_OFFSET + SIM_SPACE - 1);

	for (unsigned long i = first; i <= last; i++) {
		const u64 *pud = __va(pgd[i] & PTE_PFN_MASK);

		if (!(pgd[i] & present_table))
			continue;
		n++;
		for (int j = 0; j < PTRS_PER_PUD; j++) {
			const u64 *pmd = __va(pud[j] & PTE_PFN_MASK);

			if (!(pud[j] & _PAGE_PRESENT) || (pud[j] & _PAGE_PSE))
				continue;
			n++;
			for (int k = 0; k < PTRS_PER_PMD; k++)
				n += (pmd[k] & _PAGE_PRESENT) && !(pmd[k] & _PAGE_PSE);
		}
	}
	return n;
}

/* Benchmark: page-table pages of the direct map alone, 1, 4 and 16 GiB */
static void pgt_pages_report(void)
{
	static const u64 sizes[] = { SZ_1G, SZ_4G, SZ_16G };

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (int gb = 1; gb >= 0; gb--) {
			struct ram ram[] = { { 0, 0x9fc00 }, { SZ_1M, sizes[i] } };

			machine_init(ram, 2, gb);
			init_mem_mapping();
			tap_diag("direct map of %llu GiB, %s 1 GiB pages: %lu page-table pages",
				 sizes[i] >> 30, gb ? "with" : "without", direct_map_tables());
		}
	}
}

int main(void)
{
	void *mem = host_phys_mem_reserve(SIM_SPACE);

	page_offset_base = (unsigned long)mem;
	console_loglevel = CONSOLE_LOGLEVEL_DEBUG;
	register_console(&capture);
	pfn_mapped_merge_check();
	q35_512m_check();
	holes_check();
	pfn_mapped_full_check();
	pgt_pages_report();
	host_phys_mem_release(mem, SIM_SPACE);
	return tap_done();
}

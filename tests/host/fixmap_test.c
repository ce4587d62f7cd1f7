// SPDX-License-Identifier: GPL-2.0-only
/*
 * fixmap_test.c - mm/early_ioremap.c (book/fixmap.nw) on a simulated machine.
 *
 * Physical memory is host address space at page_offset_base; the "boot page
 * tables" are built in it as the boot chapter builds them, CR3 is host_cr3,
 * and every result is checked with host_pt_walk(), a page-table walk that
 * shares no code with the kernel's pgtable.h.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/printk.h>
#include <asm/pgtable.h>
#include <asm/fixmap.h>
#include <asm/early_ioremap.h>
#include "tap.h"
#include "capture.h"

/* What head64.c and panic.c provide in the kernel */
unsigned long page_offset_base, vmalloc_base, vmemmap_base;
unsigned long max_pfn_mapped;
char _text[PAGE_SIZE];

#define SIM_RAM		SZ_8G		/* simulated physical memory */
#define BOOT_PGD	0x1000		/* where the fake boot tables live */
#define BOOT_PUD	0x2000
#define BOOT_PMD	0x3000
#define FIRMWARE_TABLE	0xdffe0000ULL	/* ACPI tables on pc with 3.5 GiB of RAM */
#define APIC_PHYS	0xfee00000ULL	/* the local APIC's registers */

/* Everything printk() prints, for checking messages */
static int walk(unsigned long va, u64 *leaf)
{
	return host_pt_walk(host_cr3, va, page_offset_base, leaf);
}

/*
 * Boot page tables, as chapter boot leaves them:
 *
 *   CR3 -> PGD[511] -> PUD[510] -> PMD: 512 x 2 MiB, the kernel's GiB
 *                      PUD[511] -> (none)
 */
static void boot_tables_init(void)
{
	u64 *pgd = __va(BOOT_PGD), *pud = __va(BOOT_PUD), *pmd = __va(BOOT_PMD);

	memset(pgd, 0, PAGE_SIZE);
	memset(pud, 0, PAGE_SIZE);
	for (int i = 0; i < PTRS_PER_PMD; i++)
		pmd[i] = ((u64)i << PMD_SHIFT) | __PAGE_KERNEL_LARGE_EXEC;
	pgd[PTRS_PER_PGD - 1] = BOOT_PUD | _KERNPG_TABLE;
	pud[PTRS_PER_PUD - 2] = BOOT_PMD | _KERNPG_TABLE;
	host_cr3 = BOOT_PGD;
}

/*
 * Expect: after early_ioremap_init() every fixmap address, permanent or
 * slot, has a PTE (not yet present) reachable from CR3; the kernel's GiB
 * is still mapped; init_top_pgt's last entry is the boot PGD's.
 */
static void early_ioremap_init_check(void)
{
	u64 e, *boot_pgd = __va(BOOT_PGD);
	bool all = true;

	early_ioremap_init();
	for (unsigned int i = 0; i < __end_of_fixed_addresses; i++) {
		if (i >= __end_of_permanent_fixed_addresses && i < FIX_BTMAP_END)
			continue;	/* the gap before the slots has no table */
		if (host_pt_entry(host_cr3, fix_to_virt(i), PAGE_SHIFT, page_offset_base, &e) !=
		    PAGE_SHIFT || e)
			all = false;
	}
	tap_ok(all, "every fixmap index has an empty PTE after early_ioremap_init()");
	tap_eq(walk(__START_KERNEL_map + SZ_2M, &e), PMD_SHIFT, "the kernel's GiB is still mapped");
	tap_eq(pgd_val(init_top_pgt[PTRS_PER_PGD - 1]), boot_pgd[PTRS_PER_PGD - 1],
	       "init_top_pgt shares the top PGD entry with the boot tables");
	tap_ok(early_ioremap_check_invariants(), "F3 holds with no slot in use");
}

/*
 *   phys 0xdffe0000 (beyond the boot map's 1 GiB)
 *        |
 *   slot 0: [FIX_BTMAP_BEGIN] -> 0xdffe0000
 *
 * Expect: the address returned is slot 0's plus the table's page offset,
 * and it translates to the table's physical address, cached, writable,
 * with NX only once NX is a supported bit.
 */
static void early_memremap_firmware_table_check(void)
{
	u64 leaf;
	void *p = early_memremap(FIRMWARE_TABLE + 0x24, 0x24);
	unsigned long va = (unsigned long)p;
	int shift = walk(va, &leaf);

	tap_eq(va, fix_to_virt(FIX_BTMAP_BEGIN) + 0x24, "slot 0, offset kept");
	tap_eq(shift, PAGE_SHIFT, "mapped with a 4 KiB page");
	tap_eq(host_pt_phys(leaf, shift, va), FIRMWARE_TABLE + 0x24, "translates to the table");
	tap_ok((leaf & _PAGE_RW) && !(leaf & (_PAGE_PCD | _PAGE_PWT)), "writable and cached");
	tap_ok(!(leaf & _PAGE_NX), "no NX bit while EFER.NXE is off");
	tap_ok(early_ioremap_check_invariants(), "F3 holds with slot 0 in use");
	early_memunmap(p, 0x24);
	tap_eq(walk(va, &leaf), 0, "unmapped after early_memunmap()");

	__supported_pte_mask |= _PAGE_NX;
	p = early_memremap(FIRMWARE_TABLE, PAGE_SIZE);
	walk((unsigned long)p, &leaf);
	tap_ok(leaf & _PAGE_NX, "NX once it is supported");
	early_memunmap(p, PAGE_SIZE);
	p = early_ioremap(APIC_PHYS, PAGE_SIZE);
	walk((unsigned long)p, &leaf);
	tap_ok((leaf & _PAGE_PCD) && (leaf & _PAGE_NX), "early_ioremap() maps uncached and NX");
	early_iounmap(p, PAGE_SIZE);
	__supported_pte_mask &= ~_PAGE_NX;
	tap_ok(early_ioremap_check_invariants(), "F3 holds after unmapping");
}

/*
 *          0x1ff000        0x200000        0x201000
 *   phys   |      [xxxxxxxx|xxxxxxxx]      |
 *                 0x1ffff8        0x200008
 *
 * Expect: 16 bytes across a page boundary take two PTEs of slot 0, for
 * the two pages in order, and the address keeps the offset 0xff8.
 */
static void early_memremap_spanning_check(void)
{
	const u64 start = SZ_2M - 8;
	void *p = early_memremap(start, 16);
	unsigned long va = (unsigned long)p;
	u64 leaf;
	int s;

	tap_eq(va & ~PAGE_MASK, start & ~PAGE_MASK, "the page offset is kept");
	s = walk(va, &leaf);
	tap_eq(host_pt_phys(leaf, s, va), start, "the first byte maps to 0x1ffff8");
	s = walk(va + 8, &leaf);
	tap_eq(host_pt_phys(leaf, s, va + 8), SZ_2M, "the ninth byte maps to 0x200000");
	tap_eq(walk(va + PAGE_SIZE + 8, &leaf), 0, "a third page is not mapped");
	tap_ok(early_ioremap_check_invariants(), "F3 holds for a two-page mapping");
	early_memunmap(p, 16);
	tap_eq(walk(va + 8, &leaf), 0, "both pages unmapped");
}

/*
 *   slots:  [0][1][2][3][4][5][6][7]  all in use
 *   ninth:  -> NULL, "not found slot"
 *
 * Expect: eight mappings succeed at the eight slots' addresses, the ninth
 * is refused with Linux's warning, and unmapping one frees it for reuse.
 */
static void early_memremap_slots_check(void)
{
	void *maps[FIX_BTMAPS_SLOTS], *p;
	bool distinct = true;
	int i;

	for (i = 0; i < FIX_BTMAPS_SLOTS; i++) {
		maps[i] = early_memremap((u64)i * PAGE_SIZE, PAGE_SIZE);
		if ((unsigned long)maps[i] != fix_to_virt(FIX_BTMAP_BEGIN - NR_FIX_BTMAPS * i))
			distinct = false;
	}
	tap_ok(distinct, "eight mappings take the eight slots in order");
	capture_clear();
	p = early_memremap(FIRMWARE_TABLE, PAGE_SIZE);
	tap_ok(p == NULL, "the ninth mapping is refused");
	tap_ok(strstr(log_buf, "------------[ cut here ]------------") &&
	       strstr(log_buf, "__early_ioremap(0x00000000dffe0000, 00001000) not found slot") &&
	       strstr(log_buf, "WARNING: CPU: 0 PID: 0 at "),
	       "with Linux's WARN message");
	tap_ok(early_ioremap_check_invariants(), "F3 holds with every slot in use");
	early_memunmap(maps[3], PAGE_SIZE);
	p = early_memremap(FIRMWARE_TABLE, PAGE_SIZE);
	tap_eq((unsigned long)p, (unsigned long)maps[3], "a freed slot is reused");
	maps[3] = p;
	for (i = 0; i < FIX_BTMAPS_SLOTS; i++)
		early_memunmap(maps[i], PAGE_SIZE);
	tap_ok(early_ioremap_check_invariants(), "F3 holds when all are unmapped");
}

/*
 *   64 pages:            [================================] fits a slot
 *   64 pages + 1 byte:   [================================]x needs 65: refused
 *   size 0, and a range that wraps past 2^64: refused
 *
 * Expect: the largest mapping that fits succeeds; the others return NULL
 * with a warning and use no slot.
 */
static void early_memremap_sizes_check(void)
{
	const unsigned long slot_bytes = NR_FIX_BTMAPS * PAGE_SIZE;
	void *p = early_memremap(0, slot_bytes);
	u64 leaf;

	tap_ok(p != NULL, "a mapping of exactly %d pages succeeds", NR_FIX_BTMAPS);
	tap_eq(walk((unsigned long)p + slot_bytes - 1, &leaf), PAGE_SHIFT, "its last page is mapped");
	early_memunmap(p, slot_bytes);
	capture_clear();
	tap_ok(early_memremap(PAGE_SIZE - 1, slot_bytes) == NULL, "one byte more is 65 pages: refused");
	tap_ok(strstr(log_buf, "WARNING:") != NULL, "with a warning");
	tap_ok(early_memremap(0, 0) == NULL, "size 0 is refused");
	tap_ok(early_memremap(~0ULL - PAGE_SIZE + 1, 2 * PAGE_SIZE) == NULL,
	       "a range that wraps around is refused");
	tap_ok(early_ioremap_check_invariants(), "F3 holds: no slot was taken");
}

/*
 *   map 100 bytes, unmap with 200:   refused, slot kept
 *   unmap an address never mapped:   refused
 *
 * Expect: Linux's two messages, the mapping stays intact, and the right
 * unmapping then works.
 */
static void early_memunmap_mismatch_check(void)
{
	void *p = early_memremap(FIRMWARE_TABLE, 100);
	u64 leaf;

	capture_clear();
	early_memunmap(p, 200);
	tap_ok(strstr(log_buf, "size not consistent 00000064") != NULL, "a wrong size is reported");
	tap_eq(walk((unsigned long)p, &leaf), PAGE_SHIFT, "and the mapping is kept");
	tap_ok(early_ioremap_check_invariants(), "F3 holds");
	capture_clear();
	early_memunmap((char *)p + PAGE_SIZE, 100);
	tap_ok(strstr(log_buf, "not found slot") != NULL, "an unknown address is reported");
	early_memunmap(p, 100);
	tap_eq(walk((unsigned long)p, &leaf), 0, "the right unmapping works");
}

/*
 *   FIX_APIC_BASE -> 0xfee00000, then uncached, then cleared
 *
 * Expect: set_fixmap() writes the permanent PTE of the index, with the
 * protection asked for; clear_fixmap() removes it; virt_to_fix() inverts
 * fix_to_virt() on every permanent index (from VSYSCALL_PAGE on: index 0
 * would be FIXADDR_TOP itself, outside the fixmap, and is never used).
 */
static void set_fixmap_check(void)
{
	unsigned long va = fix_to_virt(FIX_APIC_BASE);
	bool inverse = true;
	u64 leaf;
	int s;

	set_fixmap(FIX_APIC_BASE, APIC_PHYS);
	s = walk(va, &leaf);
	tap_eq(host_pt_phys(leaf, s, va), APIC_PHYS, "set_fixmap() maps the page at fix_to_virt()");
	tap_ok(!(leaf & _PAGE_PCD), "cached");
	set_fixmap_nocache(FIX_APIC_BASE, APIC_PHYS);
	walk(va, &leaf);
	tap_ok((leaf & _PAGE_PCD) && (leaf & _PAGE_PWT), "set_fixmap_nocache() maps uncached");
	clear_fixmap(FIX_APIC_BASE);
	tap_eq(walk(va, &leaf), 0, "clear_fixmap() unmaps");
	for (unsigned int i = VSYSCALL_PAGE; i < __end_of_permanent_fixed_addresses; i++)
		if (virt_to_fix(fix_to_virt(i)) != i)
			inverse = false;
	tap_ok(inverse, "virt_to_fix(fix_to_virt(i)) == i for every permanent index");
	tap_eq(fix_to_virt(VSYSCALL_PAGE), VSYSCALL_ADDR, "the vsyscall page is at the ABI's address");
}

int main(void)
{
	void *mem = host_phys_mem_reserve(SIM_RAM);

	page_offset_base = (unsigned long)mem;
	register_console(&capture);
	boot_tables_init();
	early_ioremap_init_check();
	early_memremap_firmware_table_check();
	early_memremap_spanning_check();
	early_memremap_slots_check();
	early_memremap_sizes_check();
	early_memunmap_mismatch_check();
	set_fixmap_check();
	host_phys_mem_release(mem, SIM_RAM);
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * e820_fuzz.c - libFuzzer target for the e820 path (book/e820.nw) and the
 * memblock setup that follows it (book/memblock.nw), from a raw zero page.
 *
 * The input is struct boot_params as a loader or the real-mode setup code
 * might leave it (truncated or zero-padded to its 4096 bytes): a hostile
 * e820_entries count (up to 255 for room for 128), entries that overlap,
 * nest, wrap past 2^64 or have unknown types, and the e801/88 sizes of the
 * fallback. Each input runs what setup_arch() runs:
 *
 *   e820__memory_setup_default()  copy, check and sanitise the BIOS map
 *   e820__memblock_setup()        hand its RAM to memblock
 *   trim_bios_range(), e820__end_of_ram_pfn()
 *
 * and then checks, with code of its own:
 *   - the table: at most E820_MAX_ENTRIES entries, sorted, disjoint,
 *     none empty or wrapping (E1, E2, E4);
 *   - if the BIOS map was used: at the first and last byte of every BIOS
 *     entry, the sanitised type is the largest type of the BIOS entries
 *     covering that byte (e820's rule for overlaps), or none;
 *   - memblock: its own invariants (memblock_check_invariants()), and
 *     every memory region inside the table's RAM;
 *   - max_pfn at most MAX_ARCH_PFN.
 * A broken check, a crash or a sanitizer report stops the run.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <asm/bootparam.h>
#include <asm/e820/api.h>
#include <asm/memblock_setup.h>
#include "../host/memblock_reset.h"

#define PHYS_SIZE	SZ_4M	/* memblock may put a doubled array here */

struct boot_params boot_params;
char boot_command_line[COMMAND_LINE_SIZE];
unsigned long page_offset_base;
unsigned long max_pfn_mapped;
char _text[1], _end[1];
static u8 phys_mem[PHYS_SIZE] __aligned(SZ_4K);
void panic(const char *fmt, ...)
{
	(void)fmt;
	__builtin_trap();	/* nothing on this path may panic */
}

static void check(bool cond)
{
	if (!cond)
		__builtin_trap();
}

static void reset(void)
{
	memblock_reset(PHYS_SIZE);
	page_offset_base = (unsigned long)phys_mem;
	max_pfn_mapped = PHYS_SIZE >> PAGE_SHIFT;
	e820_table->nr_entries = 0;
	e820_table_firmware->nr_entries = 0;
	max_pfn = max_low_pfn = 0;
}

/* The type the table gives byte @pa, or 0 if none */
static u32 table_type_at(u64 pa)
{
	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (e->addr <= pa && pa - e->addr < e->size)
			return e->type;
	}
	return 0;
}

/* The largest type of the BIOS entries covering byte @pa, or 0 */
static u32 bios_type_at(const struct boot_e820_entry *bios, u32 n, u64 pa)
{
	u32 type = 0;

	for (u32 i = 0; i < n; i++)
		if (bios[i].addr <= pa && pa - bios[i].addr < bios[i].size)
			type = max(type, bios[i].type);
	return type;
}

static void check_table(void)
{
	const struct e820_table *t = e820_table;

	check(t->nr_entries <= E820_MAX_ENTRIES);
	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		check(e->size && e->addr + e->size > e->addr && e->type);
		if (i + 1 < t->nr_entries)
			check(e->addr + e->size <= t->entries[i + 1].addr);
	}
}

/* Sanitising keeps, at every BIOS entry's ends, the winning type */
static void check_against_bios(const struct boot_params *bp)
{
	u32 n = min_t(u32, bp->e820_entries, E820_MAX_ENTRIES_ZEROPAGE);

	for (u32 i = 0; i < n; i++) {
		const struct boot_e820_entry *b = &bp->e820_table[i];
		u64 first = b->addr, last = b->addr + b->size - 1;

		if (!b->size)
			continue;
		check(table_type_at(first) == bios_type_at(bp->e820_table, n, first));
		check(table_type_at(last) == bios_type_at(bp->e820_table, n, last));
	}
}

/* Every memblock memory region lies in RAM (or kernel-held RAM) of the table */
static void check_memblock(void)
{
	struct memblock_region *r;

	check(memblock_check_invariants() == NULL);
	for_each_mem_region(r) {
		u64 at = r->base, end = r->base + r->size;

		while (at < end) {
			u32 type = table_type_at(at);
			u64 next = at;

			check(type == E820_TYPE_RAM || type == E820_TYPE_RESERVED_KERN);
			for (u32 i = 0; i < e820_table->nr_entries; i++) {
				const struct e820_entry *e = &e820_table->entries[i];

				if (e->addr <= at && at - e->addr < e->size)
					next = e->addr + e->size;
			}
			at = next;
		}
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct boot_params input;
	const char *who;

	reset();
	memset(&input, 0, sizeof(input));
	memcpy(&input, data, min(size, sizeof(input)));
	memcpy(&boot_params, &input, sizeof(input));

	who = e820__memory_setup_default();
	check_table();
	if (!strcmp(who, "BIOS-e820"))
		check_against_bios(&input);
	e820__memblock_setup();
	check_memblock();
	trim_bios_range();
	check_table();
	max_pfn = e820__end_of_ram_pfn();
	check(max_pfn <= MAX_ARCH_PFN);
	return 0;
}

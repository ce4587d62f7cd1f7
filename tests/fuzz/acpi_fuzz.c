// SPDX-License-Identifier: GPL-2.0-only
/*
 * acpi_fuzz.c - libFuzzer target for the firmware-table parsers
 * (drivers/acpi/tables.c from book/acpi.nw).
 *
 * The input is a PC's low memory as firmware might leave it:
 *
 *   bytes 0-1    the EBDA segment, stored at physical 0x40E
 *   bytes 2-9    boot_params.acpi_rsdp_addr (little-endian)
 *   bytes 10-    copied to physical 0xE0000 onwards: the BIOS area the
 *                RSDP scan searches, and whatever tables follow it
 *
 * The simulated physical memory is 2 MiB; everything outside the input is
 * zero. The kernel reads it through its direct map (page_offset_base), so
 * any read outside the 2 MiB, and any other memory error or undefined
 * behaviour, is caught by ASan or UBSan. After the table walk, the NUMA
 * code (book/numa.nw) parses whatever SRAT and SLIT were found, on a
 * memblock with memory at [0x1000, 0x9f000) and [1.5 MiB, 2 MiB). After
 * each run the table list must satisfy invariants A1-A4 and the NUMA
 * state N1-N3.
 *
 * A mutated table almost never sums to zero, and the kernel drops a table
 * whose checksum is wrong before any parser sees it. So before the walk
 * the harness follows the chain itself (RSDP, RSDT or XSDT, each table it
 * lists, the FADT's DSDT) and rewrites each checksum byte, leaves first,
 * so that the SRAT and SLIT parsers see the mutated bytes. One input in
 * UNFIXED_ONE_IN (chosen by a hash of the input, so a run replays) is left
 * as mutated, to keep the checksum path exercised.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/acpi.h>
#include <linux/memblock.h>
#include <asm/numa.h>
#include <asm/setup.h>
#include <asm/page.h>
#include "../host/early_memremap_double.h"

#define PHYS_SIZE	SZ_2M
#define INPUT_BASE	ACPI_HI_RSDP_WINDOW_BASE
#define HEADER_BYTES	10
#define UNFIXED_ONE_IN	8
#define HEADER_LENGTH	36	/* an ACPI table header */
#define CHECKSUM_AT	9	/* its checksum byte */
#define FADT_DSDT_AT	40	/* the FADT's 32-bit DSDT address */
#define FADT_X_DSDT_AT	140	/* and its 64-bit one */

struct boot_params boot_params;
unsigned long page_offset_base;
unsigned long max_pfn_mapped;
static u8 phys_mem[PHYS_SIZE] __aligned(SZ_4K);
static struct memblock_region *memory_regions, *reserved_regions;

void panic(const char *fmt, ...)
{
	(void)fmt;
	__builtin_trap();
}

static void reset_type(struct memblock_type *type, struct memblock_region *regions,
		       unsigned long max)
{
	memset(regions, 0, max * sizeof(*regions));
	regions[0].nid = MAX_NUMNODES;
	type->regions = regions;
	type->cnt = 1;
	type->max = max;
	type->total_size = 0;
}

static void reset_memblock(void)
{
	if (!memory_regions) {
		memory_regions = memblock.memory.regions;
		reserved_regions = memblock.reserved.regions;
	}
	reset_type(&memblock.memory, memory_regions, INIT_MEMBLOCK_REGIONS);
	reset_type(&memblock.reserved, reserved_regions, INIT_MEMBLOCK_RESERVED_REGIONS);
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_add(0x1000, 0x9f000 - 0x1000);
	memblock_add(SZ_1M + SZ_512K, SZ_512K);
}

/*
 * ---- checksum fix-up: the harness's own walk, not the kernel's ----
 * Not instrumented: its comparisons are no coverage of the kernel's, and
 * tracing them cost a third of the run time.
 */
#define HARNESS __attribute__((no_sanitize("coverage")))

HARNESS static bool is_sig(u64 pa, const char *sig, int len)
{
	for (int i = 0; i < len; i++)
		if (phys_mem[pa + i] != (u8)sig[i])
			return false;
	return true;
}

HARNESS static bool in_phys(u64 pa, u64 len)
{
	return pa < PHYS_SIZE && len <= PHYS_SIZE - pa;
}

HARNESS static u64 read_le(u64 pa, int bytes)
{
	u64 v = 0;

	if (in_phys(pa, bytes))
		memcpy(&v, phys_mem + pa, bytes);
	return v;
}

/* Make [@pa, @pa + @len) sum to zero through the byte at @pa + @at */
HARNESS static void fix_sum(u64 pa, u64 len, u64 at)
{
	u8 sum = 0;

	if (!in_phys(pa, len) || at >= len)
		return;
	phys_mem[pa + at] = 0;
	for (u64 i = 0; i < len; i++)
		sum += phys_mem[pa + i];
	phys_mem[pa + at] = -sum;
}

/* A table with a standard header; the FACS has neither header nor sum */
HARNESS static void fix_table(u64 pa)
{
	if (!in_phys(pa, HEADER_LENGTH) || is_sig(pa, "FACS", 4))
		return;
	fix_sum(pa, read_le(pa + 4, 4), CHECKSUM_AT);
}

HARNESS static u64 find_rsdp(void)
{
	u64 pa = boot_params.acpi_rsdp_addr;
	u64 ebda = read_le(ACPI_EBDA_PTR_LOCATION, 2) << 4;

	if (in_phys(pa, 8) && is_sig(pa, "RSD PTR ", 8))
		return pa;
	for (pa = ebda; ebda && pa < ebda + ACPI_EBDA_WINDOW_SIZE; pa += 16)
		if (in_phys(pa, 8) && is_sig(pa, "RSD PTR ", 8))
			return pa;
	for (pa = ACPI_HI_RSDP_WINDOW_BASE;
	     pa < ACPI_HI_RSDP_WINDOW_BASE + ACPI_HI_RSDP_WINDOW_SIZE; pa += 16)
		if (is_sig(pa, "RSD PTR ", 8))
			return pa;
	return 0;
}

/* Every table the root lists (and the FADT's DSDT), then the root, then the RSDP */
HARNESS static void fix_checksums(void)
{
	u64 rsdp = find_rsdp(), root, table, len;
	int entry = 4;

	if (!rsdp || !in_phys(rsdp, ACPI_RSDP_XCHECKSUM_LENGTH))
		return;
	root = read_le(rsdp + 16, 4);
	if (phys_mem[rsdp + 15] > 1 && read_le(rsdp + 24, 8)) {
		root = read_le(rsdp + 24, 8);
		entry = 8;
	}
	len = read_le(root + 4, 4);
	for (u64 off = HEADER_LENGTH; in_phys(root, len) && off + entry <= len; off += entry) {
		table = read_le(root + off, entry);
		if (in_phys(table, 4) && is_sig(table, "FACP", 4)) {
			fix_table(read_le(table + FADT_DSDT_AT, 4));
			fix_table(read_le(table + FADT_X_DSDT_AT, 8));
		}
		fix_table(table);
	}
	fix_table(root);
	fix_sum(rsdp, ACPI_RSDP_CHECKSUM_LENGTH, 8);
	if (phys_mem[rsdp + 15] > 1)
		fix_sum(rsdp, ACPI_RSDP_XCHECKSUM_LENGTH, 32);
}

HARNESS static bool leave_unfixed(const u8 *data, size_t size)
{
	u32 hash = 2166136261u;		/* FNV-1a */

	for (size_t i = 0; i < size; i++)
		hash = (hash ^ data[i]) * 16777619u;
	return hash % UNFIXED_ONE_IN == 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t n;

	if (size < HEADER_BYTES)
		return 0;
	page_offset_base = (unsigned long)phys_mem;
	max_pfn_mapped = PHYS_SIZE >> PAGE_SHIFT;
	memset(phys_mem, 0, PHYS_SIZE);
	memcpy(phys_mem + ACPI_EBDA_PTR_LOCATION, data, 2);
	memset(&boot_params, 0, sizeof(boot_params));
	memcpy(&boot_params.acpi_rsdp_addr, data + 2, sizeof(u64));
	n = min(size - HEADER_BYTES, (size_t)(PHYS_SIZE - INPUT_BASE));
	memcpy(phys_mem + INPUT_BASE, data + HEADER_BYTES, n);
	if (!leave_unfixed(data, size))
		fix_checksums();

	acpi_disabled = false;
	reset_memblock();
	acpi_boot_table_init();
	if (!acpi_check_invariants())
		__builtin_trap();
	initmem_init();
	if (!numa_check_invariants() || early_map_errors || early_maps_live())
		__builtin_trap();
	return 0;
}

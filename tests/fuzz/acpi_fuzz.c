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

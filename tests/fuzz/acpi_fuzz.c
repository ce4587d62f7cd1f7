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
 * behaviour, is caught by ASan or UBSan. After each run the table list
 * must satisfy invariants A1-A3.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/acpi.h>
#include <asm/setup.h>
#include <asm/page.h>

#define PHYS_SIZE	SZ_2M
#define INPUT_BASE	ACPI_HI_RSDP_WINDOW_BASE
#define HEADER_BYTES	10

struct boot_params boot_params;
unsigned long page_offset_base;
unsigned long max_pfn_mapped;
static u8 phys_mem[PHYS_SIZE] __aligned(SZ_4K);

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
	acpi_table_init();
	if (!acpi_check_invariants())
		__builtin_trap();
	return 0;
}

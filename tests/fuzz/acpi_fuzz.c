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
 * memblock with memory at [0x1000, 0x9f000) and [1.5 MiB, 2 MiB); then
 * the APIC chapter (book/apic.nw) reads the FADT's PM timer, the MADT and
 * the HPET table and counts the processors, as setup_arch() does, with a
 * simulated local APIC (APIC id 0) and an I/O APIC answering at every
 * mapped address with bit 12 clear (elsewhere its registers read all
 * ones). After each run the table list must satisfy invariants A1-A4, the
 * NUMA state N1-N3, the processor table P1-P3 and the I/O APICs I1-I2.
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
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include "../host/early_memremap_double.h"
#include "../host/memblock_reset.h"

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
struct cpuinfo_x86 boot_cpu_data;
static u8 phys_mem[PHYS_SIZE] __aligned(SZ_4K);
static u64 fixmap_io[MAX_IO_APICS];	/* what each FIX_IO_APIC_BASE_n maps */
#define SIM_IOAPIC_ABSENT	BIT(12)	/* no I/O APIC where this bit is set */

/* ---- simulated hardware behind the APIC chapter's accessors ---- */
u32 apic_read(u32 reg)
{
	return reg == APIC_LVR ? 0x00050014 : 0;	/* APIC id 0, version 0x14 */
}

void apic_write(u32 reg, u32 v)
{
	(void)reg;
	(void)v;
}

void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot)
{
	if (idx >= FIX_IO_APIC_BASE_0 && idx <= FIX_IO_APIC_BASE_END)
		fixmap_io[idx - FIX_IO_APIC_BASE_0] = pgprot_val(prot) ? phys : 0;
}

unsigned int io_apic_read(unsigned int apic, unsigned int reg)
{
	u64 phys = fixmap_io[apic];

	if (!phys || (phys & SIM_IOAPIC_ABSENT))
		return U32_MAX;
	if (reg == IO_APIC_REG_VERSION)
		return (23 << 16) | 0x20;		/* 24 pins */
	return (u32)(phys >> 13) << 24;			/* its id */
}

void io_apic_write(unsigned int apic, unsigned int reg, unsigned int value)
{
	(void)apic;
	(void)reg;
	(void)value;
}

static void reset_apic(void)
{
	memset(fixmap_io, 0, sizeof(fixmap_io));
	memset(ioapics, 0, sizeof(ioapics));
	for (int i = 0; i < CONFIG_NR_CPUS; i++)
		x86_cpu_to_apicid[i] = BAD_APICID;
	nr_ioapics = 0;
	num_processors = disabled_cpus = 0;
	nr_possible_cpus = 1;
	boot_cpu_physical_apicid = U32_MAX;
	boot_cpu_apic_version = 0;
	mp_lapic_addr = 0;
	acpi_lapic = acpi_ioapic = false;
	acpi_lapic_addr = APIC_DEFAULT_PHYS_BASE;
	pmtmr_ioport = 0;
	hpet_address = 0;
	setup_force_cpu_cap(X86_FEATURE_APIC);
}
void panic(const char *fmt, ...)
{
	(void)fmt;
	__builtin_trap();
}

static void reset_memblock(void)
{
	memblock_reset(MEMBLOCK_ALLOC_ANYWHERE);
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
	reset_apic();
	acpi_boot_table_init();
	if (!acpi_check_invariants())
		__builtin_trap();
	early_acpi_boot_init();
	initmem_init();
	if (!numa_check_invariants() || early_map_errors || early_maps_live())
		__builtin_trap();
	acpi_boot_init();
	init_apic_mappings();
	prefill_possible_map();
	if (!apic_check_invariants() || !io_apic_check_invariants() ||
	    early_map_errors || early_maps_live())
		__builtin_trap();
	return 0;
}

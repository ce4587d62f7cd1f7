// SPDX-License-Identifier: GPL-2.0-only
/*
 * acpi_test.c - drivers/acpi/tables.c (book/acpi.nw) on a simulated PC.
 *
 * The test owns 4 MiB of "physical memory" and points the kernel's direct
 * map (page_offset_base, max_pfn_mapped) at it, so __acpi_map_table() reads
 * from it exactly as it reads firmware memory at boot. Every table is built
 * here byte by byte, following the ACPI specification, with checksums
 * computed here; the expected console lines are written out by hand in
 * Linux's format, not taken from the code under test.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/acpi.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <kunit/test.h>
#include "tap.h"
#include "capture.h"
#include "acpi_build.h"
#include "early_memremap_double.h"

#define PHYS_SIZE	SZ_4M
#define RSDP_BIOS	0xf5a60		/* where SeaBIOS put it in our Linux log */
#define TABLES		0x200000	/* the tables, 2 MiB up */
#define SSDT_STRIDE	0x40		/* header-only tables, one every 64 bytes */

struct boot_params boot_params;
unsigned long page_offset_base;
unsigned long max_pfn_mapped;

/* ---- what the kernel printed ---- */

/* ---- building tables ---- */
static void put_rsdp(u64 pa, u8 rev, u32 rsdt, u64 xsdt)
{
	struct acpi_table_rsdp *r = at(pa);

	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "BOCHS ", 6);
	r->revision = rev;
	r->rsdt_physical_address = rsdt;
	r->length = rev >= 2 ? 36 : 0;
	r->xsdt_physical_address = xsdt;
	set_checksum(pa, 20, &r->checksum);
	if (rev >= 2)
		set_checksum(pa, 36, &r->extended_checksum);
}

/* An RSDT (entry_size 4) or XSDT (8) listing @n tables */
static void put_root(u64 pa, const char *sig, int entry_size, const u64 *tables, int n)
{
	u32 len = 36 + entry_size * n;

	for (int i = 0; i < n; i++)
		memcpy(at(pa + 36 + i * entry_size), &tables[i], entry_size);
	put_table(pa, sig, len, 1);
}

/* A FADT (revision 3, 0xF4 bytes as QEMU's) pointing at a DSDT and a FACS */
static void put_fadt(u64 pa, u32 dsdt, u32 facs)
{
	struct acpi_table_fadt *f = at(pa);

	f->facs = facs;
	f->dsdt = dsdt;
	put_table(pa, "FACP", 0xf4, 3);
}

static void put_facs(u64 pa)
{
	struct acpi_table_facs *f = at(pa);

	memcpy(f->signature, "FACS", 4);
	f->length = 64;
}

/*
 * QEMU's layout, shrunk: RSDP in the BIOS area, and at TABLES:
 *
 *   +0x000 FACS (64)   +0x040 DSDT (0x40)   +0x100 FACP (0xF4)
 *   +0x200 APIC (0x78) +0x300 SRAT (0x30)   +0x400 RSDT -> FACP, APIC, SRAT
 */
static void put_qemu_tables(void)
{
	u64 list[] = { TABLES + 0x100, TABLES + 0x200, TABLES + 0x300 };

	put_facs(TABLES);
	put_table(TABLES + 0x40, "DSDT", 0x40, 1);
	put_fadt(TABLES + 0x100, TABLES + 0x40, TABLES);
	put_table(TABLES + 0x200, "APIC", 0x78, 1);
	put_table(TABLES + 0x300, "SRAT", 0x30, 1);
	put_root(TABLES + 0x400, "RSDT", 4, list, 3);
	put_rsdp(RSDP_BIOS, 0, TABLES + 0x400, 0);
}

static void reset(void)
{
	memset(phys_mem, 0, PHYS_SIZE);
	memset(&boot_params, 0, sizeof(boot_params));
	acpi_disabled = false;
	capture_clear();
}

static bool listed(int i, const char *sig, u64 address, u32 length)
{
	u64 a;
	u32 l;
	char s[4];

	return !acpi_table_get_desc(i, &a, &l, s) && !memcmp(s, sig, 4) &&
	       a == address && l == length;
}

/* ---- the cases ---- */

/*
 *   0xE0000                        0xF5A60              0x100000
 *   |  BIOS area ...               [RSDP v0]  ...       |
 *                                      |
 *                                      v
 *   TABLES+0x400 RSDT --> FACP --> DSDT, FACS
 *                    \--> APIC
 *                    \--> SRAT
 *
 * Expect the RSDP to be found in the BIOS area, and Linux's lines for
 * RSDP, RSDT, FACP, DSDT, FACS, APIC, SRAT in that order; five tables
 * listed (the root is not), each reserved in that order.
 */
static void rsdp_in_bios_area_check(void)
{
	reset();
	put_qemu_tables();
	tap_eq(acpi_table_init(), 0, "bios area: acpi_table_init() succeeds");
	tap_eq(acpi_rsdp_phys, RSDP_BIOS, "bios area: RSDP found at 0xF5A60");
	tap_ok(logged("ACPI: RSDP 0x00000000000F5A60 000014 (v00 BOCHS )"), "bios area: RSDP line");
	tap_ok(logged("ACPI: RSDT 0x0000000000200400 000030 (v01 BOCHS  BXPC     00000001 BXPC 00000001)"),
	       "bios area: RSDT line");
	tap_ok(logged("ACPI: FACP 0x0000000000200100 0000F4 (v03 BOCHS  BXPC     00000001 BXPC 00000001)"),
	       "bios area: FACP line");
	tap_ok(logged("ACPI: DSDT 0x0000000000200040 000040 (v01 BOCHS  BXPC     00000001 BXPC 00000001)"),
	       "bios area: DSDT line");
	tap_ok(logged("ACPI: FACS 0x0000000000200000 000040"), "bios area: FACS line, short form");
	tap_ok(logged_in_order((const char *const[]){ "ACPI: FACP", "ACPI: DSDT", "ACPI: FACS",
						     "ACPI: APIC", "ACPI: SRAT" }, 5),
	       "bios area: FACP, DSDT, FACS, APIC, SRAT in firmware order");
	tap_eq(acpi_table_count, 5, "bios area: five tables listed");
	tap_ok(listed(0, "FACP", TABLES + 0x100, 0xf4) && listed(1, "DSDT", TABLES + 0x40, 0x40) &&
	       listed(2, "FACS", TABLES, 64) && listed(3, "APIC", TABLES + 0x200, 0x78) &&
	       listed(4, "SRAT", TABLES + 0x300, 0x30), "bios area: the list has each table's address and length");
	acpi_reserve_initial_tables();
	tap_ok(logged("ACPI: Reserving DSDT table memory at [mem 0x200040-0x20007f]"),
	       "bios area: reservation line in Linux's format");
	tap_ok(acpi_check_invariants(), "bios area: A1-A4 hold");
}

/*
 *   0x40E: 0x9FC0 (segment)  -->  EBDA at 0x9FC00: [RSDP @ +0x20]
 *   BIOS area: another valid RSDP at 0xF5A60
 *
 * Expect the EBDA's RSDP to win: the EBDA is searched first.
 */
static void rsdp_in_ebda_check(void)
{
	reset();
	put_qemu_tables();
	*(u16 *)at(0x40e) = 0x9fc0;
	put_rsdp(0x9fc20, 0, TABLES + 0x400, 0);
	tap_eq(acpi_table_init(), 0, "ebda: acpi_table_init() succeeds");
	tap_eq(acpi_rsdp_phys, 0x9fc20, "ebda: RSDP found in the EBDA first");
	tap_ok(acpi_check_invariants(), "ebda: A1-A4 hold");

	/* An EBDA pointer into the interrupt vectors is not searched */
	reset();
	put_qemu_tables();
	*(u16 *)at(0x40e) = 0x0020;		/* 0x200: below 0x400 */
	put_rsdp(0x220, 0, TABLES + 0x400, 0);
	acpi_table_init();
	tap_eq(acpi_rsdp_phys, RSDP_BIOS, "ebda: a pointer below 0x400 is ignored");
}

/*
 *   boot_params.acpi_rsdp_addr = 0x300000 --> [RSDP v2] --> XSDT (64-bit entries)
 *
 * Expect the loader's RSDP to be used and the XSDT to be walked. Then
 * with acpi_rsdp_addr pointing at garbage, expect a warning and the BIOS
 * area's RSDP.
 */
static void rsdp_from_boot_params_check(void)
{
	u64 list[] = { TABLES + 0x100, TABLES + 0x200, TABLES + 0x300 };

	reset();
	put_qemu_tables();
	put_root(TABLES + 0x800, "XSDT", 8, list, 3);
	put_rsdp(0x300000, 2, TABLES + 0x400, TABLES + 0x800);
	memset(at(RSDP_BIOS), 0, 36);
	boot_params.acpi_rsdp_addr = 0x300000;
	tap_eq(acpi_table_init(), 0, "boot_params: acpi_table_init() succeeds");
	tap_eq(acpi_rsdp_phys, 0x300000, "boot_params: the loader's RSDP is used");
	tap_ok(logged("ACPI: RSDP 0x0000000000300000 000024 (v02 BOCHS )"),
	       "boot_params: revision 2 prints its length 0x24");
	tap_ok(logged("ACPI: XSDT 0x0000000000200800 00003C (v01 BOCHS  BXPC     00000001 BXPC 00000001)"),
	       "boot_params: the XSDT is walked, not the RSDT");
	tap_eq(acpi_table_count, 5, "boot_params: five tables through the XSDT");

	reset();
	put_qemu_tables();
	boot_params.acpi_rsdp_addr = TABLES + 0x200;	/* the APIC, not an RSDP */
	acpi_table_init();
	tap_ok(strstr(log_buf, "boot_params.acpi_rsdp_addr 0x200200 is not a valid RSDP") != NULL,
	       "boot_params: a bad address is reported");
	tap_eq(acpi_rsdp_phys, RSDP_BIOS, "boot_params: then the BIOS area is searched");
}

/*
 *   [RSDP v0, checksum off by one]           -> not an RSDP
 *   [RSDP v2, good 20-byte sum, bad 36-byte]  -> not an RSDP
 *
 * Expect no RSDP, -ENODEV, no tables, and a line that says so.
 */
static void rsdp_bad_checksum_check(void)
{
	reset();
	put_qemu_tables();
	((struct acpi_table_rsdp *)at(RSDP_BIOS))->checksum++;
	tap_eq(acpi_table_init(), (u64)-ENODEV, "rsdp checksum: no RSDP found");
	tap_eq(acpi_table_count, 0, "rsdp checksum: no tables");
	tap_ok(logged("ACPI: no RSDP in the EBDA or the BIOS area; no ACPI tables"),
	       "rsdp checksum: says so");

	reset();
	put_qemu_tables();
	put_rsdp(RSDP_BIOS, 2, TABLES + 0x400, 0);
	((struct acpi_table_rsdp *)at(RSDP_BIOS))->extended_checksum++;
	tap_eq(acpi_table_init(), (u64)-ENODEV, "rsdp xchecksum: a bad extended checksum is refused");

	/* revision 2 with no XSDT: the RSDT serves */
	reset();
	put_qemu_tables();
	put_rsdp(RSDP_BIOS, 2, TABLES + 0x400, 0);
	tap_eq(acpi_table_init(), 0, "rsdp v2 without XSDT: accepted");
	tap_eq(acpi_table_count, 5, "rsdp v2 without XSDT: the RSDT is walked");
}

/*
 *   RSDT --> FACP (ok), APIC (checksum byte off by one), SRAT (ok)
 *
 * Expect ACPICA's warning naming APIC and the checksum it should have,
 * APIC left out, FACP/DSDT/FACS/SRAT kept.
 */
static void table_bad_checksum_check(void)
{
	struct acpi_table_header *apic;
	char want[128];

	reset();
	put_qemu_tables();
	apic = at(TABLES + 0x200);
	test_snprintf(want, sizeof(want),
		      "ACPI BIOS Warning (bug): Incorrect checksum in table [APIC] - 0x%02X, should be 0x%02X",
		      (u8)(apic->checksum + 1), apic->checksum);
	apic->checksum++;
	acpi_table_init();
	tap_ok(logged(want), "bad checksum: ACPICA's warning with the right byte");
	tap_ok(logged("ACPI: [APIC] table at 0x200200: bad checksum; ignored"), "bad checksum: ignored");
	tap_eq(acpi_table_count, 4, "bad checksum: the other four tables are kept");
	tap_ok(listed(3, "SRAT", TABLES + 0x300, 0x30), "bad checksum: SRAT still listed");
	tap_ok(acpi_check_invariants(), "bad checksum: A1-A4 hold");
}

/*
 *   SRAT header says length 10 (< 36)           -> truncated
 *   FACS says length 8 (< 64)                   -> truncated
 *   APIC sits 16 bytes before the end of mapped memory, says length 0x78
 *                                               -> runs past the mapping
 *   DSDT says length 1 MiB (> 256 KiB)          -> over the limit
 *
 * Expect each refused with its own warning, and none listed.
 */
static void table_bad_length_check(void)
{
	u64 list[] = { TABLES + 0x100, TABLES + 0x300, PHYS_SIZE - 16 };
	struct acpi_table_header *h;

	reset();
	put_qemu_tables();
	put_table(TABLES + 0x300, "SRAT", 10, 1);
	((struct acpi_table_facs *)at(TABLES))->length = 8;
	h = at(TABLES + 0x40);
	h->length = SZ_1M;
	memcpy(at(PHYS_SIZE - 16), "APIC\x78\0\0\0", 8);
	put_root(TABLES + 0x400, "RSDT", 4, list, 3);
	acpi_table_init();
	tap_ok(logged("ACPI: [SRAT] table at 0x200300: length 0xA is shorter than its header; ignored"),
	       "bad length: a truncated table is refused");
	tap_ok(logged("ACPI: [FACS] table at 0x200000: length 0x8 is shorter than its header; ignored"),
	       "bad length: a FACS under 64 bytes is refused");
	tap_ok(logged("ACPI: [APIC] table at 0x3ffff0: length 0x78 runs past what can be mapped; ignored"),
	       "bad length: a table past the mapping is refused");
	tap_ok(logged("ACPI: [DSDT] table at 0x200040: length 0x100000 is over the limit 0x40000; ignored"),
	       "bad length: an absurd length is refused");
	tap_eq(acpi_table_count, 1, "bad length: only the FACP is left");
	tap_ok(acpi_check_invariants(), "bad length: A1-A4 hold");
}

/*
 *   RSDT length 0xFFFFFFF0                 -> the root is unusable: no tables
 *   RSDT with entries 0, 0xFFFFF000, ~0    -> zero skipped, others unmappable
 *   RSDT listing 200 distinct SSDTs        -> 128 listed, the rest refused
 *   RSDT whose signature says "XSDT"       -> refused
 *
 * Expect no crash and a clear message each time.
 */
static void root_table_bad_check(void)
{
	u64 junk[] = { 0, 0xfffff000, 0xffffffff, TABLES + 0x200 };
	struct acpi_table_header *h;
	u64 many[200];

	reset();
	put_qemu_tables();
	((struct acpi_table_header *)at(TABLES + 0x400))->length = 0xfffffff0;
	tap_eq(acpi_table_init(), (u64)-EINVAL, "absurd root length: refused");
	tap_ok(logged("ACPI: Invalid table length 0xFFFFFFF0 in RSDT/XSDT"), "absurd root length: Linux's message");
	tap_eq(acpi_table_count, 0, "absurd root length: no tables");

	reset();
	put_qemu_tables();
	put_root(TABLES + 0x400, "RSDT", 4, junk, 4);
	tap_eq(acpi_table_init(), 0, "junk entries: the walk completes");
	tap_ok(logged("ACPI: cannot map the table at 0xfffff000; ignored"), "junk entries: unmappable entry named");
	tap_eq(acpi_table_count, 1, "junk entries: only the APIC is listed");

	reset();
	put_qemu_tables();
	for (int i = 0; i < 200; i++) {
		many[i] = TABLES + 0x1000 + i * SSDT_STRIDE;
		h = put_table(many[i], "SSDT", sizeof(*h), 1);
		h->oem_revision = i;	/* 200 different tables */
		set_checksum(many[i], sizeof(*h), &h->checksum);
	}
	put_root(TABLES + 0x8000, "RSDT", 4, many, 200);
	put_rsdp(RSDP_BIOS, 0, TABLES + 0x8000, 0);
	acpi_table_init();
	tap_eq(acpi_table_count, ACPI_MAX_TABLES, "too many: the list stops at 128");
	tap_ok(logged("ACPI: [SSDT] table at 0x203000: more than 128 tables; ignored"), "too many: says so");
	tap_ok(acpi_check_invariants(), "too many: A1-A4 hold");

	reset();
	put_qemu_tables();
	put_table(TABLES + 0x400, "XSDT", 0x30, 1);
	tap_eq(acpi_table_init(), (u64)-EINVAL, "wrong root signature: refused");
	tap_ok(logged("ACPI: the root table at 0x200400 is not a valid RSDT"), "wrong root signature: says so");
}

/* How many times @text occurs in what the kernel printed */
static int occurrences(const char *text)
{
	const char *p = log_buf;
	int n = 0;

	while ((p = strstr(p, text))) {
		n++;
		p++;
	}
	return n;
}

/* How many reservation lines name the table at @pa */
static int reservations_of(u64 pa)
{
	char want[64];

	test_snprintf(want, sizeof(want), "table memory at [mem %#llx-", pa);
	return occurrences(want);
}

/*
 *   RSDT --> FACP --DSDT---+   (each field pointing back at the FACP)
 *              ^  --FACS---+
 *              |  --X_DSDT-+
 *              +--X_FIRMWARE_CTRL
 *
 * Expect the FACP recorded once, reserved once, its line printed once,
 * no early mapping left behind and none refused: the FADT is parsed only
 * when the root table lists it, and a table already listed is not listed
 * again (ACPICA's duplicate check). Then with the RSDT listing the FACP
 * and the DSDT it points at twice each: each recorded once.
 */
static void fadt_points_at_itself_check(void)
{
	u64 fadt = TABLES + 0x100, twice[] = { fadt, TABLES + 0x40, fadt, TABLES + 0x40 };
	struct acpi_table_fadt *f;

	reset();
	put_qemu_tables();
	f = at(fadt);
	f->dsdt = fadt;
	f->facs = fadt;
	f->x_dsdt = fadt;
	f->x_facs = fadt;
	put_table(fadt, "FACP", 0xf4, 3);
	early_map_errors = 0;
	tap_eq(acpi_table_init(), 0, "FADT loop: the walk completes");
	tap_eq(early_map_errors, 0, "FADT loop: no early mapping refused or leaked");
	tap_eq(early_maps_live(), 0, "FADT loop: no early mapping left behind");
	tap_eq(acpi_table_count, 3, "FADT loop: FACP, APIC, SRAT, each once");
	tap_ok(listed(0, "FACP", fadt, 0xf4) && listed(1, "APIC", TABLES + 0x200, 0x78) &&
	       listed(2, "SRAT", TABLES + 0x300, 0x30), "FADT loop: the list in firmware order");
	tap_eq(occurrences("ACPI: FACP 0x"), 1, "FADT loop: the FACP line is printed once");
	capture_clear();
	acpi_reserve_initial_tables();
	tap_eq(reservations_of(fadt), 1, "FADT loop: the FACP is reserved once");
	tap_ok(acpi_check_invariants(), "FADT loop: A1-A4 hold");

	reset();
	put_qemu_tables();
	put_root(TABLES + 0x400, "RSDT", 4, twice, 4);
	tap_eq(acpi_table_init(), 0, "listed twice: the walk completes");
	tap_eq(acpi_table_count, 3, "listed twice: FACP, DSDT, FACS, each once");
	tap_ok(listed(0, "FACP", fadt, 0xf4) && listed(1, "DSDT", TABLES + 0x40, 0x40) &&
	       listed(2, "FACS", TABLES, 64), "listed twice: in the order first seen");
	capture_clear();
	acpi_reserve_initial_tables();
	tap_eq(reservations_of(TABLES + 0x40), 1, "listed twice: the DSDT is reserved once");
	tap_ok(acpi_check_invariants(), "listed twice: A1-A4 hold");
}

/*
 * Control characters in the OEM ID:  "BO\nHS\x01"
 * Expect them printed as '?', never sent to the console.
 */
static void hostile_strings_check(void)
{
	struct acpi_table_header *h;

	reset();
	put_qemu_tables();
	h = at(TABLES + 0x200);
	memcpy(h->oem_id, "BO\nHS\x01", 6);
	set_checksum(TABLES + 0x200, 0x78, &h->checksum);
	acpi_table_init();
	tap_ok(logged("ACPI: APIC 0x0000000000200200 000078 (v01 BO?HS? BXPC     00000001 BXPC 00000001)"),
	       "strings: control characters become '?'");
}

/* ---- subtables ---- */
static int seen[4];

static int count_handler(struct acpi_subtable_header *h, const unsigned long end)
{
	(void)end;
	if (h->type < ARRAY_SIZE(seen))
		seen[h->type]++;
	return 0;
}

/* A table "TEST" with a 40-byte fixed part and @n subtables given as (type, length) */
static void put_subtables(const u8 *types, const u8 *lens, int n, u32 extra)
{
	u64 list[] = { TABLES + 0x100 };
	u32 off = 40;

	for (int i = 0; i < n; i++) {
		u8 *p = at(TABLES + 0x100 + off);

		p[0] = types[i];
		p[1] = lens[i];
		off += lens[i] ? lens[i] : 2;
	}
	put_table(TABLES + 0x100, "TEST", off + extra, 1);
	put_root(TABLES + 0x400, "RSDT", 4, list, 1);
	memset(seen, 0, sizeof(seen));
}

/*
 *   TEST: [fixed 40][t0 len 8][t1 len 16][t0 len 8]
 * Expect two type-0 and one type-1 subtable; max_entries 1 hands over one.
 *
 *   TEST: [fixed 40][t0 len 8][t1 len 0][t0 len 8]
 * Expect the first handled, then "Invalid zero length" and -EINVAL.
 *
 *   TEST: [fixed 40][t0 len 8][t1 len 200] (table ends 8 bytes into it)
 * Expect the first handled, then a warning that it runs past the end.
 */
static void subtable_walk_check(void)
{
	static const u8 types[] = { 0, 1, 0 };
	static const u8 good[] = { 8, 16, 8 }, zero[] = { 8, 0, 8 };
	struct acpi_subtable_proc proc[2] = {
		{ .id = 0, .handler = count_handler }, { .id = 1, .handler = count_handler },
	};

	reset();
	put_subtables(types, good, 3, 0);
	put_rsdp(RSDP_BIOS, 0, TABLES + 0x400, 0);
	acpi_table_init();
	tap_eq(acpi_table_parse_entries_array("TEST", 40, proc, 2, 0), 3, "subtables: three found");
	tap_ok(seen[0] == 2 && seen[1] == 1 && proc[0].count == 2 && proc[1].count == 1,
	       "subtables: each handed to its handler");
	memset(seen, 0, sizeof(seen));
	tap_eq(acpi_table_parse_entries("TEST", 40, 0, count_handler, 1), 2, "subtables: max 1 of 2 found");
	tap_eq(seen[0], 1, "subtables: only one handed over");
	tap_ok(logged("ACPI: [TEST:0x00] ignored 1 entries of 2 found"), "subtables: Linux's warning");
	tap_eq(acpi_table_parse_entries("TEST", 0x1000, 0, count_handler, 0), (u64)-EINVAL,
	       "subtables: a fixed part longer than the table is refused");
	tap_eq(acpi_table_parse_entries("NONE", 40, 0, count_handler, 0), (u64)-ENODEV,
	       "subtables: a missing table is -ENODEV");

	reset();
	put_subtables(types, zero, 3, 0);
	put_rsdp(RSDP_BIOS, 0, TABLES + 0x400, 0);
	acpi_table_init();
	tap_eq(acpi_table_parse_entries_array("TEST", 40, proc, 2, 0), (u64)-EINVAL, "zero length: -EINVAL");
	tap_eq(seen[0], 1, "zero length: the subtable before it was handled");
	tap_ok(logged("ACPI: [TEST:0x01] Invalid zero length"), "zero length: Linux's warning");

	reset();
	put_subtables(types, (const u8[]){ 8, 200 }, 2, 0);
	put_table(TABLES + 0x100, "TEST", 40 + 8 + 8, 1);
	put_rsdp(RSDP_BIOS, 0, TABLES + 0x400, 0);
	acpi_table_init();
	tap_eq(acpi_table_parse_entries_array("TEST", 40, proc, 2, 0), (u64)-EINVAL, "past end: -EINVAL");
	tap_ok(logged("ACPI: [TEST:0x01] subtable of length 200 runs past the table's end"),
	       "past end: says so");
}

/*
 *   acpi=off, tables present
 * Expect acpi_boot_table_init() to print nothing and list nothing, and
 * acpi_table_parse() to find nothing.
 */
static void acpi_off_check(void)
{
	reset();
	put_qemu_tables();
	acpi_table_count = 0;
	acpi_disabled = true;
	acpi_boot_table_init();
	tap_eq(log_len, 0, "acpi=off: nothing printed");
	tap_eq(acpi_table_count, 0, "acpi=off: no tables");
	tap_eq(acpi_table_parse("SRAT", NULL), (u64)-EINVAL, "acpi=off: a NULL handler is still -EINVAL");
	acpi_disabled = false;
}

/* The kernel's own self-tests, run here on the QEMU-shaped tables */
static void selftests_check(void)
{
	extern struct kunit_suite *const __start_kunit_test_suites[];
	extern struct kunit_suite *const __stop_kunit_test_suites[];

	reset();
	put_qemu_tables();
	acpi_table_init();
	tap_eq(kunit_run_suites(__start_kunit_test_suites,
				__stop_kunit_test_suites - __start_kunit_test_suites), 0,
	       "the chapter's KUnit self-tests pass on the host");
}

int main(void)
{
	phys_mem = test_alloc(PHYS_SIZE);
	page_offset_base = (unsigned long)phys_mem;
	max_pfn_mapped = PHYS_SIZE >> PAGE_SHIFT;
	register_console(&capture);

	rsdp_in_bios_area_check();
	rsdp_in_ebda_check();
	rsdp_from_boot_params_check();
	rsdp_bad_checksum_check();
	table_bad_checksum_check();
	table_bad_length_check();
	root_table_bad_check();
	fadt_points_at_itself_check();
	hostile_strings_check();
	subtable_walk_check();
	acpi_off_check();
	selftests_check();
	tap_eq(early_map_errors, 0, "every early mapping was within the rules and unmapped with its size");
	tap_eq(early_maps_live(), 0, "no early mapping is left behind");
	test_free(phys_mem);
	return tap_done();
}

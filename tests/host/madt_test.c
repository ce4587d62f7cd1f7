// SPDX-License-Identifier: GPL-2.0-only
/*
 * madt_test.c - the MADT, the FADT's PM timer and the HPET table
 * (arch/x86/kernel/acpi/boot.c, arch/x86/kernel/apic/apic.c and
 * io_apic.c from book/apic.nw) on a simulated PC.
 *
 * The tables are built byte by byte in 4 MiB of simulated physical memory,
 * found by the ACPI chapter's own walk, and read by acpi_boot_init().
 * Behind the kernel's register accessors sit simulated devices: a local
 * APIC (apic_read/apic_write: the boot processor's id, a version, an ICR
 * that stays busy for a few reads) and I/O APICs at physical addresses,
 * found through the fixmap entries the kernel sets (__set_fixmap), so an
 * I/O APIC the MADT places where there is none reads as all ones, as on
 * hardware. The expected lines are written out by hand in Linux 6.1's
 * format.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include <linux/acpi.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/setup.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/cpufeature.h>
#include <kunit/test.h>
#include "tap.h"
#include "capture.h"
#include "acpi_build.h"
#include "early_memremap_double.h"

#define PHYS_SIZE	SZ_4M
#define RSDP_BIOS	0xf5a60
#define TABLES		0x200000
#define FACP_AT		(TABLES + 0x100)
#define MADT_AT		(TABLES + 0x200)
#define HPET_AT		(TABLES + 0x600)
#define RSDT_AT		(TABLES + 0x700)
#define MADT_FIXED	44	/* header + local APIC address + flags */
#define QEMU_IOAPIC	0xfec00000u

struct boot_params boot_params;
unsigned long page_offset_base;
unsigned long max_pfn_mapped;
struct cpuinfo_x86 boot_cpu_data;

/* ---- the simulated local APIC ---- */
static u32 sim_apic_id;			/* the boot processor's */
static u32 sim_icr, sim_icr2, sim_busy_reads, sim_icr_sent;
static u64 sim_lapic_phys;		/* where FIX_APIC_BASE points */

u32 apic_read(u32 reg)
{
	switch (reg) {
	case APIC_ID:
		return sim_apic_id << 24;
	case APIC_LVR:
		return 0x00050014;	/* version 0x14, 6 LVT entries: QEMU's */
	case APIC_ICR:
		if (sim_busy_reads) {
			sim_busy_reads--;
			return sim_icr | APIC_ICR_BUSY;
		}
		return sim_icr;
	default:
		return 0;
	}
}

void apic_write(u32 reg, u32 v)
{
	if (reg == APIC_ICR2)
		sim_icr2 = v;
	if (reg == APIC_ICR) {
		sim_icr = v;
		sim_icr_sent++;
	}
}

/* ---- simulated I/O APICs, found by the physical address mapped ---- */
struct sim_ioapic {
	u64 phys;
	u32 id, pins;
	u32 redir[2 * 64];
};
static struct sim_ioapic sim_io[4];
static u64 fixmap_io[MAX_IO_APICS];	/* what each FIX_IO_APIC_BASE_n maps */

void __set_fixmap(enum fixed_addresses idx, phys_addr_t phys, pgprot_t prot)
{
	if (!pgprot_val(prot))
		phys = 0;
	if (idx == FIX_APIC_BASE)
		sim_lapic_phys = phys;
	else if (idx >= FIX_IO_APIC_BASE_0 && idx <= FIX_IO_APIC_BASE_END)
		fixmap_io[idx - FIX_IO_APIC_BASE_0] = phys;
}

static struct sim_ioapic *sim_io_at(unsigned int apic)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(sim_io); i++)
		if (fixmap_io[apic] && sim_io[i].phys == fixmap_io[apic])
			return &sim_io[i];
	return NULL;
}

unsigned int io_apic_read(unsigned int apic, unsigned int reg)
{
	struct sim_ioapic *io = sim_io_at(apic);

	if (!io)
		return U32_MAX;		/* nothing answers: the bus floats high */
	if (reg == IO_APIC_REG_ID || reg == IO_APIC_REG_ARB)
		return io->id << 24;
	if (reg == IO_APIC_REG_VERSION)
		return ((io->pins - 1) << 16) | 0x20;
	if (reg >= IO_APIC_REDIR_TABLE && reg < IO_APIC_REDIR_TABLE + 2 * io->pins)
		return io->redir[reg - IO_APIC_REDIR_TABLE];
	return 0;
}

void io_apic_write(unsigned int apic, unsigned int reg, unsigned int value)
{
	struct sim_ioapic *io = sim_io_at(apic);

	if (io && reg == IO_APIC_REG_ID)
		io->id = IO_APIC_ID(value);
	else if (io && reg >= IO_APIC_REDIR_TABLE && reg < IO_APIC_REDIR_TABLE + 2 * io->pins)
		io->redir[reg - IO_APIC_REDIR_TABLE] = value;
}

/* ---- building tables ---- */
static u32 madt_len;

static void put_le(u64 pa, u64 v, int bytes)
{
	memcpy(at(pa), &v, bytes);
}

/* Append one MADT entry of @len bytes: type, length, then @body */
static void madt_entry(u8 type, u8 len, const u8 *body, u8 body_len)
{
	u8 *p = at(MADT_AT + madt_len);

	p[0] = type;
	p[1] = len;
	memcpy(p + 2, body, min(body_len, (u8)(len - 2)));
	madt_len += len;
}

static void lapic(u8 acpi_id, u8 apic_id, u32 flags)
{
	u8 b[6] = { acpi_id, apic_id };

	memcpy(b + 2, &flags, 4);
	madt_entry(ACPI_MADT_TYPE_LOCAL_APIC, 8, b, 6);
}

static void ioapic(u8 id, u32 address, u32 gsi_base)
{
	u8 b[10] = { id, 0 };

	memcpy(b + 2, &address, 4);
	memcpy(b + 6, &gsi_base, 4);
	madt_entry(ACPI_MADT_TYPE_IO_APIC, 12, b, 10);
}

static void override(u8 irq, u32 gsi, u16 flags)
{
	u8 b[8] = { 0, irq };

	memcpy(b + 2, &gsi, 4);
	memcpy(b + 6, &flags, 2);
	madt_entry(ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, 10, b, 8);
}

static void lapic_nmi(u8 acpi_id, u16 flags, u8 lint)
{
	u8 b[4] = { acpi_id, (u8)flags, (u8)(flags >> 8), lint };

	madt_entry(ACPI_MADT_TYPE_LOCAL_APIC_NMI, 6, b, 4);
}

static void x2apic(u32 apic_id, u32 flags, u32 uid)
{
	u8 b[14] = { 0 };

	memcpy(b + 2, &apic_id, 4);
	memcpy(b + 6, &flags, 4);
	memcpy(b + 10, &uid, 4);
	madt_entry(ACPI_MADT_TYPE_LOCAL_X2APIC, 16, b, 14);
}

/* The five overrides and the NMI entry QEMU writes after its I/O APIC */
static void qemu_interrupt_entries(void)
{
	ioapic(0, QEMU_IOAPIC, 0);
	override(0, 2, 0);
	override(5, 5, 0xd);		/* level, active high */
	override(9, 9, 0xd);
	override(10, 10, 0xd);
	override(11, 11, 0xd);
	lapic_nmi(0xff, 0, 1);
}

/* FADT revision @rev (minor @minor) with the PM timer at 0x608 and SCI 9 */
static void put_fadt_pm(u8 rev, u8 minor)
{
	u8 *f = at(FACP_AT);

	put_le(FACP_AT + ACPI_FADT_SCI_INTERRUPT, 9, 2);
	put_le(FACP_AT + ACPI_FADT_PM_TIMER_BLOCK, 0x608, 4);
	f[ACPI_FADT_XPM_TIMER_BLOCK] = ACPI_ADR_SPACE_SYSTEM_IO;
	f[ACPI_FADT_XPM_TIMER_BLOCK + 1] = 32;
	put_le(FACP_AT + ACPI_FADT_XPM_TIMER_BLOCK + 4, 0x608, 8);
	f[ACPI_FADT_MINOR_REVISION] = minor;
	put_table(FACP_AT, "FACP", 0xf4, rev);
}

static void put_hpet(u64 base)
{
	struct acpi_table_hpet *h = at(HPET_AT);

	h->id = 0x8086a201;
	h->address.space_id = ACPI_ADR_SPACE_SYSTEM_MEMORY;
	h->address.address = base;
	put_table(HPET_AT, "HPET", sizeof(*h), 1);
}

/* Finish the MADT begun by reset() and publish FACP, APIC, HPET */
static void publish(void)
{
	u64 list[] = { FACP_AT, MADT_AT, HPET_AT };

	put_le(MADT_AT + 36, APIC_DEFAULT_PHYS_BASE, 4);
	put_le(MADT_AT + 40, ACPI_MADT_PCAT_COMPAT, 4);
	put_table(MADT_AT, "APIC", madt_len, 1);
	for (int i = 0; i < 3; i++)
		put_le(RSDT_AT + 36 + 4 * i, list[i], 4);
	put_table(RSDT_AT, "RSDT", 36 + 12, 1);
	{
		struct acpi_table_rsdp *r = at(RSDP_BIOS);

		memcpy(r->signature, "RSD PTR ", 8);
		memcpy(r->oem_id, "BOCHS ", 6);
		r->rsdt_physical_address = RSDT_AT;
		set_checksum(RSDP_BIOS, 20, &r->checksum);
	}
}

/* Everything back to a machine just switched on, boot processor @apicid */
static void reset(u32 apicid)
{
	memset(phys_mem, 0, PHYS_SIZE);
	memset(&boot_params, 0, sizeof(boot_params));
	memset(sim_io, 0, sizeof(sim_io));
	memset(fixmap_io, 0, sizeof(fixmap_io));
	memset(ioapics, 0, sizeof(ioapics));
	for (int i = 0; i < CONFIG_NR_CPUS; i++)
		x86_cpu_to_apicid[i] = BAD_APICID;
	sim_io[0] = (struct sim_ioapic){ .phys = QEMU_IOAPIC, .id = 0, .pins = 24 };
	sim_apic_id = apicid;
	sim_lapic_phys = 0;
	nr_ioapics = 0;
	num_processors = disabled_cpus = 0;
	nr_possible_cpus = 1;
	boot_cpu_physical_apicid = U32_MAX;
	boot_cpu_apic_version = 0;
	mp_lapic_addr = 0;
	acpi_lapic = acpi_ioapic = acpi_disabled = false;
	acpi_lapic_addr = APIC_DEFAULT_PHYS_BASE;
	pmtmr_ioport = 0;
	hpet_address = 0;
	madt_len = MADT_FIXED;
	put_fadt_pm(3, 0);
	put_hpet(0xfed00000);
	capture_clear();
}

/* What setup_arch() does, from the table walk to the smpboot line */
static void boot(void)
{
	acpi_boot_table_init();
	capture_clear();		/* the table lines are acpi_test.c's business */
	early_acpi_boot_init();
	acpi_boot_init();
	init_apic_mappings();
	prefill_possible_map();
}

/* ---- the cases ---- */

/*
 *   MADT: [LAPIC 0 -> apic 0][LAPIC 1 -> apic 1][IOAPIC 0 @0xfec00000 GSI 0]
 *         [OVR 0->2][OVR 5,9,10,11 level high][LAPIC_NMI 0xff LINT1]
 *   FADT rev 3: X_PM_TMR_BLK in I/O space at 0x608; HPET at 0xfed00000
 *
 * Expect QEMU's q35 -smp 2 lines, as Debian's Linux 6.1 printed them,
 * in order; CPUs 0 and 1 with APIC ids 0 and 1; ISA 0 on GSI 2 and
 * GSI 2's own ISA mapping dropped; ISA 9 level-triggered, active high.
 */
static void qemu_two_cpus_check(void)
{
	static const char *const want[] = {
		"ACPI: PM-Timer IO Port: 0x608",
		"ACPI: LAPIC_NMI (acpi_id[0xff] dfl dfl lint[0x1])",
		"IOAPIC[0]: apic_id 0, version 32, address 0xfec00000, GSI 0-23",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 5 global_irq 5 high level)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 9 global_irq 9 high level)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 10 global_irq 10 high level)",
		"ACPI: INT_SRC_OVR (bus 0 bus_irq 11 global_irq 11 high level)",
		"ACPI: Using ACPI (MADT) for SMP configuration information",
		"ACPI: HPET id: 0x8086a201 base: 0xfed00000",
		"smpboot: Allowing 2 CPUs, 0 hotplug CPUs",
	};
	bool all = true;

	reset(0);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	qemu_interrupt_entries();
	publish();
	boot();
	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++)
		all &= tap_ok(logged(want[i]), "qemu: %s", want[i]);
	tap_ok(all && logged_in_order(want, ARRAY_SIZE(want)), "qemu: the lines in Linux's order");
	tap_eq(sim_lapic_phys, APIC_DEFAULT_PHYS_BASE, "qemu: FIX_APIC_BASE maps 0xfee00000");
	tap_ok(num_processors == 2 && num_possible_cpus() == 2 && cpu_physical_id(0) == 0 &&
	       cpu_physical_id(1) == 1 && cpu_physical_id(2) == BAD_APICID,
	       "qemu: CPUs 0 and 1 are APIC ids 0 and 1");
	tap_ok(isa_irq_to_gsi[0] == 2 && isa_irq_to_gsi[2] == INVALID_ACPI_IRQ &&
	       isa_irq_to_gsi[1] == 1, "qemu: ISA 0 on GSI 2, ISA 2 unmapped, ISA 1 on GSI 1");
	tap_eq(isa_irq_flags[9], 0xd, "qemu: ISA 9 level-triggered, active high");
	tap_ok(nr_ioapics == 1 && ioapics[0].nr_registers == 24 && mp_find_ioapic(23) == 0 &&
	       mp_find_ioapic(24) == -1 && mp_find_ioapic_pin(0, 2) == 2,
	       "qemu: one I/O APIC, GSIs 0-23, GSI 2 is its pin 2");
	tap_ok(apic_check_invariants() && io_apic_check_invariants(), "qemu: P1-P3, I1, I2 hold");
}

/*
 *   boot processor: APIC id 2
 *   MADT: [LAPIC apic 4][LAPIC apic 6][LAPIC apic 2]
 *
 * Expect CPU 0 to be the boot processor (APIC id 2) although it is listed
 * last, and CPUs 1 and 2 to be APIC ids 4 and 6 in table order (P2).
 */
static void boot_cpu_listed_last_check(void)
{
	reset(2);
	lapic(0, 4, ACPI_MADT_ENABLED);
	lapic(1, 6, ACPI_MADT_ENABLED);
	lapic(2, 2, ACPI_MADT_ENABLED);
	qemu_interrupt_entries();
	publish();
	boot();
	tap_ok(cpu_physical_id(0) == 2 && cpu_physical_id(1) == 4 && cpu_physical_id(2) == 6,
	       "boot last: CPU 0 is APIC id 2, then 4 and 6");
	tap_ok(x86_cpu_to_acpiid[0] == 2 && x86_cpu_to_acpiid[1] == 0, "boot last: ACPI ids follow");
	tap_ok(logged("smpboot: Allowing 3 CPUs, 0 hotplug CPUs"), "boot last: three CPUs");
	tap_ok(apic_check_invariants(), "boot last: P1-P3 hold");
}

/*
 *   MADT: [LAPIC 0 en][LAPIC 1 en][LAPIC 2 disabled][LAPIC 3 disabled]
 *         (QEMU's -smp 2,maxcpus=4)
 *
 * Expect "Allowing 4 CPUs, 2 hotplug CPUs" under FADT revision 3. Under
 * FADT 6.3, a disabled processor without the online-capable bit is not
 * pluggable: expect "Allowing 3 CPUs, 1 hotplug CPUs" when one has it.
 */
static void hotplug_check(void)
{
	reset(0);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	lapic(2, 2, 0);
	lapic(3, 3, 0);
	qemu_interrupt_entries();
	publish();
	boot();
	tap_ok(logged("smpboot: Allowing 4 CPUs, 2 hotplug CPUs"), "hotplug: 4 CPUs, 2 hotplug");
	tap_ok(num_processors == 2 && disabled_cpus == 2 && num_possible_cpus() == 4,
	       "hotplug: two found, two disabled, four possible");
	tap_ok(apic_check_invariants(), "hotplug: P1-P3 hold");

	reset(0);
	put_fadt_pm(6, 3);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	lapic(2, 2, ACPI_MADT_ONLINE_CAPABLE);
	lapic(3, 3, 0);
	qemu_interrupt_entries();
	publish();
	boot();
	tap_ok(logged("smpboot: Allowing 3 CPUs, 1 hotplug CPUs"),
	       "ACPI 6.3: only the online-capable disabled CPU is pluggable");
}

/*
 *   MADT: [LAPIC apic 0][X2APIC id 5][X2APIC id 300][X2APIC id 0xffffffff]
 *         [LAPIC apic 0xff]
 *
 * Expect id 5 to become CPU 1; id 300 to be ignored with "x2apic entry
 * ignored" (no x2APIC mode); 0xffffffff and 0xff to be ignored silently.
 */
static void x2apic_check(void)
{
	reset(0);
	lapic(0, 0, ACPI_MADT_ENABLED);
	x2apic(5, ACPI_MADT_ENABLED, 1);
	x2apic(300, ACPI_MADT_ENABLED, 2);
	x2apic(0xffffffff, ACPI_MADT_ENABLED, 3);
	lapic(4, 0xff, ACPI_MADT_ENABLED);
	qemu_interrupt_entries();
	publish();
	boot();
	tap_ok(cpu_physical_id(1) == 5 && x86_cpu_to_acpiid[1] == 1, "x2apic: id 5 is CPU 1");
	tap_ok(logged("ACPI: x2apic entry ignored"), "x2apic: id 300 ignored with Linux's warning");
	tap_ok(logged("smpboot: Allowing 2 CPUs, 0 hotplug CPUs"), "x2apic: two CPUs in all");
}

/*
 * One malformed entry of each type, one byte short (its length says 1
 * less than its type's structure), after a good processor entry:
 *
 *   MADT: [LAPIC apic 0][... the bad entry ...][the rest of QEMU's]
 *
 * Expect the type's "Error parsing ..." line, then "Invalid BIOS MADT,
 * disabling ACPI", no "Using ACPI" line and no HPET line (ACPI is off);
 * the processor registered before stays, and the machine has >= 1 CPU.
 */
static void malformed_entry_check(void)
{
	static const struct {
		u8 type, len;
		const char *says;
	} bad[] = {
		{ ACPI_MADT_TYPE_LOCAL_APIC, 7, "ACPI: Error parsing LAPIC/X2APIC entries" },
		{ ACPI_MADT_TYPE_LOCAL_X2APIC, 15, "ACPI: Error parsing LAPIC/X2APIC entries" },
		{ ACPI_MADT_TYPE_LOCAL_APIC_NMI, 5, "ACPI: Error parsing LAPIC NMI entry" },
		{ ACPI_MADT_TYPE_LOCAL_X2APIC_NMI, 11, "ACPI: Error parsing LAPIC NMI entry" },
		{ ACPI_MADT_TYPE_IO_APIC, 11, "ACPI: Error parsing IOAPIC entry" },
		{ ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, 9,
		  "ACPI: Error parsing interrupt source overrides entry" },
		{ ACPI_MADT_TYPE_NMI_SOURCE, 7, "ACPI: Error parsing NMI SRC entry" },
	};
	static const u8 zeros[16];

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		reset(0);
		lapic(0, 0, ACPI_MADT_ENABLED);
		madt_entry(bad[i].type, bad[i].len, zeros, bad[i].len - 2);
		qemu_interrupt_entries();
		publish();
		boot();
		tap_ok(logged_in_order((const char *const[]){ bad[i].says,
			"ACPI: Invalid BIOS MADT, disabling ACPI" }, 2),
		       "bad type %u length %u: %s, then ACPI off", bad[i].type, bad[i].len, bad[i].says);
		tap_ok(!strstr(log_buf, "Using ACPI") && !strstr(log_buf, "HPET id") && acpi_disabled,
		       "bad type %u: no MADT in use, no HPET line", bad[i].type);
		tap_ok(num_processors == 1 && cpu_physical_id(0) == 0 &&
		       logged("smpboot: Allowing 1 CPUs, 0 hotplug CPUs"),
		       "bad type %u: the boot processor remains, alone", bad[i].type);
		tap_ok(apic_check_invariants() && io_apic_check_invariants(),
		       "bad type %u: invariants hold", bad[i].type);
	}
}

/*
 *   MADT: [LAPIC 1 -> apic 1, bad: 7 bytes]      boot processor: apic 0
 *
 * Expect the boot processor, never listed, to be added by
 * prefill_possible_map() with Linux's warning.
 */
static void boot_cpu_not_listed_check(void)
{
	static const u8 zeros[8];

	reset(0);
	madt_entry(ACPI_MADT_TYPE_LOCAL_APIC, 7, zeros, 5);
	publish();
	boot();
	tap_ok(logged("smpboot: Boot CPU (id 0) not listed by BIOS") &&
	       logged("smpboot: Allowing 1 CPUs, 0 hotplug CPUs") && cpu_physical_id(0) == 0,
	       "not listed: the boot CPU is added as CPU 0");
}

/*
 *   No MADT in the RSDT at all.
 *
 * Expect no MADT line, the local APIC mapped at 0xfee00000 anyway by
 * init_apic_mappings(), the boot processor added, the HPET line printed.
 */
static void no_madt_check(void)
{
	reset(3);
	publish();
	put_le(RSDT_AT + 36 + 4, HPET_AT, 4);		/* the MADT's slot lists the HPET again */
	put_table(RSDT_AT, "RSDT", 36 + 8, 1);
	boot();
	tap_ok(!strstr(log_buf, "Using ACPI") && !strstr(log_buf, "IOAPIC["),
	       "no MADT: nothing from it");
	tap_eq(sim_lapic_phys, APIC_DEFAULT_PHYS_BASE, "no MADT: local APIC mapped at its default");
	tap_ok(logged("smpboot: Boot CPU (id 3) not listed by BIOS") && cpu_physical_id(0) == 3,
	       "no MADT: boot CPU (APIC id 3) added as CPU 0");
	tap_ok(logged("ACPI: HPET id: 0x8086a201 base: 0xfed00000"), "no MADT: HPET line still");
}

/*
 *   MADT: [LAPIC_ADDR_OVR 0xfee01000][LAPIC apic 0] ...
 *   MADT: [LAPIC_ADDR_OVR, 11 bytes][LAPIC apic 0] ...
 *
 * Expect the first to print Linux's LAPIC_ADDR_OVR line and move the
 * local APIC's mapping to 0xfee01000. Expect the second, malformed, to be
 * refused in the early pass: "Error parsing LAPIC address override entry",
 * "Invalid BIOS MADT, disabling ACPI", and no MADT line after; the local
 * APIC is then mapped at its default and the boot CPU is CPU 0.
 */
static void lapic_addr_override_check(void)
{
	u8 body[10] = { 0 };
	u64 address = 0xfee01000;

	memcpy(body + 2, &address, 8);
	reset(0);
	madt_entry(ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE, 12, body, 10);
	lapic(0, 0, ACPI_MADT_ENABLED);
	qemu_interrupt_entries();
	publish();
	boot();
	tap_ok(logged("ACPI: LAPIC_ADDR_OVR (address[0xfee01000])") && sim_lapic_phys == address,
	       "address override: Linux's line, the local APIC mapped there");

	reset(0);
	madt_entry(ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE, 11, body, 9);
	lapic(0, 0, ACPI_MADT_ENABLED);
	qemu_interrupt_entries();
	publish();
	boot();
	tap_ok(logged_in_order((const char *const[]){
			"ACPI: Error parsing LAPIC address override entry",
			"ACPI: Invalid BIOS MADT, disabling ACPI",
			"smpboot: Boot CPU (id 0) not listed by BIOS" }, 3) &&
	       !strstr(log_buf, "IOAPIC[") && sim_lapic_phys == APIC_DEFAULT_PHYS_BASE,
	       "bad address override: ACPI off before any processor is read");
	tap_ok(apic_check_invariants(), "bad address override: P1-P3 hold");
}

/*
 *   MADT: [IOAPIC 0 @0xfec00000 GSI 0]    24 pins: GSI 0-23
 *         [IOAPIC 1 @0          GSI 24]   zero address
 *         [IOAPIC 2 @0xfec00000 GSI 24]   same address again
 *         [IOAPIC 3 @0xfec01000 GSI 24]   nothing there: reads all ones
 *         [IOAPIC 0 @0xfec02000 GSI 16]   8 pins, GSI 16-23: overlaps
 *         [IOAPIC 0 @0xfec03000 GSI 24]   32 pins, GSI 24-55; id 0 taken
 *
 * Expect Linux's four warnings, in this order, and two I/O APICs: the
 * first, and the last renumbered to the id it holds (5), GSI 24-55.
 */
static void ioapic_refusals_check(void)
{
	static const char *const want[] = {
		"IOAPIC[0]: apic_id 0, version 32, address 0xfec00000, GSI 0-23",
		"Bogus (zero) I/O APIC address found, skipping!",
		"address 0xfec00000 conflicts with IOAPIC0",
		"I/O APIC 0xfec01000 registers return all ones, skipping!",
		"GSI range [16-23] for new IOAPIC conflicts with GSI[0-23]",
		"IOAPIC[1]: apic_id 5, version 32, address 0xfec03000, GSI 24-55",
	};

	reset(0);
	sim_io[1] = (struct sim_ioapic){ .phys = 0xfec02000, .id = 7, .pins = 8 };
	sim_io[2] = (struct sim_ioapic){ .phys = 0xfec03000, .id = 5, .pins = 32 };
	lapic(0, 0, ACPI_MADT_ENABLED);
	ioapic(0, QEMU_IOAPIC, 0);
	ioapic(1, 0, 24);
	ioapic(2, QEMU_IOAPIC, 24);
	ioapic(3, 0xfec01000, 24);
	ioapic(0, 0xfec02000, 16);
	ioapic(0, 0xfec03000, 24);
	publish();
	boot();
	tap_ok(logged_in_order(want, ARRAY_SIZE(want)), "ioapics: Linux's lines in order");
	tap_ok(nr_ioapics == 2 && mp_find_ioapic(55) == 1 && mp_find_ioapic_pin(1, 30) == 6,
	       "ioapics: two kept; GSI 30 is the second's pin 6");
	tap_ok(fixmap_io[2] == 0, "ioapics: the refused third slot's fixmap entry is cleared");
	tap_ok(logged("ACPI: Using ACPI (MADT) for SMP configuration information"),
	       "ioapics: refusals are not errors of the table");
	tap_ok(io_apic_check_invariants(), "ioapics: I1, I2 hold");
}

/*
 *   [IOAPIC @0xfec02000 GSI 8, 8 pins: 8-15] then [IOAPIC @0xfec00000 GSI 0, 24 pins]
 *
 * Expect the second refused: 0-23 contains 8-15 whole, an overlap that
 * testing each end of the new range inside the old one would miss.
 */
static void ioapic_contains_check(void)
{
	reset(0);
	sim_io[1] = (struct sim_ioapic){ .phys = 0xfec02000, .id = 1, .pins = 8 };
	lapic(0, 0, ACPI_MADT_ENABLED);
	ioapic(1, 0xfec02000, 8);
	ioapic(0, QEMU_IOAPIC, 0);
	publish();
	boot();
	tap_ok(logged("GSI range [0-23] for new IOAPIC conflicts with GSI[8-15]") && nr_ioapics == 1,
	       "contains: a range around an old one is refused");
}

/*
 *   [OVR ISA 16 -> GSI 16] [OVR ISA 3 -> GSI 99] [OVR ISA 0 -> GSI 2, level]
 *   [OVR ISA 4 -> GSI 4, flags 0x10]
 *
 * Expect "Invalid bus_irq 16 for legacy override", "Failed to find ioapic
 * for gsi : 99", the timer's level trigger turned to edge, and the
 * reserved-flags line; ISA 3 still on GSI 3.
 */
static void override_check(void)
{
	reset(0);
	lapic(0, 0, ACPI_MADT_ENABLED);
	ioapic(0, QEMU_IOAPIC, 0);
	override(16, 16, 0);
	override(3, 99, 0);
	override(0, 2, 0xf);		/* level, active low */
	override(4, 4, 0x10);
	publish();
	boot();
	tap_ok(logged("Invalid bus_irq 16 for legacy override"), "override: ISA 16 refused");
	tap_ok(logged("Failed to find ioapic for gsi : 99") && isa_irq_to_gsi[3] == 3,
	       "override: GSI 99 refused, ISA 3 unchanged");
	tap_eq(isa_irq_flags[0], (1 << 2) | 3, "override: the timer's level trigger becomes edge");
	tap_ok(logged("ACPI: INT_SRC_OVR unexpected reserved flags: 0x10"), "override: reserved flags");
}

/*
 *   apic_icr_write(INIT | ASSERT, 3): ICR2 first, then ICR.
 *   The ICR reads busy twice, then idle.
 *
 * Expect the destination in ICR2's top byte, one send, and the safe wait
 * to return 0 after the busy reads; busy for ever: APIC_ICR_BUSY.
 */
static void icr_check(void)
{
	sim_icr_sent = 0;
	apic_icr_write(APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT, 3);
	tap_ok(sim_icr2 == 3u << 24 && sim_icr == (APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT) &&
	       sim_icr_sent == 1, "icr: destination in ICR2[31:24], one command sent");
	sim_busy_reads = 2;
	tap_eq(safe_apic_wait_icr_idle(), 0, "icr: idle after two busy reads");
	sim_busy_reads = U32_MAX;
	tap_eq(safe_apic_wait_icr_idle(), APIC_ICR_BUSY, "icr: a stuck ICR is reported, not waited on for ever");
	sim_busy_reads = 0;
	__default_send_IPI_dest_field(1, 0x1f0, APIC_DM_FIXED);
	tap_ok(sim_icr == 0xf0 && sim_icr2 == 1u << 24, "icr: an IPI's vector is cut to 8 bits");
}

/* The chapter's KUnit self-tests, run on the QEMU-shaped machine */
static void selftests_check(void)
{
	extern struct kunit_suite *const __start_kunit_test_suites[];
	extern struct kunit_suite *const __stop_kunit_test_suites[];

	reset(0);
	lapic(0, 0, ACPI_MADT_ENABLED);
	lapic(1, 1, ACPI_MADT_ENABLED);
	qemu_interrupt_entries();
	publish();
	boot();
	tap_eq(kunit_run_suites(__start_kunit_test_suites,
				__stop_kunit_test_suites - __start_kunit_test_suites), 0,
	       "the KUnit self-tests pass on the host");
}

int main(void)
{
	phys_mem = test_alloc(PHYS_SIZE);
	page_offset_base = (unsigned long)phys_mem;
	max_pfn_mapped = PHYS_SIZE >> PAGE_SHIFT;
	setup_force_cpu_cap(X86_FEATURE_APIC);
	register_console(&capture);

	qemu_two_cpus_check();
	boot_cpu_listed_last_check();
	hotplug_check();
	x2apic_check();
	malformed_entry_check();
	boot_cpu_not_listed_check();
	no_madt_check();
	lapic_addr_override_check();
	ioapic_refusals_check();
	ioapic_contains_check();
	override_check();
	icr_check();
	selftests_check();
	tap_eq(early_map_errors, 0, "every early mapping was within the rules and unmapped with its size");
	tap_eq(early_maps_live(), 0, "no early mapping is left behind");
	test_free(phys_mem);
	return tap_done();
}

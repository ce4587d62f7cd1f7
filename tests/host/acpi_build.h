/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * acpi_build.h - building ACPI tables in simulated physical memory, for
 * the host tests of the ACPI and NUMA chapters. Include it once, in the
 * test's own file; the test allocates phys_mem and points
 * page_offset_base at it.
 */
#ifndef TESTS_HOST_ACPI_BUILD_H
#define TESTS_HOST_ACPI_BUILD_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/acpi.h>

static u8 *phys_mem;

static void *at(u64 pa)
{
	return phys_mem + pa;
}

/* Make the @len bytes at @pa sum to zero, through the byte at @field */
static void set_checksum(u64 pa, u32 len, u8 *field)
{
	u8 sum = 0;

	*field = 0;
	for (u32 i = 0; i < len; i++)
		sum += phys_mem[pa + i];
	*field = (u8)-sum;
}

/* A header as QEMU's firmware writes it: BOCHS, BXPC, revision 1, summed */
static struct acpi_table_header *put_table(u64 pa, const char *sig, u32 len, u8 rev)
{
	struct acpi_table_header *h = at(pa);

	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = rev;
	memcpy(h->oem_id, "BOCHS ", 6);
	memcpy(h->oem_table_id, "BXPC    ", 8);
	h->oem_revision = 1;
	memcpy(h->asl_compiler_id, "BXPC", 4);
	h->asl_compiler_revision = 1;
	set_checksum(pa, len, &h->checksum);
	return h;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * early_memremap_double.h - early_memremap() for host tests of code that
 * reads firmware tables (book/acpi.nw, book/numa.nw). Include it in exactly
 * one file of a test program.
 *
 * Simulated physical memory is [0, max_pfn_mapped pages), at
 * page_offset_base. Each mapping is a fresh heap copy of exactly the bytes
 * asked for, so that AddressSanitizer reports any read past the end of a
 * mapping, which the kernel's page-granular mappings would let through.
 * Unmapping must give back a live mapping with its size; at most
 * FIX_BTMAPS_SLOTS mappings may be live at once, and each may span at most
 * NR_FIX_BTMAPS pages, as in mm/early_ioremap.c. Breaking a rule counts in
 * early_map_errors, which tests check is zero.
 */
#ifndef TESTS_EARLY_MEMREMAP_DOUBLE_H
#define TESTS_EARLY_MEMREMAP_DOUBLE_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/page.h>
#include <asm/fixmap.h>
#include <asm/early_ioremap.h>

void *test_alloc(size_t size);
void test_free(void *p);

static struct {
	void *ptr;
	unsigned long size;
} early_maps[FIX_BTMAPS_SLOTS];
static int early_map_errors;

void *early_memremap(resource_size_t phys_addr, unsigned long size)
{
	u64 end = phys_addr + size, limit = (u64)max_pfn_mapped << PAGE_SHIFT;
	int slot;

	if (!size || end < phys_addr || end > limit)
		return NULL;		/* no such simulated memory */
	if (PFN_UP(end) - PFN_DOWN(phys_addr) > NR_FIX_BTMAPS) {
		early_map_errors++;	/* the kernel would WARN */
		return NULL;
	}
	for (slot = 0; slot < FIX_BTMAPS_SLOTS && early_maps[slot].ptr; slot++)
		;
	if (slot == FIX_BTMAPS_SLOTS) {
		early_map_errors++;	/* all slots taken: a leak */
		return NULL;
	}
	early_maps[slot].ptr = test_alloc(size);
	early_maps[slot].size = size;
	memcpy(early_maps[slot].ptr, (void *)(page_offset_base + phys_addr), size);
	return early_maps[slot].ptr;
}

void early_memunmap(void *addr, unsigned long size)
{
	for (int slot = 0; slot < FIX_BTMAPS_SLOTS; slot++) {
		if (early_maps[slot].ptr == addr) {
			if (early_maps[slot].size != size)
				early_map_errors++;
			test_free(addr);
			early_maps[slot].ptr = NULL;
			return;
		}
	}
	early_map_errors++;		/* not a live mapping */
}

static inline int early_maps_live(void)
{
	int n = 0;

	for (int slot = 0; slot < FIX_BTMAPS_SLOTS; slot++)
		n += early_maps[slot].ptr != NULL;
	return n;
}

#endif

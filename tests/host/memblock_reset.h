/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock_reset.h - memblock as a fresh boot has it, for the host tests and
 * fuzz targets that run many cases in one process: both types empty and
 * back on the static arrays memblock starts with (a case may have doubled
 * them into memory of its own), allocating top-down below @limit.
 *
 * The static arrays are remembered at the first call, which must come
 * before any case has run.
 */
#ifndef TESTS_HOST_MEMBLOCK_RESET_H
#define TESTS_HOST_MEMBLOCK_RESET_H

#include <linux/memblock.h>
#include <linux/string.h>

static inline void memblock_reset_type(struct memblock_type *type,
				       struct memblock_region *regions, unsigned long max)
{
	memset(regions, 0, max * sizeof(*regions));
	regions[0].nid = MAX_NUMNODES;
	type->regions = regions;
	type->cnt = 1;
	type->max = max;
	type->total_size = 0;
}

static inline void memblock_reset(phys_addr_t limit)
{
	static struct memblock_region *memory, *reserved;

	if (!memory) {
		memory = memblock.memory.regions;
		reserved = memblock.reserved.regions;
	}
	memblock_reset_type(&memblock.memory, memory, INIT_MEMBLOCK_REGIONS);
	memblock_reset_type(&memblock.reserved, reserved, INIT_MEMBLOCK_RESERVED_REGIONS);
	memblock.bottom_up = false;
	memblock.current_limit = limit;
}

#endif

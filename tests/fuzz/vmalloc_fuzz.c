// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc_fuzz.c - libFuzzer target for the address-space allocator of
 * mm/vmalloc.c (book/vmalloc.nw), in the host test's environment
 * (tests/host/vmalloc_env.h: the slab allocator over the C library).
 *
 * The input is a program, two bytes an operation:
 *
 *   byte 0 bits 7-6: 0 or 1 allocate, 2 free, 3 purge the lazy areas
 *   allocate: byte 0 bits 0-5: 1 + n pages; byte 1 bits 0-2: align 2^k
 *             pages; bits 3-4: the range, the whole window or a quarter
 *   free:     byte 1 picks the live area
 *
 * All of it happens in a window of WINDOW_PAGES pages. After every
 * operation V1-V4 must hold (vmalloc_check_invariants()), and every area
 * handed out must be aligned, inside its range and disjoint from every
 * other live one; a violation traps, and ASan and UBSan catch memory
 * errors. At the end everything is freed and purged, and the window must
 * be one free area again with one record left, the initial free area.
 */
#include "../host/vmalloc_env.h"

#define WINDOW_PAGES	2048
#define WINDOW_START	(VMALLOC_START + SZ_1G)
#define MAX_LIVE	256

static struct vmap_area *live[MAX_LIVE];
static unsigned int nr_live;

static void check(bool cond)
{
	if (!cond)
		__builtin_trap();
}

static void fuzz_alloc(u8 a, u8 b)
{
	unsigned long size = (1UL + (a & 63)) * PAGE_SIZE, align = PAGE_SIZE << (b & 7);
	unsigned long quarter = WINDOW_PAGES / 4 * PAGE_SIZE;
	unsigned long vstart = WINDOW_START + ((b >> 3) & 3) * quarter;
	unsigned long vend = (b >> 3) & 3 ? vstart + quarter : WINDOW_START + 4 * quarter;
	struct vmap_area *va;

	if (nr_live == MAX_LIVE)
		return;
	va = alloc_vmap_area(size, align, vstart, vend, NUMA_NO_NODE, GFP_KERNEL | __GFP_NOWARN);
	if (!va)
		return;
	check(IS_ALIGNED(va->va_start, align) && va->va_start >= vstart && va->va_end <= vend &&
	      va->va_end - va->va_start == size);
	for (unsigned int i = 0; i < nr_live; i++)
		check(va->va_end <= live[i]->va_start || va->va_start >= live[i]->va_end);
	live[nr_live++] = va;
}

static void fuzz_free(u8 b)
{
	unsigned int i;

	if (!nr_live)
		return;
	i = b % nr_live;
	free_vmap_area_noflush(live[i]);
	live[i] = live[--nr_live];
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static bool initialised;
	struct vmap_area *va;
	int in_window = 0;

	if (!initialised) {
		vmalloc_init();
		initialised = true;
	}
	for (size_t i = 0; i + 1 < size; i += 2) {
		switch (data[i] >> 6) {
		case 0:
		case 1:
			fuzz_alloc(data[i], data[i + 1]);
			break;
		case 2:
			fuzz_free(data[i + 1]);
			break;
		default:
			__purge_vmap_area_lazy();
		}
		check(vmalloc_check_invariants() == NULL);
	}
	while (nr_live)
		fuzz_free(0);
	__purge_vmap_area_lazy();
	check(vmalloc_check_invariants() == NULL);
	list_for_each_entry(va, &free_vmap_area_list, list)
		in_window += va->va_end > WINDOW_START &&
			     va->va_start < WINDOW_START + WINDOW_PAGES * PAGE_SIZE;
	check(in_window == 1 && host_cache.live == 1);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc_test.c - the address-space allocator of mm/vmalloc.c
 * (book/vmalloc.nw) against a model.
 *
 * The test includes the tangled vmalloc.c to reach its static functions:
 * alloc_vmap_area(), free_vmap_area_noflush(), the purge. It works in a
 * window of WINDOW_PAGES pages that nothing else uses; the model is one
 * state per page of the window (free, busy, lazy). Each allocation must
 * land where the model's rule puts it: the lowest aligned start in the
 * window whose pages are all free, after purging the lazy pages if
 * nothing fits. After every step: V1-V4 (vmalloc_check_invariants), and
 * the free, lazy and busy areas inside the window equal the model's runs
 * of pages, which is V3 (coalescing) checked against a model.
 *
 * The slab allocator is the C library's here; nothing maps pages.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/console.h>
#include "tap.h"
#include "capture.h"

#include "vmalloc_env.h"

/* ---------------------------------------------------------------------
 * The model
 */
#define WINDOW_PAGES	1024
#define WINDOW_START	(VMALLOC_START + SZ_1G)	/* aligned to 1 GiB, so to every align */
#define WINDOW_END	(WINDOW_START + WINDOW_PAGES * PAGE_SIZE)

enum { FREE, BUSY, LAZY };
static u8 model[WINDOW_PAGES];
static struct vmap_area *owner[WINDOW_PAGES];	/* the busy area starting at a page */

static unsigned long page_addr(int i)
{
	return WINDOW_START + (unsigned long)i * PAGE_SIZE;
}

/* The model's answer: the lowest aligned run of @n free pages, or -1 */
static int model_fit(int n, unsigned long align)
{
	for (int i = 0; i + n <= WINDOW_PAGES; i++) {
		int j = 0;

		if (!IS_ALIGNED(page_addr(i), align))
			continue;
		while (j < n && model[i + j] == FREE)
			j++;
		if (j == n)
			return i;
	}
	return -1;
}

static void model_purge(void)
{
	for (int i = 0; i < WINDOW_PAGES; i++)
		if (model[i] == LAZY)
			model[i] = FREE;
}

/* Do the areas of one set, clipped to the window, equal the model's runs of @state? */
static bool set_matches_model(struct list_head *head, int state)
{
	static u8 seen[WINDOW_PAGES];
	struct vmap_area *va;

	memset(seen, 0, sizeof(seen));
	list_for_each_entry(va, head, list) {
		unsigned long s = max(va->va_start, (unsigned long)WINDOW_START);
		unsigned long e = min(va->va_end, (unsigned long)WINDOW_END);

		for (unsigned long a = s; a < e; a += PAGE_SIZE)
			seen[(a - WINDOW_START) / PAGE_SIZE] = 1;
	}
	for (int i = 0; i < WINDOW_PAGES; i++)
		if (seen[i] != (model[i] == state))
			return false;
	return true;
}

/* Within the window, the number of areas of a list (a window-crossing one counts) */
static int areas_in_window(struct list_head *head)
{
	struct vmap_area *va;
	int n = 0;

	list_for_each_entry(va, head, list)
		n += va->va_end > WINDOW_START && va->va_start < WINDOW_END;
	return n;
}

static const char *check_all(void)
{
	const char *why = vmalloc_check_invariants();

	if (why)
		return why;
	if (!set_matches_model(&free_vmap_area_list, FREE))
		return "free areas differ from the model";
	if (!set_matches_model(&purge_vmap_area_list, LAZY))
		return "lazy areas differ from the model";
	if (!set_matches_model(&vmap_area_list, BUSY))
		return "busy areas differ from the model";
	return NULL;
}

/* ---------------------------------------------------------------------
 * Steps
 */
/* All pages of [@at, @at + @n) free in the model? */
static bool model_free_run(int at, int n)
{
	for (int i = at; i < at + n; i++)
		if (i < 0 || i >= WINDOW_PAGES || model[i] != FREE)
			return false;
	return true;
}

/*
 * The rule for an aligned request (align > 1 page): the allocator looks
 * for a free area of at least size + align - 1 bytes, which holds the
 * request at any alignment; in whole pages that is n + align pages. A
 * smaller area that would fit may be passed over (Linux's rule too). So:
 * the result is aligned and free, and no higher than the aligned start in
 * the lowest run of n + align free pages; it fails only if there is no
 * such run.
 */
static bool aligned_as_model(struct vmap_area *va, int n, unsigned long align)
{
	int a = align / PAGE_SIZE, run = model_fit(n + a, PAGE_SIZE), at;

	if (!va)
		return run < 0;
	at = (va->va_start - WINDOW_START) / PAGE_SIZE;
	return IS_ALIGNED(va->va_start, align) && model_free_run(at, n) &&
	       (run < 0 || at <= run + a - 1);
}

static struct vmap_area *do_alloc(int n, unsigned long align, bool *as_model)
{
	bool lazy = !list_empty(&purge_vmap_area_list), purged;
	int a = align / PAGE_SIZE;
	int at = model_fit(n, align), run = model_fit(n + a, PAGE_SIZE);
	struct vmap_area *va;

	va = alloc_vmap_area((unsigned long)n * PAGE_SIZE, align, WINDOW_START, WINDOW_END,
			     NUMA_NO_NODE, GFP_KERNEL | __GFP_NOWARN);
	purged = lazy && list_empty(&purge_vmap_area_list);
	if (purged)
		model_purge();
	if (a == 1) {
		/* exact: the lowest fit, and a purge only if nothing fitted */
		int want = at >= 0 ? at : model_fit(n, align);

		*as_model = purged == (lazy && at < 0) &&
			    (want < 0 ? !va : va && va->va_start == page_addr(want));
	} else {
		*as_model = !(purged && run >= 0) && aligned_as_model(va, n, align);
	}
	if (!*as_model) {
		char runs[4096];
		int len = 0;

		for (int i = 0; i < WINDOW_PAGES; i++)
			if (model[i] == FREE && (i == 0 || model[i - 1] != FREE)) {
				int j = i;

				while (j < WINDOW_PAGES && model[j] == FREE)
					j++;
				len += test_snprintf(runs + len, sizeof(runs) - len, " [%d,%d)", i, j);
			}
		tap_diag("alloc %d pages align %d: got %#lx; lazy %d purged %d at %d run %d; free:%s", n, a,
			 va ? (va->va_start - WINDOW_START) / PAGE_SIZE : -1UL, lazy, purged, at, run, runs);
	}
	if (va && *as_model) {
		at = (va->va_start - WINDOW_START) / PAGE_SIZE;
		for (int i = 0; i < n; i++)
			model[at + i] = BUSY;
		owner[at] = va;
	}
	return va;
}

static void do_free(int at)
{
	struct vmap_area *va = owner[at];

	for (unsigned long a = va->va_start; a < va->va_end; a += PAGE_SIZE)
		model[(a - WINDOW_START) / PAGE_SIZE] = LAZY;
	owner[at] = NULL;
	free_vmap_area_noflush(va);
}

static void reset_window(void)
{
	for (int i = 0; i < WINDOW_PAGES; i++)
		if (owner[i])
			do_free(i);
	__purge_vmap_area_lazy();
	model_purge();
}

/* ---------------------------------------------------------------------
 * Cases
 */

/*
 * After vmalloc_init():
 *
 *   [1 ..................................................... ULONG_MAX)  one free area
 *
 * Expect one free area, no busy or lazy one, and V1-V4.
 */
static void init_one_free_area_check(void)
{
	tap_ok(vmalloc_check_invariants() == NULL, "after vmalloc_init: V1-V4 hold");
	tap_eq(areas_in_window(&free_vmap_area_list), 1, "one free area covers the window");
	tap_ok(list_empty(&vmap_area_list) && list_empty(&purge_vmap_area_list),
	       "no busy and no lazy area");
	tap_eq(rb_entry(free_vmap_area_root.rb_node, struct vmap_area, rb_node)->subtree_max_size,
	       VMAP_SPACE_END - VMAP_SPACE_START, "the root's maximum is the whole space");
}

/*
 * Three allocations, then freeing the middle, the first and the last:
 *
 *   window: |A:2|B:3|C:1|free ...............|
 *   free B: |A:2|lazy|C:1|free ...............|
 *   purge:  |A:2|free|C:1|free ...............|     B's space alone
 *   free A, C, purge: |free .............................|  one area again
 *
 * Expect A, B, C side by side from the window's start, and after the
 * last purge one free area over the window (V3: merged both ways).
 */
static void alloc_then_coalesce_check(void)
{
	struct vmap_area *a, *b, *c;
	bool ok1, ok2, ok3;

	a = do_alloc(2, PAGE_SIZE, &ok1);
	b = do_alloc(3, PAGE_SIZE, &ok2);
	c = do_alloc(1, PAGE_SIZE, &ok3);
	tap_ok(ok1 && ok2 && ok3 && a->va_start == WINDOW_START &&
	       b->va_start == a->va_end && c->va_start == b->va_end,
	       "A, B, C are side by side from the window's start");
	do_free(2);
	tap_ok(check_all() == NULL && areas_in_window(&purge_vmap_area_list) == 1,
	       "B is lazy, not free");
	__purge_vmap_area_lazy();
	model_purge();
	tap_eq(areas_in_window(&free_vmap_area_list), 2, "after the purge: B's hole and the rest");
	do_free(0);
	do_free(5);
	__purge_vmap_area_lazy();
	model_purge();
	tap_ok(check_all() == NULL, "V1-V4 and the model after freeing all");
	tap_eq(areas_in_window(&free_vmap_area_list), 1, "one free area over the window again");
}

/*
 * Alignment and range:
 *
 *   |x|free....|     one page busy at the start; ask for 4 pages aligned to 16
 *   |x|  split  |AAAA|free...   -> at page 16; pages 1-15 stay free (NE fit)
 *
 * Expect the 16-page-aligned start, the split recorded as two free areas,
 * and a request larger than the window refused with Linux's message.
 */
static void align_and_range_check(void)
{
	struct vmap_area *x, *y;
	bool ok;

	x = do_alloc(1, PAGE_SIZE, &ok);
	y = do_alloc(4, 16 * PAGE_SIZE, &ok);
	tap_ok(ok && y && y->va_start == page_addr(16), "4 pages aligned to 16 pages land at page 16");
	tap_ok(check_all() == NULL, "the split keeps V1-V4 and the model");
	capture_clear();
	tap_ok(!alloc_vmap_area((WINDOW_PAGES + 1) * PAGE_SIZE, PAGE_SIZE, WINDOW_START,
				WINDOW_END, NUMA_NO_NODE, GFP_KERNEL),
	       "a request larger than the range fails");
	tap_ok(logged("vmap allocation for size 4198400 failed: use vmalloc=<size> to increase size"),
	       "with Linux's message");
	(void)x;
	reset_window();
}

/*
 * The lazy set batches the TLB shootdowns (book/vmalloc.nw, book/smp.nw):
 *
 *   window:     |A:2|B:3|C:1|free ...|
 *   free A, C:  |lazy|B:3|lazy|free ...|   no flush yet
 *   purge:      |free|B:3|free ...|        one flush of [A's start, C's end)
 *   purge again: nothing lazy              no flush
 *
 * Expect no flush on free, exactly one flush covering both lazy areas on
 * the purge (busy B between them included), and none for an empty purge.
 */
static void purge_flushes_once_check(void)
{
	struct vmap_area *a, *c;
	unsigned long calls = host_tlb_flush.calls;
	bool ok1, ok2, ok3;

	a = do_alloc(2, PAGE_SIZE, &ok1);
	do_alloc(3, PAGE_SIZE, &ok2);
	c = do_alloc(1, PAGE_SIZE, &ok3);
	tap_ok(ok1 && ok2 && ok3, "A, B, C allocated as the model says");
	do_free((a->va_start - WINDOW_START) / PAGE_SIZE);
	do_free((c->va_start - WINDOW_START) / PAGE_SIZE);
	tap_eq(host_tlb_flush.calls, calls, "freeing A and C flushes nothing");
	tap_ok(__purge_vmap_area_lazy(), "the purge finds the lazy areas");
	model_purge();
	tap_eq(host_tlb_flush.calls, calls + 1, "the purge flushes once");
	tap_ok(host_tlb_flush.start == page_addr(0) && host_tlb_flush.end == page_addr(6),
	       "over [A's start, C's end)");
	tap_ok(!__purge_vmap_area_lazy() && host_tlb_flush.calls == calls + 1,
	       "a purge with nothing lazy flushes nothing");
	tap_ok(check_all() == NULL, "V1-V4 and the model after the purge");
	reset_window();
}

/*
 * Random allocations (1-32 pages, aligned to 1-16 pages) and frees, with
 * a purge now and then, in the window, the model beside:
 *
 *   model: |B B . L L . . B ...|   B busy, L lazy, . free
 *
 * Expect every allocation where the model puts it (or a failure where the
 * model has no room even after a purge), and V1-V4 and the model's runs
 * after every step.
 */
static void random_against_model_check(void)
{
	int steps = 4000, bad = -1, allocs = 0, fails = 0;
	const char *why = NULL;

	for (int step = 0; step < steps && bad < 0; step++) {
		u64 r = test_rand();

		if (r % 8 < 5) {
			bool ok;

			if (!do_alloc(1 + (r >> 8) % 32, PAGE_SIZE << ((r >> 16) % 5), &ok))
				fails++;
			allocs++;
			if (!ok)
				why = "an allocation is not where the model puts it";
		} else if (r % 8 < 7) {
			int at = (r >> 8) % WINDOW_PAGES;

			while (at < WINDOW_PAGES && !owner[at])
				at++;
			if (at < WINDOW_PAGES)
				do_free(at);
		} else {
			__purge_vmap_area_lazy();
			model_purge();
		}
		if (!why)
			why = check_all();
		if (why) {
			bad = step;
			tap_diag("step %d op %d", step, (int)(r % 8));
		}
	}
	tap_ok(bad < 0, "%d steps (%d allocations, %d refused) match the model%s%s", steps,
	       allocs, fails, bad < 0 ? "" : ": ", bad < 0 ? "" : why);
	reset_window();
	tap_eq(areas_in_window(&free_vmap_area_list), 1, "the window is one free area at the end");
	tap_eq(host_cache.live, 1, "one record left: the free area of the whole space");
}

int main(void)
{
	test_srand(test_seed_from_env(20261207));
	register_console(&capture);
	vmalloc_init();
	init_one_free_area_check();
	alloc_then_coalesce_check();
	align_and_range_check();
	purge_flushes_once_check();
	random_against_model_check();
	return tap_done();
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmalloc_env.h - mm/vmalloc.c (book/vmalloc.nw) compiled into a host
 * program, with what the kernel around it provides: the slab allocator
 * over the C library, and stubs for the page allocator and the page
 * tables, which the address-space allocator never reaches (they abort).
 * Included once, by tests/host/vmalloc_test.c and tests/fuzz/vmalloc_fuzz.c,
 * to reach vmalloc.c's static functions.
 */
#ifndef TESTS_HOST_VMALLOC_ENV_H
#define TESTS_HOST_VMALLOC_ENV_H

#include "tap.h"

#include "../../src/mm/vmalloc.c"

/* ---------------------------------------------------------------------
 * What the kernel around vmalloc.c provides
 */
/* The work queue: a free from a handler never happens on the host */
struct workqueue_struct *system_wq;
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	(void)cpu;
	(void)wq;
	work->func(work);
	return true;
}

/* Time stands still; yielding does nothing */
unsigned long volatile jiffies;
void yield(void)
{
}

/* One CPU: a call to it runs at once */
int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait)
{
	(void)cpu;
	(void)wait;
	func(info);
	return 0;
}

/* One cache, vmap_area's; struct kmem_cache stays opaque here */
static struct {
	unsigned int size;
	long live;		/* objects allocated and not freed */
} host_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	(void)name, (void)align, (void)flags, (void)ctor;
	host_cache.size = size;
	return (struct kmem_cache *)&host_cache;
}

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags)
{
	(void)c, (void)flags;
	host_cache.live++;
	return test_alloc(host_cache.size);
}

void *kmem_cache_alloc_node(struct kmem_cache *c, gfp_t flags, int node)
{
	(void)node;
	return kmem_cache_alloc(c, flags);
}

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	(void)c;
	host_cache.live--;
	test_free(p);
}

void *__kmalloc_node(size_t size, gfp_t flags, int node)
{
	(void)flags, (void)node;
	return test_alloc(size);
}

void kfree(const void *p)
{
	test_free((void *)p);
}

/* Nothing below is reached by the address-space allocator */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	(void)nid, (void)gfp, (void)order;
	test_abort("alloc_pages_node");
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	(void)gfp, (void)order;
	test_abort("alloc_pages");
}

void drain_local_pages(struct zone *zone)
{
	(void)zone;
	test_abort("drain_local_pages");
}

unsigned long nr_free_pages(void)
{
	test_abort("nr_free_pages");
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	(void)gfp;
	test_abort("get_zeroed_page");
}

void __free_pages(struct page *page, unsigned int order)
{
	(void)page, (void)order;
	test_abort("__free_pages");
}

void free_pages(unsigned long addr, unsigned int order)
{
	(void)addr, (void)order;
	test_abort("free_pages");
}

struct cpuinfo_x86 boot_cpu_data;

/* The shootdown (book/smp.nw): counted, with the last range, for the tests */
static struct {
	unsigned long calls, start, end;
} host_tlb_flush;

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	host_tlb_flush.calls++;
	host_tlb_flush.start = start;
	host_tlb_flush.end = end;
}

/* The call-function interrupts' count (book/smp.nw), which the self-tests read */
DEFINE_PER_CPU(unsigned long, irq_call_count);

unsigned long totalram_pages(void)
{
	return 1UL << 20;
}

bool e820__mapped_any(u64 start, u64 end, enum e820_type type)
{
	(void)start, (void)end, (void)type;
	return false;
}

struct mm_struct init_mm;
unsigned long vmalloc_base = __VMALLOC_BASE_L4;	/* never dereferenced here */
unsigned long page_offset_base, vmemmap_base;
pteval_t __supported_pte_mask;
struct pglist_data *node_data[MAX_NUMNODES];
nodemask_t node_possible_map, node_online_map;

int nodes_weight(nodemask_t m)
{
	int n, w = 0;

	for_each_node_mask(n, m)
		w++;
	return w;
}

#endif

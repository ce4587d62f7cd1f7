/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/slab.h for host tests, until the kernel has one (book/slab.nw):
 * the declarations Linux has, which tests/host/vmalloc_test.c implements
 * over the C library. Found only when src/include has no linux/slab.h.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H
#include <linux/types.h>
#include <linux/gfp.h>

typedef unsigned int slab_flags_t;
#define SLAB_PANIC	((slab_flags_t)0x00040000U)

struct kmem_cache;
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags);
void *kmem_cache_alloc_node(struct kmem_cache *cachep, gfp_t flags, int nodeid);
void kmem_cache_free(struct kmem_cache *cachep, void *objp);
void *__kmalloc_node(size_t size, gfp_t flags, int node);
void kfree(const void *objp);

static inline void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __kmalloc_node(size, flags, node);
}

static inline void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}
#endif

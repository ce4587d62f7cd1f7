# SPDX-License-Identifier: GPL-2.0-only
"""slab_rules.py - the layout of Linux v6.1 SLAB's kmalloc caches, from its rules.

Written from reading Linux v6.1 (mm/slab.c kmem_cache_init,
__kmem_cache_create, set_objfreelist_slab_cache, set_off_slab_cache,
set_on_slab_cache, calculate_slab_order, cache_estimate; mm/slab_common.c
create_boot_cache, calculate_alignment, create_kmalloc_caches, kmalloc_slab;
include/linux/slab.h KMALLOC_SHIFT_*), for x86-64: 4 KiB pages, 64-byte
cache lines, one-byte freelist indices, no debugging, no constructor,
init_on_free off. It knows nothing of our kernel's code; slab.t compares
what our kernel's /proc/slabinfo says with what this computes.

    python3 tests/boot/slab_rules.py [MiB of RAM]   prints the table
"""
import sys

PAGE = 4096
LINE = 64
MAX_ORDER = 11
KMALLOC_MAX_ORDER = MAX_ORDER - 1           # KMALLOC_SHIFT_MAX - PAGE_SHIFT
OBJ_MAX = 255                               # one-byte indices
OBJ_MIN = 16                                # SLAB_OBJ_MIN_SIZE
SIZES = {1: 96, 2: 192, 5: 32, 6: 64, 7: 128, 8: 256, 9: 512, 10: 1024, 11: 2048,
         12: 4096, 13: 8192}
SHORT = {1024: '1k', 2048: '2k', 4096: '4k', 8192: '8k'}
# kmalloc_info's creation order within a type: each power of two from 32
# up, with 96 right after 64 and 192 right after 128
ORDER = [5, 6, 1, 7, 2, 8, 9, 10, 11, 12, 13]
TYPES = [('kmalloc-', False), ('kmalloc-rcl-', True), ('dma-kmalloc-', False)]
NODE_INDEX = 7      # struct kmem_cache_node: 120 bytes without lock debugging


def align_up(x, a):
    return (x + a - 1) // a * a


def kmalloc_index(size):
    if size <= 192:
        return [5, 5, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7,
                2, 2, 2, 2, 2, 2, 2, 2][(size - 1) // 8]
    return (size - 1).bit_length()


class Cache:
    pass


def estimate(order, size, onslab):
    total = PAGE << order
    per = size + (1 if onslab else 0)
    return total // per, total % per


def slab_order(size, where, reclaim, max_order, caches):
    """calculate_slab_order: (num, order, left) or None."""
    best = None
    for order in range(KMALLOC_MAX_ORDER + 1):
        num, left = estimate(order, size, where == 'on')
        if num == 0:
            continue
        if num > OBJ_MAX:
            break
        if where == 'off':
            fc = caches.get(kmalloc_index(num))
            if fc is None or fc.where == 'off' or fc.size > size // 2:
                continue
        best = (num, order, left)
        if reclaim or order >= max_order or left * 8 <= PAGE << order:
            break
    return best


def layout(object_size, reclaim, max_order, caches):
    """A kmalloc cache of @object_size, created after @caches (index -> Cache)."""
    align = object_size if object_size & (object_size - 1) == 0 else 8
    ralign = LINE
    while object_size <= ralign // 2:
        ralign //= 2
    align = max(align, ralign, 8)
    size = align_up(align_up(object_size, 8), align)
    size = max(size, align_up(OBJ_MIN, align))
    c = Cache()
    c.size = size
    got = slab_order(size, 'obj', reclaim, max_order, caches)
    if got and got[0] <= object_size:
        c.where, (c.num, c.order, _) = 'obj', got
        return c
    got = slab_order(size, 'off', reclaim, max_order, caches)
    if got and got[2] < got[0]:
        c.where, (c.num, c.order, _) = 'off', got
        return c
    c.where, (c.num, c.order, _) = 'on', slab_order(size, 'on', reclaim, max_order, caches)
    return c


def kmalloc_caches(ram_mib):
    """name -> Cache, for a machine with @ram_mib MiB of RAM."""
    max_order = 1 if ram_mib > 32 else 0
    normal = {}
    out = {}
    normal[NODE_INDEX] = layout(SIZES[NODE_INDEX], False, max_order, normal)
    for prefix, reclaim in TYPES:
        for idx in ORDER:
            if prefix == 'kmalloc-' and idx in normal:
                c = normal[idx]
            else:
                c = layout(SIZES[idx], reclaim, max_order, normal)
            if prefix == 'kmalloc-':
                normal[idx] = c
            out[prefix + SHORT.get(SIZES[idx], str(SIZES[idx]))] = c
    return out


def tunables(size, cpus=1):
    """enable_cpucache: (limit, batchcount, shared) for an object size."""
    if size > 131072:
        limit = 1
    elif size > PAGE:
        limit = 8
    elif size > 1024:
        limit = 24
    elif size > 256:
        limit = 54
    else:
        limit = 120
    shared = 8 if size <= PAGE and cpus > 1 else 0
    return limit, (limit + 1) // 2, shared


if __name__ == '__main__':
    ram = int(sys.argv[1]) if len(sys.argv) > 1 else 512
    for name, c in kmalloc_caches(ram).items():
        print('%-17s %6u %4u %4u  %s' % (name, c.size, c.num, 1 << c.order, c.where))

# SPDX-License-Identifier: GPL-2.0-only
"""sample.py - a memreport written by hand, for the parser and figure tests.

The records describe a q35 machine with 4 GiB in two nodes, as the report
format (book/report.nw) lays it out; they are written here, not copied
from a boot, so that the tests do not depend on which chapters have
landed. log() wraps them in the markers and printk timestamps of a
serial console, with a few kernel lines before and after.
"""
import json

PAGE_OFFSET = 0xffff888000000000
VMEMMAP = 0xffffea0000000000
TEXT = 0xffffffff81000000
G, M, K = 1 << 30, 1 << 20, 1 << 10


def h(n):
    return '%#x' % n


def records():
    """The sample's records, as dicts, in the order the kernel prints them."""
    out = [{'rec': 'report', 'version': 1}]
    for addr, size, typ in ((0, 0x9fc00, 1), (0x9fc00, 0x400, 2), (0xf0000, 0x10000, 2),
                            (0x100000, 0x7fee0000, 1), (0x7ffe0000, 0x20000, 2),
                            (0xb0000000, 0x10000000, 2), (0xfffc0000, 0x40000, 2),
                            (0x100000000, 2 * G, 1)):
        out.append({'rec': 'e820', 'addr': h(addr), 'size': h(size), 'type': typ})
    for base, size, nid in ((0x1000, 0x9e000, 0), (0x100000, 0x7fee0000, 0),
                            (0x100000000, 2 * G, 1)):
        out.append({'rec': 'memblock', 'type': 'memory', 'base': h(base), 'size': h(size),
                    'flags': 0, 'nid': nid})
    for base, size in ((0, 0x1000), (0x1000000, 0x200000), (0x17c000000, 0x4000000)):
        out.append({'rec': 'memblock', 'type': 'reserved', 'base': h(base), 'size': h(size),
                    'flags': 0, 'nid': 64})
    for nid, start, end in ((0, 0x1000, 0x7ffe0000), (1, 0x100000000, 0x180000000)):
        out.append({'rec': 'node', 'nid': nid, 'start': h(start), 'end': h(end)})
    for name, start in (('User Space', 0), ('Kernel Space', 1 << 63),
                        ('Low Kernel Mapping', PAGE_OFFSET),
                        ('vmalloc() Area', 0xffffc90000000000), ('Vmemmap', VMEMMAP),
                        ('High Kernel Mapping', 0xffffffff80000000),
                        ('Modules', 0xffffffffa0000000), ('End Modules', 0xffffffffff000000),
                        ('Fixmap Area', 0xffffffffff579000)):
        out.append({'rec': 'marker', 'name': name, 'start': h(start)})
    T = 1 << 40
    for name, start, size in (('direct map', PAGE_OFFSET, 64 * T),
                              ('vmalloc', 0xffffc90000000000, 32 * T), ('vmemmap', VMEMMAP, T),
                              ('kernel image', 0xffffffff80000000, 512 * M),
                              ('modules', 0xffffffffa0000000, 0xff000000 - 0xa0000000),
                              ('fixmap', 0xffffffffff579000, 0x286000)):
        out.append({'rec': 'region', 'name': name, 'start': h(start), 'end': h(start + size)})
    rw_nx, ro_x = 0x8000000000000163, 0x161
    for start, end, level, prot in (
            (PAGE_OFFSET, PAGE_OFFSET + 2 * M, 'pte', rw_nx),
            (PAGE_OFFSET + 2 * M, PAGE_OFFSET + G, 'pmd', rw_nx | 0x80),
            (PAGE_OFFSET + G, PAGE_OFFSET + 2 * G, 'pud', rw_nx | 0x80),
            (PAGE_OFFSET + 4 * G, PAGE_OFFSET + 6 * G, 'pud', rw_nx | 0x80),
            (VMEMMAP, VMEMMAP + 4 * M, 'pmd', rw_nx | 0x80),
            (TEXT, TEXT + 2 * M, 'pte', ro_x)):
        out.append({'rec': 'pt', 'start': h(start), 'end': h(end), 'level': level,
                    'prot': h(prot)})
    out.append({'rec': 'walk', 'name': 'kernel_text', 'va': h(TEXT), 'cr3': h(0x2a0b000),
                'steps': [{'level': 'pgd', 'index': 511, 'table': h(0x2a0b000),
                           'entry': h(0x2a0c063)},
                          {'level': 'pud', 'index': 510, 'table': h(0x2a0c000),
                           'entry': h(0x2a0d063)},
                          {'level': 'pmd', 'index': 8, 'table': h(0x2a0d000),
                           'entry': h(0x2a0e063)},
                          {'level': 'pte', 'index': 0, 'table': h(0x2a0e000),
                           'entry': h(0x1000161)}],
                'pa': h(0x1000000), 'page_size': h(0x1000)})
    for nr, nid, mem_map in ((0, 0, VMEMMAP), (1, 0, VMEMMAP + 2 * M),
                             (32, 1, VMEMMAP + 64 * M)):
        out.append({'rec': 'section', 'nr': nr, 'nid': nid, 'pfn': h(nr << 15),
                    'mem_map': h(mem_map), 'map_size': h(2 * M)})
    for start, pa in ((VMEMMAP, 0x7c000000), (VMEMMAP + 64 * M, 0x17e000000)):
        out.append({'rec': 'map', 'start': h(start), 'end': h(start + (4 if pa < G else 2) * M),
                    'pa': h(pa), 'level': 'pmd'})
    for nid, zone, start, spanned, present, managed in (
            (0, 'DMA', 1, 4095, 3998, 3704), (0, 'DMA32', 4096, 520192, 520192, 502312),
            (1, 'Normal', 0x140000, 524288, 524288, 508160)):
        out.append({'rec': 'zone', 'nid': nid, 'zone': zone, 'start_pfn': h(start),
                    'spanned': spanned, 'present': present, 'managed': managed, 'free': managed})
    for nid, fallback, own in ((0, '0:DMA32 0:DMA 1:Normal', '0:DMA32 0:DMA'),
                               (1, '1:Normal 0:DMA32 0:DMA', '1:Normal')):
        out.append({'rec': 'zonelist', 'nid': nid, 'list': 'fallback', 'zones': fallback})
        out.append({'rec': 'zonelist', 'nid': nid, 'list': 'nofallback', 'zones': own})
    # node 0's DMA zone: boot, then after allocations of orders 0, 0, 1, 3 and 5
    for phase, counts in (('boot', (2, 1, 1, 0, 1, 1, 1, 0, 0, 1, 3)),
                          ('allocated', (0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 3))):
        for order, n in enumerate(counts):
            movable = n if order >= 9 else 0
            out.append({'rec': 'freearea', 'phase': phase, 'nid': 0, 'zone': 'DMA',
                        'order': order, 'nr_free': n, 'unmovable': n - movable,
                        'movable': movable, 'reclaimable': 0, 'highatomic': 0, 'isolate': 0})
    # the same zone block by block: allocations of orders 0 and 1, then their frees
    before = ((0x100, 0, 'unmovable'), (0x18c, 2, 'unmovable'), (0x200, 9, 'movable'))
    for phase, blocks in (('before', before),
                          ('allocated', ((0x18e, 1, 'unmovable'), (0x200, 9, 'movable'))),
                          ('freed', before)):
        if phase == 'allocated':
            for pfn, order in ((0x100, 0), (0x18c, 1)):
                out.append({'rec': 'alloc', 'nid': 0, 'zone': 'DMA', 'pfn': h(pfn),
                            'order': order})
        for pfn, order, mt in blocks:
            out.append({'rec': 'freeblock', 'phase': phase, 'nid': 0, 'zone': 'DMA',
                        'pfn': h(pfn), 'order': order, 'type': mt})
    # vmalloc space: a vmalloc of 2 pages and an ioremap of 1, each with its guard
    vs = 0xffffc90000000000
    for start, pages, kind in ((vs, 2, 'vmalloc'), (vs + 0x3000, 1, 'ioremap'),
                               (vs + 0x5000, 4, 'vmalloc'), (vs + 0xa000, 4, 'vmalloc')):
        out.append({'rec': 'vmap_area', 'start': h(start), 'end': h(start + (pages + 1) * 0x1000),
                    'kind': kind, 'pages': pages if kind == 'vmalloc' else 0, 'guard': h(0x1000)})
    # three kmalloc caches, as on a machine of 512 MiB, and a cache of our own
    for name, osz, size, num, order, where, active, total in (
            ('kmalloc-32', 32, 32, 124, 0, 'on', 10, 124),
            ('kmalloc-96', 96, 128, 32, 0, 'obj', 3, 32),
            ('kmalloc-8k', 8192, 8192, 1, 1, 'obj', 0, 0),
            ('vmap_area', 64, 64, 64, 0, 'obj', 20, 64)):
        out.append({'rec': 'slab', 'name': name, 'object_size': osz, 'size': size,
                    'align': min(size, 64), 'num': num, 'order': order, 'colour': 0,
                    'colour_off': 64, 'freelist': where, 'active_objs': active,
                    'num_objs': total, 'num_slabs': total // num})
    # one slab of kmalloc-32: 10 objects taken (0-2, 4, 6, 8-12); the free ones
    # 7, 3, 5 (returned last, so handed out first), then 13 to 123
    free = [7, 3, 5] + list(range(13, 124))
    out.append({'rec': 'slabpage', 'cache': 'kmalloc-32', 'addr': h(0xffff888001234000),
                'order': 0, 'num': 124, 'size': 32, 'colour': 0,
                'freelist': 'on', 'freelist_addr': h(0xffff888001234000 + 4096 - 124),
                'freelist_size': 124, 'left': 4, 'active': 10,
                'free': ' '.join(str(i) for i in free)})
    # three APs brought up one after another (ns): INIT, STARTUP, first C, online
    for cpu, t0 in ((1, 400000000), (2, 402000000), (3, 403500000)):
        out.append({'rec': 'cpu_bringup', 'cpu': cpu, 'apicid': cpu, 'init': t0,
                    'sipi': t0 + 900000, 'entry': t0 + 1000000, 'online': t0 + 1020000})
    # the first chunk: two groups (nodes) of two 1 MiB units in a 2 MiB allocation each
    pcpu = [PAGE_OFFSET + 0x7dc00000, PAGE_OFFSET + 0x17dc00000]
    out.append({'rec': 'percpu', 'static_size': h(0x1000), 'reserved_size': h(0),
                'dyn_size': h(0x7000), 'unit_size': h(1 * M), 'atom_size': h(2 * M),
                'alloc_size': h(2 * M), 'base': h(pcpu[0])})
    for cpu in range(4):
        out.append({'rec': 'pcpu_unit', 'group': cpu // 2, 'unit': cpu % 2, 'cpu': cpu,
                    'addr': h(pcpu[cpu // 2] + (cpu % 2) * M)})
    # the stacks: the boot task's in the image, two threads' after the ioremap area
    out.append({'rec': 'task_stack', 'name': 'swapper/0', 'pid': 0, 'cpu': 0,
                'start': h(TEXT + 0x200000), 'end': h(TEXT + 0x204000)})
    for pid, name, start in ((1, 'swapper/0', vs + 0x5000), (2, 'kthreadd', vs + 0xa000)):
        out.append({'rec': 'task_stack', 'name': name, 'pid': pid, 'cpu': 0,
                    'start': h(start), 'end': h(start + 0x4000)})
    return out


def lines(recs=None):
    """The report's text lines, markers included, without timestamps."""
    recs = records() if recs is None else recs
    return (['---[ memreport begin ]---'] + [json.dumps(r, separators=(',', ':')) for r in recs]
            + ['---[ memreport end: %d records ]---' % len(recs)])


def log(text_lines=None):
    """A serial log around the report's lines: timestamps, CR LF."""
    text_lines = lines() if text_lines is None else text_lines
    body = (['startmem version 0.1', 'Command line: memreport'] + text_lines
            + ['reboot: Power down'])
    out = ['SeaBIOS (version 1.16.2-debian-1.16.2-1)']
    out += ['[%5d.%06d] %s' % (0, 1000 + 10 * i, text) for i, text in enumerate(body)]
    return '\r\n'.join(out) + '\r\n'

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""draw.t - the figure generator (figures/draw.py, generate.py) on a hand-written report.

Without QEMU: the sample report (sample.py) describes a 4 GiB q35 machine
in two nodes. Each figure must be drawn, rendered by Graphviz without a
warning, and show the sample's facts: every e820 boundary as a row, the
walk's real indexes and entries, the direct map's page counts, the
sections that share a vmemmap block. A report without a figure's data
must give NoData for it, naming what is missing, and never an empty
picture.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, os.path.join(ROOT, 'figures'), os.path.join(ROOT, 'tests', 'boot')]
import draw  # noqa: E402
import generate  # noqa: E402
import memreport  # noqa: E402
import sample  # noqa: E402
from tap import Tap  # noqa: E402

t = Tap()
report = memreport.parse(sample.log())
FOOT = 'test footer: q35, 4 GiB, 2 nodes'


def cells(dot, text):
    """How many table cells hold exactly text."""
    return len(re.findall(r'<TD[^>]*>%s</TD>' % re.escape(text), dot))


def renders(name, dot, out):
    """dot -Tsvg and -Tpdf succeed, silently; the SVG has text."""
    path = os.path.join(out, name + '.dot')
    with open(path, 'w') as f:
        f.write(dot)
    try:
        generate.render(path)
    except RuntimeError as e:
        return str(e)
    return None


# --- helpers ------------------------------------------------------------------
t.eq([draw.size_str(n) for n in (4096, 0x9fc00, 3 << 30, 0x7ffe0000 - 0x40000000, 1 << 46)],
     ['4 KiB', '639 KiB', '3 GiB', '~1023.88 MiB', '64 TiB'],
     'size_str: binary units; ~ marks a rounded size')
t.ok(draw.row_height(4096) < draw.row_height(2 << 20) < draw.row_height(1 << 30),
     'row_height grows with the size')
t.eq(draw.flags_str(0x8000000000000163, 'pte'), 'RW GLB NX',
     'flags_str: a data page as ptdump prints it')
t.eq(draw.flags_str(0x1e1, 'pmd'), 'ro PSE GLB x', 'flags_str: large, read-only, executable')
t.eq(draw.flags_str(0x80, 'pmd'), 'not present', 'flags_str: not present')

with tempfile.TemporaryDirectory() as out:
    # --- (1) physmem -------------------------------------------------------
    dot = draw.physmem(report, FOOT)
    t.ok(renders('physmem', dot, out) is None, 'physmem: renders', renders('physmem', dot, out))
    starts = [r['addr'] for r in report.of('e820')]
    missing = [a for a in starts if '>%#x<BR/>' % a not in dot]
    t.eq(missing, [], 'physmem: a row starts at every e820 entry')
    t.eq(cells(dot, 'usable'), 3, 'physmem: one cell for each of the 3 usable entries')
    t.eq(cells(dot, 'memory (node 1)'), 1, 'physmem: node 1\'s memory, one cell')
    t.ok('>0x80000000<BR/>768 MiB<' in dot, 'physmem: the hole below 0xb0000000 is a row')
    t.eq((cells(dot, 'node 0'), cells(dot, 'node 1')), (1, 1),
         'physmem: one cell per NUMA node, holes included')
    t.ok('<B>NUMA node</B>' in dot, 'physmem: a column for the nodes')
    t.ok(FOOT in dot, 'physmem: the footer names the machine')

    # --- (2) vaspace -------------------------------------------------------
    dot = draw.vaspace(report, FOOT)
    t.ok(renders('vaspace', dot, out) is None, 'vaspace: renders')
    names = re.findall(r'<B>([^<]*)</B></TD>', dot)
    t.eq([n for n in names if n not in ('address', 'region (asm/memlayout.h)', 'ptdump marker',
                                        'page tables')],
         ['Kernel Space', 'Low Kernel Mapping', 'vmalloc() Area', 'Vmemmap',
          'High Kernel Mapping', 'Modules', 'End Modules', 'Fixmap Area'],
         'vaspace: the kernel half\'s markers, in address order, User Space left out')
    t.ok('1G &#215;3, 2M &#215;511, 4K &#215;512' in dot,
         'vaspace: the direct map\'s pages counted by size (3 + 511 + 512)')
    t.ok('>0xffff800000000000<BR/>' in dot, 'vaspace: starts at the first canonical address')
    t.ok('<B>vmalloc</B><BR/>32 TiB<' in dot and '<B>vmemmap</B><BR/>1 TiB<' in dot and
         '<B>direct map</B><BR/>64 TiB<' in dot,
         'vaspace: the regions with their own sizes (vmalloc 32 TiB, vmemmap 1 TiB, 64 TiB)')
    t.ok('>0xffffe90000000000<BR/>1 TiB<' in dot,
         'vaspace: the unused TiB between vmalloc\'s end and the Vmemmap marker is a row')

    # --- (3) walk ----------------------------------------------------------
    dot = draw.walk(report, FOOT, 'kernel_text')
    t.ok(renders('walk', dot, out) is None, 'walk: renders')
    for idx, entry in ((511, 0x2a0c063), (510, 0x2a0d063), (8, 0x2a0e063), (0, 0x1000161)):
        t.ok('[%d] %#018x' % (idx, entry) in dot, 'walk: entry [%d] shows its value' % idx)
    t.eq(len(re.findall(r' -> ', dot)), 5, 'walk: CR3 -> PGD -> PUD -> PMD -> PTE -> page')
    t.ok('at 0x1000000<BR/>' in dot and '4 KiB page' in dot, 'walk: ends in the 4 KiB page')
    t.ok('&#8942; 503 entries' in dot, 'walk: the PMD table has 503 entries after [8]')
    try:
        draw.walk(report, FOOT, 'nowhere')
        t.ok(False, 'walk: an unknown name is NoData')
    except draw.NoData as e:
        t.ok("'nowhere'" in str(e), 'walk: an unknown name is NoData, naming it')

    # --- (4) vmemmap -------------------------------------------------------
    dot = draw.vmemmap(report, FOOT)
    t.ok(renders('vmemmap', dot, out) is None, 'vmemmap: renders')
    t.ok('sections 0-1<BR/>node 0' in dot and 'section 32<BR/>node 1' in dot,
         'vmemmap: consecutive sections share a row; section 32 has its own')
    t.eq(sorted(re.findall(r'virt:v\d -> phys:p\d', dot)), ['virt:v0 -> phys:p0', 'virt:v1 -> phys:p1'],
         'vmemmap: each run of struct pages points at the memory behind it')
    t.ok('0x17e000000<BR/>2 MiB in 2M pages' in dot, 'vmemmap: node 1\'s backing, with its size')

    # --- (5) pagesizes -----------------------------------------------------
    dot = draw.pagesizes(report, FOOT)
    t.ok(renders('pagesizes', dot, out) is None, 'pagesizes: renders')
    t.ok('DirectMap4k: 2048 kB, DirectMap2M: 1046528 kB, DirectMap1G: 3145728 kB' in dot,
         'pagesizes: the totals, as /proc/meminfo would print them')
    t.ok('4K pages &#215;512' in dot and '2M pages &#215;511' in dot,
         'pagesizes: page counts of the first GiB')
    t.eq(cells(dot, '1G pages &#215;2'), 1, 'pagesizes: the 2 GiB above 4 GiB, one cell')

    # --- an empty figure is an error ---------------------------------------
    err = renders('empty', 'digraph empty { }\n', out)
    t.ok(err and 'empty' in err, 'render: a figure without text is refused', err)

# --- no data, no figure -------------------------------------------------------
bare = memreport.parse(sample.log(sample.lines([{'rec': 'report', 'version': 1}])))
for name, fn in list(draw.FIGURES.items()):
    try:
        fn(bare, FOOT)
        t.ok(False, '%s: a report without its records gives NoData' % name)
    except draw.NoData as e:
        t.ok('no ' in str(e), '%s: a report without its records gives NoData: %s' % (name, e))

# --- the zone lists and the free lists ------------------------------------------
report = memreport.parse(sample.log())
dot = draw.zonelists(report, 'footer')
row0 = dot[dot.index('zl0 ['):dot.index('zl1 [')]
t.ok(row0.index('DMA32<BR/>node 0') < row0.index('DMA<BR/>node 0') < row0.index('Normal<BR/>node 1')
     < row0.index('NULL'), "zonelists: node 0's row is its fallback list, in order, then NULL")
dot = draw.freelists(report, 'footer')
t.ok(dot.index('<B>boot</B>') < dot.index('<B>allocated</B>'),
     'freelists: one column group per phase, in the order recorded')
t.ok('<TD>3 (32 KiB)</TD><TD>0</TD><TD>0</TD><TD>0</TD><TD BGCOLOR="#d9ead3">1</TD>' in dot,
     'freelists: order 3 has no block at boot and one after the allocations')

# --- the zones on the nodes, and the buddy allocator at work --------------------
dot = draw.zones(report, 'footer')
t.ok(dot.index('<B>node 0 zones</B>') < dot.index('<B>node 1 zones</B>'),
     'zones: a column of zones for each node, in order')
t.ok('DMA<BR/>spanned 4095<BR/>present 3998<BR/>managed 3704' in dot
     and 'Normal<BR/>spanned 524288' in dot, 'zones: each zone with its three sizes')
t.ok('ROWSPAN' in dot[dot.index('DMA32<BR/>spanned') - 80:dot.index('DMA32<BR/>spanned')],
     'zones: DMA32 spans rows (its range has several boundaries)')
dot = draw.buddy(report, 'footer')
t.ok(dot.index('free: before') < dot.index('<B>allocated</B>') < dot.index('free: allocated')
     < dot.index('free: freed'), 'buddy: before, the allocations, after them, after the frees')
t.eq(dot.count('pfn 0x18c<BR/>order 2 (16 KiB) U'), 2,
     'buddy: the order-2 block before the allocations and again after the frees')
t.ok('pfn 0x18e<BR/>order 1 (8 KiB) U' in dot and 'allocation 2' in dot,
     'buddy: the split leaves its upper half free; the allocations are numbered')
dot = draw.kmalloc(report, 'footer')
t.ok(dot.index('kmalloc-32') < dot.index('kmalloc-96') < dot.index('kmalloc-8k')
     and 'vmap_area' not in dot, 'kmalloc: the kmalloc caches only, by object size')
t.ok('<TD BGCOLOR="#fce5cd">128 B</TD>' in dot,
     'kmalloc: kmalloc-96 takes 128 bytes in its slab, shaded')
t.ok('<TD>128 B (3.1 %)</TD>' in dot,
     'kmalloc: kmalloc-32 has 4096 - 124 x 32 = 128 bytes that hold no object (its freelist)')

# --- one slab ---------------------------------------------------------------------
dot = draw.slabpage(report, 'footer')
t.ok('kmalloc-32: 124 objects of 32 B in 1 page (order 0), 4096 B' in dot,
     'slabpage: the cache, its objects, their size, its pages')
t.eq((dot.count(draw.TAKEN), dot.count(draw.FREE)), (10, 2 * 114),
     'slabpage: 10 objects taken; 114 free, each an object and a freelist slot')
t.ok(dot.index('+3968: left over, 4 B') < dot.index('on the slab, +3972;') <
     dot.index('active = 10: slots 10..') < dot.index('>7<', dot.index('freelist:')) < dot.index('>3<', dot.index('freelist:')),
     'slabpage: after the objects the 4 bytes left, then the freelist, its slots from '
     'active on in handing-out order')
t.ok('+0: colour, 0 B (none)' in dot, 'slabpage: no colour')

# --- vmalloc space ----------------------------------------------------------------
dot = draw.vmalloc_space(report, 'footer')
t.ok(dot.index('>vmalloc, 2 pages<') < dot.index('>guard page<') < dot.index('>ioremap<'),
     'vmalloc: the areas in address order, the first one\'s guard page between them')
t.eq(dot.count('>guard page<'), 4, 'vmalloc: one guard page per area')
t.ok('0xffffc90000004000' in dot and 'free' in dot,
     'vmalloc: free space from the end of the last area\'s guard')
# --- the APs' bring-up --------------------------------------------------------------
dot = draw.cpu_bringup(report, 'footer')
t.eq(cells(dot, '900 &#181;s'), 3, 'cpu_bringup: INIT to STARTUP, 900 us for each AP')
t.ok(cells(dot, '100 &#181;s') == 3 and cells(dot, '20 &#181;s') == 3,
     'cpu_bringup: STARTUP to C and C to online, for each AP')
t.ok('0 to 4520 &#181;s' in dot, 'cpu_bringup: the time line runs from the first INIT to the last online')
widths = [int(w) for w in re.findall(r'WIDTH="(\d+)"', dot)]
t.eq(sum(widths), 4 * draw.BAR, 'cpu_bringup: each of the four bars (BSP and APs) is BAR wide')

# --- the per-CPU areas ----------------------------------------------------------------
dot = draw.percpu(report, 'footer')
t.ok('percpu: Embedded 8 pages/cpu s4096 r0 d28672 u1048576' in dot and
     'pcpu-alloc: s4096 r0 d28672 u1048576 alloc=1*2097152' in dot and
     'pcpu-alloc: [0] 0 1 [1] 2 3' in dot,
     'percpu: the kernel\'s three lines, from the records')
t.eq((cells(dot, 'static, 4 KiB'), cells(dot, 'dynamic, 28 KiB'),
      cells(dot, 'given back to memblock')), (4, 4, 4),
     'percpu: each of the four units: static, dynamic, and its tail given back')
t.ok(dot.index('unit 0: CPU 0') < dot.index('unit 1: CPU 1') < dot.index('unit 0: CPU 2'),
     'percpu: the units in address order, group by group')

# --- the threads' stacks ------------------------------------------------------------------
dot = draw.stacks(report, 'footer')
t.ok(dot.index('swapper/0 (pid 1, CPU 0)') < dot.index('kthreadd (pid 2, CPU 0)'),
     'stacks: the stacks in vmalloc space, in address order')
t.eq(dot.count('>guard page<'), 3,
     'stacks: the guard page below the first stack, and each stack\'s own')
t.ok('swapper/0 (pid 0) at 0xffffffff81200000, in the kernel image' in dot,
     'stacks: the boot task\'s stack, in the image, is named below the figure')

# --- the benchmark's plot -------------------------------------------------------
bench = dict(runs=1, points=[dict(size=s, kernel=k, memory=m, all_free=f) for s, k, m, f in (
    ('128M', 'ours', 0.4, 0.5), ('1G', 'ours', 0.5, 0.7), ('16G', 'ours', 1.5, 3.5),
    ('128M', 'linux', 3.0, 4.0), ('1G', 'linux', 3.5, 5.0), ('16G', 'linux', 6.0, 13.0))])
dot = draw.boottime(bench, 'footer')
t.ok('label="128 MiB"' in dot and 'label="16 GiB"' in dot and 'label="14 s"' in dot,
     'boottime: RAM on x, seconds on y, the axis up to the next step above the largest')
t.eq(len(re.findall(r'^  p\d+_\d+ -> ', dot, re.M)), 8, 'boottime: four lines of two segments')
try:
    draw.boottime({'points': []}, 'footer')
    t.ok(False, 'boottime: no points gives NoData')
except draw.NoData as e:
    t.ok('make bench' in str(e), 'boottime: no points gives NoData: %s' % e)

# --- generate.py end to end, from a log ---------------------------------------
with tempfile.TemporaryDirectory() as out:
    log = os.path.join(out, 'serial.log')
    with open(log, 'w') as f:
        f.write(sample.log())
    p = subprocess.run([sys.executable, os.path.join(ROOT, 'figures', 'generate.py'),
                        '--log', log, '--out', out], capture_output=True, text=True)
    t.eq(p.returncode, 0, 'generate.py --log: exits 0', p.stderr)
    want = ['buddy', 'cpu_bringup', 'freelists', 'kmalloc', 'pagesizes', 'percpu', 'physmem',
            'slabpage', 'stacks', 'vaspace', 'vmalloc', 'vmemmap', 'walk-kernel-text',
            'zonelists', 'zones']
    if os.path.exists(os.path.join(ROOT, 'figures', 'boottime.json')):
        want = sorted(want + ['boottime'])      # make bench's plot, not the report's
    t.eq(sorted(f[:-4] for f in os.listdir(out) if f.endswith('.svg')), want,
         'generate.py: an SVG for every figure')
    t.eq(sorted(f[:-4] for f in os.listdir(out) if f.endswith('.pdf')), want,
         'generate.py: a PDF for every figure')
    with open(os.path.join(out, 'memreport.jsonl')) as f:
        t.eq(f.read().split('\n')[:-1], sample.lines()[1:-1],
             'generate.py: memreport.jsonl holds the report\'s lines')
    with open(log, 'w') as f:
        f.write(sample.log(sample.lines()[:-1]))
    p = subprocess.run([sys.executable, os.path.join(ROOT, 'figures', 'generate.py'),
                        '--log', log, '--out', out], capture_output=True, text=True)
    t.ok(p.returncode != 0 and 'truncated' in p.stderr,
         'generate.py: a truncated report fails, and says so', p.stderr)

t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""figures.t - regenerate the book's figures from a real boot, and check them.

Boots build/bzImage on the figures' machine (figures/machine.json) as
`make figures` does, into build/figures-test/, then checks:
  - the boot and the report are good (generate.py exits 0);
  - the report agrees with facts known without the kernel: the e820 RAM
    adds up to the machine's memory, node 1's memory starts at 4 GiB (q35
    puts the RAM above 3 GiB there), the walk of kernel_text chains from
    CR3 table to table and ends at _text's physical address as nm reads
    it from build/vmlinux, the walk of direct_map ends at 16 MiB; the
    regions of asm/memlayout.h have the sizes Linux's
    Documentation/x86/x86_64/mm.rst gives them; the direct map uses
    2 MiB pages up to the end of the RAM below the PCI hole and 1 GiB
    pages only above 4 GiB, as book/direct_map.nw says;
  - one slab's figure has the objects per slab, object size and pages of
    its cache's /proc/slabinfo line (which the boot prints too), and its
    colour, objects, left-over bytes and on-slab freelist fill the slab;
  - the APs' bring-up stamps are in order, one AP after another, and
    between the boot's "smp: Bringing up" and "smp: Brought up" lines;
    the per-CPU figure's lines are the boot's percpu: and pcpu-alloc:
    lines, and each CPU's unit is on its node; each thread's stack in
    vmalloc space is an area of the boot's /proc/vmallocinfo with its
    size, pages and guard page;
  - every figure the report has records for is drawn, in SVG and PDF,
    and is not empty;
  - every figure a chapter of the book includes exists, and its caption
    names the machine it was generated from; every figure drawn is
    included by some chapter.
"""
import html
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [os.path.join(ROOT, 'figures'), os.path.join(ROOT, 'tests', 'boot')]
import draw  # noqa: E402
import harness  # noqa: E402
import memreport  # noqa: E402
from tap import Tap  # noqa: E402

OUT = os.path.join(ROOT, 'build', 'figures-test')
START_KERNEL_MAP = 0xffffffff80000000       # asm/memlayout.h, Linux's value
PAGE_OFFSET = 0xffff888000000000            # Linux's, without KASLR
PTE_PFN_MASK = ((1 << 52) - 1) & ~0xfff
G = 1 << 30

t = Tap()
harness.require(harness.KERNEL, 'run `make kernel` first')
with open(os.path.join(ROOT, 'figures', 'machine.json')) as f:
    machine = json.load(f)

started = time.monotonic()
p = subprocess.run([os.path.join(ROOT, 'figures', 'generate.py'), '--out', OUT],
                   capture_output=True, text=True, timeout=machine['timeout'] + 120)
t.note('generate.py took %.1f s' % (time.monotonic() - started))
if not t.eq(p.returncode, 0, 'generate.py boots the figures\' machine and draws',
            p.stdout + p.stderr):
    t.done()
with open(os.path.join(OUT, 'boot.log')) as f:
    report = memreport.parse(f.read())


def mem_bytes(text):
    return int(text[:-1]) << {'M': 20, 'G': 30}[text[-1]]


# --- the report against what we know of the machine --------------------------
ram = sum(r['size'] for r in report.of('e820') if r['type'] == 1)
total = mem_bytes(machine['mem'])
t.ok(total - 4 * (1 << 20) <= ram <= total,
     'e820: the usable RAM is the machine\'s %s, less at most 4 MiB of firmware'
     % machine['mem'], 'usable: %#x' % ram)
node1 = [r for r in report.of('memblock') if r['type'] == 'memory' and r['nid'] == 1]
t.ok(node1 and node1[0]['base'] == 4 * G and sum(r['size'] for r in node1) ==
     mem_bytes(machine['nodes'][1]['mem']),
     'memblock: node 1 is its 2 GiB, from 4 GiB up', repr(node1))
nodes = sorted((r['nid'], r['start'], r['end']) for r in report.of('node'))
t.eq([(nid, start if nid else None, end if nid else None) for nid, start, end in nodes],
     [(0, None, None), (1, 4 * G, 4 * G + mem_bytes(machine['nodes'][1]['mem']))],
     'node: two nodes; node 1 spans its 2 GiB from 4 GiB')
reserved = [r for r in report.of('memblock') if r['type'] == 'reserved']
text_pa = None
nm = subprocess.run(['nm', harness.VMLINUX], capture_output=True, text=True).stdout
m = re.search(r'^([0-9a-f]+) \w _text$', nm, re.M)
if m:
    text_pa = int(m.group(1), 16) - START_KERNEL_MAP
t.ok(text_pa is not None and any(r['base'] <= text_pa < r['base'] + r['size'] for r in reserved),
     'memblock: the kernel\'s text is reserved', 'text at %r' % text_pa)

walks = {w['name']: w for w in report.of('walk')}
w = walks.get('kernel_text')
if t.ok(w is not None, 'walk: kernel_text is reported'):
    t.eq(w['va'], text_pa + START_KERNEL_MAP if text_pa is not None else None,
         'walk: kernel_text is _text\'s address, as nm reads it')
    tables = [s['table'] for s in w['steps']]
    chain = [w['cr3'] & PTE_PFN_MASK] + [s['entry'] & PTE_PFN_MASK for s in w['steps'][:-1]]
    t.eq(tables, chain, 'walk: CR3 leads to the first table, each entry to the next')
    t.eq([s['index'] for s in w['steps']],
         [(w['va'] >> shift) & 511 for shift in (39, 30, 21, 12)][:len(w['steps'])],
         'walk: each index is 9 bits of the address')
    t.eq(w['pa'], text_pa, 'walk: kernel_text ends at _text\'s physical address')
w = walks.get('direct_map')
t.ok(w and w['va'] == PAGE_OFFSET + (16 << 20) and w['pa'] == 16 << 20,
     'walk: direct_map is __va(16 MiB), and leads back to 16 MiB', repr(w))

# --- the page tables: the report's runs are the dump's lines -----------------
LINUX_MARKERS = [('User Space', 0), ('Kernel Space', 1 << 63),
                 ('Low Kernel Mapping', PAGE_OFFSET), ('vmalloc() Area', 0xffffc90000000000),
                 ('Vmemmap', 0xffffea0000000000), ('High Kernel Mapping', START_KERNEL_MAP),
                 ('Modules', 0xffffffffa0000000), ('End Modules', 0xffffffffff000000)]
# Every kind of record the figures are drawn from must be in the report:
# a report that lost one must fail here, not skip the checks below.
for kind in ('e820', 'memblock', 'node', 'walk', 'marker', 'pt', 'section', 'map'):
    t.ok(report.of(kind), 'report: it has %s records' % kind)
if report.of('marker'):
    got = [(m['name'], m['start']) for m in report.of('marker')]
    t.eq(got[:-1], LINUX_MARKERS, 'markers: Linux\'s names and addresses (4-level, no KASLR)')
    t.eq(got[-1][0], 'Fixmap Area', 'markers: the fixmap comes last')
    with open(os.path.join(OUT, 'boot.log')) as f:
        dump = re.findall(r'\] (0x[0-9a-f]{16})-(0x[0-9a-f]{16}) +\d+[BKMGTPE] (.{30})(pgd|p4d|pud|pmd|pte)$',
                          f.read(), re.M)
    present = [(int(a, 16), int(b, 16) or 1 << 64) for a, b, flags, _ in dump if flags.strip()]
    t.eq(present, [(r['start'], r['end']) for r in report.of('pt')],
         'pt: the report\'s runs are the present runs the ptdump printed')
    t.ok(len(present) > 5, 'pt: the dump has runs of present entries', repr(present[:3]))

# --- the regions: Linux's 4-level layout (Documentation/x86/x86_64/mm.rst) ---
T = 1 << 40
LINUX_REGIONS = [('direct map', PAGE_OFFSET, 64 * T), ('vmalloc', 0xffffc90000000000, 32 * T),
                 ('vmemmap', 0xffffea0000000000, 1 * T),
                 ('kernel image', START_KERNEL_MAP, 512 << 20),
                 ('modules', 0xffffffffa0000000, 0xffffffffff000000 - 0xffffffffa0000000)]
if report.of('region'):
    got = [(r['name'], r['start'], r['end'] - r['start']) for r in report.of('region')]
    t.eq(got[:len(LINUX_REGIONS)], LINUX_REGIONS,
         'region: direct map 64 TiB, vmalloc 32 TiB, vmemmap 1 TiB, as mm.rst lays them out')

# --- the direct map's page sizes, as book/direct_map.nw describes them --------
runs = sorted((r['start'] - PAGE_OFFSET, r['end'] - PAGE_OFFSET, r['level'])
              for r in report.of('pt') if PAGE_OFFSET <= r['start'] < PAGE_OFFSET + 64 * T)
if runs:
    low_ram_end = max(r['addr'] + r['size'] for r in report.of('e820')
                      if r['type'] == 1 and r['addr'] < 4 * G)
    pmd = [(a, b) for a, b, level in runs if level == 'pmd']
    pud = [(a, b) for a, b, level in runs if level == 'pud']
    t.ok(pmd and pmd[0][0] == 2 << 20 and pmd[-1][1] == low_ram_end & ~((2 << 20) - 1)
         and pmd[-1][1] > G,
         'direct map: 2 MiB pages from 2 MiB to the end of the RAM below the PCI hole, '
         'above 1 GiB (%#x)' % low_ram_end, repr(pmd))
    t.ok(pud and all(a >= 4 * G for a, _ in pud),
         'direct map: 1 GiB pages only from 4 GiB up', repr(pud))

# --- the vmemmap: every section of RAM has struct pages, on its own node -------
VMEMMAP = 0xffffea0000000000                # Linux's, 4-level, without KASLR
SECTION = 1 << 27                           # 128 MiB: x86-64's SECTION_SIZE_BITS
sections = report.of('section')
if sections:
    nrs = sorted(s['nr'] for s in sections)
    want = sorted({a // SECTION for r in report.of('e820') if r['type'] == 1
                   for a in range(r['addr'], r['addr'] + r['size'], 4096 << 8)})
    t.eq(nrs, want, 'section: one for every 128 MiB that holds RAM')
    page = 64                               # sizeof(struct page), as in Linux
    t.ok(all(s['mem_map'] == VMEMMAP + s['pfn'] * page and s['pfn'] == s['nr'] * (SECTION >> 12)
             and s['map_size'] == (SECTION >> 12) * page for s in sections),
         'section: mem_map is vmemmap + 64 * pfn, pfn is nr << 15, 2 MiB of struct pages each')
    maps = report.of('map')
    node_of = {r['nid']: (r['start'], r['end']) for r in report.of('node')}
    covered = all(any(m['start'] <= s['mem_map'] and s['mem_map'] + s['map_size'] <= m['end']
                      for m in maps) for s in sections)
    t.ok(covered, 'map: every section\'s struct pages are mapped')
    local = all(node_of[s['nid']][0] <= m['pa'] + (s['mem_map'] - m['start']) < node_of[s['nid']][1]
                for s in sections for m in maps if m['start'] <= s['mem_map'] < m['end'])
    t.ok(local, 'map: each section\'s struct pages are in its own node\'s memory')

# --- the buddy allocator at work: facts of any buddy allocator -----------------
blocks = report.of('freeblock')
if blocks:
    def free_set(phase):
        return sorted((b['pfn'], b['order'], b['type']) for b in blocks if b['phase'] == phase)

    def pages(phase):
        return {p for pfn, order, _ in free_set(phase) for p in range(pfn, pfn + (1 << order))}
    blocks_of = lambda phase: [(pfn, order) for pfn, order, _ in free_set(phase)]
    t.ok(free_set('before') and blocks_of('freed') == blocks_of('before'),
         'freeblock: after the frees every block has merged back: the same blocks as before')
    # A block may come back on another list only if the sequence took over
    # its pageblock (2 MiB) for an allocation of another migrate type.
    taken = {a['pfn'] >> 9 for a in report.of('alloc')}
    moved = sorted(set(free_set('freed')) - set(free_set('before')))
    t.ok(all(any(pb in taken for pb in range(pfn >> 9, ((pfn + (1 << order) - 1) >> 9) + 1))
             for pfn, order, _ in moved),
         'freeblock: a block on another list than before holds a pageblock the sequence '
         'allocated from', repr(moved))
    t.ok(all(pfn % (1 << order) == 0 for pfn, order, _ in free_set('before')),
         'freeblock: each free block is aligned to its order')
    got = {p for a in report.of('alloc') for p in range(a['pfn'], a['pfn'] + (1 << a['order']))}
    t.ok(report.of('alloc') and got <= pages('before') and not got & pages('allocated')
         and pages('allocated') | got == pages('before'),
         'alloc: the allocations came from the free blocks, and the rest is still free')

# --- one slab: the figure's numbers are its cache's /proc/slabinfo line ---------
# The boot prints /proc/slabinfo ("slabinfo" on the machine's command line),
# which the slab chapter writes from its caches' counters, apart from the
# report's slabpage record that the figure is drawn from.
with open(os.path.join(OUT, 'boot.log')) as f:
    slabinfo = {m.group(1): [int(x) for x in m.groups()[1:]] for m in re.finditer(
        r'\] (\S+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) : tunables ', f.read())}
pages = report.of('slabpage')
if t.ok(pages and pages[0]['cache'] in slabinfo,
        'slabpage: a slab of a cache /proc/slabinfo lists', repr(pages[:1])):
    p = pages[0]
    active, num_objs, objsize, perslab, pagesperslab = slabinfo[p['cache']]
    svg = ''
    if os.path.exists(os.path.join(OUT, 'slabpage.svg')):
        with open(os.path.join(OUT, 'slabpage.svg')) as f:
            svg = html.unescape(f.read())   # dot writes '-' as &#45;
    m = re.search(r'>(\S+): (\d+) objects of (\d+) B in (\d+) pages? \(order (\d+)\), (\d+) B<',
                  svg)
    t.eq(m and (m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)),
                1 << int(m.group(5)), int(m.group(6))),
         (p['cache'], perslab, objsize, pagesperslab, pagesperslab, 4096 * pagesperslab),
         'slabpage: the figure\'s objects per slab, object size and pages are slabinfo\'s')
    total = 4096 * pagesperslab
    on = p['freelist'] == 'on'
    t.eq(p['colour'] + perslab * objsize + p['left'] + (p['freelist_size'] if on else 0), total,
         'slabpage: colour + objects + left over + an on-slab freelist fill the slab')
    idx = 1 if perslab < 256 else 2
    t.ok(not on or (perslab + 1) * (objsize + idx) > total - p['colour'],
         'slabpage: one more object and its index would not fit (as many as fit)')
    t.ok(not on or p['freelist_addr'] == p['addr'] + total - p['freelist_size'],
         'slabpage: an on-slab freelist ends the slab')
    free = [int(x) for x in p['free'].split()]
    t.ok(len(free) == len(set(free)) == perslab - p['active'] and all(i < perslab for i in free)
         and 0 < p['active'] <= active and num_objs >= perslab,
         'slabpage: the free indices are distinct objects of the slab; the taken ones are '
         'among slabinfo\'s %d active' % active, p['free'])
    t.ok(p['colour'] % 64 == 0 and p['addr'] % total == 0,
         'slabpage: the colour is whole cache lines; the slab is aligned to its size')
    t.eq(len(re.findall(r'fill="%s"' % draw.TAKEN, svg)) if svg else None, p['active'],
         'slabpage: the figure shades the %d objects taken' % p['active'])

# --- the APs' bring-up: the stamps against the same boot's smp: lines ----------
# printk stamps its lines with local_clock() in microseconds, the clock
# the bring-up stamps are read from: every AP's four moments must lie
# between "smp: Bringing up secondary CPUs" and "smp: Brought up", in
# order, and one AP after another.
with open(os.path.join(OUT, 'boot.log')) as f:
    log = f.read()


def stamp_of(rx):
    m = re.search(r'\[ *(\d+)\.(\d{6})\] ' + rx, log)
    return (int(m.group(1)) * 1000000 + int(m.group(2))) * 1000 if m else None


def svg_text(name):
    path = os.path.join(OUT, name + '.svg')
    if not os.path.exists(path):
        return ''
    with open(path) as f:
        return html.unescape(f.read())      # dot writes '-' as &#45;


aps = sorted(report.of('cpu_bringup'), key=lambda r: r['cpu'])
t.eq([a['cpu'] for a in aps], list(range(1, machine['smp'])),
     'cpu_bringup: one record for each AP of the machine\'s %d CPUs' % machine['smp'])
t.eq(len({a['apicid'] for a in aps}), len(aps), 'cpu_bringup: the APs\' APIC IDs are distinct')
t.ok(aps and all(0 < a['init'] <= a['sipi'] <= a['entry'] <= a['online'] for a in aps),
     'cpu_bringup: INIT, then STARTUP, then the AP\'s C, then online, for every AP', repr(aps))
t.ok(all(a['online'] <= b['init'] for a, b in zip(aps, aps[1:])),
     'cpu_bringup: one AP after another: each is online before the next one\'s INIT')
up, done = stamp_of(r'smp: Bringing up secondary CPUs'), stamp_of(r'smp: Brought up ')
t.ok(aps and up is not None and done is not None and
     up <= aps[0]['init'] and aps[-1]['online'] <= done + 999,
     'cpu_bringup: every stamp lies between the boot\'s "smp: Bringing up" and "smp: Brought up" '
     'lines (%s to %s ns)' % (up, done), repr([(a['init'], a['online']) for a in aps]))
svg = svg_text('cpu_bringup')
t.eq(sorted(re.findall(r'>(\d+) \u00b5s<', svg)),
     sorted(str(round((a[e] - a[s]) / 1000.0)) for a in aps
            for s, e in (('init', 'sipi'), ('sipi', 'entry'), ('entry', 'online'))),
     'cpu_bringup: the figure shows each AP\'s three durations, in microseconds')

# --- the per-CPU areas: the figure's lines are the boot's percpu lines -----------
percpus, units = report.of('percpu'), report.of('pcpu_unit')
if t.ok(percpus and units, 'percpu: the report has the first chunk and its units'):
    pc = percpus[0]
    want = re.findall(r'\] ((?:percpu: Embedded|pcpu-alloc:) [^\n]*?) *$', log, re.M)
    svg = svg_text('percpu')
    got = [re.sub(r' *$', '', x) for x in re.findall(r'>((?:percpu: Embedded|pcpu-alloc:) [^<]*)<', svg)]
    t.eq(got, want, 'percpu: the figure\'s three lines are the boot\'s percpu: and pcpu-alloc: lines',
         'boot: %r' % want)
    used = sorted(u['cpu'] for u in units if u['cpu'] >= 0)
    t.eq(used, list(range(machine['smp'])), 'percpu: every CPU owns one unit')
    first = {}
    for u in units:
        first.setdefault(u['group'], u['addr'] - u['unit'] * pc['unit_size'])
    t.ok(all(u['addr'] == first[u['group']] + u['unit'] * pc['unit_size'] for u in units)
         and all(a % pc['atom_size'] == 0 for a in first.values())
         and min(first.values()) == pc['base'],
         'percpu: a group\'s units lie side by side from an atom-aligned allocation, '
         'the lowest at the base')
    node_of = {r['nid']: (r['start'], r['end']) for r in report.of('node')}
    cpu_node = {}
    for nid, n in enumerate(machine['nodes']):
        a, _, b = n['cpus'].partition('-')
        for c in range(int(a), int(b or a) + 1):
            cpu_node[c] = nid
    t.ok(all(node_of[cpu_node[u['cpu']]][0] <= u['addr'] - PAGE_OFFSET < node_of[cpu_node[u['cpu']]][1]
             for u in units if u['cpu'] >= 0),
         'percpu: each CPU\'s unit is in its own node\'s memory')

# --- the threads' stacks: each is an area of the boot's /proc/vmallocinfo --------
VMALLOC = (0xffffc90000000000, 0xffffc90000000000 + 32 * (1 << 40))
THREAD_SIZE = 16384
stacks = report.of('task_stack')
info = {int(a, 16): (int(b, 16) - int(a, 16), int(size), int(pages)) for a, b, size, pages in
        re.findall(r'\] (0x[0-9a-f]+)-(0x[0-9a-f]+) +(\d+) \S+ pages=(\d+) vmalloc', log)}
inside = [st for st in stacks if VMALLOC[0] <= st['start'] < VMALLOC[1]]
t.ok(len(inside) >= 3 and info, 'task_stack: kernel_init, kthreadd and a worker have their '
     'stacks in vmalloc space, and the boot printed /proc/vmallocinfo',
     '%d stacks in vmalloc space, %d vmallocinfo lines' % (len(inside), len(info)))
bad = [st for st in inside if st['end'] - st['start'] != THREAD_SIZE or
       info.get(st['start']) != (THREAD_SIZE + 4096, THREAD_SIZE + 4096, THREAD_SIZE // 4096)]
t.ok(inside and not bad, 'task_stack: each stack in vmalloc space is a vmallocinfo area of its '
     '16 KiB, 4 pages, and a guard page', repr(bad[:2]))
outside = [st for st in stacks if st not in inside]
t.ok(outside and all(st['pid'] == 0 for st in outside),
     'task_stack: only idle tasks (pid 0: the boot task, in the image) have stacks outside '
     'vmalloc space', repr(outside))
svg = svg_text('stacks')
t.ok(all('%s (pid %d, CPU %d)' % (st['name'], st['pid'], st['cpu']) in svg for st in inside),
     'task_stack: the figure names every task whose stack it shows')

# --- figures: drawn when the report has their records, never empty -------------
with open(os.path.join(OUT, 'figures.txt')) as f:
    status = dict(line.rstrip('\n').split(': ', 1) for line in f)
drawn = sorted(n for n, s in status.items() if s == 'drawn')
t.note('drawn: ' + ', '.join(drawn))
t.note('not drawn: ' + '; '.join('%s (%s)' % (n, s) for n, s in status.items() if s != 'drawn'))
expected = [('physmem', 'e820'), ('vaspace', 'marker'), ('pagesizes', 'pt'),
            ('vmemmap', 'section'), ('zonelists', 'zonelist'), ('freelists', 'freearea'),
            ('zones', 'zone'), ('buddy', 'freeblock'), ('vmalloc', 'vmap_area'),
            ('kmalloc', 'slab'), ('slabpage', 'slabpage'), ('cpu_bringup', 'cpu_bringup'),
            ('percpu', 'percpu'), ('stacks', 'task_stack')] + [('walk-' + n.replace('_', '-'), 'walk') for n in walks]
for name, kind in expected:
    t.eq(status.get(name), 'drawn', '%s: drawn from the report\'s %s records' % (name, kind))
for name in drawn:
    svg, pdf = (os.path.join(OUT, name + ext) for ext in ('.svg', '.pdf'))
    with open(svg) as f:
        texts = len(re.findall(r'<text\b', f.read()))
    t.ok(texts >= 3 and os.path.getsize(pdf) > 1000,
         '%s: SVG and PDF are not empty' % name, '%d texts, PDF %d bytes'
         % (texts, os.path.getsize(pdf) if os.path.exists(pdf) else -1))

# --- the book's references ----------------------------------------------------
with open(os.path.join(ROOT, 'book', 'chapters')) as f:
    chapters = f.read().split()
caption = ' '.join(machine['caption'].split())
refs, used = 0, []
for chapter in chapters:
    with open(os.path.join(ROOT, 'book', chapter + '.nw')) as f:
        text = f.read()
    for fig in re.findall(r'\\begin\{figure\}.*?\\end\{figure\}', text, re.S):
        for name in re.findall(r'\\includegraphics(?:\[[^]]*\])?\{figures/([^}]*)\}', fig):
            refs += 1
            used.append(name)
            t.ok(name in drawn, 'book/%s.nw: figures/%s exists' % (chapter, name),
                 status.get(name, 'generate.py knows no such figure'))
            cap = re.search(r'\\caption\{(.*)\}', fig, re.S)
            if name == 'boottime':      # the benchmark's plot names the benchmark's machine
                t.ok(cap and 'make bench' in cap.group(1) and 'TCG' in cap.group(1),
                     'book/%s.nw: the caption of figures/boottime names make bench and TCG'
                     % chapter, cap.group(1) if cap else 'no caption')
                continue
            t.ok(cap and caption in ' '.join(cap.group(1).split()),
                 'book/%s.nw: the caption of figures/%s names the machine (%s)'
                 % (chapter, name, caption), cap.group(1) if cap else 'no caption')
t.ok(refs > 0, 'the book includes at least one generated figure')
unused = sorted(set(drawn) - set(used))
t.ok(not unused, 'every figure generate.py draws is in a chapter', ', '.join(unused))
t.done()

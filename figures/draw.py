# SPDX-License-Identifier: GPL-2.0-only
"""draw.py - the book's figures, as Graphviz dot, from a parsed memreport.

Each figure is a function FIGURES[name](report, footer) that returns dot
text, or raises NoData when the report lacks what the figure shows (a
chapter not yet in the book). Most figures are one Graphviz HTML table:
rows are address ranges, low addresses on top as in asm/memlayout.h, and
a row's height grows with the logarithm of its size, so that a 4 KiB
page and a 64 TiB region are both visible; the figure says so.
"""
import math
import re
from html import escape

# Monospace: a text is 0.6 em a character wide in any monospace font, so
# that Graphviz's boxes fit the text whatever font a viewer substitutes
# (tests/figures/fit.t; generate.render adds the SVG's fallback).
FONT = 'DejaVu Sans Mono'
MAX_NUMNODES = 64               # memblock's nid when no node is set
E820_NAMES = {1: 'usable', 2: 'reserved', 3: 'ACPI data', 4: 'ACPI NVS',
              5: 'unusable', 7: 'persistent (type 7)', 12: 'persistent (type 12)',
              0xefffffff: 'soft reserved', 128: 'usable'}
E820_COLORS = {1: '#b7e1a1', 2: '#d9d9d9', 3: '#fde38a', 4: '#f7b267', 5: '#e57373',
               7: '#9fc5e8', 12: '#9fc5e8', 128: '#b7e1a1'}
NODE_COLORS = ('#fff2cc', '#d9ead3')
PAGE_SIZES = {'pte': 1 << 12, 'pmd': 1 << 21, 'pud': 1 << 30}
PAGE_COLORS = {'pte': '#f9cb9c', 'pmd': '#a4c2f4', 'pud': '#b4a7d6'}
PAGE_NAMES = {'pte': '4K', 'pmd': '2M', 'pud': '1G'}
LEVEL_NAMES = {'pgd': 'PGD', 'p4d': 'P4D', 'pud': 'PUD', 'pmd': 'PMD', 'pte': 'PTE'}
KERNEL_HALF = 0xffff800000000000    # the first canonical kernel address (48 bits)
TOP = 1 << 64

# x86 page-table entry bits, as asm/pgtable_types.h names them
_PAGE_PRESENT, _PAGE_RW, _PAGE_USER, _PAGE_PWT, _PAGE_PCD = 1, 2, 4, 8, 16
_PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_PSE, _PAGE_GLOBAL = 32, 64, 128, 256
_PAGE_NX = 1 << 63
PTE_PFN_MASK = ((1 << 52) - 1) & ~0xfff


class NoData(Exception):
    """The report has nothing for this figure; the message says what is missing."""


def size_str(n):
    """A size in Linux's binary units: 4 KiB, 2 MiB, 1.5 GiB, 64 TiB."""
    for shift, unit in ((60, 'EiB'), (50, 'PiB'), (40, 'TiB'), (30, 'GiB'),
                        (20, 'MiB'), (10, 'KiB')):
        if n >= 1 << shift:
            v = n / (1 << shift)
            text = ('%.2f' % v).rstrip('0').rstrip('.')
            return ('%s %s' if float(text) * (1 << shift) == n else '~%s %s') % (text, unit)
    return '%d B' % n


def row_height(size):
    """Points: 16 for a page, 4 more for every doubling above it."""
    return int(16 + 4 * max(0.0, math.log2(max(size, 1)) - 12))


def flags_str(prot, level):
    """The flags as Linux's ptdump prints them, without the blanks."""
    if not prot & _PAGE_PRESENT:
        return 'not present'
    words = ['USR' if prot & _PAGE_USER else '', 'RW' if prot & _PAGE_RW else 'ro',
             'PWT' if prot & _PAGE_PWT else '', 'PCD' if prot & _PAGE_PCD else '',
             'PSE' if level != 'pte' and prot & _PAGE_PSE else '',
             'GLB' if prot & _PAGE_GLOBAL else '', 'NX' if prot & _PAGE_NX else 'x']
    return ' '.join(w for w in words if w)


def graph(name, body, footer, rankdir='TB', note=None):
    """A whole dot file: defaults, the body, and below it the note (what the
    figure shows, in italics) and the footer (where it comes from)."""
    if note:
        footer = '<I>%s</I><BR/>%s' % (note, footer)
    return ('digraph %s {\n  graph [fontname="%s", fontsize=10, rankdir=%s, '
            'labelloc=b, label=<%s>];\n  node [shape=plaintext, fontname="%s", '
            'fontsize=10];\n  edge [fontname="%s", fontsize=9];\n%s}\n'
            % (name, FONT, rankdir, footer, FONT, FONT, body))


def cell(text, color=None, extra=''):
    bg = ' BGCOLOR="%s"' % color if color else ''
    return '<TD%s%s>%s</TD>' % (bg, extra, text)


def range_table(lo, hi, columns, heads, addr_fmt='%#x'):
    """Rows for every boundary of every column's ranges, as an HTML table.

    columns: lists of (start, end, label, color), each list sorted and
    disjoint; a gap shows as an empty cell. Consecutive rows covered by
    the same range of a column share one cell (ROWSPAN). The first
    column gives each row's start address and size, and its height.
    """
    cuts = {lo, hi}
    for col in columns:
        for start, end, _, _ in col:
            cuts.update(x for x in (start, end) if lo <= x <= hi)
    cuts = sorted(cuts)
    rows = list(zip(cuts, cuts[1:]))
    owners = [[next((r for r in col if r[0] <= a < r[1]), None) for a, _ in rows]
              for col in columns]
    out = ['<TR>' + ''.join(cell('<B>%s</B>' % h) for h in heads) + '</TR>']
    for i, (a, b) in enumerate(rows):
        tds = [cell((addr_fmt % a) + '<BR/>' + size_str(b - a),
                    extra=' HEIGHT="%d" ALIGN="RIGHT"' % row_height(b - a))]
        for owner in owners:
            if i > 0 and owner[i] is owner[i - 1]:
                continue
            span = 1
            while i + span < len(rows) and owner[i + span] is owner[i]:
                span += 1
            label, color = (owner[i][2], owner[i][3]) if owner[i] else ('', None)
            tds.append(cell(label, color, ' ROWSPAN="%d"' % span))
        out.append('<TR>' + ''.join(tds) + '</TR>')
    return ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">\n'
            + '\n'.join(out) + '\n</TABLE>')


def table_node(name, table):
    return '  %s [label=<%s>];\n' % (name, table)


# --- (1) physical memory: e820 and memblock --------------------------------

def physmem(report, footer):
    e820 = report.of('e820')
    if not e820:
        raise NoData('no e820 records (the e820 chapter prints them)')
    blocks = report.of('memblock')
    col_e820 = [(r['addr'], r['addr'] + r['size'],
                 E820_NAMES.get(r['type'], 'type %d' % r['type']),
                 E820_COLORS.get(r['type'], '#ffffff')) for r in e820]
    columns, heads = [sorted(col_e820)], ['address', 'e820_table']
    nodes = sorted((r['start'], r['end'], 'node %d' % r['nid'], NODE_COLORS[r['nid'] % 2])
                   for r in report.of('node'))
    if nodes:
        columns.append(nodes)
        heads.append('NUMA node')
    for kind, color in (('memory', '#cfe2f3'), ('reserved', '#f4a6a6')):
        col = [(r['base'], r['base'] + r['size'],
                kind + ('' if r['nid'] == MAX_NUMNODES else ' (node %d)' % r['nid']),
                color) for r in blocks if r['type'] == kind and r['size']]
        columns.append(sorted(col))
    hi = max(end for col in columns for _, end, _, _ in col)
    table = range_table(0, hi, columns, heads + ['memblock.memory', 'memblock.reserved'])
    return graph('physmem', table_node('map', table), footer, note=(
        'Physical memory, low addresses on top; a row&#39;s height grows with the '
        'logarithm of its size. Empty cells: not covered.'))


# --- (2) the kernel's virtual address space --------------------------------

def regions(report):
    """The address markers as (start, end, name), the kernel half only."""
    marks = sorted((max(m['start'], KERNEL_HALF), m['name']) for m in report.of('marker')
                   if m['start'] >= (1 << 63))
    ends = [start for start, _ in marks[1:]] + [TOP]
    return [(s, e, n) for (s, n), e in zip(marks, ends) if e > s]


def mapped_summary(runs):
    """'4 GiB mapped: 1G x3, 2M x511' for the present runs of a region."""
    if not runs:
        return 'nothing mapped'
    total, counts = 0, {}
    for r in runs:
        size = r['end'] - r['start']
        total += size
        page = PAGE_SIZES.get(r['level'], size)
        counts[r['level']] = counts.get(r['level'], 0) + size // page
    parts = ['%s &#215;%d' % (PAGE_NAMES.get(lv, lv), counts[lv])
             for lv in ('pud', 'pmd', 'pte') if lv in counts]
    return '%s mapped<BR/>%s' % (size_str(total), ', '.join(parts))


def vaspace(report, footer):
    """Rows at every marker and every region boundary. A marker says only
    where a region begins, so its row runs to the next marker; the region
    records (asm/memlayout.h's sizes) show how much of that is the region,
    and the rest is unused address space."""
    regs = regions(report)
    if not regs:
        raise NoData('no marker records (book/report.nw prints them)')
    runs = [r for r in report.of('pt') if r['prot'] & _PAGE_PRESENT]
    col_markers, col_mapped = [], []
    for start, end, name in regs:
        col_markers.append((start, end, '<B>%s</B>' % escape(name), '#eeeeee'))
        inside = [r for r in runs if start <= r['start'] < end]
        col_mapped.append((start, end, mapped_summary(inside),
                           '#b7e1a1' if inside else None))
    col_regions = sorted((r['start'], r['end'], '<B>%s</B><BR/>%s' % (
        escape(r['name']), size_str(r['end'] - r['start'])), '#cfe2f3')
        for r in report.of('region') if r['end'] > r['start'] >= KERNEL_HALF)
    columns = [col_markers, col_mapped]
    heads = ['address', 'ptdump marker', 'page tables']
    note = ('The kernel half of the virtual address space, from the address markers '
            'and the page tables;<BR/>a row&#39;s height grows with the logarithm of its size.')
    if col_regions:
        columns.insert(0, col_regions)
        heads.insert(1, 'region (asm/memlayout.h)')
        note = ('The kernel half of the virtual address space: the regions of asm/memlayout.h '
                'with their sizes, the address markers<BR/>(each from its address to the '
                'next marker) and what the page tables map; empty: unused.<BR/>'
                'A row&#39;s height grows with the logarithm of its size.')
    table = range_table(KERNEL_HALF, TOP, columns, heads, '%#018x')
    return graph('vaspace', table_node('space', table), footer, note=note)


# --- (3) the walk of one address through the four levels ------------------

def entry_row(step, port):
    entry = step['entry']
    flags = flags_str(entry, step['level']) if entry else 'empty'
    return ('<TR><TD PORT="%s" BGCOLOR="#fde38a" ALIGN="LEFT">[%d] %#018x<BR/>'
            '%s</TD></TR>' % (port, step['index'], entry, escape(flags)))


def walk_table(i, step, slots=512):
    # One run of text: a blank that begins a run (after </B>) is dropped by
    # SVG viewers, which drew "PGDat".
    rows = ['<TR><TD BGCOLOR="#dddddd"><B>%s at %#x</B></TD></TR>'
            % (LEVEL_NAMES[step['level']], step['table'])]
    if step['index'] > 0:
        rows.append('<TR><TD>&#8942; %d entries</TD></TR>' % step['index'])
    rows.append(entry_row(step, 'e'))
    if step['index'] < slots - 1:
        rows.append('<TR><TD>&#8942; %d entries</TD></TR>' % (slots - 1 - step['index']))
    return table_node('t%d' % i, '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" '
                      'CELLPADDING="4">%s</TABLE>' % ''.join(rows))


def walk(report, footer, name):
    walks = [w for w in report.of('walk') if w['name'] == name]
    if not walks:
        raise NoData('no walk record named %r' % name)
    w = walks[0]
    body = ['  cr3 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0"><TR>'
            '<TD BGCOLOR="#dddddd" CELLPADDING="4"><B>CR3</B><BR/>%#x</TD></TR>'
            '</TABLE>>];\n' % w['cr3']]
    for i, step in enumerate(w['steps']):
        body.append(walk_table(i, step))
        src = 'cr3' if i == 0 else 't%d:e' % (i - 1)
        body.append('  %s -> t%d;\n' % (src, i))
    last = 't%d:e' % (len(w['steps']) - 1) if w['steps'] else 'cr3'
    if w['pa'] is None:
        page = 'not mapped'
    else:
        page = ('<B>%s page</B><BR/>at %#x<BR/>byte %#x' % (
            size_str(w['page_size']), w['pa'] & ~(w['page_size'] - 1), w['pa']))
    body.append('  page [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0">'
                '<TR><TD BGCOLOR="#b7e1a1" CELLPADDING="4">%s</TD></TR></TABLE>>];\n'
                '  %s -> page;\n' % (page, last))
    title = '%s = %#018x: the tables CR3 leads to, and the entry used at each level' % (
        escape(name), w['va'])
    return graph('walk_' + name, ''.join(body), footer, 'LR', note=title)


# --- (4) vmemmap: sections, their struct pages, and the memory behind ------

def section_runs(sections):
    """Runs of sections with consecutive numbers, one node, and struct pages
    that follow each other in the vmemmap: [first, last, nid, va, va_end]."""
    runs = []
    for s in sorted(sections, key=lambda s: s['nr']):
        if runs and s['nr'] == runs[-1][1] + 1 and s['nid'] == runs[-1][2] and \
                s['mem_map'] == runs[-1][4]:
            runs[-1][1], runs[-1][4] = s['nr'], s['mem_map'] + s['map_size']
        else:
            runs.append([s['nr'], s['nr'], s['nid'], s['mem_map'], s['mem_map'] + s['map_size']])
    return runs


def column(name, title, rows):
    return table_node(name, '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" '
                      'CELLPADDING="4"><TR><TD BGCOLOR="#dddddd"><B>%s</B></TD></TR>%s'
                      '</TABLE>' % (title, ''.join(rows)))


def vmemmap(report, footer):
    sections, maps = report.of('section'), sorted(report.of('map'), key=lambda m: m['start'])
    if not sections or not maps:
        raise NoData('no section or map records (the sparse_vmemmap chapter prints them)')
    runs = section_runs(sections)
    left, mid, right, edges = [], [], [], []
    for i, (first, last, nid, va, va_end) in enumerate(runs):
        what = 'section %d' % first if first == last else 'sections %d-%d' % (first, last)
        left.append('<TR><TD PORT="s%d">%s<BR/>node %d</TD></TR>' % (i, what, nid))
        mid.append('<TR><TD PORT="v%d">%#x<BR/>%s of struct page</TD></TR>'
                   % (i, va, size_str(va_end - va)))
        edges.append('  sections:s%d -> virt:v%d;\n' % (i, i))
        edges += ['  virt:v%d -> phys:p%d;\n' % (i, j) for j, m in enumerate(maps)
                  if m['start'] < va_end and va < m['end']]
    for j, m in enumerate(maps):
        right.append('<TR><TD PORT="p%d">%#x<BR/>%s in %s pages</TD></TR>'
                     % (j, m['pa'], size_str(m['end'] - m['start']),
                        PAGE_NAMES.get(m['level'], m['level'])))
    body = (column('sections', 'mem_section', left) + column('virt', 'vmemmap (virtual)', mid)
            + column('phys', 'physical memory', right))
    return graph('vmemmap', body + ''.join(edges), footer, 'LR', note=(
        'Each present memory section, the struct pages that describe it in the '
        'vmemmap, and the physical memory that holds them'))


# --- (5) the direct map's page sizes ---------------------------------------

def direct_map_runs(report):
    """The present runs of the direct map, as physical (start, end, level)."""
    base = [m['start'] for m in report.of('marker') if m['name'] == 'Low Kernel Mapping']
    if not base:
        return None, []
    ends = [m['start'] for m in report.of('marker') if m['start'] > base[0]]
    top = min(ends) if ends else TOP
    runs = []
    for r in sorted(report.of('pt'), key=lambda r: r['start']):
        if base[0] <= r['start'] < top and r['prot'] & _PAGE_PRESENT:
            start, end = r['start'] - base[0], r['end'] - base[0]
            if runs and runs[-1][1] == start and runs[-1][2] == r['level']:
                runs[-1][1] = end
            else:
                runs.append([start, end, r['level']])
    return base[0], runs


def pagesizes(report, footer):
    base, runs = direct_map_runs(report)
    if not runs:
        raise NoData('no pt records in the direct map (the direct_map chapter and '
                     'the ptdump walker make them)')
    col_pages = [(s, e, '%s pages &#215;%d' % (PAGE_NAMES.get(lv, lv),
                                               (e - s) // PAGE_SIZES.get(lv, e - s)),
                  PAGE_COLORS.get(lv)) for s, e, lv in runs]
    col_e820 = sorted((r['addr'], r['addr'] + r['size'],
                       E820_NAMES.get(r['type'], 'type %d' % r['type']),
                       E820_COLORS.get(r['type'])) for r in report.of('e820'))
    hi = max([e for _, e, _, _ in col_pages + col_e820])
    table = range_table(0, hi, [col_e820, col_pages],
                        ['physical address', 'e820_table', 'direct map at %#x' % base])
    totals = {}
    for s, e, lv in runs:
        totals[lv] = totals.get(lv, 0) + (e - s)
    meminfo = ', '.join('DirectMap%s: %d kB' % (PAGE_NAMES[lv].lower() if lv == 'pte'
                                                 else PAGE_NAMES[lv], totals.get(lv, 0) >> 10)
                        for lv in ('pte', 'pmd', 'pud'))
    return graph('pagesizes', table_node('map', table), footer, note=(
        'The page sizes of the direct map; low addresses on top, a row&#39;s height '
        'grows with the logarithm of its size.<BR/>' + meminfo))


# --- (6) the zone lists and the free lists ------------------------------------

ZONE_COLORS = {'DMA': '#f4cccc', 'DMA32': '#fce5cd', 'Normal': '#d9ead3', 'Movable': '#cfe2f3'}
MIGRATE_KEYS = ('unmovable', 'movable', 'reclaimable', 'highatomic', 'isolate')


def zonelists(report, footer):
    lists = [z for z in report.of('zonelist') if z['list'] == 'fallback']
    if not lists:
        raise NoData('no zonelist records (the zonelists chapter prints them)')
    body = []
    for zl in lists:
        cells = ['<TD BGCOLOR="#dddddd"><B>node %d</B></TD>' % zl['nid']]
        for e in zl['zones'].split():
            node, zone = e.split(':')
            cells.append('<TD BGCOLOR="%s">%s<BR/>node %s</TD>'
                         % (ZONE_COLORS.get(zone, '#ffffff'), escape(zone), node))
        cells.append('<TD>NULL</TD>')
        body.append(table_node('zl%d' % zl['nid'], '<TABLE BORDER="0" CELLBORDER="1" '
                               'CELLSPACING="0" CELLPADDING="4"><TR>%s</TR></TABLE>'
                               % ''.join(cells)))
    edges = ['  zl%d -> zl%d [style=invis];\n' % (a['nid'], b['nid'])
             for a, b in zip(lists, lists[1:])]
    return graph('zonelists', ''.join(body) + ''.join(edges), footer, note=(
        'Each node&#39;s ZONELIST_FALLBACK: the zones allocations on it try,<BR/>'
        'nearest node first, highest zone first within a node'))


def freelists_zone(report):
    """The zone the free-list figure shows: node 0's lowest populated zone."""
    zones = [z for z in report.of('zone') if z['nid'] == 0]
    if not zones or not report.of('freearea'):
        raise NoData('no zone or freearea records (the zones and page allocator '
                      'chapters fill them)')
    return min(zones, key=lambda z: z['start_pfn'])['zone']


def freelists(report, footer):
    zone = freelists_zone(report)
    phases = []
    for r in report.of('freearea'):
        if r['nid'] == 0 and r['zone'] == zone and r['phase'] not in phases:
            phases.append(r['phase'])
    head = '<TR><TD BGCOLOR="#dddddd"><B>order</B></TD>' + ''.join(
        '<TD BGCOLOR="#dddddd" COLSPAN="3"><B>%s</B></TD>' % escape(p) for p in phases) + '</TR>'
    sub = '<TR><TD></TD>' + '<TD>blocks</TD><TD>unmov.</TD><TD>movable</TD>' * len(phases) + '</TR>'
    rows = []
    for order in range(11):
        cells = ['<TD>%d (%s)</TD>' % (order, size_str(4096 << order))]
        for p in phases:
            r = [x for x in report.of('freearea') if x['nid'] == 0 and x['zone'] == zone
                 and x['phase'] == p and x['order'] == order]
            r = r[0] if r else dict.fromkeys(['nr_free'] + list(MIGRATE_KEYS), 0)
            color = '#d9ead3' if r['nr_free'] else None
            cells += [cell(str(r['nr_free']), color), cell(str(r['unmovable'])),
                      cell(str(r['movable']))]
        rows.append('<TR>%s</TR>' % ''.join(cells))
    table = ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">%s%s%s</TABLE>'
             % (head, sub, ''.join(rows)))
    return graph('freelists', table_node('fl', table), footer, note=(
        'Node 0&#39;s %s zone: its free blocks of each order, and those on the<BR/>'
        'unmovable and movable lists, at each moment the report recorded them'
        % escape(zone)))


# --- (7) the zones on each node's memory -------------------------------------

def zones(report, footer):
    """memblock.memory beside each node's zones, one column a node, so
    that a zone's span, holes included, shows against the memory in it."""
    recs = report.of('zone')
    if not recs:
        raise NoData('no zone records (the zones chapter fills them)')
    memory = sorted((r['base'], r['base'] + r['size'],
                     'memory' + ('' if r['nid'] == MAX_NUMNODES else ' (node %d)' % r['nid']),
                     '#cfe2f3') for r in report.of('memblock')
                    if r['type'] == 'memory' and r['size'])
    nodes = sorted((r['start'], r['end'], 'node %d' % r['nid'], NODE_COLORS[r['nid'] % 2])
                   for r in report.of('node'))
    columns, heads = [memory], ['address', 'memblock.memory']
    if nodes:
        columns.append(nodes)
        heads.append('NUMA node')
    for nid in sorted({r['nid'] for r in recs}):
        col = [(r['start_pfn'] << 12, (r['start_pfn'] + r['spanned']) << 12,
                '%s<BR/>spanned %d<BR/>present %d<BR/>managed %d'
                % (escape(r['zone']), r['spanned'], r['present'], r['managed']),
                ZONE_COLORS.get(r['zone'], '#ffffff')) for r in recs if r['nid'] == nid]
        columns.append(sorted(col))
        heads.append('node %d zones' % nid)
    hi = max(end for col in columns for _, end, _, _ in col)
    table = range_table(0, hi, columns, heads)
    return graph('zones', table_node('map', table), footer, note=(
        'Each node&#39;s zones on physical memory, in pages; a zone spans from its first '
        'frame<BR/>to its last, holes included. Low addresses on top; a row&#39;s height '
        'grows with the logarithm of its size.'))


# --- (8) the buddy allocator at work -----------------------------------------

MIGRATE_LETTERS = {'unmovable': 'U', 'movable': 'M', 'reclaimable': 'E',
                   'highatomic': 'H', 'isolate': 'I'}
MIGRATE_COLORS = {'unmovable': '#f4cccc', 'movable': '#cfe2f3', 'reclaimable': '#d9ead3',
                  'highatomic': '#fff2cc', 'isolate': '#d9d9d9'}
BUDDY_PHASES = ('before', 'allocated', 'freed')
# A text of the plot: in a box drawn in white (tests/figures/fit.t finds the box)
LABEL = 'shape=box, color="#ffffff", margin="0.04,0.02", width=0, height=0'


def block_label(pfn, order, tail):
    return 'pfn %#x<BR/>order %d (%s)%s' % (pfn, order, size_str(4096 << order), tail)


def buddy(report, footer):
    blocks, allocs = report.of('freeblock'), report.of('alloc')
    if not blocks:
        raise NoData('no freeblock records (the report&#39;s allocation sequence writes them)')
    zone = blocks[0]['zone']
    z = [r for r in report.of('zone') if r['nid'] == blocks[0]['nid'] and r['zone'] == zone]
    lo = z[0]['start_pfn'] << 12 if z else min(b['pfn'] for b in blocks) << 12
    columns, heads = [], ['address']
    for i, phase in enumerate(BUDDY_PHASES):
        col = [(b['pfn'] << 12, (b['pfn'] + (1 << b['order'])) << 12,
                block_label(b['pfn'], b['order'], ' ' + MIGRATE_LETTERS[b['type']]),
                MIGRATE_COLORS[b['type']]) for b in blocks if b['phase'] == phase]
        columns.append(sorted(col))
        heads.append('free: ' + phase)
        if phase == 'before':
            columns.append(sorted((a['pfn'] << 12, (a['pfn'] + (1 << a['order'])) << 12,
                                   block_label(a['pfn'], a['order'], '<BR/>allocation %d' % n),
                                   '#fde38a') for n, a in enumerate(allocs, 1)))
            heads.append('allocated')
    hi = (z[0]['start_pfn'] + z[0]['spanned']) << 12 if z else \
        max(c[1] for col in columns for c in col)
    table = range_table(lo, hi, columns, heads)
    return graph('buddy', table_node('map', table), footer, note=(
        'The free blocks of node %d&#39;s %s zone before the allocations, after them, '
        'and after<BR/>their frees, last first; empty: not free. '
        'A row&#39;s height grows with the logarithm of its size.'
        % (blocks[0]['nid'], escape(zone))))


# --- (9) boot time against RAM, from the benchmark ---------------------------

def size_gib(size):
    return int(size[:-1]) / (1024.0 if size.endswith('M') else 1.0)

SERIES = [('ours', 'memory', 'startmem: Memory:', '#1c4587', 'solid'),
          ('ours', 'all_free', 'startmem: all memory free', '#1c4587', 'dashed'),
          ('linux', 'memory', 'Linux 6.1: Memory:', '#cc0000', 'solid'),
          ('linux', 'all_free', 'Linux 6.1: all memory free', '#cc0000', 'dashed')]

def boottime(data, footer):
    """A plot of seconds against RAM, from `make bench`'s figures/boottime.json
    (tests/bench/boot_time_bench.py), not from the report: neato places
    every point where its pos says."""
    if not data or not data.get('points'):
        raise NoData('no boot times (run `make bench` to measure them)')
    pts = [p for p in data['points'] if p['memory'] is not None]
    sizes = sorted({p['size'] for p in pts}, key=size_gib)
    xs = {s: i for i, s in enumerate(sizes)}
    top = max(max(p['memory'] or 0, p['all_free'] or 0) for p in pts)
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500) if top / s <= 8)
    ymax = step * math.ceil(top / step)
    W, H = 6.0, 3.6                       # inches of the plot area
    X = lambda i: W * i / max(len(sizes) - 1, 1)
    Y = lambda v: H * v / ymax
    out = []
    def node(name, x, y, attrs):
        out.append('  %s [pos="%.3f,%.3f!", %s];\n' % (name, x, y, attrs))
    node('o', 0, 0, 'shape=point, width=0.01')
    node('xe', W, 0, 'shape=point, width=0.01')
    node('ye', 0, H, 'shape=point, width=0.01')
    out.append('  o -> xe [arrowhead=none]; o -> ye [arrowhead=none];\n')
    for s, i in xs.items():
        node('xl%d' % i, X(i), -0.25, LABEL + ', label="%s"' % s.replace('M', ' MiB').replace('G', ' GiB'))
    k = 0
    v = 0.0
    while v <= ymax + 1e-9:
        node('yl%d' % k, -0.45, Y(v), LABEL + ', label="%g s"' % v)
        if v:
            node('ga%d' % k, 0, Y(v), 'shape=point, width=0.01')
            node('gb%d' % k, W, Y(v), 'shape=point, width=0.01')
            out.append('  ga%d -> gb%d [arrowhead=none, color="#dddddd"];\n' % (k, k))
        k += 1
        v += step
    for n, (who, key, label, color, style) in enumerate(SERIES):
        line = sorted((xs[p['size']], p[key]) for p in pts if p['kernel'] == who and p[key] is not None)
        for i, val in line:
            node('p%d_%d' % (n, i), X(i), Y(val), 'shape=point, width=0.06, color="%s"' % color)
        for (a, _), (b, _) in zip(line, line[1:]):
            out.append('  p%d_%d -> p%d_%d [arrowhead=none, color="%s", style=%s, penwidth=1.5];\n'
                       % (n, a, n, b, color, style))
        node('lg%d' % n, W + 1.9, H - 0.3 * n, LABEL + ', fontcolor="%s", label="%s (%s)"'
             % (color, label, style))
    node('xt', W / 2, -0.6, LABEL + ', label="RAM (-m)"')
    body = ''.join(out)
    note = ('Host seconds from QEMU&#39;s start to the Memory: line and to the last node&#39;s '
            'deferred pages, by RAM;<BR/>median of %d boot(s) each, QEMU TCG, q35, one CPU'
            % data['runs'])
    return ('digraph boottime {\n  graph [layout=neato, splines=false, fontname="%s", fontsize=10, '
            'labelloc=b, label=<<I>%s</I><BR/>%s>];\n  node [fontname="%s", fontsize=10];\n%s}\n'
            % (FONT, note, footer, FONT, body))


# --- (10) vmalloc space: busy areas, their guard pages, free space ----------

VMAP_COLORS = {'vmalloc': '#cfe2f3', 'vmap': '#d9ead3', 'ioremap': '#fce5cd', 'none': '#eeeeee'}


def vmalloc_space(report, footer):
    areas = report.of('vmap_area')
    region = [r for r in report.of('region') if r['name'] == 'vmalloc']
    if not areas or not region:
        raise NoData('no vmap_area or vmalloc region records (the vmalloc chapter fills them)')
    lo, hi = region[0]['start'], region[0]['end']
    col, at = [], lo
    for a in areas:
        if a['start'] > at:
            col.append((at, a['start'], 'free', None))
        mapped = a['end'] - a['guard']
        label = a['kind'] + (', %d pages' % a['pages'] if a['pages'] else '')
        col.append((a['start'], mapped, label, VMAP_COLORS[a['kind']]))
        if a['guard']:
            col.append((mapped, a['end'], 'guard page', '#999999'))
        at = a['end']
    col.append((at, hi, 'free', None))
    table = range_table(lo, hi, [col], ['address, size', 'vmap_area'], addr_fmt='%#018x')
    return graph('vmalloc', table_node('vm', table), footer, note=(
        'The busy areas of vmalloc space in address order, each followed by<BR/>'
        'its guard page, which is never mapped; the rest is free'))
# --- (9) the kmalloc caches --------------------------------------------------

FREELIST_NAMES = {'on': 'on the slab', 'off': 'off the slab', 'obj': 'in an object'}


def kmalloc_waste(c):
    """Bytes of a slab that hold no object: colour room, and the freelist on the slab."""
    return (4096 << c['order']) - c['num'] * c['size']


def kmalloc(report, footer):
    caches = [c for c in report.of('slab') if re.match(r'kmalloc-\d+k?$', c['name'])]
    if not caches:
        raise NoData('no slab records of kmalloc caches (the slab chapter prints them)')
    caches.sort(key=lambda c: c['object_size'])
    head = ('<TR>' + ''.join('<TD BGCOLOR="#dddddd"><B>%s</B></TD>' % h for h in (
        'cache', 'object', 'in the slab', 'objects', 'pages', 'freelist', 'unused',
        'in use at boot')) + '</TR>')
    rows = []
    for c in caches:
        waste = kmalloc_waste(c)
        lost = c['num'] * (c['size'] - c['object_size'])
        rows.append('<TR>%s</TR>' % ''.join([
            cell(escape(c['name'])), cell('%d B' % c['object_size']),
            cell('%d B' % c['size'], '#fce5cd' if lost else None),
            cell(str(c['num'])), cell(str(1 << c['order'])),
            cell(FREELIST_NAMES[c['freelist']]),
            cell('%d B (%.1f %%)' % (waste, 100.0 * waste / (4096 << c['order'])),
                 '#f4cccc' if waste * 8 > (4096 << c['order']) else None),
            cell('%d of %d' % (c['active_objs'], c['num_objs']))]))
    table = ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">%s%s</TABLE>'
             % (head, ''.join(rows)))
    return graph('kmalloc', table_node('km', table), footer, note=(
        'The kmalloc caches as the slab allocator laid them out: the size an object takes<BR/>'
        'in the slab (shaded where alignment adds to it), objects and pages per slab, where<BR/>'
        'the freelist lives, the bytes of a slab that hold no object, and objects in use'))


# --- (10) one slab, as it lies in its page -------------------------------------

SLAB_ROW = 16                   # objects, and freelist slots, per row of the figure
TAKEN, FREE, SPARE = '#f9cb9c', '#d9ead3', '#d9d9d9'


def slab_cells(values, colors, first_offset, stride, head):
    """Rows of SLAB_ROW cells, each row headed by the byte offset of its first cell."""
    rows = []
    for i in range(0, len(values), SLAB_ROW):
        chunk = list(zip(values[i:i + SLAB_ROW], colors[i:i + SLAB_ROW]))
        chunk += [('', None)] * (SLAB_ROW - len(chunk))
        rows.append('<TR>%s%s</TR>' % (
            cell(('%s +%d' % (head, first_offset) if i == 0 else '+%d' % (first_offset + i * stride)),
                 extra=' ALIGN="RIGHT"'),
            ''.join(cell(v, c) for v, c in chunk)))
    return rows


def slabpage(report, footer):
    pages = report.of('slabpage')
    if not pages:
        raise NoData('no slabpage record (the slab chapter reports one slab)')
    p = pages[0]
    total = 4096 << p['order']
    free = [int(x) for x in p['free'].split()]
    on = p['freelist'] == 'on'
    objs_end = p['colour'] + p['num'] * p['size']
    span = SLAB_ROW + 1

    def wide(text, color=None):
        return '<TR>%s</TR>' % cell(text, color, ' COLSPAN="%d" ALIGN="LEFT"' % span)
    rows = [wide('<B>%s: %d objects of %d B in %d page%s (order %d), %d B</B>'
                 % (escape(p['cache']), p['num'], p['size'], 1 << p['order'],
                    's' if p['order'] else '', p['order'], total)),
            wide('+0: colour, %d B%s' % (p['colour'], ' (none)' if not p['colour'] else ''),
                 SPARE if p['colour'] else None)]
    rows += slab_cells([str(i) for i in range(p['num'])],
                       [FREE if i in free else TAKEN for i in range(p['num'])],
                       p['colour'], p['size'], 'objects')
    rows.append(wide('+%d: left over, %d B' % (objs_end, p['left']), SPARE if p['left'] else None))
    where = {'on': 'on the slab, +%d' % (p['freelist_addr'] - p['addr']) if on else '',
             'off': 'off the slab, at %#x' % p['freelist_addr'],
             'obj': 'in free object %d' % ((p['freelist_addr'] - p['addr'] - p['colour'])
                                          // p['size']) if p['freelist_addr'] else
                    'none: the slab is full'}
    rows.append(wide('freelist: %d one-byte indices, %d B, %s;<BR ALIGN="LEFT"/>'
                     'active = %d: slots %d.. name the free objects, next out first'
                     % (p['num'], p['freelist_size'], where[p['freelist']], p['active'],
                        p['active'])))
    slots = ['' if i < p['active'] else str(free[i - p['active']]) for i in range(p['num'])]
    rows += slab_cells(slots, [SPARE if i < p['active'] else FREE for i in range(p['num'])],
                       p['freelist_addr'] - p['addr'] if on else 0, 1,
                       'freelist' if on else 'slot')
    table = ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">%s</TABLE>'
             % '\n'.join(rows))
    return graph('slabpage', table_node('sp', table), footer, note=(
        'One slab as the kernel laid it out, byte offsets from its first byte: the colour,<BR/>'
        'the objects (orange: taken from the slab, green: free), the bytes left over, and the<BR/>'
        'freelist array: the slots below active are stale, the rest name the free objects'))


FIGURES = {
    'physmem': physmem,
    'vaspace': vaspace,
    'pagesizes': pagesizes,
    'vmemmap': vmemmap,
    'zonelists': zonelists,
    'freelists': freelists,
    'zones': zones,
    'buddy': buddy,
    'vmalloc': vmalloc_space,
    'kmalloc': kmalloc,
    'slabpage': slabpage,
}


# --- (11) the APs' bring-up, on a time line -------------------------------------

BRINGUP_STEPS = (('init', 'sipi', 'INIT to STARTUP (BSP)', '#f9cb9c'),
                 ('sipi', 'entry', 'STARTUP to C (trampoline)', '#a4c2f4'),
                 ('entry', 'online', 'C to online (AP)', '#b7e1a1'))
BSP_WAKING, BSP_BETWEEN = '#d9d9d9', '#fff2cc'
BAR = 480                       # points: the width of the time line


def bar(spans, t0, t1):
    """A row of cells, one per (start, end, color) span, as wide as its time."""
    scale = BAR / float(max(t1 - t0, 1))
    cells, at = [], 0
    for start, end, color in spans:
        x0, x1 = int(round((start - t0) * scale)), int(round((end - t0) * scale))
        if x0 > at:
            cells.append('<TD FIXEDSIZE="TRUE" WIDTH="%d" HEIGHT="14"></TD>' % (x0 - at))
        x1 = max(x1, max(x0, at) + 1)
        cells.append('<TD FIXEDSIZE="TRUE" WIDTH="%d" HEIGHT="14" BGCOLOR="%s"></TD>'
                     % (x1 - max(x0, at), color))
        at = x1
    if at < BAR:
        cells.append('<TD FIXEDSIZE="TRUE" WIDTH="%d" HEIGHT="14"></TD>' % (BAR - at))
    return ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>%s</TR>'
            '</TABLE>' % ''.join(cells))


def us(ns):
    return '%d &#181;s' % round(ns / 1000.0)


def cpu_bringup(report, footer):
    aps = sorted(report.of('cpu_bringup'), key=lambda r: r['init'])
    if not aps:
        raise NoData('no cpu_bringup records (the smpboot chapter stamps the APs\' bring-up)')
    t0, t1 = aps[0]['init'], max(a['online'] for a in aps)
    head = ['CPU', 'APIC ID'] + [s[2] for s in BRINGUP_STEPS] + [
        '0 to %s: from the first INIT to the last AP online' % us(t1 - t0)]
    rows = ['<TR>%s</TR>' % ''.join(cell('<B>%s</B>' % h, '#eeeeee') for h in head)]
    bsp = []
    for i, a in enumerate(aps):
        bsp.append((a['init'], a['online'], BSP_WAKING))
        if i + 1 < len(aps):
            bsp.append((a['online'], aps[i + 1]['init'], BSP_BETWEEN))
    rows.append('<TR>%s%s</TR>' % (cell('0 (BSP)') + cell('') + cell('') + cell('') + cell(''),
                                   cell(bar(bsp, t0, t1), extra=' CELLPADDING="2"')))
    for a in aps:
        durations = [cell(us(a[e] - a[s]), c, ' ALIGN="RIGHT"') for s, e, _, c in BRINGUP_STEPS]
        rows.append('<TR>%s%s%s</TR>' % (
            cell(str(a['cpu'])) + cell(str(a['apicid'])), ''.join(durations),
            cell(bar([(a[s], a[e], c) for s, e, _, c in BRINGUP_STEPS], t0, t1),
                 extra=' CELLPADDING="2"')))
    legend = ('BSP: grey while it waits for an AP, yellow while it prepares the next '
              '(idle task, stacks, GDT, TSS, the announce line)')
    rows.append('<TR>%s</TR>' % cell(legend, extra=' COLSPAN="6" ALIGN="LEFT"'))
    table = ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">%s</TABLE>'
             % '\n'.join(rows))
    return graph('cpu_bringup', table_node('cb', table), footer, note=(
        'Each AP&#39;s bring-up on the boot clock (local_clock, the TSC), one row per AP:<BR/>'
        'the BSP sends INIT, then STARTUP; the AP runs the trampoline to its first line of C,<BR/>'
        'and marks itself online; the bars share one time scale'))


# --- (12) the first chunk of per-CPU areas ---------------------------------------

PCPU_COLORS = {'static': '#cfe2f3', 'reserved': '#fce5cd', 'dynamic': '#d9ead3',
               'back': '#eeeeee'}


def percpu_title(p, units):
    """The figure's first line: the kernel's two lines, from the report's numbers."""
    groups = {}
    for u in units:
        groups.setdefault(u['group'], []).append(u)
    used = p['static_size'] + p['reserved_size'] + p['dyn_size']
    return ('percpu: Embedded %d pages/cpu s%d r%d d%d u%d<BR ALIGN="LEFT"/>'
            'pcpu-alloc: s%d r%d d%d u%d alloc=%d*%d<BR ALIGN="LEFT"/>'
            'pcpu-alloc: %s<BR ALIGN="LEFT"/>'
            % (used >> 12, p['static_size'], p['reserved_size'], p['dyn_size'], p['unit_size'],
               p['static_size'], p['reserved_size'], p['dyn_size'], p['unit_size'],
               p['alloc_size'] // p['atom_size'], p['atom_size'],
               ' '.join('[%d] %s' % (g, ' '.join(str(u['cpu']) if u['cpu'] >= 0 else '-'
                                                 for u in sorted(us_, key=lambda u: u['unit'])))
                        for g, us_ in sorted(groups.items()))))


def percpu(report, footer):
    ps, units = report.of('percpu'), report.of('pcpu_unit')
    if not ps or not units:
        raise NoData('no percpu or pcpu_unit records (the percpu chapter lays out the first chunk)')
    p = ps[0]
    s, r, d, u = p['static_size'], p['reserved_size'], p['dyn_size'], p['unit_size']
    groups, unit_col, parts = {}, [], []
    for x in sorted(units, key=lambda x: x['addr']):
        lo, hi = groups.get(x['group'], (x['addr'], x['addr']))
        groups[x['group']] = (min(lo, x['addr']), max(hi, x['addr'] + u))
        owner = 'CPU %d' % x['cpu'] if x['cpu'] >= 0 else 'no CPU: given back'
        unit_col.append((x['addr'], x['addr'] + u, 'unit %d: %s' % (x['unit'], owner), None))
        if x['cpu'] < 0:
            continue
        at = x['addr']
        for name, size in (('static', s), ('reserved', r), ('dynamic', d)):
            if size:
                parts.append((at, at + size, '%s, %s' % (name, size_str(size)), PCPU_COLORS[name]))
                at += size
        if at < x['addr'] + u:
            parts.append((at, x['addr'] + u, 'given back to memblock', PCPU_COLORS['back']))
    group_col = [(lo, hi, 'group %d' % g, NODE_COLORS[g % len(NODE_COLORS)])
                 for g, (lo, hi) in sorted(groups.items(), key=lambda kv: kv[1])]
    lo = min(a for a, _, _, _ in group_col)
    hi = max(b for _, b, _, _ in group_col)
    table = range_table(lo, hi, [group_col, unit_col, parts],
                        ['address, size', 'group', 'unit', 'in the unit'], addr_fmt='%#018x')
    title = ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4"><TR>%s</TR>'
             '</TABLE>' % cell(percpu_title(p, units), extra=' ALIGN="LEFT"'))
    return graph('percpu', table_node('title', title) + table_node('pc', table) +
                 '  title -> pc [style=invis];\n', footer, note=(
                     'The first chunk of per-CPU areas in the direct map: one allocation per group<BR/>'
                     '(a node&#39;s CPUs), cut into units, one per CPU; each unit holds a copy of the<BR/>'
                     'static variables and room for alloc_percpu(), and its tail goes back to memblock'))


# --- (13) the threads' stacks in vmalloc space ------------------------------------

def stacks(report, footer):
    tasks = report.of('task_stack')
    region = [r for r in report.of('region') if r['name'] == 'vmalloc']
    if not tasks or not region:
        raise NoData('no task_stack or vmalloc region records (the sched chapter has the stacks)')
    vlo, vhi = region[0]['start'], region[0]['end']
    inside = [t for t in tasks if vlo <= t['start'] < vhi]
    if not inside:
        raise NoData('no task\'s stack is in vmalloc space')
    lo = min(t['start'] for t in inside)
    below = [a for a in report.of('vmap_area') if a['end'] == lo and a['guard']]
    lo = below[0]['end'] - below[0]['guard'] if below else lo     # the guard under the first
    areas = [a for a in report.of('vmap_area') if a['end'] > lo]
    hi = max([t['end'] + 4096 for t in inside] + [a['end'] for a in areas
                                                  if a['start'] < max(t['end'] for t in inside)])
    area_col = []
    for a in areas:
        if a['start'] >= hi:
            break
        mapped = a['end'] - a['guard']
        if mapped > lo:
            area_col.append((max(a['start'], lo), mapped, '%s, %d pages' % (a['kind'], a['pages']),
                             VMAP_COLORS[a['kind']]))
        if a['guard']:
            area_col.append((mapped, a['end'], 'guard page', '#999999'))
    task_col = [(t['start'], t['end'], '%s (pid %d, CPU %d)' % (escape(t['name']), t['pid'],
                                                              t['cpu']), '#f9cb9c')
                for t in sorted(inside, key=lambda t: t['start'])]
    table = range_table(lo, hi, [area_col, task_col], ['address, size', 'vmap_area', 'stack of'],
                        addr_fmt='%#018x')
    regions = report.of('region')
    where = lambda a: next((r['name'] for r in regions if r['start'] <= a < r['end']), '?')
    outside = ['%s (pid %d) at %#x, in the %s' % (escape(t['name']), t['pid'], t['start'],
                                                   where(t['start']))
               for t in tasks if not vlo <= t['start'] < vhi]
    note = ('Each thread&#39;s stack is a vmalloc area of four pages; every area ends in an<BR/>'
            'unmapped guard page, so the page just below each stack is never mapped, and a<BR/>'
            'thread that runs off the bottom of its stack faults there')
    if outside:
        note += ';<BR/>outside vmalloc space: ' + ',<BR/>'.join(outside)
    return graph('stacks', table_node('st', table), footer, note=note)


FIGURES.update({'cpu_bringup': cpu_bringup, 'percpu': percpu, 'stacks': stacks})

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""sparse_vmemmap.t - the vmemmap on the NUMA machines, in both page sizes.

The machines are numa.t's (QEMU 7.2, q35):

    one        -m 1G, no -numa: no SRAT, one faked node
    two        -m 2G, two nodes of 1 GiB
    four       -m 2G, four nodes of 256M, 768M, 512M, 512M
    memless    -m 1G, node 0 with all memory, node 1 with a CPU only
    hole       -m 4G, node 0 1 GiB, node 1 3 GiB: [1G, 2G) and [4G, 6G)

and one of ours, `straddle`: four nodes of 192M, 320M, 448M, 1088M, whose
boundaries fall inside sections 1 and 7 (a section takes the node of its
lowest memory).

Each boots with `selftest panic=-1 debug`: in 2 MiB mode, with
`vmemmap=basepages`, and (the machines with an SRAT) with `numa=off`. Two
more boots name an altmap: a usable one on node 0 of `two` (so node 1's
struct pages are remote, and vmemmap_verify() must say so) and one too small
on `one` (ignored, with a message). A last boot hides PSE from the CPU.

Every boot must pass every self-test (the sparse_vmemmap suite checks S1,
S2, V1, V2 and P2 and every struct page from inside). From outside, this test
checks the PMD lines against the node ranges NUMA printed: every node with
memory has its runs, on its own memory; and the cost the self-test reports:
2 MiB of struct pages per section, and page-table pages of exactly one PUD
and one PMD page in 2 MiB mode, plus one PTE page per section in base mode.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import machines  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402


MACHINES = {
    'one': dict(mem='1G', smp=1, extra=[]),
    'two': dict(mem='2G', smp=2, extra=machines.nodes(['1G', '1G'])),
    'four': dict(mem='2G', smp=4, extra=machines.nodes(['256M', '768M', '512M', '512M'])),
    'memless': dict(mem='1G', smp=2, extra=machines.nodes(['1G', None])),
    'hole': dict(mem='4G', smp=2, extra=machines.nodes(['1G', '3G'])),
    'straddle': dict(mem='2048M', smp=4, extra=machines.nodes(['192M', '320M', '448M', '1088M'])),
}

BOOTS = []
for m in MACHINES:
    BOOTS.append((m, '2M', ''))
    if m != 'straddle':
        BOOTS.append((m, '4K', 'vmemmap=basepages'))
    if m not in ('one', 'straddle'):
        BOOTS.append((m, '2M', 'numa=off'))
BOOTS += [('two', 'altmap', 'vmemmap_altmap=32M@768M'),
          ('one', 'small-altmap', 'vmemmap_altmap=8M@512M'),
          ('one', 'nopse', '')]

VMEMMAP = 0xffffea0000000000
PAGE_OFFSET = 0xffff888000000000
PMD_LINE = re.compile(r'^ \[([0-9a-f]{16})-([0-9a-f]{16})\] PMD -> '
                      r'\[([0-9a-f]{16})-([0-9a-f]{16})\] on node (\d+)$')
NODE_RANGE = re.compile(r'^  node +(\d+): \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]$')
COST = re.compile(r'vmemmap: (\d+) KiB of struct pages, (\d+) page-table pages, '
                  r'for (\d+) MiB of memory in (\d+) sections')
TIMES = re.compile(r'vmemmap: sparse_init (\d+) us, memmap_init (\d+) us')
OFFNODE = re.compile(r'^\[ffffea[0-9a-f]{10}-ffffea[0-9a-f]{10}\] potential offnode page_structs$')


def node_ranges(texts):
    out = {}
    for m in (NODE_RANGE.match(line) for line in texts):
        if m:
            out.setdefault(int(m.group(1)), []).append((int(m.group(2), 16), int(m.group(3), 16)))
    return out


def suite(report, name):
    return next((s for s in report.tests if s.name == name), None)


def good_boot(t, r, label):
    """checks.good_boot(), returning the KTAP report for further checks."""
    checks.good_boot(t, r, label)
    return ktap.parse(r.log)


def check_runs(t, label, runs, ranges, altmap):
    """The PMD lines: in the vmemmap, on memory of the node they name."""
    ok_va = all(VMEMMAP <= a <= b < VMEMMAP + (1 << 40) for a, b, _, _, _ in runs)
    t.ok(runs and ok_va, '%s: %d PMD lines, all in the vmemmap' % (label, len(runs)))
    bad = []
    for _, _, p, q, n in runs:
        lo, hi = p - PAGE_OFFSET, q - PAGE_OFFSET
        if altmap:
            inside = altmap[0] <= lo and hi < altmap[1]
        else:
            inside = any(a <= lo and hi <= b for a, b in ranges.get(n, []))
        if not inside:
            bad.append((hex(lo), hex(hi), n))
    t.ok(not bad, '%s: every run is backed by %s' %
         (label, 'the altmap range' if altmap else "its node's memory"), 'not: %r' % bad)
    if not altmap:
        t.eq(sorted({n for _, _, _, _, n in runs}), sorted(ranges),
             '%s: every node with memory has its runs' % label)


def check_boot(t, machine, mode, cmdline, r):
    label = '%s, %s%s' % (machine, mode, ', ' + cmdline if cmdline else '')
    s = suite(good_boot(t, r, label), 'sparse_vmemmap')
    t.ok(s is not None and s.passed(), '%s: the sparse_vmemmap suite passed' % label, r.describe())
    texts = r.texts()
    runs = [(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16), int(m.group(4), 16),
             int(m.group(5))) for m in (PMD_LINE.match(x) for x in texts) if m]
    cost = COST.search(r.log)
    huge = mode in ('2M', 'altmap', 'small-altmap')
    altmap = (768 << 20, 800 << 20) if mode == 'altmap' else None
    if huge:
        check_runs(t, label, runs, node_ranges(texts), altmap)
    else:
        t.eq(len(runs), 0, '%s: no PMD lines: 4 KiB pages' % label)
    if t.ok(cost, '%s: the self-test reports the cost' % label, r.describe()):
        kib, tables, sections = int(cost.group(1)), int(cost.group(2)), int(cost.group(4))
        t.eq(kib, sections * 2048, '%s: 2 MiB of struct pages per section' % label)
        t.eq(tables, 2 if huge else sections + 2,
             '%s: page-table pages: a PUD and a PMD page%s' %
             (label, '' if huge else ', and a PTE page per section'))
    offnode = [x for x in texts if OFFNODE.match(x)]
    t.eq(len(offnode), 1 if altmap else 0, '%s: %s' % (
        label, 'vmemmap_verify() warns once about node 1' if altmap else 'no offnode warning'))
    return cost


def check_altmaps(t, r_used, r_small):
    t.ok('vmemmap: struct pages from [mem 0x0000000030000000-0x0000000031ffffff] (vmemmap_altmap=)'
         in r_used.texts(), 'altmap: the range is announced')
    s = suite(ktap.parse(r_used.log), 'sparse_vmemmap')
    case = s and next((c for c in s.subtests if c.name == 'vmemmap_altmap_test'), None)
    t.ok(case is not None and case.status == 'ok' and not case.skipped,
         'altmap: the altmap self-test ran and passed')
    t.ok('vmemmap_altmap: the memory map needs 16384 KiB, [mem 0x0000000020000000-0x00000000207fffff]'
         ' has 8192 KiB; ignored' in r_small.texts(), 'small altmap: ignored, with the reason')


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
specs = []
for machine, mode, cmdline in BOOTS:
    m = MACHINES[machine]
    extra = m['extra'] + (['-cpu', 'qemu64,-pse'] if mode == 'nopse' else [])
    specs.append(dict(name='vmemmap-%s-%s%s' % (machine, mode, '-numaoff' if 'numa=off' in cmdline else ''),
                      mem=m['mem'], smp=m['smp'], extra=extra, timeout=120,
                      cmdline='selftest panic=-1 debug ' + cmdline))
results = harness.boot_many(specs)
for (machine, mode, cmdline), r in zip(BOOTS, results):
    t.note('%s %s %s: %s' % (machine, mode, cmdline, r.describe()))
    cost = check_boot(t, machine, mode, cmdline, r)
    times = TIMES.search(r.log)
    if cost and times:
        t.note('%s %s %s: %s KiB of struct pages, %s page-table pages for %s MiB; '
               'sparse_init %s us, memmap_init %s us under TCG' %
               (machine, mode, cmdline, cost.group(1), cost.group(2), cost.group(3),
                times.group(1), times.group(2)))
by_mode = {(machine, mode): r for (machine, mode, _), r in zip(BOOTS, results)}
check_altmaps(t, by_mode[('two', 'altmap')], by_mode[('one', 'small-altmap')])
t.done()

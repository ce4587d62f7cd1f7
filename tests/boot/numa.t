#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""numa.t - NUMA topologies under QEMU, and Debian's Linux 6.1 on the same.

Six QEMU configurations (QEMU 7.2: -object memory-backend-ram for each
node's memory, -numa node,nodeid=N,cpus=C[,memdev=mN]):

    one        -m 1G, no -numa: no SRAT, one faked node
    two        -m 2G, two nodes of 1 GiB
    four       -m 2G, four nodes of 256M, 768M, 512M, 512M
    memless    -m 1G, node 0 with CPU 0 and all memory, node 1 CPU 1 only
    hole       -m 4G, node 0 1 GiB, node 1 3 GiB: on q35 node 1's memory
               is [1G, 2G) and [4G, 6G), around the PCI hole
    numaoff    the two-node machine with numa=off

Each boot of ours runs with `selftest panic=-1` and must exit 33 with all
self-tests passing; the NUMA suite checks N1-N3 (memblock's regions carry
the SRAT's node ids, each NODE_DATA lies on its own node) from inside.
From outside, the test checks that every `node N:` range lies inside
node N's SRAT ranges and that each online node's NODE_DATA is reported
on it. The differential half boots Debian's Linux with the same options
and compares the ACPI table lines, the `SRAT:` lines, the `NUMA:` merge
lines, the zones chapter's lines (`Zone ranges:`, `Early memory node
ranges`, `Initmem setup node`, the unavailable ranges), and the zone
lists' and early hash tables' lines (book/zonelists.nw, book/hashes.nw)
line for line. Like the other differential tests it needs
build/debian/vmlinuz (`make
linux-debian`) and fails without it; a Linux that prints none of those
lines fails too.
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


CONFIGS = [
    dict(name='one', mem='1G', smp=1, extra=[], cmdline=''),
    dict(name='two', mem='2G', smp=2, extra=machines.nodes(['1G', '1G']), cmdline=''),
    dict(name='four', mem='2G', smp=4, extra=machines.nodes(['256M', '768M', '512M', '512M']), cmdline=''),
    dict(name='memless', mem='1G', smp=2, extra=machines.nodes(['1G', None]), cmdline=''),
    dict(name='hole', mem='4G', smp=2, extra=machines.nodes(['1G', '3G']), cmdline=''),
    dict(name='numaoff', mem='2G', smp=2, extra=machines.nodes(['1G', '1G']), cmdline='numa=off'),
]

SRAT_MEM = re.compile(r'ACPI: SRAT: Node (\d+) PXM \d+ \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]')
NODE_RANGE = re.compile(r'  node +(\d+): \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]')
NODE_DATA_ON = re.compile(r'NODE_DATA\((\d+)\) is on node (\d+)$', re.M)
# What the two kernels must print alike
SAME = re.compile(r'^(SRAT: PXM|ACPI: SRAT: |NUMA: Node|Early memory node ranges|  node +\d+: |'
                  r'No NUMA configuration|NUMA turned off|Faking a node|Zone ranges:|'
                  r'  \w+ +(\[mem |empty$)|Movable zone start|  Node \d+: 0x|Initmem setup node|'
                  r'Initializing node \d+ as memoryless|On node \d+, zone )')
# The ACPI chapter's table lines (all but the checksum-verification line,
# where ours says "enabled" and Linux's default says "disabled")
ACPI_TABLE = re.compile(r'^ACPI: (RSDP|[A-Z0-9]{4} 0x|Reserving [A-Z0-9]{4} table memory)')
# Debian's Linux has printed all of it, and the zone lists and early hash
# tables (compared as zonelists_diff.t does), after its command line
LINUX_DONE = checks.ZONELISTS_LINUX_DONE


def srat_ranges(texts):
    out = {}
    for line in texts:
        m = SRAT_MEM.search(line)
        if m:
            out.setdefault(int(m.group(1)), []).append((int(m.group(2), 16), int(m.group(3), 16)))
    return out


def node_ranges(texts):
    return [(int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16))
            for m in (NODE_RANGE.match(line) for line in texts) if m]


def check_ours(t, c, r):
    label = 'ours, %s' % c['name']
    report = ktap.parse(r.log)
    checks.status(t, r, harness.EXIT_SUCCESS, label)
    checks.no_panic(t, r, label)
    t.ok(report.ok, label + ': the KTAP report is complete and all ok: %r' % report.failures(),
         report.summary() + '\n' + r.describe())
    texts = r.texts()
    ranges = node_ranges(texts)
    srat = srat_ranges(texts)
    numa = bool(srat) and 'numa=off' not in c['cmdline']
    inside = all(any(s <= a and b <= e for s, e in srat.get(n, [])) if numa else n == 0
                 for n, a, b in ranges)
    t.ok(ranges and inside, '%s: every node range lies in its node%s' %
         (label, "'s SRAT ranges" if numa else ' 0 (no NUMA)'), r.describe())
    on = [(int(a), int(b)) for a, b in NODE_DATA_ON.findall(r.log)]
    t.ok(on and all(a == b for a, b in on), '%s: each NODE_DATA on its own node: %r' % (label, on),
         r.describe())
    if c['name'] == 'memless':
        t.ok('Initmem setup node 1 as memoryless' in texts, '%s: node 1 is memory-less' % label,
             r.describe())
    if c['name'] == 'hole':
        t.ok(len([n for n, _, _ in ranges if n == 1]) >= 2, '%s: node 1 has a hole' % label,
             r.describe())


def same_lines(result):
    return [line for line in result.texts() if SAME.match(line)]


harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
ours = harness.boot_many([dict(name='numa-ours-' + c['name'], mem=c['mem'], smp=c['smp'],
                               extra=c['extra'], cmdline=('selftest panic=-1 ' + c['cmdline']).strip(),
                               timeout=120) for c in CONFIGS])
for c, r in zip(CONFIGS, ours):
    t.note('%s: %s' % (c['name'], r.describe()))
    check_ours(t, c, r)

linux = harness.boot_many([harness.linux('numa-linux-' + c['name'], c['cmdline'], mem=c['mem'],
                                          smp=c['smp'], extra=c['extra'], timeout=150,
                                          stop_at=LINUX_DONE) for c in CONFIGS])
for c, theirs, mine in zip(CONFIGS, linux, ours):
    t.ok(any(line.startswith('Early memory node ranges') for line in theirs.texts()),
         'Linux, %s: printed its node ranges' % c['name'], theirs.describe())
    want = [x for x in same_lines(theirs) if not x.startswith(('SRAT: PXM',))]
    got = [x for x in same_lines(mine) if not x.startswith(('SRAT: PXM',))]
    t.ok(want and got == want, "%s: SRAT, NUMA, node-range and zone lines are Linux's" % c['name'],
         'got:  %r\nwant: %r\n%s' % (got, want, theirs.describe()))
    tables = [x for x in theirs.texts() if ACPI_TABLE.match(x)]
    t.ok(tables and [x for x in mine.texts() if ACPI_TABLE.match(x)] == tables,
         "%s: the ACPI table and reservation lines are Linux's" % c['name'],
         'want: %r\n%s' % (tables, theirs.describe()))
    t.eq([x for x in same_lines(mine) if x.startswith('SRAT: PXM')],
         [x for x in same_lines(theirs) if x.startswith('SRAT: PXM')],
         "%s: the processor affinity lines are Linux's" % c['name'])
    checks.same_zonelist_lines(t, mine, theirs, c['name'])
t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""zones_diff.t - our zone lines against Debian's own Linux 6.1.

For the same QEMU options both kernels see the same memory, and
free_area_init() must print the same lines in both:

    Zone ranges:
      DMA      [mem 0x0000000000001000-0x0000000000ffffff]
      DMA32    [mem 0x0000000001000000-0x000000007ffdefff]
      Normal   empty
      Device   empty
    Movable zone start for each node
    Early memory node ranges
      node   0: [mem ...]
    Initmem setup node 0 [mem ...]
    On node 0, zone DMA: 1 pages in unavailable ranges
    ...
    Built 1 zonelists, mobility grouping on.  Total pages: 257759

The last is book/zonelists.nw's, but its Total pages is the sum of the
zones' estimates of free_area_init_core(): present pages less the
memory map, and less dma_reserve, what memblock holds below 16 MiB.

and, with kernelcore=mirror on a machine that mirrors nothing, v6.1's
"This configuration results in unmirrored kernel memory.".

The machines: pc and q35 at 1 GiB, 3.5 GiB (pc keeps 3 GiB low, q35 2 GiB),
6 GiB and 16 GiB; q35 6 GiB with movablecore= (a size and a percentage),
kernelcore= and kernelcore=mirror; two NUMA nodes with kernelcore=. Both
kernels are stopped at the line after their Built line, the last of the
lines compared; ours does not run its self-tests, so that a pair of
boots takes a few seconds, most of it Linux decompressing itself under TCG.
(numa.t compares the same lines on its NUMA machines.)
"""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import machines  # noqa: E402
from tap import Tap  # noqa: E402

ZONE_LINE = re.compile(r'^(Zone ranges:|  \w+ +(\[mem |empty$)|Movable zone start for each node|'
                       r'  Node \d+: 0x|Early memory node ranges|  node +\d+: \[mem |'
                       r'Initmem setup node |Initializing node \d+ as memoryless|'
                       r'On node \d+, zone \w+: \d+ pages in unavailable ranges|'
                       r'This configuration results in unmirrored kernel memory|'
                       r'Built \d+ zonelists, )')
# The line after the Built line: the zones and their estimates are all out
ZONES_OUT = re.compile(r'Built \d+ zonelists[^\n]*\n[^\n]*\n')


CASES = [  # (label, machine, -m, -smp, extra QEMU arguments, command line)
    ('pc 1G', 'pc', '1G', 1, [], ''),
    ('q35 1G', 'q35', '1G', 1, [], ''),
    ('pc 3584M', 'pc', '3584M', 1, [], ''),
    ('q35 3584M', 'q35', '3584M', 1, [], ''),
    ('pc 6G', 'pc', '6G', 1, [], ''),
    ('q35 6G', 'q35', '6G', 1, [], ''),
    ('pc 16G', 'pc', '16G', 1, [], ''),
    ('q35 16G', 'q35', '16G', 1, [], ''),
    ('q35 6G movablecore=1G', 'q35', '6G', 1, [], 'movablecore=1G'),
    ('q35 6G movablecore=25%', 'q35', '6G', 1, [], 'movablecore=25%'),
    ('q35 6G kernelcore=3G', 'q35', '6G', 1, [], 'kernelcore=3G'),
    ('q35 6G kernelcore=mirror', 'q35', '6G', 1, [], 'kernelcore=mirror'),
    ('two nodes 4G kernelcore=1G', 'q35', '4G', 2, machines.nodes(['2G', '2G']), 'kernelcore=1G'),
]


def zone_lines(result):
    return [x for x in result.texts() if ZONE_LINE.match(x)]


harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
specs = []
for label, machine, mem, smp, extra, cmdline in CASES:
    name = 'zonesdiff-%s' % re.sub(r'[^A-Za-z0-9]+', '-', label)
    specs.append(harness.linux(name + '-linux', cmdline, stop_at=ZONES_OUT, timeout=120,
                               machine=machine, mem=mem, smp=smp, extra=extra))
    specs.append(dict(name=name + '-ours', machine=machine, mem=mem, smp=smp, extra=extra,
                      cmdline=cmdline, stop_at=ZONES_OUT, timeout=120))
results = harness.boot_many(specs)

for i, (label, *_) in enumerate(CASES):
    linux, ours = results[2 * i], results[2 * i + 1]
    t.note('%s: Linux: %s\n%s: ours: %s' % (label, linux.describe(), label, ours.describe()))
    theirs, mine = zone_lines(linux), zone_lines(ours)
    t.ok(any(x.startswith('On node ') for x in theirs),
         label + ': Linux printed its zone lines', linux.log_path)
    t.ok(mine == theirs, label + ": the zone lines are Linux's, line for line",
         '\n'.join(difflib.unified_diff(theirs, mine, 'Linux 6.1', 'startmem', lineterm='')))
t.done()

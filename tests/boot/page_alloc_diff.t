#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""page_alloc_diff.t - the Memory: line against Debian's own Linux 6.1.

For the same QEMU machine both kernels print

    Memory: AK/BK available (... reserved, 0K cma-reserved)

B, the present pages of all nodes, comes from the firmware's map alone and
must be the same. A, the free pages, differs: Linux's image is a hundred
times ours, and Linux has allocated per-CPU areas, hash tables and the
like before it prints the line; book/page_alloc.nw counts the difference.
The test prints both lines for the record. Debian's kernel needs about
96 MiB, so the machines start at 128 MiB; both kernels are stopped once
the line is out.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import machines  # noqa: E402
from tap import Tap  # noqa: E402

MEMORY = re.compile(r'Memory: (\d+)K/(\d+)K available')
STOP = re.compile(r'Memory: [^\n]*\n')
CASES = [('q35', '128M', []), ('pc', '256M', []), ('q35', '1G', []), ('q35', '3G', []),
         ('q35', '2G', machines.nodes(['1G', '1G']))]

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
specs = []
for machine, mem, extra in CASES:
    smp = 2 if extra else 1
    name = 'padiff-%s-%s%s' % (machine, mem, '-numa' if extra else '')
    specs.append(dict(name=name + '-ours', machine=machine, mem=mem, smp=smp, extra=extra,
                      cmdline='panic=-1', stop_at=STOP, timeout=120))
    specs.append(harness.linux(name + '-linux', machine=machine, mem=mem, smp=smp, extra=extra,
                               stop_at=STOP, timeout=180))
results = harness.boot_many(specs)
for i, (machine, mem, extra) in enumerate(CASES):
    ours, linux = results[2 * i], results[2 * i + 1]
    label = '%s %s%s' % (machine, mem, ' two nodes' if extra else '')
    got = [MEMORY.search(x) for x in ours.texts() if x.startswith('Memory: ')]
    want = [MEMORY.search(x) for x in linux.texts() if x.startswith('Memory: ')]
    if not (got and got[0] and want and want[0]):
        t.ok(False, label + ': both kernels print a Memory: line',
             'ours: %s\nLinux: %s' % (ours.describe(), linux.describe()))
        continue
    t.diag('ours:  ' + got[0].group(0))
    t.diag('Linux: ' + want[0].group(0))
    t.eq(int(got[0].group(2)), int(want[0].group(2)), label + ': the same B, %sK' % want[0].group(2))
    t.ok(int(got[0].group(1)) > int(want[0].group(1)),
         label + ': more free than Linux (%sK > %sK): a smaller image, fewer boot allocations'
         % (got[0].group(1), want[0].group(1)))
t.done()

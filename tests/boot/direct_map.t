#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""direct_map.t - the direct map on the CPUs and memory maps that change it.

book/direct_map.nw maps RAM with 1 GiB pages where the CPU has them
(pdpe1gb) and 2 MiB pages otherwise, and leaves a memmap= reservation
unmapped, as Linux v6.1 does (it maps only e820 RAM). Each boot runs the
self-tests (D1-D3 on the live tables, the image's permissions, the faults
caught by the traps chapter's probes, the W+X check); from outside this
test checks the DirectMap counters the self-test reports against what the
CPU and the map allow:
  - with -cpu max (pdpe1gb) and 4 GiB, some RAM is mapped with 1 GiB pages;
  - with -cpu qemu64 (no pdpe1gb), none is;
  - with memmap=256M$1G, the reserved range's direct-map address is not
    mapped: the self-test walks it as a hole, and the e820 lines show it.

The counters are worked out by hand from the e820 maps, as Linux v6.1
maps them: the first MiB whole and RAM, each with the largest page that
alignment and RAM allow. q35 with 4 GiB has RAM [1M, 0x7ffdf000) and
[4G, 6G); with memmap=256M$1G and 2 GiB, [1M, 1G) and [0x50000000,
0x7ffdf000). In 4 KiB pages, always: the first MiB (1024 kB), [1M, 2M)
(1024 kB) and the tail [0x7fe00000, 0x7ffdf000) (1916 kB), 3964 kB.
In 2 MiB pages: [2M, 1G) and [1G, 0x7fe00000), 1022 MiB each (the second
GiB is not all RAM, so never a 1 GiB page); [4G, 6G) is two 1 GiB pages
with pdpe1gb and 2048 MiB of 2 MiB pages without; the memmap= machine
has [2M, 1G) and [0x50000000, 0x7fe00000), 1022 + 766 MiB.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

COUNTS = re.compile(r'DirectMap4k (\d+) kB, 2M (\d+) kB, 1G (\d+) kB; (\d+) page-table pages')
K4 = 1024 + 1024 + (0x7ffdf000 - 0x7fe00000) // 1024          # kB in 4 KiB pages
M2_LOW = (1022 + 1022) * 1024                                   # [2M, 1G), [1G, 0x7fe00000)
HIGH = 2048 * 1024                                              # [4G, 6G)
CONFIGS = [  # DirectMap: kB in 4K, 2M and 1G pages, as worked out above
    dict(name='dm-max-4G', mem='4G', extra=['-cpu', 'max'], cmdline='', gb=True,
         direct=(K4, M2_LOW, HIGH)),
    dict(name='dm-qemu64-4G', mem='4G', extra=['-cpu', 'qemu64'], cmdline='', gb=False,
         direct=(K4, M2_LOW + HIGH, 0)),
    dict(name='dm-nogbpages-4G', mem='4G', extra=['-cpu', 'max'], cmdline='nogbpages', gb=False,
         direct=(K4, M2_LOW + HIGH, 0)),
    dict(name='dm-memmap-2G', mem='2G', extra=['-cpu', 'max'], cmdline='memmap=256M$0x40000000',
         gb=False, direct=(K4, (1022 + 766) * 1024, 0)),
]

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
results = harness.boot_many([dict(name=c['name'], mem=c['mem'], extra=c['extra'], timeout=120,
                                  cmdline='selftest panic=-1 ' + c['cmdline']) for c in CONFIGS])
for c, r in zip(CONFIGS, results):
    label = c['name']
    checks.good_boot(t, r, label)
    m = COUNTS.search(r.log)
    t.ok(m is not None, label + ': the self-test reports the DirectMap counters', r.describe())
    if not m:
        continue
    k4, m2, g1, pages = (int(x) for x in m.groups())
    if c['gb']:
        t.ok(g1 > 0, label + ': 1 GiB pages are used (%d kB)' % g1)
    else:
        t.eq(g1, 0, label + ': no 1 GiB pages without pdpe1gb or with nogbpages')
    t.ok(m2 > 0, label + ': 2 MiB pages are used (%d kB)' % m2)
    t.eq((k4, m2, g1), c['direct'], label + ': DirectMap 4k, 2M and 1G as worked out by hand')
    t.ok(pages < 32, label + ': %d page-table pages for the direct map and the image' % pages)
    if 'memmap' in c['cmdline']:
        t.ok(any(l.startswith('user: [mem 0x0000000040000000-0x000000004fffffff] reserved')
                 for l in r.texts()), label + ': the reservation shows in the user-defined map')
        t.ok(k4 + m2 + g1 <= (2048 - 256) * 1024 + 1024,
             label + ': the direct map does not cover the reserved 256 MiB (%d kB mapped)'
             % (k4 + m2 + g1))
t.done()

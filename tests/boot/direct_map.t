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
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

COUNTS = re.compile(r'DirectMap4k (\d+) kB, 2M (\d+) kB, 1G (\d+) kB; (\d+) page-table pages')
CONFIGS = [
    dict(name='dm-max-4G', mem='4G', extra=['-cpu', 'max'], cmdline='', gb=True),
    dict(name='dm-qemu64-4G', mem='4G', extra=['-cpu', 'qemu64'], cmdline='', gb=False),
    dict(name='dm-nogbpages-4G', mem='4G', extra=['-cpu', 'max'], cmdline='nogbpages', gb=False),
    dict(name='dm-memmap-2G', mem='2G', extra=['-cpu', 'max'], cmdline='memmap=256M$0x40000000',
         gb=False),
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
    t.ok(pages < 32, label + ': %d page-table pages for the direct map and the image' % pages)
    if 'memmap' in c['cmdline']:
        t.ok(any(l.startswith('user: [mem 0x0000000040000000-0x000000004fffffff] reserved')
                 for l in r.texts()), label + ': the reservation shows in the user-defined map')
        t.ok(k4 + m2 + g1 <= (2048 - 256) * 1024 + 1024,
             label + ': the direct map does not cover the reserved 256 MiB (%d kB mapped)'
             % (k4 + m2 + g1))
t.done()

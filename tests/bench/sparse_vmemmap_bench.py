#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""sparse_vmemmap_bench.py - what the vmemmap costs, under QEMU TCG.

    make bench

Boots build/bzImage on q35 with 1, 4 and 16 GiB, with 2 MiB vmemmap pages
(the default) and with vmemmap=basepages, each with `selftest`, through
the boot-test harness (a timeout, QEMU stopped by its PID). The
sparse_vmemmap self-test reports the bytes of struct pages, the page-table
pages and the time spent in sparse_init() and memmap_init(); this script
prints them per GiB of RAM, with the wall time of the boot and the time
the kernel took to reach "Kernel command line". Prints figures; checks
nothing but that every boot reported them.
"""
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
import harness  # noqa: E402

COST = re.compile(r'vmemmap: (\d+) KiB of struct pages, (\d+) page-table pages, '
                  r'for (\d+) MiB of memory in (\d+) sections')
TIMES = re.compile(r'vmemmap: sparse_init (\d+) us, memmap_init (\d+) us')
SIZES = ('1G', '4G', '16G')
MODES = (('2 MiB', ''), ('4 KiB', 'vmemmap=basepages'))

version = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                         text=True).stdout.splitlines()[0]
print('# QEMU: %s, -accel tcg, q35; host %s, %d CPUs' % (
    version, platform.processor() or platform.machine(), os.cpu_count()))
REPEAT = 3
print('# per GiB of -m; times are the median of %d boots' % REPEAT)
print('%-5s %-6s %8s %12s %7s %12s %12s %12s %12s %9s %9s' % (
    'RAM', 'pages', 'sections', 'struct pages', 'tables', 'KiB/GiB map', 'KiB/GiB pgt',
    'sparse_init', 'memmap_init', 'to cmdline', 'boot'))


def median(xs):
    return sorted(xs)[len(xs) // 2]


failed = False
for size in SIZES:
    gib = int(size[:-1])
    for mode, option in MODES:
        runs = []
        for i in range(REPEAT):
            r = harness.boot('vmemmap-bench-%s-%s-%d' % (size, mode.replace(' ', ''), i),
                             machine='q35', mem=size, cmdline='selftest ' + option, timeout=600)
            cost, times = COST.search(r.log), TIMES.search(r.log)
            cmdline = [ts for ts, text in r.kernel_lines() if text.startswith('Kernel command line')]
            if not (cost and times and cmdline):
                print('sparse_vmemmap_bench: no figures from %s, %s: %s' % (size, mode, r.describe()),
                      file=sys.stderr)
                failed = True
                break
            runs.append((cost, int(times.group(1)), int(times.group(2)), cmdline[0], r.seconds))
        if len(runs) < REPEAT:
            continue
        kib, tables, _, sections = (int(g) for g in runs[0][0].groups())
        print('%-5s %-6s %8d %8d KiB %7d %12.0f %12.1f %9.2f ms %9.0f ms %7.2f s %7.2f s' % (
            size, mode, sections, kib, tables, kib / gib, tables * 4 / gib,
            median([x[1] for x in runs]) / 1000, median([x[2] for x in runs]) / 1000,
            median([x[3] for x in runs]), median([x[4] for x in runs])))
sys.exit(1 if failed else 0)

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""vmalloc_bench.py - vmalloc(1 MiB) + vfree in the guest, under QEMU TCG.

    make bench

Boots build/bzImage on q35 with 512 MiB and `selftest`, through the
boot-test harness (a timeout, QEMU stopped by its PID). The vmalloc
suite's vmalloc_bench_test (book/vmalloc.nw) times 64 pairs of
vmalloc(SZ_1M) and vfree() with local_clock() and reports them; this
prints the time per pair: the median of REPEAT boots with the host's
clock, and one boot with `-icount shift=0`, where a guest "ns" is one
guest instruction, so the figure is what the code costs whatever the
host is doing. Then the lazy purge's worth (book/vmalloc.nw,
vmalloc_lazy_ipi_test): at 2 and 4 CPUs, 64 pairs of vmalloc(PAGE_SIZE)
and vfree() with the lazy set and with a purge after each free, the
call-function IPIs all CPUs took and the time, one boot each. Prints
figures; checks nothing but that every boot reported them.
"""
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
import harness  # noqa: E402

FIGURE = re.compile(r'(\d+) vmalloc\(1 MiB\)\+vfree pairs in (\d+) ns')
IPIS = re.compile(r'(\d+) vmalloc\+vfree pairs on (\d+) CPUs?: (\d+) IPIs in (\d+) ns lazily, '
                  r'(\d+) IPIs in (\d+) ns purging each')
REPEAT = 3

version = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                         text=True).stdout.splitlines()[0]
print('# QEMU: %s, -accel tcg, q35, 512 MiB; host %s, %d CPUs' % (
    version, platform.processor() or platform.machine(), os.cpu_count()))
print('%-7s %8s %14s' % ('clock', 'pairs', 'ns per pair'))
failed = False
for icount in (False, True):
    per = []
    for i in range(1 if icount else REPEAT):
        r = harness.boot('vmalloc-bench-%s-%d' % ('icount' if icount else 'host', i),
                         mem='512M', cmdline='selftest', timeout=300,
                         extra=['-icount', 'shift=0'] if icount else [])
        m = FIGURE.search(r.log)
        if not m:
            print('vmalloc_bench: no figure: %s' % r.describe(), file=sys.stderr)
            failed = True
            break
        per.append((int(m.group(1)), int(m.group(2)) / int(m.group(1))))
    if per:
        n, ns = sorted(per, key=lambda x: x[1])[len(per) // 2]
        print('%-7s %8d %14.0f' % ('icount' if icount else 'host', n, ns), flush=True)
print('%-5s %6s %10s %12s %10s %12s' % ('CPUs', 'pairs', 'lazy IPIs', 'lazy ns', 'eager IPIs',
                                         'eager ns'))
for smp in (2, 4):
    r = harness.boot('vmalloc-bench-ipis-%d' % smp, mem='512M', smp=smp, cmdline='selftest',
                     timeout=300)
    m = IPIS.search(r.log)
    if not m:
        print('vmalloc_bench: no IPI figures: %s' % r.describe(), file=sys.stderr)
        failed = True
        continue
    print('%-5s %6s %10s %12s %10s %12s' % (m.group(2), m.group(1), m.group(3), m.group(4),
                                             m.group(5), m.group(6)), flush=True)
sys.exit(1 if failed else 0)

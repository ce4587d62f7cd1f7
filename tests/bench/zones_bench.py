#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""zones_bench.py - what initialising struct pages costs, under QEMU TCG.

    make bench

Boots build/bzImage on q35 with 1, 4, 16 and 64 GiB (64 GiB as
`-machine q35,memory-backend=m0 -object memory-backend-ram,...,reserve=off`,
so that the host need not have it), with `selftest`, through the boot-test
harness (a timeout, QEMU stopped by its PID). The zones self-test reports
the struct pages memmap_init() initialised at boot and the time it took,
and, per node, those deferred to page_alloc_init_late() and their time.
The script prints ns per struct page and ms per GiB of RAM for both, and
beside them Debian's Linux 6.1 on the same machine: its "node 0 deferred
pages initialised in Xms" (if build/debian/vmlinuz exists). Prints
figures; checks nothing but that every boot reported them.
"""
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
import harness  # noqa: E402

BOOT = re.compile(r'memmap_init: (\d+) struct pages in (\d+) us')
DEFERRED = re.compile(r'node (\d+): (\d+) deferred struct pages in (\d+) us')
LINUX = re.compile(r'node 0 deferred pages initialised in (\d+)ms')
SIZES = ('1G', '4G', '16G', '64G')
REPEAT = 3


def machine(size):
    if size == '64G':
        return dict(machine='q35,memory-backend=m0', mem=size,
                    extra=['-object', 'memory-backend-ram,id=m0,size=%s,reserve=off' % size])
    return dict(machine='q35', mem=size)


def median(xs):
    return sorted(xs)[len(xs) // 2]


version = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                         text=True).stdout.splitlines()[0]
print('# QEMU: %s, -accel tcg, q35; host %s, %d CPUs' % (
    version, platform.processor() or platform.machine(), os.cpu_count()))
print('# medians of %d boots; "boot": memmap_init() in setup_arch(); "deferred": '
      'page_alloc_init_late(), all nodes' % REPEAT)
print('%-5s %10s %9s %8s %10s %9s %8s %9s %11s' % (
    'RAM', 'boot pages', 'boot ms', 'ns/page', 'deferred', 'def. ms', 'ns/page',
    'ms/GiB all', 'Linux def.'))
failed = False
linux = os.path.exists(harness.DEBIAN_KERNEL)
for size in SIZES:
    gib = int(size[:-1])
    runs = []
    for i in range(REPEAT):
        r = harness.boot('zones-bench-%s-%d' % (size, i), cmdline='selftest', timeout=900,
                         **machine(size))
        b = BOOT.search(r.log)
        d = [(int(p), int(us)) for _, p, us in DEFERRED.findall(r.log)]
        if not b:
            print('zones_bench: no figures from %s: %s' % (size, r.describe()), file=sys.stderr)
            failed = True
            break
        runs.append((int(b.group(1)), int(b.group(2)), sum(p for p, _ in d), sum(us for _, us in d)))
    if len(runs) < REPEAT:
        continue
    theirs = '-'
    if linux:
        r = harness.boot(**harness.linux('zones-bench-linux-%s' % size, stop_at=LINUX,
                                         timeout=900, **machine(size)))
        m = LINUX.search(r.log)
        theirs = '%s ms' % m.group(1) if m else 'none'
    bp, bus, dp, dus = (median([x[k] for x in runs]) for k in range(4))
    print('%-5s %10d %9.1f %8.0f %10d %9.1f %8.0f %9.1f %11s' % (
        size, bp, bus / 1000, bus * 1000 / max(bp, 1), dp, dus / 1000, dus * 1000 / max(dp, 1),
        (bus + dus) / 1000 / gib, theirs))
sys.exit(1 if failed else 0)

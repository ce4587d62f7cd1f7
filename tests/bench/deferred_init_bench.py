#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""deferred_init_bench.py - deferred struct-page initialisation with 1 and 4 CPUs.

    make bench          (or tests/bench/deferred_init_bench.py [REPEAT])

Boots build/bzImage and Debian's Linux 6.1 (build/debian/vmlinuz, if it
exists) on the same QEMU command: q35, 16 GiB, -smp 1 and then -smp 4,
-accel tcg, through the boot-test harness (a timeout, QEMU stopped by its
PID), and stops each at the node's line "node 0 deferred pages initialised
in Xms", which both kernels print. page_alloc_init_late() runs pgdatinit0,
which shares the node's 15.9 GiB of deferred struct pages with one padata
helper per further CPU. Prints, per kernel and CPU count, the median and
the fastest of REPEAT boots, and the speed-up of 4 CPUs over 1 for both:
on a shared host the fastest boot is the one least disturbed by others.

What bounds the speed-up: QEMU's TCG runs one host thread per vCPU
(multi-threaded TCG, the default for x86-64 guests on an x86-64 host), so
four vCPUs run at once only on a host with four idle cores. On a host
with N cores, the speed-up is at most min(4, N), less what other processes
take; the header line says how many cores the host has and its load
average when the benchmark started. Linux's times are in jiffies (4 ms).
Prints figures; checks nothing but that every boot printed the line.
"""
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
os.environ['STARTMEM_LINUX_CACHE'] = '0'	# a benchmark boots Linux afresh
import harness  # noqa: E402

LINE = re.compile(r'node 0 deferred pages initialised in (\d+)ms')
MEM = '16G'
CPUS = (1, 4)
REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def median(xs):
    return sorted(xs)[len(xs) // 2]


def measure(kernel, smp):
    """REPEAT boots of one kernel; the times in ms, or None if a boot failed."""
    times = []
    for i in range(REPEAT):
        name = 'deferred-bench-%s-smp%d-%d' % (kernel, smp, i)
        if kernel == 'linux':
            spec = harness.linux(name, stop_at=LINE, timeout=1200, mem=MEM, smp=smp)
        else:
            spec = dict(name=name, stop_at=LINE, timeout=600, mem=MEM, smp=smp)
        r = harness.boot(**spec)
        m = LINE.search(r.log)
        if not m:
            print('deferred_init_bench: no line from %s: %s' % (name, r.describe()),
                  file=sys.stderr)
            return None
        times.append(int(m.group(1)))
    return times


version = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                         text=True).stdout.splitlines()[0]
print('# %s, -accel tcg, q35, -m %s; host %s, %d cores, load average %.2f %.2f %.2f' % (
    (version, MEM, platform.processor() or platform.machine(), os.cpu_count())
    + os.getloadavg()))
print('# %d boots each; on an idle host the speed-up is at most min(4, host cores) = %d' % (
    REPEAT, min(4, os.cpu_count())))
print('%-8s %-7s %10s %10s %9s   %s' % ('kernel', 'of runs', '-smp 1 ms', '-smp 4 ms', 'speed-up',
                                       'all runs'))
kernels = ['ours'] + (['linux'] if os.path.exists(harness.DEBIAN_KERNEL) else [])
failed = False
for kernel in kernels:
    runs = {smp: measure(kernel, smp) for smp in CPUS}
    if None in runs.values():
        failed = True
        continue
    for what, pick in (('median', median), ('fastest', min)):
        one, four = pick(runs[1]), pick(runs[4])
        print('%-8s %-7s %10d %10d %9.2f   %s' % (
            kernel, what, one, four, one / max(four, 1),
            ' '.join('%s' % runs[s] for s in CPUS) if pick is median else ''), flush=True)
sys.exit(1 if failed else 0)

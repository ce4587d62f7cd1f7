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
average when the benchmark started.

Two times per boot: the one the kernel prints, and the host's, from the
line before ("smpboot: Total of N processors activated", which both
kernels print just before page_alloc_init_late()) to the node's line, as
the harness sees them appear (to its 20 ms poll). Ours reads the TSC,
which QEMU takes from the host's clock, so the two agree. Linux's is in
jiffies: under TCG it marks the TSC unstable and counts time in ticks
until its HPET clock source is chosen, later in the boot, and a tick
that a loaded host delivers late is lost; its printed time can be a
fifth of the host's. Compare the host's times.
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
BEFORE = re.compile(r'smpboot: Total of \d+ processors activated')
MEM = '16G'
CPUS = (1, 4)
REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def median(xs):
    return sorted(xs)[len(xs) // 2]


def measure(kernel, smp):
    """REPEAT boots of one kernel; (printed, host) lists of ms, or None if a boot failed."""
    printed, host = [], []
    for i in range(REPEAT):
        name = 'deferred-bench-%s-smp%d-%d' % (kernel, smp, i)
        if kernel == 'linux':
            spec = harness.linux(name, stop_at=LINE, timeout=1200, mem=MEM, smp=smp)
        else:
            spec = dict(name=name, stop_at=LINE, timeout=600, mem=MEM, smp=smp)
        r = harness.boot(watch=(BEFORE, LINE), **spec)
        m = LINE.search(r.log)
        seen = r.first_seen
        if not m or BEFORE.pattern not in seen or LINE.pattern not in seen:
            print('deferred_init_bench: no lines from %s: %s' % (name, r.describe()),
                  file=sys.stderr)
            return None
        printed.append(int(m.group(1)))
        host.append(int(1000 * (seen[LINE.pattern] - seen[BEFORE.pattern])))
    return printed, host


version = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                         text=True).stdout.splitlines()[0]
print('# %s, -accel tcg, q35, -m %s; host %s, %d cores, load average %.2f %.2f %.2f' % (
    (version, MEM, platform.processor() or platform.machine(), os.cpu_count())
    + os.getloadavg()))
print('# %d boots each; on an idle host the speed-up is at most min(4, host cores) = %d' % (
    REPEAT, min(4, os.cpu_count())))
print('%-8s %-7s %-8s %10s %10s %9s   %s' % ('kernel', 'of runs', 'clock', '-smp 1 ms',
                                            '-smp 4 ms', 'speed-up', 'all runs'))
kernels = ['ours'] + (['linux'] if os.path.exists(harness.DEBIAN_KERNEL) else [])
failed = False
for kernel in kernels:
    runs = {smp: measure(kernel, smp) for smp in CPUS}
    if None in runs.values():
        failed = True
        continue
    for clock, k in (('printed', 0), ('host', 1)):
        for what, pick in (('median', median), ('fastest', min)):
            one, four = pick(runs[1][k]), pick(runs[4][k])
            print('%-8s %-7s %-8s %10d %10d %9.2f   %s' % (
                kernel, what, clock, one, four, one / max(four, 1),
                ' '.join('%s' % runs[s][k] for s in CPUS) if pick is median else ''), flush=True)
sys.exit(1 if failed else 0)

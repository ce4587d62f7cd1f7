#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""bench_boot.py - how long a boot takes under QEMU TCG; prints figures.

    make bench-boot [BENCH_RUNS=5]

For our kernel and for Debian's Linux 6.1, on q35 and pc with 128 MiB and
1 GiB, RUNS boots each, one at a time: the wall time from QEMU's start to
the first kernel line, to the first BIOS-e820 line, and to QEMU's exit.
Our kernel powers off (status 33); Debian's panics at mounting root (no
initrd) and, with panic=-1, resets, which ends QEMU with status 0. The log
is polled every 5 ms, so times are good to about 5 ms. This is not a
test: it checks nothing, it measures.
"""
import os
import platform
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

harness.POLL = 0.005
RUNS = int(os.environ.get('BENCH_RUNS', '5'))
FIRST = re.compile(r'\[ *\d+\.\d{6}\] ')
E820 = re.compile(r'BIOS-e820')
KERNELS = [('startmem', harness.KERNEL, 'selftest panic=-1'),
           ('Linux 6.1', harness.DEBIAN_KERNEL, 'console=ttyS0 nokaslr panic=-1')]
MACHINES = [('q35', '128M'), ('pc', '128M'), ('q35', '1G'), ('pc', '1G')]


def figure(values):
    if not values:
        return '%-20s' % '-'
    if len(values) == 1:
        return '%-20s' % ('%.3f' % values[0])
    return '%-20s' % ('%.3f (%.3f-%.3f)' % (statistics.median(values), min(values), max(values)))


def main():
    for _, path, _ in KERNELS:
        harness.require(path, 'run `make kernel linux-debian` first')
    commit = subprocess.run(['git', '-C', harness.ROOT, 'rev-parse', '--short', 'HEAD'],
                            capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(':', 1)[1].strip() for line in open('/proc/cpuinfo')
                if line.startswith('model name')), platform.machine())
    print('Boot time under QEMU TCG (%s), wall seconds from QEMU start;' % harness.QEMU)
    print('median (min-max) of %d runs, one boot at a time.' % RUNS)
    print('Machine: %s, %d cores; commit %s; load average %.2f at the start.'
          % (cpu, os.cpu_count(), commit, os.getloadavg()[0]))
    print()
    print('%-10s %-5s %-5s  %-20s %-20s %-20s %s' % (
        'kernel', 'mach', '-m', 'first line', 'first BIOS-e820', 'QEMU exit', 'status'))
    for kname, path, cmdline in KERNELS:
        for machine, mem in MACHINES:
            first, e820, end, statuses = [], [], [], set()
            for _ in range(RUNS):
                r = harness.boot('bench-%s-%s' % (machine, mem), kernel=path,
                                 machine=machine, mem=mem, cmdline=cmdline,
                                 timeout=120, watch=(FIRST, E820))
                if FIRST.pattern in r.first_seen:
                    first.append(r.first_seen[FIRST.pattern])
                if E820.pattern in r.first_seen:
                    e820.append(r.first_seen[E820.pattern])
                if r.status is not None:
                    end.append(r.seconds)
                statuses.add('timeout' if r.timed_out else str(r.status))
            print('%-10s %-5s %-5s  %s %s %s %s' % (kname, machine, mem, figure(first),
                                                    figure(e820), figure(end),
                                                    ','.join(sorted(statuses))), flush=True)


if __name__ == '__main__':
    main()

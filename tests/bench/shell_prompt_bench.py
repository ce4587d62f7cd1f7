#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""shell_prompt_bench.py - from QEMU's start to the first program, under QEMU TCG.

    make bench                       (BENCH_REPEAT=3 by default)

Boots build/bzImage on q35 with 1 GiB and 16 GiB, each with -smp 1 and
-smp 4, with make boot's initramfs (tools/initramfs/) and rdinit=/bin/sh,
until the shell's prompt; and Debian's Linux 6.1 on the same QEMU command
(but for -kernel, -append and -initrd: the BusyBox initramfs of
tests/boot/images.py) until its "Run /init as init process" line. Prints
a table: the wall-clock seconds from QEMU's start to each (the median of
REPEAT boots; the harness records when a line first appears in the serial
log, polling every 20 ms), the guest's own timestamp of that line, the
longest "node N deferred pages initialised in Xms" of the boot (both
kernels print it; ms), and ours over Linux's wall time. Both include
QEMU's start and firmware. Checks nothing but that every boot got there.

QEMU's TCG runs one host thread per vCPU (multi-threaded TCG, the default
for an x86 guest on an x86 host): with -smp 4 on a host of fewer than 4
cores the vCPUs take turns, so the -smp 4 figures measure the host's
scheduler as much as the guest. The table's header gives the host's CPU
count and its load average before and after the run.
"""
import os
import platform
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
os.environ['STARTMEM_LINUX_CACHE'] = '0'	# a benchmark boots Linux afresh
import harness  # noqa: E402
import images  # noqa: E402

OURS = re.compile(r'startmem# ')
LINUX = re.compile(r'\[ *(\d+\.\d+)\] Run /init as init process')
STAMP = re.compile(r'\[ *(\d+\.\d+)\] Run /bin/sh as init process')
DEFERRED = re.compile(r'node \d+ deferred pages initialised in (\d+)ms')
SIZES = ('1G', '16G')
CPUS = (1, 4)
REPEAT = int(os.environ.get('BENCH_REPEAT', '3'))


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def measure(spec, rx, stamp):
    walls, guests, deferred = [], [], []
    for i in range(REPEAT):
        r = harness.boot(watch=(rx,), **dict(spec, name='%s-%d' % (spec['name'], i)))
        if rx.pattern not in r.first_seen:
            sys.exit('%s: never reached %r; %s' % (spec['name'], rx.pattern, r.describe()))
        walls.append(r.first_seen[rx.pattern])
        m = stamp.search(r.log)
        guests.append(float(m.group(1)) if m else float('nan'))
        deferred.append(max([int(x) for x in DEFERRED.findall(r.log)] or [-1]))
    return median(walls), median(guests), median(deferred)


def load():
    return '%.2f %.2f %.2f' % os.getloadavg()


def row(size, smp, who, times, ratio=''):
    wall, guest, deferred = times
    print('%-6s %4s  %-26s %8.2f %12.3f %9s %8s' % (size, smp, who, wall, guest,
                                                  deferred if deferred >= 0 else '-', ratio),
          flush=True)


print('host: %s, %d CPUs, load average %s; QEMU TCG (one host thread a vCPU), q35; '
      'median of %d boots' % (platform.processor() or platform.machine(), os.cpu_count(),
                              load(), REPEAT))
print('%-6s %4s  %-26s %8s %12s %9s %8s' % ('memory', 'cpus', 'kernel: to the first program',
                                             'wall s', 'guest stamp', 'deferred', 'ours/Lx'))
shell_image = images.script('bench-shell', '# not run: rdinit=/bin/sh\n')
has_linux = os.path.exists(harness.DEBIAN_KERNEL) and os.path.exists(images.BUSYBOX)
for size in SIZES:
    for smp in CPUS:
        tag = '%s-%d' % (size, smp)
        ours = dict(name='bench-shell-ours-' + tag, mem=size, smp=smp, cmdline='rdinit=/bin/sh',
                    extra=['-initrd', shell_image], stop_at=OURS, timeout=300)
        o = measure(ours, OURS, STAMP)
        if not has_linux:
            row(size, smp, 'startmem: shell prompt', o)
            continue
        linux = harness.linux('bench-shell-linux-' + tag, mem=size, smp=smp,
                              extra=['-initrd', images.linux_proc()], stop_at=LINUX, timeout=600)
        lx = measure(linux, LINUX, LINUX)
        row(size, smp, 'startmem: shell prompt', o, '%.2f' % (o[0] / lx[0]))
        row(size, smp, 'Linux 6.1: Run /init', lx)
print('host load average after: %s' % load())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""shell_prompt_bench.py - from QEMU's start to the first program, under QEMU TCG.

    make bench

Boots build/bzImage on q35 with 1 GiB and 16 GiB, with make boot's
initramfs (tools/initramfs/) and rdinit=/bin/sh, until the shell's prompt;
and Debian's Linux 6.1 on the same machine with the BusyBox initramfs of
tests/boot/images.py until its "Run /init as init process" line. Prints
the wall-clock seconds from QEMU's start to each (the median of REPEAT
boots; the harness records when a line first appears in the serial log,
polling every 20 ms) and the guest's own timestamp of that line. Both
include QEMU's start and firmware. Checks nothing but that every boot got
there.
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
SIZES = ('1G', '16G')
REPEAT = 3


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def measure(spec, rx, stamp):
    walls, guests = [], []
    for i in range(REPEAT):
        r = harness.boot(watch=(rx,), **dict(spec, name='%s-%d' % (spec['name'], i)))
        if rx.pattern not in r.first_seen:
            sys.exit('%s: never reached %r; %s' % (spec['name'], rx.pattern, r.describe()))
        walls.append(r.first_seen[rx.pattern])
        m = stamp.search(r.log)
        guests.append(float(m.group(1)) if m else float('nan'))
    return median(walls), median(guests)


print('host: %s, %d CPUs; QEMU TCG, q35, 1 CPU; median of %d boots'
      % (platform.processor() or platform.machine(), os.cpu_count(), REPEAT))
print('%-6s %-34s %10s %12s' % ('memory', 'kernel: to the first program', 'wall s', 'guest stamp'))
shell_image = images.script('bench-shell', '# not run: rdinit=/bin/sh\n')
for size in SIZES:
    ours = dict(name='bench-shell-ours-' + size, mem=size, cmdline='rdinit=/bin/sh',
                extra=['-initrd', shell_image], stop_at=OURS, timeout=300)
    wall, guest = measure(ours, OURS, STAMP)
    print('%-6s %-34s %10.2f %12.3f' % (size, 'startmem: shell prompt', wall, guest))
    if os.path.exists(harness.DEBIAN_KERNEL) and os.path.exists(images.BUSYBOX):
        linux = harness.linux('bench-shell-linux-' + size, mem=size,
                              extra=['-initrd', images.linux_proc()], stop_at=LINUX, timeout=600)
        wall, guest = measure(linux, LINUX, LINUX)
        print('%-6s %-34s %10.2f %12.3f' % (size, 'Linux 6.1: Run /init', wall, guest))

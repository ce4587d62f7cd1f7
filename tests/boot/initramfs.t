#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""initramfs.t - the initial RAM disk, against Debian's own Linux 6.1.

The same QEMU command (q35, 512 MiB, -initrd IMAGE) boots both kernels:
QEMU's loader puts the image at the same address for both (the top of low
memory their headers allow), so each must print the same
`RAMDISK: [mem 0x...-0x...]` line, and after unpacking the same
`Freeing initrd memory: NK` (the image's pages). For three archives that
Linux refuses, each for one reason (the old odc magic, broken padding, a
'0' that starts no header), both must print the same
`Initramfs unpacking failed: REASON`. Our kernel boots with rdinit=/none,
so that it does not run the image's /init, and powers off (status 33).
Linux runs until its /init or its panic; it is stopped at the freeing line.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import images  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
harness.require(images.BUSYBOX, 'install busybox-static (`make setup`)')
t = Tap()
FREED = re.compile(r'Freeing initrd memory: \d+K')
WANTED = re.compile(r'^(RAMDISK: \[mem .*|Initramfs unpacking failed: .*|'
                    r'Freeing initrd memory: \d+K)$')

cases = [('busybox', images.linux_proc(), None)]
cases += [(reason, path, reason) for reason, path in images.broken().items()]
specs = []
for label, path, _ in cases:
    name = re.sub(r'[^a-z]+', '-', label)[:20].strip('-')
    specs.append(harness.linux('initramfs-linux-' + name, mem='512M', extra=['-initrd', path],
                               stop_at=FREED, timeout=180))
    specs.append(dict(name='initramfs-ours-' + name, mem='512M', cmdline='rdinit=/none panic=-1',
                      extra=['-initrd', path], timeout=60))
results = harness.boot_many(specs)

for i, (label, path, reason) in enumerate(cases):
    linux, ours = results[2 * i], results[2 * i + 1]
    want = [x for x in linux.texts() if WANTED.match(x)]
    got = [x for x in ours.texts() if WANTED.match(x)]
    t.ok(ours.status == harness.EXIT_SUCCESS, '%s: our kernel boots and powers off' % label,
         ours.describe())
    t.ok(len(want) >= 2, '%s: Linux printed its RAMDISK and freeing lines' % label,
         linux.describe())
    t.eq(got, want, '%s: our RAMDISK, unpacking and freeing lines are Linux\'s' % label,
         'Linux: %s\nours: %s' % (linux.describe(), ours.describe()))
    if reason:
        t.ok('Initramfs unpacking failed: ' + reason in got,
             '%s: the reason is Linux\'s' % label)
    size = os.path.getsize(path)
    t.ok('Freeing initrd memory: %dK' % ((size + 4095) // 4096 * 4) in got,
         '%s: the freed size is the image\'s pages (%d bytes)' % (label, size))
    if i == 0:
        t.ok('Unpacking initramfs...' in ours.texts(),
             'the unpacking line of a kernel without the RAM-disk driver')
t.done()

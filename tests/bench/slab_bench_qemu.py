#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""slab_bench_qemu.py - the slab allocator's pairs inside the kernel, under QEMU TCG.

    make bench

Boots build/bzImage on q35 with 512 MiB and "slab_bench" on the command
line, through the boot-test harness (a timeout, and QEMU stopped by its
PID), and prints the kernel's lines: kmalloc(64) + kfree and a warm
kmem_cache_alloc + free, in ns per pair (book/slab.nw). Prints figures;
checks nothing but that the boot printed them.
"""
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
import harness  # noqa: E402

version = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                         text=True).stdout.splitlines()[0]
print('# QEMU: %s, -accel tcg, q35, 512M; host %s' % (version, platform.processor() or
                                                       platform.machine()))
r = harness.boot('slab-bench', machine='q35', mem='512M', cmdline='slab_bench', timeout=300)
lines = [text for text in r.texts() if text.startswith('slab: bench:')]
for line in lines:
    print(line)
if len(lines) != 2:
    print('slab_bench_qemu: expected two bench lines; %s' % r.describe(), file=sys.stderr)
    sys.exit(1)

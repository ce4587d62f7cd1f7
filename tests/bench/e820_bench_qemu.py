#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""e820_bench_qemu.py - e820_bench() inside the kernel, under QEMU TCG.

    make bench

Boots build/bzImage on q35 with 512 MiB and "e820_bench" on the command
line, through the boot-test harness (a timeout, and QEMU stopped by its
PID), and prints the kernel's benchmark lines. Prints figures; checks
nothing but that the boot printed them.
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
r = harness.boot('e820-bench', machine='q35', mem='512M', cmdline='e820_bench', timeout=300)
lines = [text for text in r.texts() if text.startswith('e820: bench:')]
for line in lines:
    print(line)
if len(lines) != 3:
    print('e820_bench_qemu: expected three bench lines; %s' % r.describe(), file=sys.stderr)
    sys.exit(1)

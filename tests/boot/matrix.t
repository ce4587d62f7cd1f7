#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""matrix.t - boot every machine of the matrix with `selftest panic=-1`.

Two chipsets, five memory sizes:

    -m      q35                            pc
    32M     one low block of RAM           one low block
    128M    one low block                  one low block
    1G      one low block                  one low block
    3584M   2 GiB low, 1.5 GiB above 4G    3 GiB low, 0.5 GiB above 4G
    6G      2 GiB low, 4 GiB above 4G      3 GiB low, 3 GiB above 4G

q35 moves the RAM above 2 GiB to above 4 GiB once the RAM reaches
2.75 GiB; pc keeps less than 3.5 GiB low, and from 3.5 GiB on keeps
3 GiB low (as Debian's Linux reports it; see e820_diff.t). Each boot
must exit 33, print the banner first, stamp every line as Linux does,
never panic, pass all its self-tests, and print well-formed BIOS-e820
lines. Each boots with an initrd of 5000 bytes (random, in build/boot/),
which our kernel never reads: the loader places it near the top of low
RAM, and the memblock_x86 self-test checks that early_reserve_memory()
reserved exactly it, up to its last page.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

MACHINES = ('q35', 'pc')
MEMORY = ('32M', '128M', '1G', '3584M', '6G')
CMDLINE = 'selftest panic=-1'

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
INITRD = os.path.join(harness.LOG_DIR, 'matrix-initrd')
os.makedirs(harness.LOG_DIR, exist_ok=True)
with open(INITRD, 'wb') as f:
    f.write(os.urandom(5000))     # not a multiple of a page: the reservation rounds up
specs = [dict(name='matrix-%s-%s' % (machine, mem), machine=machine, mem=mem,
              cmdline=CMDLINE, timeout=120, extra=['-initrd', INITRD])
         for machine in MACHINES for mem in MEMORY]
for spec, result in zip(specs, harness.boot_many(specs)):
    label = '-machine %s -m %s' % (spec['machine'], spec['mem'])
    t.note('%s: %s' % (label, result.describe()))
    checks.good_boot(t, result, label)
t.done()

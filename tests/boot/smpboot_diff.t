#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""smpboot_diff.t - our CPU bring-up lines against Debian's own Linux 6.1.

On q35 and pc at -smp 1, 2 and 4 and on two nodes of two CPUs, both
kernels print (book/smpboot.nw):

    smpboot: CPU0: AMD QEMU Virtual CPU version 2.5+ (family: 0xf, model: 0x6b, stepping: 0x1)
    smp: Bringing up secondary CPUs ...
    x86: Booting SMP configuration:
    .... node  #0, CPUs:      #1 #2 #3
    smp: Brought up 1 node, 4 CPUs
    smpboot: Max logical packages: 1
    smpboot: Total of 4 processors activated (20752.44 BogoMIPS)

Linux's APs print while they come up (their delay-loop calibration), so
its announce line arrives in pieces, " #2" and " #3" on lines of their
own; the pieces are joined again, after each ".... node" line, before
the comparison. Every line must be equal except the BogoMIPS figure,
which each kernel computes from its own calibration of the host's TSC
(Linux calibrates every AP again, under TCG with widely varying
results), and is compared as a format only. Both kernels boot with
loglevel=8 (the Linux boots are shared with percpu_diff.t).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import machines  # noqa: E402
from tap import Tap  # noqa: E402

STOP = re.compile(r'smpboot: Total of [^\n]*\n')
TOTAL = re.compile(r'^(smpboot: Total of \d+ processors activated \()\d+\.\d\d BogoMIPS\)$')
KEEP = re.compile(r'^(smpboot: CPU0: |smp: |x86: Booting SMP configuration:|'
                  r'smpboot: Max logical packages: |smpboot: Total of )')
NODE = re.compile(r'^\.\.\.\. node +#\d+, CPUs: ')
PIECE = re.compile(r'^( *#\d+)+ *$')


def smp_lines(result):
    """The compared lines: announce pieces joined, the BogoMIPS figure dropped."""
    out, inside = [], False
    for text in result.texts():
        text = text.rstrip()
        if NODE.match(text):
            out.append(text)
            inside = True
        elif inside and PIECE.match(text):
            out[-1] += text
        elif KEEP.match(text):
            m = TOTAL.match(text)
            out.append(m.group(1) + '... BogoMIPS)' if m else text)
            inside = False
    return out


harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
specs = machines.pairs('smpdiff', machines.SMP, 'loglevel=8', STOP, 300)
results = harness.boot_many(specs)

for i, (label, *_) in enumerate(machines.SMP):
    linux, ours = results[2 * i], results[2 * i + 1]
    t.note('%s: Linux: %s\n%s: ours: %s' % (label, linux.describe(), label, ours.describe()))
    theirs, mine = smp_lines(linux), smp_lines(ours)
    t.ok(any(x.startswith('smpboot: Total of') for x in theirs),
         label + ': Linux printed its bring-up lines', linux.log_path)
    t.ok(mine == theirs, label + ": the bring-up lines are Linux's, line for line",
         'Linux 6.1:\n  %s\nstartmem:\n  %s' % ('\n  '.join(theirs), '\n  '.join(mine)))
t.done()

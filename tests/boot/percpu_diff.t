#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""percpu_diff.t - our per-CPU area lines against Debian's own Linux 6.1.

setup_per_cpu_areas() prints, in both kernels (the map at KERN_DEBUG, so
both boot with loglevel=8):

    setup_percpu: NR_CPUS:8192 nr_cpumask_bits:4 nr_cpu_ids:4 nr_node_ids:1
    percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u524288
    pcpu-alloc: s217088 r8192 d28672 u524288 alloc=1*2097152
    pcpu-alloc: [0] 0 1 2 3

The figures that describe the machine must be equal: nr_cpumask_bits,
nr_cpu_ids, nr_node_ids, the dynamic size d, the unit size u, the
allocation and the group/unit map (book/percpu.nw, "Linux's figures and
ours", says why u and the map agree up to 8 CPUs a node). NR_CPUS, the
static size s, the reserve r and the page count are the kernels' own and
are not compared. Both kernels stop at "Kernel command line:", which
follows these lines.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import machines  # noqa: E402
from tap import Tap  # noqa: E402

STOP = re.compile(r'Kernel command line:[^\n]*\n')
SETUP = re.compile(r'^setup_percpu: NR_CPUS:\d+ (nr_cpumask_bits:\d+ nr_cpu_ids:\d+ nr_node_ids:\d+)$')
SIZES = re.compile(r'^pcpu-alloc: s\d+ r\d+ (d\d+ u\d+ alloc=\d+\*\d+)$')
MAP = re.compile(r'^pcpu-alloc: (\[.*)$')


def figures(result):
    """The compared figures of a log, in order: one string per line kind."""
    out = []
    for text in result.texts():
        text = text.rstrip()
        for pat in (SETUP, SIZES, MAP):
            m = pat.match(text)
            if m:
                out.append(m.group(1))
    return out


harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
specs = machines.pairs('percpudiff', machines.SMP, 'loglevel=8', STOP, 150)
results = harness.boot_many(specs)

for i, (label, *_) in enumerate(machines.SMP):
    linux, ours = results[2 * i], results[2 * i + 1]
    t.note('%s: Linux: %s\n%s: ours: %s' % (label, linux.describe(), label, ours.describe()))
    theirs, mine = figures(linux), figures(ours)
    t.ok(len(theirs) >= 3, label + ': Linux printed its per-CPU lines', linux.log_path)
    t.ok(mine == theirs, label + ": the machine's per-CPU figures are Linux's",
         'Linux 6.1: %s\nstartmem:  %s' % (theirs, mine))
t.done()

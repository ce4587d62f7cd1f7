# SPDX-License-Identifier: GPL-2.0-only
"""machines.py - the QEMU machines that several boot tests share.

    nodes(['1G', '1G'])                        two nodes, CPU i on node i
    nodes(['1G', None])                        node 1 without memory
    nodes(['512M'] * 3, cpus=[0, 1, None])     node 2 without CPUs
    nodes(['512M'] * 2, cpus=['0-1', '2-3'])   CPUs in QEMU's list syntax
    nodes(['512M'] * 4, dists=[(0, 1, 20)])    with a SLIT entry
    SMP                                        the machines of the SMP tests
    pairs(prefix, cases, ...)                  a boot of Debian's Linux and
                                               one of ours on each machine

One list and one way of writing the QEMU arguments: a machine that two
tests boot is then the same QEMU command in both, which the harness's
cache of Debian-Linux boots (and of ours, under `make test`) answers once.
"""
import re

import harness


def nodes(sizes, cpus=None, dists=()):
    """QEMU 7.2's arguments for NUMA nodes: node i has memory sizes[i]
    (-object memory-backend-ram; None: no memory) and the CPUs cpus[i]
    (by default CPU i; None: no CPUs); dists: (src, dst, value) SLIT entries."""
    args = []
    for i, size in enumerate(sizes):
        cpu = i if cpus is None else cpus[i]
        spec = 'node,nodeid=%d' % i
        if cpu is not None:
            spec += ',cpus=%s' % cpu
        if size:
            args += ['-object', 'memory-backend-ram,id=m%d,size=%s' % (i, size)]
            spec += ',memdev=m%d' % i
        args += ['-numa', spec]
    for src, dst, val in dists:
        args += ['-numa', 'dist,src=%d,dst=%d,val=%d' % (src, dst, val)]
    return args


# (label, machine, -m, -smp, extra QEMU arguments): one and several CPUs
# on both chipsets, and two nodes of two CPUs (percpu_diff.t, smpboot_diff.t)
SMP = [
    ('q35 1 CPU', 'q35', '512M', 1, []),
    ('pc 1 CPU', 'pc', '512M', 1, []),
    ('q35 2 CPUs', 'q35', '512M', 2, []),
    ('q35 4 CPUs', 'q35', '512M', 4, []),
    ('pc 2 CPUs', 'pc', '512M', 2, []),
    ('pc 4 CPUs', 'pc', '512M', 4, []),
    ('two nodes, 4 CPUs', 'q35', '1G', 4, nodes(['512M'] * 2, cpus=['0-1', '2-3'])),
]


def pairs(prefix, cases, cmdline, stop_at, linux_timeout, ours_timeout=120):
    """boot_many()'s specs for a differential test: for each case of
    (label, machine, -m, -smp, extra), Debian's Linux and then our kernel,
    both with cmdline and stopped at stop_at. Their results come back in
    the same order: results[2 * i] is Linux on case i, results[2 * i + 1] ours."""
    specs = []
    for label, machine, mem, smp, extra in cases:
        name = '%s-%s' % (prefix, re.sub(r'[^A-Za-z0-9]+', '-', label))
        specs.append(harness.linux(name + '-linux', cmdline, stop_at=stop_at,
                                   timeout=linux_timeout, machine=machine, mem=mem,
                                   smp=smp, extra=extra))
        specs.append(dict(name=name + '-ours', machine=machine, mem=mem, smp=smp, extra=extra,
                          cmdline=cmdline, stop_at=stop_at, timeout=ours_timeout))
    return specs

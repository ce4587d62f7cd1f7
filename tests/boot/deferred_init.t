#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""deferred_init.t - the deferred struct pages, shared over CPUs and nodes.

page_alloc_init_late() (book/zones.nw) starts a thread pgdatinitN per node
with memory; each shares its node's deferred struct pages among the node's
CPUs with padata_do_multithreaded(). Our kernel boots with `selftest
meminfo` on q35 with 4 GiB (2 GiB of it above 4 GiB, deferred) and -smp 1,
2 and 4, and on two nodes of 1 GiB with CPUs 0-1 and 2-3. On each:

- the boot is good and every self-test passes; among them the zones
  suite counts the deferred frames again from memblock and checks that
  the threads initialised and freed exactly those;
- every page ends up free or reserved exactly once: MemTotal (the pages
  the buddy allocator manages, after the deferred ones are freed) plus
  the "Memory:" line's reserved kB is its total kB;
- the work is that of a serial init: on the 4 GiB machine the deferred
  pages plus the reserved pages are the same with 1, 2 and 4 CPUs (more
  CPUs reserve more per-CPU memory, at the top of memory, in the
  deferred part, so the deferred pages alone differ);
- each node's pgdatinit ran on a CPU of its node, and every CPU that did
  a piece of a node's work is one of the node's;
- with 4 CPUs on one node, more than one CPU did pieces of the work.

Debian's Linux 6.1 boots the -smp 4 machines too, stopped at its
"devtmpfs: initialized" line (do_basic_setup(), after
page_alloc_init_late()): both kernels print "node N deferred pages
initialised in Xms" for the same nodes, in that format.

PARALLEL says whether the scheduler runs threads on the other CPUs yet;
until it does, every thread runs on CPU 0 and the two checks of where the
threads ran are not made.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import machines  # noqa: E402
from tap import Tap  # noqa: E402

LINUX_STOP = re.compile(r'devtmpfs: initialized[^\n]*\n')
NODE_LINE = re.compile(r'^node (\d+) deferred pages initialised in \d+ms$')
MEMORY = re.compile(r'^Memory: \d+K/(\d+)K available \(.* (\d+)K reserved, ')
MEMTOTAL = re.compile(r'^MemTotal: +(\d+) kB$')
REPORT = re.compile(r'zones_deferred_done_test: node (\d+): (\d+) deferred struct pages in \d+ us, '
                    r'pgdatinit\1 on CPU (\d+), pieces on CPUs (0x[0-9a-f]+|0) of (0x[0-9a-f]+|0)')
PARALLEL = True
ONE_NODE = [('q35 4G -smp %d' % n, 'q35', '4G', n, []) for n in (1, 2, 4)]
TWO_NODES = ('two nodes of 1G, CPUs 0-1 and 2-3', 'q35', '2G', 4,
             machines.nodes(['1G', '1G'], cpus=['0-1', '2-3']))
CASES = ONE_NODE + [TWO_NODES]
LINUX_CASES = [ONE_NODE[2], TWO_NODES]


def first(rx, result):
    for text in result.texts():
        m = rx.match(text.rstrip())
        if m:
            return m
    return None


def reports(result):
    """{node: (pages, pgdatinit's CPU, CPUs that did pieces, the node's CPUs)}"""
    return {int(m[1]): (int(m[2]), int(m[3]), int(m[4], 16), int(m[5], 16))
            for m in REPORT.finditer(result.log)}


def node_lines(result):
    return sorted(int(m[1]) for m in map(NODE_LINE.match, (x.rstrip() for x in result.texts())) if m)


def check_ours(t, label, r, smp):
    """The checks of one boot of ours; returns deferred + reserved pages on node 0."""
    checks.good_boot(t, r, label)
    mem, total = first(MEMORY, r), first(MEMTOTAL, r)
    t.ok(mem and total and int(total[1]) + int(mem[2]) == int(mem[1]),
         label + ': MemTotal + reserved kB = the Memory line\'s total',
         'Memory: %s, MemTotal: %s' % (mem and mem.group(0), total and total.group(0)))
    rep = reports(r)
    t.ok(rep and sorted(rep) == node_lines(r),
         label + ': a report and a "deferred pages initialised" line for each node', repr(rep))
    for nid, (pages, cpu, ran, cpus) in sorted(rep.items()):
        if not PARALLEL:
            continue
        t.ok(cpus >> cpu & 1, '%s: pgdatinit%d ran on a CPU of node %d' % (label, nid, nid),
             'CPU %d, node CPUs %#x' % (cpu, cpus))
        t.ok(ran and not ran & ~cpus, '%s: the CPUs that did node %d\'s pieces are its own'
             % (label, nid), 'pieces on %#x, node CPUs %#x' % (ran, cpus))
    if PARALLEL and len(rep) == 1 and smp == 4:
        ran = rep[0][2]
        t.ok(bin(ran).count('1') > 1, label + ': more than one CPU did pieces', 'CPUs %#x' % ran)
    if rep.get(0) and mem:
        return rep[0][0] + int(mem[2]) // 4
    return None


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
specs = [dict(name='deferred-%d' % i, machine=m, mem=mem, smp=smp, extra=extra,
              cmdline='selftest meminfo', timeout=300)
         for i, (label, m, mem, smp, extra) in enumerate(CASES)]
results = harness.boot_many(specs, jobs=1)
pages = {}
for (label, m, mem, smp, extra), r in zip(CASES, results):
    t.note('%s: %s' % (label, r.describe()))
    pages[label] = check_ours(t, label, r, smp)
serial = [pages[c[0]] for c in ONE_NODE]
t.ok(None not in serial and len(set(serial)) == 1,
     '4G: deferred + reserved pages are the same with 1, 2 and 4 CPUs', repr(serial))

if os.path.exists(harness.DEBIAN_KERNEL):
    for (label, m, mem, smp, extra), ours in zip(LINUX_CASES, [results[2], results[3]]):
        linux = harness.boot(**harness.linux('deferred-linux-%d' % smp + ('n' if extra else ''),
                                             stop_at=LINUX_STOP, timeout=600, machine=m, mem=mem,
                                             smp=smp, extra=extra))
        t.note('%s: Linux: %s' % (label, linux.describe()))
        t.ok(node_lines(linux) and node_lines(linux) == node_lines(ours),
             label + ': Linux and ours print the deferred line for the same nodes',
             'Linux: %r, ours: %r' % (node_lines(linux), node_lines(ours)))
else:
    t.note('no build/debian/vmlinuz: the comparison with Linux is skipped')
t.done()

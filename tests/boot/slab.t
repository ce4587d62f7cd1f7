#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""slab.t - the slab allocator at boot: its self-tests and /proc/slabinfo.

Each machine boots with `selftest slabinfo panic=-1`: one node, two nodes
(remote frees go through the alien arrays), two nodes of memory plus a
memoryless one, and one node with `slab_debug` (red zones, poison: the
suite must pass with every check on, and the arrays hold at most 32). The slab suite (book/slab.nw) allocates every size class,
checks node-local placement and a remote free. From outside, this test
reads the /proc/slabinfo text the kernel prints and checks, for every
kmalloc cache, the object size, objects per slab and pages per slab
against tests/boot/slab_rules.py (Linux v6.1's rules, computed without our
code), the tunables against enable_cpucache's table, and that the
slabdata columns are consistent: active <= total, objects = slabs x
objects per slab.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import machines  # noqa: E402
import ktap  # noqa: E402
import slab_rules  # noqa: E402
from tap import Tap  # noqa: E402

LINE = re.compile(r'(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+) : tunables\s+(\d+)\s+(\d+)\s+(\d+)'
                  r' : slabdata\s+(\d+)\s+(\d+)\s+(\d+)$')
HEADER = ['slabinfo - version: 2.1',
          '# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>'
          ' : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs>'
          ' <num_slabs> <sharedavail>']


MACHINES = [
    dict(name='slab-one', mem='512M', mib=512, smp=1, extra=[]),
    dict(name='slab-two', mem='1G', mib=1024, smp=2, extra=machines.nodes(['512M', '512M'])),
    dict(name='slab-memless', mem='1G', mib=1024, smp=3, extra=machines.nodes(['512M', '512M', None])),
    dict(name='slab-debug', mem='512M', mib=512, smp=1, extra=[], cmdline='slab_debug'),
]


def slabinfo(texts):
    """The lines after the heading, up to the first that is not slabinfo's."""
    if '---[ /proc/slabinfo ]---' not in texts:
        return []
    out = []
    for text in texts[texts.index('---[ /proc/slabinfo ]---') + 1:]:
        if not (text.startswith('slabinfo - ') or text.startswith('# name') or LINE.match(text)):
            break
        out.append(text)
    return out


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
results = harness.boot_many([dict(name=m['name'], mem=m['mem'], smp=m['smp'], extra=m['extra'],
                                  timeout=240,
                                  cmdline='selftest slabinfo panic=-1 ' + m.get('cmdline', ''))
                             for m in MACHINES])
for m, r in zip(MACHINES, results):
    label = m['name']
    checks.good_boot(t, r, label)
    report = ktap.parse(r.log)
    t.ok(any(s.name == 'slab' and s.passed() for s in report.tests), label + ': the slab suite passed',
         report.summary())
    lines = slabinfo(r.texts())
    t.eq(lines[:2], HEADER, label + ': slabinfo\'s two header lines, version 2.1')
    rows = {mm.group(1): [int(x) for x in mm.groups()[1:]]
            for mm in (LINE.match(x) for x in lines[2:]) if mm}
    want = slab_rules.kmalloc_caches(m['mib'])
    if 'slab_debug' in m.get('cmdline', ''):
        big = [n for n, v in rows.items() if v[5] > 32]
        t.ok(rows and not big, label + ': with slab_debug, no array holds more than 32 objects',
             ', '.join(big))
        want = {}
    if want:
        bad = []
        for name, c in want.items():
            got = rows.get(name)
            limit, batch, shared = slab_rules.tunables(c.size, m['smp'])  # shared: possible CPUs > 1
            if not got or got[2:5] != [c.size, c.num, 1 << c.order] or got[5:8] != [limit, batch, shared]:
                bad.append('%s: ours %r, Linux\'s rules %r' % (name, got and got[2:8],
                                                             [c.size, c.num, 1 << c.order, limit, batch,
                                                              shared]))
        t.ok(not bad, label + ': the %d kmalloc caches have Linux\'s size, objects and pages per slab, '
             'and tunables' % len(want), '\n'.join(bad))
    inconsistent = [n for n, v in rows.items()
                    if not (v[0] <= v[1] and v[8] <= v[9] and v[1] == v[9] * v[3])]
    t.ok(rows and not inconsistent, label + ': every line\'s slabdata agrees with its objects',
         ', '.join(inconsistent))
    # active_objs counts the objects waiting in a CPU's array too (at most
    # its limit, v[6]): a cache created once the arrays are on (fork_init's
    # task_struct cache) refills kmem_cache's array with a batch
    kc = rows.get('kmem_cache', [0] * 7)
    t.ok(len(rows) - 1 <= kc[0] <= len(rows) - 1 + kc[6],
         label + ': kmem_cache holds one object per other cache (its own is static), '
         'and at most its array\'s limit more', repr(rows.get('kmem_cache')))
t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""stress.t - every allocator on every CPU at once (book/stress.nw).

Boots with `selftest` on the machines of the SMP tests (machines.SMP: q35
and pc with 1, 2 and 4 CPUs, and two NUMA nodes of two CPUs each) and
reads the stress suite's verdict and its summary in the log. Expect on
each machine:

  - the stress suite ok, and the KTAP report well formed;
  - one thread per CPU, each with operations of its own, thread i on
    CPU i (bound to it);
  - every size class covered: 11 page orders, every kmalloc size, 7
    vmalloc sizes (the summary's n/n);
  - the counts back: free pages after plus the page-table pages the
    vmalloc space gained plus the pages of slabs in use gained (or minus
    those lost: slabs fragment) equal to free pages before (ST1); slab objects
    in use (ST2), vmalloc areas (ST3) and bad pages (ST5) as before; no
    tag overwritten (ST4); every invariant checker ok; the verdict ok;
  - the operations per second consistent with the operations and the
    time the summary gives;
  - no spin-lock debugging report (Linux's "BUG: spinlock ..." lines; the
    kernel has CONFIG_DEBUG_SPINLOCK's checks on) and no other BUG line
    between the suite's first line and its result (smpboot's self-test
    provokes such reports on purpose, earlier in the boot).

Then the check is shown to fail: with `stress_leak` (an option of ours),
the first thread keeps one page; the run must then fail naming ST1, with
exactly one free page fewer than before once the page tables are
counted, and QEMU must exit 35 with the stress suite the only failure.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import ktap  # noqa: E402
import machines  # noqa: E402
from tap import Tap  # noqa: E402

THREAD = re.compile(r'^stress: thread (\d+) on CPU (\d+): (\d+) ops \(pages (\d+), kmalloc (\d+), '
                    r'vmalloc (\d+)\), (\d+) failed, (\d+) freed from another thread, (\d+) ops/s$')
TOTAL = re.compile(r'^stress: total: (\d+) ops in (\d+) ms on (\d+) CPUs?: (\d+) ops/s, '
                   r'(\d+) ops/s per CPU$')
COVERED = re.compile(r'^stress: covered: (\d+)/(\d+) orders, (\d+)/(\d+) kmalloc sizes, '
                     r'(\d+)/(\d+) vmalloc sizes$')
FREE = re.compile(r'^stress: free pages: (\d+) before, (\d+) after, (\d+) page-table pages? added$')
PAIR = re.compile(r'^stress: (slab pages|slab objects|vmalloc areas): (\d+) before, (\d+) after$')
TAGS = re.compile(r'^stress: tags: (\d+) overwritten; bad pages: (\d+) before, (\d+) after$')
SPINLOCK = re.compile(r'BUG: spinlock|lockup suspected')


def summary(texts):
    """The last stress summary of a log, as a dict; None if there is none."""
    starts = [i for i, x in enumerate(texts) if re.match(r'^stress: \d+ threads? for \d+ ms', x)]
    if not starts:
        return None
    s = dict(threads=[], pairs={}, head=texts[starts[-1]])
    for x in texts[starts[-1] + 1:]:
        for key, rx in (('total', TOTAL), ('covered', COVERED), ('free', FREE), ('tags', TAGS)):
            m = rx.match(x)
            if m:
                s[key] = [int(g) for g in m.groups()]
        m = THREAD.match(x)
        if m:
            s['threads'].append([int(g) for g in m.groups()])
        m = PAIR.match(x)
        if m:
            s['pairs'][m.group(1)] = (int(m.group(2)), int(m.group(3)))
        if x.startswith('stress: invariants: '):
            s['invariants'] = x[len('stress: invariants: '):]
        if re.match(r'^stress: (ok|FAILED: .*)$', x):
            s['verdict'] = x[len('stress: '):]
            break
    return s


def stress_lines(texts):
    """The lines of the stress suite, from its Subtest line to its result."""
    start = [i for i, x in enumerate(texts) if x.strip() == '# Subtest: stress']
    if not start:
        return []
    end = [i for i, x in enumerate(texts[start[0]:]) if re.match(r'^(not )?ok \d+ stress$', x)]
    return texts[start[0]:start[0] + end[0] + 1] if end else texts[start[0]:]


def suite(report, name):
    return [x for x in report.tests if x.name == name]


def check_machine(label, smp, r):
    report = ktap.parse(r.log)
    found = suite(report, 'stress')
    t.ok(found and found[0].passed() and not report.errors,
         '%s: the stress suite is ok' % label, report.summary() + '\n' + r.describe())
    s = summary(r.texts())
    if not t.ok(s and 'verdict' in s, '%s: a whole summary' % label, r.describe()):
        return
    threads = s['threads']
    t.eq([x[0] for x in threads], list(range(smp)), '%s: one thread per CPU' % label)
    t.ok(threads and all(x[2] > 0 and x[2] == x[3] + x[4] + x[5] and x[1] == x[0] for x in threads),
         '%s: every thread did work, thread i on CPU i' % label, repr(threads))
    cov = s.get('covered', [0, 1] * 3)
    t.ok(cov[0] == cov[1] == 11 and cov[2] == cov[3] > 10 and cov[4] == cov[5] == 7,
         '%s: every order, kmalloc size and vmalloc size covered' % label, s.get('head'))
    free = s.get('free', [0, 1, 0])
    slabs = s['pairs'].get('slab pages', (0, 1))
    t.eq(free[1] + free[2] + slabs[1] - slabs[0], free[0],
         '%s: ST1 free pages after + page tables + slab pages gained = before' % label,
         repr((free, slabs)))
    t.ok(s['pairs'].get('slab objects', (0, 1))[0] == s['pairs']['slab objects'][1] and
         s['pairs'].get('vmalloc areas', (0, 1))[0] == s['pairs']['vmalloc areas'][1],
         '%s: ST2, ST3 slab objects and vmalloc areas as before' % label, repr(s['pairs']))
    tags = s.get('tags', [1, 0, 1])
    t.ok(tags[0] == 0 and tags[1] == tags[2], '%s: ST4, ST5 no tag overwritten, no bad page'
         % label, repr(tags))
    t.eq((s.get('invariants'), s['verdict']), ('ok', 'ok'), '%s: invariants ok, verdict ok' % label)
    total = s.get('total', [0, 1, 1, 0, 0])
    t.ok(total[0] == sum(x[2] for x in threads) and total[2] == len({x[1] for x in threads}) and
         abs(total[3] - total[0] * 1000 / max(total[1], 1)) <= total[3] / 10 + 1000,
         '%s: the total is the threads\' sum, its ops/s the ops over the time' % label,
         repr(total))
    lines = stress_lines(r.texts())
    t.ok(lines and not [x for x in lines if SPINLOCK.search(x) or 'BUG:' in x],
         '%s: no spin-lock report, no BUG, while the suite runs' % label,
         '\n'.join(x for x in lines if 'BUG' in x or 'lockup' in x))


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
specs = [dict(name='stress-' + re.sub(r'[^A-Za-z0-9]+', '-', label), machine=machine, mem=mem,
              smp=smp, extra=extra, cmdline='selftest', timeout=300)
         for label, machine, mem, smp, extra in machines.SMP]
specs.append(dict(name='stress-leak', mem='512M', smp=2, cmdline='selftest stress_leak',
                  timeout=300))
results = harness.boot_many(specs)
for (label, _, _, smp, _), r in zip(machines.SMP, results):
    check_machine(label, smp, r)

leak = results[-1]
report = ktap.parse(leak.log)
t.eq(leak.status, harness.EXIT_SELFTEST_FAILED, 'stress_leak: QEMU exits 35 (a test failed)',
     leak.describe())
t.eq(report.failures(), ['stress', 'stress.stress_allocators_test'],
     'stress_leak: the stress test is the only failure', report.summary())
s = summary(leak.texts()) or {}
t.ok(re.match(r'^FAILED: ST1: node 0, zone \w+: \d+ free before, \d+ after$', s.get('verdict', '')),
     'stress_leak: the verdict names ST1', s.get('verdict'))
free = s.get('free', [0, 0, 0])
slabs = s.get('pairs', {}).get('slab pages', (0, 0))
t.eq(free[0] - (free[1] + free[2] + slabs[1] - slabs[0]), 1, 'stress_leak: exactly one page missing')
t.done()

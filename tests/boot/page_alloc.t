#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""page_alloc.t - the buddy allocator at boot, on one node and on two.

Each machine boots with `selftest panic=-1`. The page_alloc suite (from
book/page_alloc.nw) exhausts memory and frees it all back to the same free
count, checks GFP_DMA and GFP_DMA32 placement and node-local allocation, and
provokes two bad frees (a double free and a free of a reserved page). From
outside, this test checks the lines the chapter prints, in Linux's format:

    mem auto-init: stack:off, heap alloc:on, heap free:off
    Memory: AK/BK available (XK kernel code, XK rwdata, XK rodata, XK init,
            XK bss, XK reserved, 0K cma-reserved)          (one line)
    BUG: Bad page state in process swapper/0  pfn:NNNNN   (twice)
    Freeing unused kernel image (initmem) memory: NK

the process being current, the self-tests' pid 1, which inherits the
boot task's name swapper/0 from sched_init() (as in Linux, until it runs
init), that A < B, that B is the memory the firmware's e820 map calls usable
(the page-aligned usable ranges without frame 0, which Linux also keeps
out), that A + reserved is at most B (the rest is memory whose struct
pages the zones chapter initialises later, and frees then), and that
page_poison=1 overrides init_on_alloc as Linux says it does.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

MEMORY = re.compile(r'Memory: (\d+)K/(\d+)K available \((\d+)K kernel code, (\d+)K rwdata, '
                    r'(\d+)K rodata, (\d+)K init, (\d+)K bss, (\d+)K reserved, 0K cma-reserved\)$')
E820 = re.compile(r'BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] usable')
BAD = re.compile(r'BUG: Bad page state in process swapper/0  pfn:[0-9a-f]{5,}$')
FREEING = re.compile(r'Freeing unused kernel image \(initmem\) memory: (\d+)K$')
PAGE = 4096


def two_nodes():
    args = []
    for i in range(2):
        args += ['-object', 'memory-backend-ram,id=m%d,size=1G' % i,
                 '-numa', 'node,nodeid=%d,cpus=%d,memdev=m%d' % (i, i, i)]
    return args


MACHINES = [
    dict(name='pa-one', mem='512M', smp=1, extra=[], cmdline=''),
    dict(name='pa-two', mem='2G', smp=2, extra=two_nodes(), cmdline=''),
    dict(name='pa-poison', mem='256M', smp=1, extra=[], cmdline='page_poison=1 init_on_free=1'),
]


def usable_kib(texts):
    """Usable e820 RAM in whole pages, without frame 0, in KiB."""
    pages = 0
    for text in texts:
        m = E820.match(text)
        if m:
            start = max((int(m.group(1), 16) + PAGE - 1) // PAGE, 1)
            end = (int(m.group(2), 16) + 1) // PAGE
            pages += max(end - start, 0)
    return pages * PAGE // 1024


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
results = harness.boot_many([dict(name=m['name'], mem=m['mem'], smp=m['smp'], extra=m['extra'],
                                  timeout=240, cmdline='selftest panic=-1 ' + m['cmdline'])
                             for m in MACHINES])
for m, r in zip(MACHINES, results):
    label = m['name']
    checks.good_boot(t, r, label)
    texts = r.texts()
    report = ktap.parse(r.log)
    t.ok(any(s.name == 'page_alloc' for s in report.tests),
         label + ': the page_alloc suite ran', report.summary())
    mem = [MEMORY.match(x) for x in texts if x.startswith('Memory: ')]
    t.ok(len(mem) == 1 and mem[0] is not None, label + ': one Memory: line in Linux\'s format',
         '\n'.join(x for x in texts if x.startswith('Memory: ')))
    if mem and mem[0]:
        a, b, code, rw, ro, init, bss, reserved = (int(x) for x in mem[0].groups())
        t.ok(0 < a < b, label + ': %dK free of %dK' % (a, b))
        t.eq(b, usable_kib(texts), label + ': B is the usable e820 memory')
        t.ok(a + reserved <= b, label + ': free + reserved <= B (%dK not yet freed: deferred '
             'struct pages)' % (b - a - reserved))
        t.ok(code > 0 and init > 0 and bss > 0, label + ': the image has code, init and bss')
    bad = [x for x in texts if BAD.match(x)]
    t.eq(len(bad), 2, label + ': the two bad frees of the self-tests are reported', '\n'.join(bad))
    freeing = [FREEING.match(x) for x in texts if x.startswith('Freeing unused kernel image')]
    t.ok(len(freeing) == 1 and freeing[0] and int(freeing[0].group(1)) > 0,
         label + ': the init sections are freed at the end of boot')
    if 'page_poison' in m['cmdline']:
        t.ok('mem auto-init: CONFIG_PAGE_POISONING is on, will take precedence over '
             'init_on_alloc and init_on_free' in texts, label + ': poisoning overrides init_on_*')
        t.ok('mem auto-init: stack:off, heap alloc:off, heap free:off' in texts,
             label + ': so both are off')
    else:
        t.ok('mem auto-init: stack:off, heap alloc:on, heap free:off' in texts,
             label + ': init_on_alloc is on by default, as in Debian')
t.done()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""vmalloc.t - vmalloc at boot (book/vmalloc.nw): the guard page and the text.

1. `test_vmalloc_guard panic=-1` (an option of ours): vmalloc_init()
   allocates one page and writes one byte past it. The first area of the
   boot is the lowest fit, at VMALLOC_START (0xffffc90000000000 without
   KASLR), one page and its guard page, so the write goes to
   0xffffc90000001000: the kernel must say so and then oops there, with
   the lines of Linux v6.1's arch/x86/mm/fault.c for a kernel write to a
   not-present page (error code 0x0002) whose page tables exist down to
   an empty PTE, and panic.

2. Two nodes of 1 GiB with `selftest vmallocinfo panic=-1`: the vmalloc
   suite passes, and /proc/vmallocinfo (Linux's s_show() format:
   "0x%pK-0x%pK %7ld" then " %pS", " pages=%d", the kind, " N%u=%u")
   lists the dentry and inode hash tables that hashdist puts in vmalloc
   space: their sizes are Linux's table sizes for 2 GiB (2 MiB and 1 MiB,
   from alloc_large_system_hash's rule, as zonelists_diff.t checks
   against Linux itself) plus one guard page, the first at VMALLOC_START,
   the second right after it, with half their pages on each node.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

VMALLOC_START = 0xffffc90000000000
PAGE = 4096
INFO = re.compile(r'^0x([0-9a-f]{16})-0x([0-9a-f]{16}) +(\d+) 0x[0-9a-f]+ pages=(\d+) vmalloc'
                  r'((?: N\d+=\d+)*)$')


def two_nodes():
    args = []
    for i in range(2):
        args += ['-object', 'memory-backend-ram,id=m%d,size=1G' % i,
                 '-numa', 'node,nodeid=%d,cpus=%d,memdev=m%d' % (i, i, i)]
    return args


def in_order(texts, wanted):
    """The first wanted line (string or regex) not found after the previous one."""
    pos = 0
    for want in wanted:
        for i in range(pos, len(texts)):
            hit = want.match(texts[i]) if hasattr(want, 'match') else texts[i] == want
            if hit:
                pos = i + 1
                break
        else:
            return want.pattern if hasattr(want, 'match') else want
    return None


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
guard, numa = harness.boot_many([
    dict(name='vmalloc-guard', mem='256M', cmdline='test_vmalloc_guard panic=-1', timeout=60),
    dict(name='vmalloc-numa', mem='2G', smp=2, extra=two_nodes(),
         cmdline='selftest vmallocinfo panic=-1', timeout=120),
])

# 1. the guard page
texts = guard.texts()
addr = '%016x' % (VMALLOC_START + PAGE)
t.eq(guard.status, harness.EXIT_PANIC, 'guard: QEMU exits 37 (panic)', guard.describe())
missing = in_order(texts, [
    "test_vmalloc_guard: writing to 0x%s, one byte past a vmalloc'ed page" % addr,
    'BUG: unable to handle page fault for address: %s' % addr,
    '#PF: supervisor write access in kernel mode',
    '#PF: error_code(0x0002) - not-present page',
    re.compile(r'^PGD [0-9a-f]+ P4D [0-9a-f]+ PUD [0-9a-f]+ PMD [0-9a-f]+ PTE 0$'),
    'Oops: 0002 [#1]',
    'CR2: %s' % addr,
    'Kernel panic - not syncing: Fatal exception'])
t.ok(missing is None, 'guard: the oops names the guard page at %s, in order' % addr,
     'missing (or out of order): %r\n%s' % (missing, guard.log))
t.ok("test_vmalloc_guard: the write past the area did not fault" not in texts,
     'guard: the kernel did not go on after the write')

# 2. two nodes: the self-tests and /proc/vmallocinfo
report = ktap.parse(numa.log)
suites = [s for s in report.tests if s.name == 'vmalloc']
t.ok(suites and suites[0].passed() and len(suites[0].subtests) >= 6,
     'numa: the vmalloc suite ran its cases and all passed', report.summary())
checks.status(t, numa, harness.EXIT_SUCCESS, 'numa')
texts = numa.texts()
start = texts.index('---[ /proc/vmallocinfo ]---') if '---[ /proc/vmallocinfo ]---' in texts else None
areas = [m for m in map(INFO.match, texts[start + 1:] if start is not None else []) if m]
want = [(VMALLOC_START, 2 * 1024 * 1024 + PAGE, 512),
        (VMALLOC_START + 2 * 1024 * 1024 + PAGE, 1024 * 1024 + PAGE, 256)]
got = [(int(m[1], 16), int(m[3]), int(m[4])) for m in areas[:2]]
t.eq(got, want, 'numa: the dentry and inode hash tables, in order from VMALLOC_START',
     numa.describe())
t.ok(all(int(m[2], 16) - int(m[1], 16) == int(m[3]) for m in areas),
     'numa: each line\'s end minus start is its size')
nodes = [m[5] for m in areas[:2]]
t.eq(nodes, [' N0=256 N1=256', ' N0=128 N1=128'],
     'numa: their pages alternate between the two nodes')
t.done()

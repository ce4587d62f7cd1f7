#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""sched.t - a kernel thread's stack overflow is caught on its guard page.

test_kthread_overflow, an option of ours (book/sched.nw), makes kernel_init
start a thread that recurses until it runs off its vmalloc'd stack. The
expected lines are written from Linux v6.1's format strings
(arch/x86/kernel/traps.c handle_stack_overflow(), dumpstack.c
__die_header()), and the numbers from the layout (THREAD_SIZE = 16 KiB,
the vmalloc space from 0xffffc90000000000, a guard page below each stack):

    test_kthread_overflow: pid N recurses on its stack A..B
    BUG: TASK stack guard page was hit at X (stack is A..B)
    stack guard page: 0000 [#1]
    CPU: 0 PID: N Comm: overflow Not tainted ...
    ...
    Kernel panic - not syncing: Fatal exception in interrupt

with B - A = 16 KiB, A in the vmalloc space, A - 4 KiB <= X < A, and the
same A..B in both lines: the thread's own stack, not the boot stack.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()

HEX16 = '[0-9a-f]{16}'
VMALLOC_START, VMALLOC_SIZE = 0xffffc90000000000, 32 << 40
THREAD_SIZE, PAGE_SIZE = 16384, 4096

r = harness.boot('sched-overflow', cmdline='test_kthread_overflow panic=-1', timeout=60)
texts = r.texts()
checks.status(t, r, harness.EXIT_PANIC, 'overflow')
told = [re.match(r'^test_kthread_overflow: pid (\d+) recurses on its stack '
                 r'0x([0-9a-f]+)\.\.0x([0-9a-f]+)$', x) for x in texts]
told = [m for m in told if m]
hit = [re.match(r'^BUG: TASK stack guard page was hit at (%s) \(stack is (%s)\.\.(%s)\)$'
                % (HEX16, HEX16, HEX16), x) for x in texts]
hit = [m for m in hit if m]
t.ok(told and int(told[0].group(1)) > 2, 'overflow: a new kernel thread (pid > 2) recurses',
     r.log)
if told and hit:
    at, begin, end = (int(x, 16) for x in hit[0].groups())
    t.ok((begin, end) == (int(told[0].group(2), 16), int(told[0].group(3), 16)),
         'overflow: the stack reported is the thread\'s', hit[0].group(0))
    t.ok(end - begin == THREAD_SIZE and VMALLOC_START <= begin < VMALLOC_START + VMALLOC_SIZE,
         'overflow: a 16 KiB stack in the vmalloc space', hit[0].group(0))
    t.ok(begin - PAGE_SIZE <= at < begin, 'overflow: the hit is in the page below it',
         hit[0].group(0))
else:
    t.ok(False, 'overflow: "BUG: TASK stack guard page was hit at ..." is printed', r.log)
i = texts.index(hit[0].group(0)) if hit else -1
t.ok(i >= 0 and i + 1 < len(texts) and texts[i + 1] == 'stack guard page: 0000 [#1]',
     'overflow: then "stack guard page: 0000 [#1]"', r.log)
# Linux's dump_stack_print_info() names current: the thread that overflowed,
# by the pid it was told and the name kthread_create() gave it.
who = [x for x in texts[i:] if x.startswith('CPU: ')] if i >= 0 else []
want = re.compile(r'^CPU: 0 PID: %s Comm: overflow Not tainted '
                  % (told[0].group(1) if told else 'N'))
t.ok(who and want.match(who[0]), 'overflow: the oops names the thread ("CPU: 0 PID: %s '
     'Comm: overflow ...")' % (told[0].group(1) if told else 'N'), who[:1] or r.log)
t.eq(texts[-1] if texts else None, 'Kernel panic - not syncing: Fatal exception in interrupt',
     'overflow: the panic is the last line', r.describe())
t.done()

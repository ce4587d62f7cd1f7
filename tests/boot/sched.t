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

Then a self-test boot at -smp 2, whose sched_test_might_sleep calls
might_sleep() with interrupts off and from the other CPU's interrupt
handler: each report must be Linux v6.1's three lines
(kernel/sched/core.c __might_resched()), with the context it was made
in: in_atomic() 0 and irqs_disabled() 1 in the thread (preempt_count
0), in_atomic() 1 in the handler, whose preempt_count is one hard
interrupt, 0x10000 (HARDIRQ_OFFSET, include/linux/preempt.h).
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

REPORT = [re.compile(r'^BUG: sleeping function called from invalid context at (\S+):(\d+)$'),
          re.compile(r'^in_atomic\(\): (\d+), irqs_disabled\(\): (\d+), non_block: (\d+), '
                     r'pid: (\d+), name: (\S+)$'),
          re.compile(r'^preempt_count: ([0-9a-f]+), expected: ([0-9a-f]+)$')]
r = harness.boot('sched-might-sleep', smp=2, cmdline='selftest panic=-1', timeout=240)
texts = r.texts()
checks.status(t, r, harness.EXIT_SUCCESS, 'might_sleep')
reports = []
for i, x in enumerate(texts):
    if REPORT[0].match(x):
        ms = [REPORT[k].match(texts[i + k]) if i + k < len(texts) else None for k in range(3)]
        reports.append(ms)
t.eq(len(reports), 2, 'might_sleep: two reports, thread with interrupts off and handler', r.log)
t.ok(all(all(ms) for ms in reports), 'might_sleep: each is Linux\'s three lines', reports)
if len(reports) == 2 and all(all(ms) for ms in reports):
    th, irq = reports
    t.ok(th[0].group(1).startswith('book/') and int(th[0].group(2)) > 0,
         'might_sleep: the place is a line of the book', th[0].group(0))
    t.eq(th[1].group(1, 2, 3), ('0', '1', '0'), 'might_sleep: thread: not atomic, interrupts off',
         th[1].group(0))
    t.eq(th[2].group(1, 2), ('0', '0'), 'might_sleep: thread: preempt_count 0', th[2].group(0))
    t.eq(irq[1].group(1, 2), ('1', '1'), 'might_sleep: handler: atomic, interrupts off',
         irq[1].group(0))
    t.eq(int(irq[2].group(1), 16), 0x10000, 'might_sleep: handler: one hard interrupt counted',
         irq[2].group(0))
t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""traps.t - real oopses, provoked on purpose (book/traps.nw).

test_fault=WORD, a test-only option Linux does not have, makes trap_init()
provoke one fault; with panic=-1 the oops ends in a panic and QEMU exits 37.
The expected lines are written from Linux v6.1's format strings
(arch/x86/mm/fault.c show_fault_oops() and dump_pagetable(),
arch/x86/kernel/dumpstack.c __die_header(), show_regs(), show_opcodes(),
arch/x86/kernel/process_64.c __show_regs(), arch/x86/kernel/traps.c
handle_stack_overflow()), not from our output:

    write   BUG ... ffffc90000000000, supervisor write access, 0x0002,
            not-present page, "PGD 0 P4D 0 ", Oops: 0002 [#1], registers
    exec    RIP is the unmapped address, Code: Unable to access opcode bytes
    ro      0x0003 permissions violation, the walk down to a read-only PTE
    guard   BUG: TASK stack guard page was hit, Fatal exception in interrupt
    gp, ud, de   general protection fault / invalid opcode / divide error
    bogus   refused with a message; the boot goes on (33)
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()

HEX16 = '[0-9a-f]{16}'
REGISTER_LINES = [
    re.compile(r'^RSP: 0018:%s EFLAGS: [0-9a-f]{8}$' % HEX16),
    re.compile(r'^RAX: %s RBX: %s RCX: %s$' % (HEX16, HEX16, HEX16)),
    re.compile(r'^RDX: %s RSI: %s RDI: %s$' % (HEX16, HEX16, HEX16)),
    re.compile(r'^RBP: %s R08: %s R09: %s$' % (HEX16, HEX16, HEX16)),
    re.compile(r'^R10: %s R11: %s R12: %s$' % (HEX16, HEX16, HEX16)),
    re.compile(r'^R13: %s R14: %s R15: %s$' % (HEX16, HEX16, HEX16)),
    re.compile(r'^FS:  %s\([0-9a-f]{4}\) GS:%s\([0-9a-f]{4}\) knlGS:%s$' % (HEX16, HEX16, HEX16)),
    re.compile(r'^CS:  0010 DS: [0-9a-f]{4} ES: [0-9a-f]{4} CR0: %s$' % HEX16),
    re.compile(r'^CR2: %s CR3: %s CR4: %s$' % (HEX16, HEX16, HEX16)),
]
CODE_BYTES = re.compile(r'^Code: (?:[0-9a-f]{2} ){42}<[0-9a-f]{2}>(?: [0-9a-f]{2}){21}$')


def symbol(name):
    """The address of a symbol of build/vmlinux, from nm."""
    out = subprocess.run(['nm', harness.VMLINUX], capture_output=True, text=True).stdout
    for line in out.split('\n'):
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    return None


def in_order(t, texts, wanted, label):
    """Each wanted line (a string, or a regex) appears, in this order."""
    pos, missing = 0, None
    for want in wanted:
        for i in range(pos, len(texts)):
            hit = want.match(texts[i]) if hasattr(want, 'match') else texts[i] == want
            if hit:
                pos = i + 1
                break
        else:
            missing = want.pattern if hasattr(want, 'match') else want
            break
    return t.ok(missing is None, label + ': the oops lines, in order',
                'missing (or out of order): %r' % missing)


def oops_boot(word):
    return harness.boot('traps-' + word, cmdline='test_fault=%s panic=-1' % word, timeout=60)


def common_oops(t, r, label, first, last='Kernel panic - not syncing: Fatal exception'):
    """The part of every oops that does not depend on the fault."""
    texts = r.texts()
    checks.status(t, r, harness.EXIT_PANIC, label)
    in_order(t, texts, [first,
                        # trap_init() runs before sched_init(): the boot task, pid 0,
                        # still has init_task's name, as Linux's early oopses show
                        re.compile(r'^CPU: 0 PID: 0 Comm: swapper Not tainted '),
                        re.compile(r'^RIP: 0010:0x[0-9a-f]+$')] + REGISTER_LINES +
             ['Call Trace:', ' <TASK>', ' </TASK>', 'Modules linked in:',
              '---[ end trace 0000000000000000 ]---',
              re.compile(r'^RIP: 0010:0x[0-9a-f]+$')] + REGISTER_LINES, label)
    t.eq(texts[-1] if texts else None, last, label + ': the panic is the last line', r.describe())


# write: a write to VMALLOC_START, where nothing is mapped
r = oops_boot('write')
texts = r.texts()
in_order(t, texts, ['traps: test_fault=write: provoking the fault',
                    'BUG: unable to handle page fault for address: ffffc90000000000',
                    '#PF: supervisor write access in kernel mode',
                    '#PF: error_code(0x0002) - not-present page',
                    'PGD 0 P4D 0 ', 'Oops: 0002 [#1]', CODE_BYTES,
                    'CR2: ffffc90000000000'], 'write: page-fault lines')
common_oops(t, r, 'write', 'Oops: 0002 [#1]')
t.ok('CR2: ffffc90000000000' in texts, 'write: the executive summary repeats CR2', r.log)

# exec: a call to VMALLOC_START. Without EFER.NX the CPU reports a read.
r = oops_boot('exec')
texts = r.texts()
access = [x for x in texts if x.startswith('#PF: supervisor')]
fetch = access == ['#PF: supervisor instruction fetch in kernel mode']
t.ok(fetch or access == ['#PF: supervisor read access in kernel mode'],
     'exec: the access is an instruction fetch (NX on) or a read (NX off)', repr(access))
code = '0x0010' if fetch else '0x0000'
in_order(t, texts, ['BUG: unable to handle page fault for address: ffffc90000000000',
                    '#PF: error_code(%s) - not-present page' % code, 'PGD 0 P4D 0 ',
                    'Oops: %s [#1]' % code[2:], 'RIP: 0010:0xffffc90000000000',
                    'Code: Unable to access opcode bytes at 0xffffc8ffffffffd6.'],
         'exec: page-fault lines, and no code bytes at RIP')
t.eq(r.status, harness.EXIT_PANIC, 'exec: QEMU exits 37 (panic)', r.describe())

# ro: a write to a page made read-only: the walk goes down to its PTE
r = oops_boot('ro')
texts = r.texts()
walk = [x for x in texts if x.startswith('PGD ')]
m = re.match(r'^PGD ([0-9a-f]+) P4D \1 PUD [0-9a-f]+ PMD [0-9a-f]+ PTE ([0-9a-f]+)$',
             walk[0] if walk else '')
t.ok(m and int(m.group(2), 16) & 1 and not int(m.group(2), 16) & 2,
     'ro: the walk reaches a present, read-only PTE; P4D repeats PGD', repr(walk))
bug = [x for x in texts if x.startswith('BUG: unable to handle page fault for address: ')]
addr = bug[0].split(': ')[-1] if bug else None
t.eq(addr, '%016x' % (symbol('traps_test_page') or 0), 'ro: the address is traps_test_page')
in_order(t, texts, ['#PF: supervisor write access in kernel mode',
                    '#PF: error_code(0x0003) - permissions violation', 'Oops: 0003 [#1]',
                    CODE_BYTES, 'CR2: %s' % addr], 'ro: page-fault lines')
common_oops(t, r, 'ro', 'Oops: 0003 [#1]')

# guard: the boot stack overflows into its guard page; the double fault reports it
r = oops_boot('guard')
texts = r.texts()
hit = [re.match(r'^BUG: TASK stack guard page was hit at (%s) \(stack is (%s)\.\.(%s)\)$'
                % (HEX16, HEX16, HEX16), x) for x in texts]
hit = [m for m in hit if m]
stack = symbol('init_stack')
if hit:
    at, begin, end = (int(x, 16) for x in hit[0].groups())
    t.ok(begin == stack and end - begin == 16384 and begin - 4096 <= at < begin,
         'guard: the hit is in the page under init_stack, a 16 KiB stack', hit[0].group(0))
else:
    t.ok(False, 'guard: "BUG: TASK stack guard page was hit at ..." is printed', r.log)
common_oops(t, r, 'guard', 'stack guard page: 0000 [#1]',
            'Kernel panic - not syncing: Fatal exception in interrupt')

# the other exceptions: Linux's die() line
for word, line in (('gp', 'general protection fault: 0000 [#1]'),
                   ('ud', 'invalid opcode: 0000 [#1]'),
                   ('de', 'divide error: 0000 [#1]')):
    r = oops_boot(word)
    common_oops(t, r, word, line)

# a word the option does not know: refused, and the boot goes on
r = harness.boot('traps-bogus', cmdline='test_fault=bogus panic=-1', timeout=60)
checks.status(t, r, harness.EXIT_SUCCESS, 'test_fault=bogus')
t.ok("Malformed option 'test_fault'" in r.texts(), 'test_fault=bogus: refused with a message',
     r.log)

# the self-tests provoke every fault through the exception table
r = harness.boot('traps-selftest', cmdline='selftest panic=-1', timeout=60)
report = ktap.parse(r.log)
suites = [s for s in report.tests if s.name == 'traps']
t.ok(suites and suites[0].passed() and len(suites[0].subtests) >= 6,
     'selftest: the traps suite ran its cases and all passed', report.summary())
checks.status(t, r, harness.EXIT_SUCCESS, 'selftest')
t.done()

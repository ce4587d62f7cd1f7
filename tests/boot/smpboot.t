#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""smpboot.t - every CPU comes up, each on its own per-CPU unit (book/smpboot.nw).

Boots with `selftest` on q35 and pc at -smp 1, 2 and 4, and on two nodes
with CPUs 0-1 on node 0 and 2-3 on node 1. Each boot must be a good boot
(exit 33, every registered suite ran and passed: among them smpboot, which
reads from the boot CPU what each CPU wrote about itself through its own
%gs, and percpu), and must print Linux's

    smp: Brought up N node(s), M CPU(s)

with M the -smp count and N the nodes, and the announce line listing
every AP (".... node  #0, CPUs:      #1 #2 #3").

Then a CPU that never answers: gdb stops the kernel at smp_init and
writes an APIC ID no CPU has (0x7f) as CPU 1's; the boot must print v6.1's
"smpboot: do_boot_cpu failed(-1) to wakeup CPU#1" after the 10 s wait
(or with the APIC's error status in place of -1, if the APIC reports one),
count one CPU, and finish (exit 33).
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402


def two_nodes(size, cpus):
    """Two nodes of @size each, with the CPUs cpus[i] (QEMU's list syntax) on node i."""
    args = []
    for i in range(2):
        args += ['-object', 'memory-backend-ram,id=m%d,size=%s' % (i, size),
                 '-numa', 'node,nodeid=%d,cpus=%s,memdev=m%d' % (i, cpus[i], i)]
    return args


CASES = [  # (label, machine, -m, -smp, nodes, extra QEMU arguments)
    ('q35 1 CPU', 'q35', '512M', 1, 1, []),
    ('q35 2 CPUs', 'q35', '512M', 2, 1, []),
    ('q35 4 CPUs', 'q35', '512M', 4, 1, []),
    ('pc 1 CPU', 'pc', '512M', 1, 1, []),
    ('pc 2 CPUs', 'pc', '512M', 2, 1, []),
    ('pc 4 CPUs', 'pc', '512M', 4, 1, []),
    ('two nodes, 4 CPUs', 'q35', '1G', 4, 2, two_nodes('512M', ['0-1', '2-3'])),
]


def brought_up(nodes, cpus):
    return 'smp: Brought up %d node%s, %d CPU%s' % (nodes, 's' if nodes > 1 else '',
                                                    cpus, 's' if cpus > 1 else '')


def announced(texts):
    """The CPU numbers of the announce lines, in order."""
    out = []
    for x in texts:
        m = re.match(r'^\.\.\.\. node +#\d+, CPUs: +((?:#\d+ *)+)$', x.rstrip())
        if m:
            out += [int(n) for n in re.findall(r'#(\d+)', m.group(1))]
    return out


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
specs = [dict(name='smpboot-' + re.sub(r'[^A-Za-z0-9]+', '-', label), machine=machine, mem=mem,
              smp=smp, extra=extra, cmdline='selftest', timeout=240)
         for label, machine, mem, smp, _, extra in CASES]
for (label, _, _, smp, nodes, _), r in zip(CASES, harness.boot_many(specs)):
    checks.good_boot(t, r, label)
    texts = r.texts()
    t.ok(brought_up(nodes, smp) in texts, '%s: "%s"' % (label, brought_up(nodes, smp)), r.log)
    t.eq(announced(texts), list(range(1, smp)), label + ': every AP is announced, in order')
    # smp_printk_every_cpu_test (book/smp.nw): every CPU printed 40 numbered
    # lines at once; each must come out whole, and all of them
    said = [x for x in r.log.splitlines() if 'smp_test: CPU' in x]
    whole = [re.match(r'^\[ *\d+\.\d{6}\] smp_test: CPU (\d+) line (\d+) of 40$', x) for x in said]
    t.ok(said and all(whole), label + ': lines printed by every CPU at once are whole',
         [x for x, m in zip(said, whole) if not m][:3] or r.log)
    t.eq(sorted((int(m.group(1)), int(m.group(2))) for m in whole if m),
         [(c, i) for c in range(smp) for i in range(1, 41)], label + ': and all there')

harness.require(harness.VMLINUX, 'run `make kernel` first')
sock = os.path.join(tempfile.mkdtemp(prefix='startmem-gdb-'), 'gdb.sock')
with harness.Qemu('smpboot-no-answer', smp=2, gdb_socket=sock) as qemu:
    qemu.start()
    status, out = harness.gdb_batch(sock, [
        'hbreak smp_init', 'continue', 'set x86_cpu_to_apicid[1] = 0x7f', 'detach'])
    r = qemu.wait(timeout=120)
shutil.rmtree(os.path.dirname(sock), ignore_errors=True)
t.ok(status is not None and 'Breakpoint 1, ' in out, 'gdb stopped at smp_init', out)
checks.status(t, r, harness.EXIT_SUCCESS, 'CPU 1 does not answer')
texts = r.texts()
t.ok(any(re.match(r'smpboot: do_boot_cpu failed\(-?\d+\) to wakeup CPU#1$', x) for x in texts),
     "CPU 1 does not answer: v6.1's do_boot_cpu failed message", r.log)
t.ok(brought_up(1, 1) in texts, 'CPU 1 does not answer: "%s"' % brought_up(1, 1), r.log)
t.done()

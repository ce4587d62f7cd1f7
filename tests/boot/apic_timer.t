#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""apic_timer.t - the local APIC, its timer and the tick, booted.

init_IRQ() masks the 8259s and gives every vector a gate; time_init()
enables the local APIC, masks the I/O APIC's pins, calibrates the APIC
timer against the PM timer and starts it at HZ 250; start_kernel() then
enables interrupts. On QEMU the APIC timer runs at 1 GHz, so the
calibration must find 4,000,000 bus clocks per tick; we accept 1 %
either way (measured: 4,000,001 and 4,000,002). Each machine:

  - pc with 1 CPU and q35 with 2, `selftest panic=-1 apic=verbose`: exit
    33 with every self-test passed (the tick suite measures jiffies and
    the interrupts against the PM timer, the irq suite sends IPIs to
    unused vectors), Linux's "APIC: Switch to symmetric I/O mode setup",
    the four verbose calibration lines with the bus clock within 1 % of
    1000 MHz, the two unknown-vector lines of the irq suite in Linux's
    words, and the kernel powers off as before ("reboot: Power down");
  - q35 without apic=verbose: no calibration line (Linux prints them
    only when asked), and still exit 33;
  - `apic=bogus`: Linux's "APIC Verbosity level bogus not recognised use
    apic=verbose or apic=debug" and "Malformed early option 'apic'".
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

QEMU_APIC_TIMER_PER_TICK = 10**9 // 250     # QEMU's 1 GHz APIC timer, HZ 250
CALIBRATION = re.compile(r'^\.{5} calibration result: (\d+)$', re.M)
BUS_CLOCK = re.compile(r'^\.{5} host bus clock speed is (\d+)\.(\d{4}) MHz\.$', re.M)

CASES = [  # (label, machine, -smp, command line)
    ('pc smp 1', 'pc', 1, 'selftest panic=-1 apic=verbose'),
    ('q35 smp 2', 'q35', 2, 'selftest panic=-1 apic=verbose'),
    ('q35 quiet', 'q35', 1, 'panic=-1'),
    ('q35 apic=bogus', 'q35', 1, 'panic=-1 apic=bogus'),
]

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
results = harness.boot_many([dict(name='apictimer-' + re.sub(r'[^A-Za-z0-9]+', '-', label),
                                  machine=machine, mem='256M', smp=smp, cmdline=cmdline,
                                  timeout=120)
                             for label, machine, smp, cmdline in CASES])
for (label, machine, smp, cmdline), r in zip(CASES, results):
    t.note('%s: %s' % (label, r.describe()))
    text = '\n'.join(r.texts())
    t.ok(r.status == harness.EXIT_SUCCESS and 'reboot: Power down' in text,
         label + ': powers off with status 33', r.describe())
    t.ok('APIC: Switch to symmetric I/O mode setup' in r.texts(),
         label + ": Linux's line for the switch to the APICs", r.log_path)
    if 'apic=verbose' in cmdline:
        report = ktap.parse(r.log)
        t.ok(report.ok, label + ': every self-test passes (tick, irq, apic among them)',
             '\n'.join(report.errors + report.failures()))
        m = CALIBRATION.search(text)
        t.ok(m and abs(int(m.group(1)) - QEMU_APIC_TIMER_PER_TICK) <= QEMU_APIC_TIMER_PER_TICK // 100,
             label + ': calibration within 1 %% of %d bus clocks per tick' % QEMU_APIC_TIMER_PER_TICK,
             m and m.group(0))
        b = BUS_CLOCK.search(text)
        t.ok(b and 990 <= int(b.group(1)) <= 1010, label + ': host bus clock about 1000 MHz',
             b and b.group(0))
        t.ok('__common_interrupt: 0.65 No irq handler for vector' in r.texts() and
             'Spurious interrupt (vector 0xf0) on CPU#0. Acked' in r.texts(),
             label + ": the unknown vectors reported in Linux's words", r.log_path)
    elif 'bogus' in cmdline:
        t.ok('APIC Verbosity level bogus not recognised use apic=verbose or apic=debug'
             in r.texts() and "Malformed early option 'apic'" in r.texts(),
             label + ": Linux's two warnings", r.log_path)
    else:
        t.ok(not CALIBRATION.search(text), label + ': no calibration line without apic=verbose')
t.done()

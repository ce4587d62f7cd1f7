#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""apic_diff.t - the MADT's lines against Debian's own Linux 6.1.

After paging_init(), setup_arch() reads the FADT's PM timer, the MADT and
the HPET table (acpi_boot_init()) and settles the number of processors
(prefill_possible_map()). On QEMU both kernels print, in this order:

    ACPI: PM-Timer IO Port: 0x608
    ACPI: LAPIC_NMI (acpi_id[0xff] dfl dfl lint[0x1])
    IOAPIC[0]: apic_id 0, version 32, address 0xfec00000, GSI 0-23
    ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)
    ...
    ACPI: Using ACPI (MADT) for SMP configuration information
    ACPI: HPET id: 0x8086a201 base: 0xfed00000
    smpboot: Allowing N CPUs, M hotplug CPUs

The machines: pc and q35 with 1, 2 and 4 processors; q35 with 2 of 4
possible processors present (-smp 2,maxcpus=4: two hot-pluggable ones,
listed in the MADT as disabled); and the NUMA machines of numa.t, booted
with numa.t's very options so that the shared cache of Linux logs answers
both tests. The lines must be Linux's line for line, and Linux must have
printed its smpboot line (a Linux that stopped early fails). Our kernel
runs its self-tests on each machine and must pass them all (the apic
suite checks invariants P1-P3, I1-I2 and that CPU 0 is the processor
running).
"""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import machines  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

APIC_LINE = re.compile(r'^(ACPI: (PM-Timer|LAPIC_NMI|X2APIC_NMI|INT_SRC_OVR|NMI_SRC|'
                       r'LAPIC_ADDR_OVR|Using ACPI|HPET id|Invalid BIOS MADT|Error parsing|'
                       r'No LAPIC|No IOAPIC|x2apic entry)|IOAPIC\[|'
                       r'smpboot: (Allowing|Boot CPU|\d+ Processors)|APIC: )')
# The line after Linux's smpboot line: everything compared is out
SMPBOOT_OUT = re.compile(r'smpboot: Allowing [^\n]*\n[^\n]*\n')


PLAIN = [  # (label, machine, -m, -smp)
    ('pc smp 1', 'pc', '1G', 1),
    ('q35 smp 1', 'q35', '1G', 1),
    ('pc smp 2', 'pc', '512M', 2),
    ('q35 smp 2', 'q35', '512M', 2),
    ('pc smp 4', 'pc', '512M', 4),
    ('q35 smp 4', 'q35', '512M', 4),
    ('q35 smp 2 of 4', 'q35', '512M', '2,maxcpus=4'),
]
NUMA = [  # numa.t's machines: (label, -m, -smp, extra)
    ('numa two', '2G', 2, machines.nodes(['1G', '1G'])),
    ('numa four', '2G', 4, machines.nodes(['256M', '768M', '512M', '512M'])),
    ('numa memless', '1G', 2, machines.nodes(['1G', None])),
    ('numa hole', '4G', 2, machines.nodes(['1G', '3G'])),
]


def apic_lines(result):
    """The lines compared, up to the smpboot line (a live Linux may print more)."""
    out = []
    for x in result.texts():
        if APIC_LINE.match(x):
            out.append(x)
        if x.startswith('smpboot: Allowing'):
            break
    return out


harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
specs = []
for label, machine, mem, smp in PLAIN:
    name = 'apicdiff-' + re.sub(r'[^A-Za-z0-9]+', '-', label)
    specs.append(harness.linux(name + '-linux', stop_at=SMPBOOT_OUT, timeout=150,
                               machine=machine, mem=mem, smp=smp, extra=[]))
    specs.append(dict(name=name + '-ours', machine=machine, mem=mem, smp=smp, extra=[],
                      cmdline='selftest panic=-1', timeout=120))
for label, mem, smp, extra in NUMA:
    name = 'apicdiff-' + re.sub(r'[^A-Za-z0-9]+', '-', label)
    # exactly numa.t's Linux boot, so that one kept log answers both
    specs.append(harness.linux(name + '-linux', mem=mem, smp=smp, extra=extra, timeout=150,
                               stop_at=checks.ZONELISTS_LINUX_DONE))
    specs.append(dict(name=name + '-ours', mem=mem, smp=smp, extra=extra,
                      cmdline='selftest panic=-1', timeout=120))
results = harness.boot_many(specs)

for i, label in enumerate([c[0] for c in PLAIN] + [c[0] for c in NUMA]):
    linux, ours = results[2 * i], results[2 * i + 1]
    t.note('%s: Linux: %s\n%s: ours: %s' % (label, linux.describe(), label, ours.describe()))
    theirs, mine = apic_lines(linux), apic_lines(ours)
    t.ok(any(x.startswith('smpboot: Allowing') for x in theirs),
         label + ': Linux printed its smpboot line', linux.log_path)
    t.ok(mine == theirs, label + ": the MADT and smpboot lines are Linux's, line for line",
         '\n'.join(difflib.unified_diff(theirs, mine, 'Linux 6.1', 'startmem', lineterm='')))
    report = ktap.parse(ours.log)
    t.ok(ours.status == harness.EXIT_SUCCESS and report.ok,
         label + ': ours boots and passes its self-tests',
         '%s\n%s' % (ours.describe(), '\n'.join(report.errors + report.failures())))
t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""e820_diff.t - our BIOS-e820 lines against Debian's own Linux 6.1.

For the same QEMU options, the firmware hands both kernels the same e820
table, and both must print it the same way: Linux's

    BIOS-provided physical RAM map:
    BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
    ...

Debian 12's kernel (build/debian/vmlinuz, from `make linux-debian`) boots
with `console=ttyS0 nokaslr` and no initrd; it would go on to panic at
mounting root, so its QEMU is stopped as soon as the line after its e820
block is out. Its decompressor runs at the kernel's preferred load address
(16 MiB) and needs init_size bytes from there, both read from the bzImage's
setup header: some 80 MiB in all. With 32 and 64 MiB of RAM it cannot
unpack itself, and the machine resets before Linux prints a byte. Those
four machines are named in SMALL: there the test asserts that the header
indeed says the kernel does not fit, that Linux printed nothing and QEMU
reset, and that our kernel boots and prints its map all the same. On every
other machine, a Linux that prints no map is a failure, not a pass.

The cases cross the places where QEMU splits RAM around the PCI hole:
q35 keeps RAM below 2.75 GiB low and moves everything above 2 GiB over
4 GiB once RAM reaches 2.75 GiB; pc keeps less than 3.5 GiB low, and from
3.5 GiB on keeps 3 GiB low (gigabyte alignment). max-ram-below-4g moves
the split by hand.
"""
import difflib
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

CMDLINE = harness.LINUX_CMDLINE
HEADER = 'BIOS-provided physical RAM map:'
# A BIOS-e820 line, then a whole line that is not one: the map is out.
AFTER_MAP = re.compile(r'BIOS-e820:[^\n]*\n(?![^\n]*BIOS-e820)[^\n]*\n')

CASES = [  # (machine, -m)
    ('q35', '32M'), ('pc', '32M'), ('q35', '64M'), ('pc', '64M'),
    ('q35', '128M'), ('pc', '128M'), ('q35', '1G'), ('pc', '1G'),
    ('q35', '2815M'), ('q35', '2816M'), ('pc', '3583M'), ('pc', '3584M'),
    ('q35', '6G'), ('pc', '6G'), ('pc,max-ram-below-4g=2G', '3G'),
]

# Where Debian's Linux cannot boot: too little RAM to decompress itself.
SMALL = {('q35', '32M'), ('pc', '32M'), ('q35', '64M'), ('pc', '64M')}

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()


def mebibytes(mem):
    return int(mem[:-1]) << {'M': 0, 'G': 10}[mem[-1]]


def linux_needs():
    """Bytes of RAM Debian's bzImage needs to decompress: pref_address + init_size.

    From the x86 boot protocol's setup header (Documentation/x86/boot.rst):
    the magic "HdrS" at 0x202, pref_address (u64) at 0x258, init_size (u32)
    at 0x260, both present since protocol 2.10.
    """
    with open(harness.DEBIAN_KERNEL, 'rb') as f:
        header = f.read(0x264)
    assert header[0x202:0x206] == b'HdrS', 'build/debian/vmlinuz has no setup header'
    return struct.unpack_from('<Q', header, 0x258)[0] + struct.unpack_from('<I', header, 0x260)[0]


NEEDS = linux_needs()


def name(who, machine, mem):
    return 'e820diff-%s-%s-%s' % (who, machine.split(',')[0] + ('-split' if ',' in machine else ''), mem)


def the_map(result):
    """The header and the BIOS-e820 lines, without timestamps."""
    return [x for x in result.texts() if x == HEADER or x.startswith('BIOS-e820:')]


specs = []
for machine, mem in CASES:
    specs.append(harness.linux(name('linux', machine, mem), machine=machine, mem=mem,
                               stop_at=AFTER_MAP))
    specs.append(dict(name=name('ours', machine, mem), machine=machine, mem=mem,
                      cmdline=CMDLINE, timeout=60))
results = harness.boot_many(specs)

for i, (machine, mem) in enumerate(CASES):
    linux, ours = results[2 * i], results[2 * i + 1]
    label = '-machine %s -m %s' % (machine, mem)
    t.note('%s: Linux: %s\n%s: ours: %s' % (label, linux.describe(), label, ours.describe()))
    mine, theirs = the_map(ours), the_map(linux)
    checks.status(t, ours, harness.EXIT_SUCCESS, label + ': ours')
    if not mine:
        t.ok(False, label + ': our kernel prints its BIOS-e820 lines',
             'none in %s: has the e820 chapter landed?' % ours.log_path)
        continue
    if (machine, mem) in SMALL:
        t.ok(mebibytes(mem) << 20 < NEEDS and linux.status == 0 and not linux.log,
             label + ': Linux cannot decompress itself here (needs %d MiB): it resets, silent'
             % (NEEDS >> 20), linux.describe() + '\n' + linux.log[:2000])
        t.ok(mine[0] == HEADER and len(mine) > 1,
             label + ": Linux does not boot here; ours prints its map anyway",
             '\n'.join(mine))
        continue
    t.ok(mebibytes(mem) << 20 >= NEEDS and theirs and theirs[0] == HEADER and len(theirs) > 1,
         label + ': Linux boots and prints its BIOS-e820 lines', linux.describe())
    t.ok(mine == theirs, label + ": the BIOS-e820 lines are Linux's, line for line",
         '\n'.join(difflib.unified_diff(theirs, mine, 'Linux 6.1', 'startmem', lineterm='')))

# An invalid user map: only the first MiB. Linux panics before its console
# is up and before it reads panic=, so it is booted with earlyprintk and
# stopped at the end of its panic; ours must panic with the same cause.
EXACTMAP = 'memmap=exactmap memmap=1M@0'
label = EXACTMAP
linux, ours = harness.boot_many([
    dict(name='e820diff-linux-exactmap', kernel=harness.DEBIAN_KERNEL,
         cmdline='console=ttyS0 earlyprintk=serial nokaslr ' + EXACTMAP, timeout=90,
         stop_at=re.compile(r'---\[ end Kernel panic[^\n]*\n')),
    dict(name='e820diff-ours-exactmap', cmdline=EXACTMAP + ' panic=-1', timeout=60),
])


def panic_cause(result):
    causes = re.findall(r'Kernel panic - not syncing: ([^\n]*)', result.log)
    return causes[0].strip() if causes else None


t.ok(panic_cause(linux), label + ': Linux panics', linux.describe())
checks.status(t, ours, harness.EXIT_PANIC, label + ': ours')
t.eq(panic_cause(ours), panic_cause(linux), label + ": the cause of the panic is Linux's",
     ours.describe())
t.done()

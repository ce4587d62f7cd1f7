#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""e820_cmdline.t - mem= and memmap= on real boots, by hand and against Linux.

The e820 self-test e820_command_line_is_applied (book/e820.nw) holds, for
each command line below, the table the items must make of the firmware's
map, written by hand. It skips a command line it has no expectation
for, so this test boots every one of them (`selftest panic=-1`) and
requires that case to pass, not to skip: exit 33, the whole KTAP report
ok. From outside, the "user-defined physical RAM map" our kernel prints
must be Debian's Linux 6.1's, line for line, for the same options on the
same machine.

The machine is q35 with 512 MiB (RAM from 1 MiB to 0x1ffdf000), and
2 GiB for the one item that reserves memory at 1 GiB.
"""
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

CASES = [  # (the mem= and memmap= words, -m), as e820_expect_cases lists them
    ('memmap=64M$128M', '512M'),
    ('memmap=256M$0x40000000', '2G'),
    ('memmap=exactmap,640K@0,255M@1M', '512M'),
    ('mem=256M memmap=16M%32M-1+2', '512M'),
    ('memmap=16M%32M-1', '512M'),
    ('memmap=64M$128M memmap=16M%136M-2+1', '512M'),
    ('memmap=64M$128M memmap=16M@136M', '512M'),
    ('memmap=1M!256M memmap=4K#0x9000', '512M'),
]
HEADER = 'user-defined physical RAM map:'
# A user: line, then a whole line that is not one: the map is out.
AFTER_MAP = re.compile(r'user: [^\n]*\n(?![^\n]*user: )[^\n]*\n')

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()


def user_map(result):
    return [x for x in result.texts() if x == HEADER or x.startswith('user: ')]


specs = []
for i, (options, mem) in enumerate(CASES):
    specs.append(dict(name='e820cmdline-ours-%d' % i, mem=mem, timeout=60,
                      cmdline='selftest panic=-1 ' + options))
    specs.append(harness.linux('e820cmdline-linux-%d' % i, mem=mem, cmdline=options,
                               stop_at=AFTER_MAP))
results = harness.boot_many(specs)

for i, (options, mem) in enumerate(CASES):
    ours, linux = results[2 * i], results[2 * i + 1]
    label = '%s (-m %s)' % (options, mem)
    t.note('%s: ours: %s\n%s: Linux: %s' % (label, ours.describe(), label, linux.describe()))
    checks.status(t, ours, harness.EXIT_SUCCESS, label + ': ours')
    report = ktap.parse(ours.log)
    t.ok(report.ok, label + ': every self-test passes', report.summary())
    e820 = next((s for s in report.tests if s.name == 'e820'), None)
    case = e820 and next((c for c in e820.subtests if c.name == 'e820_command_line_is_applied'), None)
    t.ok(case is not None and case.status == 'ok' and not case.skipped,
         label + ': the hand-written expectation for these options is checked, and holds',
         ours.describe())
    mine, theirs = user_map(ours), user_map(linux)
    t.ok(len(theirs) > 1 and mine == theirs, label + ": the user-defined map is Linux's, line for line",
         '\n'.join(difflib.unified_diff(theirs, mine, 'Linux 6.1', 'startmem', lineterm=''))
         + '\n' + linux.describe())
t.done()

# SPDX-License-Identifier: GPL-2.0-only
"""checks.py - what every boot of our kernel must show, as TAP test points.

Shared by the boot tests: the exit status, the shape of the log (banner
first, Linux timestamps that never decrease), no panic, and the KTAP
report of the self-tests.
"""
import os
import re

import harness
import ktap

BANNER = 'startmem version '
PANIC = 'Kernel panic - not syncing'
E820_LINE = re.compile(r'BIOS-e820: \[mem 0x[0-9a-f]{16}-0x[0-9a-f]{16}\] \S')
SUITE_NAME = re.compile(r'struct kunit_suite (\w+) = \{\s*\.name\s*=\s*"([^"]+)"')
SUITE_REGISTERED = re.compile(r'^kunit_test_suite\((\w+)\);', re.M)


def registered_suites():
    """The names of the KUnit suites that the chapters in book/chapters register.

    A boot with `selftest` must run every one of them: a suite that
    vanished (its chunk no longer tangled, its section dropped by the
    linker script, the runner stopping early) must not count as a pass.
    """
    with open(os.path.join(harness.ROOT, 'book', 'chapters')) as f:
        chapters = f.read().split()
    names = []
    for chapter in chapters:
        with open(os.path.join(harness.ROOT, 'book', chapter + '.nw')) as f:
            text = f.read()
        structs = dict(SUITE_NAME.findall(text))
        names += [structs[var] for var in SUITE_REGISTERED.findall(text)]
    return names


def status(t, result, want, label):
    return t.eq(result.status, want, '%s: QEMU exits %d (%s)'
                % (label, want, harness.EXIT_NAMES[want]), result.describe())


def no_panic(t, result, label):
    panics = [line for line in result.lines() if PANIC in line]
    return t.ok(not panics, label + ': no kernel panic', '\n'.join(panics))


def banner_first(t, result, label):
    texts = result.texts()
    return t.ok(texts and texts[0].startswith(BANNER),
                label + ': the first kernel line is the banner',
                'first line: %r; %s' % (texts[0] if texts else None, result.describe()))


def timestamps(t, result, label):
    """Every non-empty line has a Linux timestamp; they never decrease."""
    lines = [line for line in result.lines() if line.strip()]
    bad = [line for line in lines if harness.split_timestamp(line) is None]
    ok1 = t.ok(lines and not bad, label + ': every line has a Linux timestamp',
               'without one: %r' % bad[:5])
    times = [ts for ts, _ in result.kernel_lines()]
    back = [(a, b) for a, b in zip(times, times[1:]) if b < a]
    ok2 = t.ok(times and not back, label + ': the timestamps never decrease',
               'backwards: %r' % back[:5])
    return ok1 and ok2


def selftests_pass(t, result, label, suites=None):
    """The KTAP report is complete and all ok, and every suite ran.

    suites: the suite names expected, by default registered_suites().
    """
    report = ktap.parse(result.log)
    want = sorted(registered_suites() if suites is None else suites)
    ran = sorted(s.name for s in report.tests)
    return t.ok(report.ok and ran == want,
                label + ': the KTAP report is complete and all ok, and every registered suite ran',
                '%s\nsuites ran: %r\nregistered: %r\n%s'
                % (report.summary(), ran, want, result.describe()))


def e820_lines(result):
    return [text for text in result.texts() if text.startswith('BIOS-e820:')]


def e820_present(t, result, label):
    """The BIOS-e820 lines, well formed."""
    name = label + ': the BIOS-e820 lines are printed'
    lines = e820_lines(result)
    malformed = [line for line in lines if not E820_LINE.match(line)]
    return t.ok(lines and not malformed, name,
                'lines: %d, malformed: %r; %s' % (len(lines), malformed, result.describe()))


def good_boot(t, result, label):
    """Every check a successful boot with `selftest` must pass."""
    status(t, result, harness.EXIT_SUCCESS, label)
    no_panic(t, result, label)
    banner_first(t, result, label)
    timestamps(t, result, label)
    selftests_pass(t, result, label)
    e820_present(t, result, label)

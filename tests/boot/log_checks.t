#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""log_checks.t - the checks the boot tests apply to a log, on made-up logs.

Without QEMU: each check of checks.py must pass on a good log and fail on
a log with the one defect it exists to catch, so that a passing boot test
means something. The checks report into a Tap of their own, whose verdicts
are compared here.
"""
import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

t = Tap()

# split_timestamp: Linux's "[%5lu.%06lu] " and nothing else.
for line, want in (('[    0.000000] a', (0.0, 'a')),
                   ('[    1.500000] b', (1.5, 'b')),
                   ('[12345.000001] c', (12345.000001, 'c')),
                   ('[123456.000000] d', (123456.0, 'd'))):
    t.eq(harness.split_timestamp(line), want, 'split_timestamp(%r)' % line)
for line in ('[ 0.000000] narrow', '[    0.00000] five digits', '[    0.000000]no space',
             '[00000.000000] zero-padded', 'startmem version', ' [    0.000000] indented',
             '[   12 .000000] gap'):
    t.eq(harness.split_timestamp(line), None, 'split_timestamp(%r) is not a timestamp' % line)

GOOD = ('\r\n[    0.000000] startmem version 0.1\r\n'
        '[    0.000100] tsc: Detected 2600.000 MHz processor\r\n'
        '[    0.010000] KTAP version 1\r\n[    0.010001] 1..1\r\n'
        '[    0.010002]     KTAP version 1\r\n[    0.010003]     # Subtest: s\r\n'
        '[    0.010004]     1..1\r\n[    0.010005]     ok 1 c\r\n'
        '[    0.010006] ok 1 s\r\n[    0.010007] reboot: Power down\r\n')


def SUITE_S(t_, r, label):
    """selftests_pass, with the one suite of the made-up logs registered."""
    return checks.selftests_pass(t_, r, label, suites=['s'])


def fake(log, status=harness.EXIT_SUCCESS):
    return harness.BootResult('fake', [], log.replace('\r\n', '\n'), status, False, False,
                              0.1, os.path.join(harness.LOG_DIR, 'fake.log'), '', {})


def verdict(check, log, status=harness.EXIT_SUCCESS):
    """Run one check on a made-up log; True if all its test points passed."""
    inner = Tap()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        check(inner, fake(log, status), 'fake')
    return inner.failed == 0


cases = [
    ('status', lambda t_, r, l: checks.status(t_, r, 33, l), GOOD, 37, 'exit 37, not 33'),
    ('no_panic', checks.no_panic, GOOD.replace('reboot: Power down',
                                               'Kernel panic - not syncing: x'), 33, 'a panic'),
    ('banner_first', checks.banner_first, GOOD.replace('startmem version 0.1', 'Linux version'),
     33, 'another first line'),
    ('timestamps', checks.timestamps, GOOD.replace('[    0.000100] tsc', 'tsc'), 33,
     'a line without a timestamp'),
    ('timestamps', checks.timestamps, GOOD.replace('[    0.010007]', '[    0.009999]'), 33,
     'a timestamp that goes back'),
    ('timestamps', checks.timestamps, GOOD.replace('[    0.000100]', '[0.000100]'), 33,
     'a timestamp not in Linux format'),
    ('selftests_pass', SUITE_S, GOOD.replace('    ok 1 c', '    not ok 1 c')
     .replace('ok 1 s', 'not ok 1 s'), 33, 'a failed case'),
    ('selftests_pass', SUITE_S, GOOD.replace('1..1\r\n[    0.010002]',
                                             '1..0\r\n[    0.010002]')
     .split('[    0.010002]')[0], 33, 'no suite at all'),
    ('selftests_pass', SUITE_S, GOOD.replace('# Subtest: s', '# Subtest: t')
     .replace('ok 1 s', 'ok 1 t'), 33, 'a suite that is not the one registered'),
]
for name, check, bad, status, defect in cases:
    t.ok(verdict(check, GOOD), '%s passes on a good log' % name)
    t.ok(not verdict(check, bad, status), '%s fails on %s' % (name, defect))
t.ok(not verdict(lambda t_, r, l: checks.selftests_pass(t_, r, l, suites=['s', 'u']), GOOD),
     'selftests_pass fails when a registered suite did not run')

# registered_suites() reads the book: the suites of two chapters, by
# the names their KTAP headers carry, once each.
registered = checks.registered_suites()
t.ok({'e820', 'memblock_x86', 'memblock'} <= set(registered)
     and len(registered) == len(set(registered)),
     'registered_suites() finds e820, memblock_x86 and memblock, none twice', repr(registered))
t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""ktap_parser.t - the KTAP parser (ktap.py) on good and malformed reports.

The boot tests trust the parser to say whether the kernel's self-tests
passed, so it is tested first, without QEMU: on reports written here by
hand in the form book/kunit.nw prints, and on every way a report can go
wrong. A malformed report must come out with an error and not ok; none
may pass as a partial run.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

t = Tap()


def stamp(text, start=0.011):
    """Put a printk timestamp before every line, as the serial log has."""
    out = []
    for i, line in enumerate(text.strip('\n').split('\n')):
        out.append('[%12.6f] %s' % (start + i * 0.0001, line))
    return '\r\n'.join(out) + '\r\n'


def expect_ok(report, name, counts):
    t.ok(report.ok, name + ': ok', report.summary())
    t.eq(report.errors, [], name + ': no errors')
    t.eq(report.counts(), counts, name + ': pass, fail, skip counted')


def expect_malformed(report, name, words):
    """Not ok, with an error that mentions each of words."""
    t.ok(not report.ok, name + ': not ok', report.summary())
    text = ' '.join(report.errors)
    t.ok(report.errors and all(w in text for w in words),
         name + ': the error says %s' % ', '.join(repr(w) for w in words),
         'errors: %r' % report.errors)


TWO_SUITES = '''
Kernel command line: selftest
KTAP version 1
1..2
    KTAP version 1
    # Subtest: e820
    1..2
    ok 1 e820_table_is_sanitized
    ok 2 e820_max_pfn # SKIP no RAM above 4 GiB
# e820: pass:1 fail:0 skip:1 total:2
ok 1 e820
    KTAP version 1
    # Subtest: memblock
    1..1
    ok 1 memblock_add_simple
# memblock: pass:1 fail:0 skip:0 total:1
ok 2 memblock
# Totals: pass:2 fail:0 skip:1 total:3
reboot: Power down
'''

# A complete, passing report, with kernel output around it:
#   KTAP 1..2 { e820 1..2 {ok, ok # SKIP}  memblock 1..1 {ok} }
# Expect ok, two suites, pass:2 fail:0 skip:1.
r = ktap.parse(stamp(TWO_SUITES))
expect_ok(r, 'two passing suites', (2, 0, 1))
t.eq([s.name for s in r.tests], ['e820', 'memblock'], 'two passing suites: suite names')
t.eq([c.name for c in r.tests[0].subtests], ['e820_table_is_sanitized', 'e820_max_pfn'],
     'two passing suites: case names')
t.ok(r.tests[0].subtests[1].skipped, 'two passing suites: # SKIP is a skip')

# The same without timestamps and with LF only.
# Expect the same verdict: timestamps are optional.
expect_ok(ktap.parse(TWO_SUITES), 'no timestamps', (2, 0, 1))

FAILURE = '''
KTAP version 1
1..2
    KTAP version 1
    # Subtest: e820
    1..2
    ok 1 e820_table_is_sanitized
    # e820_max_pfn: EXPECTATION FAILED at book/e820.nw:812
    Expected max_pfn == end_pfn, but
        max_pfn == 32736 (0x7fe0)
        end_pfn == 32768 (0x8000)
    not ok 2 e820_max_pfn
# e820: pass:1 fail:1 skip:0 total:2
not ok 1 e820
    KTAP version 1
    # Subtest: memblock
    1..2
    ok 1 memblock_add_simple
    ok 2 memblock_add_overlap
# memblock: pass:2 fail:0 skip:0 total:2
ok 2 memblock
# Totals: pass:3 fail:1 skip:0 total:4
'''

# The example of book/kunit.nw: one case fails, well reported.
#   e820 { ok, NOT OK }  memblock { ok, ok }
# Expect not ok without errors, and the failure named e820.e820_max_pfn.
r = ktap.parse(stamp(FAILURE))
t.ok(not r.ok, 'a failed case: not ok')
t.eq(r.errors, [], 'a failed case: well-formed, so no errors')
t.eq(r.failures(), ['e820', 'e820.e820_max_pfn'], 'a failed case: the failures are named')
t.eq(r.counts(), (3, 1, 0), 'a failed case: pass:3 fail:1 skip:0')

# Kernel lines at column 0 in the middle of a suite (a test that prints
# the e820 table) are output, not structure.
#   e820 { ok, <BIOS-e820: ...>, ok }
# Expect ok.
INTERLEAVED = '''
KTAP version 1
1..1
    KTAP version 1
    # Subtest: e820
    1..2
    ok 1 e820_print
BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
1..3 is not a plan when it is this line
    ok 2 e820_sorted
# e820: pass:2 fail:0 skip:0 total:2
ok 1 e820
'''
expect_ok(ktap.parse(stamp(INTERLEAVED)), 'kernel output inside a suite', (2, 0, 0))

# Truncated: the log stops in the middle of a suite (QEMU killed, or the
# console stopped).
#   e820 1..2 { ok, <end>
# Expect an error that says the output ends inside suite e820, after 1 of 2.
truncated = '\n'.join(FAILURE.strip().split('\n')[:7])
expect_malformed(ktap.parse(stamp(truncated)), 'truncated in a suite',
                 ['ends inside suite "e820"', '1 of 2'])

# Truncated between suites: e820 done, memblock never started.
#   1..2 { e820 } <end>
# Expect an error: the top level has 1 of 2 tests.
between = '\n'.join(FAILURE.strip().split('\n')[:13])
expect_malformed(ktap.parse(stamp(between)), 'truncated between suites',
                 ['ends inside the top-level document after 1 of 2'])

# Truncated in the header of the second suite.
#   1..2 { e820 } KTAP version 1 <end>
# Expect an error: the output ends before the subtest's plan.
header = '\n'.join(FAILURE.strip().split('\n')[:14])
expect_malformed(ktap.parse(stamp(header)), 'truncated in a suite header',
                 ['ends before the plan of an unnamed subtest'])

# A crash in mid-suite: the case panics, the kernel says so and stops.
#   e820 1..2 { ok, Kernel panic - not syncing: ... <end>
# Expect an error that names the crash.
CRASH = '''
KTAP version 1
1..1
    KTAP version 1
    # Subtest: e820
    1..2
    ok 1 e820_table_is_sanitized
Kernel panic - not syncing: e820__range_add: table full
'''
expect_malformed(ktap.parse(stamp(CRASH)), 'a crash in mid-suite',
                 ['ends inside suite "e820"', 'crashed', 'Kernel panic'])

# A missing top-level plan.
#   KTAP version 1 (no 1..N) { e820 { ok } }
# Expect an error about the plan of the top-level document.
NO_PLAN = '''
KTAP version 1
    KTAP version 1
    # Subtest: e820
    1..1
    ok 1 e820_a
ok 1 e820
'''
expect_malformed(ktap.parse(stamp(NO_PLAN)), 'no top-level plan',
                 ['top-level document has no plan'])

# A suite without a plan.
#   e820 (no 1..N) { ok }
# Expect an error about e820's plan.
NO_SUITE_PLAN = '''
KTAP version 1
1..1
    KTAP version 1
    # Subtest: e820
    ok 1 e820_a
ok 1 e820
'''
expect_malformed(ktap.parse(stamp(NO_SUITE_PLAN)), 'no plan in a suite',
                 ['suite "e820" has no plan'])

# Fewer results than the plan: the suite says 1..3 and reports two cases.
#   e820 1..3 { ok, ok } ok
# Expect an error: e820 ends after 2 of 3 tests.
SHORT = '''
KTAP version 1
1..1
    KTAP version 1
    # Subtest: e820
    1..3
    ok 1 e820_a
    ok 2 e820_b
# e820: pass:2 fail:0 skip:0 total:2
ok 1 e820
'''
expect_malformed(ktap.parse(stamp(SHORT)), 'fewer results than planned',
                 ['suite "e820" ends after 2 of 3'])

# More results than the plan.
#   e820 1..1 { ok, ok 2 }
# Expect an error on the extra result.
LONG = '''
KTAP version 1
1..1
    KTAP version 1
    # Subtest: e820
    1..1
    ok 1 e820_a
    ok 2 e820_b
ok 1 e820
'''
expect_malformed(ktap.parse(stamp(LONG)), 'more results than planned', ['ok 2 e820_b'])

# An extra suite after the top-level plan is complete.
# Expect an error: results after the last planned test.
EXTRA_SUITE = TWO_SUITES.replace('1..2\n    KTAP', '1..1\n    KTAP', 1)
expect_malformed(ktap.parse(stamp(EXTRA_SUITE)), 'more suites than planned',
                 ['after the last planned test'])

# Results out of order: 1, 3.
# Expect an error naming the numbers.
GAP = SHORT.replace('1..3', '1..2').replace('ok 2 e820_b', 'ok 3 e820_b')
expect_malformed(ktap.parse(stamp(GAP)), 'a gap in the numbering',
                 ['test number 3 where 2 was expected'])

# Counts that do not match: the kernel's own summary line disagrees with
# the results it printed.
#   e820 { ok, not ok }  "# e820: pass:2 fail:0"
# Expect an error quoting both counts.
MISCOUNT = '''
KTAP version 1
1..1
    KTAP version 1
    # Subtest: e820
    1..2
    ok 1 e820_a
    not ok 2 e820_b
# e820: pass:2 fail:0 skip:0 total:2
not ok 1 e820
# Totals: pass:2 fail:0 skip:0 total:2
'''
r = ktap.parse(stamp(MISCOUNT))
expect_malformed(r, 'a suite count that does not match',
                 ['e820: the kernel counted pass:2 fail:0', 'results say pass:1 fail:1'])
t.ok(any('Totals' in e for e in r.errors), 'a Totals count that does not match: an error')

# A suite reported ok although a case failed.
#   e820 { not ok } ok 1 e820
# Expect an error: an ok suite with failed tests.
LIAR = '''
KTAP version 1
1..1
    KTAP version 1
    # Subtest: e820
    1..1
    not ok 1 e820_a
ok 1 e820
'''
expect_malformed(ktap.parse(stamp(LIAR)), 'an ok suite with a failed case',
                 ['reported ok but has failed tests'])

# A suite result with another suite's name.
# Expect an error naming both.
WRONG_NAME = TWO_SUITES.replace('ok 2 memblock', 'ok 2 e820')
expect_malformed(ktap.parse(stamp(WRONG_NAME)), 'a result that names another suite',
                 ['"ok 2 e820" does not name its subtest "memblock"'])

# No KTAP at all: the kernel stopped before the tests.
# Expect an error, not an empty pass.
expect_malformed(ktap.parse(stamp('startmem version 0.1\nKernel panic - not syncing: x\n')),
                 'no KTAP', ['never started', 'Kernel panic'])
expect_malformed(ktap.parse(''), 'empty output', ['never started'])

# Another KTAP version.
# Expect an error: only version 1 is understood.
expect_malformed(ktap.parse(stamp(TWO_SUITES.replace('KTAP version 1', 'KTAP version 2', 1))),
                 'KTAP version 2', ['unsupported'])

# The tests ran twice (a reset in the middle of the log).
# Expect an error: a second document.
expect_malformed(ktap.parse(stamp(TWO_SUITES + TWO_SUITES)), 'two documents',
                 ['second KTAP document'])

# An empty run: the plan is 1..0. Well-formed and ok; the boot tests
# separately demand at least one suite.
r = ktap.parse(stamp('KTAP version 1\n1..0\n# Totals: pass:0 fail:0 skip:0 total:0\n'))
t.ok(r.ok and r.tests == [], 'an empty plan: ok with no suites', r.summary())

# Every truncation of a passing report, line by line: only the prefixes
# that hold the whole document (through "ok 2 memblock") may pass.
lines = TWO_SUITES.strip().split('\n')
complete = lines.index('ok 2 memblock') + 1
wrong = [k for k in range(len(lines) + 1)
         if ktap.parse(stamp('\n'.join(lines[:k]))).ok != (k >= complete)]
t.eq(wrong, [], 'every truncation of a passing report: ok only when complete')

# Dropping any one plan or result line from a passing report.
# Expect not ok every time.
structural = [i for i, line in enumerate(lines)
              if ktap.PLAN.match(line.strip()) or ktap.RESULT.match(line.strip())]
passed = [lines[i] for i in structural
          if ktap.parse(stamp('\n'.join(lines[:i] + lines[i + 1:]))).ok]
t.ok(len(structural) == 8 and passed == [],
     'dropping any of the 8 plan and result lines: never ok',
     'passed without: %r' % passed)

t.done()

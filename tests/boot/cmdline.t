#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""cmdline.t - what the kernel says about a bad command line or a failed test.

Each boot gets one kind of bad input and must say what it rejected, in
Linux's words, and carry on:

    kunit.selftest_fail   a self-test that fails on purpose: exit 35, and
                          a KTAP "not ok" the parser names
    foo=bar               Unknown kernel command line parameters "foo=bar", ...
    loglevel=x            Malformed early option 'loglevel'
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import ktap  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
specs = [
    dict(name='cmdline-selftest-fail', cmdline='selftest kunit.selftest_fail panic=-1'),
    dict(name='cmdline-selftest-pass', cmdline='selftest panic=-1', machine='pc'),
    dict(name='cmdline-unknown', cmdline='foo=bar panic=-1'),
    dict(name='cmdline-loglevel', cmdline='loglevel=x panic=-1', machine='pc'),
]
fail, passing, unknown, loglevel = harness.boot_many(specs)

# The failing self-test: exit 35, and the parser sees a well-formed
# report in which exactly the planted expectation failed.
label = 'kunit.selftest_fail'
checks.status(t, fail, harness.EXIT_SELFTEST_FAILED, label)
report = ktap.parse(fail.log)
t.eq(report.errors, [], label + ': the report is well-formed', fail.describe())
t.ok(not report.ok, label + ': the parser reports the run as not ok', report.summary())
t.eq(report.failures(), ['kunit_selftest', 'kunit_selftest.kunit_selftest_expectations'],
     label + ': the failure is the planted one, and only it')
t.ok(any('EXPECTATION FAILED at book/kunit.nw:' in x for x in fail.texts()),
     label + ': the failure points into the book', fail.log)
checks.no_panic(t, fail, label)
# Its twin without the option passes the same case.
report = ktap.parse(passing.log)
t.ok(report.ok and 'kunit_selftest' in [s.name for s in report.tests],
     'without kunit.selftest_fail: kunit_selftest is ok', report.summary())

label = 'foo=bar'
want = 'Unknown kernel command line parameters "foo=bar", will be passed to user space.'
t.ok(want in unknown.texts(), label + ': ' + want, unknown.log)
checks.status(t, unknown, harness.EXIT_SUCCESS, label)

label = 'loglevel=x'
want = "Malformed early option 'loglevel'"
t.ok(want in loglevel.texts(), label + ': ' + want, loglevel.log)
t.ok(not any('Unknown kernel command line' in x for x in loglevel.texts()),
     label + ': loglevel is a known option, not an unknown one', loglevel.log)
checks.status(t, loglevel, harness.EXIT_SUCCESS, label)
for result, label in ((unknown, 'foo=bar'), (loglevel, 'loglevel=x')):
    checks.banner_first(t, result, label)
    checks.timestamps(t, result, label)
t.done()

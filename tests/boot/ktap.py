# SPDX-License-Identifier: GPL-2.0-only
"""ktap.py - read the KTAP v1 report of book/kunit.nw from a boot log.

    report = ktap.parse(result.log)
    report.ok          # True only for a complete, well-formed, all-passing run
    report.errors      # what was malformed: truncation, a missing plan, ...
    report.failures()  # ['suite.case', ...] for every "not ok"

The format (Linux's Documentation/dev-tools/ktap.rst), as our kernel
prints it, each line behind a printk timestamp:

    KTAP version 1                       <- the document
    1..2                                 <- the plan: two suites
        KTAP version 1                   <- a nested document, 4 spaces in
        # Subtest: e820
        1..2
        ok 1 e820_table_is_sanitized
        not ok 2 e820_max_pfn
    # e820: pass:1 fail:1 skip:0 total:2
    not ok 1 e820                        <- the suite's own result
    ...
    # Totals: pass:3 fail:1 skip:0 total:4

The structure comes from the indentation of KTAP's own lines (versions,
plans, results); any other line is kernel output and is skipped, because
the kernel may print in the middle of a suite. The parser trusts nothing
it cannot check: a document without a plan, fewer or more results than
planned, results out of order, a suite whose name or verdict disagrees with
its cases, and counts in "# ...: pass:" lines that disagree with the
results are all errors, and a report with an error is never ok.
"""
import re

INDENT = 4
VERSION = re.compile(r'(K?TAP) version (\d+)$')
PLAN = re.compile(r'1\.\.(\d+)$')
RESULT = re.compile(r'(ok|not ok) (\d+)(?: (?:- )?([^#]*?))?\s*(?:#\s*(.*?)\s*)?$')
SUBTEST = re.compile(r'# Subtest: (.*?)\s*$')
COUNTS = re.compile(r'# (.+?): pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)\s*$')
STAMP = re.compile(r'\[ *\d+\.\d+\] ')
PANIC = re.compile(r'Kernel panic - not syncing|BUG:|general protection fault|Oops')


class Test:
    """One test: a case, or a suite with subtests of its own.

    status is 'ok', 'not ok' or None (no result line was seen); skipped is
    True for a '# SKIP' directive. plan is the suite's planned count.
    """

    def __init__(self, name=None, nested=True):
        self.name = name
        self.nested = nested
        self.number = None
        self.status = None
        self.directive = None
        self.skipped = False
        self.plan = None
        self.subtests = []
        self.line = None

    def passed(self):
        return self.status == 'ok' or (self.status is not None and self.skipped)

    def leaves(self):
        if not self.subtests:
            return [self]
        out = []
        for t in self.subtests:
            out.extend(t.leaves())
        return out


class Report:
    """A parsed KTAP document: its top-level tests (the suites) and errors."""

    def __init__(self):
        self.plan = None
        self.tests = []
        self.errors = []

    @property
    def ok(self):
        return (not self.errors and self.plan is not None
                and len(self.tests) == self.plan
                and all(_all_passed(t) for t in self.tests))

    def failures(self):
        out = []
        for t in self.tests:
            out.extend(_failed(t, ''))
        return out

    def counts(self):
        """(pass, fail, skip) over the test cases (the leaves)."""
        return _count([leaf for t in self.tests for leaf in t.leaves()])

    def summary(self):
        p, f, s = self.counts()
        text = '%d suites, %d cases: pass:%d fail:%d skip:%d' % (
            len(self.tests), p + f + s, p, f, s)
        if self.failures():
            text += '; failed: ' + ', '.join(self.failures())
        if self.errors:
            text += '; malformed: ' + '; '.join(self.errors)
        return text


def _all_passed(t):
    return t.passed() and all(_all_passed(s) for s in t.subtests)


def _failed(t, prefix):
    name = prefix + (t.name or '#%s' % t.number)
    out = [] if t.passed() else [name]
    for s in t.subtests:
        out.extend(_failed(s, name + '.'))
    return out


def _count(leaves):
    p = sum(1 for t in leaves if t.status == 'ok' and not t.skipped)
    s = sum(1 for t in leaves if t.skipped and t.status is not None)
    f = sum(1 for t in leaves if t.status == 'not ok' and not t.skipped)
    return p, f, s


def _case_counts(test):
    """(pass, fail, skip) over the cases under test (not test itself)."""
    return _count([leaf for t in test.subtests for leaf in t.leaves()])


class _Line:
    def __init__(self, number, raw):
        self.number = number
        raw = raw.rstrip('\r')
        m = STAMP.match(raw)
        self.text = raw[m.end():] if m else raw
        body = self.text.lstrip(' ')
        self.indent = len(self.text) - len(body)
        self.body = body.rstrip()

    def kind(self):
        """'version', 'plan', 'result', 'subtest', 'diag' or None."""
        if VERSION.match(self.body):
            return 'version'
        if PLAN.match(self.body):
            return 'plan'
        if RESULT.match(self.body):
            return 'result'
        if SUBTEST.match(self.body):
            return 'subtest'
        if self.body.startswith('#'):
            return 'diag'
        return None


class _Parser:
    def __init__(self, text):
        self.lines = [_Line(i + 1, raw) for i, raw in enumerate(text.split('\n'))]
        self.pos = 0
        self.start = 0
        self.report = Report()

    def error(self, line, msg):
        where = 'line %d' % line.number if line else 'end of output'
        self.report.errors.append('%s: %s' % (where, msg))

    def peek(self):
        return self.lines[self.pos] if self.pos < len(self.lines) else None

    def crash_note(self):
        """A panic or oops line after the current position, as a hint."""
        for line in self.lines[self.start:]:
            if PANIC.search(line.text):
                return '; the kernel crashed: "%s" (line %d)' % (
                    line.text.strip(), line.number)
        return ''

    def parse(self):
        start = self.find_start()
        if start is None:
            return self.report
        self.pos = self.start = start
        top = Test(nested=False)
        self.parse_document(top, 0)
        self.report.plan = top.plan
        self.report.tests = top.subtests
        self.check_tail()
        self.check_totals(top)
        return self.report

    def find_start(self):
        for i, line in enumerate(self.lines):
            m = VERSION.match(line.body)
            if m and line.indent == 0:
                if m.group(1) != 'KTAP' or m.group(2) != '1':
                    self.error(line, 'unsupported "%s" (expected KTAP version 1)'
                               % line.body)
                    return None
                return i
        self.error(None, 'no "KTAP version 1" line: the tests never started'
                   + self.crash_note())
        return None

    def parse_document(self, doc, indent):
        """Parse a document whose version line is at self.pos into doc.

        Returns when the plan is complete, at the end of the output, or at
        a KTAP line of a shallower document (which ends this one early).
        """
        self.pos += 1
        self.parse_header(doc, indent)
        while doc.plan is None or len(doc.subtests) < doc.plan:
            line = self.peek()
            if line is None:
                if doc.plan is None:
                    return      # the missing plan is already reported
                self.error(None, 'the output ends inside %s after %d of %s tests%s'
                           % (_doc_name(doc), len(doc.subtests),
                              doc.plan if doc.plan is not None else '?',
                              self.crash_note()))
                return
            kind = line.kind()
            if kind in ('version', 'plan', 'result', 'subtest') and line.indent < indent:
                self.error(line, '%s ends after %d of %s tests'
                           % (_doc_name(doc), len(doc.subtests), doc.plan))
                return
            if line.indent == indent and kind == 'result':
                self.take_result(doc, Test(), line)
            elif line.indent == indent + INDENT and kind in ('version', 'subtest'):
                self.parse_subtest(doc, indent)
            elif kind in ('version', 'plan', 'result', 'subtest') and line.indent >= indent:
                self.error(line, 'unexpected "%s" in %s' % (line.body, _doc_name(doc)))
                self.pos += 1
            else:
                self.pos += 1   # kernel output, diagnostics, failure details

    def parse_header(self, doc, indent):
        """The lines between a version line and the first test: the plan."""
        while True:
            line = self.peek()
            if line is None:
                break
            kind = line.kind()
            if line.indent == indent and kind == 'subtest':
                doc.name = SUBTEST.match(line.body).group(1)
            elif line.indent == indent and kind == 'plan':
                doc.plan = int(PLAN.match(line.body).group(1))
                self.pos += 1
                return
            elif kind in ('version', 'plan', 'result', 'subtest'):
                break
            self.pos += 1
        if line is None:
            self.error(None, 'the output ends before the plan of %s%s'
                       % (_doc_name(doc), self.crash_note()))
        else:
            self.error(line, '%s has no plan ("1..N") before its first test'
                       % _doc_name(doc))

    def parse_subtest(self, doc, indent):
        """A nested document, then its result line in doc."""
        sub = Test()
        if self.peek().kind() == 'subtest':     # "# Subtest:" without a version
            self.pos -= 1
        self.parse_document(sub, indent + INDENT)
        self.check_counts_line(sub, indent)
        line = self.peek()
        while line is not None and not (line.indent == indent and line.kind() == 'result'):
            if line.kind() in ('version', 'plan', 'result', 'subtest'):
                break
            self.pos += 1
            line = self.peek()
        if line is None or line.indent != indent or line.kind() != 'result':
            if sub.plan is not None and len(sub.subtests) == sub.plan:
                self.error(line, 'no result line for %s%s'
                           % (_doc_name(sub), self.crash_note()))
            doc.subtests.append(sub)
            return
        self.take_result(doc, sub, line)
        if sub.name is not None and line.body and RESULT.match(line.body).group(3) != sub.name:
            self.error(line, 'the result "%s" does not name its subtest "%s"'
                       % (line.body, sub.name))
        if sub.status == 'ok' and not sub.skipped and not all(_all_passed(s) for s in sub.subtests):
            self.error(line, '%s is reported ok but has failed tests' % _doc_name(sub))

    def take_result(self, doc, test, line):
        m = RESULT.match(line.body)
        test.status = m.group(1)
        test.number = int(m.group(2))
        if test.name is None:
            test.name = m.group(3)
        test.directive = m.group(4)
        test.skipped = bool(test.directive) and test.directive.upper().startswith('SKIP')
        test.line = line.number
        expected = len(doc.subtests) + 1
        if test.number != expected:
            self.error(line, 'test number %d where %d was expected in %s'
                       % (test.number, expected, _doc_name(doc)))
        doc.subtests.append(test)
        self.pos += 1

    def check_counts_line(self, sub, indent):
        """kunit's "# name: pass:P fail:F skip:S total:T" must match the cases."""
        for line in self.lines[self.pos:]:
            if line.kind() in ('version', 'plan', 'result', 'subtest'):
                return
            m = COUNTS.match(line.body)
            if m and line.indent == indent and m.group(1) == sub.name:
                self.compare_counts(line, sub.name, _case_counts(sub), m)
                return

    def compare_counts(self, line, name, counted, m):
        said = tuple(int(m.group(i)) for i in (2, 3, 4))
        total = int(m.group(5))
        if said != counted or total != sum(counted):
            self.error(line, '%s: the kernel counted pass:%d fail:%d skip:%d total:%d, '
                       'the results say pass:%d fail:%d skip:%d total:%d'
                       % ((name,) + said + (total,) + counted + (sum(counted),)))

    def check_totals(self, top):
        for line in self.lines:
            m = COUNTS.match(line.body)
            if m and line.indent == 0 and m.group(1) == 'Totals':
                self.compare_counts(line, 'Totals', _case_counts(top), m)

    def check_tail(self):
        """After the last planned test, no more KTAP may follow."""
        for line in self.lines[self.pos:]:
            kind = line.kind()
            if kind == 'version' and line.indent == 0:
                self.error(line, 'a second KTAP document (did the tests run twice?)')
                return
            if kind in ('version', 'plan', 'result', 'subtest') and line.indent <= INDENT:
                self.error(line, '"%s" after the last planned test' % line.body)
                return


def _doc_name(doc):
    if doc.name:
        return 'suite "%s"' % doc.name
    return 'an unnamed subtest' if doc.nested else 'the top-level document'


def parse(text):
    """Parse the KTAP report in a boot log (timestamps allowed)."""
    return _Parser(text).parse()

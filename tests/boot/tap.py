# SPDX-License-Identifier: GPL-2.0-only
"""tap.py - print TAP for prove, as tests/host/tap.c does for the C tests.

    t = Tap()
    t.ok(result.status == 33, 'q35 128M: exit status 33', result.describe())
    t.eq(got, want, 'the e820 lines match Linux')
    t.done()            # prints the plan, exits 1 if anything failed
"""
import sys


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        """One test point; diag is printed (as # lines) only on failure."""
        self.n += 1
        cond = bool(cond)
        print('%s %d - %s' % ('ok' if cond else 'not ok', self.n, name), flush=True)
        if not cond:
            self.failed += 1
            if diag:
                self.diag(diag)
        return cond

    def eq(self, got, want, name, diag=None):
        """ok(got == want), printing both on failure."""
        text = 'got:  %r\nwant: %r' % (got, want)
        if diag:
            text += '\n' + diag
        return self.ok(got == want, name, text)

    def diag(self, text):
        """A comment on stderr, which prove shows: for failures."""
        sys.stdout.flush()
        for line in str(text).split('\n'):
            print('# ' + line, file=sys.stderr, flush=True)

    def note(self, text):
        """A comment on stdout, which prove shows with -v: for context."""
        for line in str(text).split('\n'):
            print('# ' + line, flush=True)

    def done(self):
        print('1..%d' % self.n, flush=True)
        sys.exit(1 if self.failed or self.n == 0 else 0)

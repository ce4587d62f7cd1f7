# SPDX-License-Identifier: GPL-2.0-only
"""booktest.py: what the tests of the woven book share.

A tiny TAP producer (prove runs the tests), the list of chapters, and the
book as noweb itself parses it, one chapter at a time: the tests compare
the woven site/ against this, never against the weaver's own idea of it.
"""
import os
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
os.chdir(TOP)
_count, _failed = 0, 0


def ok(cond, name, diag=()):
    """One test point; diag lines are printed when it fails."""
    global _count, _failed
    _count += 1
    print(f'{"ok" if cond else "not ok"} {_count} - {name}')
    if not cond:
        for line in list(diag)[:40]:
            print(f'#   {line}')
        if len(list(diag)) > 40:
            print(f'#   ... and {len(list(diag)) - 40} more')
        _failed += 1
    sys.stdout.flush()
    return cond


def diag(line):
    print(f'# {line}')


def bail(why):
    print(f'Bail out! {why}')
    sys.exit(255)


def done():
    print(f'1..{_count}')
    sys.exit(1 if _failed else 0)


def chapters():
    return open('book/chapters').read().split()


def chunks_of(chapter):
    """noweb's view of one chapter: {name: number of definitions}, and the
    list of (user, used) chunk names, from /usr/lib/noweb/markup."""
    out = subprocess.run(['/usr/lib/noweb/markup', f'book/{chapter}.nw'],
                         capture_output=True, text=True, check=True).stdout
    defined, uses, current = {}, [], None
    for line in out.splitlines():
        if line.startswith('@defn '):
            current = line[6:]
            defined[current] = defined.get(current, 0) + 1
        elif line.startswith('@use '):
            uses.append((current, line[5:]))
    return defined, uses


def is_file(name):
    """tools/tangle.sh's rule: a root that looks like a path is an output file."""
    return '/' in name or '.' in name


def need_site():
    if not os.path.exists('site/index.html'):
        bail('site/index.html is missing: `make book` failed or did not run (see tests/book/weave.t)')

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""labs.t: every lab cut from the book is a fair assignment.

For every lab of book/labs/ (tools/lab.py):
  - `make lab` writes a student tree, which builds with -Werror;
  - its kernel boots, and every self-test suite the lab does not grade
    passes; every host test that does not compile the lab's files passes;
  - `make grade` there prints one line per graded test and a score below
    full marks, and exits non-zero;
  - with the chapter's solution put back, `make grade` scores full marks
    and exits 0; a HIDDEN file adds its tests to the score;
and once for all labs, the student edition of the book (tools/lab.py
student-book) weaves, contains none of the removed solution lines, and
every link in it resolves.

The student trees reuse this tree's build/ (copied with its times), so
only what the lab changes is rebuilt; two labs (or a lab and the student
edition) are checked at a time, each in its own tree.
"""
import html
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'boot'))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import harness  # noqa: E402
import lab as labtool  # noqa: E402
from tap import Tap  # noqa: E402

WORK = os.path.join(ROOT, 'build', 'labs')
GRADE_LINE = re.compile(r'^== Test (.+) \((\d+) points\) == (OK|FAIL) \(\d+\.\ds\)$')
SCORE_LINE = re.compile(r'^Score: (\d+)/(\d+)$')
# Build products worth reusing; the rest of build/ is per run.
REUSE = ('tangle', 'host', 'host-san', 'tests', 'arch', 'mm', 'kernel', 'lib',
         'drivers', 'init', 'debian')

t = Tap()


class Later:
    """Test points kept, to be printed in order once their lab is done: the
    labs are checked two at a time, each in a tree of its own."""

    def __init__(self):
        self.points = []

    def ok(self, cond, name, diag=None):
        self.points.append((bool(cond), name, diag))
        return bool(cond)

    def eq(self, got, want, name, diag=None):
        text = 'got:  %r\nwant: %r' % (got, want) + ('\n' + diag if diag else '')
        return self.ok(got == want, name, text)

    def print(self):
        for cond, name, diag in self.points:
            t.ok(cond, name, diag)


# The student tree's make is a make of its own, not a sub-make of this test's.
ENV = {k: v for k, v in os.environ.items() if k not in ('MAKEFLAGS', 'MAKELEVEL', 'MFLAGS')}


def sh(cmd, cwd, timeout=900):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout, env=ENV)
    return p.returncode, p.stdout.decode(errors='replace')


def tail(text, n=25):
    return '\n'.join(text.strip().split('\n')[-n:])


def reuse_build(dest):
    shutil.copytree(os.path.join(ROOT, 'src'), os.path.join(dest, 'src'), dirs_exist_ok=True)
    for d in REUSE:
        src = os.path.join(ROOT, 'build', d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dest, 'build', d), dirs_exist_ok=True,
                            symlinks=True)


def host_tests_outside(lab, dest):
    """The host tests whose sources include none of the lab's files."""
    out = []
    for mk in sorted(os.listdir(os.path.join(dest, 'tests', 'host'))):
        if not mk.endswith('_test.mk'):
            continue
        text = open(os.path.join(dest, 'tests', 'host', mk)).read().replace('\\\n', ' ')
        if not any(f in text.split() for f in lab.files):
            out.append(mk[:-3])
    return out


def graded_suites(lab):
    """The lab's own suites: those it grades, and those it says its code
    feeds (lab-affects: a suite of a later chapter that checks the same
    structures)."""
    return ({args[0] for _, kind, args in lab.tests if kind == 'ktap'} |
            set(lab.meta.get('affects', '').split()))


def suites_of(log):
    """{suite: 'ok' or 'not ok'} from the top-level KTAP lines."""
    found = {}
    for m in re.finditer(r'^(?:\[[ \d.]+\] )?(ok|not ok) \d+ (\S+)\s*$', log, re.M):
        found[m.group(2)] = m.group(1)
    return found


def report_lines(out):
    """The grader's lines, without make's own complaint about the exit status."""
    return [l for l in out.strip().split('\n') if not re.match(r'make(\[\d+\])?: ', l)]


def check_report(t, out, lab, name):
    lines = report_lines(out)
    graded = [l for l in lines if l.startswith('== Test ')]
    bad = [l for l in graded if not GRADE_LINE.match(l)]
    t.ok(len(graded) == len(lab.tests) and not bad,
         f'{name}: one line per graded test, "== Test ... == OK|FAIL (N.Ns)"',
         tail(out))
    score = SCORE_LINE.match(lines[-1]) if lines else None
    t.ok(score is not None, f'{name}: the report ends with "Score: N/M"', tail(out))
    if score is None:
        return None
    points = sum(int(GRADE_LINE.match(l).group(2)) for l in graded if GRADE_LINE.match(l)
                 and GRADE_LINE.match(l).group(3) == 'OK')
    t.eq(int(score.group(1)), points, f'{name}: the score adds up the tests that passed')
    return int(score.group(1)), int(score.group(2))


def check_lab(lab):
    t = Later()
    dest = os.path.join(WORK, lab.name)
    shutil.rmtree(dest, ignore_errors=True)
    status, out = sh(['make', '--no-print-directory', 'lab', f'LAB={lab.name}',
                      f'DEST={dest}'], ROOT)
    if not t.ok(status == 0, f'{lab.name}: make lab writes a student tree', tail(out)):
        return t
    reuse_build(dest)
    status, out = sh(['make', '--no-print-directory', 'kernel'], dest)
    t.ok(status == 0, f'{lab.name}: the student tree builds with -Werror', tail(out))
    chapter = open(os.path.join(ROOT, 'book', lab.meta['chapter'] + '.nw')).read()
    student = open(os.path.join(dest, 'book', lab.meta['chapter'] + '.nw')).read()
    t.ok(student != chapter and 'LAB ' + lab.name in student,
         f'{lab.name}: the student chapter has the stubs, each saying what to write')

    result = harness.boot(f'labs-{lab.name}', kernel=os.path.join(dest, 'build', 'bzImage'),
                          machine='q35', mem='512M', cmdline='selftest panic=-1', timeout=180)
    suites = suites_of(result.log)
    outside = {s: v for s, v in suites.items() if s not in graded_suites(lab)}
    if lab.meta.get('boots', 'yes') == 'no':
        # the lab's code is on every boot's path: the kernel must stop
        # with a panic that says why, not hang or reset the machine
        t.ok(result.status == harness.EXIT_PANIC and 'Kernel panic - not syncing' in result.log,
             f'{lab.name}: without the lab\'s code the kernel stops with a panic naming '
             f'the cause', result.describe() + '\n' + tail(result.log))
    else:
        t.ok(result.status in (harness.EXIT_SUCCESS, harness.EXIT_SELFTEST_FAILED) and outside
             and all(v == 'ok' for v in outside.values()),
             f'{lab.name}: the student kernel boots; the suites outside the lab pass '
             f'({", ".join(sorted(outside))})', result.describe() + '\n' + tail(result.log))

    others = host_tests_outside(lab, dest)
    # one make for all of them (each make reads the whole Makefile); if it
    # fails, each test's own make says which of them does not build
    built, _ = sh(['make', '--no-print-directory'] +
                  [f'build/tests/host/{x}{san}' for x in others for san in ('', '.san')], dest)
    for test in others:
        bins = [f'build/tests/host/{test}', f'build/tests/host/{test}.san']
        status, out = built, ''
        if status != 0:
            status, out = sh(['make', '--no-print-directory'] + bins, dest)
        for b in bins:
            if status == 0:
                status, out = sh([os.path.join(dest, b)], dest)
        t.ok(status == 0, f'{lab.name}: host test {test} (outside the lab) passes', tail(out))

    status, out = sh(['make', '--no-print-directory', 'grade'], dest)
    score = check_report(t, out, lab, f'{lab.name} (stubs)')
    t.ok(status != 0 and score is not None and score[0] < score[1] == lab.points,
         f'{lab.name}: with the stubs, make grade scores less than full marks and fails',
         tail(out))

    shutil.copy(os.path.join(ROOT, 'book', lab.meta['chapter'] + '.nw'),
                os.path.join(dest, 'book', lab.meta['chapter'] + '.nw'))
    hidden = os.path.join(dest, 'hidden.grade')
    with open(hidden, 'w') as f:
        f.write('# an instructor\'s hidden tests\n3 cmd test -f book/chapters\n')
    status, out = sh(['make', '--no-print-directory', 'grade', f'HIDDEN={hidden}'], dest)
    lines = report_lines(out)
    m = SCORE_LINE.match(lines[-1]) if lines else None
    t.ok(status == 0 and m is not None and int(m.group(1)) == int(m.group(2)) == lab.points + 3,
         f'{lab.name}: with the solution put back, make grade scores full marks '
         f'({lab.points} + 3 hidden) and exits 0', tail(out))
    with open(hidden, 'w') as f:
        f.write('2 cmd false\n')
    status, out = sh(['make', '--no-print-directory', 'grade', f'HIDDEN={hidden}'], dest)
    t.ok(status != 0 and report_lines(out)[-1:] == [f'Score: {lab.points}/{lab.points + 2}'],
         f'{lab.name}: a failing hidden test costs its points', tail(out))
    return t


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.text = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ('id', 'name'):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ('href', 'src', 'data'):
            if attrs.get(key):
                self.links.append(attrs[key])

    def handle_data(self, data):
        self.text.append(data)


def check_student_book(labs):
    t = Later()
    site = os.path.join(WORK, 'student-site')
    try:
        labtool.student_book(site, ROOT)
        woven = True
        why = ''
    except labtool.LabError as e:
        woven, why = False, str(e)
    if not t.ok(woven, 'the student edition of the book weaves', why):
        return t
    pages = {}
    for top, _, files in os.walk(site, followlinks=False):
        for name in files:
            if name.endswith('.html'):
                path = os.path.join(top, name)
                page = Page()
                page.feed(open(path, encoding='utf-8', errors='replace').read())
                pages[os.path.normpath(path)] = page
    text = html.unescape(' '.join(' '.join(p.text) for p in pages.values()))
    text = re.sub(r'\s+', ' ', text)
    for lab in labs:
        _, removed = labtool.edition(os.path.join(WORK, 'edition-' + lab.name), [lab.name], ROOT)
        solution = [l.strip() for l in removed
                    if len(l.strip()) >= 16 and not l.strip().startswith(('/*', '*', '//'))]
        found = [l for l in solution if re.sub(r'\s+', ' ', l) in text]
        t.ok(solution and not found,
             f'{lab.name}: the student book holds none of the {len(solution)} solution lines',
             '\n'.join(found[:10]))
        t.ok(os.path.normpath(os.path.join(site, 'labs', lab.name + '.html')) in pages,
             f'{lab.name}: the student site has its handout')
    broken = []
    for path, page in pages.items():
        if '/api/' in path:
            continue
        for url in page.links:
            if re.match(r'^[a-z][a-z0-9+.-]*:', url, re.I):
                continue
            target, frag = urldefrag(url)
            target = os.path.normpath(os.path.join(os.path.dirname(path), unquote(target))) \
                if target else path
            if not os.path.exists(target):
                broken.append(f'{os.path.relpath(path, site)}: {url}')
            elif frag and target in pages and frag not in pages[target].ids:
                broken.append(f'{os.path.relpath(path, site)}: {url} (no #{frag})')
    t.ok(not broken, f'every link of the student edition resolves ({len(pages)} pages)',
         '\n'.join(broken[:20]))
    return t


if os.path.exists(os.path.join(ROOT, '.lab')):
    # a student tree: its lab is graded by `make grade`, not cut again
    print('1..0 # SKIP a student tree (.lab): make grade grades it')
    sys.exit(0)
try:
    labs = labtool.check(ROOT)
    t.ok(len(labs) >= 1, f'{len(labs)} labs, every solution marker with its stub')
except labtool.LabError as e:
    t.ok(False, 'every solution marker has its stub', str(e))
    t.done()
harness.require(harness.KERNEL, 'run `make kernel` first')
os.makedirs(WORK, exist_ok=True)
only = os.environ.get('LABS', '').split()     # LABS="e820 numa": only these
# Two at a time (one per core): each lab in its own student tree, and the
# student edition of the book beside them; the points print in this order.
with ThreadPoolExecutor(max_workers=2) as pool:
    book = None
    if os.path.exists(os.path.join(ROOT, 'site', 'index.html')):
        book = pool.submit(check_student_book, labs)
    for job in [pool.submit(check_lab, lab) for lab in labs if not only or lab.name in only]:
        job.result().print()
    if book:
        book.result().print()
    else:
        t.ok(False, 'the student edition needs the full book (make book): site/index.html is missing')
t.done()

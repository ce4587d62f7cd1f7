#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""lab.py: course assignments cut from the book's own chapters.

A lab is a file book/labs/NAME.nw: a handout (LaTeX prose, as the chapters
write it), a header of "% lab-KEY: value" lines, and one stub chunk
<<lab NAME: STUB>>= for every piece of solution it removes. In a chapter,
a solution piece is marked by a LaTeX comment among the comment lines just
before its definition:

    % lab memblock: add-range
    <<memblock.c: internal helpers>>=
    ...the solution...
    @

The student edition replaces the body of each marked piece by the body of
its stub (an empty stub removes the piece, header and all: a sub-chunk the
stubbed piece no longer uses). Nothing else changes: the full edition, the
student tree and the student book all come from the same chapters, and no
code exists twice. The header keys:

    % lab-title:      one line
    % lab-chapter:    the chapter (book/NAME.nw) the lab cuts
    % lab-difficulty: easy | moderate | hard
    % lab-functions:  the functions the student writes
    % lab-files:      the tangled files the stubs change (src/...)
    % lab-affects:    self-test suites of other chapters that check what the
                      lab's code builds (they fail with the stubs too)
    % lab-boots:      no, if the kernel cannot come up without the lab's
                      code (it must then stop with a panic); default yes
    % lab-grade:      POINTS KIND ARG    one graded test (see grade())

Commands:
    lab.py list                     the labs, their chapters, points
    lab.py check                    markers and stubs agree, one to one
    lab.py edition DIR [LAB...]     DIR/book/*.nw with the labs' stubs in
    lab.py tree LAB DEST            a student tree: the project, one lab cut
    lab.py grade [--hidden FILE]    grade the tree this is run in (.lab names
                                    the lab); prints xv6's kind of report
    lab.py handouts DIR             DIR/labs/NAME.html, one page per lab
    lab.py student-book DIR         the student edition of the book, woven
                                    into DIR, with the handouts in DIR/labs/
"""
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = re.compile(r'^<<(.+)>>=\s*$')
DOC_START = re.compile(r'^@(\s|$)')
MARK = re.compile(r'^%\s*lab\s+([a-z0-9_]+):\s*([A-Za-z0-9_-]+)\s*$')
STUB = re.compile(r'^lab ([a-z0-9_]+): ([A-Za-z0-9_-]+)$')
HEADER = re.compile(r'^%\s*lab-([a-z]+):\s*(.*?)\s*$')


class LabError(Exception):
    pass


# ---------------------------------------------------------------------------
# Reading chapters and labs.

def pieces(lines):
    """Yield (header index, end index, name) for every code chunk definition.

    The body is lines[header + 1:end]; a chunk ends where documentation
    starts (a line "@" or "@ ...") or another definition begins.
    """
    i = 0
    while i < len(lines):
        m = DEF.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not DOC_START.match(lines[j]) and not DEF.match(lines[j]):
            j += 1
        yield i, j, m.group(1)
        i = j


def markers_before(lines, header):
    """The (lab, stub) markers among the comment lines just above header."""
    out = []
    k = header - 1
    while k >= 0 and lines[k].startswith('%'):
        m = MARK.match(lines[k])
        if m:
            out.append((m.group(1), m.group(2)))
        k -= 1
    return out


class Lab:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-3]
        self.meta = {'grade': []}
        self.stubs = {}         # stub id -> body lines
        self.prose = []         # the handout's LaTeX, stub chunks as code
        lines = open(path, encoding='utf-8').read().split('\n')
        for line in lines:
            m = HEADER.match(line)
            if m and m.group(1) == 'grade':
                self.meta['grade'].append(m.group(2))
            elif m:
                self.meta[m.group(1)] = m.group(2)
        for head, end, name in pieces(lines):
            m = STUB.match(name)
            if not m or m.group(1) != self.name:
                raise LabError(f'{path}:{head + 1}: chunk <<{name}>> is not '
                               f'named <<lab {self.name}: STUB>>')
            if m.group(2) in self.stubs:
                raise LabError(f'{path}:{head + 1}: stub {m.group(2)} defined twice')
            self.stubs[m.group(2)] = lines[head + 1:end]
        for key in ('title', 'chapter', 'difficulty', 'functions', 'files'):
            if key not in self.meta:
                raise LabError(f'{path}: no "% lab-{key}:" line')
        self.tests = [parse_grade(g, path) for g in self.meta['grade']]
        if not self.tests:
            raise LabError(f'{path}: no "% lab-grade:" line')

    @property
    def points(self):
        return sum(t[0] for t in self.tests)

    @property
    def files(self):
        return self.meta['files'].split()


def parse_grade(spec, where):
    words = spec.split()
    if len(words) < 3 or not words[0].isdigit() or words[1] not in KINDS:
        raise LabError(f'{where}: bad grade line "{spec}": want POINTS '
                       f'{"|".join(KINDS)} ARG')
    machine = [w[1:] for w in words[3:] if w.startswith('@')]
    if words[1] in ('ktap', 'log', 'nolog') and any(m not in MACHINES for m in machine):
        raise LabError(f'{where}: "{spec}": machines are @{" @".join(MACHINES)}')
    return int(words[0]), words[1], words[2:]


def labs(root=ROOT):
    d = os.path.join(root, 'book', 'labs')
    if not os.path.isdir(d):
        return []
    return [Lab(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.endswith('.nw')]


def chapters(root=ROOT):
    with open(os.path.join(root, 'book', 'chapters')) as f:
        return [c.strip() for c in f if c.strip()]


def chapter_marks(root=ROOT):
    """{(lab, stub): (chapter, header line index)} for every marker."""
    out = {}
    for chapter in chapters(root):
        lines = open(os.path.join(root, 'book', chapter + '.nw'), encoding='utf-8').read().split('\n')
        for head, _, _ in pieces(lines):
            keys = markers_before(lines, head)
            if len(keys) > 1:
                raise LabError(f'book/{chapter}.nw:{head + 1}: one piece, two lab markers')
            for key in keys:
                if key in out:
                    raise LabError(f'book/{chapter}.nw:{head + 1}: lab {key[0]} '
                                   f'stub {key[1]} marks two pieces')
                out[key] = (chapter, head)
    return out


def check(root=ROOT):
    """Every marker has its stub and every stub its marker; return the labs."""
    all_labs = labs(root)
    marks = chapter_marks(root)
    problems = []
    by_name = {lab.name: lab for lab in all_labs}
    for (lab, stub), (chapter, head) in sorted(marks.items()):
        if lab not in by_name:
            problems.append(f'book/{chapter}.nw:{head + 1}: no book/labs/{lab}.nw')
        elif stub not in by_name[lab].stubs:
            problems.append(f'book/{chapter}.nw:{head + 1}: book/labs/{lab}.nw '
                            f'has no <<lab {lab}: {stub}>>')
        elif chapter != by_name[lab].meta['chapter']:
            problems.append(f'book/{chapter}.nw:{head + 1}: lab {lab} cuts '
                            f'{by_name[lab].meta["chapter"]}, not {chapter}')
    for lab in all_labs:
        for stub in lab.stubs:
            if (lab.name, stub) not in marks:
                problems.append(f'{lab.path}: stub {stub} marks no piece of '
                                f'book/{lab.meta["chapter"]}.nw')
    if problems:
        raise LabError('\n'.join(problems))
    return all_labs


# ---------------------------------------------------------------------------
# Cutting the solution out.

def cut(text, lab_stubs):
    """The chapter text with the marked pieces of the given labs stubbed.

    lab_stubs: {lab name: {stub id: body lines}}. Returns (text, removed),
    removed being the solution's lines that the student edition lacks.
    """
    lines = text.split('\n')
    out, removed, at = [], [], 0
    for head, end, _ in pieces(lines):
        keys = [k for k in markers_before(lines, head) if k[0] in lab_stubs]
        if not keys:
            continue
        lab, stub = keys[0]
        body = lab_stubs[lab][stub]
        out += lines[at:head]
        if any(line.strip() for line in body):
            out += [lines[head]] + body
        else:
            out += ['% (the student writes this chunk: see the lab handout)']
        removed += [l for l in lines[head + 1:end] if l not in body]
        at = end
    out += lines[at:]
    return '\n'.join(out), removed


def edition(dest, names=None, root=ROOT):
    """Write dest/book/ with every chapter; the named labs (default: all) cut."""
    all_labs = check(root)
    chosen = [lab for lab in all_labs if names is None or lab.name in names]
    if names is not None and len(chosen) != len(set(names)):
        raise LabError(f'no such lab among: {" ".join(l.name for l in all_labs)}')
    stubs = {lab.name: lab.stubs for lab in chosen}
    os.makedirs(os.path.join(dest, 'book'), exist_ok=True)
    removed = []
    for f in sorted(os.listdir(os.path.join(root, 'book'))):
        src = os.path.join(root, 'book', f)
        if os.path.isdir(src):
            continue
        text = open(src, encoding='utf-8').read()
        if f.endswith('.nw'):
            text, gone = cut(text, stubs)
            removed += gone
        with open(os.path.join(dest, 'book', f), 'w', encoding='utf-8') as out:
            out.write(text)
    return chosen, removed


def tracked_files(root):
    out = subprocess.run(['git', 'ls-files', '-z'], cwd=root, capture_output=True,
                         check=True).stdout.decode()
    return [f for f in out.split('\0') if f]


def tree(name, dest, root=ROOT):
    """A student tree in dest: every tracked file, with lab `name` cut."""
    if os.path.exists(os.path.join(dest, '.lab')):
        shutil.rmtree(dest)
    elif os.path.exists(dest) and os.listdir(dest):
        raise LabError(f'{dest} exists and is not a lab tree: not overwriting it')
    for f in tracked_files(root):
        target = os.path.join(dest, f)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(root, f), target)
    tmp = dest + '.edition'
    shutil.rmtree(tmp, ignore_errors=True)
    (lab,), _ = edition(tmp, [name], root)
    for f in os.listdir(os.path.join(tmp, 'book')):
        shutil.copyfile(os.path.join(tmp, 'book', f), os.path.join(dest, 'book', f))
    shutil.rmtree(tmp)
    with open(os.path.join(dest, '.lab'), 'w') as f:
        f.write(lab.name + '\n')
    subprocess.run(['git', 'init', '-q'], cwd=dest, check=True)
    return lab


# ---------------------------------------------------------------------------
# Grading, in the student tree.

def run(cmd, cwd, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return p.returncode, p.stdout.decode(errors='replace')
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b'').decode(errors='replace') + f'\n(timed out after {timeout} s)'


def grade_host(args, root, cache):
    """A host test, built from the tree: passes if it and its .san pass."""
    name = args[0]
    bins = [f'build/tests/host/{name}', f'build/tests/host/{name}.san']
    status, log = run(['make', '--no-print-directory', 'tangle'], root, 600)
    if status == 0:
        status, log = run(['make', '--no-print-directory'] + bins, root, 600)
    for b in bins:
        if status == 0:
            status, log = run([os.path.join(root, b)], root, 300)
    return status == 0, log


# The machines a ktap grade line can name with @NAME (default: @q35).
MACHINES = {
    'q35': dict(machine='q35', mem='512M'),
    'numa2': dict(machine='q35', mem='2G', smp=2, extra=[
        '-object', 'memory-backend-ram,id=m0,size=1G',
        '-numa', 'node,nodeid=0,cpus=0,memdev=m0',
        '-object', 'memory-backend-ram,id=m1,size=1G',
        '-numa', 'node,nodeid=1,cpus=1,memdev=m1']),
}


def grade_ktap(args, root, cache):
    """A KTAP suite of the self-tests: passes if the suite reports ok.

    ARG is the suite's name, then @MACHINE (default @q35) and any more
    words for the command line. The tree's kernel boots once per machine
    and command line, through the tree's own harness (tests/boot/harness.py).
    """
    machine = next((a[1:] for a in args[1:] if a.startswith('@')), 'q35')
    extra = ' '.join(a for a in args[1:] if not a.startswith('@'))
    key = (machine, extra)
    if key not in cache:
        status, log = run(['make', '--no-print-directory', 'kernel'], root, 600)
        if status == 0:
            sys.path.insert(0, os.path.join(root, 'tests', 'boot'))
            import harness
            result = harness.boot(f'grade-{machine}', timeout=180, **MACHINES[machine],
                                  cmdline=f'selftest panic=-1 {extra}'.strip())
            log = result.log + '\n' + result.describe()
        cache[key] = log
    log = cache[key]
    suite = re.escape(args[0])
    # a suite's own line is not indented after the timestamp: "[ 0.51] ok 1 e820";
    # a suite whose every case skipped proves nothing, so one must pass
    ok = re.search(rf'^(\[[ \d.]+\] )?ok \d+ {suite}\s*$', log, re.M) is not None
    ran = re.search(rf'^(\[[ \d.]+\] )?\s+# {suite}: pass:([1-9]\d*) ', log, re.M) is not None
    return ok and ran, log


def boot_and_text(args):
    """Split "@MACHINE [OPTIONS...] -- TEXT" (or "@MACHINE TEXT")."""
    if '--' in args:
        at = args.index('--')
        return args[:at], ' '.join(args[at + 1:])
    if args[0].startswith('@'):
        return args[:1], ' '.join(args[1:])
    return [], ' '.join(args)


def grade_log(args, root, cache):
    """A line the kernel must print: @MACHINE [OPTIONS] -- TEXT.

    Shares the boot of ktap lines on the same machine and options.
    """
    boot, text = boot_and_text(args)
    _, log = grade_ktap(['(none)'] + boot, root, cache)
    return text in log, log


def grade_nolog(args, root, cache):
    """Text the kernel must not print (a failure message): as for log."""
    boot, text = boot_and_text(args)
    _, log = grade_ktap(['(none)'] + boot, root, cache)
    booted = re.search(r'^(\[[ \d.]+\] )?# Totals:', log, re.M) is not None
    return booted and text not in log, log


def grade_prove(args, root, cache):
    """A TAP test script of the tree (tests/boot/X.t): passes if prove does."""
    status, log = run(['make', '--no-print-directory', 'kernel'], root, 600)
    if status == 0:
        status, log = run(['prove', '--exec', '', args[0]], root, 1200)
    return status == 0, log


def grade_cmd(args, root, cache):
    """A shell command run in the tree: passes on exit status 0."""
    status, log = run(['bash', '-c', ' '.join(args)], root, 1200)
    return status == 0, log


KINDS = {'host': grade_host, 'ktap': grade_ktap, 'log': grade_log, 'nolog': grade_nolog, 'prove': grade_prove, 'cmd': grade_cmd}


def grade(root, hidden=None, verbose=False):
    name = open(os.path.join(root, '.lab')).read().strip()
    lab = next((l for l in labs(root) if l.name == name), None)
    if lab is None:
        raise LabError(f'.lab names {name}, but book/labs/{name}.nw is missing')
    tests = list(lab.tests)
    if hidden:
        for line in open(hidden):
            if line.strip() and not line.startswith('#'):
                tests.append(parse_grade(line.strip(), hidden))
    score = total = 0
    cache = {}
    for points, kind, args in tests:
        label = f'{kind} {" ".join(args)}'
        print(f'== Test {label} ({points} points) == ', end='', flush=True)
        start = time.monotonic()
        passed, log = KINDS[kind](args, root, cache)
        took = time.monotonic() - start
        print(f'{"OK" if passed else "FAIL"} ({took:.1f}s)')
        if not passed and verbose:
            print('\n'.join('    ' + l for l in log.strip().split('\n')[-30:]))
        total += points
        score += points if passed else 0
    print(f'Score: {score}/{total}')
    return score == total


# ---------------------------------------------------------------------------
# Handouts.

def handout_html(lab):
    """The handout's body: its prose through pandoc, the stubs as code."""
    prose = []
    for line in open(lab.path, encoding='utf-8').read().split('\n'):
        if DEF.match(line) or HEADER.match(line):
            continue
        prose.append(line)
    text = '\n'.join(l for l in prose if not DOC_START.match(l) or l.strip() != '@')
    text = re.sub(r'^@ ', '', text, flags=re.M)
    # noweb's [[code]] quoting: the quote ends at the last ]] of a run
    codes = []

    def hold(m):
        codes.append(m.group(1))
        return f'LABCODE{len(codes) - 1}X'
    text = re.sub(r'\[\[(.+?)\]\](?!\])', hold, strip_stubs(text, lab))
    body = subprocess.run(['pandoc', '-f', 'latex', '-t', 'html', '--shift-heading-level-by=1'], input=text,
                          capture_output=True, text=True, check=True).stdout
    import html
    return re.sub(r'LABCODE(\d+)X', lambda m: f'<code>{html.escape(codes[int(m.group(1))])}</code>',
                  body)


def strip_stubs(text, lab):
    for body in lab.stubs.values():
        text = text.replace('\n'.join(body), '')
    return text


def handouts(dest, root=ROOT):
    import html
    all_labs = check(root)
    os.makedirs(os.path.join(dest, 'labs'), exist_ok=True)
    rows = []
    for lab in all_labs:
        graded = ''.join(f'<tr><td>{html.escape(k)}</td><td>{html.escape(" ".join(a))}</td>'
                         f'<td>{p}</td></tr>' for p, k, a in lab.tests)
        stubs = ''.join(f'<h3>Stub {html.escape(s)}</h3><pre>{html.escape(chr(10).join(b))}</pre>'
                        for s, b in lab.stubs.items() if any(x.strip() for x in b))
        page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                f'<title>Lab {lab.name}: {html.escape(lab.meta["title"])}</title>'
                f'<link rel="stylesheet" href="../book.css"></head><body><main>'
                f'<p><a href="index.html">Labs</a> · <a href="../index.html">The book</a></p>'
                f'<h1>Lab {lab.name}: {html.escape(lab.meta["title"])}</h1>'
                f'<p>Chapter: <a href="../{lab.meta["chapter"]}.html">{lab.meta["chapter"]}</a>. '
                f'Difficulty: {lab.meta["difficulty"]}. Points: {lab.points}.</p>'
                f'<p>You write: <code>{html.escape(lab.meta["functions"])}</code>.</p>'
                f'<p>Without your code the kernel '
                f'{"still boots" if lab.meta.get("boots", "yes") != "no" else "stops early with a panic"}.</p>'
                f'{handout_html(lab)}'
                f'<h2>How it is graded</h2><p><code>make grade</code> runs:</p>'
                f'<table><tr><th>kind</th><th>test</th><th>points</th></tr>{graded}</table>'
                f'<h2>What you start from</h2>{stubs}</main></body></html>\n')
        with open(os.path.join(dest, 'labs', lab.name + '.html'), 'w') as f:
            f.write(page)
        rows.append(f'<tr><td><a href="{lab.name}.html">{lab.name}</a></td>'
                    f'<td>{html.escape(lab.meta["title"])}</td><td>{lab.meta["chapter"]}</td>'
                    f'<td>{lab.points}</td><td>{lab.meta["difficulty"]}</td></tr>')
    with open(os.path.join(dest, 'labs', 'index.html'), 'w') as f:
        f.write('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Labs</title>'
                '<link rel="stylesheet" href="../book.css"></head><body><main>'
                '<p><a href="../index.html">The book</a></p><h1>Labs</h1><table>'
                '<tr><th>lab</th><th>title</th><th>chapter</th><th>points</th><th>difficulty</th></tr>'
                + ''.join(rows) + '</table></main></body></html>\n')


def student_book(dest, root=ROOT):
    """Weave the student edition into dest: HTML, PDF, and the handouts.

    Needs the full book's figures and API reference (make book): the
    student edition shares them (dest/api and dest/figures point there).
    """
    work = os.path.join(root, 'build', 'edition', 'student')
    shutil.rmtree(work, ignore_errors=True)
    edition(work, None, root)
    site = os.path.join(root, 'site')
    os.makedirs(os.path.join(work, 'build', 'book'), exist_ok=True)
    shutil.copytree(os.path.join(site, 'figures'), os.path.join(work, 'site', 'figures'))
    shutil.copy(os.path.join(root, 'build', 'book', 'api.tag'),
                os.path.join(work, 'build', 'book', 'api.tag'))
    os.symlink(os.path.join(root, 'build', 'book', 'api-src'),
               os.path.join(work, 'build', 'book', 'api-src'))
    p = subprocess.run([sys.executable, os.path.join(root, 'tools', 'book', 'weave.py')],
                       cwd=work, capture_output=True, text=True)
    sys.stderr.write(p.stderr)
    if p.returncode:
        raise LabError('the student edition did not weave')
    p = subprocess.run([sys.executable, os.path.join(root, 'tools', 'book', 'pdf.py')],
                       cwd=work, capture_output=True, text=True)
    sys.stderr.write(p.stderr)
    if p.returncode:
        raise LabError('the student edition\'s PDF did not build')
    handouts(os.path.join(work, 'site'), root)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.move(os.path.join(work, 'site'), dest)
    os.symlink(os.path.relpath(os.path.join(site, 'api'), dest), os.path.join(dest, 'api'))


# ---------------------------------------------------------------------------

def main(argv):
    if not argv:
        print(__doc__)
        return 2
    cmd, args = argv[0], argv[1:]
    try:
        if cmd == 'list':
            print(f'{"lab":<16}{"chapter":<16}{"points":>7}  {"difficulty":<10}  you write')
            for lab in check():
                print(f'{lab.name:<16}{lab.meta["chapter"]:<16}{lab.points:>7}  '
                      f'{lab.meta["difficulty"]:<10}  {lab.meta["functions"]}')
        elif cmd == 'check':
            print(f'lab.py: {len(check())} labs, every marker with its stub')
        elif cmd == 'edition':
            edition(args[0], args[1:] or None)
        elif cmd == 'tree':
            lab = tree(args[0], args[1])
            print(f'lab {lab.name}: student tree in {args[1]}; there, make grade')
        elif cmd == 'grade':
            hidden = None
            if args[:1] == ['--hidden']:
                hidden = os.path.abspath(args[1])
            return 0 if grade(os.getcwd(), hidden, verbose=os.environ.get('V') == '1') else 1
        elif cmd == 'handouts':
            handouts(args[0])
        elif cmd == 'student-book':
            student_book(os.path.abspath(args[0]))
        else:
            print(__doc__)
            return 2
    except LabError as e:
        print(f'lab.py: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""weave.t: the book weaves, as HTML and as PDF, without a warning.

`make test` runs `make book` first and keeps its output in
build/book/make.log and its exit status in build/book/make.status (run
alone, or after the book changed, this test runs `make book` itself). Then, from the logs each step
keeps: noweb said nothing, pandoc read all the LaTeX (tools/book/raw-latex.lua
reports what it could not), every figure a chapter includes exists, and
pdflatex finished with no error, no undefined reference and no overfull box.
Last, no chapter can drop out of the book unnoticed: every book/*.nw is
listed in book/chapters, and every \ref{chap:X} names a listed chapter.

Overfull boxes: the PDF's text is as wide as 80 columns of 8pt code; a
longer code line wraps at a space, with an arrow, and prose may be set
loose rather than stick out (tools/book/startmem.tex). What TeX still calls
overfull is a word, a formula or a table wider than the line. We allow
1pt: that is 0.35 mm, a quarter of a code character, which no reader can
see; anything wider does show, and the test names the chapter and line.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from booktest import ok, diag, done, chapters  # noqa: E402

OVERFULL_PT = 1.0

def newest(paths):
    return max((os.path.getmtime(p) for p in paths if os.path.exists(p)), default=0)


sources = [f'book/{c}.nw' for c in chapters()] + ['book/chapters'] + \
    [os.path.join('tools/book', f) for f in os.listdir('tools/book')]
if newest(['build/book/make.status']) < newest(sources):     # absent or stale
    os.makedirs('build/book', exist_ok=True)
    run = subprocess.run(['make', '--no-print-directory', 'book'], capture_output=True, text=True)
    open('build/book/make.log', 'w').write(run.stdout + run.stderr)
    open('build/book/make.status', 'w').write(f'{run.returncode}\n')
make_log = open('build/book/make.log').read()
status = open('build/book/make.status').read().strip()


def log(name):
    path = f'build/book/{name}'
    return open(path, encoding='utf-8', errors='replace').read() if os.path.exists(path) else ''


problems = [l for l in make_log.splitlines() if re.search(r'error|Error|failed|\*\*\*', l)]
ok(status == '0', 'make book succeeds', problems or make_log.splitlines()[-20:])

weave, pdf = log('weave.log'), log('pdf.log')
ok(os.path.exists('site/index.html') and not re.search(r'^noweb', weave, re.M)
   and not re.search(r'^noweave', pdf, re.M),
   'noweb weaves every chapter without a warning',
   [l for l in (weave + pdf).splitlines() if l.startswith(('noweb', 'noweave'))]
   or ['site/index.html was not written'])

pandoc = [l for l in weave.splitlines() if not l.startswith('noweb') and 'figure' not in l]
ok(os.path.exists('site/index.html') and not pandoc,
   'pandoc reads the LaTeX of every chapter without a warning', pandoc)

# Figures: every \includegraphics{figures/NAME} of a chapter in the site, for both weaves.
missing = []
for name in chapters():
    source = open(f'book/{name}.nw', encoding='utf-8').read()
    for m in re.finditer(r'\\includegraphics(?:\[[^]]*\])?\{([^}]*)\}', source):
        line = source.count('\n', 0, m.start()) + 1
        path = m[1]
        if not path.startswith('figures/'):
            missing.append(f'book/{name}.nw:{line}: {path} is not under figures/')
        elif not os.path.exists(f'site/{path}.svg'):
            missing.append(f'book/{name}.nw:{line}: site/{path}.svg does not exist (make figures)')
        elif not os.path.exists(f'build/book/{path}.pdf'):
            missing.append(f'book/{name}.nw:{line}: build/book/{path}.pdf was not made for the PDF')
ok(not missing, 'every figure a chapter includes exists, as SVG and as PDF', missing)

# pdflatex, from its own log. body.tex keeps each chapter's lines in place.
tex = log('startmem.log')
starts, total = [], 0
for name in chapters():
    starts.append((total, f'book/{name}.nw'))
    total += open(f'book/{name}.nw', encoding='utf-8').read().count('\n')
body_begin, body_end = tex.find('startmem: body.tex begins'), tex.find('startmem: body.tex ends')


def where(pos, line):
    if not (body_begin < pos < body_end) or line > total:
        return f'startmem.tex (the front or back matter), line {line}'
    first, path = [s for s in starts if s[0] < line][-1]
    return f'{path}:{line - first}'


ok(os.path.exists('site/startmem.pdf') and 'Output written on startmem.pdf' in tex,
   'pdflatex writes site/startmem.pdf', ['no PDF: see build/book/pdf.log'])
errors = [f'{where(m.start(), int(m[2]))}: {m[3]}' if m[1] == 'body.tex' else m[0]
          for m in re.finditer(r'^\./([\w.]+):(\d+): (.*)$', tex, re.M)]
ok(tex and not errors, 'pdflatex reports no error', errors)
undefined = [f'{where(m.start(), int(m[3]))}: {m[1].lower()} {m[2]} is undefined'
             for m in re.finditer(r"LaTeX Warning: (Reference|Citation) `([^']*)' on page \S+ "
                                  r"undefined on input line (\d+)", tex)]
undefined += re.findall(r"LaTeX Warning: Label `[^']*' multiply defined\.", tex)
ok(tex and not undefined, 'the PDF has no undefined or doubly defined reference', undefined)
overfull = [f'{where(m.start(), int(m[2]))}: a line {m[1]}pt too wide: {m[3].strip()[:100]}'
            for m in re.finditer(r'^Overfull \\hbox \(([\d.]+)pt too wide\) .*?lines? (\d+).*\n(.*)',
                                 tex, re.M) if float(m[1]) > OVERFULL_PT]
ok(tex and not overfull, f'the PDF has no overfull line wider than {OVERFULL_PT}pt', overfull)

# A chapter dropped from book/chapters must not go unnoticed: every
# book/*.nw is listed there, and every \ref{chap:X} names a listed chapter.
names = set(chapters())
unlisted = sorted(f[:-3] for f in os.listdir('book') if f.endswith('.nw') and f[:-3] not in names)
ok(not unlisted, 'every book/*.nw is a chapter listed in book/chapters',
   [f'book/{n}.nw is not in book/chapters' for n in unlisted])
dangling = []
for name in sorted(names):
    source = open(f'book/{name}.nw', encoding='utf-8').read()
    for m in re.finditer(r'\\ref\{chap:([^}]*)\}', source):
        if m[1] not in names:
            line = source.count('\n', 0, m.start()) + 1
            dangling.append(f'book/{name}.nw:{line}: \\ref{{chap:{m[1]}}} names no chapter in book/chapters')
ok(not dangling, 'every \\ref{chap:...} names a chapter in book/chapters', dangling)
done()

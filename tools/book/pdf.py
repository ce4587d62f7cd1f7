#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""pdf.py: weave the chapters of book/chapters into site/startmem.pdf.

    markup book/*.nw | nwindex.py | noidx | totex  -> build/book/body.tex
        (noweave -n -index -latex, with tools/book/nwindex.py in place of
        noweb's finduses: tools/book/nwindex.py says why)
    site/figures/NAME.svg               -> build/book/figures/NAME.pdf
    pdflatex startmem.tex (until its cross-references settle) -> site/startmem.pdf

noweave keeps each chapter's lines where they were, so a line of body.tex
is a line of one chapter; TeX's errors and warnings are reported against
book/NAME.nw:LINE. Errors make the exit status 1; warnings (undefined
references, overfull boxes wider than OVERFULL_PT) are printed, and
tests/book/weave.t fails on them.
"""
import os
import re
import shutil
import subprocess
import sys

OUT = 'build/book'
TOOLS = os.path.dirname(os.path.abspath(__file__))
OVERFULL_PT = 1.0       # tests/book/weave.t says why
TEX_ENV = dict(os.environ, max_print_line='10000')   # one message, one line of the log


def main():
    paths = [f'book/{n}.nw' for n in open('book/chapters').read().split()]
    os.makedirs(f'{OUT}/figures', exist_ok=True)
    problems = 0
    noweb = '/usr/lib/noweb'
    weave = subprocess.run(['sh', '-c', f'{noweb}/markup "$@" | {sys.executable} {TOOLS}/nwindex.py'
                            f' | {noweb}/noidx | {noweb}/totex', 'weave'] + paths,
                           capture_output=True, text=True)
    for line in weave.stderr.splitlines():
        print(f'noweave: {line}', file=sys.stderr)
        problems += 1
    if weave.returncode:
        sys.exit('pdf: noweave failed')
    # A reference to a chapter not yet written reads "`e820' (to come)".
    names = {os.path.basename(p)[:-3] for p in paths}
    body = re.sub(r'\\ref\{chap:([^}]*)\}',
                  lambda m: m[0] if m[1] in names else f"\\textit{{`{m[1]}' (to come)}}", weave.stdout)
    with open(f'{OUT}/body.tex', 'w', encoding='utf-8') as f:
        f.write(body)
    where = line_map(paths)
    for m in re.finditer(r'\\includegraphics(?:\[[^]]*\])?\{figures/([^}]*)\}', weave.stdout):
        problems += not figure(m[1], where(weave.stdout.count('\n', 0, m.start()) + 1))
    shutil.copy(f'{TOOLS}/startmem.tex', f'{OUT}/startmem.tex')
    for run in range(4):
        tex = subprocess.run(['pdflatex', '-interaction=nonstopmode', '-halt-on-error', '-file-line-error',
                              'startmem.tex'], cwd=OUT, capture_output=True, text=True, env=TEX_ENV,
                             encoding='latin-1')
        log = open(f'{OUT}/startmem.log', encoding='latin-1').read()
        if tex.returncode or not re.search(r'Rerun to get|Label\(s\) may have changed', log):
            break
    errors, warnings = check_log(log, where)
    for message in errors + warnings:
        print(message, file=sys.stderr)
    if tex.returncode or errors or problems:
        sys.exit(f'pdf: pdflatex failed; see {OUT}/startmem.log')
    shutil.copy(f'{OUT}/startmem.pdf', 'site/startmem.pdf')


def line_map(paths):
    """Map a line of body.tex to 'book/NAME.nw:LINE'."""
    starts, total = [], 0
    for path in paths:
        starts.append((total, path))
        total += open(path, encoding='utf-8').read().count('\n')

    def where(line):
        if line > total:
            return 'the index'
        first, path = [s for s in starts if s[0] < line][-1]
        return f'{path}:{line - first}'
    return where


def figure(name, where):
    """Make build/book/figures/NAME.pdf from what `make figures` wrote."""
    pdf, svg, out = f'site/figures/{name}.pdf', f'site/figures/{name}.svg', f'{OUT}/figures/{name}.pdf'
    if os.path.exists(pdf):
        shutil.copy(pdf, out)
    elif os.path.exists(svg):
        if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(svg):
            subprocess.run(['rsvg-convert', '-f', 'pdf', '-o', out, svg], check=True)
    else:
        print(f'{where}: error: figure figures/{name}: neither {svg} nor {pdf} exists '
              '(`make figures` writes them)', file=sys.stderr)
        return False
    return True


def check_log(log, where):
    """TeX's errors and the warnings that matter, as book/NAME.nw:LINE."""
    begin, end = log.find('startmem: body.tex begins'), log.find('startmem: body.tex ends')

    def place(pos, line):
        inside = begin < pos and (end < 0 or pos < end)
        return where(line) if inside else f'tools/book/startmem.tex:{line}'
    errors, warnings = [], []
    for m in re.finditer(r'^\./([\w.]+):(\d+): (.*)$', log, re.M):
        line = int(m[2])
        errors.append(f'{where(line) if m[1] == "body.tex" else "tools/book/" + m[1] + ":" + m[2]}'
                      f': LaTeX error: {m[3]}')
    for m in re.finditer(r"LaTeX Warning: (Reference|Citation) `([^']*)' on page \S+ "
                         r"undefined on input line (\d+)", log):
        warnings.append(f'{place(m.start(), int(m[3]))}: LaTeX warning: undefined '
                        f'{m[1].lower()} {m[2]}')
    for m in re.finditer(r'^Overfull \\hbox \(([\d.]+)pt too wide\) .*?lines? (\d+)', log, re.M):
        if float(m[1]) > OVERFULL_PT:
            warnings.append(f'{place(m.start(), int(m[2]))}: LaTeX warning: overfull line, '
                            f'{m[1]}pt too wide')
    return errors, warnings


if __name__ == '__main__':
    main()

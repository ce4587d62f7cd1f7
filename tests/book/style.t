#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""style.t - the house style's mechanical rules (STYLE.md H1-H4, H13), as TAP.

For every chapter listed in book/chapters:
  - chunk names say what the chunk does in at most 75 characters, and do not
    end in "..." or "." (H3);
  - every code chunk is introduced by prose: the documentation between it and
    the previous code chunk has words, not only "@ %def" lines (H4);
  - a code chunk has at most 25 lines (H4), unless the line before it is a
    LaTeX comment "% long chunk: <reason>" that says why it cannot be split
    (a data structure, a table the hardware fixes);
and for every tangled file in src/:
  - it starts with an SPDX-License-Identifier line (DEVELOPERS.md);
  - no C function is longer than 60 lines (H4: "at most about 50").
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_CHUNK_LINES = 25
MAX_NAME = 75
MAX_FUNCTION_LINES = 60

DEF = re.compile(r'^<<(.+)>>=\s*$')
DOC_START = re.compile(r'^@(\s|$)')

results = []


def ok(cond, what, diag=()):
    results.append((cond, what, list(diag)))


def chunks(path):
    """Yield (line number, name, body lines, prose before it, marker line)."""
    lines = open(path, encoding='utf-8').read().split('\n')
    prose, prev = [], ''
    i = 0
    while i < len(lines):
        m = DEF.match(lines[i])
        if not m:
            if DOC_START.match(lines[i]):
                prose = [lines[i][1:]]
            else:
                prose.append(lines[i])
            i += 1
            continue
        start, name = i + 1, m.group(1)
        marker = prev_nonblank(lines, i)
        i += 1
        body = []
        while i < len(lines) and not DOC_START.match(lines[i]) and not DEF.match(lines[i]):
            body.append(lines[i])
            i += 1
        yield start, name, body, prose, marker
        prose = []


def prev_nonblank(lines, i):
    for j in range(i - 1, -1, -1):
        if lines[j].strip():
            return lines[j]
    return ''


def has_words(prose):
    text = ' '.join(l for l in prose if not l.strip().startswith('%def')
                    and not l.strip().startswith('%'))
    return re.search(r'[A-Za-z]{2,}', text) is not None


def check_chapter(chapter):
    path = os.path.join(ROOT, 'book', chapter + '.nw')
    names, long_chunks, bare = [], [], []
    for line, name, body, prose, marker in chunks(path):
        where = f'book/{chapter}.nw:{line}'
        if len(name) > MAX_NAME or name.endswith('...') or name.endswith('.'):
            names.append(f'{where}: <<{name}>>')
        n = len(body)
        exempt = re.match(r'^%\s*long chunk:\s*\S', marker.strip())
        if n > MAX_CHUNK_LINES and not exempt:
            long_chunks.append(f'{where}: <<{name}>> has {n} lines')
        if not has_words(prose):
            bare.append(f'{where}: <<{name}>> follows no prose')
    ok(not names, f'{chapter}: chunk names are short sentences', names)
    ok(not long_chunks, f'{chapter}: code chunks have at most {MAX_CHUNK_LINES} lines', long_chunks)
    ok(not bare, f'{chapter}: every code chunk is introduced by prose', bare)


FUNC_START = re.compile(r'^[A-Za-z_][^;(]*\b([A-Za-z_]\w*)\s*\([^;]*$')


def check_sources():
    src = os.path.join(ROOT, 'src')
    no_spdx, long_funcs = [], []
    for dirpath, _, files in os.walk(src):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, src)
            text = open(path, encoding='utf-8').read().split('\n')
            first = next((l for l in text if l.strip() and not l.startswith('#line')), '')
            if 'SPDX-License-Identifier' not in first:
                no_spdx.append(f'src/{rel}: first line is "{first[:60]}"')
            if f.endswith('.c'):
                long_funcs += long_functions(rel, text)
    ok(not no_spdx, 'every tangled file starts with an SPDX line', no_spdx)
    ok(not long_funcs, f'no tangled function is longer than {MAX_FUNCTION_LINES} lines', long_funcs)


def long_functions(rel, text):
    """Linux style: the body of a function runs from a '{' alone in column 0 to '}'."""
    out, name, start = [], None, None
    code = [l for l in text if not l.startswith('#line')]
    for i, l in enumerate(code):
        if l == '{' and i > 0:
            for back in range(i - 1, max(i - 4, -1), -1):
                m = FUNC_START.match(code[back])
                if m:
                    name, start = m.group(1), i
                    break
        elif l == '}' and start is not None:
            if i - start - 1 > MAX_FUNCTION_LINES:
                out.append(f'src/{rel}: {name}() has {i - start - 1} lines')
            name, start = None, None
    return out


def main():
    chapters = [c.strip() for c in open(os.path.join(ROOT, 'book', 'chapters'))
                if c.strip() and not c.startswith('#')]
    for c in chapters:
        check_chapter(c)
    if os.path.isdir(os.path.join(ROOT, 'src')):
        check_sources()
    else:
        ok(False, 'src/ exists (run make tangle first)')
    for n, (cond, what, diag) in enumerate(results, 1):
        print(f'{"ok" if cond else "not ok"} {n} - {what}')
        for d in diag:
            print(f'#   {d}')
    print(f'1..{len(results)}')
    return 0 if all(c for c, _, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())

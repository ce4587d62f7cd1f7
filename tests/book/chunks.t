#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""chunks.t: every chunk is where the reader expects it.

noweb's own parse of each chapter (markup, one chapter at a time, as
tools/tangle.sh tangles) against the woven book:
- no chunk name is defined in two chapters: the PDF weaves all chapters as
  one document, where two definitions would merge into one chunk;
- every chunk a chapter defines is used, or is an output file (a root);
- every chunk a chapter uses is defined in it;
- every chunk the tangle uses (reachable from an output file) is in the
  chapter's page, as often as it is defined, and the PDF has as many
  code chunks as the chapters.
"""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from booktest import ok, done, chapters, chunks_of, is_file, need_site  # noqa: E402

need_site()
where = {}
parsed = {}
for chapter in chapters():
    defined, uses = chunks_of(chapter)
    parsed[chapter] = (defined, uses)
    for name in defined:
        where.setdefault(name, []).append(chapter)

twice = [f'<<{n}>> is defined in ' + ' and '.join(f'book/{c}.nw' for c in cs)
         for n, cs in sorted(where.items()) if len(cs) > 1]
ok(not twice, 'no chunk name is defined in two chapters', twice)

total = 0
for chapter in chapters():
    defined, uses = parsed[chapter]
    used = {u for _, u in uses}
    unused = [f'<<{n}>>' for n in defined if n not in used and not is_file(n)]
    ok(not unused, f'{chapter}: every chunk defined is used or is an output file', unused)
    undefined = sorted({f'<<{u}>>, used in <<{user}>>' for user, u in uses if u not in defined})
    ok(not undefined, f'{chapter}: every chunk used is defined', undefined)

    # What the tangle reaches, from the output files down.
    children = {}
    for user, u in uses:
        children.setdefault(user, set()).add(u)
    reached, todo = set(), [n for n in defined if is_file(n)]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(children.get(name, ()))
    page = open(f'site/{chapter}.html', encoding='utf-8').read()
    woven = {}
    for m in re.finditer(r'<div class="chunk" id="[^"]*" data-chunk="([^"]*)"', page):
        name = html.unescape(m[1])
        woven[name] = woven.get(name, 0) + 1
    absent = [f'<<{n}>>: defined {defined.get(n, 0)} times in the chapter, '
              f'{woven.get(n, 0)} in site/{chapter}.html'
              for n in sorted(reached) if woven.get(n, 0) != defined.get(n, 0)]
    ok(reached and not absent or not defined,
       f'{chapter}: every chunk the tangle uses is in the woven page', absent)
    total += sum(defined.values())

body = open('build/book/body.tex', encoding='utf-8').read() if os.path.exists('build/book/body.tex') else ''
in_pdf = body.count('\\nwbegincode{')
ok(in_pdf == total, f'the PDF has every code chunk ({total})', [f'body.tex has {in_pdf}'])
done()

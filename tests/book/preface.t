#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""preface.t: the preface's table of chapters is the book's table of chapters.

The preface tells the reader which chapter covers which section of the
seeds' walkthrough. Every chapter of book/chapters (but the preface and the
appendices, which have no place in start_kernel) must have its row, in the
book's order, each row must name a seeds' section, and no row may promise a
chapter "to come".
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from booktest import ok, done, chapters  # noqa: E402

text = open('book/preface.nw', encoding='utf-8').read()
m = re.search(r'\\begin\{tabular\}.*?\\hline\n(.*?)\\end\{tabular\}', text, re.S)
ok(m is not None, 'the preface has a table of chapters')
table = m.group(1) if m else ''
rows = [r.strip() for r in table.split('\\\\') if r.strip()]
named = [re.match(r'\\ref\{chap:([a-z_0-9]+)\}', r) for r in rows]
ok(all(named), 'every row starts with a chapter reference',
   [r for r, n in zip(rows, named) if not n])
in_table = [n.group(1) for n in named if n]

appendices = [c for c in chapters()
              if re.search(r'\\chapter\{Appendix', open('book/%s.nw' % c, encoding='utf-8').read())]
wanted = [c for c in chapters() if c != 'preface' and c not in appendices]
for c in wanted:
    ok(c in in_table, '%s: has a row in the preface' % c)
ok(in_table == [c for c in wanted if c in in_table], 'the rows are in the book\'s order',
   ['table: ' + ' '.join(in_table), 'book:  ' + ' '.join(wanted)])
for r, c in zip(rows, in_table):
    cols = [x.strip() for x in r.split('&')]
    ok(len(cols) == 3 and cols[1] != '', '%s: the row names the seeds\' section' % c, [r])
ok('to come' not in table, 'no row promises a chapter to come',
   [r for r in rows if 'to come' in r])
done()

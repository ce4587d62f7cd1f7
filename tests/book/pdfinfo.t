#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""pdfinfo.t: the PDF says what it is.

A PDF's document information (Title, Author, ...) is what a viewer's
window title, a file dialog and a library catalogue show; without it
they show "startmem.pdf" or nothing. pdfinfo (poppler-utils, which
`make setup` installs) reads it from site/startmem.pdf; the expected
words are the book's title and author as tools/book/startmem.tex sets
them on the title page, written out here.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from booktest import ok, done, need_site  # noqa: E402

need_site()
TITLE = "startmem: A literate kernel that brings up physical memory as Linux's start_kernel does"
AUTHOR = 'The startmem authors'

run = subprocess.run(['pdfinfo', 'site/startmem.pdf'], capture_output=True, text=True)
info = {}
for line in run.stdout.splitlines():
    key, _, value = line.partition(':')
    info[key.strip()] = value.strip()
ok(run.returncode == 0, 'pdfinfo reads site/startmem.pdf', run.stderr.splitlines())
ok(info.get('Title') == TITLE, 'the PDF\'s Title is the book\'s title',
   [f'Title: {info.get("Title")!r}', f'expected: {TITLE!r}'])
ok(info.get('Author') == AUTHOR, 'the PDF\'s Author is the book\'s author',
   [f'Author: {info.get("Author")!r}', f'expected: {AUTHOR!r}'])
ok(bool(info.get('Subject')) and bool(info.get('Keywords')), 'the PDF has a Subject and Keywords',
   [f'{k}: {info.get(k)!r}' for k in ('Subject', 'Keywords')])
pages = int(info.get('Pages', '0') or 0)
ok(pages > 100, f'the PDF has the whole book ({pages} pages)')
done()

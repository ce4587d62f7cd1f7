#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""reader.t: the book speaks only of what its reader can see.

A reader has the book, the kernel's source and public sources (Linux,
manuals, papers). They never see how the book was made: its issue
tracker, the people and programs who wrote it, their branches and
working copies, or the rules they wrote by. A sentence such as "the
issue's probe found ..." sends the reader to something they cannot
read; the book must say what was measured or decided and why.

Checked in the woven chapters (site/NAME.html, prose and code, without
the markup) and in book/NAME.nw (which also holds LaTeX comments that
the weave drops). The list is short, and each pattern is one that has no
legitimate use in this book; words that do have one are left out: an
"issue" is also what a CPU does to an instruction, a "branch" is also
a jump, a "helper" a small function, a "probe" a test of an address,
a "session" a debugger's, and a "bug report" is a public thing to cite.
"""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from booktest import ok, done, chapters, need_site  # noqa: E402

WORDS = [
    # the project's issue tracker and what its issues said
    (r"\bissues?(?:['’]s| tracker)|\btrackers?\b", 'an issue tracker'),
    (r"\b(?:the|this|our) issue (?:says|said|asks|asked|mentions|reports|found)\b",
     'an issue'),
    # people and programs who wrote the book (the book names authors of
    # Linux by name, never by role)
    (r'\bengineers?\b|\bteammates?\b|\bcolleagues?\b|\breviewers?\b', 'the book\'s makers'),
    (r'\b(?:we|I) (?:were|was) (?:asked|told)\b|\b(?:the|our|my) brief\b', 'an instruction'),
    # version control and the way work reaches the book
    (r'\bworktrees?\b|\b(?:git|feature|topic|integration) branch(?:es)?\b|'
     r'\b(?:first|second|third|last|next) landing\b|\bas it landed\b|\btools/integrate\b',
     'a working copy or branch'),
    (r'/work/', 'a path on one machine'),
    # the rules the book was written by
    # (its rules' numbers, H1 to H17, are left out: a chapter may number
    # its own invariants H1, H2, as memblock's are M1, M2)
    (r'\bstyle guide\b|\bhouse style\b|\bSTYLE\.md\b', 'the style guide'),
]


def hits(text, where):
    out = []
    for pattern, what in WORDS:
        for m in re.finditer(pattern, text, re.I):
            line = text.count('\n', 0, m.start()) + 1
            context = text[max(0, m.start() - 40):m.end() + 40].replace('\n', ' ')
            out.append(f'{where(line)}: {what}: "...{context}..."')
    return out


sources = []
for name in chapters():
    text = open(f'book/{name}.nw', encoding='utf-8').read()
    sources += hits(text, lambda line, name=name: f'book/{name}.nw:{line}')
ok(not sources, 'no chapter source mentions issues, trackers, engineers, branches or the '
   'style guide', sources)

# The developers' documents describe the project, not one machine.
docs = ['HACKING.md', 'README.md'] + sorted(
    os.path.join(d, 'README.md') for d in ('figures', 'tests/boot', 'tests/host', 'tests/book')
    if os.path.exists(os.path.join(d, 'README.md')))
paths = []
for doc in docs:
    if os.path.exists(doc):
        for n, line in enumerate(open(doc, encoding='utf-8'), 1):
            if re.search(r'(?<![\w.])/work/', line):
                paths.append(f'{doc}:{n}: {line.strip()}')
ok(not paths, 'HACKING.md and the READMEs name no directory of one machine', paths)

need_site()
woven = []
for name in chapters():
    page = open(f'site/{name}.html', encoding='utf-8').read()
    page = re.sub(r'<nav\b.*?</nav>|<footer\b.*?</footer>', '', page, flags=re.S)
    text = html.unescape(re.sub(r'<[^>]*>', '', page))
    woven += hits(text, lambda line, name=name: f'site/{name}.html, line {line} of its text')
ok(not woven, 'no woven chapter mentions issues, trackers, engineers, branches or the style guide',
   woven)
done()

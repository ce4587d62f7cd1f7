#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""index.t: the identifier index sends the reader to definitions and uses.

The chapters are read here as noweb's markup parses them, one chapter at a
time: code chunks numbered as the HTML book numbers them (chapter.n), each
chunk's code, and the names its `@ %def` line lists. Against that, every
entry of site/identifiers.html:

- is defined where the code defines it. A chunk defines X if, outside
  comments, strings and #include lines, it holds `#define X`,
  `struct|union|enum X {`, a function `X(...) {` or `(X)(...) {`,
  a declaration of a variable, typedef or member X, an enum constant X,
  an assembler label `X:`, `.macro X`, `SYM_..._START(X)`, or a linker
  script's `X = .;` (regular expressions over the text, not the weaver's
  token rules). Each chunk the index names as X's definition must be
  such a chunk; if the book has none (a name pasted with ##), it must be
  the chunk after which `@ %def` lists X. A chunk whose %def lists X and
  that does define X must be in the index.
- is used where the code uses it: every chunk listed under "used in"
  holds X as a word of code, not only in a comment, a string or an
  #include line; and every chunk whose code holds X is listed (as a use
  or as the definition).

And a link's tooltip (its title) is the chunk's name as a reader reads
it, without noweb's [[quotes]].
"""
import html
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from booktest import ok, done, chapters, need_site  # noqa: E402

need_site()


def parse(chapter, number):
    """[(number, name, code, %def names)] for the chapter's code chunks."""
    out = subprocess.run(['/usr/lib/noweb/markup', f'book/{chapter}.nw'],
                         capture_output=True, text=True, check=True).stdout
    chunks, cur = [], None
    for line in out.splitlines():
        kw, _, arg = line.partition(' ')
        if kw == '@begin' and arg.startswith('code'):
            cur = [f'{number}.{len(chunks) + 1}', None, [], []]
            chunks.append(cur)
        elif kw == '@end':
            cur = None
        elif cur is None:
            continue
        elif kw == '@defn':
            cur[1] = arg
        elif kw == '@text':
            cur[2].append(arg)
        elif kw == '@nl' and cur[1] is not None and cur[2] is not None:
            cur[2].append('\n')
        elif kw == '@use':
            cur[2].append(' ')              # a chunk use: a blank in the code
        elif kw == '@index' and arg.startswith('defn '):
            cur[3].append(arg[5:])
    return [(n, name, ''.join(code).lstrip('\n'), defs) for n, name, code, defs in chunks]


def code_only(text):
    """The text without comments, string and character literals and
    #include lines (each replaced by a blank, so lines stay lines)."""
    def blank(m):
        return re.sub(r'[^\n]', ' ', m[0])
    text = re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                  blank, text, flags=re.S)
    return re.sub(r'^[ \t]*#[ \t]*include\b[^\n]*', blank, text, flags=re.M)


def definition_patterns(x):
    x = re.escape(x)
    return [
        rf'^[ \t]*#[ \t]*define[ \t]+{x}\b',
        rf'\b(?:struct|union|enum)\s+{x}\s*\{{',
        rf'^[A-Za-z_][^;{{}}\n]*\(\s*{x}\s*\)\s*\([^;{{]*?\)[^;{{=]*\{{',     # (fn)(...) {
        rf'^(?:[A-Za-z_][^;{{}}\n]*?(?<![\w.>]))?{x}\s*\([^;{{]*?\)[^;{{=]*\{{',  # a function
        rf'^(?!extern\b|return\b)[A-Za-z_][^\n;(){{}}=]*[\s*]{x}\s*(?:\[[^\]\n]*\]\s*)*'
        rf'(?:=|;|,|__\w+)',                                                # a variable
        rf'^(?!extern\b)[A-Za-z_][^\n;(){{}}=]*,\s*{x}\s*(?:\[[^\]\n]*\]\s*)*[;,]',
        rf'^\}}\s*(?!__){x}\b\s*(?:\[[^\]\n]*\]\s*)*[;=_]',                        # } name;
        rf'^typedef\b[^;]*?\b{x}\s*;',
        rf'\(\s*\*\s*{x}\s*\)\s*\(',                                        # (*fn)(...)
        rf'^[ \t]+[A-Za-z_][\w \t*]*[ \t*]{x}\s*(?:\[[^\]\n]*\]\s*)*(?:;|:\s*\d)',  # a member
        rf'^{x}:', rf'\bSYM_\w*START\w*\(\s*{x}\b', rf'^[ \t]*\.macro[ \t]+{x}\b',
        rf'^[ \t]*{x}[ \t]*=[ \t]*\.[ \t]*;',
    ]


def defines(code, x):
    if any(re.search(p, code, re.M | re.S) for p in definition_patterns(x)):
        return True
    # An enum constant: in enum { ... } on one line, or on an indented line
    # of its own in a chunk that opens an enum's braces.
    x = re.escape(x)
    return bool(re.search(rf'\benum\b[^;{{]*\{{[^}}]*?(?<!\w){x}\s*(?:=[^,}}]*)?[,}}]', code)) or \
        bool(re.search(r'\benum\b[^;{]*\{', code)) and \
        bool(re.search(rf'^[ \t]+{x}\s*(?:=[^,\n]*)?,?[ \t]*$', code, re.M))


book = []
for i, name in enumerate(chapters()):
    book += parse(name, i)
by_number = {n: (name, code_only(code), defs) for n, name, code, defs in book}
words = {n: set(re.findall(r'[A-Za-z_][A-Za-z0-9_]*', code)) for n, (_, code, _) in by_number.items()}

index = open('site/identifiers.html', encoding='utf-8').read()
entries = []
for m in re.finditer(r'<li><a href="[^"]*"><code>([^<]*)</code></a>: (.*?)</li>', index):
    defs_html, _, uses_html = m[2].partition('; used in ')
    entries.append((html.unescape(m[1]), re.findall(r'>(\d+\.\d+)</a>', defs_html),
                    re.findall(r'>(\d+\.\d+)</a>', uses_html)))
ok(len(entries) > 100, f'site/identifiers.html lists the identifiers ({len(entries)})')

wrong_defs, missing_defs, comment_uses, missing_uses = [], [], [], []
for x, defs, uses in entries:
    having = {n for n in by_number if x in words[n]}     # the chunks whose code has x
    really = {n for n in having if defines(by_number[n][1], x)}
    declared = {n for n, (_, _, d) in by_number.items() if x in d}
    for n in defs:
        if n not in by_number:
            wrong_defs.append(f'{x}: defined in {n}, which is no chunk')
        elif not (n in really or not really and n in declared):
            where = ', '.join(sorted(really, key=lambda s: [int(p) for p in s.split('.')])) \
                or 'no chunk'
            wrong_defs.append(f'{x}: the index says {n} <<{by_number[n][0]}>>; '
                              f'the code defines it in {where}')
    for n in sorted(declared & really - set(defs)):
        missing_defs.append(f'{x}: {n} <<{by_number[n][0]}>> defines it and its %def says so, '
                            'but the index does not list it')
    for n in uses:
        if n in by_number and n not in having:
            comment_uses.append(f'{x}: "used in" {n} <<{by_number[n][0]}>>, '
                                'but only in a comment, a string or an #include')
    if defs:
        listed = set(defs) | set(uses)
        for n in sorted(having - listed):
            missing_uses.append(f'{x}: {n} <<{by_number[n][0]}>> uses it in code, '
                                'but the index does not list it')

ok(not wrong_defs, 'every identifier is indexed at the chunk whose code defines it', wrong_defs)
ok(not missing_defs, 'every chunk that defines an identifier it %defs is in the index',
   missing_defs)
ok(not comment_uses, 'no identifier is "used" only in a comment, a string or an #include',
   comment_uses)
ok(not missing_uses, 'every chunk that uses an identifier in code is in its entry', missing_uses)

quoted = []
for name in chapters() + ['identifiers', 'chunks']:
    page = open(f'site/{name}.html', encoding='utf-8').read()
    quoted += [f'site/{name}.html: title="{t}"' for t in
               sorted(set(re.findall(r'title="([^"]*\[\[[^"]*)"', page)))]
ok(not quoted, "no link's tooltip shows noweb's [[quotes]]", quoted)
done()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""weave.py: weave the chapters of book/chapters into the HTML book in site/.

    markup book/*.nw | nwindex.py | noidx   noweb parses; we read its stream
      -> chapters: prose (LaTeX) and code chunks, with noweb's labels
      -> prose: LaTeX with placeholders -> pandoc -> HTML -> placeholders filled
      -> code: Pygments tokens, with identifiers and chunk uses made links
      -> site/NAME.html for each chapter, index.html (contents),
         chunks.html and identifiers.html (the indexes), book.css

All chapters go through noweb together, so an identifier defined in one
chapter is linked from all of them, and a \\ref may point into any chapter.
Chunk names must therefore be unique across the book (tests/book checks).
Warnings go to stderr as FILE: message; errors (a missing figure) also make
the exit status 1, after every page has been written.
"""
import html
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from pygments import lexers
from pygments.formatters import HtmlFormatter
from pygments.token import STANDARD_TYPES, Error

NOWEB = '/usr/lib/noweb'
TOOLS = os.path.dirname(os.path.abspath(__file__))
SITE = 'site'
API_TAGS = 'build/book/api.tag'   # Doxygen's tag file: source file -> page
errors = 0


def warn(where, message, error=False):
    global errors
    errors += error
    print(f'{where}: {"error: " if error else ""}{message}', file=sys.stderr)


def esc(text):
    return html.escape(text, quote=True)


# ---------------------------------------------------------------------------
# The book as noweb sees it.

class Chapter:
    def __init__(self, name, number):
        self.name, self.number = name, number
        self.path = f'book/{name}.nw'
        self.page = f'{name}.html'
        self.source = open(self.path, encoding='utf-8').read()
        self.items = []         # Docs and Chunk objects, in order
        self.title = self.title_text = name
        self.sections = []      # (number, id, title HTML): the contents
        self.body = ''          # the page's main HTML

    def line_of(self, needle):
        """The line of the chapter's source where needle first occurs."""
        at = self.source.find(needle)
        return self.source.count('\n', 0, at) + 1 if at >= 0 else 0


class Docs:
    def __init__(self):
        self.body = []          # ('text', s) or ('quote', [pieces])


class Chunk:
    def __init__(self, chapter, number):
        self.chapter, self.number = chapter, number     # number: '3.12'
        self.label = self.name = None
        self.body = []          # ('text', s), ('ident', s, label), ('use', name, label)
        self.used_in, self.defines, self.uses = [], [], []
        self.prev = self.next = None
        self.root = False

    def href(self):
        return f'{self.chapter.page}#{self.label}'


def read_book(chapters):
    """Run noweb over all chapters; fill the chapters, return the indexes."""
    paths = ' '.join(c.path for c in chapters)
    run = subprocess.run(['sh', '-c', f'{NOWEB}/markup {paths} | {sys.executable} {TOOLS}/nwindex.py'
                          f' | {NOWEB}/noidx'],
                         capture_output=True, text=True)
    for line in run.stderr.splitlines():
        warn('noweb', line)
    if run.returncode:
        sys.exit('weave: noweb failed')
    by_path = {c.path: c for c in chapters}
    chunks, chunk_index, ident_index = {}, [], []
    chapter = cur = target = pending = ident = None
    skip_nl, isused = False, []
    for line in run.stdout.splitlines():
        kw, _, arg = line.partition(' ')
        sub, _, rest = arg.partition(' ')
        if kw == '@file':
            chapter = by_path[arg]
        elif kw == '@begin' and sub == 'docs':
            cur = Docs()
            target = cur.body
            chapter.items.append(cur)
        elif kw == '@begin':
            n = sum(isinstance(i, Chunk) for i in chapter.items) + 1
            cur = Chunk(chapter, f'{chapter.number}.{n}')
            target = cur.body
            chapter.items.append(cur)
        elif kw == '@end':
            cur = None
        elif kw == '@text' and ident and arg == ident[0]:
            target.append(('ident', arg, ident[1]))
            ident = None
        elif kw == '@text':
            target.append(('text', arg))
        elif kw == '@nl':
            if not skip_nl:
                target.append(('text', '\n'))
            skip_nl = False
        elif kw == '@defn':
            cur.name, pending, skip_nl = arg, None, True
        elif kw == '@use':
            target.append(('use', arg, pending))
            pending = None
        elif kw == '@quote':
            target = []
            cur.body.append(('quote', target))
        elif kw == '@endquote':
            target = cur.body
        elif kw == '@xref':
            if sub == 'label' and isinstance(cur, Chunk) and cur.name is None:
                cur.label = rest
                chunks[rest] = cur
            elif sub == 'ref':
                pending = rest
            elif sub in ('prevdef', 'nextdef'):
                setattr(cur, sub[:4], rest)
            elif sub == 'useitem':
                cur.used_in.append(rest)
            elif sub == 'notused':
                cur.root = True
            elif sub == 'chunkbegin':
                label, _, name = rest.partition(' ')
                chunk_index.append((name, label, [], []))
            elif sub in ('chunkdefn', 'chunkuse'):
                chunk_index[-1][2 if sub == 'chunkdefn' else 3].append(rest)
        elif kw == '@index':
            if sub == 'use':
                ident, pending = (rest, pending), None
            elif sub == 'isused':
                isused.append(rest)
            elif sub == 'defitem':
                cur.defines.append((rest, isused))
                isused = []
            elif sub == 'isdefined':
                pending = rest
            elif sub == 'useitem':
                cur.uses.append((rest, pending))
            elif sub == 'entrybegin':
                label, _, name = rest.partition(' ')
                ident_index.append((name, label, [], []))
            elif sub in ('entrydefn', 'entryuse'):
                ident_index[-1][2 if sub == 'entrydefn' else 3].append(rest)
    return chunks, chunk_index, ident_index


# ---------------------------------------------------------------------------
# Code chunks.

def chunk_name(name):
    """A chunk's name as HTML: [[identifiers]] in code font."""
    parts = re.split(r'\[\[(.*?)\]\]', name)
    return ''.join(f'<code>{esc(p)}</code>' if i % 2 else esc(p) for i, p in enumerate(parts))


def chunk_title(name):
    """A chunk's name as plain text, for a tooltip: without noweb's [[quotes]]."""
    return re.sub(r'\[\[(.*?)\]\]', r'\1', name)


def chunk_ref(chunks, label, text=None):
    """A link to a chunk by its number; ?? for a chunk that does not exist."""
    c = chunks.get(label)
    if c is None:
        return '<span class="undefined">??</span>'
    return f'<a href="{c.href()}" title="{esc(chunk_title(c.name))}">{text or c.number}</a>'


def chunk_use(chunks, name, label):
    return (f'<span class="use">⟨{chunk_name(name)} {chunk_ref(chunks, label)}⟩</span>')


LEXERS = [('.lds.S', 'c'), ('.c', 'c'), ('.h', 'c'), ('.S', 'gas'), ('.py', 'python'),
          ('.sh', 'bash'), ('.mk', 'make'), ('Makefile', 'make')]


def lexer_for(root):
    for suffix, alias in LEXERS:
        if root.endswith(suffix):
            return lexers.get_lexer_by_name(alias)
    return lexers.get_lexer_by_name('text')


def file_of(chapter):
    """Map each chunk name of a chapter to the root (output file) it goes to."""
    parents = {}
    for c in chapter.items:
        if isinstance(c, Chunk):
            for piece in c.body:
                if piece[0] == 'use':
                    parents.setdefault(piece[1], c.name)
    roots = {}
    for c in chapter.items:
        if isinstance(c, Chunk):
            name, seen = c.name, set()
            while name in parents and name not in seen:
                seen.add(name)
                name = parents[name]
            roots[c.name] = name
    return roots


def highlight(chunks, body, lexer):
    """Render a chunk's body: Pygments' tokens, cut where our links begin
    and end. A chunk use stands in the text as one space, so that the lexer
    sees a blank where the use will be."""
    text, marks = '', []            # marks: (start, end, HTML to open or replace)
    for piece in body:
        if piece[0] == 'ident':
            c = chunks.get(piece[2])
            if c:
                marks.append((len(text), len(text) + len(piece[1]), f'<a href="{c.href()}">'))
        elif piece[0] == 'use':
            marks.append((len(text), len(text) + 1, chunk_use(chunks, piece[1], piece[2])))
            text += ' '
            continue
        text += piece[1]
    cuts = sorted({m[0] for m in marks} | {m[1] for m in marks})
    out, m, open_mark = [], 0, None
    for start, token, value in lexer.get_tokens_unprocessed(text):
        end = start + len(value)
        points = [start] + [c for c in cuts if start < c < end] + [end]
        for s, e in zip(points, points[1:]):
            while m < len(marks) and marks[m][1] <= s:
                m += 1
            mark = marks[m] if m < len(marks) and marks[m][0] <= s else None
            if mark is not open_mark:
                if open_mark and open_mark[2].startswith('<a '):
                    out.append('</a>')
                open_mark = mark
                if mark:
                    out.append(mark[2])
            if mark and not mark[2].startswith('<a '):
                continue            # a chunk use: already written
            cls = STANDARD_TYPES.get(token, '') if token is not Error else ''
            piece = esc(text[s:e])
            out.append(f'<span class="{cls}">{piece}</span>' if cls else piece)
    if open_mark and open_mark[2].startswith('<a '):
        out.append('</a>')
    return ''.join(out)


def render_chunk(chunks, c, lexer, api):
    first = c.prev is None
    head = (f'<div class="defn"><a class="num" href="#{c.label}">{c.number}</a> '
            f'⟨{chunk_name(c.name)}⟩{"≡" if first else "+≡"}</div>')
    notes = []
    if c.prev:
        notes.append(f'This definition continues {chunk_ref(chunks, c.prev)}.')
    if c.next:
        notes.append(f'It is continued in {chunk_ref(chunks, c.next)}.')
    if c.root and ('/' in c.name or '.' in c.name):
        link = f' (<a href="{api[c.name]}">API reference</a>)' if c.name in api else ''
        notes.append(f'Tangled to <code>src/{esc(c.name)}</code>{link}.')
    elif c.root:
        notes.append('<span class="undefined">This chunk is never used.</span>')
    if c.used_in:
        notes.append('Used in ' + ', '.join(chunk_ref(chunks, u) for u in c.used_in) + '.')
    if c.defines:
        defs = [f'<code>{esc(i)}</code>, used in ' + ', '.join(chunk_ref(chunks, u) for u in used)
                if used else f'<code>{esc(i)}</code>, not used' for i, used in c.defines]
        notes.append('Defines ' + '; '.join(defs) + '.')
    if c.uses:
        notes.append('Uses ' + ', '.join(f'<code>{esc(i)}</code> {chunk_ref(chunks, d)}'
                                         for i, d in c.uses) + '.')
    xref = f'<div class="xref">{" ".join(notes)}</div>' if notes else ''
    return (f'<div class="chunk" id="{c.label}" data-chunk="{esc(c.name)}">{head}'
            f'<pre class="code">{highlight(chunks, c.body, lexer)}</pre>{xref}</div>')


# ---------------------------------------------------------------------------
# Prose. pandoc converts each chapter's LaTeX; what it must not touch
# (quoted code, code chunks, \ref and \label) goes through it as
# placeholders, XNW<kind><n>X, which are filled in afterwards.

class Placeholders:
    def __init__(self, prefix):
        self.prefix, self.html, self.text = prefix, {}, {}

    def add(self, kind, html_, text=''):
        key = f'XNW{kind}{len(self.html)}X'
        self.html[key], self.text[key] = html_, text
        return key


def quote_html(chunks, pieces):
    out = []
    for piece in pieces:
        c = chunks.get(piece[2]) if piece[0] == 'ident' else None
        if piece[0] == 'use':
            out.append(chunk_use(chunks, piece[1], piece[2]))
        elif c:
            out.append(f'<a href="{c.href()}">{esc(piece[1])}</a>')
        else:
            out.append(esc(piece[1]))
    return '<code>' + ''.join(out) + '</code>'


def prose_latex(chapter, chunks, ph, api):
    """The chapter as one LaTeX document, with placeholders."""
    roots = file_of(chapter)
    parts = []
    for item in chapter.items:
        if isinstance(item, Chunk):
            lexer = lexer_for(roots.get(item.name, ''))
            parts.append('\n\n' + ph.add('C', render_chunk(chunks, item, lexer, api)) + '\n\n')
            continue
        for piece in item.body:
            if piece[0] == 'quote':
                text = ''.join(p[1] for p in piece[1])
                if re.search(r'\\[A-Za-z]+$', parts[-1] if parts else ''):
                    parts.append('{}')      # \item[[x]]: not one control word
                parts.append(ph.add('Q', quote_html(chunks, piece[1]), text))
            else:
                parts.append(piece[1])
    latex = ''.join(parts)
    latex = re.sub(r'\\ref\{([^}]*)\}', lambda m: ph.add('R', m[1]), latex)
    # Labels in a figure stay, for pandoc to put on the image; the others
    # become placeholders, because pandoc drops a label in running text.
    pieces = re.split(r'(\\begin\{figure\}.*?\\end\{figure\})', latex, flags=re.S)
    for i in range(0, len(pieces), 2):
        pieces[i] = re.sub(r'\\label\{([^}]*)\}', lambda m: ph.add('L', m[1]), pieces[i])
    return re.sub(r'\\includegraphics(\[[^]]*\])?\{([^}]*)\}',
                  lambda m: figure(chapter, m), ''.join(pieces))


def figure(chapter, m):
    """\\includegraphics{figures/NAME}: site/figures/NAME.svg must exist."""
    path = m[2]
    svg = f'{path}.svg' if not path.endswith('.svg') else path
    if not path.startswith('figures/') or not os.path.exists(f'{SITE}/{svg}'):
        warn(f'{chapter.path}:{chapter.line_of(m[0])}',
             f'figure {path}: {SITE}/{svg} does not exist (`make figures` writes it)', error=True)
    return f'\\includegraphics{m[1] or ""}{{{svg}}}'


def pandoc(chapter, latex):
    run = subprocess.run(['pandoc', '-f', 'latex+raw_tex', '-t', 'html', '--mathml', '--wrap=none',
                          '--lua-filter', f'{TOOLS}/raw-latex.lua'],
                         input=latex, capture_output=True, text=True)
    for line in run.stderr.splitlines():
        raw = line.removeprefix('unsupported LaTeX: ')
        warn(f'{chapter.path}:{chapter.line_of(raw.split(chr(10))[0])}', line)
    if run.returncode:
        warn(chapter.path, 'pandoc failed', error=True)
    return run.stdout


def number_prose(chapter, body, ph, labels):
    """Give headings and figures LaTeX's numbers (chapter 3, section 3.2,
    figure 3.1) and record the page and number of every \\label."""
    def name_heading(m):        # a label just after a heading names it
        attrs = re.sub(r'\s*id="[^"]*"', '', m[2])
        return f'<h{m[1]} id="{ph.html[m[5]]}"{attrs}>{m[3]}</h{m[1]}>' + ('' if m[6] else m[4] or '')
    body = re.sub(r'<h(\d)([^>]*)>(.*?)</h\1>\s*(<p>)?(XNWL\d+X)\s*(</p>)?', name_heading, body)
    body = re.sub(r'XNWL\d+X', lambda m: f'<span id="{ph.html[m[0]]}"></span>', body)
    known = set(re.findall(r'\\label\{([^}]*)\}', chapter.source))
    counters, state = [chapter.number, 0, 0], {'current': str(chapter.number), 'figure': None}
    figures = 0

    def heading(m):
        level, attrs, title = int(m[1]), m[2], m[3]
        ident = re.search(r'id="([^"]*)"', attrs)
        ident = ident[1] if ident else ''
        if 'unnumbered' in attrs or level > 3:
            return m[0]
        if level > 1:
            counters[level - 1] += 1
            counters[level:] = [0] * (3 - level)
        number = state['current'] = '.'.join(str(n) for n in counters[:level])
        if ident not in known:          # pandoc's made-up id: use the number
            ident = f'sec-{number}'
        if level == 1:
            chapter.title = title
        elif level == 2:
            chapter.sections.append((number, ident, title))
        labels.setdefault(ident, (chapter, number))
        return f'<h{level} id="{ident}"><span class="secno">{number}</span> {title}</h{level}>'

    def visit(m):
        nonlocal figures
        if m[1]:
            return heading(m)
        if m[0] == '<figure>':
            figures += 1
            state['figure'] = f'{chapter.number}.{figures}'
        elif m[0] == '</figure>':
            state['figure'] = None
        elif m[0].startswith('<figcaption'):
            return f'<figcaption>Figure {state["figure"]}: '
        elif m[4] in known:
            labels.setdefault(m[4], (chapter, state['figure'] or state['current']))
        return m[0]
    return re.sub(r'<h(\d)([^>]*)>(.*?)</h\1>|<figure>|</figure>|<figcaption[^>]*>|\bid="([^"]*)"',
                  visit, body)


def fill(chapter, text, ph, labels, chapters):
    """Replace the placeholders: \\ref by a link, quotes and chunks by HTML."""
    def ref(m):
        label = ph.html[m[0]]
        if label in labels:
            target, number = labels[label]
            return f'<a class="ref" href="{target.page}#{label}">{number}</a>'
        name = label.removeprefix('chap:')
        if label.startswith('chap:') and name not in chapters:
            return f'<span class="tocome">‘{esc(name)}’ (to come)</span>'
        warn(f'{chapter.path}:{chapter.line_of(label)}', f'undefined reference \\ref{{{label}}}')
        return '<span class="undefined">??</span>'
    text = re.sub(r'XNWR\d+X', ref, text)
    # In an attribute (an image's alt text) a quote is plain text.
    text = re.sub(r'="[^"]*XNWQ\d+X[^"]*"',
                  lambda m: re.sub(r'XNWQ\d+X', lambda q: esc(ph.text[q[0]]), m[0]), text)
    text = re.sub(r'<p>(XNWC\d+X)</p>', lambda m: ph.html[m[1]], text)
    return re.sub(r'XNW[QC]\d+X', lambda m: ph.html[m[0]], text)


# ---------------------------------------------------------------------------
# Pages.

def page(title, body, prev=None, next_=None):
    def link(c, rel, arrow):
        if not c:
            return '<span></span>'
        text = f'{c.number} {c.title_text}'
        return (f'<a rel="{rel}" href="{c.page}">{arrow + " " if rel == "prev" else ""}'
                f'{esc(text)}{" " + arrow if rel == "next" else ""}</a>')
    nav = (f'<nav class="bar">{link(prev, "prev", "←")}<span class="home">'
           '<a href="index.html">Contents</a> · <a href="chunks.html">Chunks</a> · '
           '<a href="identifiers.html">Identifiers</a> · <a href="api/index.html">API</a> · '
           f'<a href="startmem.pdf">PDF</a></span>{link(next_, "next", "→")}</nav>')
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(title)} — startmem</title>\n<link rel="stylesheet" href="book.css">\n'
            f'</head>\n<body>\n{nav}\n<main>\n{body}\n</main>\n{nav}\n'
            '<footer>startmem: the prose is CC BY-SA 4.0, the code GPL-2.0-only.</footer>\n'
            '</body>\n</html>\n')


def plain(html_):
    return html.unescape(re.sub(r'<[^>]*>', '', html_)).strip()


def api_pages():
    """Doxygen's page for each source file, from its tag file."""
    if not os.path.exists(API_TAGS):
        return {}
    tags = open(API_TAGS, encoding='utf-8').read()
    pages = {}
    for m in re.finditer(r'<compound kind="file">\s*<name>([^<]*)</name>\s*<path>([^<]*)</path>'
                         r'\s*<filename>([^<]*)</filename>', tags):
        src = os.path.relpath(os.path.join(m[2], m[1]), os.path.abspath('build/book/api-src'))
        target = m[3] if m[3].endswith('.html') else m[3] + '.html'
        pages[src] = 'api/' + target
    return pages


def contents(chapters):
    items = []
    for c in chapters:
        sections = ''.join(f'<li><a href="{c.page}#{i}">{n} {t}</a></li>' for n, i, t in c.sections)
        items.append(f'<li><a href="{c.page}"><span class="secno">{c.number}</span> {c.title}</a>'
                     f'<ol class="sections">{sections}</ol></li>')
    return ('<h1>startmem</h1>\n<p class="subtitle">A literate kernel that brings up physical '
            'memory as Linux’s <code>start_kernel</code> does, one step at a time.</p>\n'
            '<p>Also: <a href="startmem.pdf">the whole book as a PDF</a> · '
            '<a href="chunks.html">chunk index</a> · <a href="identifiers.html">identifier index</a>'
            ' · <a href="api/index.html">API reference</a> (Doxygen, from the tangled '
            '<code>src/</code>)</p>\n<h2>Contents</h2>\n'
            f'<ol class="contents">{"".join(items)}</ol>')


def index_page(title, entries, chunks, name_html):
    rows = []
    for name, label, defs, uses in entries:
        c = chunks.get(label)
        head = f'<a href="{c.href()}">{name_html(name)}</a>' if c else name_html(name)
        where = ', '.join(f'<strong>{chunk_ref(chunks, d)}</strong>' for d in defs)
        if uses:
            where += '; used in ' + ', '.join(chunk_ref(chunks, u) for u in uses)
        rows.append(f'<li>{head}: {where or "never defined"}</li>')
    return f'<h1>{title}</h1>\n<ul class="index">\n' + '\n'.join(rows) + '\n</ul>'


def main():
    names = open('book/chapters').read().split()
    chapters = [Chapter(n, i) for i, n in enumerate(names)]
    chunks, chunk_index, ident_index = read_book(chapters)
    api = api_pages()
    phs = {c.name: Placeholders(c.name) for c in chapters}
    latex = {c.name: prose_latex(c, chunks, phs[c.name], api) for c in chapters}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        bodies = dict(zip(latex, pool.map(pandoc, chapters, latex.values())))
    labels = {}
    for c in chapters:
        c.body = number_prose(c, bodies[c.name], phs[c.name], labels)
    for c in chapters:
        c.body = fill(c, c.body, phs[c.name], labels, names)
        c.title = fill(c, c.title, phs[c.name], labels, names)
        c.title_text = plain(c.title)
        c.sections = [(n, i, fill(c, t, phs[c.name], labels, names)) for n, i, t in c.sections]

    os.makedirs(SITE, exist_ok=True)
    for old in os.listdir(SITE):
        if old.endswith('.html'):
            os.remove(f'{SITE}/{old}')
    for i, c in enumerate(chapters):
        files = [r.name for r in c.items if isinstance(r, Chunk) and r.root
                 and ('/' in r.name or '.' in r.name) and r.prev is None]
        tangled = ''.join(f'<li><code>src/{esc(f)}</code>' + (f' (<a href="{api[f]}">API</a>)'
                          if f in api else '') + '</li>' for f in files)
        head = f'<div class="files">This chapter tangles<ul>{tangled}</ul></div>' if files else ''
        body = re.sub(r'(</h1>)', lambda m: m[1] + head, c.body, count=1)
        prev = chapters[i - 1] if i else None
        next_ = chapters[i + 1] if i + 1 < len(chapters) else None
        write(c.page, page(f'{c.number} {c.title_text}', body, prev, next_))
    write('index.html', page('Contents', contents(chapters), None, chapters[0]))
    write('chunks.html', page('Chunk index', index_page('Chunk index', chunk_index, chunks,
                                                        chunk_name)))
    write('identifiers.html', page('Identifier index',
                                   index_page('Identifier index', ident_index, chunks,
                                              lambda n: f'<code>{esc(n)}</code>')))
    css = open(f'{TOOLS}/book.css', encoding='utf-8').read()
    write('book.css', css + HtmlFormatter(style='friendly').get_style_defs('.code'))
    return 1 if errors else 0


def write(name, text):
    with open(f'{SITE}/{name}', 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    sys.exit(main())

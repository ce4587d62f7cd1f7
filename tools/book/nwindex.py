#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""nwindex.py: noweb's finduses, for C: the identifier index as a reader expects it.

    markup book/*.nw | nwindex.py | noidx | (weave.py or totex)

A noweb filter: it reads the pipeline's markup on stdin and writes it,
changed in two ways, on stdout.

Definitions. `@ %def x y` lists what the chunk just above defines, and
noweb believes it. A %def line written after the wrong chunk (after the
next one, or after a chunk that only declares or uses the name) sends
the index to a chunk where the reader finds no definition. So each
`@index defn X` goes to the chunk whose code defines X: a `#define X`,
`struct X {`, a function `X(...) {` or `(X)(...) {`, a variable, typedef, member or enum
constant declared as X, an assembler label `X:` or `.macro X`, or a
linker script's `X = .;`. The %def's own chunk, if it defines X; else
every chunk of its chapter that does (a name may be both a struct and a
variable, or a function and a macro); else every chunk of the book that
does (an extern declared in one chapter, defined in another's linker
script); else the %def's chunk after all, as noweb would have it (a
name made by ## pasting, say).

Uses. finduses marks every occurrence of a defined name in code: words
in comments and strings, and the names of #include files, count too
("page" was "used" in 120 chunks). Here a use is an identifier token
of C or assembler code: nothing inside /* */ or // comments, string or
character literals, or an #include line counts.

tests/book/index.t checks the woven index against the chapters' own
text, independently of this file.
"""
import re
import sys

IDENT = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
# One token of code: an identifier, a number, an operator of C, or any other character.
TOKEN = re.compile(r'[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_.]*|->|<<=?|>>=?|&&|\|\||\+\+|--|##'
                   r'|[-=!<>+*/%&|^]=|\S')


class Lexer:
    """Splits C (and assembler, and linker-script) text into what is code
    and what is not, keeping its state from one piece of a line to the
    next and from one line to the next, as a chunk arrives in pieces."""

    def __init__(self):
        self.state = 'code'         # code, block, line, string, char, include
        self.line_start = True      # nothing but blanks so far on this line

    def newline(self):
        if self.state != 'block':
            self.state = 'code'
        self.line_start = True

    def split(self, text):
        """[(is_code, piece)] for text, which holds no newline."""
        out, i, start = [], 0, 0

        def cut(at, code):
            if at > start:
                out.append((code, text[start:at]))
            return at
        while i < len(text):
            c, two = text[i], text[i:i + 2]
            if self.state == 'code':
                if two == '/*' or two == '//' or c in '"\'':
                    start = cut(i, True)
                    self.state = {'/*': 'block', '//': 'line'}.get(two, 'string' if c == '"'
                                                                    else 'char')
                    i += 2 if two in ('/*', '//') else 1
                    continue
                if self.line_start and c == '#' and re.match(r'#\s*include\b', text[i:]):
                    start = cut(i, True)
                    self.state = 'include'
                if not c.isspace():
                    self.line_start = False
                i += 1
            elif self.state == 'block':
                if two == '*/':
                    i += 2
                    start = cut(i, False)
                    self.state = 'code'
                else:
                    i += 1
            elif self.state in ('string', 'char'):
                if c == '\\':
                    i += 2
                elif c == ('"' if self.state == 'string' else "'"):
                    i += 1
                    start = cut(i, False)
                    self.state = 'code'
                else:
                    i += 1
            else:                       # a // comment or an #include line: to its end
                i = len(text)
        cut(len(text), self.state == 'code')
        return out


class Chunk:
    def __init__(self, file, index):
        self.file, self.index = file, index
        self.lines = [[]]       # the code's tokens, line by line
        self.indent = [None]    # whether each line starts with a blank
        self.defn_at = None     # where its @index defn lines go: before @end
        self.end_at = None


def tokens_of(chunk, lexer, text):
    """Record the code tokens of text, a piece of a line, in chunk."""
    if chunk.indent[-1] is None:
        chunk.indent[-1] = text[:1].isspace()
    for code, piece in lexer.split(text):
        if code:
            chunk.lines[-1] += TOKEN.findall(piece)


# ---------------------------------------------------------------------------
# What a chunk defines.

KEYWORDS = {'return', 'goto', 'case', 'sizeof', 'if', 'while', 'for', 'switch', 'do', 'else',
            'extern', 'typeof', '__typeof__', 'break', 'continue', 'default'}
ASM_ENTRY = re.compile(r'SYM_\w*START\w*|ENTRY|GLOBAL')


def type_end(tok):
    """Can tok end the type of a declaration (int, u64 *, struct x { } ...)?"""
    return tok in ('*', '}') or bool(IDENT.fullmatch(tok)) and tok not in KEYWORDS


def defines(chunk):
    """The names the chunk's code defines: see the module's doc. A chunk
    may be a piece of a function (indented) or of a file (not indented);
    only the second defines at file scope."""
    found = set()
    opened = []                 # for each open brace: 'enum', 'struct' or 'block'
    parens = 0
    flat = [(t, n, j) for n, line in enumerate(chunk.lines) for j, t in enumerate(line)]
    for k, (tok, n, j) in enumerate(flat):
        line, indent = chunk.lines[n], bool(chunk.indent[n])
        nxt = flat[k + 1][0] if k + 1 < len(flat) else ''
        prev = line[j - 1] if j else ''
        prev2 = line[j - 2] if j > 1 else ''
        if tok in '()':
            parens += 1 if tok == '(' else -1
            continue
        if tok in '{}':
            if tok == '}':
                opened = opened[:-1]
            else:
                tags = [t for t in line[:j] if t in ('struct', 'union', 'enum')]
                opened.append(tags[-1] if tags and '=' not in line[:j] else 'block')
            continue
        if not IDENT.fullmatch(tok) or tok in KEYWORDS:
            continue
        inner = opened[-1] if opened else None
        file_scope = not opened and not indent
        member = inner in ('struct', 'union')
        if line[:2] == ['#', 'define'] and j == 2:
            found.add(tok)                          # #define X
        elif prev in ('struct', 'union', 'enum') and nxt == '{':
            found.add(tok)                          # struct X {
        elif ASM_ENTRY.fullmatch(line[0]) and j == 2 and line[1] == '(':
            found.add(tok)                          # SYM_FUNC_START(X)
        elif j == 0 and nxt == ':' and not indent and not opened:
            found.add(tok)                          # X: an assembler label
        elif prev == 'macro' and prev2 == '.':
            found.add(tok)                          # .macro X
        elif j == 0 and nxt == '=' and [t for t, _, _ in flat[k + 2:k + 4]] == ['.', ';']:
            found.add(tok)                          # X = .; in a linker script
        elif inner == 'enum' and prev in ('{', ',', '') and nxt in (',', '=', '}', ''):
            found.add(tok)                          # enum { X = 1, ...
        elif prev == '*' and prev2 == '(' and nxt == ')' and \
                ('typedef' in line or member):
            found.add(tok)                          # typedef int (*X)(...)
        elif prev == '(' and nxt == ')' and file_scope and k + 2 < len(flat) and \
                flat[k + 2][0] == '(' and function_body_follows(flat, k + 2):
            found.add(tok)                          # int (X)(...) {, X being a macro too
        elif not (file_scope or member) or parens or line[0] in KEYWORDS or line[0] == '#':
            continue
        elif nxt == '(':
            if (type_end(prev) or prev == ')' or j == 0) and function_body_follows(flat, k + 1):
                found.add(tok)                      # int X(...) {
        elif (type_end(prev) or prev == ',' and len(line) > 2) and \
                (nxt in (';', '=', '[', ',', ':') or nxt.startswith('__')):
            found.add(tok)                          # u64 X; struct { } X[4]; a, X;
    return found


def function_body_follows(flat, k):
    """flat[k] is '(': does a '{' follow its ')' before any ';'?"""
    depth = 0
    for tok, _, _ in flat[k:]:
        if tok == '(':
            depth += 1
        elif tok == ')':
            depth -= 1
        elif depth == 0 and tok in ('{', ';', '=', ','):
            return tok == '{'
    return False


# ---------------------------------------------------------------------------

def main():
    lines = sys.stdin.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    # Pass 1: the chunks, their tokens, and the %def lines.
    chunks, defs, defined_names = [], [], set()
    file, chunk, lexer = None, None, None
    for at, line in enumerate(lines):
        kw, _, arg = line.partition(' ')
        if kw == '@file':
            file = arg
        elif kw == '@begin' and arg.startswith('code'):
            chunk, lexer = Chunk(file, len(chunks)), Lexer()
            chunks.append(chunk)
        elif kw == '@end' and chunk is not None:
            chunk.end_at, chunk = at, None
        elif chunk is not None and kw == '@text':
            tokens_of(chunk, lexer, arg)
        elif chunk is not None and kw == '@nl':
            lexer.newline()
            chunk.lines.append([])
            chunk.indent.append(None)
        elif chunk is not None and kw == '@use':
            chunk.lines[-1].append('<<use>>')
        elif kw == '@index' and arg.startswith('defn '):
            name = arg[5:]
            defs.append((at, chunk, name))
            defined_names.add(name)
    for c in chunks:
        c.defined = defines(c)
        c.used = {t for line in c.lines for t in line}
    # Where each definition goes: see the module's doc.
    moved, placed = {}, set()   # line of an @index defn -> chunks it goes to; (chunk, name)
    for at, chunk, name in defs:
        if chunk is not None and name in chunk.defined:
            placed.add((chunk.index, name))
    for at, chunk, name in defs:
        if chunk is None or name in chunk.defined:
            continue
        targets = [c for c in chunks if c.file == chunk.file and name in c.defined] or \
            [c for c in chunks if name in c.defined]
        if targets:
            moved[at] = [c for c in targets if (c.index, name) not in placed]
            placed.update((c.index, name) for c in targets)
    into = {}
    for at, targets in moved.items():
        for target in targets:
            into.setdefault(target.end_at, []).append(lines[at])
    # Pass 2: write, marking uses in code and quoted code.
    out, lexer, in_code, in_quote = [], None, False, False
    pattern = IDENT
    for at, line in enumerate(lines):
        kw, _, arg = line.partition(' ')
        if at in moved:
            continue
        if at in into:
            out.extend(into[at])
        if kw == '@begin' and arg.startswith('code'):
            in_code, lexer = True, Lexer()
        elif kw == '@end':
            in_code = False
        elif kw == '@quote':
            in_quote = True
        elif kw == '@endquote':
            in_quote = False
        elif kw == '@nl' and in_code:
            lexer.newline()
        elif kw == '@text' and (in_code or in_quote):
            pieces = lexer.split(arg) if in_code else [(True, arg)]
            for code, piece in pieces:
                if not code:
                    out.append('@text ' + piece)
                    continue
                last = 0
                for m in pattern.finditer(piece):
                    if m[0] in defined_names:
                        if m.start() > last:
                            out.append('@text ' + piece[last:m.start()])
                        out.append('@index use ' + m[0])
                        out.append('@text ' + m[0])
                        last = m.end()
                if last < len(piece):
                    out.append('@text ' + piece[last:])
            continue
        out.append(line)
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()

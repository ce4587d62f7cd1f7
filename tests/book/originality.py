#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""originality.py - how close is the tangled C to Linux v6.1's text?

The book keeps Linux's design and names but writes its own code (STYLE.md
H16).  This script measures that against Debian's linux-source-6.1:

  * every C function in src/ (after `make tangle`) of at least 40 tokens is
    compared with each function of the same name anywhere in Linux; the
    closest one counts (ties go to arch/x86, then mm).  The measure is
    difflib.SequenceMatcher(autojunk=False).ratio() over the two token
    sequences from the function's name to its closing brace, with comments,
    whitespace and #line directives removed;
  * a function at >= 90 % fails; one in [80 %, 90 %) fails unless
    tests/book/originality-allow.txt names it with the reason it cannot be
    otherwise (an ABI, a hardware sequence);
  * a function listed there with the reason "not yet rewritten" is a
    known failure (TAP TODO), whatever its ratio;
  * a comment of four words or more (the whole comment, or one sentence of
    it) that occurs verbatim in a Linux comment fails, whitespace
    normalised.  SPDX lines, kerneldoc "Linux: path function()" references
    and comments that are only a function name are not counted.

Usage: python3 tests/book/originality.py [--linux DIR] [--src DIR]
                                         [--allow FILE] [--top N] [--all]
Paths are relative to the current directory.  Without --linux, the tree is
build/linux-source-6.1, extracted once from /usr/src/linux-source-6.1.tar.xz
(*.c, *.h, *.S only).  The index of Linux's function definitions and
comments is cached in that tree (.startmem-index.pickle).  Prints TAP.
"""
import argparse
import difflib
import os
import pickle
import re
import subprocess
import sys
import tempfile

TARBALL = '/usr/src/linux-source-6.1.tar.xz'
TOPDIR = 'linux-source-6.1'
INDEX = '.startmem-index.pickle'
INDEX_VERSION = 3
MIN_TOKENS = 40
FAIL = 0.90
ALLOW = 0.80
MIN_WORDS = 4
LONG = 8
KNOWN = 'not yet rewritten'

# ---------------------------------------------------------------------------
# The Linux tree, extracted once.


def ensure_linux(path):
    if path is not None:
        if not os.path.isdir(path):
            sys.exit('originality: no Linux tree at %s' % path)
        return path
    path = os.path.join('build', TOPDIR)
    if os.path.isdir(path):
        return path
    if not os.path.exists(TARBALL):
        return None
    os.makedirs('build', exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='linux-', dir='build')
    subprocess.run(['tar', '-xJf', TARBALL, '-C', tmp, '--wildcards',
                    '*.c', '*.h', '*.S'], check=True)
    try:
        os.rename(os.path.join(tmp, TOPDIR), path)
    except OSError:
        pass            # another run extracted it first
    subprocess.run(['rm', '-rf', tmp], check=True)
    return path


# ---------------------------------------------------------------------------
# Finding function definitions in raw C text.  A definition starts at the
# beginning of a line: optional declaration specifiers, the name, "(", the
# parameters, optional attribute macros, "{".

HEAD = re.compile(r'^(?:[A-Za-z_][\w \t*]*[ \t*])?([A-Za-z_]\w*)[ \t]*\(',
                  re.M)
AFTER = re.compile(r'\s*(?:/\*.*?\*/\s*|//[^\n]*\s*|[A-Za-z_]\w*\s*)*', re.S)
PARENS = re.compile(r'[()]')
BRACES = re.compile(r'[{}]|/\*|//|"|\'')
NOT_FUNCTIONS = {'if', 'for', 'while', 'switch', 'return', 'sizeof',
                 'do', 'else', 'case', 'defined'}


def close_paren(text, at):
    """Index after the ")" matching the "(" at text[at], or -1."""
    depth = 0
    for m in PARENS.finditer(text, at, min(len(text), at + 4000)):
        depth += 1 if m.group() == '(' else -1
        if depth == 0:
            return m.end()
    return -1


def skip_attributes(text, at):
    """Skip comments and attribute macros like __acquires(x) after ")"."""
    while True:
        m = AFTER.match(text, at)
        at = m.end()
        if at < len(text) and text[at] == '(' and m.group().strip():
            end = close_paren(text, at)
            if end < 0:
                return at
            at = end
            continue
        return at


def definitions(text):
    """Yield (name, offset of the name) for each function defined in text."""
    for m in HEAD.finditer(text):
        name = m.group(1)
        if name in NOT_FUNCTIONS:
            continue
        end = close_paren(text, m.end() - 1)
        if end < 0:
            continue
        at = skip_attributes(text, end)
        if at < len(text) and text[at] == '{':
            yield name, m.start(1)


def body_end(text, at):
    """Index after the "}" that closes the first "{" at or after at."""
    depth = 0
    pos = at
    while True:
        m = BRACES.search(text, pos)
        if not m:
            return len(text)
        tok = m.group()
        if tok == '/*':
            e = text.find('*/', m.end())
            pos = len(text) if e < 0 else e + 2
        elif tok == '//':
            e = text.find('\n', m.end())
            pos = len(text) if e < 0 else e
        elif tok in '"\'':
            pos = m.end()
            while pos < len(text):
                c = text[pos]
                if c == '\\':
                    pos += 2
                    continue
                pos += 1
                if c == tok or c == '\n':
                    break
        else:
            depth += 1 if tok == '{' else -1
            pos = m.end()
            if depth == 0:
                return pos


# ---------------------------------------------------------------------------
# Tokens: what the compiler sees, minus comments and #line markers.

TOKEN = re.compile(r'''
   (?P<skip>\s+|\\\n|/\*.*?\*/|//[^\n]*
           |^[ \t]*\#[ \t]*(?:line[ \t]|\d)[^\n]*)
 | (?P<tok>"(?:\\.|[^"\\\n])*"
         | '(?:\\.|[^'\\\n])*'
         | \.?\d(?:[eEpP][+-]|[\w.])*
         | [A-Za-z_]\w*
         | ->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||\.\.\.|\#\#
         | [-+*/%&|^]=
         | .)
''', re.S | re.M | re.X)


def tokens(text):
    return [m.group('tok') for m in TOKEN.finditer(text) if m.group('tok')]


# ---------------------------------------------------------------------------
# Comments, normalised: comment markers and leading "*" removed,
# whitespace collapsed.

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
STRING_OR_COMMENT = re.compile(r'"(?:\\.|[^"\\\n])*"|/\*.*?\*/|//[^\n]*',
                               re.S)


def normalise(comment):
    if comment.startswith('//'):
        body = comment[2:]
    else:
        body = comment[2:-2]
    lines = [re.sub(r'^\s*\*+(?=\s|$)', '', l) for l in body.split('\n')]
    return ' '.join(' '.join(lines).split())


def comments(text):
    for m in STRING_OR_COMMENT.finditer(text):
        if m.group().startswith('"'):
            continue
        yield m.start(), normalise(m.group())


# ---------------------------------------------------------------------------
# The index of Linux: function name -> [(path, offset)], and a file with
# every comment of Linux, one per line.


def linux_files(root):
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(('.c', '.h', '.S')):
                yield os.path.join(d, f)


def build_index(root):
    funcs = {}
    corpus_path = os.path.join(root, '.startmem-comments.txt')
    with open(corpus_path + '.tmp', 'w', encoding='utf-8') as corpus:
        for path in linux_files(root):
            rel = os.path.relpath(path, root)
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            if not path.endswith('.S'):
                for name, at in definitions(text):
                    funcs.setdefault(name, []).append((rel, at))
            for m in COMMENT.finditer(text):
                c = normalise(m.group())
                if len(c.split()) >= MIN_WORDS:
                    corpus.write(c + '\n')
    os.replace(corpus_path + '.tmp', corpus_path)
    index = {'version': INDEX_VERSION, 'funcs': funcs, 'corpus': corpus_path}
    tmp = os.path.join(root, INDEX + '.tmp.%d' % os.getpid())
    with open(tmp, 'wb') as f:
        pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, os.path.join(root, INDEX))
    return index


def load_index(root):
    try:
        with open(os.path.join(root, INDEX), 'rb') as f:
            index = pickle.load(f)
        if index.get('version') == INDEX_VERSION:
            index['corpus'] = os.path.join(root, '.startmem-comments.txt')
            return index
    except (OSError, pickle.PickleError, EOFError):
        pass
    return build_index(root)


# ---------------------------------------------------------------------------
# Our side: the tangled sources.


def our_files(src):
    for d, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(('.c', '.h', '.S')):
                yield os.path.join(d, f)


def book_place(text, at):
    """The last #line before offset at, as 'book/x.nw:N' (or '')."""
    m = None
    for m in re.finditer(r'^#line (\d+) "([^"]+)"', text[:at], re.M):
        pass
    if not m:
        return ''
    line = int(m.group(1)) + text.count('\n', m.end() + 1, at)
    return '%s:%d' % (os.path.relpath(m.group(2)), line)


def our_functions(src):
    for path in our_files(src):
        if path.endswith('.S'):
            continue
        text = open(path, encoding='utf-8').read()
        for name, at in definitions(text):
            toks = tokens(text[at:body_end(text, at)])
            if len(toks) >= MIN_TOKENS:
                yield name, path, book_place(text, at), toks


def our_comments(src):
    for path in our_files(src):
        text = open(path, encoding='utf-8').read()
        for at, c in comments(text):
            yield path, book_place(text, at), c


# ---------------------------------------------------------------------------
# Comparing.

PREFER = ('arch/x86/', 'mm/', 'include/linux/', 'lib/', 'kernel/',
          'init/', 'drivers/')


def preference(path):
    for i, p in enumerate(PREFER):
        if path.startswith(p):
            return len(PREFER) - i
    return 0


class Linux:
    def __init__(self, root, index):
        self.root = root
        self.funcs = index['funcs']
        self.texts = {}

    def text(self, rel):
        if rel not in self.texts:
            with open(os.path.join(self.root, rel), encoding='utf-8',
                      errors='replace') as f:
                self.texts[rel] = f.read()
        return self.texts[rel]

    def closest(self, name, ours):
        """(ratio, 'path') of the closest Linux function called name."""
        cands = []
        for rel, at in self.funcs.get(name, ()):
            text = self.text(rel)
            theirs = tokens(text[at:body_end(text, at)])
            sm = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
            cands.append((sm.quick_ratio(), preference(rel), rel, sm))
        cands.sort(key=lambda c: (-c[0], -c[1]))
        best = (0.0, -1, '')
        for quick, pref, rel, sm in cands:
            if quick < best[0]:
                break
            r = sm.ratio()
            if (r, pref) > best[:2]:
                best = (r, pref, rel)
        return best[0], best[2]


def plain_name(c):
    return re.fullmatch(r'[\w.>-]+(\(\))?[.:]?', c) is not None


def units(c):
    """A comment cut into sentences and kerneldoc "@name:" entries."""
    parts = re.split(r'(?<=[.;!?])\s+|\s+(?=@\w+:)', c)
    return [p for p in parts if p]


def ignorable(c):
    return (c.startswith('SPDX-License-Identifier')
            or re.match(r'Linux: \S+ \S+\(\)', c) is not None
            or plain_name(c))


def verbatim_comments(ours, corpus_path):
    """[(place, phrase)] for comments of ours that Linux's comments hold.

    A phrase is a whole comment, or one sentence or kerneldoc entry of it,
    of MIN_WORDS words or more.  A phrase of fewer than LONG words counts
    only if it is a whole comment, sentence or entry of Linux too (four
    common words, "in the direct map", are no copy); a longer one counts
    wherever it occurs.
    """
    wanted = {}
    for path, place, c in ours:
        if ignorable(c):
            continue
        for phrase in set([c] + units(c)):
            if len(phrase.split()) >= MIN_WORDS and not ignorable(phrase):
                wanted.setdefault(phrase, []).append(place or path)
    if not wanted:
        return []
    with tempfile.NamedTemporaryFile('w', suffix='.pat', delete=False) as f:
        f.write('\n'.join(wanted) + '\n')
        patterns = f.name
    try:
        out = subprocess.run(['grep', '-F', '-f', patterns, corpus_path],
                             stdout=subprocess.PIPE, check=False,
                             encoding='utf-8', errors='replace').stdout
    finally:
        os.unlink(patterns)
    lines = [l for l in out.split('\n') if l]
    whole = set(lines)
    for l in lines:
        whole.update(units(l))
    found = []
    for phrase, places in sorted(wanted.items()):
        if len(phrase.split()) < LONG:
            hit = phrase in whole
        else:
            hit = any(phrase in l for l in lines)
        if hit:
            for place in sorted(set(places)):
                found.append((place, phrase))
    return found


def read_allow(path):
    allow = {}
    if not os.path.exists(path):
        return allow
    for line in open(path, encoding='utf-8'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        name, _, why = line.partition(' ')
        allow[name] = why.strip()
    return allow


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--linux', help='extracted linux-source-6.1 tree')
    ap.add_argument('--src', default='src', help='tangled sources (src)')
    ap.add_argument('--allow', default=None,
                    help='allow list (tests/book/originality-allow.txt)')
    ap.add_argument('--top', type=int, default=10,
                    help='how many of the closest functions to list')
    ap.add_argument('--all', action='store_true',
                    help='list every function measured, closest first')
    args = ap.parse_args()
    if args.allow is None:
        args.allow = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                  'originality-allow.txt')
        local = os.path.join('tests', 'book', 'originality-allow.txt')
        if os.path.exists(local):
            args.allow = local

    n = 0

    def ok(cond, what, diag=()):
        nonlocal n
        n += 1
        print('%s %d - %s' % ('ok' if cond else 'not ok', n, what))
        for d in diag:
            print('#   ' + d)
        return cond

    root = ensure_linux(args.linux)
    if root is None or not os.path.isdir(args.src):
        print('1..1')
        ok(False, 'Linux 6.1 source (%s) and tangled %s/ are there'
           % (TARBALL, args.src),
           ['install linux-source-6.1 (make setup) and run make tangle'])
        return 1
    index = load_index(root)
    linux = Linux(root, index)
    allow = read_allow(args.allow)

    print('1..4')
    measured = []
    unmatched = 0
    for name, path, place, toks in our_functions(args.src):
        if name not in linux.funcs:
            unmatched += 1
            continue
        ratio, rel = linux.closest(name, toks)
        measured.append((ratio, name, place or path, rel, len(toks)))
    measured.sort(key=lambda m: (-m[0], m[1]))

    def line(m):
        return '%5.1f %%  %-36s %s  (Linux %s, %d tokens)' % (
            100 * m[0], m[1], m[2], m[3], m[4])

    high = [m for m in measured if m[0] >= FAIL]
    middle = [m for m in measured if ALLOW <= m[0] < FAIL]
    known = [m for m in high if allow.get(m[1], '').startswith(KNOWN)]
    high = [m for m in high if m not in known]
    unlisted = [m for m in middle if m[1] not in allow]
    ok(not high, 'no function is %d %% or more like its namesake in Linux'
       % (100 * FAIL), [line(m) for m in high])
    ok(not unlisted, 'every function at %d-%d %% is in %s with its reason'
       % (100 * ALLOW, 100 * FAIL, os.path.relpath(args.allow)),
       [line(m) for m in unlisted])
    if known:
        print('not ok %d - known failures at >= %d %% # TODO %s'
              % (n + 1, 100 * FAIL, KNOWN))
        for m in known:
            print('#   ' + line(m))
    else:
        print('ok %d - no known failure at >= %d %% is left' % (n + 1, 100 * FAIL))
    n += 1
    found = verbatim_comments(list(our_comments(args.src)), index['corpus'])
    ok(not found, 'no comment of %d or more words is verbatim in Linux'
       % MIN_WORDS, ['%s: "%s"' % f for f in found])

    print('# %d functions of %d+ tokens have a namesake in Linux '
          '(%d have none); %d at >= %d %%, %d at %d-%d %%, %d comments '
          'verbatim' % (len(measured), MIN_TOKENS, unmatched, len(high),
                        100 * FAIL, len(middle), 100 * ALLOW, 100 * FAIL,
                        len(found)))
    top = len(measured) if args.all else args.top
    print('# the %d closest:' % top)
    for m in measured[:top]:
        print('#   ' + line(m))
    names = {m[1] for m in middle + known}
    stale = sorted(a for a in allow if a not in names)
    if stale:
        print('# no longer needed in the allow list: ' + ' '.join(stale))
    return 0 if not (high or unlisted or found) else 1


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""fit.t - every text of every figure stays inside its box, in any viewer.

Graphviz sizes a box to its text with the metrics of the font it finds;
a viewer draws the SVG with the font it finds, and where that one is
wider, a label runs over its box (and a caption off the picture). The
figures are therefore set in a monospace font (figures/draw.py FONT,
with `monospace` as the SVG's fallback): every common monospace font
(DejaVu Sans Mono, Liberation Mono, Courier, Menlo) gives a character
0.6 em, so a text's width is known without any font: here, a
conservative 0.61 em a character.

For the book's figures (site/figures/*.svg, from `make figures`) and for
the figures drawn from the hand-written report of tests/figures/sample.py:
- rsvg-convert renders each SVG to a PNG (into build/figures-png/, to be
  looked at);
- every text names a monospace font and a monospace fallback, and
  neither begins nor ends with a blank (which SVG viewers drop: "PGDat");
- every text of a node lies inside the smallest cell (polygon) of that
  node that holds its anchor, and every other text (the caption) inside
  the picture.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, os.path.join(ROOT, 'figures'), os.path.join(ROOT, 'tests', 'boot')]
import generate  # noqa: E402
import memreport  # noqa: E402
import sample  # noqa: E402
from tap import Tap  # noqa: E402

EM = 0.61               # width of a character, in em: 0.6 in monospace fonts, and a margin
ASCENT, DESCENT = 0.8, 0.25     # of the font size, above and below the baseline
SLACK = 0.5             # points: a stroke's half width
SVG = '{http://www.w3.org/2000/svg}'
PNG_DIR = os.path.join(ROOT, 'build', 'figures-png')

t = Tap()


def sample_figures(out):
    """Draw every figure of the sample report into out, as make figures does."""
    report = memreport.parse(sample.log())
    foot = generate.footer({'caption': 'q35, 4 GiB, 2 nodes, -cpu max'})
    for name, fn in generate.figures(report):
        path = os.path.join(out, name + '.dot')
        with open(path, 'w') as f:
            f.write(fn(report, foot))
        generate.render(path)
    return sorted(glob.glob(os.path.join(out, '*.svg')))


def bbox(points):
    xy = [tuple(map(float, p.split(','))) for p in points.split()]
    xs, ys = [x for x, _ in xy], [y for _, y in xy]
    return min(xs), min(ys), max(xs), max(ys)


def extent(text):
    """The box a text covers, from its anchor, length and font size."""
    size = float(text.get('font-size', '14'))
    width = len(text.text or '') * EM * size
    x, y = float(text.get('x')), float(text.get('y'))
    x0 = {'start': x, 'middle': x - width / 2, 'end': x - width}[text.get('text-anchor', 'start')]
    return x0, y - ASCENT * size, x0 + width, y + DESCENT * size


def inside(inner, outer):
    return (inner[0] >= outer[0] - SLACK and inner[1] >= outer[1] - SLACK and
            inner[2] <= outer[2] + SLACK and inner[3] <= outer[3] + SLACK)


def check(path):
    """[problem] for one SVG."""
    problems = []
    root = ET.parse(path).getroot()
    graph = root.find(SVG + 'g')
    m = re.fullmatch(r'scale\(1 1\) rotate\(0\) translate\(([-\d.]+) ([-\d.]+)\)',
                     graph.get('transform', ''))
    if not m:
        return ['the graph is scaled or rotated: %r' % graph.get('transform')]
    _, _, width, height = map(float, root.get('viewBox').split())
    tx, ty = float(m[1]), float(m[2])
    picture = (-tx, -ty, width - tx, height - ty)
    name = os.path.basename(path)
    for text in root.iter(SVG + 'text'):
        if text.text and text.text != text.text.strip():
            problems.append('%s: "%s" begins or ends with a blank, which a viewer drops '
                            '(joining it to the text before)' % (name, text.text))
        family = text.get('font-family', '')
        if not re.search(r'mono|courier', family, re.I) or 'monospace' not in family:
            problems.append('%s: "%s" is set in %r, not a monospace font with a monospace '
                            'fallback' % (name, text.text, family))
    for group in graph:
        texts = group.findall(SVG + 'text') if group.tag == SVG + 'g' else \
            [group] if group.tag == SVG + 'text' else []
        cells = [bbox(p.get('points')) for p in group.iter(SVG + 'polygon')] \
            if group.get('class') == 'node' else []
        for text in texts:
            box = extent(text)
            if group.tag != SVG + 'g' or group.get('class') != 'node':
                if not inside(box, picture):
                    problems.append('%s: "%s" runs off the picture: %s outside %s'
                                    % (name, text.text, fmt(box), fmt(picture)))
                continue
            x, y = float(text.get('x')), float(text.get('y'))
            holders = [c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]]
            if not holders:
                problems.append('%s: "%s" is in no box of its node' % (name, text.text))
                continue
            cell = min(holders, key=lambda c: (c[2] - c[0]) * (c[3] - c[1]))
            if not inside(box, cell):
                problems.append('%s: "%s" (%d characters) leaves its box: %s outside %s'
                                % (name, text.text, len(text.text or ''), fmt(box), fmt(cell)))
    return problems


def fmt(box):
    return '[%.1f, %.1f]-[%.1f, %.1f]' % box


def render_png(path):
    os.makedirs(PNG_DIR, exist_ok=True)
    png = os.path.join(PNG_DIR, os.path.basename(path)[:-len('.svg')] + '.png')
    if os.path.dirname(path) != os.path.join(ROOT, 'site', 'figures'):
        png = png[:-len('.png')] + '.sample.png'
    p = subprocess.run(['rsvg-convert', '-o', png, path], capture_output=True, text=True)
    return p.returncode == 0 and os.path.getsize(png) > 0, p.stderr.strip()


book = sorted(glob.glob(os.path.join(ROOT, 'site', 'figures', '*.svg')))
t.ok(book, 'the book\'s figures are drawn (site/figures/*.svg)', 'run `make figures`')
with tempfile.TemporaryDirectory() as tmp:
    drawn = sample_figures(tmp)
    t.ok(len(drawn) >= 5, 'the sample report draws every figure (%d)' % len(drawn))
    for path in book + drawn:
        where = 'the book\'s' if path in book else 'the sample\'s'
        rendered, why = render_png(path)
        t.ok(rendered, '%s %s renders to PNG' % (where, os.path.basename(path)), why)
        problems = check(path)
        t.ok(not problems, '%s %s: every text inside its box' % (where, os.path.basename(path)),
             '\n'.join(problems[:30]))
t.done()

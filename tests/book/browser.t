#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""browser.t: the book in a real browser, offline.

Starts Debian's headless Chromium with a fresh profile and no network
services, and drives it over the DevTools protocol on a pipe (fds 3 and 4,
--remote-debugging-pipe: no port, no extra library). From file://site/
index.html it visits every page the book links to (the book's pages, and
the API pages they link to), and on each checks that:
- the page and everything it loads (stylesheet, figures) loaded;
- every #fragment that a visited page links to exists on its target;
- every figure has non-zero size, and every formula (MathML) too;
- the page is no wider than the window (code scrolls in its own box).
It saves a screenshot of the first chapter's page as
build/book-first-chapter.png. Chromium is killed by its PID when done or
after TIMEOUT seconds.
"""
import base64
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urldefrag

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from booktest import ok, diag, done, chapters, need_site, bail  # noqa: E402

TIMEOUT = 300           # seconds, for everything (alone about 60; beside make test's boots once over 120)
WIDTH, HEIGHT = 1280, 900

need_site()
if not shutil.which('chromium'):
    bail('chromium is not installed (make setup installs it)')
site = 'file://' + os.path.abspath('site') + '/'


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands) and 4 (replies)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix='startmem-chromium-')
        to_chrome, self.cmd = os.pipe()
        self.reply, from_chrome = os.pipe()

        def fds():
            os.dup2(to_chrome, 3)
            os.dup2(from_chrome, 4)
        self.proc = subprocess.Popen(
            ['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
             '--no-first-run', '--disable-background-networking', '--disable-component-update',
             '--disable-sync', f'--user-data-dir={self.profile}', '--remote-debugging-pipe',
             f'--window-size={WIDTH},{HEIGHT}', 'about:blank'],
            pass_fds=(3, 4), preexec_fn=fds, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        self.buf, self.next_id, self.events = b'', 0, []
        self.deadline = time.monotonic() + TIMEOUT
        target = self.call('Target.createTarget', url='about:blank')['targetId']
        self.session = self.call('Target.attachToTarget', targetId=target, flatten=True)['sessionId']
        for domain in ('Page', 'Network', 'Runtime'):
            self.call(f'{domain}.enable', session=True)
        self.call('Emulation.setDeviceMetricsOverride', session=True, width=WIDTH, height=HEIGHT,
                  deviceScaleFactor=1, mobile=False)

    def message(self):
        while b'\0' not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.reply], [], [], left)[0]:
                raise TimeoutError(f'Chromium did not answer within {TIMEOUT} s')
            data = os.read(self.reply, 1 << 20)
            if not data:
                raise EOFError('Chromium closed its pipe')
            self.buf += data
        raw, self.buf = self.buf.split(b'\0', 1)
        return json.loads(raw)

    def call(self, method, session=False, **params):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params}
        if session:
            msg['sessionId'] = self.session
        os.write(self.cmd, json.dumps(msg).encode() + b'\0')
        while True:
            m = self.message()
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError(f'{method}: {m["error"]}')
                return m.get('result', {})
            self.events.append(m)

    def wait_for(self, method):
        while True:
            for i, e in enumerate(self.events):
                if e.get('method') == method:
                    return self.events.pop(i)
            self.events.append(self.message())

    def visit(self, url):
        """Load url; return the resources that failed to load."""
        self.events.clear()
        result = self.call('Page.navigate', session=True, url=url)
        if result.get('errorText'):
            return [f'{url}: {result["errorText"]}']
        self.wait_for('Page.loadEventFired')
        return [f'{url}: {e["params"].get("errorText")} ({e["params"].get("type")})'
                for e in self.events if e.get('method') == 'Network.loadingFailed']

    def js(self, expression):
        r = self.call('Runtime.evaluate', session=True, expression=expression, returnByValue=True)
        if 'exceptionDetails' in r:
            raise RuntimeError(f'{expression[:60]}: {r["exceptionDetails"]}')
        return r['result'].get('value')

    def close(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# What a page tells about itself, in one round trip.
INSPECT = '''(() => {
  const size = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  return {
    title: document.title,
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    ids: [...document.querySelectorAll('[id],[name]')].map(e => e.id || e.getAttribute('name')),
    figures: [...document.querySelectorAll('figure img, img.figure')].map(img =>
      [img.getAttribute('src'), img.complete ? img.naturalWidth : 0, ...size(img)]),
    math: [...document.querySelectorAll('math')].map(m => [m.textContent.slice(0, 40), ...size(m)]),
    width: document.documentElement.scrollWidth,
  };
})()'''

browser = Browser()
try:
    first = f'{site}{chapters()[0]}.html'
    queue, seen, info = [f'{site}index.html'], set(), {}
    failed, narrow, figures, formulas = [], [], [], []
    n_figures = n_math = 0
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        failed += browser.visit(url)
        page = browser.js(INSPECT)
        info[url] = page
        if url == first:
            shot = browser.call('Page.captureScreenshot', session=True, format='png')
            os.makedirs('build', exist_ok=True)
            with open('build/book-first-chapter.png', 'wb') as f:
                f.write(base64.b64decode(shot['data']))
        if '/site/api/' in url:
            continue                    # the API's own links: links.t checks them
        if page['width'] > WIDTH:
            narrow.append(f'{url}: {page["width"]} px wide in a {WIDTH} px window')
        for src, natural, w, h in page['figures']:
            n_figures += 1
            if not (natural > 0 and w > 0 and h > 0):
                figures.append(f'{url}: figure {src} is {w}x{h} (natural width {natural})')
        for text, w, h in page['math']:
            n_math += 1
            if not (w > 0 and h > 0):
                formulas.append(f'{url}: formula "{text}" is {w}x{h}')
        for link in page['links']:
            target, _ = urldefrag(link)
            if target.startswith(site) and target not in seen and not target.endswith('.pdf'):
                queue.append(target)
    anchors = []
    for url, page in info.items():
        if '/site/api/' in url:
            continue
        for link in page['links']:
            target, fragment = urldefrag(link)
            if fragment and target in info and fragment not in info[target]['ids']:
                anchors.append(f'{url}: {link}: no element with id "{fragment}"')
    book_pages = [u for u in seen if '/site/api/' not in u]
    expected = {f'{site}{c}.html' for c in chapters()}
    ok(expected <= seen, f'Chromium reaches every chapter from the contents ({len(book_pages)} '
       f'pages of the book, {len(seen) - len(book_pages)} of the API)',
       sorted(expected - seen))
    ok(not failed, 'every page and everything it loads loads', failed)
    ok(not anchors, 'every link to a #fragment finds its element', anchors)
    ok(not figures, f'every figure renders with a size ({n_figures} figures)', figures)
    ok(n_math == 0 or not formulas, f'every formula renders with a size ({n_math} formulas)', formulas)
    ok(not narrow, f'no page is wider than a {WIDTH} px window', narrow)
    ok(os.path.getsize('build/book-first-chapter.png') > 10000,
       'a screenshot of the first chapter is in build/book-first-chapter.png')
except (TimeoutError, EOFError, RuntimeError) as e:
    ok(False, f'Chromium browses the book: {e}')
finally:
    browser.close()
done()

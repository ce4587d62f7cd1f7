#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""cmdline_diff.t - what we say about a bad command line, against Linux 6.1.

Debian's Linux boots with `console=ttyS0` (its console) and the words
below; ours boots with the same words. Neither kernel knows nokaslr (the
decompressor reads it), foo=bar, baz or what follows "--"; qux.x=1 is a
module parameter, passed over in silence; loglevel=x is malformed. The
lines each kernel prints about them must be the same.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tap import Tap  # noqa: E402

WORDS = 'nokaslr panic=-1 foo=bar baz loglevel=x qux.x=1 -- init_arg'
UNKNOWN = re.compile(r'Unknown kernel command line parameters')
ABOUT = re.compile(r'Unknown kernel command line|Malformed|Unknown parameter')

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
linux, ours = harness.boot_many([
    dict(name='cmdlinediff-linux', kernel=harness.DEBIAN_KERNEL,
         cmdline='console=ttyS0 ' + WORDS, timeout=90,
         stop_at=re.compile(UNKNOWN.pattern + r'[^\n]*\n')),
    dict(name='cmdlinediff-ours', cmdline=WORDS, timeout=60),
])
t.note('Linux: %s\nours: %s' % (linux.describe(), ours.describe()))
theirs = [x for x in linux.texts() if ABOUT.search(x)]
mine = [x for x in ours.texts() if ABOUT.search(x)]
t.ok(any(UNKNOWN.search(x) for x in theirs), 'Linux printed its verdict on the words',
     linux.describe())
t.eq([x for x in mine if not UNKNOWN.search(x)], [x for x in theirs if not UNKNOWN.search(x)],
     "the Malformed lines are Linux's")
t.eq([x for x in mine if UNKNOWN.search(x)], [x for x in theirs if UNKNOWN.search(x)],
     "the Unknown parameters line is Linux's, words in Linux's order")
t.done()

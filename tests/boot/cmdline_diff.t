#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""cmdline_diff.t - what we say about a command line, against Linux 6.1.

Debian's Linux and ours boot with the same line: every parameter Linux's
own boot takes at this stage (console=, earlyprintk=, nokaslr, root=, ro,
rw, rootwait, quiet, debug, loglevel=, panic=, init=), words nobody knows
(foo=bar, baz, bat), a module parameter (qux.x=1, passed over in silence),
a malformed value (loglevel=x) and words after "--" (init's). The lines
each kernel prints about them must be the same. Linux knows all of its own
words but nokaslr (only its decompressor reads it); init= empties the
list of words without '=' collected before it (Linux's init_setup), so
nokaslr and baz are not reported; words without '=' come first. The
expected line is also written out here by hand.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tap import Tap  # noqa: E402

LINE = ('console=ttyS0,115200 earlyprintk=serial,ttyS0,115200 nokaslr root=/dev/sda1 ro '
        'quiet debug panic=-1 foo=bar baz init=/bin/sh rw rootwait bat loglevel=7 '
        'loglevel=x qux.x=1 -- init_arg')
EXPECT = ['Malformed early option \'loglevel\'',
          'Unknown kernel command line parameters "bat foo=bar", will be passed to user space.']
UNKNOWN = re.compile(r'Unknown kernel command line parameters')
ABOUT = re.compile(r'Unknown kernel command line|Malformed|Unknown parameter')

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()
linux, ours = harness.boot_many([
    dict(name='cmdlinediff-linux', kernel=harness.DEBIAN_KERNEL, cmdline=LINE, timeout=90,
         stop_at=re.compile(UNKNOWN.pattern + r'[^\n]*\n')),
    dict(name='cmdlinediff-ours', cmdline=LINE, timeout=60),
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
t.eq(mine, EXPECT, 'our lines are the ones worked out by hand')
t.ok(ours.status == 33, 'ours finished the boot (QEMU exit 33)', ours.describe())
t.done()

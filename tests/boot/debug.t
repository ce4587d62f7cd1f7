#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""debug.t - gdb finds its way into the book.

The kernel is tangled with #line directives, so gdb's source lines are
lines of book/*.nw. Two ways in:

1. The harness starts QEMU halted with a gdb stub, and gdb in batch mode
   breaks at start_kernel, steps one line, and prints a backtrace.
2. `make debug`, as a reader runs it, with gdb's commands on its standard
   input instead of a terminal.

Both must stop in book/start_kernel.nw, on a line of a code chunk, and
step to a later line of the same chapter.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tap import Tap  # noqa: E402

CHAPTER = 'book/start_kernel.nw'
STOP = re.compile(r'Breakpoint 1, start_kernel \(\) at (\S+):(\d+)')
INFO_LINE = re.compile(r'Line (\d+) of "([^"]+)"')

harness.require(harness.VMLINUX, 'run `make kernel` first')
t = Tap()


def in_code_chunk(path, number):
    """True if line number of a .nw file lies inside a code chunk."""
    inside = False
    with open(os.path.join(harness.ROOT, path)) as f:
        for i, line in enumerate(f, 1):
            if i == number:
                return inside and not line.startswith('@')
            if re.match(r'<<.*>>=\s*$', line):
                inside = True
            elif line.startswith('@'):
                inside = False
    return False


def check_session(out, label):
    m = STOP.search(out)
    t.ok(m and m.group(1) == CHAPTER,
         '%s: gdb stops at start_kernel in %s' % (label, CHAPTER), out)
    lines = [(int(n), path) for n, path in INFO_LINE.findall(out)]
    t.ok(len(lines) == 2 and all(p == CHAPTER for _, p in lines),
         '%s: `info line` before and after `next` names %s' % (label, CHAPTER), out)
    if len(lines) == 2:
        t.ok(m and lines[0][0] == int(m.group(2)) and lines[1][0] > lines[0][0],
             '%s: `next` steps to a later line of the chapter' % label,
             'lines %r, breakpoint %s' % (lines, m and m.group(2)))
        t.ok(all(in_code_chunk(CHAPTER, n) for n, _ in lines),
             '%s: both lines are inside code chunks, not prose' % label, repr(lines))
    else:
        t.ok(False, '%s: `next` steps to a later line of the chapter' % label)
        t.ok(False, '%s: both lines are inside code chunks, not prose' % label)


# 1. The harness's QEMU, halted, and gdb in batch mode.
sock = os.path.join(tempfile.mkdtemp(prefix='startmem-gdb-'), 'gdb.sock')
with harness.Qemu('debug-gdb', cmdline='panic=-1', gdb_socket=sock) as qemu:
    qemu.start()
    status, out = harness.gdb_batch(sock, ['hbreak start_kernel', 'continue',
                                           'info line *$pc', 'next', 'info line *$pc',
                                           'bt', 'detach'])
    result = qemu.wait(timeout=60)
shutil.rmtree(os.path.dirname(sock), ignore_errors=True)
# gdb's status is not checked: after `detach` the kernel may finish and
# QEMU exit before gdb has closed the connection, which gdb calls an error.
t.ok(status is not None, 'gdb batch: gdb finishes before its timeout', out)
check_session(out, 'gdb batch')
t.ok(re.search(r'x86_64_start_kernel .* at book/boot\.nw:\d+', out),
     'gdb batch: the backtrace goes through x86_64_start_kernel in book/boot.nw', out)
t.eq(result.status, harness.EXIT_SUCCESS,
     'gdb batch: after detach the kernel runs on and exits 33', result.describe())

# 2. `make debug`, commands on stdin, on a port nobody else uses.
with socket.socket() as s:
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
env = {k: v for k, v in os.environ.items()
       if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES')}
slot = harness._Slot()     # its QEMU counts against the two at a time
slot.acquire()
proc = subprocess.Popen(['make', '--no-print-directory', '-C', harness.ROOT, 'debug',
                         'GDB_PORT=%d' % port, 'DEBUG_TIMEOUT=60', 'CMDLINE=panic=-1'],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True, env=env)
harness._running[proc.pid] = proc
try:
    out, _ = proc.communicate('info line *$pc\nnext\ninfo line *$pc\n', timeout=120)
    status = proc.returncode
except subprocess.TimeoutExpired:
    harness._kill(proc)
    out, status = proc.communicate()[0], None
harness._running.pop(proc.pid, None)
slot.release()
t.eq(status, 0, 'make debug: exits 0 when gdb reaches the end of its input', out)
check_session(out, 'make debug')
m = re.search(r'QEMU \(pid (\d+)\)', out)
gone = False
if m:
    try:
        with open('/proc/%s/cmdline' % m.group(1), 'rb') as f:
            gone = ('tcp:127.0.0.1:%d' % port).encode() not in f.read()
    except FileNotFoundError:
        gone = True
t.ok(m and gone, 'make debug: its QEMU is gone when it returns', out)
t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""cmdline_ptr.t - a boot loader's command-line pointer the kernel cannot follow.

QEMU's loader always puts the command line at 0x20000, so the hostile
pointer is written from outside: gdb stops the kernel at the entry of
x86_64_start_kernel and, in the zero page it was handed (%rdi), sets
ext_cmd_line_ptr (offset 0x0c8) to 0xffffffff and cmd_line_ptr (0x228) to
0xfffff900. The pointer is then 0xfffffffffffff900, whose 2 KiB would end
past 2^64: the old bound check (pointer + 2048 > 1 GiB) wrapped to 0x100
and let the copy fault. Expect the boot to finish (QEMU exit 33) with an
empty command line and the warning naming the pointer; the "selftest"
word QEMU passed is gone with the line, so no self-test runs.
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

WARNING = ("boot loader's command line pointer 0xfffffffffffff900 is outside the early "
           "identity map [0, 0x40000000); booting with an empty command line")

harness.require(harness.VMLINUX, 'run `make kernel` first')
t = Tap()
sock = os.path.join(tempfile.mkdtemp(prefix='startmem-gdb-'), 'gdb.sock')
with harness.Qemu('cmdline-ptr-wraps', cmdline='selftest', gdb_socket=sock) as qemu:
    qemu.start()
    status, out = harness.gdb_batch(sock, [
        'hbreak *x86_64_start_kernel', 'continue',
        'set {unsigned int}($rdi + 0x0c8) = 0xffffffff',
        'set {unsigned int}($rdi + 0x228) = 0xfffff900', 'detach'])
    r = qemu.wait(timeout=60)
shutil.rmtree(os.path.dirname(sock), ignore_errors=True)
t.ok(status is not None and 'Breakpoint 1, ' in out and 'x86_64_start_kernel' in out,
     'gdb stopped at x86_64_start_kernel and wrote the pointer', out)
checks.status(t, r, harness.EXIT_SUCCESS, 'wrapping pointer')
texts = r.texts()
t.ok(any(x.strip() == 'Command line:' for x in texts), 'the command line is empty', r.log)
t.ok(WARNING in texts, 'the warning names the pointer and the map', r.log)
t.ok(not any('KTAP' in x for x in texts), 'no self-test ran: "selftest" went with the line',
     r.log)
t.done()

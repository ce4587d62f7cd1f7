#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""panic.t - panic() and the three meanings of panic=N.

    panic=-1   print the cause, restart at once: QEMU exits 37
    panic=1    print the cause, "Rebooting in 1 seconds..", restart: 37
    (default)  print the cause and the closing line, then stay halted

A panic is forced from outside: gdb stops the kernel at the entry of
rest_init (the command line is parsed by then), writes the cause into
boot_command_line, points %rdi at it and jumps to panic(), as if
rest_init's caller had called panic("forced by ..."). That proves the
path whatever input the kernel can panic on. An invalid user memory map
(memmap=exactmap memmap=1M@0) must also panic, with Linux's message.
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
from tap import Tap  # noqa: E402

CAUSE = 'forced by tests/boot/panic.t'
PANIC_LINE = 'Kernel panic - not syncing: ' + CAUSE
END_LINE = '---[ end Kernel panic - not syncing: %s ]---' % CAUSE

harness.require(harness.VMLINUX, 'run `make kernel` first')
t = Tap()


def forced_panic(name, cmdline, stop_at=None, linger=0):
    """Boot halted, make gdb jump to panic(CAUSE) at rest_init, run on."""
    sock = os.path.join(tempfile.mkdtemp(prefix='startmem-gdb-'), 'gdb.sock')
    size = len(CAUSE) + 1
    with harness.Qemu(name, cmdline=cmdline, gdb_socket=sock) as qemu:
        qemu.start()
        status, out = harness.gdb_batch(sock, [
            'hbreak *rest_init', 'continue',
            'set {char[%d]} &boot_command_line = "%s"' % (size, CAUSE),
            'set $rdi = (long) &boot_command_line', 'set $rax = 0',
            'set $pc = (long) panic', 'detach'])
        result = qemu.wait(timeout=60, stop_at=stop_at, linger=linger)
    shutil.rmtree(os.path.dirname(sock), ignore_errors=True)
    # gdb's own status is not checked: QEMU may exit (after the panic)
    # before gdb has closed the connection, which gdb reports as an error.
    t.ok(status is not None and 'Breakpoint 1, ' in out and 'rest_init' in out,
         '%s: gdb stopped at rest_init and sent the kernel to panic()' % (cmdline or 'no panic='), out)
    return result


label = 'panic=-1'
r = forced_panic('panic-restart', 'panic=-1')
checks.status(t, r, harness.EXIT_PANIC, label)
t.ok(PANIC_LINE in r.texts(), '%s: prints "%s"' % (label, PANIC_LINE), r.log)
t.ok(PANIC_LINE in r.texts() and END_LINE not in r.texts()
     and not any('Rebooting in' in x for x in r.texts()),
     label + ': restarts at once, without waiting or halting', r.log)
checks.timestamps(t, r, label)

label = 'panic=1'
r = forced_panic('panic-delay', 'panic=1')
checks.status(t, r, harness.EXIT_PANIC, label)
texts = r.texts()
t.ok(PANIC_LINE in texts and 'Rebooting in 1 seconds..' in texts
     and texts.index('Rebooting in 1 seconds..') == texts.index(PANIC_LINE) + 1,
     label + ': prints the cause, then "Rebooting in 1 seconds.."', r.log)

label = 'no panic='
r = forced_panic('panic-halt', '', stop_at=re.compile(re.escape(END_LINE)), linger=1.0)
t.ok(r.stopped and r.status is None,
     label + ': the kernel stays halted (QEMU still runs 1 s after the last line)',
     r.describe())
texts = r.texts()
t.ok(PANIC_LINE in texts and END_LINE in texts
     and texts.index(END_LINE) == texts.index(PANIC_LINE) + 1,
     '%s: prints the cause, then "%s"' % (label, END_LINE), r.log)

# An invalid user memory map: only the first MiB, where the kernel is not.
# Linux 6.1 panics in e820__finish_early_params() with this message.
label = 'memmap=exactmap memmap=1M@0'
want = 'Kernel panic - not syncing: Invalid user supplied memory map'
r = harness.boot('panic-exactmap', cmdline=label + ' panic=-1', timeout=60)
checks.status(t, r, harness.EXIT_PANIC, label)
t.ok(want in r.texts(), '%s: prints "%s"' % (label, want), r.log)
t.done()

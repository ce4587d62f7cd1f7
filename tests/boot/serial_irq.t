#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""serial_irq.t - the shell's input through the UART's receive interrupt.

Boots `make boot`'s initramfs with rdinit=/bin/sh, the serial console on a
pipe (tests/boot/serial_shell.py), on q35 and pc with 1 and 2 CPUs, and
once more with serial_poll (the polled receive). Expect, on each machine:

  - Linux's line for the port: "serial8250: ttyS0 at I/O 0x3f8 (irq = 4,
    base_baud = 115200) is a 16550A" (irq = 0 when polled);
  - a line typed after the port's line and before the prompt, so that a
    byte waits in the UART when the shell starts the port, runs once the
    prompt is up (that byte must raise the interrupt);
  - a command typed at the prompt answers;
  - `sleep 1` followed at once by a paste of 200 `echo` lines (6,408
    bytes, more than the driver's 4,096-byte ring) typed while the shell
    is busy: every line runs, once, in order, after its prompt and echo;
  - `serialinfo` (/proc/tty/driver/serial): irq:4 (irq:0 polled), rx
    equal to the bytes typed so far, no overrun (no oe:, no "input
    overrun(s)" message);
  - `poweroff`: QEMU exits 33.

Without QEMU, the reader's CR LF handling: a CR LF split across two reads
is one LF (the per-chunk replace this reader once did kept the CR).
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import images  # noqa: E402
from serial_shell import PROMPT, SerialShell, crlf  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()

# The reader: CR LF across two chunks.
text, keep = crlf(b'', b'line one\r')
text2, keep2 = crlf(keep, b'\nline two\r\n')
t.eq((text + text2, keep2), (b'line one\nline two\n', b''),
     'crlf: a CR LF split across two reads is one LF')
old = b'line one\r'.replace(b'\r\n', b'\n') + b'\nline two\r\n'.replace(b'\r\n', b'\n')
t.ok(old != text + text2, 'crlf: the per-chunk replace keeps the CR (the check can fail)')
t.eq(crlf(b'', b'a\r\rb'), (b'a\r\rb', b''), 'crlf: a lone CR inside a chunk stays')

PASTE = ['echo paste-%03d-abcdefghijklmnop' % i for i in range(200)]
RING = 4096

CASES = [('q35', 1, ''), ('q35', 2, ''), ('pc', 1, ''), ('pc', 2, ''),
         ('q35', 1, 'serial_poll')]


def paste_ran(out):
    """The paste's lines as the shell ran them: (prompt+echo seen, output seen) per line."""
    ran = re.findall(r'^%s(echo paste-\d{3}-\w+)\n(paste-\d{3}-\w+)$' % re.escape(PROMPT),
                     out, re.M)
    return [cmd for cmd, res in ran if cmd == 'echo ' + res]


def one_machine(machine, smp, cmdline):
    label = '%s, %d CPU%s%s' % (machine, smp, 's' if smp > 1 else '',
                                ', ' + cmdline if cmdline else '')
    irq = 0 if 'serial_poll' in cmdline else 4
    shell = SerialShell(images.script('serial-irq', '# not run: rdinit=/bin/sh\n'),
                        machine=machine, smp=smp, cmdline=cmdline, timeout=240)
    sent = 0
    try:
        t.ok(shell.read_until('serial8250: ttyS0 at'), '%s: the port is found' % label,
             shell.log[-2000:])
        shell.type(b'echo typed-ahead\r')
        sent += len('echo typed-ahead\r')
        t.ok(shell.read_until(PROMPT), '%s: the prompt comes up' % label, shell.log[-2000:])
        t.ok(shell.read_until('\ntyped-ahead\n' + PROMPT),
             '%s: a line typed before the prompt ran at the prompt' % label, shell.log[-2000:])
        t.ok('serial8250: ttyS0 at I/O 0x3f8 (irq = %d, base_baud = 115200) is a 16550A\n'
             % irq in shell.log, '%s: Linux\'s line for the port, irq = %d' % (label, irq),
             shell.log[-3000:])
        t.eq(shell.command('echo typed-%s' % machine), 'typed-%s\n' % machine,
             '%s: a typed command answers' % label)
        sent += len('echo typed-%s\r' % machine)
        burst = b'sleep 1\r' + b''.join(line.encode() + b'\r' for line in PASTE)
        assert len(burst) > RING
        shell.out = ''
        shell.type(burst)
        sent += len(burst)
        shell.read_until('\n%s\n%s' % (PASTE[-1][5:], PROMPT))
        t.eq(paste_ran(shell.out), PASTE,
             '%s: %d bytes pasted while the shell sleeps: every line ran, once, in order'
             % (label, len(burst)), shell.out[-2000:])
        info = shell.command('serialinfo')
        sent += len('serialinfo\r')
        m = re.match(r'serinfo:1\.0 driver revision:\n0: uart:16550A port:000003F8 '
                     r'irq:(\d+) tx:(\d+) rx:(\d+)( [a-z]+:\d+)*( [A-Z|]+)?\n$', info)
        t.ok(m and int(m.group(1)) == irq, '%s: serialinfo says irq:%d' % (label, irq), info)
        t.eq(int(m.group(3)) if m else info, sent,
             '%s: serialinfo: rx is every byte typed (%d)' % (label, sent))
        t.ok(' oe:' not in info and 'input overrun' not in shell.log,
             '%s: no overrun' % label, info)
        shell.type(b'poweroff\r')
        shell.read_until('reboot: Power down')
        try:
            status = shell.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            status = None
        t.eq(status, harness.EXIT_SUCCESS, '%s: poweroff: QEMU exits 33' % label)
    finally:
        shell.stop()


for case in CASES:
    one_machine(*case)
t.done()

# SPDX-License-Identifier: GPL-2.0-only
"""serial_shell.py - our kernel's shell in QEMU, its serial console on a pipe.

    shell = SerialShell(initrd, machine='q35', smp=1, cmdline='')
    shell.read_until(PROMPT)            # the prompt is up
    shell.command('buddyinfo')          # type a line; its output
    shell.type(b'...')                  # bytes, sent at once (a paste)
    shell.stop()

QEMU runs with -serial stdio on pipes, rdinit=/bin/sh, a timeout (the
deadline of every read) and counts against the harness's two QEMUs at a
time; stop() ends it by its PID. The output keeps the terminal's CR LF
as LF; a CR that ends one read waits for the next, so a CR LF that
arrives split across two reads still reads as one LF (crlf()).
"""
import codecs
import os
import subprocess
import time

import harness

PROMPT = 'startmem# '


def crlf(pending, chunk):
    """Normalise CR LF to LF in @pending + @chunk (bytes). Returns the text
    that is certain, and the bytes to keep for the next chunk: a CR at
    the end, which may be the first half of a CR LF."""
    data = pending + chunk
    keep = b''
    if data.endswith(b'\r'):
        data, keep = data[:-1], b'\r'
    return data.replace(b'\r\n', b'\n'), keep


class SerialShell:
    """Our kernel in QEMU with its serial console on a pipe."""

    def __init__(self, initrd, machine='q35', smp=1, mem='512M', cmdline='', timeout=120):
        self.slot = harness._Slot()
        self.slot.acquire()
        cmd = [harness.QEMU, '-accel', 'tcg', '-machine', machine, '-m', mem,
               '-smp', str(smp), '-no-reboot',
               '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
               '-kernel', harness.KERNEL, '-initrd', initrd, '-append',
               ('rdinit=/bin/sh panic=-1 ' + cmdline).strip(), '-display', 'none',
               '-serial', 'stdio']
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        harness._running[self.proc.pid] = self.proc
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.deadline = time.monotonic() + timeout
        self.decoder = codecs.getincrementaldecoder('utf-8')('replace')
        self.pending = b''
        self.out = ''
        self.log = ''

    def read_until(self, text):
        """Read until @text is in the output since the last reset; True if it came."""
        while text not in self.out and time.monotonic() < self.deadline:
            chunk = self.proc.stdout.read()
            if chunk:
                data, self.pending = crlf(self.pending, chunk)
                s = self.decoder.decode(data)
                self.out += s
                self.log += s
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        return text in self.out

    def type(self, data):
        """Send @data (bytes) to the serial port at once."""
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def command(self, line):
        """Type @line at the prompt; its output (the lines after the echo)."""
        self.out = ''
        self.type(line.encode() + b'\r')
        self.read_until('\n' + PROMPT)
        text = self.out.split('\n' + PROMPT)[0] + '\n'
        return text.split('\n', 1)[1] if '\n' in text else text

    def stop(self):
        harness._kill(self.proc)
        harness._running.pop(self.proc.pid, None)
        self.slot.release()

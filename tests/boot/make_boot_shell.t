#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make_boot_shell.t - `make boot` from a terminal ends at the shell's prompt,
and `poweroff` there ends QEMU.

`make boot` runs under a pseudo-terminal (its stdin a tty, as when a person
types it), with BOOT_SHELL left at auto. Expect: the initramfs's /etc/motd
and the prompt; keys typed at the prompt edited as at a terminal (Ctrl-U
drops a typed word, the up arrow brings back the last line); `poweroff`
prints Linux's `reboot: Power down`, QEMU exits 33 and make exits 0.
Then `make boot SCRIPT=file` without a terminal: the file's commands run as
/init and the machine powers off by itself.

make, its timeout and its QEMU run in a process group of their own, which
the test stops (by that group's id) if a step does not happen in time.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
ENV = {k: v for k, v in os.environ.items()
       if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES')}
PROMPT = 'startmem# '


class Terminal:
    """`make boot ARGS` with a pseudo-terminal as its stdin, stdout and stderr."""

    def __init__(self, *args):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(['make', '--no-print-directory', '-C', harness.ROOT, 'boot']
                                     + list(args), stdin=slave, stdout=slave, stderr=slave,
                                     env=ENV, start_new_session=True)
        os.close(slave)
        self.out = ''

    def expect(self, pattern, timeout):
        """Read until @pattern (a regex) is in the output; True if it came in time."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while not rx.search(self.out):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    self.out += os.read(self.master, 4096).decode('utf-8', 'replace')
                except OSError:         # the other side closed: make is done
                    return bool(rx.search(self.out))
        return True

    def send(self, keys):
        for k in keys:          # a person types one key at a time
            os.write(self.master, k.encode())
            time.sleep(0.02)

    def wait(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)     # make, timeout and QEMU
            self.wait(5)
        os.close(self.master)


slot = harness._Slot()      # its QEMU counts against the two at a time
slot.acquire()
term = Terminal('MEM=256M')
try:
    t.ok(term.expect(re.escape(PROMPT), 240),
         'make boot from a terminal reaches the prompt', term.out[-2000:])
    t.ok('initramfs of `make boot`' in term.out and 'Run /bin/sh as init process' in term.out,
         'the initramfs was unpacked and the shell runs as init', term.out[-2000:])
    term.out = ''
    term.send('bogus\x15help\r')        # Ctrl-U drops "bogus"
    t.ok(term.expect(r'poweroff +power the machine off', 30) and 'not found' not in term.out,
         'Ctrl-U, then help: the table of commands, and no "bogus"', term.out)
    term.expect(re.escape(PROMPT), 30)
    term.out = ''
    term.send('\x1b[A\r')               # up arrow: help again
    t.ok(term.expect(r'poweroff +power the machine off', 30),
         'the up arrow recalls the last line', term.out)
    term.expect(re.escape(PROMPT), 30)
    term.send('poweroff\r')
    t.ok(term.expect(r'reboot: Power down', 30), 'poweroff: Linux\'s last line', term.out)
    t.ok(term.expect(r'QEMU exited 33', 30), 'poweroff: QEMU exits 33', term.out[-1000:])
    t.eq(term.wait(30), 0, 'make boot exits 0')
finally:
    term.stop()
    slot.release()

with tempfile.NamedTemporaryFile('w', suffix='.sh', delete=False) as f:
    f.write('# a script\necho script-start\nls /etc\necho script-end\n')
    script = f.name
slot.acquire()
try:
    proc = subprocess.run(['make', '--no-print-directory', '-C', harness.ROOT, 'boot',
                           'MEM=256M', 'SCRIPT=' + script, 'BOOT_TIMEOUT=120'],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          env=ENV, timeout=240, start_new_session=True)
    out = proc.stdout.replace('\r\n', '\n')
    t.eq(proc.returncode, 0, 'make boot SCRIPT=file exits 0', out[-2000:])
    t.ok(re.search(r'Run /init as init process\n(.*\n)*startmem# echo script-start\n'
                   r'script-start\nstartmem# ls /etc\n-rw-r--r-- +\d+ motd\n'
                   r'startmem# echo script-end\nscript-end\n', out) is not None,
         'SCRIPT: its commands ran as /init, in order, with their output', out[-2000:])
finally:
    slot.release()
    os.unlink(script)
t.done()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make_boot.t - `make boot`, as a reader runs it, stops by itself and tells
the truth about how the boot ended.

Real boots for the ends our kernel can reach from the command line
(success, a failed self-test, a timeout); for the others (panic, a reset,
QEMU's own error) a stand-in for QEMU (QEMU="sh -c 'exit N' qemu") that
exits with that status, so the recipe's mapping is checked for each:

    QEMU's status  make boot says                         make's status
    33             the kernel finished ... (success)      0
    35             a self-test failed                     nonzero
    37             the kernel panicked                    nonzero
    0              the machine reset                      nonzero
    124 (timeout)  no exit after N s; QEMU was stopped    nonzero
    other          QEMU exited N                          nonzero
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
ENV = {k: v for k, v in os.environ.items()
       if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES')}


def make_boot(*args, timeout=120):
    """Run `make boot ARGS`; (status, output). make is stopped at the timeout."""
    slot = harness._Slot()     # its QEMU counts against the two at a time
    slot.acquire()
    proc = subprocess.Popen(['make', '--no-print-directory', '-C', harness.ROOT, 'boot']
                            + list(args), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=ENV)
    harness._running[proc.pid] = proc
    try:
        out, _ = proc.communicate(timeout=timeout)
        return proc.returncode, out
    except subprocess.TimeoutExpired:
        harness._kill(proc)
        return None, proc.communicate()[0]
    finally:
        harness._running.pop(proc.pid, None)
        slot.release()


status, out = make_boot('CMDLINE=selftest panic=-1', 'BOOT_TIMEOUT=60')
t.eq(status, 0, 'a good boot: make boot exits 0', out)
t.ok('startmem: the kernel finished; QEMU exited 33 (success)' in out
     and 'startmem version' in out, 'a good boot: the serial console and the verdict', out)

status, out = make_boot('CMDLINE=selftest kunit.selftest_fail panic=-1', 'BOOT_TIMEOUT=60')
t.ok(status not in (0, None), 'a failed self-test: make boot fails', out)
t.ok('startmem: a self-test failed (QEMU exited 35)' in out, 'a failed self-test: says so', out)

# -S: QEMU starts halted and never ends by itself.
status, out = make_boot('QEMU_ARGS=-S', 'BOOT_TIMEOUT=2', timeout=30)
t.ok(status not in (0, None), 'a boot that never ends: make boot stops it and fails', out)
t.ok('startmem: no exit after 2 s; QEMU was stopped' in out, 'a boot that never ends: says so', out)

for code, words in ((37, 'startmem: the kernel panicked (QEMU exited 37)'),
                    (0, 'startmem: the machine reset'),
                    (1, 'startmem: QEMU exited 1')):
    status, out = make_boot("QEMU=sh -c 'exit %d' qemu" % code)
    t.ok(status not in (0, None) and words in out,
         'QEMU exits %d: make boot fails and says "%s"' % (code, words),
         'make exited %s:\n%s' % (status, out))
t.done()

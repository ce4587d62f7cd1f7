#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""serial_idle_bench.py - what an idle shell prompt costs the host, polled
and interrupt-driven.

    make bench

Boots build/bzImage (q35, 512 MiB, 1 and 2 CPUs, TCG) with make boot's
initramfs and rdinit=/bin/sh, its serial console on a pipe
(tests/boot/serial_shell.py), once with the UART's receive interrupt (the
default) and once with serial_poll. At the prompt it waits SETTLE seconds,
then reads QEMU's user and system CPU time from /proc/PID/stat (all its
threads) before and after SECONDS seconds in which nothing is typed, and
prints the CPU time over the wall time, in percent of one host CPU (the
median of REPEAT boots). Checks nothing but that every boot reached its
prompt.
"""
import os
import platform
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
import images  # noqa: E402
from serial_shell import PROMPT, SerialShell  # noqa: E402

SETTLE = 2
SECONDS = int(os.environ.get('SERIAL_IDLE_SECONDS', '10'))
REPEAT = 3
TICK = os.sysconf('SC_CLK_TCK')


def cpu_seconds(pid):
    """utime + stime of @pid, all threads, in seconds (proc(5): fields 14 and 15)."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def idle_cost(smp, cmdline):
    shell = SerialShell(images.script('bench-serial-idle', '# not run: rdinit=/bin/sh\n'),
                        smp=smp, cmdline=cmdline, timeout=120 + SETTLE + SECONDS)
    try:
        if not shell.read_until(PROMPT):
            sys.exit('serial_idle_bench: no prompt (%s); %s' % (cmdline, shell.log[-1000:]))
        time.sleep(SETTLE)
        cpu0, wall0 = cpu_seconds(shell.proc.pid), time.monotonic()
        time.sleep(SECONDS)
        cpu1, wall1 = cpu_seconds(shell.proc.pid), time.monotonic()
        return 100 * (cpu1 - cpu0) / (wall1 - wall0)
    finally:
        shell.stop()


print('host: %s, %d CPUs; QEMU TCG, q35, 512 MiB; %d s of an idle prompt, after %d s; '
      'median of %d boots' % (platform.processor() or platform.machine(), os.cpu_count(),
                              SECONDS, SETTLE, REPEAT))
print('%-5s %-28s %16s' % ('CPUs', 'receive', 'QEMU host CPU %'))
for smp in (1, 2):
    for label, cmdline in (('polled (serial_poll)', 'serial_poll'),
                           ('interrupt-driven', '')):
        runs = sorted(idle_cost(smp, cmdline) for _ in range(REPEAT))
        print('%-5d %-28s %16.1f   (runs: %s)' % (smp, label, runs[len(runs) // 2],
                                                  ', '.join('%.1f' % r for r in runs)))

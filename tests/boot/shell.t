#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""shell.t - drive the kernel's shell through the serial port, and hold each
memory text to the format of Debian's Linux 6.1's /proc file of its name.

Linux: Debian's kernel boots (q35, 512 MiB) with an initramfs of Debian's
busybox-static whose /init prints /proc/meminfo, buddyinfo, pagetypeinfo,
zoneinfo and iomem (tests/boot/images.py). Ours: the same machine with
`make boot`'s initramfs and rdinit=/bin/sh, its serial port on a pipe
(QEMU's -serial stdio); the test waits for each prompt and types one
command. Expect, for each text, Linux's field names in Linux's order:

  meminfo       our keys are a subsequence of Linux's; each line is as
                long as Linux's for the same key (the values right-aligned
                in the same columns)
  buddyinfo     the same zones, each line "Node N, zone %8s" and 11 counts
  pagetypeinfo  the same lines once every number is replaced by N
  zoneinfo      our field names (the words before a value) a subsequence of
                Linux's, zone by zone
  iomem         every line "start-end : name"; our RAM ranges, and every
                reserved range, are Linux's; the kernel's parts in Linux's
                order

and, from the shell itself: `alloc 3` takes 8 pages from the buddyinfo
counts and `free` puts them back; `ls`, `cat` and `run` on the initramfs;
an unknown command's complaint; `poweroff` ends QEMU with status 33.
Every QEMU has a timeout and is stopped by its PID.
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import images  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
harness.require(images.BUSYBOX, 'install busybox-static (`make setup`)')
t = Tap()
PROMPT = 'startmem# '
MARK = re.compile(r'^---\[ /proc/(\w+) \]---$')


class SerialShell:
    """Our kernel in QEMU with its serial console on a pipe."""

    def __init__(self, initrd, timeout=120):
        self.slot = harness._Slot()
        self.slot.acquire()
        cmd = [harness.QEMU, '-accel', 'tcg', '-machine', 'q35', '-m', '512M', '-smp', '1',
               '-no-reboot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
               '-kernel', harness.KERNEL, '-initrd', initrd, '-append',
               'rdinit=/bin/sh panic=-1', '-display', 'none', '-serial', 'stdio']
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        harness._running[self.proc.pid] = self.proc
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.deadline = time.monotonic() + timeout
        self.out = ''

    def read_until(self, text):
        while text not in self.out and time.monotonic() < self.deadline:
            chunk = self.proc.stdout.read()
            if chunk:
                self.out += chunk.decode('utf-8', 'replace').replace('\r\n', '\n')
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        return text in self.out

    def command(self, line):
        """Type @line at the prompt; its output (the lines after the echo)."""
        self.out = ''
        self.proc.stdin.write(line.encode() + b'\r')
        self.proc.stdin.flush()
        self.read_until('\n' + PROMPT)
        text = self.out.split('\n' + PROMPT)[0] + '\n'
        return text.split('\n', 1)[1]

    def stop(self):
        harness._kill(self.proc)
        harness._running.pop(self.proc.pid, None)
        self.slot.release()


def linux_texts():
    r = harness.boot(**harness.linux('shell-linux-proc', mem='512M',
                                     extra=['-initrd', images.linux_proc()],
                                     stop_at=re.compile(r'---\[ end \]---'), timeout=240))
    texts, name = {}, None
    for line in r.lines():
        m = MARK.match(line)
        if m:
            name = m.group(1)
            texts[name] = []
        elif line.startswith('---[ end'):
            name = None
        elif name:
            texts[name].append(line)
    return texts, r


def subsequence(small, big):
    """Is @small a subsequence of @big? Returns the first item not found, or None."""
    it = iter(big)
    for x in small:
        if not any(x == y for y in it):
            return x
    return None


def meminfo(ours, linux):
    keys = {l.split(':')[0]: l for l in linux if ':' in l}
    mine = [l.split(':')[0] for l in ours]
    t.eq(subsequence(mine, [l.split(':')[0] for l in linux]), None,
         'meminfo: our keys (%s) are Linux\'s, in Linux\'s order' % ' '.join(mine))
    t.eq([k for k in mine if len(keys.get(k, '')) != len(ours[mine.index(k)])], [],
         'meminfo: each line as long as Linux\'s (values in the same columns)')


BUDDY = re.compile(r'^Node (\d+), zone +(\w+)((?: +\d+)+) *$')


def buddy_rows(lines):
    rows = {}
    for l in lines:
        m = BUDDY.match(l)
        if m:
            rows[m.group(2)] = [int(x) for x in m.group(3).split()]
    return rows


def buddyinfo(ours, linux):
    t.ok(all(BUDDY.match(l) and l.startswith('Node 0, zone %8s' % BUDDY.match(l).group(2))
             for l in ours), 'buddyinfo: every line "Node N, zone %8s" and counts', ours)
    o, lx = buddy_rows(ours), buddy_rows(linux)
    t.eq(list(o), list(lx), 'buddyinfo: the same zones in the same order')
    t.eq({z: len(c) for z, c in o.items()}, {z: len(c) for z, c in lx.items()},
         'buddyinfo: a count for each of the same orders')


def numbers_out(lines):
    return [re.sub(r'\d+', 'N', re.sub(r' +', ' ', l.strip())) for l in lines if l.strip()]


def pagetypeinfo(ours, linux):
    t.eq(numbers_out(ours), numbers_out(linux), 'pagetypeinfo: Linux\'s lines, numbers aside')


def zone_fields(lines):
    """[(zone, [field names])] of a zoneinfo text."""
    zones = []
    for l in lines:
        m = re.match(r'^Node (\d+), zone +(\w+)', l)
        if m:
            zones.append((m.group(2), []))
        elif zones and l.strip():
            name = re.match(r'^ *([A-Za-z_ ]+?:?)(?= *[\d(-]|$)', l)
            zones[-1][1].append(name.group(1).strip() if name else l.strip())
    return zones


def zoneinfo(ours, linux):
    o, lx = zone_fields(ours), dict(zone_fields(linux))
    t.eq([z for z, _ in o], [z for z, _ in zone_fields(linux)], 'zoneinfo: the same zones')
    for zone, fields in o:
        missing = subsequence(fields, lx.get(zone, []))
        t.eq(missing, None, 'zoneinfo %s: our %d fields are Linux\'s, in Linux\'s order'
             % (zone, len(fields)))


IOMEM = re.compile(r'^( *)([0-9a-f]{8,})-([0-9a-f]{8,}) : (.+)$')


def iomem(ours, linux):
    t.ok(all(IOMEM.match(l) for l in ours), 'iomem: every line "start-end : name"', ours)
    flat = [l.strip() for l in linux]
    top = [l for l in ours if not l.startswith(' ')]
    t.eq([l for l in top if l.strip() not in flat], [],
         'iomem: each of our ranges (%d) is one of Linux\'s, name and all' % len(top))
    t.eq([l for l in top if 'System RAM' in l], [l for l in linux if l.endswith(': System RAM')],
         'iomem: the same System RAM lines at the top level')
    parts = lambda lines: [IOMEM.match(l).group(4) for l in lines
                           if IOMEM.match(l) and IOMEM.match(l).group(4).startswith('Kernel ')]
    t.eq(parts(ours), parts(linux), 'iomem: the kernel image\'s parts, in Linux\'s order')


def free_pages(out):
    """Pages on the free lists (buddyinfo) and the per-CPU lists, after alloc or free."""
    pcp = re.search(r'^per-cpu lists: (\d+) pages$', out, re.M)
    rows = buddy_rows(out.split('\n'))
    return sum(c << k for counts in rows.values() for k, c in enumerate(counts)) + \
        (int(pcp.group(1)) if pcp else -1)


linux, linux_boot = linux_texts()
t.ok(all(name in linux for name in images.PROC_TEXTS),
     'Linux printed its five /proc texts', linux_boot.describe())
shell = SerialShell(images.script('shell-init', '# not run: rdinit=/bin/sh\n'))
try:
    t.ok(shell.read_until(PROMPT), 'the prompt comes up', shell.out[-2000:])
    mine = {name: [l for l in shell.command(name).split('\n') if l]
            for name in images.PROC_TEXTS}
    for name, check in [('meminfo', meminfo), ('buddyinfo', buddyinfo),
                        ('pagetypeinfo', pagetypeinfo), ('zoneinfo', zoneinfo),
                        ('iomem', iomem)]:
        if name in linux:
            check(mine[name], linux[name])

    for order in (0, 3, 9):
        before = free_pages(shell.command('free all'))
        out = shell.command('alloc %d' % order)
        m = re.match(r'block (\d+): order %d, pfn (0x[0-9a-f]+)-(0x[0-9a-f]+)\n' % order, out)
        t.ok(m and int(m.group(3), 16) - int(m.group(2), 16) == (1 << order) - 1,
             'alloc %d: a block of %d pages' % (order, 1 << order), out)
        t.eq(before - free_pages(out), 1 << order,
             'alloc %d: the free and per-CPU lists hold %d pages fewer' % (order, 1 << order), out)
        out = shell.command('free %s' % (m.group(1) if m else '0'))
        t.eq(free_pages(out), before, 'free: the %d pages are back' % (1 << order), out)
    t.ok(shell.command('alloc 11').startswith('alloc: usage: alloc ORDER (0 to 10)'),
         'alloc 11: refused, MAX_ORDER being 11')

    t.ok(re.search(r'^d[rwx-]{9} +0 demo\nd[rwx-]{9} +0 etc\n-[rwx-]{9} +\d+ init\n$',
                   shell.command('ls /')), 'ls /: the initramfs, in name order')
    with open(os.path.join(harness.ROOT, 'tools', 'initramfs', 'etc', 'motd')) as f:
        t.eq(shell.command('cat /etc/motd'), f.read(), 'cat /etc/motd: the file\'s bytes')
    shell.out = ''
    shell.proc.stdin.write(b'run /demo/buddy\recho end-of-run\r')   # typed ahead
    shell.proc.stdin.flush()
    shell.read_until('\nend-of-run\n')
    out = shell.out
    t.ok(out.count(PROMPT + 'alloc 3\nblock') == 1 and PROMPT + 'free 0' in out,
         'run /demo/buddy: its commands, each after the prompt', out)
    t.eq(shell.command('frobnicate'), 'sh: frobnicate: not found\n', 'an unknown command')
    shell.proc.stdin.write(b'poweroff\r')
    shell.proc.stdin.flush()
    shell.read_until('reboot: Power down')
    try:
        status = shell.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        status = None
    t.eq(status, harness.EXIT_SUCCESS, 'poweroff: QEMU exits 33')
finally:
    shell.stop()
t.done()

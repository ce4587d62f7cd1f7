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
  slabinfo      Linux's two header lines; each cache line in Linux's
                columns; our kmalloc caches' names among Linux's (Linux
                6.1 in Debian is SLUB, ours SLAB; the file is the same)
  vmallocinfo   every line "0x%016lx-0x%016lx %7ld" (start, end, size with
                its guard page: end - start) then a caller and fields
                each of a kind Linux prints (pages=, phys=, ioremap,
                vmalloc, vmap, N<node>=), in the order Linux's lines
                have them; a vmalloc line has the kinds Linux's vmalloc
                lines have, its pages= on its nodes' N<node>= counts

and, from the shell itself: `alloc 3` takes 8 pages from the buddyinfo
counts and `free` puts them back; `kmalloc` takes objects from the
cache Linux's size classes name and pages above 8 KiB; `vmalloc 40000` maps
10 pages in an area of 11 (a guard page) that `vmallocinfo` lists, and
takes at least 10 pages from the free lists, which `vfree` gives back
while the area leaves vmallocinfo's vmalloc lines; `stress 200` prints its summary
(book/stress.nw), line by line in its format, with the counts back where they
were and its thread's operations adding up, and `stress 0` is refused;
`ls`, `cat` and `run` on the initramfs;
an unknown command's complaint; `poweroff` ends QEMU with status 33.
Every QEMU has a timeout and is stopped by its PID.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import images  # noqa: E402
from serial_shell import PROMPT, SerialShell  # noqa: E402
from tap import Tap  # noqa: E402

harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
harness.require(images.BUSYBOX, 'install busybox-static (`make setup`)')
t = Tap()
MARK = re.compile(r'^---\[ /proc/(\w+) \]---$')
STRESS = re.compile(
    r'stress: 1 thread for 200 ms, seed 0x[0-9a-f]+\n'
    r'stress: thread 0 on CPU 0: (?P<ops>\d+) ops \(pages (?P<p>\d+), kmalloc (?P<k>\d+), '
    r'vmalloc (?P<v>\d+)\), \d+ failed, 0 freed from another thread, \d+ ops/s\n'
    r'stress: total: (?P=ops) ops in (?P<ms>\d+) ms on 1 CPU: \d+ ops/s, \d+ ops/s per CPU\n'
    r'stress: covered: 11/11 orders, (?P<ks>\d+)/(?P=ks) kmalloc sizes, 7/7 vmalloc sizes\n'
    r'stress: free pages: (?P<fb>\d+) before, (?P<fa>\d+) after, (?P<pt>\d+) page-table '
    r'pages? added\n'
    r'stress: slab pages: (?P<lb>\d+) before, (?P<la>\d+) after\n'
    r'stress: slab objects: (?P<sb>\d+) before, (?P<sa>\d+) after\n'
    r'stress: vmalloc areas: (?P<vb>\d+) before, (?P<va>\d+) after\n'
    r'(?:stress: counted again [1-4] times?\n)?'
    r'stress: tags: 0 overwritten; bad pages: (?P<bad>\d+) before, (?P=bad) after\n'
    r'stress: invariants: ok\n'
    r'stress: ok\n$')


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


SLAB_LINE = re.compile(r'^(\S+) +\d+ +\d+ +\d+ +\d+ +\d+ : tunables +\d+ +\d+ +\d+ : '
                       r'slabdata +\d+ +\d+ +\d+ *$')


def slabinfo(ours, linux):
    t.eq(ours[:2], linux[:2], 'slabinfo: Linux\'s version line and column header')
    t.eq([l for l in ours[2:] if not SLAB_LINE.match(l)], [],
         'slabinfo: every cache line in Linux\'s columns')
    names = {SLAB_LINE.match(l).group(1) for l in linux[2:] if SLAB_LINE.match(l)}
    mine = [SLAB_LINE.match(l).group(1) for l in ours[2:] if SLAB_LINE.match(l)]
    t.eq([n for n in mine if n.startswith(('kmalloc-', 'dma-kmalloc-')) and n not in names], [],
         'slabinfo: each of our kmalloc caches (%d) has Linux\'s name for it' % len(mine))


# Linux prints the range with %pK: hashed, or "(____ptrval____)" so early in
# the boot that the hash has no key yet; ours is the address itself.
VMALLOC_LINE = re.compile(r'^0x(\S+?)-0x(\S+) (?=[ \d]{7})( *\d+)((?: \S+)*)$')
HEX16 = re.compile(r'^[0-9a-f]{16}$')
VMALLOC_WORDS = ('ioremap', 'vmalloc', 'vmap', 'user', 'dma-coherent', 'vpages', 'vm_map_ram')


def vmalloc_kinds(fields):
    """The kind of each field after the size: caller, pages=, N=, a flag word..."""
    kinds = []
    for i, f in enumerate(fields):
        if f in VMALLOC_WORDS or f in ('unpurged', 'vm_area'):
            kinds.append(f)
        elif re.match(r'^N\d+=\d+$', f):
            kinds.append('N=')
        elif re.match(r'^(pages|phys)=', f):
            kinds.append(f.split('=')[0] + '=')
        elif i == 0:
            kinds.append('caller')
        else:
            kinds.append('?' + f)
    return kinds


def vmallocinfo_lines(lines):
    """[(start, end, size, size column, kinds, fields)] of the lines that parse."""
    out = []
    for line in lines:
        m = VMALLOC_LINE.match(line)
        if m:
            fields = m.group(4).split()
            start, end = (int(x, 16) if HEX16.match(x) else None for x in m.group(1, 2))
            out.append((start, end, int(m.group(3)), m.group(3), vmalloc_kinds(fields), fields))
    return out


def vmallocinfo(ours, linux):
    mine, theirs = vmallocinfo_lines(ours), vmallocinfo_lines(linux)
    t.ok(theirs and len(theirs) == len(linux), 'vmallocinfo: Linux\'s lines parse (%d)' % len(linux),
         '\n'.join(linux[:5]))
    t.ok(mine and len(mine) == len(ours) and all(s is not None for s, *_ in mine),
         'vmallocinfo: ours in Linux\'s format, with the addresses (%d lines)' % len(ours),
         '\n'.join(l for l in ours if not VMALLOC_LINE.match(l)))
    t.ok(all(len(col) >= 7 for _, _, _, col, _, _ in mine + theirs) and
         all(e - s == size for s, e, size, *_ in mine if s is not None),
         'vmallocinfo: the size in a column of 7 in both; ours is end - start')
    # Linux 6.1's show_purge_info() prints each lazily freed area as
    # "unpurged vm_area"; the Linux boot compared with may have none to show.
    linux_kinds = {k for *_, kinds, _ in theirs for k in kinds} | {'unpurged', 'vm_area'}
    t.eq(sorted({k for *_, kinds, _ in mine for k in kinds} - linux_kinds), [],
         'vmallocinfo: every kind of field we print, Linux prints', repr(sorted(linux_kinds)))
    before = {(a, b) for *_, kinds, _ in theirs for i, a in enumerate(kinds) for b in kinds[i + 1:]}
    t.eq(sorted({(a, b) for *_, kinds, _ in mine for i, a in enumerate(kinds) for b in kinds[i + 1:]
                 if (b, a) in before}), [], 'vmallocinfo: the fields in Linux\'s order')
    shapes = {tuple(k for k in kinds if k != 'caller') for *_, kinds, _ in theirs
              if 'vmalloc' in kinds and 'vpages' not in kinds}
    ours_shapes = {tuple(k for k in kinds if k != 'caller') for *_, kinds, _ in mine
                   if 'vmalloc' in kinds}
    t.ok(ours_shapes and ours_shapes <= shapes,
         'vmallocinfo: our vmalloc lines have the fields of Linux\'s (%s)' % sorted(shapes),
         repr(sorted(ours_shapes)))
    t.ok(all(sum(int(f.split('=')[1]) for f in fields if re.match(r'^N\d+=', f)) ==
             int([f for f in fields if f.startswith('pages=')][0][6:])
             for *_, kinds, fields in mine + theirs if 'vmalloc' in kinds and 'N=' in kinds),
         'vmallocinfo: a vmalloc area\'s N<node>= counts add up to its pages=')


def free_pages(out):
    """Pages on the free lists (buddyinfo) and the per-CPU lists, after alloc or free."""
    pcp = re.search(r'^per-cpu lists: (\d+) pages$', out, re.M)
    rows = buddy_rows(out.split('\n'))
    return sum(c << k for counts in rows.values() for k, c in enumerate(counts)) + \
        (int(pcp.group(1)) if pcp else -1)


linux, linux_boot = linux_texts()
t.ok(all(name in linux for name in images.PROC_TEXTS),
     'Linux printed its %d /proc texts' % len(images.PROC_TEXTS), linux_boot.describe())
shell = SerialShell(images.script('shell-init', '# not run: rdinit=/bin/sh\n'))
try:
    t.ok(shell.read_until(PROMPT), 'the prompt comes up', shell.out[-2000:])
    mine = {name: [l for l in shell.command(name).split('\n') if l]
            for name in images.PROC_TEXTS}
    for name, check in [('meminfo', meminfo), ('buddyinfo', buddyinfo),
                        ('pagetypeinfo', pagetypeinfo), ('zoneinfo', zoneinfo),
                        ('iomem', iomem), ('slabinfo', slabinfo),
                        ('vmallocinfo', vmallocinfo)]:
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
    for size, cache in ((100, 'kmalloc-128'), (150, 'kmalloc-192'), (65, 'kmalloc-96'),
                        (8192, 'kmalloc-8k')):
        out = shell.command('kmalloc %d' % size)
        m = re.match(r'object (\d+): %d bytes at 0x[0-9a-f]+\n# name .*\n(\S+) ' % size, out)
        t.eq(m.group(2) if m else out, cache, 'kmalloc %d: from %s, as in Linux' % (size, cache))
        t.ok(m and re.match(r'# name .*\n%s ' % cache, shell.command('kfree ' + m.group(1))),
             'kfree: the cache\'s line again')
    before = free_pages(shell.command('free all'))
    out = shell.command('kmalloc 20000')
    m = re.match(r'object (\d+): 20000 bytes at', out)
    t.eq(before - free_pages(out), 8, 'kmalloc 20000: 8 pages (order 3) from the page allocator',
         out)
    t.eq(free_pages(shell.command('kfree %s' % (m.group(1) if m else 0))), before,
         'kfree: the 8 pages back')
    before = free_pages(shell.command('free all'))
    out = shell.command('vmalloc 40000')
    m = re.match(r'area (\d+): 40000 bytes at 0x([0-9a-f]+)\n(.*)\n', out)
    area = vmallocinfo_lines([m.group(3)]) if m else []
    t.ok(area and area[0][0] == int(m.group(2), 16) and area[0][2] == 11 * 4096 and
         'vmalloc' in area[0][4] and 'pages=10' in area[0][5],
         'vmalloc 40000: its vmallocinfo line, 10 pages in 11 with the guard page', out)
    mapped = free_pages(out)
    t.ok(before - mapped >= 10, 'vmalloc 40000: at least 10 pages taken from the free lists '
         '(%d)' % (before - mapped), out)
    t.ok(m and [x for x in vmallocinfo_lines(shell.command('vmallocinfo').split('\n'))
                if x[0] == int(m.group(2), 16) and 'vmalloc' in x[4]],
         'vmallocinfo: lists the area', out)
    out = shell.command('vfree %s' % (m.group(1) if m else 0))
    t.ok(free_pages(out) - mapped >= 10, 'vfree: the 10 pages back on the free lists (%d)'
         % (free_pages(out) - mapped), out)
    t.ok(m and not [x for x in vmallocinfo_lines(shell.command('vmallocinfo').split('\n'))
                    if x[0] == int(m.group(2), 16) and 'vmalloc' in x[4]],
         'vfree: the area is no longer a vmalloc line of vmallocinfo')
    t.ok(shell.command('vfree 0').startswith('vfree: usage: vfree N'), 'vfree: twice is refused')
    helped = [l.split()[0] for l in shell.command('help').split('\n') if l.strip()]
    t.eq([c for c in ('vmallocinfo', 'vmalloc', 'vfree') if c not in helped], [],
         'help: lists vmallocinfo, vmalloc and vfree', repr(helped))
    t.ok(shell.command('alloc 11').startswith('alloc: usage: alloc ORDER (0 to 10)'),
         'alloc 11: refused, MAX_ORDER being 11')

    out = shell.command('stress 200')
    m = STRESS.match(out)
    t.ok(m, 'stress 200: the summary, line by line in its format', out)
    if m:
        n = {k: int(v) for k, v in m.groupdict().items()}
        t.ok(n['ops'] > 0 and n['ops'] == n['p'] + n['k'] + n['v'],
             'stress 200: the thread\'s ops are its pages, kmalloc and vmalloc ops', out)
        t.ok(n['ms'] >= 200, 'stress 200: it ran at least 200 ms (%d)' % n['ms'])
        t.eq(n['fa'] + n['pt'] + n['la'] - n['lb'], n['fb'],
             'stress 200: free pages after + page tables + slab pages gained = before')
        t.ok(n['sa'] == n['sb'] and n['va'] == n['vb'],
             'stress 200: slab objects and vmalloc areas as before', out)
    t.ok(shell.command('stress 0').startswith('stress: usage: stress [MS] [SEED]'),
         'stress 0: refused')

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
    hist = shell.command('history').split('\n')
    t.ok(len(hist) > 4 and hist[-5:-2] == ['%5d  run /demo/buddy' % (len(hist) - 4),
                                          '%5d  echo end-of-run' % (len(hist) - 3),
                                          '%5d  frobnicate' % (len(hist) - 2)],
         'history: the lines typed, oldest first, numbered', '\n'.join(hist))
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

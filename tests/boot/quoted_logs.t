#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""quoted_logs.t - every boot log the book quotes is what the kernel prints today.

A chapter quotes the kernel's output in a verbatim block, and says on the
LaTeX comment line just before it which boot printed it:

    % boot log: MEM=512M CMDLINE="memblock=debug"
    \\begin{verbatim}

The settings are `make boot`'s (MACHINE, MEM, SMP, CMDLINE, QEMU_ARGS,
with its defaults: q35, 512M, 1 CPU), and NODES=1G,1G for NUMA nodes of
those sizes, CPU i on node i (as figures/machine.json describes them);
`% boot log: figures` is the figures' machine itself. This test boots
each machine the book names, once, and checks that every line of each
block appears in that boot's log, in the block's order. A line `...`
in a block stands for lines left out. `% linux log: SETTINGS` marks a
block that quotes Linux, not this kernel: the same settings boot
Debian's Linux 6.1 (build/debian/vmlinuz, `make linux-debian`; with
harness.LINUX_CMDLINE before CMDLINE, stopped at its `Kernel command
line:`, after setup_arch, or, for a machine whose quotes hold the hash
lines Linux prints late on NUMA machines (ending in "vmalloc)"), at its
late inode-hash line), and its log must hold the block's lines. A block with printk
timestamps must carry one of the two comments.

Normalisation, applied to the block and to the log alike, for what
legitimately differs from one boot or one build to the next:
  - the printk timestamp at the start of a line, which a quote may omit;
  - blanks at the end of a line, and in a quote a ` *` after them (a
    chapter's mark on a line, such as direct_map.nw's KERN_DEBUG lines);
    a run of blanks counts as one (a tab in the log is spaces in a quote);
  - the TSC frequency measured at boot (`Detected 2604.149 MHz`), which is
    the host's, and so the APIC timer's calibration (`..... delta 6253310`,
    `calibration result: 4002118`, `clock speed is 1000.2118 MHz`);
  - addresses in the kernel image and its stacks (ffffffff80000000 to
    ffffffff8fffffff), symbol offsets (+0x1a/0x40), the values of a
    register dump, the bytes of a `Code:` line, the sizes of the
    ptdump's runs inside the image, the size of the image's read-only
    data and memblock's reserved size (the image is reserved): they move
    with every change to the code;
  - the number of records in the memreport's end marker, which grows
    with every chapter that reports more;
  - the line of a WARNING's `at book/NAME.nw:LINE`, which moves when its
    chapter is edited.
Everything else, the e820 map, memblock's regions, the direct map's
ranges, the vmemmap's blocks, must match exactly.
"""
import json
import os
import re
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from tap import Tap  # noqa: E402

ROOT = harness.ROOT
DEFAULTS = dict(MACHINE='q35', MEM='512M', SMP='1', CMDLINE='', QEMU_ARGS='', NODES='')
TIMESTAMP = re.compile(r'^\[ *\d+\.\d+\] ?')
BLOCK = re.compile(r'((?:^%[^\n]*\n)?)\\begin\{verbatim\}\n(.*?)\\end\{verbatim\}', re.S | re.M)
REGISTERS = re.compile(r'^(RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\d+|FS|GS|CS|DS|ES|CR\d):')


def normalise(line):
    line = re.sub(r'[ \t]+', ' ', TIMESTAMP.sub('', line).rstrip())
    line = re.sub(r'Detected \d+\.\d+ MHz', 'Detected N MHz', line)
    line = re.sub(r'^\.{5} (delta|calibration result:) \d+', r'..... \1 N', line)
    line = re.sub(r'clock speed is \d+\.\d+ MHz', 'clock speed is N MHz', line)
    line = re.sub(r'\bat (book/\w+\.nw):\d+', r'at \1:LINE', line)
    line = re.sub(r'read-only data: \d+k', 'read-only data: Nk', line)
    line = re.sub(r'reserved size = 0x[0-9a-f]+', 'reserved size = SIZE', line)
    line = re.sub(r'^Code: .*', 'Code: BYTES', line)
    line = re.sub(r'memreport end: \d+ records', 'memreport end: N records', line)
    if REGISTERS.match(line):
        line = re.sub(r'\b[0-9a-f]{8,16}\b', 'VALUE', line)
    line = re.sub(r'(0x)?ffffffff8[0-9a-f]{7}\b', 'KADDR', line)
    line = re.sub(r'^KADDR-KADDR \d+[KMGT]', 'KADDR-KADDR SIZE', line)
    return re.sub(r'\+0x[0-9a-f]+/0x[0-9a-f]+', '+OFF/SIZE', line)


def settings(comment):
    """make boot's variables from `% boot log: ...`, or 'figures'."""
    words = comment.split(':', 1)[1].strip()
    if words == 'figures':
        return 'figures'
    out = dict(DEFAULTS)
    for word in shlex.split(words):
        key, _, value = word.partition('=')
        if key not in DEFAULTS:
            raise ValueError('unknown setting %r' % key)
        out[key] = value
    return out


def spec(name, s):
    """harness.boot()'s arguments for make boot's settings."""
    cpus = None             # make boot's NODES: node i has CPU i
    if s == 'figures':
        with open(os.path.join(ROOT, 'figures', 'machine.json')) as f:
            m = json.load(f)
        s = dict(DEFAULTS, MACHINE=m['machine'], MEM=m['mem'], SMP=str(m['smp']),
                 CMDLINE=m['cmdline'], QEMU_ARGS='-cpu ' + m['cpu'],
                 NODES=','.join(n['mem'] for n in m['nodes']))
        cpus = [n['cpus'] for n in m['nodes']]
    extra = shlex.split(s['QEMU_ARGS'])
    for i, size in enumerate(x for x in s['NODES'].split(',') if x):
        extra += ['-object', 'memory-backend-ram,id=m%d,size=%s' % (i, size),
                  '-numa', 'node,nodeid=%d,cpus=%s,memdev=m%d' % (i, cpus[i] if cpus else i, i)]
    return dict(name=name, machine=s['MACHINE'], mem=s['MEM'], smp=int(s['SMP']),
                cmdline=s['CMDLINE'], extra=extra, timeout=120)


def find_in_order(wanted, log):
    """The lines of wanted not found in log after the previous one."""
    missing, at = [], 0
    for line in wanted:
        try:
            at = log.index(line, at) + 1
        except ValueError:
            missing.append(line)
    return missing


harness.require(harness.KERNEL, 'run `make kernel` first')
t = Tap()
quotes, unmarked, linux_quotes = [], [], set()
with open(os.path.join(ROOT, 'book', 'chapters')) as f:
    chapters = f.read().split()
for chapter in chapters:
    with open(os.path.join(ROOT, 'book', chapter + '.nw')) as f:
        text = f.read()
    for m in BLOCK.finditer(text):
        where = 'book/%s.nw:%d' % (chapter, text.count('\n', 0, m.start(2)))
        comment = m.group(1).strip()
        lines = m.group(2).split('\n')
        if comment.startswith(('% boot log:', '% linux log:')):
            try:
                quotes.append((where, settings(comment), lines))
                if comment.startswith('% linux log:'):
                    linux_quotes.add(where)
            except ValueError as e:
                t.ok(False, '%s: %s' % (where, comment), str(e))
        elif any(TIMESTAMP.match(l) for l in lines):
            unmarked.append(where)
t.ok(not unmarked, 'every quoted log says which boot printed it (% boot log: or % linux log:)',
     '\n'.join(unmarked))
t.ok(len(quotes) >= 5, 'the book quotes the kernel\'s logs (%d blocks)' % len(quotes))

have_linux = os.path.exists(harness.DEBIAN_KERNEL)
machines = []           # (is Linux, settings)
for where, s, _ in quotes:
    m = (where in linux_quotes, s)
    if m not in machines and (have_linux or not m[0]):
        machines.append(m)
late_hash = re.compile(r'hash table entries: .*vmalloc\)$')
specs = []
for i, (is_linux, s) in enumerate(machines):
    boot = spec('quoted-log-%d' % i, s)
    if is_linux:
        name, cmdline = boot.pop('name'), boot.pop('cmdline')
        boot.pop('timeout')
        late = any(late_hash.search(l) for w, q, ls in quotes
                   if w in linux_quotes and q == s for l in ls)
        stop = (r'Inode-cache hash table entries[^\n]*vmalloc\)|Kernel panic' if late
                else r'Kernel command line:|Kernel panic')
        boot = harness.linux(name, cmdline, stop_at=re.compile(stop), **boot)
    specs.append(boot)
results = harness.boot_many(specs)
logs = []
for (is_linux, s), r in zip(machines, results):
    what = s if s == 'figures' else ' '.join('%s=%s' % kv for kv in s.items()
                                             if kv[1] != DEFAULTS[kv[0]])
    if is_linux:
        t.ok(not r.timed_out, "Debian's Linux boots: %s" % what, r.describe())
    else:
        t.ok(r.status in (harness.EXIT_SUCCESS, harness.EXIT_PANIC) and not r.timed_out,
             'boots: %s' % what, r.describe())
    logs.append([normalise(l) for l in r.log.split('\n')])
for where, s, lines in quotes:
    m = (where in linux_quotes, s)
    if m not in machines:
        t.skip('%s: Linux\'s lines' % where, 'no build/debian/vmlinuz (make linux-debian)')
        continue
    wanted = [normalise(re.sub(r' {2,}\*$', '', l)) for l in lines
              if l.strip() and l.strip() != '...']
    missing = find_in_order(wanted, logs[machines.index(m)])
    t.ok(not missing, '%s: the %d quoted lines are in the boot\'s log, in order'
         % (where, len(wanted)),
         'not found (normalised, in order):\n' + '\n'.join(missing[:20]))
t.done()

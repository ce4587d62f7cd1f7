#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""boot_time_bench.py - host seconds to memory being up, ours against Linux 6.1.

    make bench        (BENCH_RUNS=5, BENCH_SWEEP=1 by default)

Two moments of a boot, timed in host seconds from QEMU's start by polling
the serial log every 5 ms (harness.POLL):

    Memory:    the line mem_init() prints: the buddy allocator has the
               memory early boot initialised;
    all free:  the last "node N deferred pages initialised in Xms" line:
               every page is in the buddy allocator (both kernels print
               that line, ours at the end of its deferred init).

The QEMU command is the same for both kernels but for -kernel and -append:
q35, -accel tcg, one CPU, -m SIZE (64 GiB through a memory backend with
reserve=off, so that the host need not have it). Ours boots with an empty
command line; Linux with its serial console and nokaslr, and is stopped
at its last deferred line (it would go on to panic at mounting root).

1. At 1 GiB and 16 GiB, the median of RUNS boots of each, one at a time,
   and ours / Linux's against the goals: <= 0.2 at 1 GiB, <= 0.3 at 16 GiB.
2. The memory our kernel keeps for itself, from a selftest boot's log at
   each size: the struct pages (vmemmap), the page tables of the direct
   map and the vmemmap, the dentry and inode hash tables, and the pages
   on the per-CPU lists, as a share of RAM.
3. A sweep over RAM sizes (SWEEP boots each) for the book's figure: the
   figures are written to figures/boottime.json, which `make figures`
   draws (figures/draw.py boottime).
4. The self-tests at 64 GiB: a standing check, here rather than in
   `make test` because under TCG it takes minutes (the exhaustion test
   and the invariant checks walk all 16 million struct pages); it
   prints whether they passed and how long the boot took.

Timing under TCG on a shared host varies from run to run; the spread is
printed with each median. This is not a test: it prints what it measures.
"""
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
os.environ['STARTMEM_LINUX_CACHE'] = '0'	# a benchmark boots Linux afresh
import harness  # noqa: E402

harness.POLL = 0.005
RUNS = int(os.environ.get('BENCH_RUNS', '5'))
SWEEP = int(os.environ.get('BENCH_SWEEP', '1'))
GOALS = {'1G': 0.2, '16G': 0.3}
SWEEP_SIZES = ('128M', '512M', '1G', '2G', '4G', '8G', '16G', '32G', '64G')
MEMORY = re.compile(r'\] Memory: \d+K/\d+K available')
DEFERRED = re.compile(r'node (\d+) deferred pages initialised in \d+ms')
DATA = os.path.join(harness.ROOT, 'figures', 'boottime.json')


def machine(size):
    """QEMU's machine for -m size: above 16 GiB, memory the host need not have."""
    if size.endswith('G') and int(size[:-1]) > 16:
        return dict(machine='q35,memory-backend=m0', mem=size,
                    extra=['-object', 'memory-backend-ram,id=m0,size=%s,reserve=off' % size])
    return dict(machine='q35', mem=size, extra=[])


def one_boot(who, size, i):
    """Seconds to (Memory:, all free) for one boot of @who, or Nones."""
    last = re.compile(r'node 0 deferred pages initialised in \d+ms\n')
    if who == 'ours':
        spec = dict(name='boottime-ours-%s-%d' % (size, i), cmdline='', timeout=600,
                    **machine(size))
    else:
        spec = harness.linux('boottime-linux-%s-%d' % (size, i), stop_at=last, timeout=900,
                             **machine(size))
    spec['watch'] = (MEMORY, last)
    r = harness.boot(**spec)
    seen = r.first_seen
    os.unlink(r.log_path)
    return seen.get(MEMORY.pattern), seen.get(last.pattern)


def median_of(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return '%-19s' % '-'
    return '%-19s' % ('%.2f (%.2f-%.2f)' % (statistics.median(xs), min(xs), max(xs)))


def versus_linux():
    print('1. Host seconds from QEMU start, median (min-max) of %d boots, one at a time' % RUNS)
    print('%-5s %-9s %-19s %-19s' % ('RAM', 'kernel', 'Memory:', 'all free'))
    ratios = []
    for size in GOALS:
        got = {}
        for who in ('ours', 'linux'):
            runs = [one_boot(who, size, i) for i in range(RUNS)]
            got[who] = [median_of(r[k] for r in runs) for k in range(2)]
            print('%-5s %-9s %s %s' % (size, 'startmem' if who == 'ours' else 'Linux 6.1',
                                       fmt(r[0] for r in runs), fmt(r[1] for r in runs)),
                  flush=True)
        for k, moment in enumerate(('Memory:', 'all free')):
            o, t = got['ours'][k], got['linux'][k]
            if o is not None and t:
                ratios.append((size, moment, o / t))
    print()
    for size, moment, ratio in ratios:
        print('%-5s %-9s ours / Linux = %.3f (goal <= %.1f: %s)' % (
            size, moment, ratio, GOALS[size], 'met' if ratio <= GOALS[size] else 'NOT met'))
    print()


KEPT = [
    ('vmemmap', re.compile(r'vmemmap: (\d+) KiB of struct pages, (\d+) page-table pages'),
     lambda m: int(m[1]) * 1024 + int(m[2]) * 4096),
    ('direct map tables', re.compile(r'; (\d+) page-table pages$'), lambda m: int(m[1]) * 4096),
    ('hash tables', re.compile(r'hash table entries: \d+ \(order: \d+, (\d+) bytes'),
     lambda m: int(m[1])),
]
PCP = re.compile(r'free_pcp:(\d+)kB')
AVAILABLE = re.compile(r'Memory: \d+K/(\d+)K available')


def kept_for_itself():
    print('2. Memory our kernel keeps for itself, from a boot with selftest show_mem')
    print('%-5s %12s %12s %12s %12s %12s %8s' % ('RAM', 'vmemmap', 'direct map', 'hashes',
                                                'pcp lists', 'total', 'of RAM'))
    for size in ('1G', '4G', '16G'):
        r = harness.boot('boottime-kept-%s' % size, cmdline='selftest show_mem', timeout=900,
                         **machine(size))
        texts = r.texts()
        got = {}
        for name, rx, value in KEPT:
            got[name] = sum(value(m) for m in map(rx.search, texts) if m)
        got['pcp'] = sum(int(m[1]) * 1024 for m in map(PCP.search, texts) if m)
        ram = [int(m[1]) * 1024 for m in map(AVAILABLE.search, texts) if m]
        total = sum(got.values())
        if not ram or r.status != harness.EXIT_SUCCESS:
            print('%-5s no figures: %s' % (size, r.describe()))
            continue
        print('%-5s %10d K %10d K %10d K %10d K %10d K %7.2f%%' % (
            size, got['vmemmap'] >> 10, got['direct map tables'] >> 10, got['hash tables'] >> 10,
            got['pcp'] >> 10, total >> 10, 100.0 * total / ram[0]), flush=True)
    print()


def sweep():
    print('3. RAM sweep for the figure, median of %d boot(s) each (%s)' % (
        SWEEP, os.path.relpath(DATA, harness.ROOT)))
    print('%-5s %-9s %-19s %-19s' % ('RAM', 'kernel', 'Memory:', 'all free'))
    points = []
    for size in SWEEP_SIZES:
        for who in ('ours', 'linux'):
            runs = [one_boot(who, size, i) for i in range(SWEEP)]
            mem, free = (median_of(r[k] for r in runs) for k in range(2))
            print('%-5s %-9s %s %s' % (size, who, fmt([mem]), fmt([free])), flush=True)
            points.append(dict(size=size, kernel=who, memory=mem, all_free=free))
    return points


def selftests_at(size):
    """The standing check too slow for `make test`: the self-tests at @size."""
    r = harness.boot('boottime-selftest-%s' % size, cmdline='selftest panic=-1',
                     timeout=int(os.environ.get('BENCH_SELFTEST_TIMEOUT', '3600')), **machine(size))
    totals = [x for x in r.texts() if x.startswith('# Totals:')]
    print('4. selftest at %s: %s, %.0f s from QEMU start to its exit; %s'
          % (size, 'all passed' if r.status == harness.EXIT_SUCCESS else r.describe(),
             r.seconds, totals[-1] if totals else 'no totals'), flush=True)
    print()


def main():
    harness.require(harness.KERNEL, 'run `make kernel` first')
    harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
    commit = subprocess.run(['git', '-C', harness.ROOT, 'describe', '--always', '--dirty'],
                            capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(':', 1)[1].strip() for line in open('/proc/cpuinfo')
                if line.startswith('model name')), platform.machine())
    qemu = subprocess.run([harness.QEMU, '--version'], capture_output=True,
                          text=True).stdout.splitlines()[0]
    host = '%s, %d cores' % (cpu, os.cpu_count())
    print('# %s, -accel tcg, q35, 1 CPU; host %s; startmem %s; load %.2f'
          % (qemu, host, commit, os.getloadavg()[0]))
    versus_linux()
    kept_for_itself()
    points = sweep()
    with open(DATA, 'w') as f:
        json.dump(dict(qemu=qemu, host=host, commit=commit, runs=SWEEP,
                       date=datetime.date.today().isoformat(), points=points), f, indent=1)
        f.write('\n')
    print()
    selftests_at('64G')


if __name__ == '__main__':
    main()

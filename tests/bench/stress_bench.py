#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""stress_bench.py - the allocators' throughput under the stress run, per CPU count.

    make bench

Boots build/bzImage on q35 with 512 MiB and 1, 2 and 4 CPUs, through the
boot-test harness (a timeout, QEMU stopped by its PID), with an initramfs
whose /init is the shell command `stress MS SEED` (book/stress.nw): a
thread per CPU allocates and frees pages of every order, objects of every
kmalloc size and vmalloc areas for MS milliseconds of the guest's clock.
Prints, per CPU count, the median of REPEAT boots (by total): each
thread's operations per second (an operation is one allocation or one
free), the total, and the total per CPU the threads ran on; and the
host's load average when measured, since QEMU's TCG runs each vCPU on a
host thread and the figures scale with the host's idle cores, not the
guest's. The column "counts" says in how many boots the run's own
verdict (the counts back, the checkers content) was ok; a failed verdict
is reported on stderr but the figures still count, since the throughput
is what this measures. A boot without a summary is left out of the
median; the script fails only if a CPU count has no summary at all.
"""
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
import harness  # noqa: E402
import images  # noqa: E402

MS = 2000
SEED = 1
REPEAT = 3
CPUS = (1, 2, 4)
STAMP = r'^(?:\[ *\d+\.\d+\] )?'
THREAD = re.compile(STAMP + r'stress: thread (\d+) on CPU (\d+): (\d+) ops .* (\d+) ops/s$', re.M)
TOTAL = re.compile(STAMP + r'stress: total: (\d+) ops in (\d+) ms on (\d+) CPUs?: (\d+) ops/s, '
                   r'(\d+) ops/s per CPU$', re.M)
VERDICT = re.compile(STAMP + r'stress: (ok|FAILED.*)$', re.M)


def run(smp, i, image):
    r = harness.boot('stress-bench-%d-%d' % (smp, i), mem='512M', smp=smp,
                     extra=['-initrd', image], timeout=300)
    total, verdict = TOTAL.search(r.log), VERDICT.search(r.log)
    if not total or not verdict:
        print('stress_bench: no summary at %d CPUs: %s' % (smp, r.describe()), file=sys.stderr)
        return None
    if verdict.group(1) != 'ok':
        print('stress_bench: %d CPUs, boot %d: %s (%s)' % (smp, i, verdict.group(1),
                                                          r.describe()), file=sys.stderr)
    threads = [(int(m.group(2)), int(m.group(4))) for m in THREAD.finditer(r.log)]
    return (int(total.group(4)), int(total.group(5)), int(total.group(3)), threads,
            verdict.group(1) == 'ok')


version = subprocess.run(['qemu-system-x86_64', '--version'], capture_output=True,
                         text=True).stdout.splitlines()[0]
image = images.script('stress-bench', 'stress %d %d\npoweroff\n' % (MS, SEED))
print('# QEMU: %s, -accel tcg, q35, 512 MiB; stress %d ms, seed %d; median of %d boots'
      % (version, MS, SEED, REPEAT))
print('# host %s, %d CPUs, load average %.2f %.2f %.2f at the start'
      % ((platform.processor() or platform.machine(), os.cpu_count()) + os.getloadavg()))
print('%-5s %-5s %12s %12s %-7s %s' % ('CPUs', 'ran', 'total ops/s', 'per CPU', 'counts',
                                       'per thread: CPU:ops/s'))
failed = False
for smp in CPUS:
    runs = sorted((x for x in (run(smp, i, image) for i in range(REPEAT)) if x),
                  key=lambda x: x[0])
    if not runs:
        failed = True
        continue
    total, per_cpu, ran, threads, _ = runs[len(runs) // 2]
    print('%-5d %-5d %12d %12d %-7s %s' % (smp, ran, total, per_cpu,
                                          '%d/%d ok' % (sum(x[4] for x in runs), len(runs)),
                                          ' '.join('%d:%d' % t for t in threads)), flush=True)
print('# host load average %.2f %.2f %.2f at the end' % os.getloadavg())
sys.exit(1 if failed else 0)

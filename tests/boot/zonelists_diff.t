#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""zonelists_diff.t - the zone-list and early hash lines against Debian's Linux 6.1.

For the same QEMU options both kernels must print, line for line:

    Fallback order for Node 0: 0 1            (each node, a space after each)
    Built 2 zonelists, mobility grouping on.  Total pages: 515807
    Policy zone: DMA32
    Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes, linear)
    Inode-cache hash table entries: 65536 (order: 7, 524288 bytes, linear)
    Mount-cache hash table entries: 2048 (order: 2, 16384 bytes, linear)
    Mountpoint-cache hash table entries: 2048 (order: 2, 16384 bytes, linear)

(book/zonelists.nw, book/hashes.nw, book/vfs_caches.nw). "Total pages" and the hash sizes
are functions of the zones' count of kernel pages, so they also check
the zones chapter's free_area_init. The machines: pc and q35 with 1G,
3584M, 6G and 16G; q35 1G with dhash_entries= and ihash_entries=; and
two NUMA machines that numa.t does not boot (numa.t compares these
lines on its own): four nodes whose SLIT is a ring, and three nodes of
which one has no CPUs. On the first machine our kernel also prints
show_mem, buddyinfo, pagetypeinfo, zoneinfo and meminfo
(book/show_mem.nw), and their numbers must agree with each other. On the
NUMA machines, where several nodes have memory, Linux prints the hash
lines much later, ending in "vmalloc" (hashdist; book/vmalloc.nw), and
both kernels must print them alike there and none early:

    Dentry cache hash table entries: 262144 (order: 9, 2097152 bytes, vmalloc)

Debian's Linux is stopped once it has printed its mountpoint-hash line,
which follows the early hash lines or, on the NUMA machines, the late
ones. Under TCG on a loaded host it sometimes panics before that, in its
IO-APIC timer check ("IO-APIC + timer doesn't work!"); the harness then
boots it again with no_timer_check (harness.LINUX_TIMER_PANIC), so the
mount-hash lines are always compared, and a Linux that still does not
print them fails the test.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402
import harness  # noqa: E402
import machines  # noqa: E402
from tap import Tap  # noqa: E402


RING = [(0, 1, 20), (0, 2, 30), (0, 3, 20), (1, 2, 20), (1, 3, 30), (2, 3, 20)]
CASES = [dict(label='-machine %s -m %s' % (m, mem), machine=m, mem=mem, smp=1, extra=[], cmdline='')
         for mem in ('1G', '3584M', '6G', '16G') for m in ('q35', 'pc')]
CASES += [
    dict(label='q35 1G dhash_entries=1000 ihash_entries=1', machine='q35', mem='1G', smp=1,
         extra=[], cmdline='dhash_entries=1000 ihash_entries=1'),
    dict(label='ring of four nodes', machine='q35', mem='2G', smp=4,
         extra=machines.nodes(['512M'] * 4, dists=RING), cmdline='', hashdist=True),
    dict(label='node 2 without CPUs', machine='q35', mem='1536M', smp=2,
         extra=machines.nodes(['512M'] * 3, cpus=[0, 1, None]), cmdline='', hashdist=True),
]

ZONE_LINE = re.compile(r'Node (\d+) (\S+) free:(\d+)kB boost:')
FREE_LINE = re.compile(r'Node (\d+) (\S+): ((?:\d+\*\d+kB (?:\([UMEHI]+\) )?)+)= (\d+)kB$')
BUDDY_LINE = re.compile(r'Node (\d+), zone +(\S+) ((?: +\d+)+) $')
MEMFREE = re.compile(r'MemFree: +(\d+) kB$')


def memory_texts_agree(t, r, label):
    """show_mem, buddyinfo and meminfo (book/show_mem.nw) tell one story:
    each zone's free kB in its show_mem line is its free-list total, the
    sum of blocks times sizes, and buddyinfo's blocks give it again;
    MemFree is the zones' sum."""
    texts = r.texts()
    zone_free = {(m[1], m[2]): int(m[3]) for m in map(ZONE_LINE.match, texts) if m}
    lists = {}
    for m in filter(None, map(FREE_LINE.match, texts)):
        blocks = re.findall(r'(\d+)\*(\d+)kB', m[3])
        lists[(m[1], m[2])] = (sum(int(n) * int(k) for n, k in blocks), int(m[4]))
    buddy = {}
    for m in filter(None, map(BUDDY_LINE.match, texts)):
        if (m[1], m[2]) not in buddy:   # buddyinfo's line; pagetypeinfo's block counts match too
            buddy[(m[1], m[2])] = sum(int(n) * 4 << k for k, n in enumerate(m[3].split()))
    memfree = [int(m[1]) for m in map(MEMFREE.match, texts) if m]
    t.ok(zone_free and set(zone_free) == set(lists) == set(buddy),
         label + ': show_mem and buddyinfo show the same zones: %r' % sorted(zone_free),
         r.describe())
    t.ok(all(lists[z][0] == lists[z][1] == zone_free[z] == buddy.get(z) for z in lists),
         label + ': each zone\'s free kB is its blocks\' total in show_mem and buddyinfo',
         repr((zone_free, lists, buddy)))
    t.eq(memfree, [sum(zone_free.values())], label + ': MemFree is the zones\' free memory')


harness.require(harness.KERNEL, 'run `make kernel` first')
harness.require(harness.DEBIAN_KERNEL, 'run `make linux-debian` first')
t = Tap()


def name(who, i):
    return 'zonelistsdiff-%s-%d' % (who, i)


specs = []
for i, c in enumerate(CASES):
    specs.append(harness.linux(name('linux', i), machine=c['machine'], mem=c['mem'], smp=c['smp'],
                               extra=c['extra'], cmdline=c['cmdline'],
                               stop_at=checks.MOUNT_HASH_LINUX_DONE,
                               timeout=180))
    texts = ' show_mem buddyinfo pagetypeinfo zoneinfo meminfo' if i == 0 else ''
    specs.append(dict(name=name('ours', i), machine=c['machine'], mem=c['mem'], smp=c['smp'],
                      extra=c['extra'], cmdline=c['cmdline'] + texts, timeout=120))
results = harness.boot_many(specs)

for i, c in enumerate(CASES):
    linux, ours = results[2 * i], results[2 * i + 1]
    label = c['label']
    t.note('%s: Linux: %s\n%s: ours: %s' % (label, linux.describe(), label, ours.describe()))
    checks.status(t, ours, harness.EXIT_SUCCESS, label + ': ours')
    checks.same_zonelist_lines(t, ours, linux, label)
    checks.same_mount_hash_lines(t, ours, linux, label)
    if c.get('hashdist'):
        late = [x for x in linux.texts() if checks.HASHDIST_LINUX_DONE.match(x + '\n')]
        t.ok(late, label + ': Linux printed its late inode-hash line, ending in vmalloc',
             linux.describe())
    if i == 0:
        memory_texts_agree(t, ours, label)
t.done()

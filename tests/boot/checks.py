# SPDX-License-Identifier: GPL-2.0-only
"""checks.py - what every boot of our kernel must show, as TAP test points.

Shared by the boot tests: the exit status, the shape of the log (banner
first, Linux timestamps that never decrease), no panic, and the KTAP
report of the self-tests.
"""
import os
import re

import harness
import ktap

BANNER = 'startmem version '
PANIC = 'Kernel panic - not syncing'
E820_LINE = re.compile(r'BIOS-e820: \[mem 0x[0-9a-f]{16}-0x[0-9a-f]{16}\] \S')
SUITE_NAME = re.compile(r'struct kunit_suite (\w+) = \{\s*\.name\s*=\s*"([^"]+)"')
SUITE_REGISTERED = re.compile(r'^kunit_test_suite\((\w+)\);', re.M)


def registered_suites():
    """The names of the KUnit suites that the chapters in book/chapters register.

    A boot with `selftest` must run every one of them: a suite that
    vanished (its chunk no longer tangled, its section dropped by the
    linker script, the runner stopping early) must not count as a pass.
    """
    with open(os.path.join(harness.ROOT, 'book', 'chapters')) as f:
        chapters = f.read().split()
    names = []
    for chapter in chapters:
        with open(os.path.join(harness.ROOT, 'book', chapter + '.nw')) as f:
            text = f.read()
        structs = dict(SUITE_NAME.findall(text))
        names += [structs[var] for var in SUITE_REGISTERED.findall(text)]
    return names


def status(t, result, want, label):
    return t.eq(result.status, want, '%s: QEMU exits %d (%s)'
                % (label, want, harness.EXIT_NAMES[want]), result.describe())


def no_panic(t, result, label):
    panics = [line for line in result.lines() if PANIC in line]
    return t.ok(not panics, label + ': no kernel panic', '\n'.join(panics))


def banner_first(t, result, label):
    texts = result.texts()
    return t.ok(texts and texts[0].startswith(BANNER),
                label + ': the first kernel line is the banner',
                'first line: %r; %s' % (texts[0] if texts else None, result.describe()))


def timestamps(t, result, label):
    """Every non-empty line has a Linux timestamp; they never decrease."""
    lines = [line for line in result.lines() if line.strip()]
    bad = [line for line in lines if harness.split_timestamp(line) is None]
    ok1 = t.ok(lines and not bad, label + ': every line has a Linux timestamp',
               'without one: %r' % bad[:5])
    times = [ts for ts, _ in result.kernel_lines()]
    back = [(a, b) for a, b in zip(times, times[1:]) if b < a]
    ok2 = t.ok(times and not back, label + ': the timestamps never decrease',
               'backwards: %r' % back[:5])
    return ok1 and ok2


def selftests_pass(t, result, label, suites=None):
    """The KTAP report is complete and all ok, and every suite ran.

    suites: the suite names expected, by default registered_suites().
    """
    report = ktap.parse(result.log)
    want = sorted(registered_suites() if suites is None else suites)
    ran = sorted(s.name for s in report.tests)
    return t.ok(report.ok and ran == want,
                label + ': the KTAP report is complete and all ok, and every registered suite ran',
                '%s\nsuites ran: %r\nregistered: %r\n%s'
                % (report.summary(), ran, want, result.describe()))


def e820_lines(result):
    return [text for text in result.texts() if text.startswith('BIOS-e820:')]


def e820_present(t, result, label):
    """The BIOS-e820 lines, well formed."""
    name = label + ': the BIOS-e820 lines are printed'
    lines = e820_lines(result)
    malformed = [line for line in lines if not E820_LINE.match(line)]
    return t.ok(lines and not malformed, name,
                'lines: %d, malformed: %r; %s' % (len(lines), malformed, result.describe()))


def good_boot(t, result, label):
    """Every check a successful boot with `selftest` must pass."""
    status(t, result, harness.EXIT_SUCCESS, label)
    no_panic(t, result, label)
    banner_first(t, result, label)
    timestamps(t, result, label)
    selftests_pass(t, result, label)
    e820_present(t, result, label)


# The lines of book/zonelists.nw and book/hashes.nw. Debian's Linux has
# printed them all once its inode hash line is out or, where it defers
# the hashes to vmalloc (two nodes of memory), once it reports memory
# auto-initialisation, the line after the command line's.
ZONELISTS_LINUX_DONE = re.compile(r'(Inode-cache hash table entries|mem auto-init)[^\n]*\n')
# mnt_init's two lines come after the slab and sched lines (book/vfs_caches.nw)
MOUNT_HASH_LINUX_DONE = re.compile(r'Mountpoint-cache hash table entries[^\n]*\n')
MOUNT_HASH_LINE = re.compile(r'(Mount-cache|Mountpoint-cache) hash table entries: ')
# Where the hashes are deferred, the late inode-hash line (vfs_caches_init,
# after vmalloc works; book/hashes.nw) is the last of them.
HASHDIST_LINUX_DONE = re.compile(r'Inode-cache hash table entries[^\n]*vmalloc\)\r?\n')
ZONELIST_GROUPS = [
    ('Fallback order', re.compile(r'Fallback order for Node \d+: ')),
    ('Built N zonelists', re.compile(r'Built \d+ zonelists, ')),
    ('Policy zone', re.compile(r'Policy zone: ')),
    ('early hash table', re.compile(r'(Dentry cache|Inode-cache) hash table entries: ')),
]


def zonelist_lines(result, rx, late=False):
    """The lines of one group, in order, up to Linux's stopping point: the
    early one, or with @late the late inode-hash line of HASHDIST_LINUX_DONE."""
    texts = result.texts()
    done = HASHDIST_LINUX_DONE if late else ZONELISTS_LINUX_DONE
    for i, text in enumerate(texts):
        if done.match(text + '\n'):
            texts = texts[:i + 1]
            break
    return [x for x in texts if rx.match(x)]


def mount_hash_lines(r):
    """mnt_init's two lines in r's log."""
    return [x for x in r.texts() if MOUNT_HASH_LINE.match(x)]


def same_mount_hash_lines(t, ours, linux, label):
    """The Mount-cache and Mountpoint-cache lines are Linux's, "vmalloc"
    where both spread them over the nodes (hashdist; book/vfs_caches.nw)."""
    want = mount_hash_lines(linux)
    if len(want) != 2:
        t.ok(False, label + ': Linux printed its two mount-hash lines', linux.describe())
        return
    t.eq(mount_hash_lines(ours), want, label + ": the mount-hash lines are Linux's",
         ours.describe())


def same_zonelist_lines(t, ours, linux, label):
    """Each group of lines equal to Linux's (which must have printed them),
    Total pages included: both subtract the memory map and dma_reserve
    from the zones' estimates (book/zones.nw)."""
    if not zonelist_lines(linux, ZONELIST_GROUPS[1][1]):
        t.ok(False, label + ': Linux printed its zone-list lines', linux.describe())
        return
    late = any(HASHDIST_LINUX_DONE.match(x + '\n') for x in linux.texts())
    for what, rx in ZONELIST_GROUPS:
        want = zonelist_lines(linux, rx, late)
        t.eq(zonelist_lines(ours, rx, late), want, "%s: the %s lines are Linux's" % (label, what),
             ours.describe())

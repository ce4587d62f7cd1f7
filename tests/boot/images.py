# SPDX-License-Identifier: GPL-2.0-only
"""images.py - initramfs images for the boot tests, built with tools/mkinitramfs.py.

Each image is written to initramfs/NAME-HASH.cpio in the harness's cache
of Debian-Linux boots (STARTMEM_LINUX_CACHE_DIR, else build/boot/linux-cache),
HASH from its bytes: a kept boot is keyed by its QEMU arguments, the
image's path among them, so a changed image must have a new path, and the
same image the same path in every checkout that shares the cache.

    linux_proc()   Debian's busybox-static as /bin/busybox and an /init that
                   prints /proc/meminfo, buddyinfo, pagetypeinfo, zoneinfo,
                   iomem, slabinfo and vmallocinfo between "---[ /proc/NAME ]---" lines, then powers off
    script(text)   an /init of shell commands, and tools/initramfs/
    broken()       {reason: image}: archives that Linux refuses, each for one
                   reason, with the message Linux gives
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
import mkinitramfs as m  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(harness.LINUX_CACHE, 'initramfs')
BUSYBOX = '/bin/busybox'
PROC_TEXTS = ['meminfo', 'buddyinfo', 'pagetypeinfo', 'zoneinfo', 'iomem', 'slabinfo',
              'vmallocinfo']
F, D = m.S_IFREG | 0o644, m.S_IFDIR | 0o755


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, '%s-%s.cpio' % (name, hashlib.sha1(data).hexdigest()[:12]))
    if not os.path.exists(path):
        tmp = '%s.%d.tmp' % (path, os.getpid())     # tests run two at a time
        with open(tmp, 'wb') as f:
            f.write(data)
        os.replace(tmp, path)
    return path


def linux_proc():
    init = '#!/bin/busybox sh\n/bin/busybox mkdir -p /proc\n' \
           '/bin/busybox mount -t proc proc /proc\n'
    for t in PROC_TEXTS:
        init += 'echo "---[ /proc/%s ]---"\n/bin/busybox cat /proc/%s\n' % (t, t)
    init += 'echo "---[ end ]---"\n/bin/busybox poweroff -f\n'
    with open(BUSYBOX, 'rb') as f:
        busybox = f.read()
    return write('linux-proc', m.archive([('init', m.S_IFREG | 0o755, init.encode()),
                                          ('bin', D, b''),
                                          ('bin/busybox', m.S_IFREG | 0o755, busybox)]))


def tree(top):
    """(name, mode, data) of every directory and file under @top."""
    out = []
    for root, subdirs, files in os.walk(top):
        subdirs.sort()
        rel = os.path.relpath(root, top)
        if rel != '.':
            out.append((rel, D, b''))
        for f in sorted(files):
            with open(os.path.join(root, f), 'rb') as fh:
                out.append((os.path.normpath(os.path.join(rel, f)), F, fh.read()))
    return out


def script(name, text):
    return write(name, m.archive(tree(os.path.join(ROOT, 'tools', 'initramfs'))
                                 + [('init', F, text.encode())]))


def broken():
    good = m.archive([('init', F, b'echo hello\n')])
    padded = m.entry(1, F, 'a', b'xyz') + b'\0\0' + m.entry(2, F, 'b', b'x')
    return {
        'incorrect cpio method used: use -H newc option': write('odc', b'070707' + good[6:]),
        'broken padding': write('padding', padded),
        'no cpio magic': write('nomagic', m.entry(1, F, 'a', b'1') + b'0' * 112),
    }

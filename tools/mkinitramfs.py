#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""mkinitramfs.py - write an initramfs: a cpio archive in the "newc" format.

    tools/mkinitramfs.py OUT [ENTRY...]

Each ENTRY is one of
    DEST=SRC        a regular file DEST (a path inside the archive) with the
                    bytes of the host file SRC, mode 0644 (0755 if SRC is
                    executable)
    DEST/           a directory
    DEST@TARGET     a symbolic link DEST pointing to TARGET
    --tree DIR      every file and directory under the host directory DIR,
                    at the same path inside the archive
Directories that a path needs are added before it. The archive ends with
the TRAILER!!! entry and is padded to a multiple of 512 bytes, as GNU
cpio pads it. The format is Linux's Documentation/driver-api/early-userspace/
buffer-format.rst: a 110-byte ASCII header (magic "070701" and thirteen
8-digit hexadecimal fields), the name with its NUL, padding to 4 bytes, the
data, padding to 4 bytes.

Used by `make boot` (the shell's initramfs) and by the tests, which also
import it to build archives, good and broken, of their own.
"""
import os
import stat
import sys

S_IFDIR, S_IFREG, S_IFLNK = 0o040000, 0o100000, 0o120000


def pad4(n):
    return (4 - n % 4) % 4


def header(ino, mode, size, name, nlink=1, magic='070701', check=0):
    """One entry's header and name, padded; the data follows."""
    namez = name.encode() + b'\0'
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(namez), check]
    h = magic.encode() + b''.join(b'%08X' % f for f in fields)
    out = h + namez
    return out + b'\0' * pad4(len(out))


def entry(ino, mode, name, data=b''):
    out = header(ino, mode, len(data), name) + data
    return out + b'\0' * pad4(len(data))


def archive(entries, trailer=True):
    """entries: (name, mode, data) in order. Returns the archive's bytes."""
    out = b''
    for i, (name, mode, data) in enumerate(entries):
        out += entry(i + 1, mode, name, data)
    if trailer:
        out += entry(0, 0, 'TRAILER!!!')
    return out + b'\0' * ((512 - len(out) % 512) % 512)


def parse_entries(args):
    entries, dirs = [], set()

    def add_parents(path):
        parts = path.strip('/').split('/')[:-1]
        for i in range(len(parts)):
            d = '/'.join(parts[:i + 1])
            if d not in dirs:
                dirs.add(d)
                entries.append((d, S_IFDIR | 0o755, b''))
    args = list(args)
    while '--tree' in args:
        i = args.index('--tree')
        top = args[i + 1]
        found = []
        for root, subdirs, files in os.walk(top):
            subdirs.sort()
            rel = os.path.relpath(root, top)
            if rel != '.':
                found.append(rel + '/')
            found += [os.path.normpath(os.path.join(rel, f)) + '=' + os.path.join(root, f)
                      for f in sorted(files)]
        args[i:i + 2] = found
    for a in args:
        if '=' in a:
            dest, src = a.split('=', 1)
            dest = dest.strip('/')
            add_parents(dest)
            with open(src, 'rb') as f:
                data = f.read()
            mode = 0o755 if os.stat(src).st_mode & stat.S_IXUSR else 0o644
            entries.append((dest, S_IFREG | mode, data))
        elif '@' in a:
            dest, target = a.split('@', 1)
            dest = dest.strip('/')
            add_parents(dest)
            entries.append((dest, S_IFLNK | 0o777, target.encode()))
        elif a.endswith('/'):
            d = a.strip('/')
            add_parents(d + '/x')
        else:
            raise SystemExit('mkinitramfs.py: %r is not DEST=SRC, DEST/ or DEST@TARGET' % a)
    return entries


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    data = archive(parse_entries(argv[2:]))
    tmp = argv[1] + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, argv[1])


if __name__ == '__main__':
    main(sys.argv)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the seed corpus of tests/fuzz/initramfs_fuzz.c: newc archives.

Each seed is an archive tools/mkinitramfs.py writes, good or broken in one
way, so that the fuzzer starts from every path of the parser:
  tree          directories, files, a link, as `make boot` builds them
  concatenated  two archives with NUL padding between them
  checksum      the 070702 variant with correct checksums
  odc           the old 070707 magic
  cut           an archive cut inside its second header
  hardlink      a file with three names (one inode, the data with the
                last name, as GNU cpio writes it), then a second archive
                that reuses the inode number
Run from the repository's top: python3 tests/fuzz/make_corpus_initramfs.py
"""
import os
import sys

sys.path.insert(0, 'tools')
import mkinitramfs as m  # noqa: E402

OUT = 'tests/fuzz/corpus/initramfs_fuzz'
D, F, L = m.S_IFDIR | 0o755, m.S_IFREG | 0o644, m.S_IFLNK | 0o777
tree = m.archive([('etc', D, b''), ('etc/motd', F, b'hello\n'), ('bin', D, b''),
                  ('bin/sh', L, b'busybox'), ('bin/run.sh', F, b'meminfo\nbuddyinfo\n')])
two = m.archive([('a', F, b'1')]) + m.archive([('b', F, b'22')])
csum = b''
for i, (name, data) in enumerate([('x', b'abc'), ('y', b'hello world')]):
    csum += m.header(i + 1, F, len(data), name, magic='070702', check=sum(data)) + data
    csum += b'\0' * m.pad4(len(data))
csum += m.entry(0, 0, 'TRAILER!!!')
links = (m.header(7, D, 0, 'd') + m.header(5, F, 0, 'a', nlink=3) +
         m.header(5, F, 0, 'd/b', nlink=3) +
         m.header(5, F, 6, 'c', nlink=3) + b'shared' + b'\0' * m.pad4(6) +
         m.entry(0, 0, 'TRAILER!!!') + m.header(5, F, 3, 'e', nlink=2) + b'new\0' +
         m.entry(0, 0, 'TRAILER!!!'))
seeds = {'tree': tree, 'hardlink': links, 'concatenated': two, 'checksum': csum,
         'odc': b'070707' + tree[6:200], 'cut': tree[:150]}
os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)

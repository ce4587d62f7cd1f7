#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""initramfs_fuzz.t - the cpio parser's fuzz target, for a bounded number of inputs.

Expect no crash, no sanitizer report (leaks included) and no broken check
(see initramfs_fuzz.c: only Linux's messages, R1-R5 after every input,
file contents copied from the input) for the number of inputs given below (runs=; at most ten times
FUZZ_SECONDS, default 20, seconds) of libFuzzer mutating the archives in tests/fuzz/corpus/initramfs_fuzz/
(make_corpus_initramfs.py). The run's line coverage of the parser and of
the file system is printed and must reach its floor.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzzrun  # noqa: E402

GROUPS = {
    'parser (unpack_to_rootfs)': ['unpack_to_rootfs', 'cpio_next', 'cpio_parse_header',
                                  'cpio_hex_field', 'cpio_has', 'cpio_skip_padding',
                                  'cpio_store', 'cpio_checksum', 'cpio_align',
                                  'cpio_maybe_link', 'cpio_link_hash', 'cpio_free_links'],
    'file system (ramfs)': ['ramfs_create', 'ramfs_parent', 'ramfs_find', 'ramfs_cmp',
                            'ramfs_next_name', 'ramfs_set_data', 'ramfs_check_node',
                            'ramfs_check_invariants', 'ramfs_reset', 'ramfs_link',
                            'ramfs_unshare', 'ramfs_release', 'ramfs_ring_closes'],
}
FLOORS = {'parser (unpack_to_rootfs)': 95, 'file system (ramfs)': 85}
SOURCES = ['src/init/initramfs.c', 'src/fs/ramfs/inode.c']

fuzzrun.run('initramfs_fuzz', GROUPS, FLOORS, SOURCES, runs=40000, default_seconds=20)

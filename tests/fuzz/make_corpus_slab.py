#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make_corpus_slab.py - the seed programs of slab_fuzz (see slab_fuzz.c).

Each seed is a program of two-byte operations; this script writes them
into tests/fuzz/corpus/slab_fuzz/, so that each seed's bytes are explained.
"""
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus', 'slab_fuzz')


def kmalloc(size, zero=False):
    """kmalloc(size): size - 1 in 14 bits (bits 0-5 of byte 0, byte 1)."""
    v = size - 1
    return bytes([(v >> 8) & 0x3f | (0x40 if zero else 0), v & 0xff])


def kfree(k):
    return bytes([0x80, k])


SEEDS = {
    # every size class once, then freed in reverse
    'every_class': b''.join(kmalloc(n) for n in (8, 32, 64, 96, 128, 192, 256, 512, 1024,
                                                 2048, 4096, 8192, 12000))
                   + b''.join(kfree(k) for k in range(12, -1, -1)),
    # 200 objects of 64 bytes: the CPU array fills and flushes; then a reap
    'churn_64': kmalloc(64) * 200 + kfree(0) * 200 + b'\xe0\x00' * 4,
    # the two own caches, a constructor and an off-slab freelist
    'own_caches': bytes([0xc0, 0, 0xc0, 1]) * 20 + kfree(3) * 40,
    # zeroed and reclaimable allocations, a shrink of each kmalloc type
    'zero_reclaim': kmalloc(300, True) + bytes([0x41, 0x2b]) + kfree(0) + kfree(0)
                    + bytes([0xf0, 0, 0xf0, 1, 0xf0, 2]),
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)

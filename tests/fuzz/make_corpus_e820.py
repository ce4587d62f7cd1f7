#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the seed corpus of tests/fuzz/e820_fuzz.c: zero pages.

Each seed is a struct boot_params (4096 bytes) as the real-mode setup
code leaves it: ext_mem_k at 0x002, alt_mem_k at 0x1e0, e820_entries at
0x1e8, the entries (addr, size, type; 20 bytes each) at 0x2d0. The maps
are QEMU's (pc and q35, as SeaBIOS reports them), and hostile ones: a
count past the table's room, overlapping and nested entries, an entry
that wraps past 2^64, a map without RAM (the e801/88 fallback).

Run from the repository's top: python3 tests/fuzz/make_corpus_e820.py
"""
import os
import struct

OUT = "tests/fuzz/corpus/e820_fuzz"
RAM, RESERVED, ACPI, NVS, UNUSABLE, PMEM, PRAM = 1, 2, 3, 4, 5, 7, 12
M, G = 1 << 20, 1 << 30


def zero_page(entries, count=None, alt_mem_k=0, ext_mem_k=0):
    page = bytearray(4096)
    struct.pack_into("<H", page, 0x002, ext_mem_k)
    struct.pack_into("<I", page, 0x1E0, alt_mem_k)
    page[0x1E8] = len(entries) if count is None else count
    for i, (addr, size, typ) in enumerate(entries[:128]):
        struct.pack_into("<QQI", page, 0x2D0 + 20 * i, addr, size, typ)
    return bytes(page)


qemu_512m = [(0, 0x9FC00, RAM), (0x9FC00, 0x400, RESERVED), (0xF0000, 0x10000, RESERVED),
             (M, 512 * M - M - 0x20000, RAM), (512 * M - 0x20000, 0x20000, RESERVED),
             (0xFEFFC000, 0x4000, RESERVED), (0xFFFC0000, 0x40000, RESERVED)]
qemu_6g = qemu_512m[:3] + [(M, 3 * G - M - 0x20000, RAM), (3 * G - 0x20000, 0x20000, RESERVED),
                           (0xB0000000, 0x10000000, RESERVED), (0xFED1C000, 0x4000, RESERVED),
                           (0xFFFC0000, 0x40000, RESERVED), (4 * G, 3 * G, RAM),
                           (0xFD00000000, 0x300000000, RESERVED)]
overlapping = [(0, 0x9FC00, RAM), (0x9F000, 0x2000, RESERVED), (M, 256 * M, RAM),
               (16 * M, 16 * M, ACPI), (20 * M, 4 * M, NVS), (64 * M, 1, UNUSABLE),
               (200 * M, 100 * M, PMEM), (250 * M, 10 * M, PRAM), (0, 0, RAM),
               (300 * M, 8 * M, 0xEFFFFFFF), (310 * M, M, 99)]
seeds = {
    "qemu-512m": zero_page(qemu_512m),
    "qemu-6g": zero_page(qemu_6g),
    "overlapping": zero_page(overlapping),
    "count-255": zero_page(qemu_512m * 18, count=255),
    "wraps": zero_page(qemu_512m + [((1 << 64) - 4096, 8192, RAM)]),
    "no-ram-e801": zero_page([(0, 0x9FC00, RESERVED), (M, 64 * M, RESERVED)],
                             alt_mem_k=63 * 1024, ext_mem_k=15 * 1024),
    "one-entry-88": zero_page([(0, 128 * M, RAM)], ext_mem_k=0xFC00),
}
os.makedirs(OUT, exist_ok=True)
for name, blob in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(blob)

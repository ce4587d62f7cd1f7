#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the seed corpus of tests/fuzz/cmdline_fuzz.c: command lines.

Each seed is one kernel command line: the parameters Linux's own boot
takes at this stage, every memmap= form (exactmap, nn@ss, nn#ss, nn$ss,
nn!ss, nn%ss-t+u, a bare limit), mem=, quoting and "--", and values each
handler must refuse.

Run from the repository's top: python3 tests/fuzz/make_corpus_cmdline.py
"""
import os

OUT = "tests/fuzz/corpus/cmdline_fuzz"
seeds = {
    "debian": "console=ttyS0,115200 earlyprintk=serial,ttyS0,115200 loglevel=7 nokaslr "
              "root=/dev/sda1 ro quiet debug panic=-1 init=/bin/sh",
    "exactmap": "memmap=exactmap memmap=640K@0 memmap=511M@1M mem=256M",
    "memmap-forms": "memmap=64M$0x10000000 memmap=1M#0x20000000 memmap=2M!0x30000000 "
                    "memmap=0x1000000%0x4000000-1+2 memmap=4K%0-2 memmap=1G",
    "quoting": 'foo="a b c" "bar=baz qux" x"y z"w -- init_arg x=y',
    "options": "numa=off acpi=off vmemmap=basepages vmemmap_altmap=16M@1G gbpages nogbpages "
               "memblock=debug early_ioremap_debug ignore_loglevel numa=noacpi",
    "late": "selftest ptdump memreport kunit.selftest_fail test_fault=none mod.param=1",
    "refused": "mem=0 memmap=0 loglevel=-1 loglevel=x earlyprintk=serial,0x3f8,0 "
               "earlyprintk=serial,ttyS9,abc panic=x vmemmap=x memmap=1E@1E "
               "loglevel=4,5 panic=1,",
    "exactmap-empty": "memmap=exactmap",
}
os.makedirs(OUT, exist_ok=True)
for name, line in seeds.items():
    with open(os.path.join(OUT, name), "w") as f:
        f.write(line)

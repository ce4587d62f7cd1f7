#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""e820_fuzz.t - the zero-page fuzz target, for a bounded number of inputs.

Expect no crash, no sanitizer report and no broken check (see
e820_fuzz.c: the sanitised table sorted, disjoint, within
E820_MAX_ENTRIES; at every BIOS entry's ends the type that wins; memblock
inside the table's RAM and its invariants; max_pfn within MAX_ARCH_PFN)
for the number of inputs given below (runs=; from libFuzzer seed 1, and
at most ten times FUZZ_SECONDS, default 20, seconds) of libFuzzer mutating the zero
pages in tests/fuzz/corpus/e820_fuzz/ (make_corpus_e820.py). The run's
line coverage of each stage is printed and must reach its floor.
Measured on the shared 2-core machine: the seeds alone reach 94%, 95%,
85% and 76% (in the order of GROUPS); 20 s runs reach 94%, 95-96%,
99-100% and 87-90%. The floors of the last two lie between; those of the
first two, which the seeds already cover, only say the code is reached.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzzrun  # noqa: E402

GROUPS = {
    'copy (zero page, e801/88)': ['e820_boot_entries', 'append_e820_table', 'e820_entry_wraps',
                                  'e820_fake_map_from_e801_88', 'e820__memory_setup_default',
                                  'e820__range_add', '__e820__range_add'],
    'sanitise (e820__update_table)': ['e820__update_table', 'e820_table_wraps',
                                      'change_points_record', 'change_points_sort',
                                      'change_point_before', 'change_points_sweep',
                                      'overlap_list_update', 'overlap_list_max_type'],
    'trim_bios_range, max_pfn': ['trim_bios_range', 'e820__range_update', '__e820__range_update',
                                 'e820__range_remove', 'e820_table_cut', 'e820_entry_cut',
                                 'e820_range_end', 'e820_end_pfn'],
    'memblock setup': ['e820__memblock_setup', 'memblock_add', 'memblock_reserve',
                       'memblock_add_range', 'memblock_add_range_pass', 'memblock_insert_region',
                       'memblock_merge_regions', 'memblock_trim_memory', 'memblock_remove_region'],
}
FLOORS = {'copy (zero page, e801/88)': 90, 'sanitise (e820__update_table)': 92,
          'trim_bios_range, max_pfn': 95, 'memblock setup': 83}
SOURCES = ['src/arch/x86/kernel/e820.c', 'src/arch/x86/kernel/memblock_setup.c',
           'src/mm/memblock.c']

fuzzrun.run('e820_fuzz', GROUPS, FLOORS, SOURCES, runs=15000, default_seconds=20)

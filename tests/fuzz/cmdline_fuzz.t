#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""cmdline_fuzz.t - the command-line fuzz target, for a bounded number of inputs.

Expect no crash, no sanitizer report and no broken check (see
cmdline_fuzz.c: the only panic is Linux's for a broken user map; the e820
table sanitised; a baud rate the UART can take; no negative log level)
for the number of inputs given below (runs=; from libFuzzer seed 1, and
at most ten times FUZZ_SECONDS, default 20, seconds) of libFuzzer mutating the
lines in tests/fuzz/corpus/cmdline_fuzz/ (make_corpus_cmdline.py) with
the words of cmdline_fuzz.dict. The run's line coverage of each group of
parsers is printed and must reach its floor. Measured on the shared
2-core machine: the seeds alone reach 97%, 100%, 89%, 90%, 95% and 88%
(in the order of GROUPS); 20 s runs reach 98%, 100%, 100%, 97%, 100% and
95-100%. The floors lie between the two.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzzrun  # noqa: E402

GROUPS = {
    'parse_args/next_arg': ['skip_spaces', 'next_arg', 'parameq', 'parse_args'],
    'early and late parses': ['do_early_param', 'unknown_bootoption', 'append_word',
                              'parse_args_unknown', 'setup_command_line'],
    'numbers': ['memparse_checked', 'get_option', 'suffix_shift'],
    'memmap=/mem=': ['parse_memmap_opt', 'memmap_parse_one', 'memmap_parse_size',
                     'memmap_parse_retype', 'memmap_parse_type', 'memmap_parse_add',
                     'memmap_apply', 'parse_memopt', 'e820__finish_early_params'],
    'earlyprintk=': ['early_console_init', 'parse_earlyprintk', 'parse_earlyprintk_port',
                     'earlyprintk_param'],
    'other handlers': ['loglevel', 'quiet_kernel', 'debug_kernel', 'ignore_loglevel_setup',
                       'panic_setup', 'numa_setup', 'parse_acpi', 'vmemmap_setup',
                       'vmemmap_altmap_setup', 'early_memblock', 'test_fault_setup'],
}
FLOORS = {'parse_args/next_arg': 93, 'early and late parses': 95, 'numbers': 94,
          'memmap=/mem=': 94, 'earlyprintk=': 97, 'other handlers': 92}
SOURCES = ['src/init/main.c', 'src/lib/cmdline.c', 'src/arch/x86/kernel/e820.c',
           'src/arch/x86/kernel/early_printk.c', 'src/kernel/printk/printk.c',
           'src/kernel/panic.c', 'src/arch/x86/mm/numa.c', 'src/drivers/acpi/tables.c',
           'src/mm/sparse-vmemmap.c', 'src/mm/memblock.c', 'src/arch/x86/kernel/traps.c']

fuzzrun.run('cmdline_fuzz', GROUPS, FLOORS, SOURCES, runs=100000, default_seconds=20)

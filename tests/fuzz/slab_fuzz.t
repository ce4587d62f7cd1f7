#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# slab_fuzz.t - run the slab allocator's fuzz target for a bounded time (tests/fuzz/crashfree.sh):
# no crash, no sanitizer report and no broken invariant (SL1-SL5, no object handed out twice, every page back at the end) while libFuzzer
# mutates the seed programs in tests/fuzz/corpus/slab_fuzz/ (two bytes an
# operation; see tests/fuzz/slab_fuzz.c).
name=slab_fuzz
. "$(dirname "$0")/crashfree.sh"

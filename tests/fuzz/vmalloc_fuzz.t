#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vmalloc_fuzz.t - run the vmalloc address-space allocator's fuzz target for a bounded time (tests/fuzz/crashfree.sh):
# no crash, no sanitizer report and no broken invariant (V1-V4, and no area handed out twice) while libFuzzer
# mutates the seed programs in tests/fuzz/corpus/vmalloc_fuzz/ (two bytes an
# operation; see tests/fuzz/vmalloc_fuzz.c).
name=vmalloc_fuzz
. "$(dirname "$0")/crashfree.sh"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# page_alloc_fuzz.t - run the buddy allocator's fuzz target for a bounded time (tests/fuzz/crashfree.sh):
# no crash, no sanitizer report and no broken invariant (B1-B7, and no block handed out twice) while libFuzzer
# mutates the seed programs in tests/fuzz/corpus/page_alloc_fuzz/ (two bytes an
# operation; see tests/fuzz/page_alloc_fuzz.c).
name=page_alloc_fuzz
. "$(dirname "$0")/crashfree.sh"

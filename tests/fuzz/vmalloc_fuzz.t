#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vmalloc_fuzz.t - run the vmalloc address-space allocator's fuzz target for a bounded time.
#
# Expect no crash, no sanitizer report and no broken invariant (V1-V4, and no
# area handed out twice) for FUZZ_SECONDS seconds (default 20) of libFuzzer
# mutating the seed programs in tests/fuzz/corpus/vmalloc_fuzz/ (two bytes
# an operation; see tests/fuzz/vmalloc_fuzz.c). New inputs go to a scratch
# directory, so the committed corpus stays as it is; a crashing input is
# saved in build/fuzz-artifacts/ for replay:
#     build/tests/fuzz/vmalloc_fuzz build/fuzz-artifacts/crash-...
set -u
cd "$(dirname "$0")/../.."
bin=build/tests/fuzz/vmalloc_fuzz
seeds=tests/fuzz/corpus/vmalloc_fuzz
secs=${FUZZ_SECONDS:-20}
echo "1..2"
if [ ! -x "$bin" ]; then
	echo "not ok 1 - $bin is built (run make fuzz-tests)"
	echo "not ok 2 - # SKIP no binary"
	exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p build/fuzz-artifacts
log=build/fuzz-artifacts/vmalloc_fuzz.log
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	-artifact_prefix=build/fuzz-artifacts/ "$scratch" "$seeds" >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ "$status" = 0 ]; then
	echo "ok 1 - vmalloc_fuzz ran ${secs}s without a crash"
else
	echo "not ok 1 - vmalloc_fuzz ran ${secs}s without a crash (exit $status; see $log)"
	grep -m5 -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | sed 's/^/# /'
fi
if [ -n "$runs" ] && [ "$runs" -gt 100 ]; then
	echo "ok 2 - vmalloc_fuzz executed $runs inputs (more than 100)"
else
	echo "not ok 2 - vmalloc_fuzz executed ${runs:-no} inputs (more than 100)"
fi

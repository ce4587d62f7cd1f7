# SPDX-License-Identifier: GPL-2.0-only
#
# crashfree.sh - run one libFuzzer target for a bounded time; sourced by the
# allocators' NAME_fuzz.t with $name set (page_alloc_fuzz, slab_fuzz, ...).
#
# Expect no crash, no sanitizer report and no broken invariant (each target
# checks its allocator's after every operation) for FUZZ_SECONDS seconds
# (default 20) of libFuzzer mutating the seed programs in
# tests/fuzz/corpus/$name/. New inputs go to a scratch directory, so the
# committed corpus stays as it is; a crashing input is saved in
# build/fuzz-artifacts/ for replay:
#     build/tests/fuzz/$name build/fuzz-artifacts/crash-...
# The parsers' targets use fuzzrun.py instead, which also measures coverage.
set -u
cd "$(dirname "$0")/../.."
bin=build/tests/fuzz/$name
seeds=tests/fuzz/corpus/$name
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
log=build/fuzz-artifacts/$name.log
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	-artifact_prefix=build/fuzz-artifacts/ "$scratch" "$seeds" >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ "$status" = 0 ]; then
	echo "ok 1 - $name ran ${secs}s without a crash"
else
	echo "not ok 1 - $name ran ${secs}s without a crash (exit $status; see $log)"
	grep -m5 -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | sed 's/^/# /'
fi
# At least 100 inputs: the fuzzer really ran (a loaded two-core machine runs
# some 30 to 75 a second, an idle one several hundred).
if [ -n "$runs" ] && [ "$runs" -gt 100 ]; then
	echo "ok 2 - $name executed $runs inputs (more than 100)"
else
	echo "not ok 2 - $name executed ${runs:-no} inputs (more than 100)"
fi

# SPDX-License-Identifier: GPL-2.0-only
"""fuzzrun.py - run one libFuzzer target for a bounded number of inputs, then measure it.

Used by tests/fuzz/NAME_fuzz.t. The target build/tests/fuzz/NAME_fuzz
(ASan, UBSan) mutates the seeds in tests/fuzz/corpus/NAME_fuzz/ for the
number of inputs the test names (at most ten times FUZZ_SECONDS), with the dictionary
tests/fuzz/NAME_fuzz.dict if there is one; new inputs go to a scratch
directory, so the committed corpus stays as it is, and a crashing input
is saved in build/fuzz-artifacts/ for replay (`build/tests/fuzz/NAME_fuzz
build/fuzz-artifacts/crash-...`). Then every input of the run (seeds and
new ones) is replayed through build/tests/fuzz/NAME_fuzz.cov, built with
clang's source-based coverage, and llvm-cov-14 reports the line coverage
of each group of functions the test names (a parser, say): printed, and
checked against a floor that an unreachable parser could not meet.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'boot'))
from tap import Tap  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
ARTIFACTS = os.path.join(TOP, 'build', 'fuzz-artifacts')
FUZZ_SEED = 1                     # libFuzzer's -seed: the same inputs on every run
ROW = re.compile(r'^(\S+)\s+(\d+)\s+(\d+)\s+\S+%\s+(\d+)\s+(\d+)\s+\S+%')


def stat(log, key):
    m = re.search(r'^stat::%s:\s*(\d+)' % key, log, re.M)
    return int(m.group(1)) if m else None


def function_lines(cov_bin, profdata, sources):
    """{function: (lines, missed)} from llvm-cov's per-function report."""
    out = subprocess.run(['llvm-cov-14', 'report', '-show-functions',
                          '-instr-profile=' + profdata, cov_bin] + sources,
                         capture_output=True, text=True, check=True).stdout
    lines = {}
    for row in out.splitlines():
        m = ROW.match(row)
        if m and m.group(1) != 'TOTAL':
            name = m.group(1).split(':')[-1]      # static: "file.c:name"
            old = lines.get(name, (0, 0))
            lines[name] = (old[0] + int(m.group(4)), old[1] + int(m.group(5)))
    return lines


def coverage(t, name, dirs, sources, groups):
    """Replay @dirs through the coverage build; {group: (covered, lines)}."""
    cov_bin = os.path.join(TOP, 'build', 'tests', 'fuzz', name + '.cov')
    raw = os.path.join(ARTIFACTS, name + '.profraw')
    data = os.path.join(ARTIFACTS, name + '.profdata')
    env = dict(os.environ, LLVM_PROFILE_FILE=raw)
    subprocess.run([cov_bin, '-runs=0', '-timeout=10', '-rss_limit_mb=1024'] + dirs,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    subprocess.run(['llvm-profdata-14', 'merge', '-sparse', raw, '-o', data], check=True)
    per_function = function_lines(cov_bin, data, [os.path.join(TOP, s) for s in sources])
    result = {}
    for group, functions in groups.items():
        missing = [f for f in functions if f not in per_function]
        if missing:
            t.note('%s: no such function in the coverage report: %s' % (group, ' '.join(missing)))
        total = sum(per_function.get(f, (0, 0))[0] for f in functions)
        missed = sum(per_function.get(f, (0, 0))[1] for f in functions)
        result[group] = (total - missed, total)
    return result


def run(name, groups, floors, sources, runs, default_seconds=30):
    """Fuzz @name for @runs inputs from a fixed seed, then check each group's
    line coverage against @floors (%).

    The run is bounded by inputs, not by time, so that its coverage is the
    same on an idle machine and on a loaded one (a time-bounded run on a
    machine running a dozen other jobs executed a tenth of the inputs and
    missed a floor); FUZZ_SECONDS caps the time at ten times itself.
    """
    secs = int(os.environ.get('FUZZ_SECONDS', default_seconds))
    fuzz_bin = os.path.join(TOP, 'build', 'tests', 'fuzz', name)
    seeds = os.path.join(TOP, 'tests', 'fuzz', 'corpus', name)
    t = Tap()
    if not os.access(fuzz_bin, os.X_OK) or not os.access(fuzz_bin + '.cov', os.X_OK):
        t.ok(False, '%s and %s.cov are built (make fuzz-tests)' % (fuzz_bin, fuzz_bin))
        t.done()
    os.makedirs(ARTIFACTS, exist_ok=True)
    dict_path = os.path.join(TOP, 'tests', 'fuzz', name + '.dict')
    dict_args = ['-dict=' + dict_path] if os.path.exists(dict_path) else []
    scratch = tempfile.mkdtemp(prefix=name + '-')
    log_path = os.path.join(ARTIFACTS, name + '.log')
    try:
        with open(log_path, 'w') as log_file:
            status = subprocess.run(
                [fuzz_bin, '-runs=%d' % runs, '-seed=%d' % FUZZ_SEED,
                 '-max_total_time=%d' % (10 * secs), '-timeout=10', '-rss_limit_mb=1024',
                 '-print_final_stats=1', '-artifact_prefix=' + ARTIFACTS + '/'] + dict_args
                + [scratch, seeds],
                stdout=log_file, stderr=subprocess.STDOUT, timeout=10 * secs + 120).returncode
        log = open(log_path, errors='replace').read()
        why = [x for x in log.splitlines()
               if re.search(r'ERROR|SUMMARY|runtime error|Test unit written', x)][:5]
        t.ok(status == 0, '%s ran %d inputs without a crash, a sanitizer report or a broken invariant'
             % (name, runs), 'exit %s; see %s\n%s' % (status, log_path, '\n'.join(why)))
        done, speed = stat(log, 'number_of_executed_units'), stat(log, 'average_exec_per_sec')
        t.ok(done is not None and done >= runs,
             '%s executed %s inputs (all %d, within %d s), %s exec/s' % (name, done, runs, 10 * secs, speed))
        cov = coverage(t, name, [scratch, seeds], sources, groups)
        for group, (covered, total) in cov.items():
            pct = 100.0 * covered / total if total else 0.0
            t.ok(pct >= floors[group],
                 '%s line coverage %s: %d/%d lines (%.1f%%, floor %d%%)'
                 % (name, group, covered, total, pct, floors[group]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    t.done()

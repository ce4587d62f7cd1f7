# SPDX-License-Identifier: GPL-2.0-only
"""harness.py - boot a kernel in QEMU (TCG) and capture what it says.

    qemu = Qemu('matrix-q35-1G', machine='q35', mem='1G', cmdline='selftest')
    result = qemu.run(timeout=60)       # start, wait, and always stop QEMU
    result.status                       # 33 success, 35 self-test failed, 37 panic
    result.log                          # the serial console, as the kernel wrote it

Every boot has a timeout, and the harness stops only the QEMU it started,
by its PID. The serial console goes to a file under build/boot/, which stays
there for whoever has to read a failure. At most STARTMEM_QEMU_SLOTS QEMUs
(default 2, one per core) run at once across all the tests of one checkout:
a boot waits for a free slot (a lock file) before it starts, and the wait is
not part of its timeout.

Debian's Linux is the same binary on every run, and QEMU the same program:
for the same options it prints the same lines. A boot of it that stopped at
a stop_at pattern or exited is kept under build/boot/linux-cache/, keyed by
QEMU's version and its command line, with each file it names (the kernel,
an initrd) taken by the digest of its contents; the longest log for the
same key is kept. A later boot with the same options whose stop_at the kept
log matches is answered from it, cut where the match ends, as a live boot
would have stopped there; its log is copied to build/boot/NAME.log, and
describe() says so. A boot waits while another with the same key runs (a
lock file per key), and is then answered from it. A live boot of Linux that
stops at its stop_at goes on a little (LINUX_GO_ON), so that the kept log
also answers the later stop_at patterns of other tests on the same machine;
the caller gets the log cut at its own stop_at. Boots that watch for
timings are never answered so. STARTMEM_LINUX_CACHE=0 turns this off;
STARTMEM_LINUX_CACHE_DIR puts the cache elsewhere (one cache for several
checkouts). With STARTMEM_KERNEL_CACHE_DIR set (`make test` sets it, to a
directory it empties first), boots of our kernel are kept and answered the
same way, so that tests that boot the same build on the same machine with
the same command line share one boot; without it every such boot is live.
STARTMEM_BOOT_TRACE=FILE appends one JSON line per boot to FILE (its time,
whether it was answered from a kept log), to see where a run's time goes.
"""
import errno
import fcntl
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
KERNEL = os.path.join(ROOT, 'build', 'bzImage')
VMLINUX = os.path.join(ROOT, 'build', 'vmlinux')
DEBIAN_KERNEL = os.path.join(ROOT, 'build', 'debian', 'vmlinuz')
LOG_DIR = os.path.join(ROOT, 'build', 'boot')
LINUX_CACHE = os.environ.get('STARTMEM_LINUX_CACHE_DIR') or os.path.join(LOG_DIR, 'linux-cache')
QEMU = 'qemu-system-x86_64'
POLL = 0.02     # seconds between looks at QEMU and its log

# What the kernel writes to isa-debug-exit becomes QEMU's status 2v+1
# (book/start_kernel.nw, "How the kernel ends").
EXIT_SUCCESS = 33
EXIT_SELFTEST_FAILED = 35
EXIT_PANIC = 37
EXIT_NAMES = {
    0: 'the machine reset',
    EXIT_SUCCESS: 'success',
    EXIT_SELFTEST_FAILED: 'a self-test failed',
    EXIT_PANIC: 'panic',
}

# Linux's printk prefix: "[%5lu.%06lu] ".
TIMESTAMP = re.compile(r'\[(?P<sec> *\d+)\.(?P<usec>\d{6})\] ')


def split_timestamp(line):
    """(seconds, text) for a line with a Linux timestamp, else None.

    The seconds are right-aligned in at least five columns, as Linux's
    "%5lu" prints them: "[    0.000000] ", "[12345.000001] ".
    """
    m = TIMESTAMP.match(line)
    if not m:
        return None
    sec = m.group('sec')
    digits = sec.lstrip(' ')
    if len(sec) < 5 or (len(sec) > 5 and len(digits) != len(sec)):
        return None
    if len(digits) > 1 and digits[0] == '0':
        return None
    return int(digits) + int(m.group('usec')) / 1e6, line[m.end():]


class BootResult:
    """What one boot did.

    status: QEMU's exit status, or None if the harness stopped QEMU (after
    a timeout, or because stop_at matched). timed_out and stopped say which.
    log: the serial output with CR LF made LF. seconds: wall time of the run.
    """

    def __init__(self, name, cmd, log, status, timed_out, stopped,
                 seconds, log_path, qemu_stderr, first_seen):
        self.name = name
        self.cmd = cmd
        self.log = log
        self.status = status
        self.timed_out = timed_out
        self.stopped = stopped
        self.seconds = seconds
        self.log_path = log_path
        self.qemu_stderr = qemu_stderr
        self.first_seen = first_seen
        self.cached = False
        self.retried = None

    def lines(self):
        return self.log.split('\n')

    def kernel_lines(self):
        """The lines that carry a timestamp, as (seconds, text) pairs."""
        out = []
        for line in self.lines():
            ts = split_timestamp(line)
            if ts:
                out.append(ts)
        return out

    def texts(self):
        """The text of every timestamped line, without its timestamp."""
        return [text for _, text in self.kernel_lines()]

    def describe(self):
        if self.timed_out:
            how = 'no exit before the timeout; QEMU was stopped'
        elif self.stopped:
            how = 'stopped by the harness once the expected output was out'
        else:
            how = 'QEMU exited %s (%s)' % (
                self.status, EXIT_NAMES.get(self.status, 'unexpected'))
        text = '%s after %.2f s; serial log %s' % (how, self.seconds,
                                                   os.path.relpath(self.log_path, ROOT))
        if self.cached:
            text += ' (a kept boot with the same options)'
        if self.retried:
            text += ('; booted again with no_timer_check, after a boot that panicked in '
                     'the timer check (%s)' % os.path.relpath(self.retried.log_path, ROOT))
        said = [line for line in self.qemu_stderr.strip().split('\n')
                if line and 'terminating on signal' not in line]
        if said:
            text += '\nQEMU said: ' + '\n'.join(said)
        return text


# Every QEMU this process started and has not yet reaped, by PID, so that a
# signal to the test (prove interrupted, a timeout of its own) stops them.
_running = {}


def _stop_all_and_exit(signum, frame):
    for proc in list(_running.values()):
        _kill(proc)
    os._exit(128 + signum)


for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, _stop_all_and_exit)


def _kill(proc):
    """Stop one QEMU by its PID: SIGTERM, then SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


class _Slot:
    """One of STARTMEM_QEMU_SLOTS lock files; held while a QEMU runs."""

    def __init__(self):
        self.fd = None

    def acquire(self):
        n = int(os.environ.get('STARTMEM_QEMU_SLOTS', '2'))
        os.makedirs(LOG_DIR, exist_ok=True)
        while True:
            for i in range(n):
                fd = os.open(os.path.join(LOG_DIR, '.slot%d' % i),
                             os.O_CREAT | os.O_RDWR, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self.fd = fd
                    return
                except OSError as e:
                    os.close(fd)
                    if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                        raise
            time.sleep(0.05)

    def release(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class Qemu:
    """One QEMU run of a kernel, with its serial console in a file.

    name: names the log, build/boot/NAME.log; unique among running tests.
    kernel: the bzImage; machine, mem, smp: -machine, -m, -smp.
    cmdline: -append. extra: more QEMU arguments (a list).
    gdb_socket: if set, QEMU starts halted (-S) with a gdb stub on this
    Unix socket. The harness binds the socket and listens on it before
    QEMU starts, and hands it to QEMU (-chardev socket,fd=N): once start()
    returns, gdb can connect at any time, even while QEMU is still setting
    up the machine; its connection waits in the socket's backlog, instead
    of racing QEMU to a socket file that exists before anyone listens.
    """

    def __init__(self, name, kernel=KERNEL, machine='q35', mem='128M', smp=1,
                 cmdline='', extra=(), gdb_socket=None):
        self.name = name
        self.log_path = os.path.join(LOG_DIR, name + '.log')
        self.err_path = os.path.join(LOG_DIR, name + '.qemu-stderr')
        self.cmd = [QEMU, '-accel', 'tcg', '-machine', machine, '-m', str(mem),
                    '-smp', str(smp), '-no-reboot',
                    '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
                    '-kernel', kernel, '-append', cmdline,
                    '-display', 'none', '-serial', 'file:' + self.log_path]
        self.gdb_socket = gdb_socket
        if gdb_socket:
            self.cmd += ['-S', '-gdb', 'chardev:gdb']     # -chardev added by start()
        self.cmd += list(extra)
        self.proc = None
        self.slot = _Slot()
        self.started = None

    def start(self):
        """Wait for a free slot, then start QEMU."""
        os.makedirs(LOG_DIR, exist_ok=True)
        for path in (self.log_path, self.err_path):
            if os.path.exists(path):
                os.unlink(path)
        self.slot.acquire()
        cmd, listener = self.cmd, None
        if self.gdb_socket:
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(self.gdb_socket)
            listener.listen(1)
            cmd = cmd + ['-chardev', 'socket,id=gdb,fd=%d,server=on,wait=off' % listener.fileno()]
        try:
            with open(self.err_path, 'w') as err:
                self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                             pass_fds=[listener.fileno()] if listener else [])
        finally:
            if listener:
                listener.close()        # QEMU holds its own copy
        _running[self.proc.pid] = self.proc
        self.started = time.monotonic()
        return self

    def read_log(self):
        try:
            with open(self.log_path, 'rb') as f:
                data = f.read()
        except FileNotFoundError:
            return ''
        return data.decode('utf-8', 'replace').replace('\r\n', '\n')

    def wait(self, timeout, stop_at=None, watch=(), linger=0, go_on=None):
        """Wait until QEMU exits, the timeout passes, or stop_at matches.

        stop_at: a compiled regex searched in the log as it grows; once it
        matches (and linger more seconds have passed without an exit),
        QEMU is stopped: for a kernel that would go on long after the lines
        a test needs, or that should stay halted. watch: regexes whose
        first match's time after start is recorded in the result's
        first_seen (for the benchmark). go_on: (regex, seconds): once
        stop_at has matched, let QEMU run on until regex matches too, or
        for at most that many seconds more (never past the timeout); the
        boot still counts as stopped, and its log holds all QEMU wrote
        (boot() keeps such a log and cuts it at stop_at for the caller).
        Always stops QEMU before returning.
        """
        deadline = self.started + timeout
        status, timed_out, stopped = None, False, False
        stop_deadline = go_on_deadline = None
        first_seen = {}
        try:
            while True:
                status = self.proc.poll()
                if watch or stop_at:
                    log = self.read_log()
                    now = time.monotonic() - self.started
                    for rx in watch:
                        if rx.pattern not in first_seen and rx.search(log):
                            first_seen[rx.pattern] = now
                if status is not None:
                    break
                if stop_at and stop_deadline is None and stop_at.search(log):
                    stop_deadline = time.monotonic() + linger
                if stop_deadline is not None and time.monotonic() >= stop_deadline:
                    stopped = True
                    if not go_on:
                        break
                    if go_on_deadline is None:
                        go_on_deadline = min(deadline, time.monotonic() + go_on[1])
                    if go_on[0].search(log) or time.monotonic() >= go_on_deadline:
                        break
                elif time.monotonic() >= deadline:
                    timed_out = True
                    break
                time.sleep(POLL)
        finally:
            self.stop()
        seconds = time.monotonic() - self.started
        with open(self.err_path) as f:
            err = f.read()
        if status is not None:
            stopped = False     # it exited, if need be while going on
        return BootResult(self.name, self.cmd, self.read_log(), status,
                          timed_out, stopped, seconds, self.log_path, err,
                          first_seen)

    def run(self, timeout=60, stop_at=None, watch=(), linger=0):
        """start() and wait()."""
        self.start()
        return self.wait(timeout, stop_at, watch, linger)

    def stop(self):
        """Stop QEMU (by PID) if it still runs, and free the slot."""
        if self.proc is not None:
            _kill(self.proc)
            _running.pop(self.proc.pid, None)
        self.slot.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# Where a boot of Debian's Linux that stopped early at its stop_at goes on
# to, for the kept log to answer the later stop_at patterns of other tests
# on the same machine: past the SMP bring-up, the last of the lines the
# tests compare, or to a panic. Most of such a boot is Linux decompressing
# itself under TCG, so going on costs little beside another boot (on a
# loaded host the bring-up can be a minute away: still less than a boot).
LINUX_GO_ON = (re.compile(r'smpboot: Total of [^\n]*\n|---\[ end Kernel panic[^\n]*\n'), 60)

# Under TCG on a loaded host, Linux's check that the timer interrupt
# arrives through the IO-APIC (check_timer(), arch/x86/kernel/apic/io_apic.c)
# can miss its short window and panic, before the lines most tests compare.
# A boot of it that panics so before its stop_at is booted once more with
# `no_timer_check` (which skips only that check, the timer being fine) and
# that boot is the answer; its result says so (retried: the first boot).
LINUX_TIMER_PANIC = "IO-APIC + timer doesn't work"

_digests = {}


def _digest(path):
    """The SHA-1 of a file's contents, remembered while it is unchanged."""
    st = os.stat(path)
    mark = (path, st.st_size, st.st_mtime_ns)
    if mark not in _digests:
        h = hashlib.sha1()
        with open(path, 'rb') as f:
            for block in iter(lambda: f.read(1 << 20), b''):
                h.update(block)
        _digests[mark] = h.hexdigest()
    return _digests[mark]


_qemu_version = []


def _cache_dir(kw):
    """The cache that keeps boots with Qemu's arguments kw, or None.

    Debian's Linux: LINUX_CACHE. Any other kernel: STARTMEM_KERNEL_CACHE_DIR
    if set (`make test` sets it for its one run; see the module's doc).
    STARTMEM_LINUX_CACHE=0 turns both off.
    """
    if os.environ.get('STARTMEM_LINUX_CACHE') == '0' or kw.get('gdb_socket'):
        return None
    if kw.get('kernel') == DEBIAN_KERNEL:
        return LINUX_CACHE
    return os.environ.get('STARTMEM_KERNEL_CACHE_DIR') or None


def _cache_key(kw):
    """The key of a boot with Qemu's arguments kw: QEMU's version and its
    command line, the serial log's path left out and every file it names
    (the kernel, an initrd) replaced by the digest of its contents. The
    same machine reached through different keyword arguments (smp=1 or
    none) has one key, and a rebuilt or changed file a new one."""
    try:
        if not _qemu_version:
            _qemu_version.append(subprocess.run([QEMU, '--version'], capture_output=True,
                                                text=True).stdout)
        args = []
        for arg in Qemu('key', **kw).cmd:
            if arg.startswith('file:' + LOG_DIR):
                continue
            args.append('sha1:' + _digest(arg) if os.path.isfile(arg) else arg)
    except OSError:
        return None
    what = dict(qemu=_qemu_version[0], args=args)
    return hashlib.sha1(json.dumps(what, sort_keys=True).encode()).hexdigest()


class _KeyLock:
    """A lock file per key, held while its boot runs: a test that wants the
    same boot as another one already running waits for it, and is then
    answered from the kept log, instead of booting it a second time."""

    def __init__(self, cache, key):
        os.makedirs(cache, exist_ok=True)
        self.fd = os.open(os.path.join(cache, key + '.lock'), os.O_CREAT | os.O_RDWR, 0o644)

    def __enter__(self):
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        os.close(self.fd)


def _answer(name, cmd, log, status, stop_at, seconds=0.0, qemu_stderr=''):
    """The result a boot stopped at stop_at would have given, from a longer
    log; None if stop_at does not match it (or if without stop_at the log
    is not of a boot that ended by itself)."""
    if stop_at is not None:
        m = stop_at.search(log)
        if not m:
            return None
        log, status = log[:m.end()], None	# where a live boot would have stopped
    elif status is None:
        return None
    log_path = os.path.join(LOG_DIR, name + '.log')
    os.makedirs(LOG_DIR, exist_ok=True)
    with open(log_path, 'w') as f:
        f.write(log)
    return BootResult(name, cmd, log, status, False, status is None, seconds, log_path,
                      qemu_stderr, {})


def _cache_get(cache, key, name, stop_at):
    try:
        with open(os.path.join(cache, key + '.json')) as f:
            kept = json.load(f)
    except (OSError, ValueError):
        return None
    r = _answer(name, kept['cmd'], kept['log'], kept['status'], stop_at)
    if r:
        r.cached = True
    return r


def _worth(log):
    """How many stop_at patterns a kept log can answer, to compare two: its
    length up to a panic (a Linux that panicked under TCG, in its timer
    check, has printed less of its boot), then its whole length."""
    return len(log.split('Kernel panic - not syncing')[0]), len(log)


def _cache_put(cache, key, r):
    if r.timed_out or not r.log:
        return
    try:
        with open(os.path.join(cache, key + '.json')) as f:
            if _worth(json.load(f)['log']) >= _worth(r.log):
                return		# keep the longer log: it answers more stop_at patterns
    except (OSError, ValueError, KeyError):
        pass
    os.makedirs(cache, exist_ok=True)
    tmp = os.path.join(cache, '%s.%d.tmp' % (key, os.getpid()))
    with open(tmp, 'w') as f:
        json.dump(dict(cmd=r.cmd, log=r.log, status=r.status), f)
    os.replace(tmp, os.path.join(cache, key + '.json'))


def _trace(r, kw, key, waited):
    """With STARTMEM_BOOT_TRACE=FILE, one JSON line per boot() into FILE:
    for measuring where a test run's time goes (tests/boot/README.md)."""
    path = os.environ.get('STARTMEM_BOOT_TRACE')
    if not path:
        return
    rec = dict(test=os.path.basename(sys.argv[0]), name=r.name,
               linux=kw.get('kernel') == DEBIAN_KERNEL, key=key, cached=r.cached,
               seconds=round(r.seconds, 2), waited=round(waited, 2), status=r.status,
               stopped=r.stopped, timed_out=r.timed_out, end=round(time.time(), 2),
               args={k: v for k, v in kw.items() if k not in ('kernel', 'gdb_socket')})
    with open(path, 'a') as f:
        f.write(json.dumps(rec, default=list) + '\n')


def _live(name, timeout, stop_at, watch, linger, kw, go_on=None):
    q = Qemu(name, **kw)
    t0 = time.monotonic()
    q.start()
    waited = q.started - t0
    return q.wait(timeout, stop_at, watch, linger, go_on), waited


def boot(name, timeout=60, stop_at=None, watch=(), linger=0, **kw):
    """Boot once; keyword arguments as for Qemu. Returns a BootResult.

    A boot of Debian's Linux may be answered from a kept one, and so may a
    boot of another kernel when STARTMEM_KERNEL_CACHE_DIR is set (see
    above); boots that watch for timings never are. A live boot of Debian's
    Linux that stops at stop_at goes on (LINUX_GO_ON) so that what is kept
    answers later stop_at patterns too; the caller gets its log cut at
    stop_at, as from the cache.
    """
    cache = None if watch else _cache_dir(kw)
    key = _cache_key(kw) if cache else None
    if not key:
        r, waited = _live(name, timeout, stop_at, watch, linger, kw)
        _trace(r, kw, None, waited)
        return r
    with _KeyLock(cache, key):
        r = _cache_get(cache, key, name, stop_at)
        if r:
            _trace(r, kw, key, 0)
            return r
        go_on = LINUX_GO_ON if cache == LINUX_CACHE and stop_at is not None else None
        r, waited = _live(name, timeout, stop_at, watch, linger, kw, go_on)
        _cache_put(cache, key, r)
    if go_on and r.log and not r.timed_out:
        r = _answer(name, r.cmd, r.log, r.status, stop_at, r.seconds, r.qemu_stderr) or r
    _trace(r, kw, key, waited)
    if (cache == LINUX_CACHE and stop_at is not None and not stop_at.search(r.log)
            and LINUX_TIMER_PANIC in r.log and 'no_timer_check' not in kw.get('cmdline', '')):
        again = boot(name + '-no-timer-check', timeout, stop_at, watch, linger,
                     **dict(kw, cmdline=kw.get('cmdline', '') + ' no_timer_check'))
        again.retried = r
        return again
    return r


def boot_many(specs, jobs=2):
    """Boot every spec (a dict of boot()'s arguments), jobs at a time.

    Returns the results in the order of specs.
    """
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda s: boot(**s), specs))


def gdb_batch(gdb_socket, commands, timeout=60, vmlinux=VMLINUX):
    """Run gdb in batch mode on vmlinux against the stub at gdb_socket.

    gdb_socket: a Qemu's, after its start(): it is listening, so gdb
    connects at once. commands: gdb commands, run after connecting. Returns
    (status, output); status is None if gdb had to be stopped at the
    timeout (by its PID).

    gdb gives up on a reply from the stub after `remotetimeout` seconds,
    2 by default: on a loaded machine QEMU may still be building the
    machine when gdb's first packets arrive, and gdb would then report
    "Remote replied unexpectedly" and run the rest of its commands on no
    target. The timeout that counts is this function's, so gdb's is set
    to it.
    """
    deadline = time.monotonic() + timeout
    argv = ['gdb', '-q', '-batch', '-nx', vmlinux,
            '-ex', 'set confirm off', '-ex', 'set pagination off',
            '-ex', 'set remotetimeout %d' % timeout,
            '-ex', 'target remote ' + gdb_socket]
    for c in commands:
        argv += ['-ex', c]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    _running[proc.pid] = proc
    try:
        out, _ = proc.communicate(timeout=max(1, deadline - time.monotonic()))
        return proc.returncode, out
    except subprocess.TimeoutExpired:
        _kill(proc)
        out, _ = proc.communicate()
        return None, out
    finally:
        _running.pop(proc.pid, None)


LINUX_CMDLINE = 'console=ttyS0 nokaslr panic=-1'


def linux(name, cmdline='', stop_at=None, timeout=90, **kw):
    """The boot() arguments for Debian's Linux 6.1 (build/debian/vmlinuz).

    It boots with its serial console, without KASLR and without an initrd,
    so it panics at mounting root some 5 s in; stop_at (a regex on its log)
    stops it as soon as the lines a test compares are out. For boot() or
    boot_many(): harness.boot(**harness.linux('x-linux', mem='1G', ...)).
    """
    return dict(name=name, kernel=DEBIAN_KERNEL, cmdline=(LINUX_CMDLINE + ' ' + cmdline).strip(),
                stop_at=stop_at, timeout=timeout, **kw)


def require(path, how):
    """Fail the test at once (one failed point) if a file it needs is missing."""
    if not os.path.exists(path):
        print('not ok 1 - %s is missing; %s' % (os.path.relpath(path, ROOT), how))
        print('1..1')
        sys.exit(1)

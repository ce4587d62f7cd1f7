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
the kernel file (size and time), QEMU's version and the options (the longest
log for the same key is kept). A later boot with the same options whose
stop_at the kept log matches is answered from it, cut where the match ends,
as a live boot would have stopped there; its log is copied to
build/boot/NAME.log, and describe() says so. Boots that watch for timings
are never answered so. STARTMEM_LINUX_CACHE=0 turns this off;
STARTMEM_LINUX_CACHE_DIR puts the cache elsewhere (one cache for several checkouts).
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
            text += ' (a kept boot of Debian\'s Linux with the same options)'
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

    def wait(self, timeout, stop_at=None, watch=(), linger=0):
        """Wait until QEMU exits, the timeout passes, or stop_at matches.

        stop_at: a compiled regex searched in the log as it grows; once it
        matches (and linger more seconds have passed without an exit),
        QEMU is stopped: for a kernel that would go on long after the lines
        a test needs, or that should stay halted. watch: regexes whose
        first match's time after start is recorded in the result's
        first_seen (for the benchmark). Always stops QEMU before returning.
        """
        deadline = self.started + timeout
        status, timed_out, stopped = None, False, False
        stop_deadline = None
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
                    break
                if time.monotonic() >= deadline:
                    timed_out = True
                    break
                time.sleep(POLL)
        finally:
            self.stop()
        seconds = time.monotonic() - self.started
        with open(self.err_path) as f:
            err = f.read()
        if timed_out or stopped:
            status = None
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


def _linux_cache_key(kw):
    """The key of a boot of Debian's Linux with Qemu's arguments kw, or None."""
    if kw.get('kernel') != DEBIAN_KERNEL or os.environ.get('STARTMEM_LINUX_CACHE') == '0':
        return None
    try:
        st = os.stat(DEBIAN_KERNEL)
        qemu = subprocess.run([QEMU, '--version'], capture_output=True, text=True).stdout
    except OSError:
        return None
    what = dict(kernel=[st.st_size, int(st.st_mtime)], qemu=qemu,
                args={k: v for k, v in kw.items() if k not in ('kernel', 'gdb_socket')})
    return hashlib.sha1(json.dumps(what, sort_keys=True, default=list).encode()).hexdigest()


def _linux_cache_get(key, name, stop_at):
    path = os.path.join(LINUX_CACHE, key + '.json')
    try:
        with open(path) as f:
            kept = json.load(f)
    except (OSError, ValueError):
        return None
    log, status = kept['log'], kept['status']
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
    r = BootResult(name, kept['cmd'], log, status, False, status is None, 0.0, log_path, '', {})
    r.cached = True
    return r


def _linux_cache_put(key, r):
    if r.timed_out or not r.log:
        return
    try:
        with open(os.path.join(LINUX_CACHE, key + '.json')) as f:
            if len(json.load(f)['log']) >= len(r.log):
                return		# keep the longer log: it answers more stop_at patterns
    except (OSError, ValueError, KeyError):
        pass
    os.makedirs(LINUX_CACHE, exist_ok=True)
    tmp = os.path.join(LINUX_CACHE, '%s.%d.tmp' % (key, os.getpid()))
    with open(tmp, 'w') as f:
        json.dump(dict(cmd=r.cmd, log=r.log, status=r.status), f)
    os.replace(tmp, os.path.join(LINUX_CACHE, key + '.json'))


def boot(name, timeout=60, stop_at=None, watch=(), linger=0, **kw):
    """Boot once; keyword arguments as for Qemu. Returns a BootResult.

    A boot of Debian's Linux may be answered from a kept one (see above).
    """
    key = None if watch else _linux_cache_key(kw)
    if key:
        r = _linux_cache_get(key, name, stop_at)
        if r:
            return r
    r = Qemu(name, **kw).run(timeout, stop_at, watch, linger)
    if key:
        _linux_cache_put(key, r)
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

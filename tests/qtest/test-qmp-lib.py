"""Helpers for the QMP tests: start the emulator, speak raw QMP.

Loaded by the test-qmp-*.py scripts with importlib (the file name follows
the tests/qtest/test-qmp* naming).  No third-party modules.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def binary():
    b = os.environ.get('QTEST_QEMU_BINARY')
    if not b:
        b = os.path.join(HERE, '..', '..', 'build', 'qemu-system-x86_64')
    return os.path.abspath(b)


BASE_ARGS = ['-M', 'pc', '-accel', 'tcg', '-display', 'none', '-nodefaults']


class Failure(Exception):
    pass


NO_ID = object()


def check(cond, msg):
    if not cond:
        raise Failure(msg)


class QMP:
    """One raw QMP connection; every received line is checked for framing."""

    def __init__(self, sock, timeout=20):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = b''
        self.events = []
        self.raw = []             # every line as received (bytes)

    @classmethod
    def unix(cls, path, timeout=20):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        return cls(s, timeout)

    @classmethod
    def tcp(cls, port, timeout=20):
        return cls(socket.create_connection(('127.0.0.1', port)), timeout)

    def send_raw(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def recv_line(self):
        while b'\n' not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Failure('connection closed; pending %r' % self.buf[:200])
            self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        line += b'\n'
        self.raw.append(line)
        check(line.endswith(b'\r\n'), 'line not CRLF-terminated: %r' % line)
        check(line.strip() != b'', 'blank line from QMP')
        return line

    def recv(self):
        return json.loads(self.recv_line())

    def greeting(self):
        g = self.recv()
        check('QMP' in g, 'bad greeting %r' % g)
        return g

    def reply(self):
        """Next reply; events before it are collected in self.events."""
        while True:
            m = self.recv()
            if 'event' in m:
                self.events.append(m)
                continue
            return m

    def cmd_raw(self, name, args=None, id=NO_ID):
        req = {'execute': name}
        if args is not None:
            req['arguments'] = args
        if id is not NO_ID:
            req['id'] = id
        self.send_raw(json.dumps(req))
        return self.reply()

    def cmd(self, name, args=None):
        r = self.cmd_raw(name, args)
        check('return' in r, '%s failed: %r' % (name, r))
        return r['return']

    def negotiate(self):
        self.greeting()
        check(self.cmd('qmp_capabilities') == {}, 'caps')
        return self

    def wait_event(self, name, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e['event'] == name:
                    return self.events.pop(i)
            self.events.append(self.recv())
        raise Failure('no %s event' % name)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class VM:
    def __init__(self, extra=(), qmp=True, tmpdir=None, stdin=None,
                 pass_fds=(), base=BASE_ARGS):
        self.dir = tmpdir or tempfile.mkdtemp(prefix='qmp-test-')
        self.sock = os.path.join(self.dir, 'qmp.sock')
        args = [binary()] + list(base) + list(extra)
        if qmp:
            args += ['-qmp', 'unix:%s,server=on,wait=off' % self.sock]
        self.args = args
        self.proc = subprocess.Popen(args, stdin=stdin or subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     pass_fds=pass_fds)
        if qmp:
            wait_for_path(self.sock, self.proc)

    def qmp(self, negotiate=True):
        q = QMP.unix(self.sock)
        return q.negotiate() if negotiate else q

    def rss_kb(self):
        with open('/proc/%d/status' % self.proc.pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
        return 0

    def alive(self):
        return self.proc.poll() is None

    def wait(self, timeout=20):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failure('emulator did not exit')

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stderr(self):
        return self.proc.stderr.read().decode(errors='replace')


def wait_for_path(path, proc, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path):
            return
        if proc.poll() is not None:
            raise Failure('emulator exited %d: %s' % (
                proc.returncode, proc.stderr.read().decode(errors='replace')))
        time.sleep(0.02)
    raise Failure('socket %s never appeared' % path)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_tests(tests):
    """Run test functions by name; exit status 1 if any failed."""
    only = sys.argv[1:]
    failed = 0
    for fn in tests:
        if only and fn.__name__ not in only:
            continue
        t0 = time.time()
        try:
            fn()
            print('ok   %-40s %.1fs' % (fn.__name__, time.time() - t0))
        except Exception as e:       # report and go on with the others
            failed += 1
            print('FAIL %-40s %s: %s' % (fn.__name__, type(e).__name__, e))
        sys.stdout.flush()
    print('%d/%d passed' % (len(tests) - failed, len(tests)))
    sys.exit(1 if failed else 0)

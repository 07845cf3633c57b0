#!/usr/bin/env python3
"""QMP robustness: malformed and hostile input, limits, disconnects, many
clients, command bursts, a client that never reads; the guest keeps
running, memory stays flat and nothing crashes.

Usage: test-qmp-robust.py [TEST...]
"""
import importlib.util
import json
import os
import socket
import threading
import time

_spec = importlib.util.spec_from_file_location(
    'qmplib', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           'test-qmp-lib.py'))
L = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(L)
check, VM, QMP = L.check, L.VM, L.QMP

# Recorded from QEMU 7.2: the error descs each input produces (one per bad
# token, as QEMU's json-streamer recovers).
E = 'JSON parse error, '
MALFORMED = [
    (b'{"execute": @}', [E + "stray '@'", E + 'expecting value']),
    (b'{"a" 1}', [E + 'missing : in object pair']),
    (b'[1,,2]', [E + 'expecting value']),
    (b'nul ', [E + "invalid keyword 'nul'"]),
    (b']]]', [E + 'expecting value'] * 3),
    (b'{"execute":"query-status" "id":1}', [E + 'expected separator in dict']),
    (b'\xff\xfe{"execute":"x"}', [E + "stray '\ufffd'"] * 2 +
     ['The command x has not been found']),
    (b'"\\x"', [E + 'invalid escape sequence in string']),
    (b'{"execute":"query-name",}', [E + 'expecting value']),
    (b'1e999999 ', ['QMP input must be a JSON object']),
]


def collect_until_end(q):
    """Send the end marker and return the error descs before its reply."""
    q.send_raw('{"execute":"query-target","id":"end"}')
    out = []
    while True:
        m = q.recv()
        if m.get('id') == 'end':
            return out
        if 'event' in m:
            continue
        out.append(m['error']['desc'] if 'error' in m else 'return')


def running_vm():
    # The guest runs firmware the whole time: monitor abuse must not stop it.
    return VM([])


def t_malformed():
    vm = running_vm()
    try:
        q = vm.qmp()
        for raw, expect in MALFORMED:
            q.send_raw(raw)
            got = collect_until_end(q)
            check(got == expect, '%r: %r != %r' % (raw, got, expect))
        check(q.cmd('query-status')['status'] == 'running', 'running')
    finally:
        vm.kill()


def send_and_collect(q, data):
    """Write data from a thread (the replies may outgrow the socket
    buffers) and collect the error descs up to the end marker."""
    t = threading.Thread(target=q.sock.sendall, args=(data,))
    t.start()
    got = collect_until_end_after(q, t)
    return got


def collect_until_end_after(q, t):
    t.join()
    return collect_until_end(q)


def t_limits():
    vm = running_vm()
    try:
        q = vm.qmp()
        q.sock.settimeout(180)
        # Deep nesting: one error per 1024 levels; a stray byte (a lexical
        # error) then drops the half-built value, as in QEMU.
        got = send_and_collect(q, b'[' * 200000 + b'@')
        check(set(got[:-1]) == {'JSON nesting depth limit exceeded'} and
              got[-1] == "JSON parse error, stray '@'" and len(got) < 200,
              'nesting: %d %r' % (len(got), got[:3]))
        # Too many tokens in one value (2M + 1).
        got = send_and_collect(q, b'[' + b'1,' * (1 << 20) + b'1]')
        check(got[0] == 'JSON token count limit exceeded' and len(got) < 5,
              repr(got))
        check(q.cmd('query-status')['status'] == 'running', 'running')
        check(q.cmd('query-name') == {}, 'still parsing')
        # One string token over the 64 MiB limit, then hang up: the
        # emulator survives, frees the input and serves the next client.
        q.close()
        s = socket.socket(socket.AF_UNIX)
        s.connect(vm.sock)
        s.settimeout(120)
        s.sendall(b'{"execute":"qmp_capabilities"}{"execute":"query-name",'
                  b'"id":"' + b'a' * (65 << 20) + b'"}')
        s.close()
        q = vm.qmp()
        check(q.cmd('query-status')['status'] == 'running', 'after big')
        check(vm.rss_kb() < 512 * 1024, 'rss %d KiB' % vm.rss_kb())
    finally:
        vm.kill()


def t_type_confusion():
    """Every command with wrong-typed, unknown and missing arguments."""
    vm = running_vm()
    try:
        q = vm.qmp()
        names = [c['name'] for c in q.cmd('query-commands')]
        bad_values = [None, 1, -1, 2**64, 1.5, 'x', True, [], {}, [1], {'a': 1}]
        for n in names:
            if n in ('quit', 'qmp_capabilities'):
                continue
            for v in bad_values:
                for key in ('path', 'typename', 'property', 'option',
                            'command-line', 'enable', 'bogus'):
                    r = q.cmd_raw(n, {key: v})
                    check('return' in r or 'error' in r, repr(r))
        check(q.cmd('query-status')['status'] in ('running', 'paused',
                                                  'prelaunch'), 'alive')
    finally:
        vm.kill()


def t_disconnects():
    vm = running_vm()
    try:
        for i in range(20):
            s = socket.socket(socket.AF_UNIX)
            s.connect(vm.sock)
            if i % 4 == 0:
                s.close()                          # before the greeting
                continue
            s.recv(4096)
            s.sendall(b'{"execute":"qmp_capabilities"}')
            if i % 4 == 1:
                s.sendall(b'{"execute":"query-qm')  # mid-command
            elif i % 4 == 2:
                # big reply and events pending, never read
                s.sendall(b'{"execute":"query-qmp-schema"}' * 5 +
                          b'{"execute":"stop"}{"execute":"cont"}' * 5)
            else:
                s.sendall(b'{"execute":"system_reset"}')
            s.close()
        q = vm.qmp()
        check(q.cmd('query-status')['status'] == 'running', 'running')
        check(q.cmd('query-name') == {}, 'works after disconnects')
    finally:
        vm.kill()


def burst(q, n):
    """n commands in one write, read concurrently; replies in order."""
    payload = b''.join(b'{"execute":"query-status","id":%d}' % i
                       for i in range(n))
    t = threading.Thread(target=q.sock.sendall, args=(payload,))
    t.start()
    for i in range(n):
        r = q.reply()
        check(r.get('id') == i and 'return' in r, 'burst reply %d: %r' %
              (i, r))
    t.join()


def clients(vm, n):
    for i in range(n):
        c = QMP.unix(vm.sock)
        c.greeting()
        if i % 2:
            c.cmd('qmp_capabilities')
            c.cmd('query-status')
        c.close()


def t_burst_clients_memory():
    vm = running_vm()
    try:
        q = vm.qmp()
        burst(q, 2000)                 # warm-up: caches, allocator
        q.close()
        clients(vm, 20)
        q = vm.qmp()
        time.sleep(0.5)
        rss0 = vm.rss_kb()
        t0 = time.time()
        burst(q, 10000)
        dt = time.time() - t0
        q.close()
        for _ in range(3):
            clients(vm, 100)
        q = vm.qmp()
        burst(q, 10000)
        time.sleep(0.5)
        rss1 = vm.rss_kb()
        print('  10,000-command burst: %.2fs; RSS %d -> %d KiB' %
              (dt, rss0, rss1))
        check(rss1 - rss0 < 4096, 'memory grew %d KiB' % (rss1 - rss0))
        check(q.cmd('query-status')['status'] == 'running', 'running')
    finally:
        vm.kill()


def t_client_never_reads():
    vm = running_vm()
    try:
        rss0 = vm.rss_kb()
        s = socket.socket(socket.AF_UNIX)
        s.connect(vm.sock)
        s.setblocking(False)
        req = b'{"execute":"qmp_capabilities"}' + \
            b'{"execute":"query-qmp-schema"}' * 2000
        sent = 0
        end = time.time() + 10
        while sent < len(req) and time.time() < end:
            try:
                sent += s.send(req[sent:sent + 65536])
            except BlockingIOError:
                time.sleep(0.05)
        time.sleep(1)
        rss1 = vm.rss_kb()
        print('  sent %d of %d bytes before backpressure; RSS %d -> %d KiB'
              % (sent, len(req), rss0, rss1))
        check(rss1 - rss0 < 64 * 1024, 'output not bounded: %d KiB' %
              (rss1 - rss0))
        s.close()
        time.sleep(0.2)
        q = vm.qmp()
        check(q.cmd('query-status')['status'] == 'running', 'running')
    finally:
        vm.kill()


TESTS = [t_malformed, t_limits, t_type_confusion, t_disconnects,
         t_burst_clients_memory, t_client_never_reads]

if __name__ == '__main__':
    L.run_tests(TESTS)

#!/usr/bin/env python3
"""QMP/HMP protocol tests over real sockets, raw JSON on the wire.

Usage: test-qmp-protocol.py [TEST...]   (QTEST_QEMU_BINARY names the
emulator; default build/qemu-system-x86_64)
"""
import importlib.util
import json
import os
import signal
import socket
import subprocess
import time

_spec = importlib.util.spec_from_file_location(
    'qmplib', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           'test-qmp-lib.py'))
L = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(L)
check, VM, QMP = L.check, L.VM, L.QMP


def t_greeting_alone():
    vm = VM(['-S'])
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(vm.sock)
        s.settimeout(10)
        first = s.recv(65536)
        check(first.endswith(b'\r\n') and first.count(b'\n') == 1,
              'greeting not one line in its own write: %r' % first)
        g = json.loads(first)
        v = g['QMP']['version']
        check(v['qemu']['major'] == 7 and v['qemu']['minor'] == 2,
              'version %r' % v)
        check(isinstance(v['package'], str), 'package')
        check(g['QMP']['capabilities'] == ['oob'], 'caps %r' % g)
        check(list(g['QMP'].keys()) == ['version', 'capabilities'],
              'key order')
        s.close()
    finally:
        vm.kill()


def t_negotiation():
    vm = VM(['-S'])
    try:
        q = vm.qmp(negotiate=False)
        q.greeting()
        for cmd in ('query-status', 'nope'):
            r = q.cmd_raw(cmd)
            check(r['error']['class'] == 'CommandNotFound' and
                  r['error']['desc'] == "Expecting capabilities negotiation "
                  "with 'qmp_capabilities'", repr(r))
        r = q.cmd_raw('qmp_capabilities', {'enable': ['bogus']})
        check(r['error']['desc'] ==
              "Parameter 'enable[0]' does not accept value 'bogus'", repr(r))
        check(q.cmd('qmp_capabilities') == {}, 'caps')
        r = q.cmd_raw('qmp_capabilities')
        check(r['error'] == {'class': 'CommandNotFound', 'desc':
              'Capabilities negotiation is already complete, command '
              'ignored'}, repr(r))
        check(q.cmd('query-status')['status'] == 'prelaunch', 'status')
        # A new connection starts over.
        q.close()
        q = vm.qmp(negotiate=False)
        q.greeting()
        check(q.cmd_raw('query-status')['error']['class'] ==
              'CommandNotFound', 'renegotiate')
    finally:
        vm.kill()


def t_ids():
    vm = VM(['-S'])
    try:
        q = vm.qmp()
        for ident in (1, -7, 2**63, 1.5, 'abc', '', None, True, [1, [2]],
                      {'a': {'b': None}}, 'x' * 1000):
            r = q.cmd_raw('query-status', id=ident)
            check('return' in r and r['id'] == ident and type(r['id']) ==
                  type(ident), 'id %r -> %r' % (ident, r))
            r = q.cmd_raw('nope', id=ident)
            check('error' in r and r['id'] == ident, 'err id %r' % ident)
    finally:
        vm.kill()


def t_stream_parsing():
    vm = VM(['-S'])
    try:
        q = vm.qmp()
        # Several commands in one write, no newlines.
        q.send_raw('{"execute":"query-name","id":1}{"execute":"query-uuid",'
                   '"id":2}  {"execute":"query-kvm","id":3}')
        ids = [q.reply()['id'] for _ in range(3)]
        check(ids == [1, 2, 3], 'ids %r' % ids)
        # One command split across many writes.
        msg = b'{"execute": "query-target", "id": "split"}'
        for b in msg:
            q.send_raw(bytes([b]))
            time.sleep(0.002)
        r = q.reply()
        check(r == {'return': {'arch': 'x86_64'}, 'id': 'split'}, repr(r))
        # Whitespace only produces nothing; the next command still works.
        q.send_raw('\n\n  \t\r\n')
        check(q.cmd('query-name') == {}, 'after blanks')
        for line in q.raw:
            check(line.endswith(b'\r\n') and line.count(b'\n') == 1,
                  'framing %r' % line)
    finally:
        vm.kill()


REQUEST_ERRORS = [
    ('[]', 'QMP input must be a JSON object'),
    ('3', 'QMP input must be a JSON object'),
    ('"x"', 'QMP input must be a JSON object'),
    ('{}', "QMP input lacks member 'execute'"),
    ('{"execute":1}', "QMP input member 'execute' must be a string"),
    ('{"foo":1}', "QMP input member 'foo' is unexpected"),
    ('{"execute":"query-status","arguments":[]}',
     "QMP input member 'arguments' must be an object"),
    ('{"exec-oob":"query-status"}',
     "QMP input member 'exec-oob' is unexpected"),
    ('{"execute":"query-status","arguments":{"x":1}}',
     "Parameter 'x' is unexpected"),
    ('{"execute":"qom-get","arguments":{"path":1,"property":"type"}}',
     "Invalid parameter type for 'path', expected: string"),
    ('{"execute":"qom-get","arguments":{"path":"/machine"}}',
     "Parameter 'property' is missing"),
    ('{"execute":"set-action","arguments":{"shutdown":"bad"}}',
     "Parameter 'shutdown' does not accept value 'bad'"),
    ('{"execute":"human-monitor-command","arguments":{"command-line":"x",'
     '"cpu-index":1.5}}',
     "Invalid parameter type for 'cpu-index', expected: integer"),
    ('{"execute":"qom-list-types","arguments":{"abstract":"yes"}}',
     "Invalid parameter type for 'abstract', expected: boolean"),
    ('{"execute":"human-monitor-command","arguments":{"command-line":"x",'
     '"cpu-index":99}}', 'Invalid CPU index'),
]


def t_request_errors():
    vm = VM(['-S'])
    try:
        q = vm.qmp()
        for raw, desc in REQUEST_ERRORS:
            # A top-level number ends only at the next byte: add one.
            q.send_raw(raw + ' ')
            r = q.reply()
            check(r.get('error', {}).get('desc') == desc,
                  '%s -> %r' % (raw, r))
            check(r['error']['class'] == 'GenericError', raw)
        r = q.cmd_raw('nope')
        check(r['error'] == {'class': 'CommandNotFound',
                             'desc': 'The command nope has not been found'},
              repr(r))
        r = q.cmd_raw('qom-get', {'path': '/nope', 'property': 'x'})
        check(r['error']['class'] == 'DeviceNotFound', repr(r))
        check(q.cmd('query-status')['status'] == 'prelaunch', 'alive')
    finally:
        vm.kill()


def t_oob():
    vm = VM(['-S'])
    try:
        q = vm.qmp(negotiate=False)
        q.greeting()
        check(q.cmd('qmp_capabilities', {'enable': ['oob']}) == {}, 'oob')
        q.send_raw('{"exec-oob":"query-status","id":"o"}')
        r = q.reply()
        check(r == {'error': {'class': 'GenericError', 'desc':
                    'The command query-status does not support OOB'},
                    'id': 'o'}, repr(r))
        q.send_raw('{"exec-oob":"query-status","execute":"query-status"}')
        check('clashes' in q.reply()['error']['desc'], 'clash')
    finally:
        vm.kill()


def t_events_before_reply():
    # A socket chardev serves one client: a second monitor for q2.
    vm = VM(['-S', '-qmp', 'unix:/tmp/qmp-ev-%d.sock,server=on,wait=off'
             % os.getpid()])
    try:
        q = vm.qmp()
        q2 = QMP.unix('/tmp/qmp-ev-%d.sock' % os.getpid()).negotiate()
        expect = [('cont', 'RESUME', None), ('stop', 'STOP', None),
                  ('system_reset', 'RESET',
                   {'guest': False, 'reason': 'host-qmp-system-reset'}),
                  ('system_powerdown', 'POWERDOWN', None)]
        for cmd, ev, data in expect:
            q.send_raw(json.dumps({'execute': cmd}))
            first = q.recv()
            check(first.get('event') == ev, '%s: first %r' % (cmd, first))
            ts = first['timestamp']
            check(set(ts) == {'seconds', 'microseconds'} and
                  abs(ts['seconds'] - time.time()) < 60, 'timestamp')
            check(first.get('data') == data, 'data %r' % first)
            if data is None:
                check('data' not in first, 'no data member')
            check(q.recv() == {'return': {}}, cmd)
            # The other monitor sees the same event.
            check(q2.wait_event(ev).get('data') == data, 'second monitor')
    finally:
        vm.kill()


def t_runstates():
    vm = VM(['-S'])
    try:
        q = vm.qmp()
        st = q.cmd('query-status')
        check(st == {'status': 'prelaunch', 'singlestep': False,
                     'running': False}, repr(st))
        q.cmd('stop')
        check(q.cmd('query-status')['status'] == 'prelaunch', 'stop in pre')
        q.cmd('cont')
        check(q.cmd('query-status') == {'status': 'running',
              'singlestep': False, 'running': True}, 'running')
        q.cmd('stop')
        check(q.cmd('query-status')['status'] == 'paused', 'paused')
        q.cmd('cont')
        q.cmd('system_reset')
        check(q.cmd('query-status')['status'] == 'running', 'reset keeps')
        check(vm.alive(), 'alive after reset')
    finally:
        vm.kill()


def qtest_conn(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile('rwb', buffering=0)

    def cmd(line):
        f.write(line.encode() + b'\n')
        while True:
            r = f.readline().decode().strip()
            if r.startswith('OK') or r.startswith('FAIL') or \
               r.startswith('ERR'):
                return r
    return cmd


def qtest_vm(extra):
    import tempfile
    d = tempfile.mkdtemp(prefix='qmp-qtest-')
    qs = os.path.join(d, 'qtest.sock')
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(qs)
    srv.listen(1)
    vm = VM(['-accel', 'qtest', '-qtest', 'unix:%s' % qs] + extra,
            base=['-M', 'pc', '-display', 'none', '-nodefaults'], tmpdir=d)
    conn, _ = srv.accept()
    srv.close()
    f = conn.makefile('rwb', buffering=0)

    def cmd(line):
        f.write(line.encode() + b'\n')
        while True:
            r = f.readline().decode().strip()
            if not r:
                raise L.Failure('qtest closed')
            if r.startswith(('OK', 'FAIL', 'ERR')):
                return r
    return vm, cmd


def t_no_shutdown_and_reset():
    vm, qt = qtest_vm(['-no-shutdown'])
    try:
        q = vm.qmp()
        # The guest writes SLP_TYP=S5|SLP_EN to PM1a_CNT (ACPI power off).
        qt('outw 0x604 0x2000')
        ev = q.wait_event('SHUTDOWN')
        check(ev['data'] == {'guest': True, 'reason': 'guest-shutdown'},
              repr(ev))
        check(q.cmd('query-status')['status'] == 'shutdown', 'state')
        r = q.cmd_raw('cont')
        check(r['error']['desc'] ==
              'Resetting the Virtual Machine is required', repr(r))
        check(vm.alive(), 'process kept')
        q.cmd('system_reset')
        check(q.wait_event('RESET')['data']['reason'] ==
              'host-qmp-system-reset', 'reset')
        check(q.cmd('query-status')['status'] in ('prelaunch', 'running'),
              'after reset')
        q.cmd('cont')
        check(q.cmd('query-status')['status'] == 'running', 'running again')
        # set-action shutdown=poweroff turns -no-shutdown off.
        q.cmd('set-action', {'shutdown': 'poweroff'})
        qt('outw 0x604 0x2000')
        check(q.wait_event('SHUTDOWN')['data']['guest'] is True, 'shutdown')
        check(vm.wait() == 0, 'exit status')
    finally:
        vm.kill()


def t_powerdown_button_and_device_reset():
    vm, qt = qtest_vm([])
    try:
        q = vm.qmp()
        check(int(qt('inw 0x600').split()[1], 16) & 0x100 == 0, 'clear')
        # As QEMU, a press while PWRBTN_EN is clear is not latched.
        q.cmd('system_powerdown')
        q.wait_event('POWERDOWN')
        check(int(qt('inw 0x600').split()[1], 16) & 0x100 == 0,
              'PWRBTN_STS latched while disabled')
        qt('outw 0x602 0x100')
        q.cmd('system_powerdown')
        q.wait_event('POWERDOWN')
        check(int(qt('inw 0x600').split()[1], 16) & 0x100, 'PWRBTN_STS set')
        q.cmd('system_reset')
        q.wait_event('RESET')
        check(int(qt('inw 0x600').split()[1], 16) & 0x100 == 0,
              'device reset clears PWRBTN_STS')
    finally:
        vm.kill()


def t_quit_and_signal():
    vm = VM(['-S', '-no-shutdown'])
    q = vm.qmp()
    q.send_raw('{"execute":"quit","id":9}')
    ev = q.recv()
    check(ev['event'] == 'SHUTDOWN' and ev['data'] ==
          {'guest': False, 'reason': 'host-qmp-quit'}, repr(ev))
    check(q.recv() == {'return': {}, 'id': 9}, 'quit reply after event')
    check(vm.wait() == 0, 'quit exit status')
    vm = VM(['-S'])
    q = vm.qmp()
    vm.proc.send_signal(signal.SIGTERM)
    ev = q.wait_event('SHUTDOWN')
    check(ev['data'] == {'guest': False, 'reason': 'host-signal'}, repr(ev))
    check(vm.wait() == 0, 'signal exit status')


def t_endpoints():
    port = L.free_port()
    import tempfile
    d = tempfile.mkdtemp(prefix='qmp-ep-')
    lsock = socket.socket(socket.AF_UNIX)
    lsock.bind(os.path.join(d, 'inherited.sock'))
    lsock.listen(1)
    fd = lsock.fileno()
    os.set_inheritable(fd, True)
    extra = ['-S',
             '-qmp', 'tcp:127.0.0.1:%d,server=on,wait=off' % port,
             '-chardev', 'socket,id=mon1,path=%s/c.sock,server=on,wait=off'
             % d,
             '-mon', 'chardev=mon1,mode=control',
             '-chardev', 'socket,id=mon2,fd=%d,server=on,wait=off' % fd,
             '-mon', 'chardev=mon2,mode=control',
             '-monitor', 'unix:%s/hmp.sock,server=on,wait=off' % d]
    vm = VM(extra, tmpdir=d, pass_fds=(fd,))
    lsock.close()
    try:
        conns = [vm.qmp(), QMP.tcp(port).negotiate(),
                 QMP.unix(d + '/c.sock').negotiate(),
                 QMP.unix(d + '/inherited.sock').negotiate()]
        for c in conns:
            check(c.cmd('query-status')['status'] == 'prelaunch', 'query')
        labels = [c['label'] for c in conns[0].cmd('query-chardev')]
        check('mon1' in labels and 'mon2' in labels, repr(labels))
        conns[1].cmd('cont')
        for c in conns:
            c.wait_event('RESUME')
        h = socket.socket(socket.AF_UNIX)
        h.connect(d + '/hmp.sock')
        h.settimeout(10)
        check(b'(qemu)' in recv_until(h, b'(qemu) '), 'hmp prompt')
    finally:
        vm.kill()


def t_qmp_stdio():
    vm = VM(['-S', '-qmp', 'stdio'], qmp=False, stdin=subprocess.PIPE)
    try:
        g = json.loads(vm.proc.stdout.readline())
        check(g['QMP']['capabilities'] == [], 'stdio offers no oob: %r' % g)
        vm.proc.stdin.write(b'{"execute":"qmp_capabilities"}'
                            b'{"execute":"query-status"}')
        vm.proc.stdin.flush()
        check(json.loads(vm.proc.stdout.readline()) == {'return': {}}, 'c')
        line = vm.proc.stdout.readline()
        check(line.endswith(b'\r\n'), 'crlf')
        check(json.loads(line)['return']['status'] == 'prelaunch', 'st')
        vm.proc.stdin.write(b'{"execute":"quit"}')
        vm.proc.stdin.flush()
        check(vm.wait() == 0, 'exit')
    finally:
        vm.kill()


def recv_until(s, token, limit=1 << 20):
    data = b''
    while token not in data and len(data) < limit:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def t_hmp_socket():
    import tempfile
    d = tempfile.mkdtemp(prefix='hmp-')
    vm = VM(['-S', '-monitor', 'unix:%s/hmp.sock,server=on,wait=off' % d],
            tmpdir=d)
    try:
        h = socket.socket(socket.AF_UNIX)
        h.connect(d + '/hmp.sock')
        h.settimeout(10)
        banner = recv_until(h, b'(qemu) ')
        check(banner.startswith(b'QEMU 7.2.0 monitor - type \'help\' for '
                                b'more information\r\n'), repr(banner))

        def run(line):
            h.sendall(line)
            return recv_until(h, b'\n(qemu) ')
        out = run(b'info status\r')
        check(b'VM status: paused (prelaunch)\r\n' in out, repr(out))
        out = run(b'info version\r')
        check(b'7.2.0\r\n' in out, repr(out))
        out = run(b'\x1b[A\r')           # history: up arrow repeats
        check(b'7.2.0\r\n' in out, 'history %r' % out)
        out = run(b'info statusxx\x7f\x7f\r')   # backspace editing
        check(b'VM status' in out, 'backspace %r' % out)
        out = run(b'nfo status\x01i\r')     # ^A then insert at start
        check(b'VM status' in out, 'home+insert %r' % out)
        out = run(b'help\r')
        for cmd in (b'info', b'x /fmt addr', b'stop', b'cont', b'quit',
                    b'system_reset', b'system_powerdown'):
            check(cmd in out, 'help lacks %r' % cmd)
        out = run(b'xp /4xb 0xffff0\r')
        check(b'00000000000ffff0: 0xea' in out, repr(out))
        out = run(b'info registers\r')
        check(b'EIP=0000fff0' in out or b'RIP=' in out, repr(out[:300]))
        for sub in (b'cpus', b'mtree', b'qtree', b'chardev', b'kvm',
                    b'name'):
            out = run(b'info ' + sub + b'\r')
            check(b'unknown' not in out, sub)
        out = run(b'bogus\r')
        check(b"unknown command: 'bogus'" in out, repr(out))
        out = run(b'cont\r')
        out = run(b'info status\r')
        check(b'VM status: running' in out, repr(out))
        h.sendall(b'quit\r')
        check(vm.wait() == 0, 'quit')
    finally:
        vm.kill()


def t_nographic_mux():
    vm = VM(['-S', '-nographic'], qmp=False, stdin=subprocess.PIPE,
            base=['-M', 'pc', '-accel', 'tcg'])
    try:
        # The serial port has the focus: the monitor says nothing until
        # Ctrl-A c (QEMU's behaviour; a banner here would corrupt a
        # guest console).
        time.sleep(0.5)
        fd = vm.proc.stdout.fileno()
        os.set_blocking(fd, False)
        try:
            early = os.read(fd, 4096)
        except BlockingIOError:
            early = b''
        os.set_blocking(fd, True)
        check(early == b'', 'monitor output before Ctrl-A c: %r' % early)
        vm.proc.stdin.write(b'\x01c')
        vm.proc.stdin.flush()
        time.sleep(0.5)
        vm.proc.stdin.write(b'info status\r')
        vm.proc.stdin.flush()
        time.sleep(0.5)
        vm.proc.stdin.write(b'quit\r')
        vm.proc.stdin.flush()
        vm.wait()
        out = vm.proc.stdout.read()
        check(b'VM status: paused (prelaunch)' in out, repr(out[-500:]))
        check(out.startswith(b'QEMU ') and out.count(b'monitor - type') == 1,
              'greeting once, after Ctrl-A c: %r' % out[:80])
    finally:
        vm.kill()


def t_introspection():
    vm = VM(['-S'])
    try:
        q = vm.qmp()
        names = sorted(c['name'] for c in q.cmd('query-commands'))
        schema = q.cmd('query-qmp-schema')
        cmds = {e['name']: e for e in schema if e['meta-type'] == 'command'}
        check(sorted(cmds) == names, 'schema commands == query-commands')
        byname = {e['name']: e for e in schema}
        for e in schema:
            for k in ('arg-type', 'ret-type', 'element-type'):
                if k in e:
                    check(e[k] in byname, 'dangling %s %r' % (k, e))
            for m in e.get('members', []):
                if 'type' in m:
                    check(m['type'] in byname, 'dangling member %r' % m)
        for ev in ('SHUTDOWN', 'POWERDOWN', 'RESET', 'STOP', 'RESUME'):
            check(byname[ev]['meta-type'] == 'event', ev)
        need = ['qmp_capabilities', 'query-version', 'query-status',
                'query-name', 'query-uuid', 'query-kvm', 'query-target',
                'query-machines', 'query-cpus-fast',
                'query-hotpluggable-cpus', 'query-iothreads',
                'query-chardev', 'query-commands', 'query-qmp-schema',
                'query-command-line-options', 'qom-list', 'qom-get',
                'qom-set', 'qom-list-types', 'qom-list-properties',
                'device-list-properties', 'stop', 'cont', 'system_reset',
                'system_powerdown', 'quit', 'human-monitor-command',
                'set-action']
        for n in need:
            check(n in names, 'missing command ' + n)
        qg = byname[byname['qom-get']['arg-type']]
        check([m['name'] for m in qg['members']] == ['path', 'property'],
              repr(qg))
        check(byname['qom-get']['ret-type'] == 'any', 'ret any')
    finally:
        vm.kill()


def t_qom():
    vm = VM(['-S'])
    try:
        q = vm.qmp()
        props = q.cmd('qom-list', {'path': '/machine'})
        check(any(p['name'] == 'type' for p in props), 'type prop')
        check(q.cmd('qom-get', {'path': '/machine', 'property': 'type'})
              == 'pc-i440fx-7.2-machine', 'type')
        r = q.cmd_raw('qom-set', {'path': '/machine', 'property': 'usb',
                                  'value': 'x'})
        check('error' in r, 'bad set')
        types = q.cmd('qom-list-types', {'implements': 'device'})
        check(any(t['name'] == 'isa-serial' for t in types), 'isa-serial')
        # Every type's property listing works (and never crashes).
        for t in q.cmd('qom-list-types', {'abstract': True}):
            r = q.cmd_raw('qom-list-properties', {'typename': t['name']})
            check('return' in r, 'qom-list-properties %s' % t['name'])
            r = q.cmd_raw('device-list-properties', {'typename': t['name']})
            check('return' in r or 'error' in r, t['name'])
        check(q.cmd('query-status')['status'] == 'prelaunch', 'alive')
    finally:
        vm.kill()


TESTS = [t_greeting_alone, t_negotiation, t_ids, t_stream_parsing,
         t_request_errors, t_oob, t_events_before_reply, t_runstates,
         t_no_shutdown_and_reset, t_powerdown_button_and_device_reset,
         t_quit_and_signal, t_endpoints, t_qmp_stdio, t_hmp_socket,
         t_nographic_mux, t_introspection, t_qom]

if __name__ == '__main__':
    L.run_tests(TESTS)

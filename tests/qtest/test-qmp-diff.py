#!/usr/bin/env python3
"""Differential QMP test: one command list against this emulator and
Debian's QEMU 7.2 (apt-get installed if missing); for every command both
implement, the replies must have the same shape (keys and JSON value
types, recursively; lists compared by their first element), and errors
the same class and text.

Usage: test-qmp-diff.py     (exit 77 = skipped, with the reason printed)
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys

_spec = importlib.util.spec_from_file_location(
    'qmplib', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           'test-qmp-lib.py'))
L = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(L)

REF = 'qemu-system-x86_64'
ARGS = ['-S', '-M', 'pc', '-accel', 'tcg', '-display', 'none',
        '-nodefaults', '-name', 'difftest',
        '-uuid', '12345678-1234-1234-1234-123456789abc']

# (command, arguments, compare): compare is 'shape', 'exact' or 'error'.
COMMANDS = [
    ('query-version', None, 'shape'),
    ('query-status', None, 'exact'),
    ('query-name', None, 'exact'),
    ('query-uuid', None, 'exact'),
    ('query-kvm', None, 'shape'),
    ('query-target', None, 'exact'),
    ('query-machines', None, 'shape'),
    ('query-cpus-fast', None, 'shape'),
    ('query-hotpluggable-cpus', None, 'shape'),
    ('query-iothreads', None, 'exact'),
    ('query-chardev', None, 'shape'),
    ('query-commands', None, 'shape'),
    ('query-qmp-schema', None, 'shape'),
    ('query-command-line-options', {'option': 'mon'}, 'shape'),
    ('query-command-line-options', {'option': 'nope'}, 'exact'),
    ('qom-list', {'path': '/machine'}, 'shape'),
    ('qom-get', {'path': '/machine', 'property': 'type'}, 'exact'),
    ('qom-get', {'path': '/nope', 'property': 'type'}, 'exact'),
    ('qom-get', {'path': '/machine', 'property': 'nope'}, 'exact'),
    ('qom-set', {'path': '/machine', 'property': 'nope', 'value': 1},
     'exact'),
    ('qom-list-types', {'implements': 'isa-device'}, 'shape'),
    ('qom-list-properties', {'typename': 'isa-serial'}, 'shape'),
    ('qom-list-properties', {'typename': 'nope'}, 'exact'),
    ('device-list-properties', {'typename': 'isa-serial'}, 'shape'),
    ('device-list-properties', {'typename': 'nope'}, 'exact'),
    ('human-monitor-command', {'command-line': 'info status'}, 'exact'),
    ('human-monitor-command', {'command-line': 'info name'}, 'exact'),
    ('human-monitor-command', {'command-line': 'xp /8xb 0xffff0'}, 'exact'),
    ('human-monitor-command', {'command-line': 'x /2xw 0xffff0'}, 'exact'),
    ('human-monitor-command', {'command-line': 'bogus'}, 'exact'),
    ('query-status', {'x': 1}, 'exact'),
    ('qom-get', {'path': 1, 'property': 'x'}, 'exact'),
    ('qom-get', {'path': '/machine'}, 'exact'),
    ('set-action', {'shutdown': 'bad'}, 'exact'),
    ('set-action', {'reboot': 'reset', 'shutdown': 'poweroff'}, 'exact'),
    ('no-such-command', None, 'exact'),
    ('cont', None, 'exact'),
    ('query-status', None, 'exact'),
    ('stop', None, 'exact'),
    ('query-status', None, 'exact'),
    ('system_reset', None, 'exact'),
    ('system_powerdown', None, 'exact'),
]
RAW = [b'[]', b'{"execute":1}', b'{"foo":1}', b'{"execute": @}',
       b'{"a" 1}', b'{"exec-oob":"query-status"}']


def shape(v):
    """Keys and JSON types; a list becomes its distinct element shapes."""
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, list):
        seen = {}
        for x in v:
            sx = shape(x)
            seen.setdefault(json.dumps(sx, sort_keys=True), sx)
        return list(seen.values())
    if isinstance(v, bool):
        return 'bool'
    if isinstance(v, (int, float)):
        return 'number'
    return type(v).__name__


def conforms(a, b):
    """Shape a (ours) is one QEMU also produces (shape b): same keys and
    types; every kind of list element we send is a kind QEMU sends."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and \
            all(conforms(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and \
            all(any(conforms(x, y) for y in b) for x in a)
    return a == b


def ensure_reference():
    if shutil.which(REF):
        return True
    if os.geteuid() == 0 and shutil.which('apt-get'):
        print('installing qemu-system-x86 (Debian) as the reference...')
        subprocess.run(['apt-get', 'install', '-y', '-q',
                        'qemu-system-x86'], stdout=subprocess.DEVNULL)
    return shutil.which(REF) is not None


def run(binary):
    vm = L.VM(ARGS, base=[])
    out = []
    try:
        q = vm.qmp(negotiate=False)
        g = q.greeting()
        out.append(('greeting', g))
        q.cmd('qmp_capabilities')
        for name, args, _ in COMMANDS:
            r = q.cmd_raw(name, args)
            out.append((name, r))
        for raw in RAW:
            q.send_raw(raw)
            out.append((raw.decode(), q.reply()))
        ev = [e['event'] for e in q.events]
        out.append(('events', ev))
    finally:
        vm.kill()
    return out


def main():
    if not ensure_reference():
        print('SKIP: Debian qemu-system-x86 not installed and cannot be')
        sys.exit(77)
    ours = L.binary()
    os.environ['QTEST_QEMU_BINARY'] = shutil.which(REF)
    ref = run(REF)
    os.environ['QTEST_QEMU_BINARY'] = ours
    mine = run(ours)
    modes = ['shape'] + [c[2] for c in COMMANDS] + ['exact'] * len(RAW) + \
        ['exact']
    failed = 0
    ref_cmds = None
    for (name, a), (_, b), mode in zip(ref, mine, modes):
        if name == 'query-commands':
            ref_cmds = {c['name'] for c in a['return']}
        if mode == 'shape' or ('return' in a and 'return' in b and
                               mode != 'exact'):
            if name == 'greeting':
                a['QMP']['version'] = shape(a['QMP']['version'])
                b['QMP']['version'] = shape(b['QMP']['version'])
            ok = conforms(shape(b), shape(a))
            # Listing commands: QEMU has more entries, but every entry we
            # send has QEMU's shape (checked by the first element).
        else:
            ok = a == b
        print('%s %-28s %s' % ('ok  ' if ok else 'DIFF', name[:28],
                               '' if ok else '\n  qemu: %s\n  ours: %s' % (
                                   json.dumps(a)[:300],
                                   json.dumps(b)[:300])))
        failed += not ok
    mine_cmds = {c['name'] for c in dict(mine)['query-commands']['return']}
    missing = sorted(mine_cmds - ref_cmds) if ref_cmds else []
    print('commands we have that QEMU 7.2 lacks: %s' % (missing or 'none'))
    failed += bool(missing)
    print('%d differences' % failed)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()

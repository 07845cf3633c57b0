#!/usr/bin/env python3
"""QMP with a real third-party client: the npm package qemu-qmp.

It writes commands without newlines, parses the first data chunk as the
greeting, splits replies on newlines and hangs up on a blank line.  The
package is installed with npm into a temporary directory; without npm or
network the test is skipped (exit 77) with the reason printed.
"""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

_spec = importlib.util.spec_from_file_location(
    'qmplib', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           'test-qmp-lib.py'))
L = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(L)

CLIENT = r'''
const QMP = require('qemu-qmp');
const out = {events: []};
const qmp = new QMP();
const ev = (name) => qmp.on(name, () => out.events.push(name));
['resume', 'stop', 'reset', 'powerdown', 'shutdown'].forEach(ev);
const fail = (e) => { console.log(JSON.stringify({error: String(e)}));
                      process.exit(1); };
setTimeout(() => fail('timeout'), 30000);
qmp.connect(process.argv[2], function (err) {
  if (err) fail(err);
  out.version = this.version;
  out.capabilities = this.capabilities;
  this.execute('query-status', (e, st) => {
    if (e) fail(e);
    out.status1 = st.status;
    this.execute('cont', (e) => {
      if (e) fail(e);
      this.execute('query-status', (e, st2) => {
        out.status2 = st2.status;
        this.execute('qom-get', {path: '/nope', property: 'x'}, (e) => {
          out.qomerr = e ? e.message : null;
          this.execute('system_reset', () => {
            this.execute('stop', () => {
              this.execute('quit', () => {
                out.quit = true;
                setTimeout(() => {
                  console.log(JSON.stringify(out)); process.exit(0);
                }, 300);
              });
            });
          });
        });
      });
    });
  });
});
'''


def skip(why):
    print('SKIP: ' + why)
    sys.exit(77)


def main():
    npm, node = shutil.which('npm'), shutil.which('node')
    if not npm or not node:
        skip('npm/node not installed')
    d = tempfile.mkdtemp(prefix='qmp-npm-')
    r = subprocess.run([npm, 'install', '--no-audit', '--no-fund',
                        '--silent', 'qemu-qmp'], cwd=d,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=300)
    if r.returncode or not os.path.isdir(os.path.join(d, 'node_modules',
                                                      'qemu-qmp')):
        skip('npm install qemu-qmp failed: %s' % r.stdout.decode()[-300:])
    with open(os.path.join(d, 'client.js'), 'w') as f:
        f.write(CLIENT)
    vm = L.VM(['-S'], tmpdir=d)
    try:
        r = subprocess.run([node, 'client.js', vm.sock], cwd=d,
                           stdout=subprocess.PIPE, timeout=60)
        print(r.stdout.decode())
        res = json.loads(r.stdout.decode().strip().splitlines()[-1])
        L.check(res['version']['qemu']['major'] == 7, 'version')
        L.check(res['capabilities'] == ['oob'], 'caps')
        L.check(res['status1'] == 'prelaunch', 'status1')
        L.check(res['status2'] == 'running', 'status2')
        L.check(res['qomerr'] == "Device '/nope' not found", 'qom err')
        L.check(res['quit'], 'quit')
        # 'resume' is also a stream event of net.Socket (the client's
        # pipe() emits it): only the other events are counted exactly.
        evs = [e for e in res['events'] if e != 'resume']
        L.check(evs == ['reset', 'stop', 'shutdown'] and
                'resume' in res['events'], 'events %r' % res['events'])
        L.check(vm.wait() == 0, 'exit status')
        print('ok: qemu-qmp client drove the emulator')
    finally:
        vm.kill()


if __name__ == '__main__':
    try:
        main()
    except L.Failure as e:
        print('FAIL: %s' % e)
        sys.exit(1)

#!/bin/bash
# -drive/-blockdev/-hda/-cdrom/-snapshot and the block QMP commands,
# compared with Debian's QEMU 7.2 (the oracle; skipped if absent).
# Usage: blockdev-cli.sh PATH/TO/OUR/qemu-system-x86_64
set -u
OURS=$(realpath "$1")
REF=/usr/bin/qemu-system-x86_64
IMG=/usr/bin/qemu-img
command -v $REF >/dev/null && command -v $IMG >/dev/null ||
    { echo "SKIP: Debian qemu-system-x86 / qemu-utils not installed"; exit 77; }
D=$(mktemp -d); cd "$D"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
            wait 2>/dev/null; rm -rf "$D"; }
trap cleanup EXIT
fail=0; n=0
ok() { n=$((n+1)); echo "ok $n - $*"; }
bad() { n=$((n+1)); echo "not ok $n - $*"; fail=1; }

$IMG create -q -f qcow2 a.qcow2 16M
$IMG create -q -f raw r.raw 1M
COMMON="-M pc -display none -nodefaults -S"

# first stderr line of a run that must fail (or "RUNNING" if it starts)
first_err() {
    local bin=$1; shift
    local out
    out=$(timeout 2 $bin $COMMON "$@" 2>&1 </dev/null | grep -v '^qemu-system-x86_64: terminating on signal' | head -1)
    echo "${out:-RUNNING}"
}

# 1. errors and accepted forms: ours must print what QEMU prints
while IFS= read -r line; do
    [ -z "$line" ] && continue
    eval "set -- $line"
    want=$(first_err $REF "$@")
    got=$(first_err $OURS "$@")
    if [ "$want" = "$got" ]; then ok "$line -> $got"
    else bad "$line"; echo "#   QEMU: $want"; echo "#   ours: $got"; fi
done <<'EOF'
-drive file=nope.qcow2
-drive file=a.qcow2,format=foo
-drive file=a.qcow2,if=bogus
-drive file=a.qcow2,media=tape
-drive file=a.qcow2,cache=bogus
-drive file=a.qcow2,discard=bogus
-drive file=a.qcow2,detect-zeroes=bogus
-drive file=a.qcow2,aio=bogus
-drive file=a.qcow2,bogus=1
-drive file=a.qcow2,if=none,id=d0 -drive file=r.raw,format=raw,if=none,id=d0
-drive file=a.qcow2,index=0 -drive file=r.raw,format=raw,index=0
-drive file=a.qcow2,index=5,unit=1
-drive file=a.qcow2,unit=2
-drive file=a.qcow2,bus=2
-drive file=a.qcow2,if=ide,index=4
-drive file=a.qcow2,bus=x
-drive file=a.qcow2,if=none,readonly=maybe
-drive file=a.qcow2,snapshot=x
-drive file=a.qcow2,if=none,id=1a
-drive file=a.qcow2,if=none,aio=native
-drive file=a.qcow2,if=scsi
-drive file=a.qcow2,if=none,id=x -device virtio-blk-pci,drive=x -device virtio-blk-pci,drive=x
-drive file=a.qcow2 -device ide-hd,drive=ide0-hd0
-drive file=a.qcow2,if=none,id=x -device virtio-blk-pci,drive=y
-blockdev driver=qcow2
-blockdev driver=qcow2,node-name=n
-blockdev driver=qcow2,node-name=n,file.driver=file
-blockdev driver=qcow2,node-name=n,file.driver=file,file.filename=nope
-blockdev driver=foo,node-name=n
-blockdev node-name=n
-blockdev driver=file,filename=a.qcow2
-blockdev driver=file,filename=a.qcow2,node-name=f,bogus=1
-blockdev driver=qcow2,node-name=q,file.driver=file,file.filename=a.qcow2,file.bogus=1
-blockdev driver=file,filename=a.qcow2,node-name=f,read-only=maybe
-blockdev driver=qcow2,node-name=q,file.driver=file,file.filename=r.raw
-blockdev driver=raw,node-name=q,file.driver=file,file.filename=a.qcow2,cache.direct=x
-blockdev driver=qcow2,node-name=q,file.driver=file,file.filename=a.qcow2,discard=x
-blockdev driver=qcow2,node-name=q,file.driver=file,file.filename=a.qcow2,detect-zeroes=x
-blockdev driver=qcow2,node-name=q,file.driver=file,file.filename=a.qcow2,detect-zeroes=unmap
-blockdev driver=qcow2,node-name=q,file=
-blockdev driver=file,filename=a.qcow2,node-name=1f
-blockdev driver=file,filename=a.qcow2,node-name=f -blockdev driver=qcow2,file=g,node-name=q
-blockdev driver=file,filename=a.qcow2,node-name=f -blockdev driver=file,filename=a.qcow2,node-name=f
-blockdev '{"driver":"file","filename":"a.qcow2"}'
-blockdev '{"driver":"file","filename":"a.qcow2","node-name":"f","read-only":"on"}'
-blockdev '{"driver":"file","node-name":"f","filename":1}'
-blockdev '{"driver":"file","filename":"a.qcow2","node-name":"f"'
-blockdev '{bad'
-cdrom nope.iso
-hda nope.img
-drive file=a.qcow2,if=none,id=d0
-drive file=a.qcow2,if=virtio
-drive file=a.qcow2,if=virtio,cache=none,discard=unmap,detect-zeroes=unmap
-drive file=a.qcow2,if=ide,cache=unsafe
-drive file=a.qcow2,if=none,id=d0,cache=directsync,aio=native
-drive file=a.qcow2,if=none,id=d0,cache=writethrough,aio=threads
-drive file=a.qcow2,if=none,id=d0,snapshot=on
-drive file=r.raw,format=raw,if=ide,media=cdrom
-drive if=none,id=e
-hda a.qcow2
-hda a.qcow2 -hdb r.raw
-cdrom r.raw
-snapshot -hda a.qcow2
-blockdev driver=qcow2,node-name=q,file.driver=file,file.filename=a.qcow2
-blockdev '{"driver":"qcow2","node-name":"q","file":{"driver":"file","filename":"a.qcow2"}}'
-blockdev driver=file,filename=a.qcow2,node-name=f -blockdev driver=qcow2,file=f,node-name=q -device virtio-blk-pci,drive=q
EOF

# 2. the raw-probing warning (3 lines) is QEMU's
w1=$(timeout 2 $REF $COMMON -drive file=r.raw,if=none 2>&1 </dev/null | grep -v terminating)
w2=$(timeout 2 $OURS $COMMON -drive file=r.raw,if=none 2>&1 </dev/null | grep -v terminating)
[ "$w1" = "$w2" ] && ok "raw probing warning" || bad "raw probing warning: $w2"

# 3. -snapshot leaves the image untouched (block_resize hits the overlay)
sum=$(md5sum < a.qcow2)
printf '%s\n' '{"execute":"qmp_capabilities"}' \
    '{"execute":"block_resize","arguments":{"device":"ide0-hd0","size":67108864}}' \
    '{"execute":"query-block"}' '{"execute":"quit"}' |
    timeout 10 $OURS $COMMON -snapshot -hda a.qcow2 -qmp stdio > snap.out 2>&1
grep -q '"virtual-size": 67108864' snap.out && ok "-snapshot: overlay resized" ||
    bad "-snapshot: overlay not resized"
[ "$(md5sum < a.qcow2)" = "$sum" ] && ok "-snapshot: image untouched" ||
    bad "-snapshot: image changed"
ls /tmp/vl.* >/dev/null 2>&1 && [ -n "$(find /tmp -maxdepth 1 -name 'vl.*' -newer a.qcow2)" ] &&
    bad "-snapshot: temporary overlay left in /tmp" || ok "-snapshot: no overlay left"
$IMG check -q a.qcow2 && ok "image passes Debian check after -snapshot" ||
    bad "Debian check after -snapshot"

# 4. locking: ours vs ours, ours vs QEMU, QEMU vs ours
lock_case() {
    local holder=$1 other=$2 name=$3 extra=${4:-}
    $holder $COMMON -drive file=a.qcow2,if=none,id=d0 >/dev/null 2>&1 &
    local pid=$!; PIDS+=($pid)
    for _ in $(seq 50); do
        $IMG info a.qcow2 >/dev/null 2>&1 || break; sleep 0.1
    done
    local got
    got=$(timeout 3 $other $COMMON -drive file=a.qcow2,if=none,id=d0$extra 2>&1 </dev/null | head -2 | tr '\n' '|')
    kill $pid; wait $pid 2>/dev/null
    local want='qemu-system-x86_64: -drive file=a.qcow2,if=none,id=d0'$extra': Failed to get '
    case "$got" in
    "$want"*"lock|Is another process using the image [a.qcow2]?|") ok "lock: $name" ;;
    *) bad "lock: $name: $got" ;;
    esac
}
lock_case $OURS $OURS "ours holds, ours writer refused"
lock_case $OURS $REF "ours holds, QEMU writer refused"
lock_case $REF $OURS "QEMU holds, ours writer refused"
lock_case $OURS $OURS "ours holds, ours reader refused" ",readonly=on"

# 5. QMP over a socket: shapes against QEMU (node names and versions
#    masked)
qmp_run() {
    local bin=$1 sock=$D/qmp-$2.sock
    cp a.qcow2 q-$2.qcow2
    $IMG create -q -f qcow2 b-$2.qcow2 1M
    $bin $COMMON -drive file=q-$2.qcow2,if=none,id=d0 \
        -drive file=r.raw,format=raw,if=ide,media=cdrom \
        -qmp unix:$sock,server=on,wait=off >/dev/null 2>&1 &
    PIDS+=($!)
    python3 - "$sock" "$D/b-$2.qcow2" <<'PY'
import json, socket, sys, time, re
path, b = sys.argv[1], sys.argv[2]
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(path); break
    except OSError:
        time.sleep(0.05)
f = s.makefile('rw')
f.readline()
def cmd(name, **args):
    msg = {'execute': name}
    if args:
        msg['arguments'] = args
    f.write(json.dumps(msg) + '\n'); f.flush()
    while True:
        r = json.loads(f.readline())
        if 'event' not in r:
            return r
def mask(o):
    t = json.dumps(o, sort_keys=True)
    t = re.sub(r'#block\d+', '#blockN', t)
    t = re.sub(r'"actual-size": \d+', '"actual-size": N', t)
    t = re.sub(r'/machine/[^"]*', 'QDEV', t)
    t = re.sub(r'-[a-z0-9]+\.qcow2', '.qcow2', t)
    return t
cmd('qmp_capabilities')
print(mask(cmd('query-block')))
print(mask(cmd('query-named-block-nodes')))
print(mask(cmd('block_resize', device='d0', size=32 << 20)))
print(mask(cmd('block_resize', **{'node-name': 'nope', 'size': 1})))
print(mask(cmd('block_resize', device='nope', size=1)))
print(mask(cmd('blockdev-add', driver='qcow2', **{'node-name': 'n1',
      'file': {'driver': 'file', 'filename': b}})))
print(mask(cmd('blockdev-add', driver='qcow2', **{'node-name': 'n1',
      'file': {'driver': 'file', 'filename': b}})))
print(mask(cmd('blockdev-add', driver='qcow2', bogus=1, **{'node-name': 'n3',
      'file': {'driver': 'file', 'filename': b}})))
print(mask(cmd('query-named-block-nodes')))
print(mask(cmd('blockdev-del', **{'node-name': 'n1'})))
print(mask(cmd('blockdev-del', **{'node-name': 'n1'})))
print(mask(cmd('blockdev-del', **{'node-name': 'd0'})))
print(mask(cmd('query-block')))
hmp = cmd('human-monitor-command', **{'command-line': 'info block'})
print(mask(hmp))
cmd('quit')
PY
}
qmp_run $REF ref > qmp-ref.out
qmp_run $OURS ours > qmp-ours.out
paste -d '\n' qmp-ref.out qmp-ours.out > /dev/null
i=0
while IFS= read -r want && IFS= read -r got <&3; do
    i=$((i+1))
    [ "$want" = "$got" ] && ok "QMP reply $i" ||
        { bad "QMP reply $i"; echo "#   QEMU: $want"; echo "#   ours: $got"; }
done < qmp-ref.out 3< qmp-ours.out
[ "$i" -ge 14 ] && ok "QMP: $i replies compared" || bad "QMP: only $i replies"

echo "1..$n"
exit $fail

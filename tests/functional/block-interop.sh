#!/bin/bash
# Interop and crash tests for qemu-img against Debian's qemu-img (oracle).
# Usage: block-interop.sh PATH/TO/OUR/qemu-img
set -u
OURS=$(realpath "$1")
REF=/usr/bin/qemu-img
command -v $REF >/dev/null || { echo "SKIP: Debian qemu-img not installed"; exit 77; }
D=$(mktemp -d); trap 'rm -rf "$D"' EXIT; cd "$D"
fail=0
ok() { echo "ok - $*"; }
bad() { echo "FAIL - $*"; fail=1; }
python3 - <<'PY'
import os, random
random.seed(7)
with open('src.raw', 'wb') as f:
    f.truncate(48 << 20)
    for i in range(150):
        f.seek(random.randrange(0, 48 << 20))
        f.write(os.urandom(random.randrange(1, 200000)) if i % 3 else b'A' * 100000)
PY
# 1. images made by ours pass Debian's check and compare
for o in "" "-o compat=0.10" "-o cluster_size=512,refcount_bits=1" \
         "-o cluster_size=2M,refcount_bits=64" "-o extended_l2=on" "-c"; do
    rm -f o.qcow2
    $OURS convert -O qcow2 $o src.raw o.qcow2 || bad "convert $o"
    $REF check -q o.qcow2 && $REF compare -q src.raw o.qcow2 \
        && ok "ours convert $o: Debian check+compare" || bad "ours convert $o"
done
# create is byte-identical
$OURS create -q -f qcow2 a.qcow2 1G; $REF create -q -f qcow2 b.qcow2 1G
cmp -s a.qcow2 b.qcow2 && ok "create identical to Debian" || bad "create differs"
# 2. images made by Debian read correctly with ours
$REF convert -c -O qcow2 src.raw dc.qcow2
$OURS compare -q src.raw dc.qcow2 && ok "reads Debian compressed" || bad "Debian compressed"
$REF convert -O qcow2 -o extended_l2=on,cluster_size=128k src.raw dx.qcow2
$OURS compare -q src.raw dx.qcow2 && ok "reads Debian subclusters" || bad "subclusters"
$REF create -q -f qcow2 -b dx.qcow2 -F qcow2 -o extended_l2=on,cluster_size=128k ov.qcow2
qemu-io -c "write -P 0x5a 70000 9000" ov.qcow2 >/dev/null
cp src.raw exp.raw; qemu-io -f raw -c "write -P 0x5a 70000 9000" exp.raw >/dev/null
$OURS compare -q exp.raw ov.qcow2 && ok "reads Debian subcluster overlay" || bad "subcluster overlay"
cp dc.qcow2 ds.qcow2; $REF snapshot -c s1 ds.qcow2
qemu-io -c "write -P 0x11 0 1M" ds.qcow2 >/dev/null
$OURS snapshot -l ds.qcow2 | grep -q s1 && ok "lists Debian snapshot" || bad "snapshot list"
$OURS snapshot -a s1 ds.qcow2 && $REF check -q ds.qcow2 && $REF compare -q src.raw ds.qcow2 \
    && ok "applies Debian snapshot" || bad "snapshot apply"
$OURS snapshot -d s1 ds.qcow2 && $REF check -q ds.qcow2 && ok "deletes snapshot" || bad "snapshot delete"
# 3. locking against Debian's qemu-io
qemu-io -c "sleep 3000" a.qcow2 & P=$!; sleep 0.5
$OURS resize a.qcow2 +1M 2>&1 | grep -q 'Failed to get "write" lock' && ok "lock conflict seen" || bad "locking"
$OURS info -U a.qcow2 >/dev/null && ok "-U works while locked" || bad "-U"
kill $P; wait $P 2>/dev/null
# 4. crash test: kill -9 a writer at random points, check each time
$OURS create -q -f qcow2 -o cluster_size=4k crash.qcow2 64M
for i in $(seq 1 15); do
    timeout -s KILL 0.$((RANDOM % 9 + 1)) $OURS convert -n -O qcow2 src.raw crash.qcow2 2>/dev/null
    $REF check crash.qcow2 >/dev/null 2>&1; rc=$?
    [ $rc = 0 ] || [ $rc = 3 ] || { bad "crash iteration $i: check rc=$rc"; break; }
done
[ $fail = 0 ] && ok "crash test (15 kills): no corruption"
exit $fail

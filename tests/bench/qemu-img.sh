#!/bin/bash
# Benchmark: ours vs Debian's qemu-img on a 1 GiB raw image with mixed data
# and holes: convert -O qcow2, convert -O raw back, check.  Each step runs
# RUNS times per binary, alternating, and the medians are compared (check
# is short, so it runs 10x as often).  Prints ratios ours/QEMU.
# Usage: tests/bench/qemu-img.sh [PATH/TO/OUR/qemu-img]   (default build/)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
OURS=$(realpath "${1:-$root/build/qemu-img}")
REF=${QEMU_IMG:-/usr/bin/qemu-img}
RUNS=${RUNS:-5}
[ -x "$REF" ] || { echo "qemu-img.sh: $REF missing (apt-get install qemu-utils)"; exit 1; }
D=$(mktemp -d -p "${TMPDIR:-/var/tmp}"); trap 'rm -rf "$D"' EXIT; cd "$D"
python3 - "$OURS" "$REF" "$RUNS" <<'PY'
import os, statistics, subprocess, sys, time
ours, ref, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open('src.raw', 'wb') as f:
    f.truncate(1 << 30)
    blk = os.urandom(1 << 20)
    for i in range(0, 1024, 3):          # 1 MiB data every 3 MiB
        f.seek(i << 20); f.write(blk if i % 2 else b'\x42' * (1 << 20))

def timed(args):
    t = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t

print(f"qemu-img benchmark: median of {runs} runs (check: {runs * 10})")
ratios = {}
for name, step, n in (("convert -O qcow2", "convert -O qcow2 src.raw X.qcow2", runs),
                      ("convert -O raw", "convert -O raw X.qcow2 X.raw", runs),
                      ("check", "check X.qcow2", runs * 10)):
    t = {'ours': [], 'ref': []}
    os.sync()        # no writeback of the previous step during this one
    order = (('ours', ours), ('ref', ref))
    for i in range(n):
        # alternate who goes first, so neither always runs on a cold cache
        for who, binary in (order if i % 2 == 0 else order[::-1]):
            t[who].append(timed([binary] + step.replace('X', who).split()))
    a, b = statistics.median(t['ours']), statistics.median(t['ref'])
    ratios[name] = a / b
    print(f"{step.replace('X.', ''):36s} ours {a:8.4f}s  qemu {b:8.4f}s  "
          f"ratio {a / b:.2f}")
same = open('ours.raw', 'rb').read() == open('ref.raw', 'rb').read()
print("raw outputs identical" if same else "RAW OUTPUTS DIFFER")
print("RATIO " + " ".join(f"{k.replace(' ', '_')}={v:.2f}"
                          for k, v in ratios.items()))
sys.exit(0 if same else 1)
PY

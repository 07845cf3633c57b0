#!/bin/bash
# Benchmark: ours vs Debian's qemu-img on a 1 GiB raw image with mixed data
# and holes: convert -O qcow2, convert -O raw back, check.  Prints ratios.
# Usage: tests/bench/qemu-img.sh PATH/TO/OUR/qemu-img
set -eu
OURS=$(realpath "$1"); REF=/usr/bin/qemu-img
D=$(mktemp -d -p "${TMPDIR:-/var/tmp}"); trap 'rm -rf "$D"' EXIT; cd "$D"
python3 - <<'PY'
import os
with open('src.raw', 'wb') as f:
    f.truncate(1 << 30)
    blk = os.urandom(1 << 20)
    for i in range(0, 1024, 3):          # 1 MiB data every 3 MiB
        f.seek(i << 20); f.write(blk if i % 2 else b'\x42' * (1 << 20))
PY
t() { local s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }
for step in "convert -O qcow2 src.raw X.qcow2" "convert -O raw X.qcow2 X.raw" \
            "check X.qcow2"; do
    a=$(t $OURS ${step//X/ours}); b=$(t $REF ${step//X/ref})
    printf "%-34s ours %6.2fs  qemu %6.2fs  ratio %.2f\n" "$step" "$a" "$b" \
        "$(echo "$a / $b" | bc -l)"
done
cmp ours.raw ref.raw && echo "outputs identical"

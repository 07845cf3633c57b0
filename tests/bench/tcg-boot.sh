#!/bin/bash
# TCG Linux boot benchmark: our emulator against Debian's QEMU, same run.
# Both boot Debian's kernel with the benchmark initramfs of
# tests/functional/linux-boot (--bench): /init times
# `dd if=/dev/zero bs=1M count=256 | sha256sum` with /proc/uptime and
# powers off.  Prints, for each emulator (median of RUNS):
#   (a) wall time from exec to exit (boot + job + power-off)
#   (b) the in-guest job time (guest clock)
#   (c) peak RSS
# and the ratios ours/QEMU (lower is better).  When our emulator does
# not reach the power-off, its column says FAILED and the reason.
#
# usage: tests/bench/tcg-boot.sh
# Variables: OURS  our binary  (default BUILD/qemu-system-x86_64)
#            QEMU  reference   (default /usr/bin/qemu-system-x86_64)
#            BUILD build dir   (default build)
#            SMP   vCPUs       (default 2)
#            RUNS  runs each   (default 1)
#            TIMEOUT seconds per boot (default 600)
set -u -o pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$root/build}
OURS=${OURS:-$BUILD/qemu-system-x86_64}
QEMU=${QEMU:-/usr/bin/qemu-system-x86_64}
SMP=${SMP:-2}
RUNS=${RUNS:-1}
TIMEOUT=${TIMEOUT:-600}

die() { echo "tcg-boot: $*" >&2; exit 1; }

case $RUNS in ''|*[!0-9]*|0) die "RUNS must be a positive integer" ;; esac
case $SMP in ''|*[!0-9]*|0) die "SMP must be a positive integer" ;; esac
case $TIMEOUT in ''|*[!0-9]*|0) die "TIMEOUT must be a positive integer" ;; esac
[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"
[ -x "$QEMU" ] || die "reference QEMU $QEMU not found"
[ -x "$OURS" ] || die "our emulator $OURS not found (build it, or set OURS=)"

assets=$("$root/tests/functional/linux-boot" --bench --assets)
status=$?
if [ $status -eq 77 ]; then
    echo "tcg-boot: skipped: $assets"
    exit 77
fi
[ $status -eq 0 ] || die "fetching the assets failed: $assets"
KERNEL=$(sed -n 's/^KERNEL=//p' <<<"$assets")
INITRD=$(sed -n 's/^INITRD=//p' <<<"$assets")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run EMULATOR: one boot; prints "<wall ms> <guest job s> <peak RSS KiB>"
# or, on failure, "FAILED <reason>".
run() {
    local start end status job
    start=$(date +%s%N)
    timeout -s KILL "$TIMEOUT" /usr/bin/time -f %M -o "$tmp/rss" \
        "$1" -M pc -accel tcg -smp "$SMP" -m 512 -nographic -no-reboot \
        -kernel "$KERNEL" -initrd "$INITRD" \
        -append 'console=ttyS0 panic=-1' </dev/null >"$tmp/console" 2>&1
    status=$?
    end=$(date +%s%N)
    cp "$tmp/console" "$tmp/last-console-$2"
    if [ $status -eq 137 ]; then
        echo "FAILED timeout after ${TIMEOUT}s"; return 1
    fi
    if [ $status -ne 0 ]; then
        echo "FAILED exit status $status"; return 1
    fi
    if ! grep -q 'reboot: Power down' "$tmp/console"; then
        echo "FAILED no power-off in the console log"; return 1
    fi
    # sha256 of 256 MiB of zeros: the job really ran
    if ! grep -q 'bench sha=a6d72ac7690f53be6ae46ba88506bd97302a093f7108472bd9efc3cefda06484' \
            "$tmp/console"; then
        echo "FAILED wrong or missing sha256sum output"; return 1
    fi
    job=$(tr -d '\r' <"$tmp/console" | awk '
        /LINUX-BOOT: bench t0=/ {
            split($3, a, "="); split($4, b, "="); printf "%.2f", b[2] - a[2]
        }')
    [ -n "$job" ] || { echo "FAILED no in-guest timing"; return 1; }
    echo "$(((end - start) / 1000000)) $job $(tail -n 1 "$tmp/rss")"
}

median() { sort -n | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME EMULATOR: sets NAME_wall, NAME_job, NAME_rss or NAME_fail.
measure() {
    local name=$1 emu=$2 i r
    : >"$tmp/$name"
    for ((i = 0; i < RUNS; i++)); do
        if ! r=$(run "$emu" "$name"); then
            eval "${name}_fail=\"\$r\""
            return 1
        fi
        echo "$r" >>"$tmp/$name"
    done
    eval "${name}_wall=$(cut -d' ' -f1 "$tmp/$name" | median |
                         awk '{ printf "%.1f", $1 / 1000 }')"
    eval "${name}_job=$(cut -d' ' -f2 "$tmp/$name" | median)"
    eval "${name}_rss=$(cut -d' ' -f3 "$tmp/$name" | median)"
}

echo "tcg-boot benchmark: -accel tcg -smp $SMP -m 512, median of $RUNS runs"
echo "  kernel: $KERNEL"
echo "  ours:   $OURS"
echo "  qemu:   $QEMU ($("$QEMU" --version | head -n 1))"
qemu_fail= ours_fail=
measure qemu "$QEMU"
measure ours "$OURS"
if [ -n "$qemu_fail" ]; then
    echo "QEMU: $qemu_fail"
    tail -n 20 "$tmp/last-console-qemu" | sed 's/^/  | /'
    die "the reference did not complete; no comparison"
fi
if [ -n "$ours_fail" ]; then
    echo
    echo "ours: $ours_fail; last console lines:"
    tail -n 20 "$tmp/last-console-ours" | sed 's/^/  | /'
    ours_wall=FAILED ours_job=FAILED ours_rss=FAILED
fi

ratio() {
    case $1 in FAILED) echo -;; *) awk -v a="$1" -v b="$2" \
        'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }';; esac
}
printf '\n%-38s %10s %10s %9s\n' metric ours qemu ours/qemu
printf '%-38s %10s %10s %9s\n' "(a) boot to power-off wall time (s)" \
    "$ours_wall" "$qemu_wall" "$(ratio "$ours_wall" "$qemu_wall")"
printf '%-38s %10s %10s %9s\n' "(b) in-guest 256 MiB sha256sum (s)" \
    "$ours_job" "$qemu_job" "$(ratio "$ours_job" "$qemu_job")"
printf '%-38s %10s %10s %9s\n' "(c) peak RSS (KiB)" \
    "$ours_rss" "$qemu_rss" "$(ratio "$ours_rss" "$qemu_rss")"
echo
echo "RATIO boot_time=$(ratio "$ours_wall" "$qemu_wall")" \
     "job_time=$(ratio "$ours_job" "$qemu_job")" \
     "rss=$(ratio "$ours_rss" "$qemu_rss")"
[ -z "$ours_fail" ]

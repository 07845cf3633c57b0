#!/bin/bash
# Foundation benchmark: our emulator against Debian's QEMU, same run, KVM.
#   (a) wall time from exec to exit of the hello guest   (median of RUNS)
#   (b) wall time of the outloop guest (200,000 OUTs)    (median of RUNS)
#   (c) peak RSS of (a)                                  (median of RUNS)
# and the ratios ours/QEMU (lower is better for all three).
#
# usage: tests/bench/foundation.sh
# Variables (environment): OURS   our binary   (default build/qemu-system-x86_64)
#                          QEMU   reference    (default /usr/bin/qemu-system-x86_64)
#                          ACCEL  kvm|tcg      (default kvm)
#                          RUNS   runs each    (default 5)
#                          BUILD  build dir    (default build)
# OURS=/usr/bin/qemu-system-x86_64 compares QEMU with itself (ratios ~1).
set -u -o pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$root/build}
OURS=${OURS:-$BUILD/qemu-system-x86_64}
QEMU=${QEMU:-/usr/bin/qemu-system-x86_64}
ACCEL=${ACCEL:-kvm}
RUNS=${RUNS:-5}
PASS_STATUS=33          # isa-debug-exit value 0x10 -> (0x10 << 1) | 1

die() { echo "foundation: $*" >&2; exit 1; }

# Debian packages this benchmark needs, installed only when missing.
need_pkgs=()
[ -x "$QEMU" ] || need_pkgs+=(qemu-system-x86)
[ -x /usr/bin/time ] || need_pkgs+=(time)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    echo "installing ${need_pkgs[*]}"
    if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
    $sudo apt-get update -qq && \
        $sudo apt-get install -y -qq "${need_pkgs[@]}" >/dev/null || \
        die "apt-get install ${need_pkgs[*]} failed"
fi
[ -x "$QEMU" ] || die "reference QEMU $QEMU not found"
[ -x "$OURS" ] || die "our emulator $OURS not found (build it, or set OURS=)"
case $RUNS in ''|*[!0-9]*|0) die "RUNS must be a positive integer" ;; esac
if [ "$ACCEL" = kvm ] && [ ! -w /dev/kvm ]; then
    die "/dev/kvm is not usable here (try ACCEL=tcg)"
fi

[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" "$root" >/dev/null || \
    die "meson setup failed"
ninja -C "$BUILD" tests/guests/hello.elf tests/guests/outloop.elf \
    >/dev/null || die "building the guests failed"
guests=$BUILD/tests/guests

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run EMULATOR GUEST: one timed run; prints "<nanoseconds> <peak RSS KiB>".
run() {
    local start end status
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$tmp/rss" \
        "$1" -accel "$ACCEL" -nodefaults -display none -no-reboot \
        -serial "file:$tmp/serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$guests/$2" </dev/null >/dev/null 2>"$tmp/stderr"
    status=$?
    end=$(date +%s%N)
    if [ $status -ne $PASS_STATUS ]; then
        echo "foundation: $1 $2: exit status $status, want $PASS_STATUS" >&2
        sed 's/^/  | /' "$tmp/stderr" "$tmp/serial" >&2
        return 1
    fi
    # GNU time prints a notice line first when the command's status != 0
    echo "$((end - start)) $(tail -n 1 "$tmp/rss")"
}

median() { sort -n | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME EMULATOR: fills $NAME_hello_ms, $NAME_out_ms, $NAME_rss_kib.
measure() {
    local name=$1 emu=$2 i r
    : >"$tmp/$name.hello"
    : >"$tmp/$name.out"
    # Alternate guests so slow drift in host load hits both alike.
    for ((i = 0; i < RUNS; i++)); do
        r=$(run "$emu" hello.elf) || return 1
        echo "$r" >>"$tmp/$name.hello"
        r=$(run "$emu" outloop.elf) || return 1
        echo "$r" >>"$tmp/$name.out"
    done
    eval "${name}_hello_ms=$(cut -d' ' -f1 "$tmp/$name.hello" | median |
                             awk '{ printf "%.1f", $1 / 1e6 }')"
    eval "${name}_out_ms=$(cut -d' ' -f1 "$tmp/$name.out" | median |
                           awk '{ printf "%.1f", $1 / 1e6 }')"
    eval "${name}_rss_kib=$(cut -d' ' -f2 "$tmp/$name.hello" | median)"
}

echo "foundation benchmark: accel=$ACCEL, median of $RUNS runs"
echo "  ours: $OURS"
echo "  qemu: $QEMU ($("$QEMU" --version | head -n 1))"
measure qemu "$QEMU" || die "measuring QEMU failed"
measure ours "$OURS" || die "measuring ours failed"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-34s %12s %12s %8s\n' metric ours qemu ours/qemu
printf '%-34s %12s %12s %8s\n' "(a) hello wall time (ms)" \
    "$ours_hello_ms" "$qemu_hello_ms" "$(ratio "$ours_hello_ms" "$qemu_hello_ms")"
printf '%-34s %12s %12s %8s\n' "(b) 200k OUT guest wall time (ms)" \
    "$ours_out_ms" "$qemu_out_ms" "$(ratio "$ours_out_ms" "$qemu_out_ms")"
printf '%-34s %12s %12s %8s\n' "(c) hello peak RSS (KiB)" \
    "$ours_rss_kib" "$qemu_rss_kib" "$(ratio "$ours_rss_kib" "$qemu_rss_kib")"
echo
echo "RATIO hello_time=$(ratio "$ours_hello_ms" "$qemu_hello_ms")" \
     "out_time=$(ratio "$ours_out_ms" "$qemu_out_ms")" \
     "hello_rss=$(ratio "$ours_rss_kib" "$qemu_rss_kib")"

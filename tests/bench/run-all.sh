#!/bin/sh
# `make bench`: every benchmark against Debian's QEMU, measured in the same
# run, each printing its ratios ours/QEMU (lower is better):
#   foundation.sh  KVM: boot-to-exit time, 200k port exits, peak RSS
#   tcg-boot.sh    TCG: Linux boot to power-off, in-guest CPU job, RSS
#   qemu-img.sh    qemu-img convert (both ways) and check
# usage: tests/bench/run-all.sh [BUILD]
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
status=0
echo "== foundation (KVM) =="
BUILD=$build "$here/foundation.sh" || status=1
echo "== Linux boot under TCG =="
BUILD=$build "$here/tcg-boot.sh" || status=1
echo "== qemu-img =="
"$here/qemu-img.sh" "$build/qemu-img" || status=1
exit $status

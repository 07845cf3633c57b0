#!/bin/sh
# `make run`: boots the demo guest on this terminal.  The demo is the
# "hello" multiboot guest from tests/guests, under KVM when it works and
# TCG otherwise (-accel kvm -accel tcg falls back like QEMU does).
# Quit with Ctrl-A x.
set -e
build=${1:-build}
qemu="$build/qemu-system-x86_64"
guest="$build/tests/guests/hello.elf"
[ -x "$qemu" ] || { echo "run-demo: $qemu not built" >&2; exit 1; }
[ -f "$guest" ] || { echo "run-demo: $guest not built" >&2; exit 1; }
echo "Booting $guest (quit with Ctrl-A x)"
status=0
"$qemu" -accel kvm -accel tcg -m 128 -nographic \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$guest" ||
    status=$?
# The guest reports success through isa-debug-exit: (0x10 << 1) | 1.
if [ "$status" = 33 ]; then
    echo "Guest finished successfully."
    exit 0
fi
echo "Guest ended with status $status." >&2
exit 1

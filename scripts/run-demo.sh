#!/bin/sh
# `make run`: boots the demo guest on this terminal: Debian's amd64 kernel
# with a busybox initramfs (fetched once with apt-get download and cached
# by tests/functional/linux-boot) under TCG, the accelerator that boots
# Linux on any host.  Its /init runs a few commands and powers off; quit
# earlier with Ctrl-A x.  Without the assets, the small multiboot "hello"
# guest runs instead.
set -e
build=${1:-build}
qemu="$build/qemu-system-x86_64"
[ -x "$qemu" ] || { echo "run-demo: $qemu not built" >&2; exit 1; }

assets=$(tests/functional/linux-boot --assets 2>/dev/null) || assets=
kernel=$(echo "$assets" | sed -n 's/^KERNEL=//p')
initrd=$(echo "$assets" | sed -n 's/^INITRD=//p')
if [ -n "$kernel" ] && [ -n "$initrd" ]; then
    echo "Booting Linux ($(basename "$kernel")) under TCG, 2 vCPUs" \
         "(quit with Ctrl-A x)"
    exec "$qemu" -accel tcg -smp 2 -m 512 -nographic -no-reboot \
        -kernel "$kernel" -initrd "$initrd" \
        -append "console=ttyS0 panic=-1 quiet"
fi

guest="$build/tests/guests/hello.elf"
echo "run-demo: Linux assets unavailable; booting $guest instead"
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

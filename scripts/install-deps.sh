#!/bin/sh
# Installs what building and testing need, from Debian's packages, when a
# piece is missing.  Runs apt-get only as root; otherwise names the command.
set -e
pkgs="meson ninja-build gcc pkg-config libglib2.0-dev libpixman-1-dev
zlib1g-dev libslirp-dev python3"
if [ "${1:-}" = --test ]; then
    # Reference oracle and guest assets used by the tests.
    pkgs="$pkgs qemu-system-x86 qemu-utils seabios"
fi
missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "Missing packages:$missing" >&2
    echo "Run: sudo apt-get install$missing" >&2
    exit 1
fi
echo "Installing:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null

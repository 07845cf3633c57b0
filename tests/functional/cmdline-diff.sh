#!/bin/sh
# Compare the first stderr line and the exit status of bad command lines
# between our emulator and a reference QEMU (Debian's, by default).
#
# usage: tests/functional/cmdline-diff.sh [OURS [REFERENCE]]
# Prints one block per difference and a summary; exits 1 if any differ.
# The program name is normalised so only the message text is compared.
ours=${1:-build/qemu-system-x86_64}
ref=${2:-/usr/bin/qemu-system-x86_64}

for bin in "$ours" "$ref"; do
    if [ ! -x "$bin" ]; then
        echo "SKIP: $bin not found"
        exit 77
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One case per line: arguments after "-display none" (word-split).
cat > "$tmp/cases" <<'CASES'
-foo
--foo
-m
-m foo
-m -1
-m size=
-m 128,foo=1
-m 128,slots=2
-m 128,maxmem=64M
-m 128,slots=4,maxmem=128M
-m 99999999999999
-smp foo
-smp foo=1
-smp cpus=4,sockets=3
-smp 2,maxcpus=1
-smp 300
-smp 1000
-M none -smp 2
-M none -smp 2,sockets=2,dies=2
-M foo
-machine pc,accel=foo
-machine foo=bar
-M none -machine foo=bar
-accel
-accel foo
-accel kvm,foo=bar
-enable-kvm -accel tcg
-accel tcg -M accel=kvm
-device foo
-M none -kernel /nonexistent
-kernel /nonexistent
-initrd /nonexistent
-append foo
-uuid foo
-uuid 12345678-1234-1234-1234-123456789abcd
-uuid
-chardev null
-chardev foo,id=x
-serial foo:bar
-monitor foo:bar
-qmp foo:bar
-mon foo
-mon chardev=x
-cpu foo
-object foo,id=x
-object memory-backend-ram
-name debug-threads=x
-display foo
-display none,foo=bar
-global foo
-vga foo
-boot foo
-rtc base=foo
-rtc base=localtime,clock=foo
-daemonize -nographic
-pidfile /nonexistent-dir/pid
-D /nonexistent-dir/log -d int
-qtest
-name
CASES

run() {
    # $1: binary; rest: args.  First stderr line and the exit status.
    bin=$1; shift
    timeout 5 "$bin" -display none "$@" </dev/null >/dev/null 2>"$tmp/err"
    rc=$?
    line=$(head -n 1 "$tmp/err" | sed "s|^[^:]*qemu-system-x86_64:|qemu-system-x86_64:|; s|^qemu:|qemu-system-x86_64:|")
    printf '%s [exit %s]\n' "$line" "$rc"
}

total=0
differ=0
while IFS= read -r args; do
    [ -z "$args" ] && continue
    total=$((total + 1))
    # shellcheck disable=SC2086
    a=$(run "$ours" $args)
    # shellcheck disable=SC2086
    b=$(run "$ref" $args)
    if [ "$a" != "$b" ]; then
        differ=$((differ + 1))
        printf 'DIFF %s\n  ours: %s\n  qemu: %s\n' "$args" "$a" "$b"
    fi
done < "$tmp/cases"
echo "$total cases, $differ differ"
[ "$differ" -eq 0 ]

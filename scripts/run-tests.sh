#!/bin/sh
# Builds and runs every test suite; the last line is "N passed, N failed".
#   scripts/run-tests.sh BUILD [SAN_BUILD]   (make check)
#   scripts/run-tests.sh --slow BUILD        (make check-slow: Linux boots)
set -u
slow=0
if [ "${1:-}" = --slow ]; then slow=1; shift; fi
build=${1:-build}
san=${2:-}
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

configure_and_build() {
    dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        ./configure --builddir="$dir" "$@" >/dev/null || return 1
    fi
    ninja -C "$dir" >"$log" 2>&1 || { tail -40 "$log"; return 1; }
}

# Runs meson test and adds its counts to the totals.
run_suites() {
    dir=$1; shift
    meson test -C "$dir" --print-errorlogs "$@" 2>&1 | tee "$log"
    ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    xfail=$(sed -n 's/^Expected Fail: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    upass=$(sed -n 's/^Unexpected Pass: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    skip=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    tout=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$log" | tail -1)
    passed=$((passed + ${ok:-0} + ${xfail:-0}))
    failed=$((failed + ${fail:-0} + ${upass:-0} + ${tout:-0}))
    skipped=$((skipped + ${skip:-0}))
    if [ -z "$ok$fail" ]; then
        failed=$((failed + 1))      # meson itself failed
    fi
}

if ! configure_and_build "$build"; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi
if [ $slow = 1 ]; then
    run_suites "$build" --suite slow
else
    run_suites "$build" --no-suite slow
    if [ -n "$san" ]; then
        echo "== sanitizer build (ASan + UBSan): unit and qtest suites =="
        if configure_and_build "$san" --enable-sanitizers --enable-debug; then
            ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
                run_suites "$san" --suite unit --suite qtest
        else
            echo "sanitizer build failed"
            failed=$((failed + 1))
        fi
    fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]

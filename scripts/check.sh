#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run every test suite and print one closing line "N passed, M failed".
# Each suite ends its own output with such a line; a suite that exits
# non-zero without reporting a failure counts as one failure (it could not
# run), so nothing is lost silently.  Logs go to build/check/.
set -u
cd "$(dirname "$0")/.."

CROSS_COMPILE=${CROSS_COMPILE:-riscv64-unknown-elf-}
export CROSS_COMPILE
logdir=build/check
mkdir -p "$logdir"

total_pass=0
total_fail=0
failed_suites=""

# What each suite's excerpt shows when it passes: its headline figures.
# A suite not listed shows its PASS/SKIP lines.
headline()
{
    case "$1" in
    format) echo ': [0-9]+ passed' ;;
    p2m-hosted) echo 'random ops, seed|^multi-domain:|^mutations:|exec/s|Done [0-9]+ runs|^MISRA|^== ' ;;
    vmid-hosted|hartmask-hosted|domid-hosted|rwlock-hosted|public-abi) echo 'seed|passed, [0-9]+ failed|^== ' ;;
    *) echo 'PASS|SKIP' ;;
    esac
}

# run_suite NAME COMMAND...: runs COMMAND with its output in
# build/check/NAME.log, saying every 30 s that it is still running.
run_suite()
{
    name=$1
    shift
    log="$logdir/$name.log"
    echo "=== $name: $*"
    start=$(date +%s)
    "$@" > "$log" 2>&1 &
    pid=$!
    next=$((start + 30))
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        now=$(date +%s)
        if [ "$now" -ge "$next" ]; then
            last=$(tail -n 1 "$log" | tr -d '\r' | cut -c1-100)
            echo "    ... $name: $((now - start)) s, last: $last"
            next=$((now + 30))
        fi
    done
    wait "$pid"
    rc=$?
    end=$(date +%s)
    # A suite run as "make -C DIR" names its files relative to DIR.
    dir=""
    if [ "$1" = make ] && [ "${2:-}" = -C ]; then
        dir="${3%/}/"
    fi
    summary=$(grep -E '^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -n "$summary" ]; then
        p=$(echo "$summary" | sed -E 's/^([A-Za-z0-9_.-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
        f=$(echo "$summary" | sed -E 's/^([A-Za-z0-9_.-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
    else
        p=0
        f=0
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "$name: exited with status $rc without reporting a failure"
    fi
    if [ "$f" -ne 0 ]; then
        grep -E 'FAIL|ERROR|error:|replay|seed' "$log" | head -n 30 |
            sed -E "s#(^|[ (])build/#\1${dir}build/#g"
        echo "    (last lines:)"
        tail -n 25 "$log" | sed -E "s#(^|[ (])build/#\1${dir}build/#g"
        echo "--- $name: FAILED; log: $log; rerun: $*"
        failed_suites="$failed_suites $name"
    else
        grep -E "$(headline "$name")" "$log" | head -n 30 |
            sed -E "s#(^|[ (])build/#\1${dir}build/#g"
    fi
    echo "--- $name: $p passed, $f failed ($((end - start)) s)"
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
}

run_suite format ./scripts/format.sh check
run_suite build ./scripts/build-check.sh
run_suite p2m-hosted make -C tools/tests/p2m check
run_suite vmid-hosted make -C tools/tests/vmid check
run_suite hartmask-hosted make -C tools/tests/hartmask check
run_suite domid-hosted make -C tools/tests/domid check
run_suite public-abi make -C tools/tests/public-abi check
run_suite rwlock-hosted make -C tools/tests/rwlock check
run_suite guest-fault-hosted make -C tools/tests/guest-fault check
run_suite qemu-smoke ./automation/scripts/qemu-smoke-riscv64.sh --with-selftest --no-linux
# Xen's CI toolchain prefix builds a hypervisor that boots too.
run_suite qemu-smoke-linux-gnu env XEN_CROSS_COMPILE=riscv64-linux-gnu- \
    XEN_BUILD_DIR="$(pwd)/build/xen-test-linux-gnu" \
    SMOKE_LOG_DIR="$(pwd)/build/check/qemu-smoke-linux-gnu" \
    ./automation/scripts/qemu-smoke-riscv64.sh --mode sv57x4 --no-domu --no-linux \
    --no-uboot
run_suite qemu-linux ./automation/scripts/qemu-smoke-riscv64.sh --with-selftest --linux
run_suite qemu-smp make -C tools/tests/smp-guest check
run_suite docs ./scripts/docs.sh

[ -z "$failed_suites" ] || echo "failed suites:$failed_suites (logs in $logdir/)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

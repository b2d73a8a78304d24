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

# run_suite NAME COMMAND...
run_suite()
{
    name=$1
    shift
    log="$logdir/$name.log"
    echo "=== $name: $*"
    start=$(date +%s)
    "$@" > "$log" 2>&1
    rc=$?
    end=$(date +%s)
    # Show the suite's own summary lines, and everything on failure.
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
        tail -n 60 "$log"
    else
        grep -E 'random ops|mutations:|fuzz|MISRA|smoke |PASS|passed' "$log" | tail -n 12
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
run_suite rwlock-hosted make -C tools/tests/rwlock check
run_suite guest-fault-hosted make -C tools/tests/guest-fault check
run_suite qemu-smoke ./automation/scripts/qemu-smoke-riscv64.sh --with-selftest
run_suite qemu-smp make -C tools/tests/smp-guest check
run_suite docs ./scripts/docs-check.sh

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

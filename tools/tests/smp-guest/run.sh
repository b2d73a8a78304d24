#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the hypervisor (build/xen-test/xen, already built by the smoke
# test, or XEN_BIN) with the SMP test dom0
# under QEMU in several configurations and judge each console: QEMU must
# exit 0 in time, the guest must print "smp-test: N passed, 0 failed",
# and neither a FAIL line nor a hypervisor crash may appear.  Prints
# "smp <config>: PASS|FAIL" per run and "N passed, M failed" last.
#
# Environment: QEMU, OPENSBI_FW, SMP_TIMEOUT (seconds per boot, 120).

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
QEMU=${QEMU:-qemu-system-riscv64}
OPENSBI_FW=${OPENSBI_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
TIMEOUT=${SMP_TIMEOUT:-120}
LOG_DIR=$HERE/build
# The test build of the hypervisor (the smoke test makes it).
XEN_BIN=${XEN_BIN:-$ROOT/build/xen-test/xen}
GUEST=$HERE/smp-guest.bin

CRASH_RE="Panic on CPU|PANIC|Assertion '.*' failed|Xen BUG|Unhandled trap"
CRASH_RE="$CRASH_RE|unexpected interrupt|domain [0-9]+ crashed"

# harts | hypervisor command line
configs=(
    "4|dom0_mem=1G dom0_max_vcpus=2"
    "2|dom0_mem=1G dom0_max_vcpus=2 p2m_mode=sv39x4 vmid_bits=0"
    "4|dom0_mem=1G dom0_max_vcpus=2 p2m_mode=sv48x4 vmid_bits=1"
)

passed=0
failed=0
mkdir -p "$LOG_DIR"

for c in "${configs[@]}"
do
    smp=${c%%|*}
    append=${c#*|}
    name="-smp $smp, $append"
    log=$LOG_DIR/smp-$passed-$failed.log

    timeout -k 10 "$TIMEOUT" "$QEMU" -machine virt -nographic -m 4G \
        -smp "$smp" -bios "$OPENSBI_FW" -kernel "$XEN_BIN" \
        -append "$append" \
        -device "guest-loader,addr=0x84000000,kernel=$GUEST" \
        > "$log" 2>&1 < /dev/null
    rc=$?

    why=""
    [ "$rc" -eq 0 ] || why="qemu exit status $rc"
    grep -Eq '^\(d0\) smp-test: [0-9]+ passed, 0 failed' "$log" ||
        why="${why:+$why, }no clean summary"
    grep -q 'smp-test: FAIL' "$log" && why="${why:+$why, }FAIL lines"
    grep -Eq "$CRASH_RE" "$log" && why="${why:+$why, }crash"

    if [ -z "$why" ]
    then
        passed=$((passed + 1))
        echo "smp $name: PASS ($(grep -Eo 'smp-test: [0-9]+ passed' "$log" |
             tail -1 | cut -d' ' -f2) checks)"
    else
        failed=$((failed + 1))
        echo "smp $name: FAIL ($why; log $log)"
        grep -E 'FAIL|Panic|crash' "$log" | head -5
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

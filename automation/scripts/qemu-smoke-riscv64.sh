#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# QEMU smoke test of the RISC-V p2m: boot the hypervisor with the p2m test
# dom0 (tools/tests/p2m-guest) once per G-stage mode and judge the console;
# then once more per mode with a domU beside dom0 (a second guest-loader
# module, the same guest in its "domu" mode, on its own hart).
#
# Usage: qemu-smoke-riscv64.sh [options]
#   --mode MODE      run only MODE (sv39x4, sv48x4, sv57x4; repeatable;
#                    default: all three)
#   --selftest       also boot a guest built to fail one scenario, and check
#                    that the judgement fails it (one more test, passing when
#                    the failure is detected); --with-selftest is the same.
#                    Unless --no-domu, also a domU told to fail a scenario
#                    beside a passing dom0: the run must fail (selftest-domu)
#   --selftest-only  run only the selftest
#   --domu           run only the dom0 + domU boots (for the modes asked)
#   --no-domu        skip the dom0 + domU boots
#   --show           stream the console while it runs
#   --no-build       use the existing xen/xen and guest images
#   --timeout SECS   per boot (default 60, or $SMOKE_TIMEOUT)
#   -h, --help
#
# Environment: CROSS_COMPILE (default riscv64-unknown-elf-), QEMU (default
# qemu-system-riscv64), OPENSBI_FW (default: Debian's fw_dynamic.bin),
# SMOKE_LOG_DIR (default automation/build/qemu-smoke-riscv64 in the tree).
#
# A mode passes when QEMU exits 0 within the timeout, the console has
# "(d0) p2m-test: N passed, 0 failed", and no FAIL line and no hypervisor
# panic/crash line.  A domU boot ("smoke domu-<mode>", -smp 4, dom0 on
# CPU0-1, domU on CPU2) also needs "(d1) p2m-test: N passed, 0 failed".
# Prints "smoke <name>: PASS|FAIL (reason)" per test and, at the end,
# "N passed, M failed"; exits non-zero if anything failed.

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CROSS_COMPILE=${CROSS_COMPILE:-riscv64-unknown-elf-}
QEMU=${QEMU:-qemu-system-riscv64}
DEBIAN_OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
OPENSBI_FW=${OPENSBI_FW:-$DEBIAN_OPENSBI}
LOG_DIR=${SMOKE_LOG_DIR:-$ROOT/automation/build/qemu-smoke-riscv64}
TIMEOUT=${SMOKE_TIMEOUT:-60}

GUEST_DIR=$ROOT/tools/tests/p2m-guest
XEN_BIN=$ROOT/xen/xen
GUEST_ADDR=0x84000000
# The domU's image, above dom0's (dom0's is the lower address).
DOMU_GUEST_ADDR=0x85000000
ALL_MODES="sv39x4 sv48x4 sv57x4"
# The scenario the selftest guest fails on purpose.
SELFTEST_SCENARIO=1
# The scenario the selftest domU fails on purpose (domu-split-4k).
SELFTEST_DOMU_SCENARIO=2

# What the hypervisor prints when it, or the domain, dies.
CRASH_RE="Panic on CPU|PANIC|Assertion '.*' failed|Xen BUG|Xen WARN|FATAL"
CRASH_RE="$CRASH_RE|Unhandled trap|unexpected interrupt"
CRASH_RE="$CRASH_RE|domain [0-9]+ crashed|dom0 crashed"
CRASH_RE="$CRASH_RE|d1: not built|d1: did not shut down"
SUMMARY_RE='^\(d0\) p2m-test: [0-9]+ passed, 0 failed'
DOMU_SUMMARY_RE='^\(d1\) p2m-test: [0-9]+ passed, 0 failed'

modes=""
selftest=0
run_modes=1
run_domu=1
show=0
build=1

usage()
{
    sed -n '/^# Usage:/,/^# "N passed/s/^# \{0,1\}//p' "$0"
}

while [ $# -gt 0 ]
do
    case "$1" in
    --mode)
        [ $# -ge 2 ] || { echo "$0: --mode needs a value" >&2; exit 2; }
        case " $ALL_MODES all " in
        *" $2 "*) ;;
        *) echo "$0: unknown mode '$2' (one of: $ALL_MODES)" >&2; exit 2 ;;
        esac
        if [ "$2" = all ]
        then
            modes=$ALL_MODES
        else
            modes="$modes $2"
        fi
        shift 2
        ;;
    --mode=*)
        set -- --mode "${1#--mode=}" "${@:2}"
        ;;
    --selftest|--with-selftest)
        selftest=1
        shift
        ;;
    --selftest-only)
        selftest=1
        run_modes=0
        run_domu=0
        shift
        ;;
    --domu)
        run_modes=0
        run_domu=1
        shift
        ;;
    --no-domu)
        run_domu=0
        shift
        ;;
    --show)
        show=1
        shift
        ;;
    --no-build)
        build=0
        shift
        ;;
    --timeout)
        [ $# -ge 2 ] || { echo "$0: --timeout needs a value" >&2; exit 2; }
        TIMEOUT=$2
        shift 2
        ;;
    -h|--help)
        usage
        exit 0
        ;;
    *)
        echo "$0: unknown option '$1' (try --help)" >&2
        exit 2
        ;;
    esac
done

[ -n "$modes" ] || modes=$ALL_MODES
case "$TIMEOUT" in
''|*[!0-9]*) echo "$0: --timeout wants seconds, got '$TIMEOUT'" >&2; exit 2 ;;
esac

passed=0
failed=0

result()
{
    local name=$1 ok=$2 reason=$3

    if [ "$ok" = 1 ]
    then
        passed=$((passed + 1))
        echo "smoke $name: PASS${reason:+ ($reason)}"
    else
        failed=$((failed + 1))
        echo "smoke $name: FAIL ($reason)"
    fi
}

finish()
{
    echo "$passed passed, $failed failed"
    if [ "$failed" -eq 0 ]
    then
        exit 0
    fi
    exit 1
}

need_tool()
{
    command -v "$1" >/dev/null 2>&1 || {
        echo "$0: $1 not found (scripts/install-deps.sh installs it)" >&2
        return 1
    }
}

mkdir -p "$LOG_DIR"

# Anything on the QEMU command line that contains a comma breaks -device.
case "$GUEST_DIR" in
*,*) echo "$0: the tree path must not contain ',': $GUEST_DIR" >&2; exit 2 ;;
esac

tools_ok=1
need_tool "$QEMU" || tools_ok=0
need_tool timeout || tools_ok=0
if [ ! -r "$OPENSBI_FW" ]
then
    echo "$0: OpenSBI firmware not found: $OPENSBI_FW (set OPENSBI_FW)" >&2
    tools_ok=0
fi
if [ "$build" = 1 ]
then
    need_tool "${CROSS_COMPILE}gcc" || tools_ok=0
    need_tool make || tools_ok=0
fi

build_ok=1
if [ "$tools_ok" = 0 ]
then
    build_ok=0
    build_reason="tools missing"
elif [ "$build" = 1 ]
then
    blog=$LOG_DIR/build.log
    : > "$blog"
    step()
    {
        echo "+ $*" >> "$blog"
        "$@" >> "$blog" 2>&1
    }
    echo "smoke: building (log: $blog)"
    if ! step make -C "$ROOT/xen" XEN_TARGET_ARCH=riscv64 \
             CROSS_COMPILE="$CROSS_COMPILE" test_defconfig ||
       ! step make -C "$ROOT/xen" XEN_TARGET_ARCH=riscv64 \
             CROSS_COMPILE="$CROSS_COMPILE" -j"$(nproc 2>/dev/null || echo 2)"
    then
        build_ok=0
        build_reason="hypervisor build failed, see $blog"
    elif { [ "$run_modes" = 1 ] || [ "$run_domu" = 1 ]; } &&
         ! step make -C "$GUEST_DIR" CROSS_COMPILE="$CROSS_COMPILE"
    then
        build_ok=0
        build_reason="guest build failed, see $blog"
    elif [ "$selftest" = 1 ] &&
         ! step make -C "$GUEST_DIR" CROSS_COMPILE="$CROSS_COMPILE" \
               FAIL_SCENARIO="$SELFTEST_SCENARIO"
    then
        build_ok=0
        build_reason="selftest guest build failed, see $blog"
    fi
    [ "$build_ok" = 1 ] || tail -n 20 "$blog" >&2
fi

if [ "$build_ok" = 1 ]
then
    for f in "$XEN_BIN" \
             $({ [ "$run_modes" = 1 ] || [ "$run_domu" = 1 ]; } &&
               echo "$GUEST_DIR/p2m-guest.bin") \
             $([ "$selftest" = 1 ] && echo "$GUEST_DIR/p2m-guest-fail.bin")
    do
        if [ ! -r "$f" ]
        then
            build_ok=0
            build_reason="missing $f"
        fi
    done
fi

# boot MODE IMAGE LOG [DOMU [DOMU_ARGS]]: run QEMU, leave its exit status
# in qemu_rc.  With DOMU=1 a second module boots the same image as domU
# d1, with DOMU_ARGS added to its bootargs.
boot()
{
    local mode=$1 image=$2 log=$3 domu=${4:-0} domu_args=${5:-}
    local loader="guest-loader,addr=$GUEST_ADDR,kernel=$image"
    local -a extra=()
    local smp=2 append="dom0_mem=1G p2m_mode=$mode"

    # The guest checks that it got the mode asked for (expect_mode).
    loader="$loader,bootargs=expect_mode=$mode"
    if [ "$domu" = 1 ]
    then
        # dom0 gets CPU0-1, so domU's vCPU goes to CPU2.
        smp=4
        append="$append dom0_max_vcpus=2 domU_mem=256M"
        extra=(-device "guest-loader,addr=$DOMU_GUEST_ADDR,kernel=$image,bootargs=expect_mode=$mode domu${domu_args:+ $domu_args}")
    fi
    set -- timeout -k 10 "$TIMEOUT" "$QEMU" -machine virt -nographic \
        -m 4G -smp "$smp" -bios "$OPENSBI_FW" -kernel "$XEN_BIN" \
        -append "$append" -device "$loader" ${extra[@]+"${extra[@]}"}

    echo "+ $*" > "$log.cmd"
    set +e
    if [ "$show" = 1 ]
    then
        "$@" < /dev/null 2>&1 | tee "$log"
        qemu_rc=${PIPESTATUS[0]}
    else
        "$@" < /dev/null > "$log" 2>&1
        qemu_rc=$?
    fi
    set -e
}

# judge LOG RC [DOMU]: sets verdict (1 pass, 0 fail) and reason.
judge()
{
    local log=$1 rc=$2 domu=${3:-0} line
    local -a why=()

    # The serial console may end lines with CR.
    tr -d '\r' < "$log" > "$log.clean"

    line=$(grep -m1 -E '\bFAIL\b' "$log.clean" || true)
    if [ -n "$line" ]
    then
        why+=("$line")
    fi
    line=$(grep -v -E '^\(d[0-9]+\)' "$log.clean" |
           grep -m1 -E "$CRASH_RE" || true)
    if [ -n "$line" ]
    then
        why+=("hypervisor: $line")
    fi
    # timeout(1) exits 124 when it stopped QEMU, 137 if it had to kill it.
    case "$rc" in
    0) ;;
    124|137) why+=("timeout after ${TIMEOUT}s") ;;
    *) why+=("qemu exit status $rc") ;;
    esac
    if ! grep -q -E "$SUMMARY_RE" "$log.clean"
    then
        why+=("no '(d0) p2m-test: N passed, 0 failed' line")
    fi
    if [ "$domu" = 1 ] && ! grep -q -E "$DOMU_SUMMARY_RE" "$log.clean"
    then
        why+=("no '(d1) p2m-test: N passed, 0 failed' line")
    fi

    if [ ${#why[@]} -eq 0 ]
    then
        verdict=1
        reason=$(grep -m1 -E "$SUMMARY_RE" "$log.clean" |
                 sed 's/^(d0) p2m-test: //')
        if [ "$domu" = 1 ]
        then
            reason="d0: $reason; d1: $(grep -m1 -E "$DOMU_SUMMARY_RE" \
                "$log.clean" | sed 's/^(d1) p2m-test: //')"
        fi
    else
        verdict=0
        reason=""
        for line in "${why[@]}"
        do
            reason="${reason:+$reason; }$line"
        done
    fi
    rm -f "$log.clean"
}

if [ "$run_modes" = 1 ]
then
    for mode in $modes
    do
        if [ "$build_ok" = 0 ]
        then
            result "$mode" 0 "$build_reason"
            continue
        fi
        log=$LOG_DIR/$mode.log
        [ "$show" = 0 ] || echo "smoke $mode: booting (log: $log)"
        boot "$mode" "$GUEST_DIR/p2m-guest.bin" "$log"
        judge "$log" "$qemu_rc"
        result "$mode" "$verdict" "$reason"
        [ "$verdict" = 1 ] || echo "smoke $mode: console log: $log"
    done
fi

if [ "$run_domu" = 1 ]
then
    for mode in $modes
    do
        if [ "$build_ok" = 0 ]
        then
            result "domu-$mode" 0 "$build_reason"
            continue
        fi
        log=$LOG_DIR/domu-$mode.log
        [ "$show" = 0 ] || echo "smoke domu-$mode: booting (log: $log)"
        boot "$mode" "$GUEST_DIR/p2m-guest.bin" "$log" 1
        judge "$log" "$qemu_rc" 1
        result "domu-$mode" "$verdict" "$reason"
        [ "$verdict" = 1 ] || echo "smoke domu-$mode: console log: $log"
    done
fi

# Per-domain modes: dom0 in Sv57x4 beside a domU whose module asks for
# Sv39x4 (mmu-type=); each guest checks its own mode (expect_mode) and
# that GFNs beyond its own width are rejected.
if [ "$run_domu" = 1 ] && [ "$build_ok" = 1 ] &&
   [[ " $modes " == *" sv57x4 "* ]]
then
    log=$LOG_DIR/domu-mixed.log
    boot sv57x4 "$GUEST_DIR/p2m-guest.bin" "$log" 1 \
        "mmu-type=sv39x4 expect_mode=sv39x4"
    judge "$log" "$qemu_rc" 1
    result domu-mixed "$verdict" "$reason"
    [ "$verdict" = 1 ] || echo "smoke domu-mixed: console log: $log"
fi

if [ "$selftest" = 1 ]
then
    if [ "$build_ok" = 0 ]
    then
        result selftest 0 "$build_reason"
    else
        # The first mode asked for is enough to prove the judgement.
        # shellcheck disable=SC2086
        set -- $modes
        mode=$1
        log=$LOG_DIR/selftest-$mode.log
        boot "$mode" "$GUEST_DIR/p2m-guest-fail.bin" "$log"
        judge "$log" "$qemu_rc"
        if [ "$verdict" = 1 ]
        then
            result selftest 0 "the deliberately failing guest passed"
        elif ! grep -q "deliberate failure (FAIL_SCENARIO=$SELFTEST_SCENARIO" \
                    "$log"
        then
            result selftest 0 \
                "the failing guest did not fail as built to: $reason"
        elif [ "$qemu_rc" -eq 0 ]
        then
            result selftest 0 \
                "failure printed, but QEMU exited 0 (SRST reason lost)"
        else
            result selftest 1 "failure detected: $reason"
        fi

        # A failing domU must fail the run even though dom0 passes.
        if [ "$run_domu" = 1 ]
        then
            log=$LOG_DIR/selftest-domu-$mode.log
            boot "$mode" "$GUEST_DIR/p2m-guest.bin" "$log" 1 \
                 "fail_scenario=$SELFTEST_DOMU_SCENARIO"
            judge "$log" "$qemu_rc" 1
            if [ "$verdict" = 1 ]
            then
                result selftest-domu 0 "the deliberately failing domU passed"
            elif ! grep -q "^(d1) p2m-test: .*deliberate failure" "$log" ||
                 ! grep -q -E "$SUMMARY_RE" "$log"
            then
                result selftest-domu 0 \
                    "the domU did not fail as told, or dom0 failed: $reason"
            elif [ "$qemu_rc" -eq 0 ]
            then
                result selftest-domu 0 \
                    "domU failure printed, but QEMU exited 0 (not held)"
            else
                result selftest-domu 1 "failure detected: $reason"
            fi
        fi
    fi
fi

finish

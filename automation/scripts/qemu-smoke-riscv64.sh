#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# QEMU smoke test of the RISC-V p2m: boot the hypervisor with the p2m test
# dom0 (tools/tests/p2m-guest) once per G-stage mode and judge the console;
# then once more per mode with a domU beside dom0 (a second guest-loader
# module, the same guest in its "domu" mode, on its own hart); then once
# per mode with a real Linux dom0 (tools/tests/linux-dom0: Debian's Linux
# 6.1 with our balloon driver and a test /init) on two vCPUs.
#
# Usage: qemu-smoke-riscv64.sh [options]
#   --mode MODE      run only MODE (sv39x4, sv48x4, sv57x4; repeatable;
#                    default: all three)
#   --selftest       also boot a guest built to fail one scenario, and check
#                    that the judgement fails it (one more test, passing when
#                    the failure is detected); --with-selftest is the same.
#                    Unless --no-domu, also a domU told to fail a scenario
#                    beside a passing dom0: the run must fail (selftest-domu)
#                    With Linux boots, also a Linux dom0 told to fail a
#                    scenario (selftest-linux)
#   --selftest-only  run only the (bare-metal dom0's) selftest
#   --domu           run only the dom0 + domU boots (for the modes asked)
#   --no-domu        skip the dom0 + domU boots
#   --linux          run only the Linux dom0 boots (for the modes asked)
#   --no-linux       skip the Linux dom0 boots
#   --uboot          run only the U-Boot dom0 boot
#   --no-uboot       skip the U-Boot dom0 boot
#   --show           stream the console while it runs; only the plain
#                    dom0 boots unless --domu or --linux is given
#   --no-build       use the existing hypervisor and guest images
#   --xen FILE       boot this hypervisor instead of building one (implies
#                    nothing about the guests; make run passes xen/xen)
#   --timeout SECS   per boot (default 60, or $SMOKE_TIMEOUT; Linux boots
#                    get 240, or $SMOKE_LINUX_TIMEOUT)
#   -h, --help
#
# The hypervisor is built out of tree with test_defconfig in
# build/xen-test (XEN_BUILD_DIR), so xen/.config is never touched.
# Environment: XEN_CMDLINE and DOM0_CMDLINE (added to the hypervisor's and
# dom0's command lines), CROSS_COMPILE (default riscv64-unknown-elf-),
# XEN_CROSS_COMPILE (the hypervisor's, default CROSS_COMPILE), QEMU (default
# qemu-system-riscv64), OPENSBI_FW (default: Debian's fw_dynamic.bin),
# SMOKE_LOG_DIR (default automation/build/qemu-smoke-riscv64 in the tree).
#
# A mode passes when QEMU exits 0 within the timeout, the console has
# "(d0) p2m-test: N passed, 0 failed, 0 skipped", and no FAIL line and no
# hypervisor panic/crash line.  These boots give the test guest everything
# its scenarios need, so a skipped scenario fails the boot ("scenarios
# skipped: ..."), unless XEN_CMDLINE or DOM0_CMDLINE change the boot: then
# the skips are only reported.  A domU boot ("smoke domu-<mode>", -smp 4, dom0 on
# CPU0-1, domU on CPU2) also needs "(d1) p2m-test: N passed, 0 failed".
# "smoke lifecycle-<mode>" boots dom0 in its lifecycle mode beside a boot
# domU that powers off (and is destroyed by the hypervisor); then dom0
# builds 20 domains from the domU module, half of which power off and are
# destroyed by the hypervisor, and destroys the others.  The Linux boots
# build and destroy 20 domains from Linux (linux_dom0.lifecycle=20), while
# Linux balloons.
# "smoke fault-loop" boots a guest whose trap handler loops on a fault:
# the (debug) hypervisor must say so.
# A Linux boot ("smoke linux-<mode>") needs "(d0) linux-dom0: N passed,
# 0 failed", no FAIL line, no kernel panic or oops and QEMU's exit 0.
# The U-Boot boot ("smoke uboot", -cpu rv64,svpbmt=on) runs Debian's
# S-mode U-Boot as dom0, driving the UART passed through to it: its banner
# and prompt must appear, a command typed at the prompt must run, and its
# poweroff must end QEMU with status 0.
# Prints "smoke <name>: PASS|FAIL (reason)" per test and, at the end
# (with --show: "smoke: N boots passed, M failed"),
# "N passed, M failed"; exits non-zero if anything failed.

set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CROSS_COMPILE=${CROSS_COMPILE:-riscv64-unknown-elf-}
# The hypervisor's toolchain may differ from the guests' (Xen's CI uses
# riscv64-linux-gnu-).
XEN_CROSS_COMPILE=${XEN_CROSS_COMPILE:-$CROSS_COMPILE}
QEMU=${QEMU:-qemu-system-riscv64}
DEBIAN_OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
OPENSBI_FW=${OPENSBI_FW:-$DEBIAN_OPENSBI}
LOG_DIR=${SMOKE_LOG_DIR:-$ROOT/automation/build/qemu-smoke-riscv64}
TIMEOUT=${SMOKE_TIMEOUT:-60}
LINUX_TIMEOUT=${SMOKE_LINUX_TIMEOUT:-240}

GUEST_DIR=$ROOT/tools/tests/p2m-guest
XEN_BUILD_DIR=${XEN_BUILD_DIR:-$ROOT/build/xen-test}
XEN_BIN=$XEN_BUILD_DIR/xen
build_xen=1
FAULT_LOOP_DIR=$ROOT/tools/tests/fault-loop-guest
UBOOT_IMAGE=${UBOOT_IMAGE:-/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin}
LINUX_DIR=$ROOT/tools/tests/linux-dom0
LINUX_IMAGE=$ROOT/build/linux-dom0/Image
# The Linux dom0's kernel command line; linux_dom0.* options are its
# /init's (see tools/tests/linux-dom0/README.md).
LINUX_BOOTARGS="console=hvc0 earlycon=sbi linux_dom0.cpus=2 linux_dom0.lifecycle=20"
# The scenario the Linux selftest fails on purpose.
SELFTEST_LINUX_SCENARIO=balloon-in
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
LINUX_SUMMARY_RE='^\(d0\) linux-dom0: [0-9]+ passed, 0 failed'
# What Linux prints when it dies.
LINUX_CRASH_RE='^\(d0\) .*(Kernel panic|Oops|BUG: |Unable to handle kernel)'

modes=""
selftest=0
run_modes=1
run_domu=1
run_linux=1
run_uboot=1
linux_only=0
extra_append=""
extra_dom0=""
asked_kind=0
type_keys=0
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
        run_linux=0
        run_uboot=0
        shift
        ;;
    --domu)
        run_modes=0
        run_domu=1
        run_linux=0
        run_uboot=0
        asked_kind=1
        shift
        ;;
    --no-domu)
        run_domu=0
        shift
        ;;
    --linux)
        run_modes=0
        run_domu=0
        run_linux=1
        run_uboot=0
        linux_only=1
        asked_kind=1
        shift
        ;;
    --uboot)
        run_modes=0
        run_domu=0
        run_linux=0
        run_uboot=1
        linux_only=1
        asked_kind=1
        shift
        ;;
    --no-uboot)
        run_uboot=0
        shift
        ;;
    --no-linux)
        run_linux=0
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
    --xen)
        [ $# -ge 2 ] || { echo "$0: --xen needs a file" >&2; exit 2; }
        XEN_BIN=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
        build_xen=0
        shift 2
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
# Watching a boot (--show) means the plain dom0 boot, unless --domu or
# --linux says otherwise.
if [ "$show" = 1 ] && [ "$asked_kind" = 0 ]
then
    run_domu=0
    run_linux=0
    run_uboot=0
fi
case "$TIMEOUT$LINUX_TIMEOUT" in
''|*[!0-9]*) echo "$0: --timeout wants seconds, got '$TIMEOUT'" >&2; exit 2 ;;
esac

passed=0
failed=0
# The standard boots must run every scenario; boots the user changed may
# lack what some need.
strict_skips=1
[ -z "${XEN_CMDLINE:-}${DOM0_CMDLINE:-}" ] || strict_skips=0

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
    # Under --show the console above has the guests' own "N passed, M
    # failed" lines: say that this one counts boots.
    if [ "$show" = 1 ]
    then
        echo "smoke: $passed boot$([ "$passed" = 1 ] || echo s) passed," \
             "$failed failed"
    else
        echo "$passed passed, $failed failed"
    fi
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

# mode_level MODE: the root level of a G-stage mode.
mode_level()
{
    case "$1" in
    sv39x4) echo 2 ;;
    sv48x4) echo 3 ;;
    *) echo 4 ;;
    esac
}

# skip_mode NAME MODE: true (after saying SKIP) when the hypervisor's own
# configuration (the .config beside it) caps the G-stage mode below MODE:
# the boot could only fail on the guest's expect_mode check.
skip_mode()
{
    local cap cfg
    cfg=$(dirname "$XEN_BIN")/.config

    [ -r "$cfg" ] || return 1
    cap=$(sed -n 's/^CONFIG_GSTAGE_MAX_\(SV[0-9]*X4\)=y/\1/p' "$cfg" |
          tr 'A-Z' 'a-z')
    [ -n "$cap" ] || return 1
    [ "$(mode_level "$2")" -gt "$(mode_level "$cap")" ] || return 1
    echo "smoke $1: SKIP (this hypervisor is configured for at most $cap)"
    return 0
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
    if [ "$build_xen" = 1 ] &&
       { ! step make -C "$ROOT/xen" XEN_TARGET_ARCH=riscv64 \
              CROSS_COMPILE="$XEN_CROSS_COMPILE" O="$XEN_BUILD_DIR" \
              test_defconfig ||
         ! step make -C "$ROOT/xen" XEN_TARGET_ARCH=riscv64 \
              CROSS_COMPILE="$XEN_CROSS_COMPILE" O="$XEN_BUILD_DIR" \
              -j"$(nproc 2>/dev/null || echo 2)"; }
    then
        build_ok=0
        build_reason="hypervisor build failed, see $blog"
    elif { [ "$run_modes" = 1 ] || [ "$run_domu" = 1 ] ||
           [ "$run_linux" = 1 ]; } &&
         ! step make -C "$GUEST_DIR" CROSS_COMPILE="$CROSS_COMPILE"
    then
        build_ok=0
        build_reason="guest build failed, see $blog"
    elif [ "$run_modes" = 1 ] &&
         ! step make -C "$FAULT_LOOP_DIR" CROSS_COMPILE="$CROSS_COMPILE"
    then
        build_ok=0
        build_reason="fault-loop guest build failed, see $blog"
    elif [ "$selftest" = 1 ] && [ "$linux_only" = 0 ] &&
         ! step make -C "$GUEST_DIR" CROSS_COMPILE="$CROSS_COMPILE" \
               FAIL_SCENARIO="$SELFTEST_SCENARIO"
    then
        build_ok=0
        build_reason="selftest guest build failed, see $blog"
    fi
    if [ "$build_ok" = 1 ] && [ "$run_linux" = 1 ] &&
       ! step make -C "$LINUX_DIR"
    then
        build_ok=0
        build_reason="Linux dom0 build failed, see $blog"
    fi
    [ "$build_ok" = 1 ] || tail -n 20 "$blog" >&2
fi

if [ "$build_ok" = 1 ]
then
    for f in "$XEN_BIN" \
             $({ [ "$run_modes" = 1 ] || [ "$run_domu" = 1 ] ||
                 [ "$run_linux" = 1 ]; } &&
               echo "$GUEST_DIR/p2m-guest.bin") \
             $([ "$selftest" = 1 ] && [ "$linux_only" = 0 ] &&
               echo "$GUEST_DIR/p2m-guest-fail.bin") \
             $([ "$run_linux" = 1 ] && echo "$LINUX_IMAGE")
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
# d1, with DOMU_ARGS added to its bootargs.  With DOMU=linux, IMAGE is
# the Linux dom0 (two vCPUs) and DOMU_ARGS go on its command line.
boot()
{
    local mode=$1 image=$2 log=$3 domu=${4:-0} domu_args=${5:-}
    local loader="guest-loader,addr=$GUEST_ADDR,kernel=$image"
    local -a extra=()
    local smp=2 append="dom0_mem=1G p2m_mode=$mode"
    local limit=$TIMEOUT

    if [ "$domu" = linux ]
    then
        # dom0 on CPU0-1 builds and destroys domains from the second
        # module (the test guest as a domU) on CPU2.
        smp=3
        append="$append dom0_max_vcpus=2 domU_on_demand domU_mem=64M"
        loader="$loader,bootargs=$LINUX_BOOTARGS${domu_args:+ $domu_args}"
        extra=(-device "guest-loader,addr=$DOMU_GUEST_ADDR,kernel=$GUEST_DIR/p2m-guest.bin,bootargs=domu lifecycle")
        limit=$LINUX_TIMEOUT
    else
        # The guest checks that it got the mode asked for (expect_mode).
        loader="$loader,bootargs=expect_mode=$mode"
    fi
    # The user's options come last, so they win.
    append="$append${XEN_CMDLINE:+ $XEN_CMDLINE}${extra_append:+ $extra_append}"
    loader="$loader${extra_dom0:+ $extra_dom0}${DOM0_CMDLINE:+ $DOM0_CMDLINE}"
    if [ "$domu" = lifecycle ]
    then
        # The second module runs at boot as d1 on CPU1, powers off and is
        # destroyed by the hypervisor; then dom0 (CPU0) builds and destroys
        # domains from the module, on CPU1, itself.
        smp=2
        append="$append domU_mem=64M"
        loader="$loader lifecycle"
        extra=(-device "guest-loader,addr=$DOMU_GUEST_ADDR,kernel=$image,bootargs=domu lifecycle")
    fi
    if [ "$domu" = 1 ]
    then
        # dom0 gets CPU0-1, so domU's vCPU goes to CPU2.
        smp=4
        append="$append dom0_max_vcpus=2 domU_mem=256M"
        extra=(-device "guest-loader,addr=$DOMU_GUEST_ADDR,kernel=$image,bootargs=expect_mode=$mode domu${domu_args:+ $domu_args}")
    fi
    set -- timeout -k 10 "$limit" "$QEMU" -machine virt -nographic \
        -m 4G -smp "$smp" -bios "$OPENSBI_FW" -kernel "$XEN_BIN" \
        -append "$append" -device "$loader" ${extra[@]+"${extra[@]}"}

    # Quoted, so that the log's command can be pasted into a shell.
    printf '+' > "$log.cmd"
    printf ' %q' "$@" >> "$log.cmd"
    echo >> "$log.cmd"
    boot_limit=$limit
    set +e
    if [ "$type_keys" = 1 ]
    then
        boot_typing "$@"
    elif [ "$show" = 1 ]
    then
        "$@" < /dev/null 2>&1 | tee "$log"
        qemu_rc=${PIPESTATUS[0]}
    else
        "$@" < /dev/null > "$log" 2>&1
        qemu_rc=$?
    fi
    set -e
}

# boot_typing QEMU-COMMAND...: boot() for a Linux dom0 whose console we
# type into: once /init runs, switch the console input to the hypervisor
# (Ctrl-A three times: under -nographic QEMU wants Ctrl-A Ctrl-A for each),
# press the debug keys h, r, q and l, and switch back.
boot_typing()
{
    local fifo=$log.input waited=0

    rm -f "$fifo"
    mkfifo "$fifo"
    "$@" < "$fifo" > "$log" 2>&1 &
    local pid=$!
    exec 3> "$fifo"
    while [ "$waited" -lt $((boot_limit * 10)) ] && kill -0 "$pid" 2>/dev/null &&
          ! grep -q 'linux-dom0: /init started' "$log"
    do
        sleep 0.1
        waited=$((waited + 1))
    done
    printf '\001\001\001\001\001\001' >&3
    for key in h r q l
    do
        sleep 1
        printf '%s' "$key" >&3
    done
    sleep 1
    printf '\001\001\001\001\001\001' >&3
    wait "$pid"
    qemu_rc=$?
    exec 3>&-
    rm -f "$fifo"
}

# judge LOG RC [DOMU]: sets verdict (1 pass, 0 fail) and reason.  DOMU
# is 1 for a dom0 + domU boot, linux for a Linux dom0.
judge()
{
    local log=$1 rc=$2 domu=${3:-0} line summary_re=$SUMMARY_RE skipped
    local -a why=()

    [ "$domu" != linux ] || summary_re=$LINUX_SUMMARY_RE

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
    line=$(grep -m1 -E "$LINUX_CRASH_RE" "$log.clean" || true)
    if [ -n "$line" ]
    then
        why+=("Linux: $line")
    fi
    # timeout(1) exits 124 when it stopped QEMU, 137 if it had to kill it.
    case "$rc" in
    0) ;;
    124|137) why+=("timeout after ${boot_limit}s") ;;
    *) why+=("qemu exit status $rc") ;;
    esac
    if ! grep -q -E "$summary_re" "$log.clean"
    then
        why+=("no '$(echo "$summary_re" | sed 's/^^//; s/\\//g; s/\[0-9\]+/N/')' line")
    fi
    if [ "$domu" = 1 ] && ! grep -q -E "$DOMU_SUMMARY_RE" "$log.clean"
    then
        why+=("no '(d1) p2m-test: N passed, 0 failed' line")
    fi
    # The test guest's skips, one reason each: "d0 a, b (needs ...); ...".
    skipped=""
    if [ "$domu" != linux ]
    then
        skipped=$(grep -E '^\(d[0-9]+\) p2m-test: [a-z0-9-]+: SKIP \(' \
                      "$log.clean" |
                  sed -E 's/^\((d[0-9]+)\) p2m-test: ([a-z0-9-]+): SKIP \((.*)\)$/\1|\2|\3/' |
                  awk -F'|' '{
                      k = $1 "|" $3
                      if (!(k in names)) { order[++n] = k; names[k] = $2 }
                      else names[k] = names[k] ", " $2
                  } END {
                      for (i = 1; i <= n; i++) {
                          split(order[i], p, "|")
                          printf "%s%s %s (%s)", (i > 1 ? "; " : ""), p[1],
                                 names[order[i]], p[2]
                      }
                  }')
        if [ -z "$skipped" ] &&
           grep -q -E '^\(d[0-9]+\) p2m-test: [0-9]+ passed, [0-9]+ failed, [1-9][0-9]* skipped' \
                "$log.clean"
        then
            skipped="a summary counts skips, but no SKIP line says which"
        fi
    fi
    if [ -n "$skipped" ] && [ "$strict_skips" = 1 ]
    then
        why+=("scenarios skipped: $skipped")
    fi

    if [ ${#why[@]} -eq 0 ]
    then
        verdict=1
        reason="d0: $(grep -m1 -E "$summary_re" "$log.clean" |
                      sed -E 's/^\(d0\) [a-z0-9-]+: //')"
        if [ "$domu" = 1 ]
        then
            reason="$reason; d1: $(grep -m1 -E "$DOMU_SUMMARY_RE" \
                "$log.clean" | sed 's/^(d1) p2m-test: //')"
        fi
        [ -z "$skipped" ] || reason="$reason; skipped: $skipped"
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
        ! skip_mode "$mode" "$mode" || continue
        log=$LOG_DIR/$mode.log
        [ "$show" = 0 ] || echo "smoke $mode: booting (log: $log)"
        boot "$mode" "$GUEST_DIR/p2m-guest.bin" "$log"
        judge "$log" "$qemu_rc"
        result "$mode" "$verdict" "$reason"
        [ "$verdict" = 1 ] || echo "smoke $mode: console log: $log"
    done
fi

# Malformed and unknown options are reported, and the boot goes on with
# the defaults (or the option's earlier, valid occurrence).  The guest's
# many_runs also gives its p2m more runs than dump_layout prints: the dump
# must stop at 64, then count the rest.
if [ "$run_modes" = 1 ] && [ "$build_ok" = 1 ] && [ "$show" = 0 ]
then
    # shellcheck disable=SC2086
    set -- $modes
    mode=$1
    log=$LOG_DIR/options-$mode.log
    extra_append="foo=1 vmid_bits=x dom0_max_vcpus=9 p2m_mode=sv99 dom0_mem=-1"
    extra_dom0=many_runs
    boot "$mode" "$GUEST_DIR/p2m-guest.bin" "$log"
    extra_append=""
    extra_dom0=""
    judge "$log" "$qemu_rc"
    # "shown more total" of the first dump that was cut short.
    cap=$(tr -d '\r' < "$log" | awk '
        /^\(XEN\) d0: p2m layout, / { n = 0; next }
        /^\(XEN\) d0:   0x/ { n++; next }
        /^\(XEN\) d0:   \.\.\. [0-9]+ more runs/ { more = $4; shown = n; next }
        /^\(XEN\) d0: p2m layout: [0-9]+ runs/ {
            if (more != "") { print shown, more, $5; exit }
        }')
    # shellcheck disable=SC2086
    set -- $cap 0 0 0
    if [ -z "$cap" ] || [ "$1" -ne 64 ] || [ "$3" -ne $(($1 + $2)) ]
    then
        verdict=0
        reason="dump_layout's cap: '${cap:-no dump cut short}', expected 64 runs shown, then N more of 64 + N${reason:+; $reason}"
    fi
    for want in 'parameter "foo" unknown!' \
                'parameter "vmid_bits" has invalid value "x"' \
                'parameter "p2m_mode" has invalid value "sv99"' \
                'parameter "dom0_mem" has invalid value "-1"' \
                'dom0_max_vcpus=9: only 2 CPU(s): using 2'
    do
        if ! grep -qF "$want" "$log"
        then
            verdict=0
            reason="no '$want' on the console${reason:+; $reason}"
        fi
    done
    result "options-$mode" "$verdict" "$reason"
fi

# A guest whose handler returns to the faulting load: the (debug)
# hypervisor must name the loop; the guest powers off by itself.
if [ "$run_modes" = 1 ] && [ "$build_ok" = 1 ] && [ "$show" = 0 ]
then
    # shellcheck disable=SC2086
    set -- $modes
    mode=$1
    log=$LOG_DIR/fault-loop-$mode.log
    boot "$mode" "$FAULT_LOOP_DIR/fault-loop-guest.bin" "$log"
    tr -d '\r' < "$log" > "$log.clean"
    want='^\(XEN\) d0v0: the same exception \(scause 5, stval 0x1000\) was reflected 10000 times in a row'
    if ! grep -q -E "$want" "$log.clean"
    then
        result "fault-loop-$mode" 0 "no 'reflected 10000 times in a row' line (log: $log)"
    elif [ "$qemu_rc" -ne 0 ]
    then
        result "fault-loop-$mode" 0 "qemu exit status $qemu_rc (log: $log)"
    else
        result "fault-loop-$mode" 1 "the loop was named"
    fi
    rm -f "$log.clean"
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
        ! skip_mode "domu-$mode" "$mode" || continue
        log=$LOG_DIR/domu-$mode.log
        [ "$show" = 0 ] || echo "smoke domu-$mode: booting (log: $log)"
        boot "$mode" "$GUEST_DIR/p2m-guest.bin" "$log" 1
        judge "$log" "$qemu_rc" 1
        result "domu-$mode" "$verdict" "$reason"
        [ "$verdict" = 1 ] || echo "smoke domu-$mode: console log: $log"
    done
fi

# Domains that come and go: dom0 builds a domain from the domU module, 20
# times, after the boot domU went; each ends (its own poweroff or dom0's
# destroy) and the free heap must be back where it started.
if [ "$run_domu" = 1 ] && [ "$build_ok" = 1 ]
then
    for mode in $modes
    do
        ! skip_mode "lifecycle-$mode" "$mode" || continue
        log=$LOG_DIR/lifecycle-$mode.log
        boot "$mode" "$GUEST_DIR/p2m-guest.bin" "$log" lifecycle
        judge "$log" "$qemu_rc"
        [ "$show" = 1 ] || tr -d '\r' < "$log" |
            grep -E '^\(d0\) p2m-test: lifecycle: PASS' | sed 's/^/    /'
        result "lifecycle-$mode" "$verdict" "$reason"
        [ "$verdict" = 1 ] || echo "smoke lifecycle-$mode: console log: $log"
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

if [ "$run_linux" = 1 ]
then
    for mode in $modes
    do
        if [ "$build_ok" = 0 ]
        then
            result "linux-$mode" 0 "$build_reason"
            continue
        fi
        ! skip_mode "linux-$mode" "$mode" || continue
        log=$LOG_DIR/linux-$mode.log
        [ "$show" = 0 ] || echo "smoke linux-$mode: booting (log: $log)"
        # In the last mode, also type the debug keys on dom0's console.
        [ "$show" = 1 ] || [ "$mode" != "${modes##* }" ] || type_keys=1
        boot "$mode" "$LINUX_IMAGE" "$log" linux
        judge "$log" "$qemu_rc" linux
        # The scenarios' own lines say what the kernel made the p2m do.
        [ "$show" = 1 ] || tr -d '\r' < "$log" |
            grep -E '^\(d0\) linux-dom0: [a-z-]+: ' | sed 's/^/    /'
        result "linux-$mode" "$verdict" "$reason"
        [ "$verdict" = 1 ] || echo "smoke linux-$mode: console log: $log"
        if [ "$type_keys" = 1 ]
        then
            type_keys=0
            why=""
            for want in '\(XEN\) \*\*\* Console input to Xen' \
                        "\\(XEN\\)  key 'r': audit each domain's p2m" \
                        '\(XEN\) d0: p2m audit: 0 violation' \
                        '\(XEN\) p2m of d0: ' \
                        '\(XEN\) d0: p2m layout: [0-9]+ runs' \
                        '\(XEN\) \*\*\* Console input to dom0'
            do
                tr -d '\r' < "$log" | grep -q -E "$want" ||
                    why="${why:+$why; }no '$want'"
            done
            if [ -z "$why" ]
            then
                result "keys-linux-$mode" 1 "Ctrl-A x3, h, r, q, l, Ctrl-A x3 on dom0's console"
            else
                result "keys-linux-$mode" 0 "$why (log: $log)"
            fi
        fi
    done
fi

# Debian's S-mode U-Boot as dom0: a guest nobody here wrote, on the UART
# the hypervisor passes through (PBMT IO with Svpbmt).  Commands go to
# QEMU's serial input once the prompt is there.
if [ "$run_uboot" = 1 ]
then
    # shellcheck disable=SC2086
    set -- $modes
    mode=$1
    log=$LOG_DIR/uboot-$mode.log
    if [ "$build_ok" = 0 ]
    then
        result "uboot-$mode" 0 "$build_reason"
    elif [ ! -r "$UBOOT_IMAGE" ]
    then
        result "uboot-$mode" 0 "no $UBOOT_IMAGE (package u-boot-qemu)"
    else
        fifo=$LOG_DIR/uboot-input
        rm -f "$fifo"
        mkfifo "$fifo"
        set -- timeout -k 10 "$TIMEOUT" "$QEMU" -machine virt -nographic \
            -cpu rv64,svpbmt=on -m 2G -smp 1 -bios "$OPENSBI_FW" \
            -kernel "$XEN_BIN" -append "dom0_mem=512M p2m_mode=$mode" \
            -device "guest-loader,addr=$GUEST_ADDR,kernel=$UBOOT_IMAGE"
        printf '+' > "$log.cmd"
        printf ' %q' "$@" >> "$log.cmd"
        echo >> "$log.cmd"
        boot_limit=$TIMEOUT
        "$@" < "$fifo" > "$log" 2>&1 &
        qemu_pid=$!
        exec 3> "$fifo"
        # Wait for the prompt (after the autoboot countdown and its
        # failed boot attempts), then type.
        waited=0
        while [ "$waited" -lt $((TIMEOUT * 10)) ] &&
              kill -0 "$qemu_pid" 2>/dev/null &&
              ! tr -d '\r' < "$log" | grep -q '^=> '
        do
            sleep 0.1
            waited=$((waited + 1))
        done
        printf 'version\r' >&3
        sleep 1
        printf 'poweroff\r' >&3
        set +e
        wait "$qemu_pid"
        qemu_rc=$?
        set -e
        exec 3>&-
        rm -f "$fifo"
        [ "$show" = 0 ] || cat "$log"

        tr -d '\r' < "$log" > "$log.clean"
        why=""
        for want in '^\(XEN\) dom0: UART .* passed through .*PBMT IO' \
                    '^U-Boot 20[0-9.]+' '^Out: +serial@' \
                    '^=> version' 'riscv64-linux-gnu-gcc' '^poweroff' \
                    '^\(XEN\) dom0 is down: powering off \(success\)'
        do
            grep -q -E "$want" "$log.clean" || why="${why:+$why; }no '$want'"
        done
        line=$(grep -m1 -E "$CRASH_RE" "$log.clean" || true)
        [ -z "$line" ] || why="${why:+$why; }hypervisor: $line"
        case "$qemu_rc" in
        0) ;;
        124|137) why="${why:+$why; }timeout after ${TIMEOUT}s" ;;
        *) why="${why:+$why; }qemu exit status $qemu_rc" ;;
        esac
        rm -f "$log.clean"
        if [ -z "$why" ]
        then
            result "uboot-$mode" 1 "$(grep -m1 -a -o 'U-Boot 20[^ ]*' "$log") prompt, command, poweroff"
        else
            result "uboot-$mode" 0 "$why"
            echo "smoke uboot-$mode: console log: $log"
        fi
    fi
fi

if [ "$selftest" = 1 ] && [ "$linux_only" = 0 ]
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

# A Linux dom0 told to fail one scenario must fail the run, and power
# off with the failure reason (QEMU's exit status).
if [ "$selftest" = 1 ] && [ "$run_linux" = 1 ]
then
    if [ "$build_ok" = 0 ]
    then
        result selftest-linux 0 "$build_reason"
    else
        # shellcheck disable=SC2086
        set -- $modes
        mode=$1
        log=$LOG_DIR/selftest-linux-$mode.log
        boot "$mode" "$LINUX_IMAGE" "$log" linux \
             "linux_dom0.fail=$SELFTEST_LINUX_SCENARIO"
        judge "$log" "$qemu_rc" linux
        if [ "$verdict" = 1 ]
        then
            result selftest-linux 0 "the deliberately failing Linux dom0 passed"
        elif ! grep -q "linux-dom0: $SELFTEST_LINUX_SCENARIO: FAIL (.*deliberate failure" \
                    "$log"
        then
            result selftest-linux 0 \
                "the Linux dom0 did not fail as told to: $reason"
        elif [ "$qemu_rc" -eq 0 ]
        then
            result selftest-linux 0 \
                "failure printed, but QEMU exited 0 (SRST reason lost)"
        else
            result selftest-linux 1 "failure detected: $reason"
        fi
    fi
fi

finish

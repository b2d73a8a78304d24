#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The "make check" driver: runs every stage, counts PASS/FAIL lines, and
# ends with "N passed, M failed" (exit 1 on any failure).  Usage:
#   run-check.sh MAKE BUILD_DIR SEED OPS ASAN_OPS FUZZ_TIME FRESH_SEED FRESH_OPS
# The random suites run twice: with SEED (1, the same every run, so a
# failure replays) and with FRESH_SEED (new every run unless given), whose
# summary lines carry the command that replays them.
MAKE=$1 B=$2 SEED=$3 OPS=$4 ASAN_OPS=$5 FUZZ_TIME=$6 FRESH=$7 FRESH_OPS=$8
LOG=$B/check.log
: > "$LOG"
PASSED=0 FAILED=0

stage() {
    # stage NAME CMD...: run, echo the summary lines, count PASS/FAIL
    name=$1; shift
    echo "== $name"
    out=$B/stage.out
    "$@" > "$out" 2>&1
    rc=$?
    cat "$out" >> "$LOG"
    grep -E '^(FAIL|FAILURE)|random ops, seed|^multi-domain:|^mutations:|^MISRA|passed, .* failed|stat::number_of_executed_units|stat::average_exec_per_sec|Done [0-9]+ runs|ERROR: ' "$out" | head -40
    p=$(grep -c '^PASS' "$out"); f=$(grep -c '^FAIL:' "$out")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL: $name exited with $rc"
        f=1
    fi
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}

stage "model, directed, fault injection, random ($OPS ops per mode)" \
    ./$B/p2m-test --seed "$SEED" --ops "$OPS"
stage "random, fresh seed $FRESH ($FRESH_OPS ops per mode; replay: make -C tools/tests/p2m check FRESH_SEED=$FRESH)" \
    ./$B/p2m-test --random --multi --merge --seed "$FRESH" --ops "$FRESH_OPS"
stage "ASan+UBSan build: model, directed, faults, random ($ASAN_OPS ops per mode)" \
    env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ./$B/p2m-test-asan --seed "$SEED" --ops "$ASAN_OPS"
stage "mutation self-test" $MAKE --no-print-directory mutation
mkdir -p "$B/corpus"
stage "libFuzzer (${FUZZ_TIME}s, seed corpus corpus/)" sh -c "./$B/p2m-fuzz -max_total_time=$FUZZ_TIME \
    -timeout=10 -seed=$SEED -max_len=512 -artifact_prefix=$B/ -print_final_stats=1 \
    $B/corpus corpus && echo 'PASS: libFuzzer run'"
stage "MISRA (cppcheck, informational)" $MAKE --no-print-directory misra

echo "(full output in $LOG)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

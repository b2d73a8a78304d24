#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the VMID test on the real allocator, then on copies of vmid.c with
# one known bug planted each, and require the TLB model to catch every
# mutant (test exit status 1: a violation; anything else does not count).
# Prints "vmid: K/N mutations caught", then "N passed, M failed" last.
#
# Usage: mutations.sh TEST-BINARY [test arguments]
# Environment: CC, CFLAGS, VMID_C, BUILD (set by the Makefile).

set -u

test_bin=$1
shift

passed=0
failed=0

out=$("$test_bin" "$@")
rc=$?
echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
summary=$(echo "$out" | grep '^[0-9]* passed, [0-9]* failed$' | tail -1)
passed=$((passed + $(echo "$summary" | awk '{print $1}')))
failed=$((failed + $(echo "$summary" | awk '{print $3}')))
[ "$rc" -eq 0 ] || [ -n "$summary" ] || failed=$((failed + 1))

# The same run with a new seed (a later --seed wins), when one is given.
if [ -n "${FRESH_SEED:-}" ]
then
    out=$("$test_bin" "$@" --seed "$FRESH_SEED")
    rc=$?
    echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
    summary=$(echo "$out" | grep '^[0-9]* passed, [0-9]* failed$' | tail -1)
    echo "vmid: fresh-seed pass, seed $FRESH_SEED: $summary" \
         "(replay: make -C tools/tests/vmid check SEED=$FRESH_SEED)"
    passed=$((passed + $(echo "$summary" | awk '{print $1}')))
    failed=$((failed + $(echo "$summary" | awk '{print $3}')))
    [ "$rc" -eq 0 ] || [ -n "$summary" ] || failed=$((failed + 1))
fi

# name | sed script planting the bug
mutations=(
    "vmid-reused-without-flush|/^static void vmid_rollover/,/^}/{/^    vmid_generation++;$/d}"
    "no-per-hart-generation-flush|/^        flush_all = true;$/d"
    "vmidlen0-no-switch-flush|/^        flush_shared = true;$/d"
    "no-vvma-on-vmid-reuse|s/^    flush_vs = c->last_vcpu != vcpu .*$/    flush_vs = false;/"
    "vmid-beyond-vmidlen|s/^    vmid_nr = 1U << bits;$/    vmid_nr = 2U << bits;/"
    "rollover-steals-running-vmid|/^static void vmid_rollover/,/^}/{/^        slot->generation = vmid_generation;$/d}"
    # Dirty masks: left only after a fence, and left when they may be.
    "third-p2m-left-without-fence|s/^        hfence_gvma_vmid(c->prev_vmid);$/        (void)0;/"
    "third-p2m-left-before-fence|/^        hfence_gvma_vmid(c->prev_vmid);$/{N;s/^\(.*\)\n\(.*\)$/\2\n\1/}"
    "old-p2m-left-after-vmid0-fence-not-under-vmid0|s/ \&\& !(flush_shared \&\& old_vmid == VMID_SHARED) )$/ \&\& !flush_shared )/"
    "previous-p2m-left-before-generation-flush|s/^        late = c->prev;$/        late = NULL;\n        if ( c->prev )\n            p2m_leave_dirty(c->prev_p2m, cpu);\n        c->prev = NULL;/"
    "idle-hart-stays-in-previous-mask|/^void vmid_cpu_idle/,/^}/{s/^        p2m_leave_dirty(c->prev_p2m, cpu);$/        (void)0;/}"
    "idle-hart-stays-in-current-mask|/^void vmid_cpu_idle/,/^}/{s/^        p2m_leave_dirty(c->p2m, cpu);$/        (void)0;/}"
)

caught=0
total=0
for m in "${mutations[@]}"
do
    name=${m%%|*}
    script=${m#*|}
    src=$BUILD/vmid-$name.c
    bin=$BUILD/test-vmid-$name
    total=$((total + 1))

    sed -e "$script" "$VMID_C" > "$src"
    if cmp -s "$src" "$VMID_C"
    then
        echo "vmid: mutation $name: the sed script changed nothing" \
             "(vmid.c moved on?)"
        failed=$((failed + 1))
        continue
    fi
    # shellcheck disable=SC2086
    if ! $CC $CFLAGS -o "$bin" test.c "$src" 2> "$bin.log"
    then
        echo "vmid: mutation $name: does not build (see $bin.log)"
        failed=$((failed + 1))
        continue
    fi

    "$bin" "$@" > "$bin.log" 2>&1
    rc=$?
    if [ "$rc" -eq 1 ]
    then
        caught=$((caught + 1))
        passed=$((passed + 1))
        echo "vmid: mutation $name: caught:" \
             "$(grep -m1 VIOLATION "$bin.log" | sed 's/^vmid: //')"
    else
        failed=$((failed + 1))
        echo "vmid: mutation $name: NOT caught (exit status $rc," \
             "log $bin.log)"
    fi
done

echo "vmid: $caught/$total mutations caught"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The "make check" driver (see Makefile): every build and run is counted,
# the last line is "N passed, M failed", the exit status 1 on a failure.
# Environment: CC, CROSS_CC, BUILD, XEN_ROOT.
set -u
cd "$(dirname "$0")"
mkdir -p "$BUILD"
PASSED=0 FAILED=0

pass() { PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }

PUB="-I$XEN_ROOT/xen/include"
COPY="-I$XEN_ROOT/tools/tests/include"
WARN="-std=gnu11 -Wall -Wextra -Werror"

# native VIEW FLAGS...: build and run one view; its checks are counted.
native() {
    view=$1; shift
    bin=$BUILD/abi-$view
    if ! $CC $WARN "$@" abi-check.c -o "$bin" > "$bin.log" 2>&1; then
        cat "$bin.log"
        fail "native build of the $view view"
        return
    fi
    pass
    out=$("$bin" "$view")
    echo "$out" | grep '^FAIL'
    last=$(echo "$out" | tail -n 1)
    echo "native $last"
    p=$(echo "$last" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(echo "$last" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ] || [ -z "$f" ]; then
        fail "$view: no summary line"
        return
    fi
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}

# cross VIEW FLAGS...: every entry as a _Static_assert, for riscv64.
cross() {
    view=$1; shift
    obj=$BUILD/abi-$view-riscv64.o
    if $CROSS_CC -march=rv64imac -mabi=lp64 -ffreestanding $WARN \
           -DABI_STATIC "$@" -c abi-check.c -o "$obj" > "$obj.log" 2>&1; then
        echo "riscv64 $view: static checks hold"
        pass
    else
        grep -E 'error|assert' "$obj.log" | head -20
        fail "riscv64 $view: static checks (see $obj.log)"
    fi
}

# standalone HEADER FLAGS...: each public header compiles on its own.
standalone() {
    hdr=$1; shift
    if echo "#include <public/$hdr>" |
           $CC $WARN -include stdint.h $PUB "$@" -x c -fsyntax-only - \
               > "$BUILD/standalone.log" 2>&1; then
        pass
    else
        cat "$BUILD/standalone.log"
        fail "public/$hdr $* does not compile on its own"
    fi
}

native tools -DVIEW_TOOLS -D__XEN_TOOLS__ $PUB
native xen -DVIEW_TOOLS -D__XEN__ $PUB
native guest -DVIEW_GUEST $PUB
native copy -DVIEW_COPY $COPY

if command -v "$CROSS_CC" > /dev/null 2>&1; then
    cross tools -DVIEW_TOOLS -D__XEN_TOOLS__ $PUB
    cross xen -DVIEW_TOOLS -D__XEN__ $PUB
    cross guest -DVIEW_GUEST $PUB
    cross copy -DVIEW_COPY $COPY
else
    fail "$CROSS_CC not found: the riscv64 checks did not run"
fi

for h in arch-riscv.h xen.h sched.h version.h memory.h; do
    standalone $h
    standalone $h -D__XEN_TOOLS__
done
echo "standalone headers: done"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

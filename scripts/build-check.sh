#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The hypervisor builds warning-free (-Werror) in both configurations and
# with both of Debian's cross toolchain prefixes, and Kconfig really drives
# the build: turning an option off changes the image.  Every build is out
# of tree (O=build/xen-build-check/...), so the user's xen/.config and
# objects are not touched, which is checked too.
set -u
cd "$(dirname "$0")/.."

out=$(pwd)/build/xen-build-check
pass=0
fail=0

result()
{
    if [ "$2" -eq 0 ]; then
        echo "build: $1: PASS"
        pass=$((pass + 1))
    else
        echo "build: $1: FAIL"
        fail=$((fail + 1))
    fi
}

# xmake PREFIX DIR ARGS...: make in xen/ for toolchain PREFIX, out of tree.
xmake()
{
    prefix=$1
    dir=$2
    shift 2
    make -s -C xen XEN_TARGET_ARCH=riscv64 CROSS_COMPILE="$prefix" \
        O="$out/$dir" "$@"
}

# What the user's tree holds before: its .config (if any) and objects.
tree_state()
{
    { cat xen/.config 2>/dev/null; find xen -name '*.o' -newer "$out/stamp"; } |
        cksum
}
mkdir -p "$out"
touch "$out/stamp"
before=$(tree_state)

for prefix in riscv64-unknown-elf- riscv64-linux-gnu-; do
    for cfg in riscv64_defconfig test_defconfig; do
        dir=${prefix%-}-${cfg%_defconfig}
        xmake "$prefix" "$dir" "$cfg" >/dev/null && xmake "$prefix" "$dir" -j2
        result "$cfg builds with $prefix and -Werror" $?
    done
done

# With the p2m debug interface configured out, its hypercall handler and
# the banner's p2m_debug=y must both be gone.
has_debug()
{
    riscv64-unknown-elf-nm "$1" | grep -q ' do_p2m_debug_op$' &&
        grep -aq 'p2m_debug=y' "$1"
}
dir=riscv64-unknown-elf-test
has_debug "$out/$dir/xen"
result "test_defconfig has the p2m debug interface" $?
dir=no-p2m-debug
xmake riscv64-unknown-elf- "$dir" test_defconfig >/dev/null &&
    sed -i 's/^CONFIG_P2M_DEBUG=y/# CONFIG_P2M_DEBUG is not set/' \
        "$out/$dir/.config" &&
    xmake riscv64-unknown-elf- "$dir" olddefconfig >/dev/null &&
    xmake riscv64-unknown-elf- "$dir" -j2
if [ $? -ne 0 ] || has_debug "$out/$dir/xen"; then
    result "CONFIG_P2M_DEBUG=n removes it" 1
else
    result "CONFIG_P2M_DEBUG=n removes it" 0
fi

# make bench is not part of make check: at least its programs must build.
make -s -C tools/tests/p2m-bench >/dev/null
result "the hosted benchmarks (make bench) build" $?

[ "$(tree_state)" = "$before" ]
result "out-of-tree builds leave xen/.config and xen/ objects alone" $?

echo "build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The hypervisor builds warning-free (-Werror) in both configurations, and
# Kconfig really drives the build: turning an option off changes the image.
set -u
cd "$(dirname "$0")/.."

CROSS_COMPILE=${CROSS_COMPILE:-riscv64-unknown-elf-}
XEN_MAKE="make -s -C xen XEN_TARGET_ARCH=riscv64 CROSS_COMPILE=$CROSS_COMPILE"
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

for cfg in riscv64_defconfig test_defconfig; do
    $XEN_MAKE "$cfg" >/dev/null && $XEN_MAKE -j2
    result "$cfg builds with -Werror" $?
done

# With the p2m debug interface configured out, its hypercall handler and
# the banner's p2m_debug=y must both be gone.
has_debug()
{
    ${CROSS_COMPILE}nm xen/xen | grep -q ' do_p2m_debug_op$' &&
        grep -aq 'p2m_debug=y' xen/xen
}
has_debug
result "test_defconfig has the p2m debug interface" $?
sed -i 's/^CONFIG_P2M_DEBUG=y/# CONFIG_P2M_DEBUG is not set/' xen/.config
$XEN_MAKE olddefconfig >/dev/null && $XEN_MAKE -j2
if has_debug; then
    result "CONFIG_P2M_DEBUG=n removes it" 1
else
    result "CONFIG_P2M_DEBUG=n removes it" 0
fi

# Leave the test configuration in place.
$XEN_MAKE test_defconfig >/dev/null && $XEN_MAKE -j2
result "back to test_defconfig" $?

echo "build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the hypervisor under QEMU with a dom0 of your own, console attached
# (make run DOM0=IMAGE).  Nothing is judged: QEMU's exit status is the
# result (the hypervisor powers off when dom0 does; a dom0 that reports a
# failure through SBI SRST makes it non-zero).  Quit QEMU with Ctrl-A x.
#
# Usage: run-dom0.sh IMAGE
# Environment:
#   XEN           the hypervisor (default xen/xen)
#   XEN_CMDLINE   the hypervisor's options (docs/misc/xen-command-line.pandoc)
#   DOM0_CMDLINE  dom0's command line (its /chosen/bootargs)
#   QEMU_MEM      RAM (default 4G), QEMU_SMP harts (default 2)
#   QEMU_EXTRA    more QEMU options (e.g. "-cpu rv64,svpbmt=on", "-s -S")
#   OPENSBI_FW    firmware (default: Debian's fw_dynamic.bin)
set -eu
cd "$(dirname "$0")/.."

[ $# -eq 1 ] || { sed -n '/^# Usage/,/^set/s/^# \{0,1\}//p' "$0" | sed '$d'; exit 2; }
image=$1
xen=${XEN:-xen/xen}
fw=${OPENSBI_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}

for f in "$image" "$xen" "$fw"; do
    [ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }
done
case "$image${DOM0_CMDLINE:-}" in
*,*)
    echo "$0: QEMU's -device syntax cannot carry a ',' in the image path" \
         "or DOM0_CMDLINE" >&2
    exit 2
    ;;
esac

# The module goes at 64 MiB into RAM: above the hypervisor, below where a
# large dom0's RAM would need to be copied from.
loader="guest-loader,addr=0x84000000,kernel=$image"
[ -z "${DOM0_CMDLINE:-}" ] || loader="$loader,bootargs=$DOM0_CMDLINE"

echo "run-dom0: hypervisor $xen, dom0 $image"
echo "run-dom0: hypervisor options: ${XEN_CMDLINE:-(none)}; dom0's: ${DOM0_CMDLINE:-(none)}"
echo "run-dom0: quit QEMU with Ctrl-A x"
# shellcheck disable=SC2086
exec qemu-system-riscv64 -machine virt -nographic -m "${QEMU_MEM:-4G}" \
    -smp "${QEMU_SMP:-2}" -bios "$fw" -kernel "$xen" \
    -append "${XEN_CMDLINE:-}" -device "$loader" ${QEMU_EXTRA:-}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot xen/xen with build/linux-dom0/Image as dom0 under QEMU and show the
# console; the exit status is QEMU's (non-zero when /init reports a
# failure).  Build both first.
#
#   run.sh [--mode sv39x4|sv48x4|sv57x4] [--smp N] [--timeout S] [LINUX_OPT...]
#
# LINUX_OPT are added to dom0's kernel command line, e.g.
# linux_dom0.fail=audit or linux_dom0.duration=3.
set -eu

top=$(cd "$(dirname "$0")/../../.." && pwd)
mode=sv39x4
smp=2
tmo=300
while [ $# -gt 0 ]; do
    case "$1" in
    --mode) mode=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    --timeout) tmo=$2; shift 2 ;;
    *) break ;;
    esac
done

exec timeout "$tmo" qemu-system-riscv64 -machine virt -nographic -m 4G \
    -smp "$smp" \
    -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin \
    -kernel "$top/xen/xen" \
    -append "dom0_mem=1G dom0_max_vcpus=$smp p2m_mode=$mode" \
    -device guest-loader,addr=0x84000000,kernel="$top/build/linux-dom0/Image",bootargs="console=hvc0 earlycon=sbi linux_dom0.cpus=$smp $*"

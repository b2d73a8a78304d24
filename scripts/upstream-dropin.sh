#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Measure how far xen/arch/riscv/p2m.c is from building inside xen.git:
# copy it (and with --headers also asm/p2m.h, page.h and flushtlb.h) into
# an upstream checkout, build the riscv64 tiny64_defconfig there with
# make -k, print the number of compiler errors, then put the checkout back.
#
#   scripts/upstream-dropin.sh [--headers] [--patch FILE] [--log FILE] XEN
#
# XEN is a clean xen.git checkout (the directory holding xen/).  --patch
# applies FILE (a diff against XEN, e.g. additive header changes) first.
# CROSS_COMPILE defaults to riscv64-linux-gnu-.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
headers=0
patch=
log=
while [ $# -gt 1 ]; do
    case "$1" in
    --headers) headers=1 ;;
    --patch) patch=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
    --log) log=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ $# -eq 1 ] || { echo "usage: $0 [--headers] [--patch F] [--log F] XEN" >&2; exit 2; }
up=$(cd "$1" && pwd) || exit 2
[ -f "$up/xen/arch/riscv/p2m.c" ] || { echo "$up: not a xen.git checkout" >&2; exit 2; }

CROSS_COMPILE=${CROSS_COMPILE:-riscv64-linux-gnu-}
MAKE="make -C $up/xen XEN_TARGET_ARCH=riscv64 CROSS_COMPILE=$CROSS_COMPILE"
asm=xen/arch/riscv/include/asm
files="xen/arch/riscv/p2m.c"
[ $headers -eq 1 ] && files="$files $asm/p2m.h $asm/page.h $asm/flushtlb.h"

restore()
{
    git -C "$up" checkout -q -- xen
}
trap restore EXIT
restore

if [ -n "$patch" ]; then
    git -C "$up" apply "$patch" || { echo "patch does not apply" >&2; exit 2; }
fi
for f in $files; do
    cp "$here/$f" "$up/$f"
done

[ -f "$up/xen/.config" ] || $MAKE tiny64_defconfig >/dev/null
out=$(mktemp)
nice $MAKE -k -j2 >"$out" 2>&1
errors=$(grep -c 'error:' "$out")
files_with=$(grep 'error:' "$out" | cut -d: -f1 | sort -u | wc -l)
echo "errors: $errors in $files_with files ($files)"
if [ -n "$log" ]; then
    cp "$out" "$log"
fi
rm -f "$out"

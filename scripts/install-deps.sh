#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the Debian packages the project needs, if any are missing.
# A no-op when everything is present.  Waits for the dpkg lock, since
# another apt process (unattended upgrades, a parallel job) may hold it.
set -eu

# What make run needs: the cross compiler, Kconfig, QEMU and OpenSBI.
RUN_PKGS="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf qemu-system-misc
          opensbi kconfig-frontends make"
# The Linux dom0 (make run-linux): Debian's kernel source and what builds it.
LINUX_PKGS="linux-source-6.1 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
            bc bison flex libssl-dev cpio xz-utils"
# Everything else make check, make bench and make docs use.
CHECK_PKGS="device-tree-compiler python3-kconfiglib clang-14 libclang-rt-14-dev
            cppcheck pandoc gdb-multiarch valgrind clang-format-14 gcc python3
            u-boot-qemu"

# install-deps.sh [run|linux|all]: all by default.
case "${1:-all}" in
run) PKGS=$RUN_PKGS ;;
linux) PKGS="$RUN_PKGS $LINUX_PKGS" ;;
all) PKGS="$RUN_PKGS $LINUX_PKGS $CHECK_PKGS" ;;
*)
    echo "usage: $0 [run|linux|all]" >&2
    exit 2
    ;;
esac

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
    exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
APT="apt-get -o DPkg::Lock::Timeout=600 -q"
# Another apt (unattended upgrades, a parallel job) may hold the locks; the
# timeout covers dpkg's, and the retries cover the package lists'.
for try in 1 2 3 4 5; do
    $APT update >/dev/null && break
    echo "install-deps: apt-get update failed (try $try), retrying" >&2
    sleep 20
done
for try in 1 2 3; do
    # shellcheck disable=SC2086
    $APT install -y --no-install-recommends $missing && exit 0
    echo "install-deps: apt-get install failed (try $try), retrying" >&2
    sleep 20
done
echo "install-deps: could not install:$missing" >&2
exit 1

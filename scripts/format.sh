#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# format.sh check|fix: the project's C sources in Xen style
# (.clang-format plus scripts/xen-format.py for what clang-format 14
# cannot express).
set -u
cd "$(dirname "$0")/.."

mode=${1:-check}
CLANG_FORMAT=${CLANG_FORMAT:-clang-format-14}
command -v "$CLANG_FORMAT" >/dev/null 2>&1 || CLANG_FORMAT=clang-format
export CLANG_FORMAT

# The project's own C files; public ABI headers included; not the Linux
# dom0's driver (kernel style, checked by nothing here).  Outside a git
# checkout (a release tarball), every C file but build products.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' | sort)
else
    files=$(find xen tools -name build -prune -o \( -name '*.c' -o -name '*.h' \) \
            -type f -print | grep -v '/include/generated/' | sort)
fi
# The Linux dom0's balloon driver is Linux code, in the kernel's style.
files=$(echo "$files" | grep -v '^tools/tests/linux-dom0/driver/')
if [ -z "$files" ]; then
    echo "format: no C files found: nothing to check"
    echo "0 passed, 1 failed"
    exit 1
fi
# shellcheck disable=SC2086
exec /usr/bin/python3 scripts/xen-format.py "$mode" $files

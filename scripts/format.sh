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

# The project's own C files; public ABI headers included.
files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' | sort)
# shellcheck disable=SC2086
exec /usr/bin/python3 scripts/xen-format.py "$mode" $files

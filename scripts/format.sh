#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# format.sh check|fix: the project's C sources against .clang-format
# (Xen style as far as clang-format 14 expresses it).
set -u
cd "$(dirname "$0")/.."

mode=${1:-check}
CLANG_FORMAT=${CLANG_FORMAT:-clang-format-14}
command -v "$CLANG_FORMAT" >/dev/null 2>&1 || CLANG_FORMAT=clang-format

files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' | sort)
pass=0
fail=0
for f in $files; do
    [ -f "$f" ] || continue
    if [ "$mode" = fix ]; then
        "$CLANG_FORMAT" --style=file -i "$f"
        continue
    fi
    if "$CLANG_FORMAT" --style=file "$f" | cmp -s - "$f"; then
        pass=$((pass + 1))
    else
        echo "format: $f: FAIL (run 'make format')"
        "$CLANG_FORMAT" --style=file "$f" | diff -u "$f" - | head -n 20
        fail=$((fail + 1))
    fi
done
[ "$mode" = fix ] && exit 0
echo "format: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

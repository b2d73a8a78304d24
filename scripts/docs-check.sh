#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The design documents render with pandoc (make docs).
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0
mkdir -p build/docs
for f in docs/misc/riscv/*.pandoc; do
    out=build/docs/$(basename "$f" .pandoc).html
    if pandoc --standalone --metadata title="$(basename "$f" .pandoc)" \
              -f markdown -t html5 -o "$out" "$f" && [ -s "$out" ]; then
        echo "docs: $f: PASS"
        pass=$((pass + 1))
    else
        echo "docs: $f: FAIL"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: hosted p2m benchmarks (median time per operation, PTE writes,
# tables, fences by kind, instructions per operation from callgrind, ratio
# to the floor measured in the same run).  Prints a table and writes
# build/bench/bench.json.
set -eu
cd "$(dirname "$0")/.."

out=build/bench
mkdir -p "$out"
make -s -C tools/tests/p2m-bench

bench=tools/tests/p2m-bench
"$bench/p2m-bench" --json "$out/time.json" > "$out/time.txt"
"$bench/p2m-bench-count" --quick --json "$out/count.json" > /dev/null

# Instructions: callgrind counts only inside the measure_* functions.
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    --toggle-collect='measure_*' "$bench/p2m-bench" --quick \
    > /dev/null 2> "$out/callgrind.log"
callgrind_annotate --inclusive=yes "$out/callgrind.out" \
    > "$out/callgrind.txt" 2>/dev/null

/usr/bin/python3 scripts/bench-report.py "$out"

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

# Instructions: one callgrind run per measured function, collecting only
# inside it; the run's total is then exactly that function's instructions.
: > "$out/instr.txt"
for fn in measure_split_1g_to_4k measure_floor_split \
          measure_floor_filed_split measure_map_1g_4k \
          measure_floor_map_1g_4k measure_map_super measure_set_1g_leaf \
          measure_remove_1g_leaf measure_single_unmap measure_single_map \
          measure_single_retype measure_lookup measure_scatter_1x \
          measure_scatter_16x measure_scatter_512x measure_scatter_10000x; do
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
        --toggle-collect="$fn*" "$bench/p2m-bench" --quick \
        > /dev/null 2> "$out/callgrind.log"
    total=$(sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' \
            "$out/callgrind.out" | head -n 1)
    echo "$fn ${total:-0}" >> "$out/instr.txt"
done

# In QEMU, deterministic with -icount shift=0: instructions the hypervisor
# spends per hypercall, counted by the test dom0's bench mode.  One hart:
# with more, TCG's round-robin makes the boot hart's wait for the others
# to report in dominate "boot to dom0 entry".
# Out of tree, so that the user's xen/.config is not touched.
xen_out=$(pwd)/build/xen-bench
make -s -C xen XEN_TARGET_ARCH=riscv64 O="$xen_out" \
    CROSS_COMPILE="${CROSS_COMPILE:-riscv64-unknown-elf-}" test_defconfig
make -s -C xen XEN_TARGET_ARCH=riscv64 O="$xen_out" \
    CROSS_COMPILE="${CROSS_COMPILE:-riscv64-unknown-elf-}" -j2
make -s -C tools/tests/p2m-guest
fw=${OPENSBI_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
for mode in sv39x4 sv48x4 sv57x4; do
    timeout 120 qemu-system-riscv64 -machine virt -nographic -m 4G -smp 1 \
        -icount shift=0 -bios "$fw" -kernel "$xen_out/xen" \
        -append "dom0_mem=1G p2m_mode=$mode" \
        -device guest-loader,addr=0x84000000,kernel=tools/tests/p2m-guest/p2m-guest.bin,bootargs="bench" \
        < /dev/null > "$out/qemu-$mode.log" 2>&1 || true
done

/usr/bin/python3 scripts/bench-report.py "$out"

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Merge the benchmark's timing, counting and callgrind runs into one table
and build/bench/bench.json.  Ratios above their target are marked MISSED."""
import json
import re
import sys

out = sys.argv[1]
time = json.load(open(out + "/time.json"))
count = json.load(open(out + "/count.json"))

# Instructions inside each measure_* function (one callgrind run each).
ir = {}
for line in open(out + "/instr.txt"):
    name, total = line.split()
    ir[name] = int(total)

# Which function measures which row, and how many operations callgrind saw.
QUICK = 3
rows_fn = {
    "split 1G leaf -> one 4K page": ("measure_split_1g_to_4k", QUICK, "measure_floor_split"),
    "map 1G as 4K leaves (MFN forbids superpages)": ("measure_map_1g_4k", QUICK, "measure_floor_map_1g_4k"),
    "single-page unmap, random GFN in 64 GiB": ("measure_single_unmap", 4096, None),
    "single-page map, random GFN in 64 GiB": ("measure_single_map", 4096, None),
    "single-page retype, random GFN in 64 GiB": ("measure_single_retype", 4096, None),
    "map one 1G superpage, one lock (Sv39x4)": ("measure_set_1g_leaf", QUICK, None),
    "remove one 1G leaf, one lock (Sv39x4)": ("measure_remove_1g_leaf", QUICK, None),
    "unmap 1 scattered 4K pages, one lock": ("measure_scatter_1x", 1, None),
    "unmap 16 scattered 4K pages, one lock": ("measure_scatter_16x", 16, None),
    "unmap 512 scattered 4K pages, one lock": ("measure_scatter_512x", 512, None),
    "unmap 10000 scattered 4K pages, one lock": ("measure_scatter_10000x", 10000, None),
}
lookup_total = ir.get("measure_lookup")
super_total = ir.get("measure_map_super")

report = []
for t, c in zip(time["operations"], count["operations"]):
    row = dict(t)
    row["pte_writes"] = c["pte_writes"]
    row["instr_per_op"] = None
    row["instr_ratio"] = None
    fn = rows_fn.get(t["name"])
    if fn and fn[0] in ir:
        row["instr_per_op"] = ir[fn[0]] / fn[1]
        if fn[2] and fn[2] in ir:
            # The floor ran QUICK times plus once per timing repetition.
            floor = ir[fn[2]] / QUICK
            row["instr_floor"] = floor
            row["instr_ratio"] = row["instr_per_op"] / floor
        if t["name"].startswith("split") and "measure_floor_filed_split" in ir:
            # The split's goal was set against the plain loop (issue 14).
            filed = ir["measure_floor_filed_split"] / QUICK
            row["instr_floor_filed"] = filed
            row["instr_ratio_filed"] = row["instr_per_op"] / filed
            row["instr_beyond_fill"] = row["instr_per_op"] - row["instr_floor"]
    if t["name"].startswith("lookup") and lookup_total:
        row["instr_per_op"] = lookup_total / (3 * 200000)
    if t["name"].startswith("map 1G, super") or t["name"].startswith("map 512G"):
        row["instr_per_op"] = (super_total or 0) / (2 * QUICK)
    report.append(row)

def fmt(v, spec):
    return "-" if v is None else format(v, spec)

print("Hosted p2m benchmarks (native build of xen/arch/riscv/p2m.c, -O2)")
print("%-46s %10s %10s %9s %7s %5s %5s %5s %5s %5s %7s" %
      ("operation", "ns/op", "instr/op", "ratio", "PTEs", "tbl+", "tbl-",
       "fGPA", "fVMID", "fRem", "fRem/lk"))
missed = 0
for r in report:
    ratio = "-"
    if r["ratio_target"]:
        rt = r["instr_ratio"] if r["instr_ratio"] is not None else r["ratio"]
        ok = rt <= r["ratio_target"]
        missed += not ok
        ratio = "%.2f%s" % (rt, "" if ok else " MISSED")
    print("%-46s %10.1f %10s %9s %7d %5d %5d %5d %5d %5d %7.2f" %
          (r["name"][:46], r["ns_per_op"], fmt(r["instr_per_op"], ".0f"),
           ratio, r["pte_writes"], r["tables_alloc"], r["tables_freed"],
           r["fences_gpa"], r["fences_vmid"], r["fences_remote"],
           r["fences_remote"] / r["locks"]))
print()
for r in report:
    if r["ratio_target"]:
        print("%s: %.2f x the floor in instructions (%.0f vs %.0f), %.2f x in "
              "time (target <= %.1f)" %
              (r["name"], r["instr_ratio"] or 0, r["instr_per_op"] or 0,
               r.get("instr_floor", 0), r["ratio"], r["ratio_target"]))
m = time["memory_tables_per_gib"]
print("memory: table pages per GiB: %.1f with 1 GiB leaves, %.1f after a "
      "4 KiB hole in every GiB, %.1f with 4 KiB leaves" %
      (m["1g_leaves"], m["after_4k_hole_per_gib"], m["4k_leaves"]))
qemu = {}
for mode in ("sv39x4", "sv48x4", "sv57x4"):
    try:
        lines = open("%s/qemu-%s.log" % (out, mode)).read().splitlines()
    except OSError:
        continue
    for line in lines:
        mm = re.search(r"p2m-bench: (.*): (\d+) instructions", line)
        if mm:
            qemu.setdefault(mm.group(1), {})[mode] = int(mm.group(2))
print()
print("In QEMU (-icount shift=0, exact): instructions in the hypervisor per "
      "hypercall")
print("%-52s %12s %12s %12s" % ("hypercall", "sv39x4", "sv48x4", "sv57x4"))
if not qemu:
    print("  (no figures: the QEMU runs failed, see %s/qemu-*.log)" % out)
    missed += 1
for what, per_mode in qemu.items():
    print("%-52s %12s %12s %12s" % (what[:52], *(
        str(per_mode.get(m, "-")) for m in ("sv39x4", "sv48x4", "sv57x4"))))

# The performance goals: each figure against its target (instructions per
# operation unless said otherwise; lower is better).
by_name = {r["name"]: r for r in report}


def instr(name):
    r = by_name.get(name)
    return None if r is None else r["instr_per_op"]


def irat(name, key="instr_ratio"):
    r = by_name.get(name)
    return None if r is None else r.get(key)


def remote_per_lock():
    worst = None
    for r in report:
        if r["locks"]:
            v = r["fences_remote"] / r["locks"]
            worst = v if worst is None else max(worst, v)
    return worst


def qemu_worst(what):
    per_mode = qemu.get(what)
    return max(per_mode.values()) if per_mode else None


GOALS = [
    ("map one 1 GiB superpage (lock + set_range + unlock)",
     instr("map one 1G superpage, one lock (Sv39x4)"), 300, "instr"),
    ("remove one 1 GiB leaf (lock + set_range + unlock)",
     instr("remove one 1G leaf, one lock (Sv39x4)"), 250, "instr"),
    ("16 scattered 4 KiB unmaps in one lock, per page",
     instr("unmap 16 scattered 4K pages, one lock"), 290, "instr"),
    ("512 scattered 4 KiB unmaps in one lock, per page",
     instr("unmap 512 scattered 4K pages, one lock"), 290, "instr"),
    ("single-page map at a random GFN",
     instr("single-page map, random GFN in 64 GiB"), 500, "instr"),
    ("single-page retype at a random GFN",
     instr("single-page retype, random GFN in 64 GiB"), 600, "instr"),
    ("remote SBI fence calls per locked operation (worst row)",
     remote_per_lock(), 1, "calls"),
    ("split 1G -> 4K, x the floor as filed (plain loop)",
     irat("split 1G leaf -> one 4K page", "instr_ratio_filed"), 1.10,
     "ratio"),
    ("map 1 GiB as 4 KiB leaves, x the floor",
     irat("map 1G as 4K leaves (MFN forbids superpages)"), 1.25, "ratio"),
    ("QEMU: unmap 4K inside a 1G leaf (worst mode)",
     qemu_worst("unmap 4K inside a 1G leaf (split 1G->2M->4K)"), 5000,
     "instr"),
]
print()
print("Goals (figure vs target, lower is better)")
print("%-58s %10s %8s %6s  %s" % ("goal", "figure", "target", "ratio",
                                  "status"))
goals = []
for what, fig, target, unit in GOALS:
    met = fig is not None and fig <= target
    goals.append({"goal": what, "figure": fig, "target": target,
                  "unit": unit, "met": met})
    print("%-58s %10s %8s %6s  %s" %
          (what[:58], "-" if fig is None else
           ("%.2f" % fig if unit != "instr" else "%.0f" % fig),
           ("%g" % target), "-" if fig is None else "%.2f" % (fig / target),
           "met" if met else "NOT MET"))

# Beside the goal, not a goal: the split against the floor unrolled as its
# fill is, and what it spends beyond its two fills (lock, walk, two table
# pages, links, publication, flush).  A single-entry update without a split
# (remove one 1G leaf) already costs about a tenth of that floor, so 1.10
# against it is out of reach for any split; see docs/misc/riscv/p2m.pandoc.
split = by_name.get("split 1G leaf -> one 4K page")
strict = None
if split and split.get("instr_floor") and split.get("instr_ratio_filed"):
    strict = {"ratio": split["instr_ratio"],
              "floor": split["instr_floor"],
              "floor_filed": split["instr_floor_filed"],
              "beyond_fill": split["instr_beyond_fill"],
              "remove_1g_leaf": instr("remove one 1G leaf, one lock (Sv39x4)")}
    print("split 1G -> 4K, not a goal: %.2f x the floor unrolled like its "
          "fill (%.0f); %.0f instructions beyond the fill (a 1G leaf's "
          "removal, no split, is %.0f); the floor as filed is %.0f" %
          (strict["ratio"], strict["floor"], strict["beyond_fill"],
           strict["remove_1g_leaf"] or 0, strict["floor_filed"]))

json.dump({"operations": report, "memory_tables_per_gib": m,
           "qemu_instructions": qemu, "goals": goals,
           "split_strict": strict, "targets_missed": missed},
          open(out + "/bench.json", "w"), indent=2)
print("written: %s/bench.json; floor targets missed: %d, goals not met: %d"
      % (out, missed, sum(not g["met"] for g in goals)))

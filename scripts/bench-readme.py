#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Rewrite the README's benchmark figures (between the bench:begin and
bench:end markers) from build/bench/bench.json, the file make bench writes,
so that the README says what make bench measured (make bench-readme)."""
import json
import sys

BEGIN = "<!-- bench:begin (make bench-readme writes this part) -->"
END = "<!-- bench:end -->"

bench = json.load(open(sys.argv[1] if len(sys.argv) > 1 else
                       "build/bench/bench.json"))
readme_path = sys.argv[2] if len(sys.argv) > 2 else "README.md"


def num(v):
    return "-" if v is None else "{:,.0f}".format(v)


rows = []
for op in bench["operations"]:
    ratio = "-"
    if op.get("ratio_target"):
        r = op["instr_ratio"] if op.get("instr_ratio") is not None \
            else op["ratio"]
        ratio = "%.2f (target <= %.1f)" % (r, op["ratio_target"])
    fences = []
    for key, what in (("fences_gpa", "address"), ("fences_vmid", "VMID-wide"),
                      ("fences_remote", "remote")):
        if op.get(key):
            fences.append("%d %s" % (op[key], what))
    rows.append("| %s | %s | %s | %s | %s |" % (
        op["name"], num(op.get("instr_per_op")), ratio,
        "{:,}".format(op["pte_writes"]), ", ".join(fences) or "none"))

m = bench["memory_tables_per_gib"]
lines = [
    BEGIN,
    "| operation | instructions per op | vs floor | PTE writes (run) | fences (run) |",
    "|---|---|---|---|---|",
] + rows + [
    "",
    "Memory: %g table pages per GiB with 1 GiB leaves, %g after punching a "
    "4 KiB hole in every GiB, %g with 4 KiB leaves only." %
    (m["1g_leaves"], m["after_4k_hole_per_gib"], m["4k_leaves"]),
]
goals = bench.get("goals") or []
if goals:
    lines += [
        "",
        "Performance goals (lower is better):",
        "",
        "| goal | figure | target | met |",
        "|---|---|---|---|",
    ]
    for g in goals:
        fig = g["figure"]
        lines.append("| %s | %s | %g | %s |" % (
            g["goal"], "-" if fig is None else
            (num(fig) if g["unit"] == "instr" else "%.2f" % fig),
            g["target"], "yes" if g["met"] else "no"))
strict = bench.get("split_strict")
if strict:
    lines += [
        "",
        "Not a goal, beside it: the split is %.2f times the floor unrolled "
        "as its fill is (%s instructions), %s instructions beyond its two "
        "fills; removing a 1 GiB leaf, with no split at all, costs %s. The "
        "floor as filed (plain loop) is %s." %
        (strict["ratio"], num(strict["floor"]), num(strict["beyond_fill"]),
         num(strict["remove_1g_leaf"]), num(strict["floor_filed"])),
    ]
qemu = bench.get("qemu_instructions") or {}
if qemu:
    lines += [
        "",
        "In QEMU with `-icount shift=0` (exact instruction counts, read by "
        "the test dom0 around each hypercall), instructions the hypervisor "
        "spends:",
        "",
        "| hypercall | sv39x4 | sv48x4 | sv57x4 |",
        "|---|---|---|---|",
    ]
    for what, per_mode in qemu.items():
        lines.append("| %s | %s |" % (what, " | ".join(
            num(per_mode.get(mode)) for mode in ("sv39x4", "sv48x4",
                                                  "sv57x4"))))
lines.append(END)

text = open(readme_path).read()
if BEGIN not in text or END not in text:
    sys.exit("bench-readme: %s has no %s ... %s section" %
             (readme_path, BEGIN, END))
head, rest = text.split(BEGIN, 1)
tail = rest.split(END, 1)[1]
open(readme_path, "w").write(head + "\n".join(lines) + tail)
print("bench-readme: %s updated from the benchmark's figures" % readme_path)

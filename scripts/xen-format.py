#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Format C sources in Xen's style: clang-format (.clang-format) for most
of it, and by hand what clang-format 14 cannot express:
  - asm statements (spaces inside their parentheses, operands laid out by
    the author: asm volatile ( "..." :: "r" (x) : "memory" )) are kept
    out of clang-format's reach;
  - goto labels are indented by one space;
  - do-while loops open with "do {" on one line;
  - an empty for-loop clause keeps its space: for ( ; ; ).

Usage: xen-format.py check|fix FILE...
check prints a diff for each file that is not formatted and exits 1."""
import difflib
import os
import re
import subprocess
import sys

CLANG_FORMAT = os.environ.get("CLANG_FORMAT", "clang-format-14")
ASM_RE = re.compile(r"\b(?:asm|__asm__)(?:\s+(?:volatile|__volatile__|goto|inline))*\s*\(")
LABEL_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(\s*(/\*.*)?)$")


MARK = "/* xen-format */"


def matching_paren(text, start):
    """Index of the parenthesis closing the one at start, skipping strings,
    character literals and comments."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            q = c
            i += 1
            while i < len(text) and text[i] != q:
                i += 2 if text[i] == "\\" else 1
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def protect_asm(text):
    """Fence every asm statement's lines with clang-format off/on markers
    (a whole macro when the asm is inside one, since a marker line in the
    middle of a macro would end it)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(offset):
        lo, hi = 0, len(lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    ranges = []
    for m in ASM_RE.finditer(text):
        close_at = matching_paren(text, m.end() - 1)
        if close_at < 0:
            continue
        first, last = line_of(m.start()), line_of(close_at)
        # Inside a macro: fence the whole #define, not lines within it.
        while first > 0 and lines[first - 1].rstrip().endswith("\\"):
            first -= 1
        while last + 1 < len(lines) and lines[last].rstrip().endswith("\\"):
            last += 1
        if ranges and first <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(last, ranges[-1][1]))
        else:
            ranges.append((first, last))
    for first, last in reversed(ranges):
        lines.insert(last + 1, "/* clang-format on */ " + MARK)
        lines.insert(first, "/* clang-format off */ " + MARK)
    return "\n".join(lines)


def unprotect(text):
    return "\n".join(l for l in text.split("\n") if MARK not in l)


def indent_labels(text):
    lines = text.split("\n")
    for n, line in enumerate(lines):
        m = LABEL_RE.match(line)
        if m and m.group(1) != "default":
            lines[n] = " " + line
    return "\n".join(lines)


DO_RE = re.compile(r"^([ \t]*)do\n\1\{", re.M)
FOR_RE = re.compile(r"\bfor \(([^\n]*?)\)")


def fix_loops(text):
    text = DO_RE.sub(lambda m: m.group(1) + "do {", text)
    return FOR_RE.sub(lambda m: "for (" + m.group(1).replace(";;", "; ;")
                      .replace("( ;", "( ;") + ")", text)


def xen_format(path):
    with open(path) as f:
        src = f.read()
    res = subprocess.run([CLANG_FORMAT, "--style=file",
                          "--assume-filename=" + path],
                         input=protect_asm(src), capture_output=True,
                         text=True, check=True)
    return src, fix_loops(indent_labels(unprotect(res.stdout)))


def main():
    mode, files = sys.argv[1], sys.argv[2:]
    bad = 0
    for path in files:
        src, want = xen_format(path)
        if src == want:
            if mode == "check":
                print("format: %s: PASS" % path)
            continue
        if mode == "fix":
            with open(path, "w") as f:
                f.write(want)
            continue
        bad += 1
        print("format: %s: FAIL (run 'make format')" % path)
        diff = difflib.unified_diff(src.splitlines(), want.splitlines(),
                                    path, path + " (formatted)", lineterm="")
        for i, line in enumerate(diff):
            if i >= 24:
                break
            print(line)
    if mode == "check":
        print("format: %d passed, %d failed" % (len(files) - bad, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

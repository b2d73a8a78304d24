#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Render every document under docs/ to HTML in build/docs/, titled by its
# first heading, plus an index.html linking them all (make docs).  Prints a
# PASS/FAIL line per document and "N passed, M failed"; a document fails
# when pandoc fails or when it links to a file of the tree that does not
# exist.
set -u
cd "$(dirname "$0")/.."

out=build/docs
mkdir -p "$out"
pass=0
fail=0
index=$out/index.md

{
    echo "# Documentation"
    echo
    echo "The design and interfaces of the RISC-V p2m and the hypervisor"
    echo "around it (sources in \`docs/\`; start with the README of the tree)."
    echo
} > "$index"

for f in $(find docs -name '*.pandoc' | sort); do
    title=$(sed -n 's/^# //p' "$f" | head -n 1)
    [ -n "$title" ] || title=$(basename "$f" .pandoc)
    name=$(basename "$f" .pandoc)
    ok=1
    # Links to the tree (`path` in backquotes naming docs/ files) must exist.
    for ref in $(grep -o 'docs/misc/[A-Za-z0-9/_.-]*\.pandoc' "$f" | sort -u); do
        if [ ! -f "$ref" ]; then
            echo "docs: $f names $ref, which does not exist"
            ok=0
        fi
    done
    # The body without its first heading: pandoc's title shows that.
    if sed '0,/^# /{/^# /d}' "$f" |
       pandoc --standalone --toc --metadata title="$title" \
              -f markdown -t html5 -o "$out/$name.html" &&
       [ -s "$out/$name.html" ] && [ "$ok" = 1 ]; then
        echo "docs: $f: PASS"
        pass=$((pass + 1))
    else
        echo "docs: $f: FAIL"
        fail=$((fail + 1))
    fi
    echo "* [$title]($name.html) (\`$f\`)" >> "$index"
done

if pandoc --standalone --metadata title="Documentation" -f markdown \
          -t html5 -o "$out/index.html" "$index"; then
    echo "docs: index ($out/index.html): PASS"
    pass=$((pass + 1))
else
    echo "docs: index: FAIL"
    fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

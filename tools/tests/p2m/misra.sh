#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# cppcheck --addon=misra over p2m.c with the harness's include paths.
# Prints "MISRA findings in p2m.c: N"; the count is not a failure by
# itself (deviations are the maintainers' call).  Usage:
#   misra.sh CPPCHECK P2M_C XEN_DIR BUILD_DIR
CPPCHECK=$1 P2M=$2 XEN=$3 B=$4
OUT=$B/misra.txt
mkdir -p "$B"
if ! command -v "$CPPCHECK" >/dev/null 2>&1; then
    echo "MISRA: $CPPCHECK not installed"
    exit 1
fi
"$CPPCHECK" --addon=misra --enable=style --inline-suppr --quiet \
    --std=c11 --platform=unix64 \
    -DCONFIG_DEBUG=1 -DCONFIG_P2M_DEBUG=1 -DCONFIG_NR_CPUS=8 \
    -Iinclude -I"$XEN/arch/riscv/include" -I"$XEN/include" \
    --template='{file}:{line}: {id}: {message}' \
    "$P2M" 2> "$OUT" >/dev/null
# A file cppcheck could not parse has no findings to count: say so and fail.
if grep -qE ': (internalAstError|syntaxError|internalError|cppcheckError):' "$OUT"; then
    echo "MISRA: cppcheck could not parse p2m.c:" \
         "$(grep -m1 -E ': (internalAstError|syntaxError|internalError|cppcheckError):' "$OUT")"
    exit 1
fi
N=$(grep -c "^$P2M:[0-9]*: misra-" "$OUT")
echo "MISRA findings in p2m.c: $N (by rule:" \
     "$(grep "^$P2M:[0-9]*: misra-" "$OUT" | sed 's/.*: \(misra-[^:]*\):.*/\1/' |
        sort | uniq -c | sort -rn | awk '{printf "%s %s, ", $2, $1}')" \
     "full list in $OUT)"

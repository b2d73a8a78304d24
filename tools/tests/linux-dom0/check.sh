#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the Linux dom0 in each G-stage mode (every scenario must pass and
# QEMU exit 0), then once with linux_dom0.fail=audit (QEMU must exit
# non-zero and the audit line must say "deliberate failure").  Needs
# xen/xen and build/linux-dom0/Image.  Last line: "N passed, M failed".
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
logs="$top/build/linux-dom0/logs"
mkdir -p "$logs"
pass=0
fail=0

verdict() {
    if [ "$1" = ok ]; then
        pass=$((pass + 1)); echo "linux-dom0 check: $2: PASS"
    else
        fail=$((fail + 1)); echo "linux-dom0 check: $2: FAIL (see $3)"
    fi
}

for mode in sv39x4 sv48x4 sv57x4; do
    log="$logs/$mode.log"
    "$here/run.sh" --mode "$mode" > "$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -aq 'linux-dom0: [1-9][0-9]* passed, 0 failed' "$log"; then
        verdict ok "$mode" "$log"
    else
        verdict bad "$mode (exit $rc)" "$log"
    fi
done

log="$logs/selftest.log"
"$here/run.sh" --mode sv39x4 linux_dom0.fail=audit linux_dom0.duration=1 \
    > "$log" 2>&1
rc=$?
if [ $rc -ne 0 ] &&
   grep -aq 'linux-dom0: audit: FAIL (deliberate failure' "$log" &&
   grep -aq 'linux-dom0: [0-9]* passed, 1 failed' "$log"; then
    verdict ok "selftest (exit $rc)" "$log"
else
    verdict bad "selftest (exit $rc)" "$log"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

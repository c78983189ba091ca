#!/bin/bash
# Installs what is missing, builds, and runs the whole test suite. Each test
# runs in its own sandbox (tests/rt-test-session.sh): temporary HOME and XDG
# folders, a private D-Bus session, a real gnome-keyring-daemon and Xvfb
# where it needs them. Ends with a line "N passed, N failed".
#   build-aux/test.sh [BUILD_DIR] [-- MESON_TEST_ARGS...]
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
builddir=${1:-_build}
shift || true
[ "${1:-}" = "--" ] && shift

"$top/build-aux/install-deps.sh" || exit 1

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dtests=true || exit 1
fi
meson compile -C "$builddir" || { echo "0 passed, 1 failed"; exit 1; }

# Tests marked is_parallel run beside each other (as many as meson's default,
# the number of CPUs, or MESON_TESTTHREADS); display tests run alone.
meson test -C "$builddir" --print-errorlogs "$@"
status=$?

# Count from meson's machine-readable log: each TAP subtest of a g_test
# program, and each other test (validators) as one.
/usr/bin/python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, re, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        t = json.loads(line)
        result = t.get("result")
        subtests = [l for l in (t.get("stdout") or "").splitlines()
                    if re.match(r"(not )?ok \d", l)]
        if subtests and result in ("OK", "FAIL", "EXPECTEDFAIL"):
            for l in subtests:
                if l.startswith("not ok"):
                    failed += 1
                elif "# SKIP" in l:
                    skipped += 1
                else:
                    passed += 1
            if result == "FAIL" and not any(l.startswith("not ok") for l in subtests):
                failed += 1   # crashed after its last subtest
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status

#!/usr/bin/env bash
# Runs every fuzz target of Fuzz/targets for SECONDS each (default 60), one after the other, and
# exits non-zero when any of them finds a crash, hang, leak or sanitizer report (or fails to
# build). Suitable for CI: `Fuzz/smoke.sh 60`.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: Fuzz/smoke.sh [SECONDS]" >&2; exit 2; }
Fuzz/build.sh all || exit 1
failed=()
for target in $(awk '!/^#/ && NF { print $1 }' Fuzz/targets); do
    FUZZ_NO_BUILD=1 Fuzz/run.sh "$target" "$seconds" || failed+=("$target")
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz smoke test: findings in ${failed[*]}" >&2
    exit 1
fi
echo "fuzz smoke test: no findings in ${seconds}s per target" >&2

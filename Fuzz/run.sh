#!/usr/bin/env bash
# Runs one fuzzing campaign:
#
#   Fuzz/run.sh TARGET SECONDS [LIBFUZZER_FLAG...]
#
# Builds the target if needed (Fuzz/build.sh), copies the committed seeds Fuzz/corpus/TARGET/ into
# a scratch run directory .build-fuzz/runs/TARGET/STAMP/ (git-ignored), and runs libFuzzer there at
# nice 19 with -max_total_time=SECONDS -timeout=10 -rss_limit_mb=2048 and the target's dictionary
# Fuzz/dict/TARGET.dict. New interesting inputs go to the run's corpus/, findings (crash-*,
# timeout-*, oom-*, leak-*) to its artifacts/; nothing is added to git. The log is the run's
# fuzz.log; the last lines printed are a one-line summary. Exits with libFuzzer's status:
# 0 when nothing was found.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
[[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || { echo "usage: Fuzz/run.sh TARGET SECONDS [LIBFUZZER_FLAG...]" >&2; exit 2; }
target=$1 seconds=$2
shift 2
max_len=$(awk -v t="$target" '!/^#/ && $1 == t { print $4 }' Fuzz/targets)
[[ -n $max_len ]] || { echo "unknown target '$target' (see Fuzz/targets)" >&2; exit 2; }
[[ -n ${FUZZ_NO_BUILD:-} ]] || Fuzz/build.sh "$target"

run=$root/.build-fuzz/runs/$target/$(date -u +%Y%m%dT%H%M%SZ)-$$
mkdir -p "$run/corpus" "$run/artifacts"
cp -p "Fuzz/corpus/$target/"* "$run/corpus/" 2>/dev/null || true
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len"
       -artifact_prefix="$run/artifacts/" -print_final_stats=1)
[[ -f Fuzz/dict/$target.dict ]] && flags+=(-dict="$root/Fuzz/dict/$target.dict")

echo "fuzzing $target for ${seconds}s in ${run#"$root"/}" >&2
status=0
started=$SECONDS
# Swift's own backtracer would hold the output open after a crash; libFuzzer reports crashes itself.
SWIFT_BACKTRACE=enable=no nice -n 19 "$root/.build-fuzz/$target" "${flags[@]}" "$@" "$run/corpus" \
    >"$run/fuzz.log" 2>&1 || status=$?
elapsed=$((SECONDS - started))

# One summary line: executions, coverage (cov: edges, ft: features), corpus size, findings.
last=$(grep -E '^#[0-9]+' "$run/fuzz.log" | tail -n 1 || true)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/fuzz.log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/fuzz.log")
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$run/fuzz.log")
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
corpus=$(find "$run/corpus" -type f | wc -l)
corpus_bytes=$(find "$run/corpus" -type f -printf "%s\n" | awk "{ s += \$1 } END { print s + 0 }")
findings=$(find "$run/artifacts" -type f | wc -l)
echo "$target: ${elapsed}s of ${seconds}s, ${execs:-?} execs (${rate:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus $corpus files ($corpus_bytes bytes), peak RSS ${rss:-?} MB, findings $findings, exit $status"
if [[ $status -ne 0 || $findings -ne 0 ]]; then
    grep -E '^(==[0-9]+==|SUMMARY|Fatal error|.*: Fatal error|ERROR)' "$run/fuzz.log" | head -n 5 >&2 || true
    find "$run/artifacts" -type f | sed 's/^/finding: /' >&2
    [[ $status -ne 0 ]] || status=1
fi
echo "log: ${run#"$root"/}/fuzz.log" >&2
exit "$status"

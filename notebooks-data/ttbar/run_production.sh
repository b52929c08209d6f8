#!/usr/bin/env bash
# Production of the v2 sample (README "v2 sample (higher statistics)"): runs, one after another on one
# core (nice 10), every shard I of N that is not yet in sample-v2/shards/, and commits each shard file
# as soon as it is written (only that file). Safe to re-run at any time: finished shards are skipped,
# a second copy of this script refuses to start while one is running (flock).
#
#   notebooks-data/ttbar/run_production.sh [FIRST [LAST]]      # default: shards 0 .. N-1
#   nohup notebooks-data/ttbar/run_production.sh > /dev/null 2>&1 &     # background; log: production-v2.log
#
# When all N shards are there:  .venv/bin/python generate_sample.py --merge sample-v2
# NEOS_NO_COMMIT=1 runs the shards without committing them.
set -u
cd "$(dirname "$0")"
N=35
ARGS=(--outdir sample-v2 --seed 20110404
      --n-signal 60000 --n-ttbar 180000 --n-wjets 900000 --n-qcd 3000000 --block-events 5000
      --qcd-bias 3 55 --qcd-pthat-min 60 --wjets-bias 3 30 --wjets-pthat-min 60 --wjets-tauh-fraction 0.9)
FIRST=${1:-0}
LAST=${2:-$((N - 1))}
LOG=production-v2.log
mkdir -p sample-v2/shards
exec 9> sample-v2/.production.lock
if ! flock -n 9; then
    echo "run_production.sh: another production run holds sample-v2/.production.lock; not starting" >&2
    exit 1
fi
REPO=$(git rev-parse --show-toplevel)
REL=$(git rev-parse --show-prefix)            # notebooks-data/ttbar/

commit_shard() {                              # $1 = shard index; retries while the other engineer's git holds the lock
    local name="$1-of-$N.json.gz" path="${REL}sample-v2/shards/$1-of-$N.json.gz" out tries=0
    local size events
    size=$(du -k "sample-v2/shards/$name" | cut -f1)
    events=$(.venv/bin/python -c "
import gzip, json, sys
r = json.load(gzip.open(sys.argv[1], 'rt'))
print(', '.join('%s %d' % (p, sum(t['result']['configs'][c]['n_generated'] for t in r['tasks'] if t['id'].startswith(p + '/block')
                                                               for c in t['result']['configs']))
                for p in r['config']['processes'] if any(t['id'].startswith(p + '/block') for t in r['tasks'])) + ' events')
" "sample-v2/shards/$name")
    while :; do
        if out=$(git -C "$REPO" add "$path" 2>&1 && \
                 git -C "$REPO" commit -q -m "ttbar sample v2: shard $1 of $N ($events, ${size} kB)" -- "$path" 2>&1); then
            echo "$(date '+%F %T') committed $name ($events, ${size} kB)" >> "$LOG"
            return 0
        fi
        if [[ "$out" == *index.lock* && $tries -lt 120 ]]; then
            tries=$((tries + 1)); sleep 5; continue
        fi
        echo "$(date '+%F %T') commit of $name failed: $out" >> "$LOG"
        return 1
    done
}

for ((i = FIRST; i <= LAST; i++)); do
    f="sample-v2/shards/$i-of-$N.json.gz"
    if [[ -e "$f" ]]; then
        # present: make sure it is committed (a run interrupted between writing and committing)
        if [[ -z "${NEOS_NO_COMMIT:-}" ]] && ! git -C "$REPO" ls-files --error-unmatch "${REL}$f" > /dev/null 2>&1; then
            commit_shard "$i"
        fi
        continue
    fi
    echo "$(date '+%F %T') shard $i of $N: start" >> "$LOG"
    if ! nice -n 10 .venv/bin/python generate_sample.py "${ARGS[@]}" --shard "$i/$N" >> "$LOG" 2>&1; then
        echo "$(date '+%F %T') shard $i of $N FAILED (see above); stopping" >> "$LOG"
        exit 1
    fi
    [[ -n "${NEOS_NO_COMMIT:-}" ]] || commit_shard "$i" || exit 1
done
missing=0
for ((i = 0; i < N; i++)); do [[ -e "sample-v2/shards/$i-of-$N.json.gz" ]] || missing=$((missing + 1)); done
echo "$(date '+%F %T') done; $missing of $N shards missing$([[ $missing == 0 ]] && echo '; merge: .venv/bin/python generate_sample.py --merge sample-v2')" >> "$LOG"

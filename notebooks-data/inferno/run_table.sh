#!/usr/bin/env bash
# The INFERNO paper's Table 2, 20 seeds, as 20 shards of one seed each (7 trainings: cross-entropy,
# INFERNO 0–4, INFERNO 2 with Adam). Runs the shards not yet in notebooks-data/inferno/table/shards/,
# one after another, committing each as it finishes, so that production spans sessions; then merges.
# Run from the repository root:  nohup notebooks-data/inferno/run_table.sh > /tmp/table.log 2>&1 &
set -euo pipefail
cd "$(dirname "$0")/../.."
NEOS=${NEOS:-.build/release/neos}
SHARDS=20
OUT=notebooks-data/inferno/table
for ((k = 0; k < SHARDS; k++)); do
    file="$OUT/shards/$k-of-$SHARDS.json"
    [ -f "$file" ] && continue
    start=$(date +%s)
    nice -n 5 "$NEOS" train --benchmark inferno --table --seeds 20 --output "$OUT" --quiet --shard "$k/$SHARDS"
    echo "shard $k took $(( $(date +%s) - start )) s"
    for attempt in 1 2 3 4 5 6; do
        if git add "$file" && git commit -q -m "INFERNO Table 2: shard $k of $SHARDS (seed $((777 + k)), 7 trainings, $(( $(date +%s) - start )) s)" -- "$file"; then break; fi
        sleep 5
    done
done
"$NEOS" merge "$OUT"

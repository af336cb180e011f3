#!/usr/bin/env bash
# End-to-end wall time, throughput and peak memory of `argmine mine` on real corpora.
# Usage: eval/bench.sh [repetitions] [--peer]   (a Markdown table on stdout; the UNGDC corpus is run
# once per thread count; --peer also runs the Python peer of eval/peer/ on UNGDC, ~13 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
peer=${2:-}
cargo build --release --quiet
bin=target/release/argmine
shared=../shared
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| corpus | files | MB | jobs | wall s (median) | documents/s | units | units/s | MB/s | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for spec in "seed:$shared/seeds/000_6308da54c4a726a2.txt" "state-milestones:$shared/corpora/state-milestones/txt" "ungdc:$shared/corpora/ungdc/TXT"; do
  name=${spec%%:*}; path=${spec#*:}
  files=$(find "$path" -name '*.txt' | wc -l)
  mb=$(find "$path" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | awk '{printf "%.2f", $1/1e6}')
  n=$reps
  [ "$name" = ungdc ] && n=1
  for jobs in 1 2; do
    walls=(); rss=0
    for _ in $(seq "$n"); do
      /usr/bin/time -f '%e %M' -o "$out/time" "$bin" mine "$path" --out "$out/o" -j "$jobs" -q
      read -r wall kb < "$out/time"
      walls+=("$wall"); rss=$(( kb > rss ? kb : rss ))
    done
    med=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    units=$(( $(wc -l < "$out/o/sentences.csv") - 1 ))
    # wc -l over-counts units whose text holds a newline; argmine folds white space, so none do.
    awk -v n="$name" -v f="$files" -v mb="$mb" -v j="$jobs" -v w="$med" -v u="$units" -v r="$rss" \
      'BEGIN { w = (w < 0.01 ? 0.01 : w); printf "| %s | %d | %s | %d | %.2f | %.1f | %d | %.0f | %.2f | %.1f |\n", n, f, mb, j, w, f / w, u, u / w, mb / w, r / 1024 }'
  done
done
if [ "$peer" = --peer ]; then
  [ -x .venv-peer/bin/python ] || { python3 -m venv .venv-peer; .venv-peer/bin/pip install --quiet pysbd scikit-learn numpy; }
  /usr/bin/time -f 'peer wall %e s, peak RSS %M KB' .venv-peer/bin/python eval/peer/peer.py "$shared/corpora/ungdc/TXT" "$out/peer" "$shared/corpora/argunsc/data/sentence_CP.csv"
fi

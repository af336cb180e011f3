#!/usr/bin/env bash
# `argmine mine` with the transformer model (eval/transformer.json) over the 204 state-milestones
# essays: wall time and peak RSS for each encoder engine and document-worker count, one libtorch
# thread per embedding call (the default), batches of 8 (the default) and of 32. Needs
# scripts/setup-transformer.sh. Also checks that each engine writes the same bytes whatever the
# number of document workers.
# Usage: eval/bench-mine-transformer.sh   (a Markdown table on stdout; about 8 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-transformer.sh >/dev/null
source scripts/transformer-env.sh
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --features transformer
bin=$target_dir/release/argmine
corpus=../shared/corpora/state-milestones/txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| engine | batch | jobs | wall s | units/s | peak RSS MB | output |"
echo "|---|---|---|---|---|---|---|"
for run in rust-bert:8 direct:8 direct:32; do
  engine=${run%%:*}; batch=${run#*:}
  python3 -c "import json, sys; c = json.load(open('eval/transformer.json')); c['transformer'] = {'engine': sys.argv[1], 'batch_size': int(sys.argv[2])}; json.dump(c, open(sys.argv[3], 'w'))" "$engine" "$batch" "$out/cfg.json"
  rm -rf "$out/first"
  for jobs in 1 2; do
    /usr/bin/time -f '%e %M' -o "$out/time" "$bin" mine "$corpus" --out "$out/o" -j "$jobs" -q --config "$out/cfg.json"
    read -r wall kb < "$out/time"
    units=$(( $(wc -l < "$out/o/sentences.csv") - 1 ))
    if [ -d "$out/first" ]; then
      same=$(cmp -s "$out/o/sentences.csv" "$out/first/sentences.csv" && cmp -s "$out/o/links.csv" "$out/first/links.csv" && echo "same bytes as with 1 job" || echo "differs from 1 job")
    else
      mv "$out/o" "$out/first"; same="(reference)"
    fi
    rm -rf "$out/o"
    awk -v e="$engine" -v b="$batch" -v j="$jobs" -v w="$wall" -v u="$units" -v r="$kb" -v s="$same" \
      'BEGIN { printf "| %s | %d | %d | %.1f | %.0f | %.0f | %s |\n", e, b, j, w, u / w, r / 1024, s }'
  done
done

#!/usr/bin/env bash
# `argmine mine` with the transformer model (eval/transformer.json) over the 204 state-milestones
# essays: wall time and peak RSS for each encoder engine and document-worker count, one libtorch
# thread per embedding call (the default), batches of 8 (the default) and of 32. Needs
# scripts/setup-transformer.sh. Also checks that each engine writes the same bytes whatever the
# number of document workers.
# Usage: eval/bench-mine-transformer.sh   (a Markdown table on stdout; about 8 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source eval/bench-mine-row.sh
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
    mine_row "$bin" "$corpus" "$out" "$out/cfg.json" "$jobs" "$engine" "$batch"
  done
done

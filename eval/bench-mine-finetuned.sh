#!/usr/bin/env bash
# `argmine mine` over the 204 state-milestones essays with three role classifiers: the default
# linear model, the model with MiniLM embedding features (eval/transformer.json) and the
# fine-tuned classifier (eval/finetuned.json, models/finetuned-minilm from
# scripts/train-finetuned.sh): wall time, units per second and peak RSS with one and two documents
# at a time (one libtorch thread each), and whether two give the same bytes as one; the
# fine-tuned classifier also with two copies of its encoder (`"transformer": {"threads": 2}`).
# Usage: eval/bench-mine-finetuned.sh   (a Markdown table on stdout; about 6 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
source eval/bench-mine-row.sh
source scripts/transformer-env.sh
[[ -f models/finetuned-minilm/finetuned.json ]] || { echo "run scripts/train-finetuned.sh first" >&2; exit 1; }
cargo build --release --quiet --features transformer --target-dir target/tf
bin=target/tf/release/argmine
corpus=../shared/corpora/state-milestones/txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo '{}' > "$out/linear.json"
python3 -c "import json, sys; c = json.load(open('eval/finetuned.json')); c['transformer'] = {'threads': 2}; json.dump(c, open(sys.argv[1], 'w'))" "$out/copies.json"
echo "| classifier | jobs | wall s | units/s | peak RSS MB | output |"
echo "|---|---|---|---|---|---|"
for run in linear:$out/linear.json embeddings:eval/transformer.json fine-tuned:eval/finetuned.json "fine-tuned, 2 copies:$out/copies.json"; do
  name=${run%%:*}; cfg=${run#*:}
  rm -rf "$out/first"
  for jobs in 1 2; do
    mine_row "$bin" "$corpus" "$out" "$cfg" "$jobs" "$name"
  done
done

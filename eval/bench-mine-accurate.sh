#!/usr/bin/env bash
# `argmine mine` over the 204 state-milestones essays with the two tiers: the default model (the
# linear model built into the binary) and the accurate tier (models/accurate from
# scripts/setup-accurate.sh: the fine-tuned encoder averaged with its linear model, that model's
# linker), with one and two documents at a time (the accurate tier with as many copies of its
# encoder, one libtorch thread each, as `--model accurate --jobs N` gives): wall time, units per
# second, peak RSS, and whether two jobs give the same bytes as one.
# Usage: eval/bench-mine-accurate.sh   (a Markdown table on stdout; about 5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
source eval/bench-mine-row.sh
source scripts/transformer-env.sh
[[ -f models/accurate/linear.bin ]] || { echo "run scripts/setup-accurate.sh first" >&2; exit 1; }
cargo build --release --quiet --features transformer --target-dir target/tf
bin=target/tf/release/argmine
corpus=../shared/corpora/state-milestones/txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo '{}' > "$out/default.json"
acc() {
  printf '{"classifier": {"type": "fine_tuned", "model": "%s", "path": "%s"}, "linker": {"type": "learned", "path": "%s"}, "transformer": {"threads": %d}}\n' \
    "$PWD/models/accurate" "$PWD/models/accurate/linear.bin" "$PWD/models/accurate/linear.bin" "$1"
}
echo "| tier | jobs | wall s | units/s | peak RSS MB | output |"
echo "|---|---|---|---|---|---|"
for jobs in 1 2; do mine_row "$bin" "$corpus" "$out" "$out/default.json" "$jobs" default; done
rm -rf "$out/first"
for jobs in 1 2; do
  acc "$jobs" > "$out/accurate-$jobs.json"
  mine_row "$bin" "$corpus" "$out" "$out/accurate-$jobs.json" "$jobs" accurate
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%F)"

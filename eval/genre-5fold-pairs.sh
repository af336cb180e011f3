#!/usr/bin/env bash
# Candidate L of eval/RESULTS.md: a pair encoder fine-tuned per fold, as the linker over the fold's
# linear roles, on the folds of a kept five-fold run of the linear model.
#
# usage: eval/genre-5fold-pairs.sh WORK REPORT   (from the project root, transformer build)
#
# WORK is the folder `KEEP=1 eval/genre-5fold.sh REPORT0 --link-features 3` kept (B's design):
# WORK/foldN/train (the fold's training annotations), WORK/foldN/docs (its held-out documents),
# WORK/foldN/model/model.bin (its linear model), WORK/gold and WORK/pred-greedy (the pooled
# predictions of the linear model). On each fold, all-MiniLM-L6-v2 is fine-tuned as a pair encoder
# (`argmine finetune --links`) on ArgUNSC and the fold's training documents (PAIR_RECIPE below); the
# held-out documents are mined with the fold's linear classifier and the `fine_tuned` linker (the
# encoder's none / support / attack probabilities averaged with the fold's linear link scorer over
# the same candidates, greedy). The pooled predictions (WORK/pred-pairs) are scored against the
# gold (REPORT) and compared with the linear model's by a paired bootstrap (REPORT-vs-B). Each
# fold's encoder is kept in WORK/foldN/ft-links and reused when present. About 10 minutes a fold
# on 2 cores.
set -euo pipefail
work=${1:?usage: eval/genre-5fold-pairs.sh WORK REPORT}
report=${2:?usage: eval/genre-5fold-pairs.sh WORK REPORT}
source scripts/transformer-env.sh
bin=${ARGMINE:-target/tf/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet --features transformer --target-dir target/tf
recipe=(--max-negatives 3 --epochs 1 --batch-size 16 --context 64 --seed 1 --learning-rate 5e-5 --autocast)
rm -rf "$work/pred-pairs"; mkdir -p "$work/pred-pairs"
for f in 1 2 3 4 5; do
  fold="$work/fold$f"
  if [[ ! -f $fold/ft-links/finetuned.json ]]; then
    "$bin" finetune --links --data argunsc:../shared/corpora/argunsc --data "json:$fold/train" \
      "${recipe[@]}" --threads "${THREADS:-$(nproc)}" --out "$fold/ft-links"
  fi
  printf '{"classifier": {"type": "learned", "path": "%s"}, "linker": {"type": "fine_tuned", "model": "%s", "path": "%s"}}\n' \
    "$fold/model/model.bin" "$fold/ft-links" "$fold/model/model.bin" > "$fold/config-pairs.json"
  rm -rf "$fold/out-pairs"
  "$bin" mine "$fold/docs" --out "$fold/out-pairs" --config "$fold/config-pairs.json" --quiet
  for t in sentences links; do
    if (( f == 1 )); then cat "$fold/out-pairs/$t.csv"; else tail -n +2 "$fold/out-pairs/$t.csv"; fi >> "$work/pred-pairs/$t.csv"
  done
done
"$bin" eval --gold "$work/gold" --pred "$work/pred-pairs" --report "$report" > /dev/null
"$bin" eval --gold "$work/gold" --pred "$work/pred-pairs" --compare-to "$work/pred-greedy" --report "$report-vs-B" > /dev/null

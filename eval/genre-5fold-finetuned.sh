#!/usr/bin/env bash
# Five-fold cross-validation over argmine's in-genre annotations (annotations/genre), for the
# fine-tuned classifier: the essays, sorted by name, are dealt to folds by position (essay i to
# fold i mod 5, so each fold spans the eras). For each fold:
#   - the linear model is trained as eval/genre-cv.sh trains it (the corpora, the other folds'
#     essays ×100, weak stance text with the annotated essays held out);
#   - all-MiniLM-L6-v2 is fine-tuned on ArgUNSC plus the other folds' essays (each once), four
#     roles with the weak stance rule (`argmine finetune --weak-stance`), the recipe of
#     scripts/train-finetuned.sh otherwise;
#   - the held-out essays are mined with the linear model alone and with the fine-tuned classifier
#     (its mean with that linear model).
# With LINKS=1, also (session 10, fixed before it first ran):
#   - all-MiniLM-L6-v2 is fine-tuned as a link scorer (`argmine finetune --links`) on ArgUNSC
#     plus the other folds' essays, each source paired with its candidate targets, at most 5
#     non-target candidates per source (`--max-negatives 5`), the target read up to 64
#     WordPieces (`--context 64`), lr 5e-5, 3 epochs, batch 16, seed 1, autocast;
#   - the held-out essays are mined a third time with the fine-tuned classifier and the
#     fine-tuned linker (its mean with that fold's linear link scorer): REPORT-finetuned-links.
#   The fine-tuned linker is recommended if, against REPORT-finetuned (same roles, the linear
#   linker), its link F1 (strict) is higher and its reachability not lower.
# The sets of predictions are scored with `argmine eval` (REPORT-linear, REPORT-finetuned).
# The seed article (annotations/test) is never used.
#
# usage: eval/genre-5fold-finetuned.sh REPORT   (from the project root, after
#        scripts/setup-transformer.sh; about 15 minutes a fold on 2 cores)
# WORK=DIR keeps the folds' models in DIR, and a fold whose fine-tuned model is there is not
# fine-tuned again (a stopped run goes on where it stopped).
set -euo pipefail
report=${1:?usage: eval/genre-5fold-finetuned.sh REPORT}
k=5
source scripts/transformer-env.sh
bin=${ARGMINE:-target/tf/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet --features transformer --target-dir target/tf
if [[ -n ${WORK:-} ]]; then
  work=$WORK; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
corpora=(--data argunsc:../shared/corpora/argunsc --data cdcp:../shared/corpora/cdcp/train
         --data microtexts:../shared/corpora/microtexts/corpus/en
         --holdout annotations/genre --holdout annotations/test
         --weak-text ../shared/corpora/state-milestones/txt)
mapfile -t anns < <(printf '%s\n' annotations/genre/*.json | LC_ALL=C sort)
runs=(linear finetuned)
[[ ${LINKS:-0} == 1 ]] && runs+=(finetuned-links)
for run in "${runs[@]}"; do
  rm -rf "$work/pred-$run"; mkdir -p "$work/pred-$run"
done
for ((f = 0; f < k; f++)); do
  fold="$work/fold$((f + 1))"
  rm -rf "$fold/train" "$fold/docs" "$fold"/out-*
  mkdir -p "$fold/train" "$fold/docs"
  for i in "${!anns[@]}"; do
    ann=${anns[$i]}
    if (( i % k == f )); then
      doc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["document"])' "$ann")
      cp "$doc" "$fold/docs/"
    else
      ln -s "$PWD/$ann" "$fold/train/"
    fi
  done
  "$bin" train "${corpora[@]}" --data "json:$fold/train@100" --out "$fold/model" 2>/dev/null
  if [[ ! -f $fold/ft/finetuned.json ]]; then
    "$bin" finetune --data argunsc:../shared/corpora/argunsc --data "json:$fold/train" \
      --weak-stance --epochs 3 --batch-size 16 --context 32 --seed 1 --learning-rate 5e-5 \
      --autocast --threads "${THREADS:-$(nproc)}" --out "$fold/ft"
  fi
  if [[ ${LINKS:-0} == 1 && ! -f $fold/ft-links/finetuned.json ]]; then
    "$bin" finetune --links --data argunsc:../shared/corpora/argunsc --data "json:$fold/train" \
      --max-negatives 5 --epochs 3 --batch-size 16 --context 64 --seed 1 --learning-rate 5e-5 \
      --autocast --threads "${THREADS:-$(nproc)}" --out "$fold/ft-links"
  fi
  python3 -c '
import json, sys
model, ft, out = sys.argv[1:4]
linear = {"classifier": {"type": "learned", "path": model}, "linker": {"type": "learned", "path": model}}
json.dump(linear, open(out + "/linear.json", "w"))
linear["classifier"] = {"type": "fine_tuned", "model": ft, "path": model}
json.dump(linear, open(out + "/finetuned.json", "w"))
linear["linker"] = {"type": "fine_tuned", "model": ft + "-links", "path": model}
json.dump(linear, open(out + "/finetuned-links.json", "w"))' "$fold/model/model.bin" "$fold/ft" "$fold"
  for run in "${runs[@]}"; do
    "$bin" mine "$fold/docs" --out "$fold/out-$run" --config "$fold/$run.json" --quiet
    for t in sentences links; do
      if (( f == 0 )); then cat "$fold/out-$run/$t.csv"; else tail -n +2 "$fold/out-$run/$t.csv"; fi >> "$work/pred-$run/$t.csv"
    done
  done
done
for run in "${runs[@]}"; do
  "$bin" eval --gold annotations/genre --pred "$work/pred-$run" --report "$report-$run"
done

#!/usr/bin/env bash
# Leave-one-document-out cross-validation over argmine's own in-genre annotations
# (annotations/genre: State Department analysis essays annotated by hand): for each essay, train
# on the corpora plus the other essays, predict the held-out essay with that model, then score
# all held-out predictions together with `argmine eval --pred`. The seed article
# (annotations/test) is never used.
#
# usage: eval/genre-cv.sh [WEIGHT [REPORT [TRAIN-OPTION...]]]   (run from the project root)
#   WEIGHT   how many times each in-genre essay counts in training (train --data json:...@WEIGHT;
#            default 30)
#   REPORT   write the pooled report to REPORT.md and REPORT.json ("" for none)
#   TRAIN-OPTION...  passed on to `argmine train` (e.g. --link-threshold 0.7); with
#            WEAK_TEXT=0 in the environment the weak stance text is left out; with SUBSET=K, each
#            fold trains on K of the other essays only (drawn by a seeded shuffle of their names,
#            seeded by the held-out essay's name: a learning curve); with FINETUNED=DIR, roles
#            come from the fine-tuned classifier of DIR (`argmine finetune --out DIR`, which must
#            not have been trained on these essays) averaged with each fold's linear model, and
#            ARGMINE must be a build with the transformer feature)
set -euo pipefail
weight=${1:-30}
report=${2:-}
shift $(( $# < 2 ? $# : 2 ))
bin=${ARGMINE:-target/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet
work=$(mktemp -d)
[[ -n ${KEEP:-} ]] && echo "genre-cv: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
corpora=(--data argunsc:../shared/corpora/argunsc --data cdcp:../shared/corpora/cdcp/train
         --data microtexts:../shared/corpora/microtexts/corpus/en
         --holdout annotations/genre --holdout annotations/test "$@")
[[ ${WEAK_TEXT:-1} == 0 ]] || corpora+=(--weak-text ../shared/corpora/state-milestones/txt)
mkdir -p "$work/pred"
first=1
for ann in annotations/genre/*.json; do
  name=$(basename "$ann" .json)
  fold="$work/$name"
  mkdir -p "$fold/train" "$fold/docs"
  others=()
  for other in annotations/genre/*.json; do
    [[ $other == "$ann" ]] || others+=("$other")
  done
  if [[ -n ${SUBSET:-} ]]; then
    mapfile -t others < <(python3 -c '
import random, sys
names = sys.argv[3:]
random.Random(sys.argv[1]).shuffle(names)
print("\n".join(names[: int(sys.argv[2])]))' "$name" "$SUBSET" "${others[@]}")
  fi
  for other in "${others[@]}"; do
    ln -s "$PWD/$other" "$fold/train/"
  done
  "$bin" train "${corpora[@]}" --data "json:$fold/train@$weight" --out "$fold/model" 2>/dev/null
  doc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["document"])' "$ann")
  cp "$doc" "$fold/docs/"
  "$bin" config | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["classifier"]["path"] = c["linker"]["path"] = sys.argv[1]
if sys.argv[2]:
    c["classifier"] = {"type": "fine_tuned", "model": sys.argv[2], "path": sys.argv[1]}
print(json.dumps(c))' "$fold/model/model.bin" "${FINETUNED:-}" > "$fold/config.json"
  "$bin" mine "$fold/docs" --out "$fold/out" --config "$fold/config.json" --quiet
  for f in sentences links; do
    if [[ $first == 1 ]]; then cat "$fold/out/$f.csv"; else tail -n +2 "$fold/out/$f.csv"; fi >> "$work/pred/$f.csv"
  done
  first=0
done
args=(eval --gold annotations/genre --pred "$work/pred")
[[ -n $report ]] && args+=(--report "$report")
"$bin" "${args[@]}"

#!/usr/bin/env bash
# Issue 22, the accurate tier (E) and the distilled fast tier (F), pre-registered in
# eval/RESULTS.md before this script first ran. The folds are eval/genre-5fold.sh's: the 159
# in-genre training documents (annotations/genre, annotations/ungdc) sorted by file name and dealt
# to five folds by position. For each fold:
#   B  the linear model trained as models/default is (corpora, the other folds' documents ×100,
#      weak stance text with every annotated document held out, --link-features 3);
#   E  all-MiniLM-L6-v2 fine-tuned on ArgUNSC plus the other folds' documents, each once
#      (scripts/train-finetuned.sh's recipe: four roles with the weak stance rule, 32 WordPieces
#      of context, 3 epochs, batch 16, lr 5e-5, seed 1, autocast), its role probabilities averaged
#      with B's (the `fine_tuned` classifier); links: B's linker over E's roles;
#   F  B plus E's labels of the silver pool (eval/silver-pool.txt, scripts/draw-silver.py: 153
#      unannotated essays and speeches, none of them a fold's document) as roles-only training data
#      (`--roles-data json:SILVER@20`): the distilled linear model, no libtorch at run time.
# Each mines the fold's documents; the pooled predictions are scored with `argmine eval` against
# all 159 documents, the essays and the speeches (REPORT-{B,E,F}[-essays|-speeches]) and compared
# pairwise (REPORT-{E,F}-vs-B, REPORT-{B,E,F}-vs-baseline). The test sets are never used.
#
# usage: eval/genre-5fold-accurate.sh REPORT   (from the project root, after
#        scripts/setup-transformer.sh; about 17 minutes a fold on 2 cores)
# WORK=DIR keeps the work in DIR; a fold step whose output is there is not redone.
set -euo pipefail
report=${1:?usage: eval/genre-5fold-accurate.sh REPORT}
k=5
silver_weight=20
source scripts/transformer-env.sh
source scripts/finetune-recipe.sh
bin=${ARGMINE:-target/tf/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet --features transformer --target-dir target/tf
if [[ -n ${WORK:-} ]]; then
  work=$WORK; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
sets=(annotations/genre annotations/ungdc)
corpora=(--data argunsc:../shared/corpora/argunsc --data cdcp:../shared/corpora/cdcp/train
         --data microtexts:../shared/corpora/microtexts/corpus/en
         --holdout annotations/test --holdout annotations/speeches
         --holdout annotations/genre --holdout annotations/ungdc
         --weak-text ../shared/corpora/state-milestones/txt --link-features 3)
mapfile -t anns < <(for s in "${sets[@]}"; do printf '%s\n' "$s"/*.json; done |
  awk -F/ '{print $NF "\t" $0}' | LC_ALL=C sort | cut -f2)
mapfile -t pool < eval/silver-pool.txt
runs=(B E F)
rm -rf "$work/gold" "$work/alldocs" "$work/pred-base"
mkdir -p "$work/gold" "$work/alldocs" "$work/pred-base"
for run in "${runs[@]}"; do rm -rf "$work/pred-$run"; mkdir -p "$work/pred-$run"; done
for ann in "${anns[@]}"; do ln -s "$PWD/$ann" "$work/gold/"; done
# The configuration that runs one `argmine train` model as both classifier and linker.
linear_config() {
  printf '{"classifier": {"type": "learned", "path": "%s"}, "linker": {"type": "learned", "path": "%s"}}\n' "$1" "$1"
}
docpath() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["document"])' "$1"; }
for ((f = 0; f < k; f++)); do
  fold="$work/fold$((f + 1))"
  rm -rf "$fold/train" "$fold/docs" "$fold"/out-*
  mkdir -p "$fold/train" "$fold/docs"
  for i in "${!anns[@]}"; do
    ann=${anns[$i]}
    if (( i % k == f )); then
      doc=$(docpath "$ann")
      cp "$doc" "$fold/docs/" && cp "$doc" "$work/alldocs/"
    else
      ln -s "$PWD/$ann" "$fold/train/"
    fi
  done
  [[ -f $fold/B/model.bin ]] || "$bin" train "${corpora[@]}" --data "json:$fold/train@100" --out "$fold/B"
  [[ -f $fold/ft/finetuned.json ]] || "$bin" finetune --data argunsc:../shared/corpora/argunsc \
      --data "json:$fold/train" "${finetune_recipe[@]}" --out "$fold/ft"
  linear_config "$fold/B/model.bin" > "$fold/B.json"
  printf '{"classifier": {"type": "fine_tuned", "model": "%s", "path": "%s"}, "linker": {"type": "learned", "path": "%s"}, "transformer": {"threads": 2}}\n' \
    "$fold/ft" "$fold/B/model.bin" "$fold/B/model.bin" > "$fold/E.json"
  if [[ ! -f $fold/silver.done ]]; then
    rm -rf "$fold/silver-out" "$fold/silver"
    "$bin" mine "${pool[@]}" --out "$fold/silver-out" --config "$fold/E.json" --jobs 2 --quiet
    python3 scripts/silver.py "$fold/silver-out" "$fold/silver" "teacher E, fold $((f + 1))"
    touch "$fold/silver.done"
  fi
  [[ -f $fold/F/model.bin ]] || "$bin" train "${corpora[@]}" --data "json:$fold/train@100" \
      --roles-data "json:$fold/silver@$silver_weight" --out "$fold/F"
  linear_config "$fold/F/model.bin" > "$fold/F.json"
  for run in "${runs[@]}"; do
    "$bin" mine "$fold/docs" --out "$fold/out-$run" --config "$fold/$run.json" --jobs 2 --quiet
    for t in sentences links; do
      if (( f == 0 )); then cat "$fold/out-$run/$t.csv"; else tail -n +2 "$fold/out-$run/$t.csv"; fi >> "$work/pred-$run/$t.csv"
    done
  done
done
"$bin" mine "$work/alldocs" --out "$work/pred-base" --config eval/baseline.json --quiet
for set in all essays speeches; do
  case $set in
    all) gold=$work/gold; suffix= ;;
    essays) gold=annotations/genre; suffix=-essays ;;
    speeches) gold=annotations/ungdc; suffix=-speeches ;;
  esac
  for run in "${runs[@]}"; do
    "$bin" eval --gold "$gold" --pred "$work/pred-$run" --report "$report-$run$suffix" > /dev/null
    "$bin" eval --gold "$gold" --pred "$work/pred-$run" --compare-to "$work/pred-base" --report "$report-$run-vs-baseline$suffix" > /dev/null
  done
  for run in E F; do
    "$bin" eval --gold "$gold" --pred "$work/pred-$run" --compare-to "$work/pred-B" --report "$report-$run-vs-B$suffix" > /dev/null
  done
done
for run in "${runs[@]}"; do echo "== $run"; "$bin" eval --gold "$work/gold" --pred "$work/pred-$run"; done

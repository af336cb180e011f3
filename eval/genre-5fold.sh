#!/usr/bin/env bash
# Five-fold cross-validation of the linear model over all of argmine's in-genre training
# annotations (the essays of annotations/genre and the speeches of annotations/ungdc), folds by
# document: the documents, sorted by file name, are dealt to folds by position (i to fold i mod 5).
# For each fold, a model is trained as models/default is (the corpora, the other folds' documents
# ×WEIGHT, weak stance text with every annotated document held out) plus TRAIN-OPTIONs, and mines
# the fold's documents. The pooled held-out predictions are scored with `argmine eval` against all
# documents (REPORT), the essays (REPORT-essays) and the speeches (REPORT-speeches); the baselines
# (eval/baseline.json) mine the same documents once (REPORT-baseline*), and the learned model is
# compared with them by a paired bootstrap (REPORT-vs-baseline). The test sets (annotations/test,
# annotations/speeches) are never used.
#
# usage: eval/genre-5fold.sh REPORT [TRAIN-OPTION...]   (from the project root; WEIGHT=100 by
#        default; SETS="annotations/genre annotations/ungdc" by default (the folders whose
#        documents are dealt to folds); KEEP=1 keeps the work folder; ARGMINE=binary; about 2
#        minutes a fold on 2 cores). DECODINGS="greedy rooted" mines each fold with each link
#        decoding of the same model (default: greedy alone); with more than one, the reports are
#        REPORT-<decoding>*, and each decoding after the first is compared with the first by a
#        paired bootstrap (REPORT-<decoding>-vs-<first>*).
set -euo pipefail
report=${1:?usage: eval/genre-5fold.sh REPORT [TRAIN-OPTION...]}
shift
weight=${WEIGHT:-100}
k=5
bin=${ARGMINE:-target/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet
work=$(mktemp -d)
[[ -n ${KEEP:-} ]] && echo "genre-5fold: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
read -r -a sets <<< "${SETS:-annotations/genre annotations/ungdc}"
corpora=(--data argunsc:../shared/corpora/argunsc --data cdcp:../shared/corpora/cdcp/train
         --data microtexts:../shared/corpora/microtexts/corpus/en
         --holdout annotations/test --holdout annotations/speeches
         --weak-text ../shared/corpora/state-milestones/txt)
for s in "${sets[@]}"; do corpora+=(--holdout "$s"); done
corpora+=("$@")
mapfile -t anns < <(for s in "${sets[@]}"; do printf '%s\n' "$s"/*.json; done |
  awk -F/ '{print $NF "\t" $0}' | LC_ALL=C sort | cut -f2)
read -r -a decodings <<< "${DECODINGS:-greedy}"
mkdir -p "$work/gold" "$work/pred-base" "$work/alldocs"
for dec in "${decodings[@]}"; do mkdir -p "$work/pred-$dec"; done
for ann in "${anns[@]}"; do ln -s "$PWD/$ann" "$work/gold/"; done
docpath() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["document"])' "$1"; }
for ((f = 0; f < k; f++)); do
  fold="$work/fold$((f + 1))"
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
  "$bin" train "${corpora[@]}" --data "json:$fold/train@$weight" --out "$fold/model"
  for dec in "${decodings[@]}"; do
    printf '{"classifier": {"type": "learned", "path": "%s"}, "linker": {"type": "learned", "path": "%s", "decoding": "%s"}}\n' \
      "$fold/model/model.bin" "$fold/model/model.bin" "$dec" > "$fold/config-$dec.json"
    "$bin" mine "$fold/docs" --out "$fold/out-$dec" --config "$fold/config-$dec.json" --quiet
    for t in sentences links; do
      if (( f == 0 )); then cat "$fold/out-$dec/$t.csv"; else tail -n +2 "$fold/out-$dec/$t.csv"; fi >> "$work/pred-$dec/$t.csv"
    done
  done
done
"$bin" mine "$work/alldocs" --out "$work/pred-base" --config eval/baseline.json --quiet
for set in all essays speeches; do
  [[ $set == speeches ]] && ! compgen -G "annotations/ungdc/*.json" > /dev/null && continue
  case $set in
    all) gold=$work/gold; suffix= ;;
    essays) gold=annotations/genre; suffix=-essays ;;
    speeches) gold=annotations/ungdc; suffix=-speeches ;;
  esac
  "$bin" eval --gold "$gold" --pred "$work/pred-base" --report "$report-baseline$suffix" > /dev/null
  for dec in "${decodings[@]}"; do
    r=$report; (( ${#decodings[@]} > 1 )) && r=$report-$dec
    "$bin" eval --gold "$gold" --pred "$work/pred-$dec" --report "$r$suffix" > /dev/null
    "$bin" eval --gold "$gold" --pred "$work/pred-$dec" --compare-to "$work/pred-base" --report "$r-vs-baseline$suffix" > /dev/null
    [[ $dec == "${decodings[0]}" ]] && continue
    "$bin" eval --gold "$gold" --pred "$work/pred-$dec" --compare-to "$work/pred-${decodings[0]}" \
      --report "$report-$dec-vs-${decodings[0]}$suffix" > /dev/null
  done
done
for dec in "${decodings[@]}"; do echo "== $dec"; "$bin" eval --gold "$work/gold" --pred "$work/pred-$dec"; done

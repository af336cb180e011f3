#!/usr/bin/env bash
# Out of genre: how a design does on argumentative text of genres it was not trained on, the
# question issue 22's held-out sets (news editorials, student essays, microtexts) ask. A model is
# trained as models/default is (ArgUNSC, CDCP's training split, the in-genre documents ×100, weak
# stance text) but WITHOUT the microtexts, plus TRAIN-OPTIONs; it mines
#   - the 112 English microtexts (Peldszus & Stede, part 1), which it has not seen, and
#   - the CDCP test split (user comments), which no argmine model trains on,
# once per link decoding, and so do the baselines (eval/baseline.json). Each is scored with
# `argmine eval` (REPORT-<set>[-<decoding>]) and compared with the baselines by a paired bootstrap
# over documents (REPORT-<set>[-<decoding>]-vs-baseline); each decoding after the first is
# compared with the first (REPORT-<set>-<decoding>-vs-<first>). No test set is used.
#
# The microtexts' roles are converted from their graphs (the central claim and the targets of
# links are claims, the rest evidence), not annotated under argmine's guidelines, so their kappa
# says little; their links and reachability are the point.
#
# usage: eval/out-of-genre.sh REPORT [TRAIN-OPTION...]   (from the project root; about 5 minutes
#        on 2 cores; WEIGHT=100 (the in-genre documents' weight) and DECODINGS="greedy rooted" as
#        in eval/genre-5fold.sh; KEEP=1 keeps the work folder; ARGMINE=binary). REF=DIR, the
#        work folder an earlier run kept, with REF_NAME=NAME: each decoding's predictions are also
#        compared with that run's greedy ones, paired (REPORT-<set>[-<decoding>]-vs-NAME).
set -euo pipefail
report=${1:?usage: eval/out-of-genre.sh REPORT [TRAIN-OPTION...]}
shift
bin=${ARGMINE:-target/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet
work=$(mktemp -d)
[[ -n ${KEEP:-} ]] && echo "out-of-genre: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
read -r -a decodings <<< "${DECODINGS:-greedy}"
weight=${WEIGHT:-100}
corpora=../shared/corpora
"$bin" train --data "argunsc:$corpora/argunsc" --data "cdcp:$corpora/cdcp/train" \
  --data "json:annotations/genre@$weight" --data "json:annotations/ungdc@$weight" \
  --weak-text "$corpora/state-milestones/txt" \
  --holdout annotations/genre --holdout annotations/ungdc \
  --holdout annotations/test --holdout annotations/speeches \
  "$@" --out "$work/model"
model=$work/model/model.bin
# set name, gold folder, gold format, the texts to mine
sets=("microtexts $corpora/microtexts/corpus/en microtexts"
      "cdcp $corpora/cdcp/test cdcp")
for entry in "${sets[@]}"; do
  read -r name gold format <<< "$entry"
  mapfile -t texts < <(find "$gold" -name '*.txt' | LC_ALL=C sort)
  "$bin" mine "${texts[@]}" --out "$work/$name-baseline" --config eval/baseline.json --jobs 2 --quiet
  "$bin" eval --gold "$gold" --format "$format" --pred "$work/$name-baseline" \
    --report "$report-$name-baseline" > /dev/null
  for dec in "${decodings[@]}"; do
    printf '{"classifier": {"type": "learned", "path": "%s"}, "linker": {"type": "learned", "path": "%s", "decoding": "%s"}}\n' \
      "$model" "$model" "$dec" > "$work/$dec.json"
    "$bin" mine "${texts[@]}" --out "$work/$name-$dec" --config "$work/$dec.json" --jobs 2 --quiet
    out=$report-$name
    (( ${#decodings[@]} > 1 )) && out=$out-$dec
    "$bin" eval --gold "$gold" --format "$format" --pred "$work/$name-$dec" --report "$out" > /dev/null
    "$bin" eval --gold "$gold" --format "$format" --pred "$work/$name-$dec" \
      --compare-to "$work/$name-baseline" --report "$out-vs-baseline" > /dev/null
    if [[ -n ${REF:-} ]]; then
      "$bin" eval --gold "$gold" --format "$format" --pred "$work/$name-$dec" \
        --compare-to "$REF/$name-greedy" --report "$out-vs-${REF_NAME:?REF_NAME names the REF run}" > /dev/null
    fi
    if [[ $dec != "${decodings[0]}" ]]; then
      "$bin" eval --gold "$gold" --format "$format" --pred "$work/$name-$dec" \
        --compare-to "$work/$name-${decodings[0]}" --report "$report-$name-$dec-vs-${decodings[0]}" > /dev/null
    fi
  done
done
echo "out-of-genre: reports $report-*" >&2

#!/usr/bin/env bash
# Scores the tiers once on the test sets (annotations/test, the seed; annotations/speeches, eight UN
# speeches), as eval/RESULTS.md's rules say a chosen model is scored: the default model built into
# target/release/argmine (F), the accurate tier of target/tf/release/argmine (E: after
# scripts/setup-accurate.sh), the previous default (B, models/accurate-linear) and the baselines.
# Each mines the set's documents once; `argmine eval` scores them (REPORT-{F,E}-{seed,speeches})
# and compares them by a paired bootstrap over documents (REPORT-{F,E}-vs-{B,baseline}-*).
#
# usage: eval/score-tests.sh REPORT   (from the project root; a minute or two on 2 cores)
set -euo pipefail
report=${1:?usage: eval/score-tests.sh REPORT}
source scripts/transformer-env.sh
fast=target/release/argmine
tf=target/tf/release/argmine
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '{"classifier": {"type": "learned", "path": "%s"}, "linker": {"type": "learned", "path": "%s"}}\n' \
  "$PWD/models/accurate-linear/model.bin" "$PWD/models/accurate-linear/model.bin" > "$work/B.json"
for set in test speeches; do
  name=$([[ $set == test ]] && echo seed || echo speeches)
  mapfile -t docs < <(python3 -c 'import json,sys; [print(json.load(open(f))["document"]) for f in sorted(sys.argv[1:])]' annotations/$set/*.json)
  "$fast" mine "${docs[@]}" --out "$work/$set-F" --quiet
  "$fast" mine "${docs[@]}" --out "$work/$set-B" --config "$work/B.json" --quiet
  "$fast" mine "${docs[@]}" --out "$work/$set-baseline" --model baseline --quiet
  "$tf" mine "${docs[@]}" --out "$work/$set-E" --model accurate --quiet
  for run in F E; do
    "$fast" eval --gold annotations/$set --pred "$work/$set-$run" --report "$report-$run-$name"
    for ref in B baseline; do
      "$fast" eval --gold annotations/$set --pred "$work/$set-$run" --compare-to "$work/$set-$ref" \
        --report "$report-$run-vs-$ref-$name" > /dev/null
    done
  done
done

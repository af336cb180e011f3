#!/usr/bin/env bash
# The silver labels the default model is distilled from (issue 22, candidate F of eval/RESULTS.md):
# the accurate tier (scripts/setup-accurate.sh: the fine-tuned encoder averaged with candidate B,
# B's linker) mines the seeded silver pool (eval/silver-pool.txt, scripts/draw-silver.py: 93
# unannotated Milestones essays and 60 UNGDC speeches, none of them annotated anywhere, none a test
# document), and scripts/silver.py turns its maps into roles-only training annotations in
# annotations/silver (offsets and roles, no text). The default model is then trained with
# `--roles-data json:annotations/silver@20` (models/README.md).
#
# usage: scripts/label-silver.sh   (from anywhere; after scripts/setup-accurate.sh; about
#        5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/transformer-env.sh
bin=target/tf/release/argmine
mapfile -t pool < eval/silver-pool.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" mine "${pool[@]}" --out "$work/out" --model accurate --jobs 2 --quiet
rm -rf annotations/silver.tmp
python3 scripts/silver.py "$work/out" annotations/silver.tmp \
  "machine labels: argmine's accurate tier (models/accurate of $(date -u +%F), scripts/label-silver.sh)"
rm -rf annotations/silver
mv annotations/silver.tmp annotations/silver
echo "label-silver: $(ls annotations/silver | wc -l) documents in annotations/silver" >&2

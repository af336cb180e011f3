#!/usr/bin/env bash
# Fine-tunes the role encoder used by the `fine_tuned` classifier (eval/finetuned.json) and puts it
# under models/ (git-ignored: 91 MB for MiniLM, 418 MB for MPNet; it is made here, never
# downloaded). The recipe is the one in-genre cross-validation measured (eval/RESULTS.md,
# eval/genre-5fold-finetuned.sh): ArgUNSC's 4,765 sentences plus argmine's 39 annotated essays
# (annotations/genre, 1,120 units, each once), four roles (the weak stance rule relabels evidence
# and none units as `argmine train` does), each unit with 32 WordPieces of the units around it,
# 3 epochs, batch 16, seed 1, CPU autocast. The seed article is never used.
#
# usage: scripts/train-finetuned.sh [--mpnet] [--force]
#   (default)  all-MiniLM-L6-v2, learning rate 5e-5  -> models/finetuned-minilm   (~5 min on 2 quiet cores)
#   --mpnet    all-mpnet-base-v2, learning rate 2e-5 -> models/finetuned-mpnet    (~45 min; not
#              measured in genre)
#   --force    fine-tune again even when the folder is there
# Needs scripts/setup-transformer.sh (with --mpnet for MPNet) first. Idempotent: a finished model
# is kept. THREADS (default: the cores) sets libtorch's threads.
set -euo pipefail
mpnet=0
force=0
for arg in "$@"; do
  case "$arg" in
    --mpnet) mpnet=1 ;;
    --force) force=1 ;;
    *) echo "train-finetuned: unknown argument $arg (known: --mpnet, --force)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
source scripts/transformer-env.sh
if [[ $mpnet == 1 ]]; then
  out=models/finetuned-mpnet
  opts=(--ft-model models/third-party/all-mpnet-base-v2 --learning-rate 2e-5)
else
  out=models/finetuned-minilm
  opts=(--learning-rate 5e-5)
fi
if [[ $force == 0 && -f $out/finetuned.json ]]; then
  echo "train-finetuned: $out is there (--force to fine-tune again)" >&2
  exit 0
fi
cargo build --release --quiet --features transformer --target-dir target/tf
target/tf/release/argmine finetune --data argunsc:../shared/corpora/argunsc \
  --data json:annotations/genre --weak-stance --out "$out" \
  --epochs 3 --batch-size 16 --context 32 --seed 1 --autocast \
  --threads "${THREADS:-$(nproc)}" "${opts[@]}"

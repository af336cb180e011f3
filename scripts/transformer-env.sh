# Source this file (bash) before building or running with `--features transformer`:
#   source scripts/transformer-env.sh
# It points tch's build at the torch 2.4.0 of .venv-torch (made by scripts/setup-transformer.sh)
# and puts its libraries on the loader's path.
_argmine_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ ! -x "$_argmine_root/.venv-torch/bin/python" ]; then
  echo "transformer-env: run scripts/setup-transformer.sh first" >&2
  return 1 2>/dev/null || exit 1
fi
export LIBTORCH_USE_PYTORCH=1
export PATH="$_argmine_root/.venv-torch/bin:$PATH"
# Find torch's folder without importing it (an import warns that numpy is missing, every time).
_argmine_torch_lib=$("$_argmine_root/.venv-torch/bin/python" -c 'import importlib.util, os; print(os.path.join(os.path.dirname(importlib.util.find_spec("torch").origin), "lib"))')
export LD_LIBRARY_PATH="$_argmine_torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export ARGMINE_MINILM_DIR="$_argmine_root/models/third-party/all-MiniLM-L6-v2"
unset _argmine_root _argmine_torch_lib

#!/usr/bin/env bash
# argmine against the Python peer (eval/peer/peer.py) on the same folder in one run, alternating:
# each round runs argmine with one job, argmine with two jobs and the peer, and the medians of the
# rounds give the ratios. Prints a Markdown table with the load average before and after.
# Usage: eval/bench-peer.sh [rounds] [folder]   (defaults: 3, the 192 UNGDC speeches of 2024)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
folder=${2:-../shared/corpora/ungdc/TXT/Session 79 - 2024}
cargo build --release --quiet
bin=target/release/argmine
[ -x .venv-peer/bin/python ] || { python3 -m venv .venv-peer; .venv-peer/bin/pip install --quiet pysbd scikit-learn numpy; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load)" >&2
declare -a a1 a2 py
for r in $(seq "$rounds"); do
  /usr/bin/time -f '%e %M' -o "$out/t" "$bin" mine "$folder" --out "$out/a1" -j 1 -q
  read -r w m1 < "$out/t"; a1+=("$w")
  /usr/bin/time -f '%e %M' -o "$out/t" "$bin" mine "$folder" --out "$out/a2" -j 2 -q
  read -r w m2 < "$out/t"; a2+=("$w")
  /usr/bin/time -f '%e %M' -o "$out/t" .venv-peer/bin/python eval/peer/peer.py "$folder" "$out/py" ../shared/corpora/argunsc/data/sentence_CP.csv > /dev/null 2>&1
  read -r w mp < "$out/t"; py+=("$w")
  echo "round $r: argmine -j1 ${a1[-1]} s, -j2 ${a2[-1]} s, peer ${py[-1]} s (load $(load))" >&2
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m1=$(med "${a1[@]}"); m2=$(med "${a2[@]}"); mp=$(med "${py[@]}")
units=$(( $(wc -l < "$out/a1/sentences.csv") - 1 ))
files=$(find "$folder" -name '*.txt' | wc -l)
echo "| run | wall s (median of $rounds) | units/s | × the peer |"
echo "|---|---|---|---|"
awk -v u="$units" -v p="$mp" -v a="$m1" -v b="$m2" 'BEGIN {
  printf "| Python peer (1 process) | %.2f | %.0f | 1 |\n", p, u / p;
  printf "| argmine, 1 job | %.2f | %.0f | %.1f |\n", a, u / a, p / a;
  printf "| argmine, 2 jobs | %.2f | %.0f | %.1f |\n", b, u / b, p / b }'
echo
echo "$files files, $units units; load average after: $(load)"

#!/usr/bin/env bash
# Issue 23, case 13: peak memory of `argmine mine` on one large document, per byte of input.
# Builds documents of the given sizes (MiB) from the Milestones essays, repeated, mines each with
# the default model on one job (`--max-document-size 0`), and prints the peak resident set
# (GNU time's %M) and the bytes of memory per input byte. A benchmark, not a test: run it on a
# quiet machine and write the figures into eval/PERFORMANCE.md.
#
# usage: eval/bench-memory.sh [MIB...]   (default: 8 16 32)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ARGMINE:-target/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet
sizes=("$@"); (( ${#sizes[@]} )) || sizes=(8 16 32)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 - "$work/all.txt" <<'PY'
import pathlib, sys
src = sorted(pathlib.Path("../shared/corpora/state-milestones/txt").glob("*.txt"))
pathlib.Path(sys.argv[1]).write_text("".join(p.read_text() + "\n\n" for p in src))
PY
printf '%-8s %-10s %-12s %-10s %s\n' MiB units peak_MB secs bytes/byte
for mib in "${sizes[@]}"; do
  python3 - "$work/all.txt" "$work/doc.txt" "$mib" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().encode()
n = int(sys.argv[3]) << 20
out = (text * (n // len(text) + 1))[:n]
while True:
    try:
        out.decode(); break
    except UnicodeDecodeError:
        out = out[:-1]
open(sys.argv[2], "wb").write(out)
PY
  rm -rf "$work/out"
  /usr/bin/time -f '%M %e' -o "$work/time" "$bin" mine -q --jobs 1 --max-document-size 0 \
    "$work/doc.txt" --out "$work/out"
  read -r kb secs < "$work/time"
  units=$(($(wc -l < "$work/out/sentences.csv") - 1))
  bytes=$(stat -c %s "$work/doc.txt")
  awk -v m="$mib" -v u="$units" -v kb="$kb" -v s="$secs" -v b="$bytes" \
    'BEGIN { printf "%-8s %-10s %-12.0f %-10s %.1f\n", m, u, kb / 1024, s, kb * 1024 / b }'
done

#!/usr/bin/env bash
# Proves the distributed recipe of docs/distributed.md with a real engine on this machine:
# Apache Spark in local mode (pyspark from PyPI in .venv-spark; Java 17) pipes UNGDC speeches
# through `argmine mine --jsonl -` over several partitions, and the merged result must equal a
# single-process run byte for byte after sorting.
# Usage: scripts/spark-check.sh [documents] [partitions]      (defaults: 300, 6)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
parts=${2:-6}
if [ ! -x .venv-spark/bin/python ] || ! .venv-spark/bin/python -c 'import pyspark' 2>/dev/null; then
  python3 -m venv .venv-spark
  .venv-spark/bin/pip install --quiet --disable-pip-version-check pyspark
fi
cargo build --release --quiet
bin=$(pwd)/target/release/argmine
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The input: the first N speeches (by path) as JSON Lines {"id", "text"}.
python3 - "$n" "$work/input.jsonl" <<'PY'
import json, pathlib, sys
root = pathlib.Path("../shared/corpora/ungdc/TXT")
files = sorted(root.rglob("*.txt"))[: int(sys.argv[1])]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for f in files:
        out.write(json.dumps({"id": str(f.relative_to(root)), "text": f.read_text(encoding="utf-8")}) + "\n")
PY
"$bin" mine --jsonl "$work/input.jsonl" > "$work/single.jsonl"
.venv-spark/bin/python - "$work/input.jsonl" "$work/spark.jsonl" "$bin" "$parts" <<'PY'
import sys
from pyspark import SparkConf, SparkContext
src, dst, binary, parts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sc = SparkContext(conf=SparkConf().setMaster("local[2]").setAppName("argmine-map"))
sc.setLogLevel("ERROR")
docs = sc.textFile(src, minPartitions=parts)
# One argmine process per partition; one thread each, Spark runs two partitions at a time.
maps = docs.pipe(f"{binary} mine --jsonl - --jobs 1")
lines = maps.collect()
print(f"spark: {docs.getNumPartitions()} partitions, {len(lines)} argument maps", file=sys.stderr)
with open(dst, "w", encoding="utf-8") as out:
    out.write("".join(l + "\n" for l in lines))
sc.stop()
PY
LC_ALL=C sort "$work/single.jsonl" > "$work/single.sorted"
LC_ALL=C sort "$work/spark.jsonl" > "$work/spark.sorted"
if cmp -s "$work/single.sorted" "$work/spark.sorted"; then
  echo "spark-check: OK: $(wc -l < "$work/single.sorted") argument maps from $parts partitions equal the single-process run byte for byte after sorting"
else
  echo "spark-check: FAILED: the Spark result differs from the single-process run" >&2
  exit 1
fi

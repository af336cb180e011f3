#!/usr/bin/env bash
# How often a two-column PDF mines like its text: every Milestones essay whose characters fit
# Latin-1 (after straightening typographic quotes and dashes, as tests/inputs.rs does) is typeset
# by `enscript -2 --word-wrap` and `ps2pdf`, and both the text and the PDF are mined with the
# default model. Counts the essays whose units (paragraph, text with quotes straightened, role)
# and links are the same. Usage: eval/pdf-roundtrip.sh [out folder]   (needs enscript, ghostscript)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work/txt" "$work/pdf"
cargo build --release --quiet
python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
swap = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "--"}
n = 0
for f in sorted(pathlib.Path("../shared/corpora/state-milestones/txt").glob("*.txt")):
    t = "".join(swap.get(c, c) for c in f.read_text(encoding="utf-8"))
    if all(ord(c) < 256 for c in t):
        (work / "txt" / f.name).write_text(t, encoding="utf-8")
        (work / "pdf" / (f.stem + ".latin1")).write_bytes(t.encode("latin-1"))
        n += 1
print(f"{n} essays fit Latin-1", file=sys.stderr)
PY
for f in "$work"/pdf/*.latin1; do
  enscript -2 -B --word-wrap -X latin1 -q -o - "$f" | ps2pdf - "${f%.latin1}.pdf"
  rm "$f"
done
target/release/argmine mine -q "$work/txt" --out "$work/out-txt"
target/release/argmine mine -q "$work/pdf" --out "$work/out-pdf"
python3 - "$work" <<'PY'
import csv, collections, pathlib, sys
work = pathlib.Path(sys.argv[1])
def load(d):
    units, links = collections.defaultdict(list), collections.defaultdict(list)
    for r in csv.DictReader(open(d / "sentences.csv", encoding="utf-8")):
        text = " ".join(r["text"].replace("\u2019", "'").replace("\u2018", "'").split())
        units[r["doc_id"]].append((r["paragraph"], text, r["role"]))
    for r in csv.DictReader(open(d / "links.csv", encoding="utf-8")):
        links[r["doc_id"]].append((r["source"], r["target"], r["relation"]))
    return units, links
tu, tl = load(work / "out-txt")
pu, pl = load(work / "out-pdf")
docs = sorted(tu)
same_units = [d for d in docs if pu.get(d) == tu[d]]
same_all = [d for d in same_units if pl.get(d) == tl.get(d)]
same_text = [d for d in docs if [u[1] for u in pu.get(d, [])] == [u[1] for u in tu[d]]]
n_units = sum(len(tu[d]) for d in docs)
print(f"| essays | units (text) | same unit texts | same units (paragraph, text, role) | same units and links |")
print(f"|---|---|---|---|---|")
print(f"| {len(docs)} | {n_units:,} | {len(same_text)} | {len(same_units)} | {len(same_all)} |")
for d in docs:
    if d not in same_units:
        a, b = tu[d], pu.get(d, [])
        k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        print(f"- {d}: first difference at unit {k + 1} of {len(a)} (PDF: {len(b)} units): "
              f"text {a[k] if k < len(a) else None!r} / PDF {b[k] if k < len(b) else None!r}"[:400])
PY

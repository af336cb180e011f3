#!/usr/bin/env bash
# Reads argmine's xAIF and AIF with ARG-tech's own package (issue 24): xaif 0.3.6 from PyPI
# (installed into the git-ignored .venv-xaif/ on first use), over the 204 Milestones essays and a
# file of hostile text. For every document: the xAIF file must be valid to the package
# (`AIF.is_valid_json_aif`, a dialog with L-nodes), its argument relations (`get_csv`) must be the
# CSV's links with their texts, and its locutions one per unit written; the flat AIF file, wrapped
# as `{"AIF": ...}` (its shape in AIFdb), must give the same argument relations. Exit 1 on any
# difference.
#
# usage: scripts/xaif-check.sh   (from anywhere; about a minute on 2 cores, plus the install)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-xaif
if ! "$venv/bin/python" -c 'import xaif' 2>/dev/null; then
  python3 -m venv "$venv"
  # xaif imports pandas without declaring it.
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'xaif==0.3.6' 'pandas==2.2.3'
fi
bin=${ARGMINE:-target/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp ../shared/corpora/state-milestones/txt/*.txt "$work/in/"
cat > "$work/in/hostile <x> \"q\".txt" <<'TEXT'
Hostile text: "quotes", <tags>, {braces} and a backslash \ must survive JSON.

Critics argued that the plan would fail. It did not, the report found, because funding rose 40%.
TEXT
"$bin" mine "$work/in" --out "$work/out" --format csv,xaif,aif --csv-raw --quiet
"$venv/bin/python" - "$work/out" <<'PY'
import csv, json, os, sys
from xaif import AIF
out = sys.argv[1]
units, links = {}, {}
with open(os.path.join(out, "sentences.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        units.setdefault(r["doc_id"], {})[int(r["sent_id"])] = r
with open(os.path.join(out, "links.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        links.setdefault(r["doc_id"], []).append(r)
name = {"support": "Default Inference", "attack": "Default Conflict"}
bad = 0
def relations(doc):
    df = doc.get_csv("argument-relation")
    if df is None or len(df) == 0:
        return []
    df = df[df["relation"] != "None"]
    return sorted(zip(df["proposition1_text"], df["proposition2_text"], df["relation"]))
for doc_id, us in sorted(units.items()):
    want = sorted((us[int(l["source"])]["text"], us[int(l["target"])]["text"], name[l["relation"]])
                  for l in links.get(doc_id, []))
    shown = {i for i, u in us.items() if u["role"] != "none"} | {
        int(x) for l in links.get(doc_id, []) for x in (l["source"], l["target"])}
    problems = []
    x = json.load(open(os.path.join(out, "xaif", doc_id + ".json"), encoding="utf-8"))
    a = AIF(x)
    if not a.is_valid_json_aif() or not a.is_json_aif_dialog():
        problems.append("not valid xAIF to the package")
    if relations(a) != want:
        problems.append(f"xAIF relations {len(relations(a))} for {len(want)} links")
    loc = a.get_csv("locution")
    n_loc = 0 if loc is None else int((loc["relation"] != "None").sum())
    if n_loc != len(shown):
        problems.append(f"{n_loc} locutions for {len(shown)} units")
    if len(a.locutions) != len(shown) or x.get("text") is None:
        problems.append("locutions or text missing")
    flat = json.load(open(os.path.join(out, "aif", doc_id + ".json"), encoding="utf-8"))
    if relations(AIF({"AIF": flat})) != want:
        problems.append("AIF relations differ")
    if problems:
        bad += 1
        print(f"xaif-check: {doc_id}: " + "; ".join(problems))
print(f"xaif-check: {len(units)} documents read by xaif 0.3.6, {bad} rejected or different")
sys.exit(1 if bad or len(units) < 205 else 0)
PY

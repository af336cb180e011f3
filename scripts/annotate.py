#!/usr/bin/env python3
"""Hand annotation in a plain table, turned into argmine's annotation JSON.

  annotate.py skeleton DOC TSV      the segmenter's units of DOC as a table to fill in
  annotate.py build DOC TSV JSON --annotator TEXT [--notes TEXT] [--keep-text]
                                    the filled table as an annotation file (annotations/README.md)

The table has one row per unit: id, paragraph, role, target, relation, text. The annotator fills
`role` (claim, evidence, stance, none) and, for a unit that backs a claim, `target` (the id of that
claim) and `relation` (support or attack). Only the segmenter's units are listed (from
`argmine mine`, roles left blank: no prediction is shown). `build` checks the table (every role set,
targets are claims, one outgoing link per unit, no self-link, no cycle) and writes the JSON without
unit text unless --keep-text (third-party text is not copied into the project); `argmine agree`
reads it back with every check of the annotation reader.
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROLES = {"claim", "evidence", "stance", "none"}
RELATIONS = {"support", "attack"}
FIELDS = ["id", "paragraph", "role", "target", "relation", "text"]


def argmine():
    exe = os.environ.get("ARGMINE_BIN") or os.path.join(ROOT, "target", "release", "argmine")
    if not os.path.exists(exe):
        sys.exit(f"{exe} not found: run `cargo build --release` first")
    return exe


def units_of(doc):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([argmine(), "mine", doc, "--out", out, "--quiet"], check=True)
        with open(os.path.join(out, "sentences.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    return rows


def skeleton(args):
    rows = units_of(args.doc)
    with open(args.tsv, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(FIELDS)
        for r in rows:
            w.writerow([f"u{r['sent_id']}", r["paragraph"], "", "", "", r["text"]])


def fail(msg):
    sys.exit(f"annotate.py build: {msg}")


def build(args):
    rows = units_of(args.doc)
    with open(args.tsv, encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f, delimiter="\t"))
    if len(table) != len(rows):
        fail(f"{args.tsv}: {len(table)} rows, the document has {len(rows)} units")
    units, links, role = [], [], {}
    for r, t in zip(rows, table):
        uid = f"u{r['sent_id']}"
        if (t.get("id") or "").strip() != uid:
            fail(f"{args.tsv}: row {uid} is labelled {t.get('id')!r} (rows must stay in order)")
        rl = (t.get("role") or "").strip().lower()
        if rl not in ROLES:
            fail(f"{args.tsv}: {uid}: role {rl!r} is not one of {sorted(ROLES)}")
        role[uid] = rl
        units.append({"id": uid, "start": int(r["start"]), "end": int(r["end"]), "role": rl})
    out_of = {}
    for t in table:
        uid, tgt = t["id"].strip(), (t.get("target") or "").strip()
        rel = (t.get("relation") or "").strip().lower()
        if not tgt:
            if rel:
                fail(f"{args.tsv}: {uid}: relation without a target")
            continue
        if tgt not in role:
            fail(f"{args.tsv}: {uid}: target {tgt} is not a unit")
        if tgt == uid:
            fail(f"{args.tsv}: {uid}: links to itself")
        if role[tgt] != "claim":
            fail(f"{args.tsv}: {uid}: target {tgt} is a {role[tgt]}, not a claim")
        if role[uid] == "none":
            fail(f"{args.tsv}: {uid}: a `none` unit has a link")
        rel = rel or "support"
        if rel not in RELATIONS:
            fail(f"{args.tsv}: {uid}: relation {rel!r} is not support or attack")
        out_of[uid] = tgt
        links.append({"source": uid, "target": tgt, "relation": rel})
    for start in out_of:
        seen, u = set(), start
        while u in out_of:
            if u in seen:
                fail(f"{args.tsv}: the links from {start} form a cycle")
            seen.add(u)
            u = out_of[u]
    with open(args.doc, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    doc = {
        "document": os.path.relpath(os.path.abspath(args.doc), ROOT).replace(os.sep, "/"),
        "sha256": sha,
        "annotator": args.annotator,
        "units": units,
        "links": links,
    }
    if args.keep_text:
        with open(args.doc, encoding="utf-8-sig") as f:
            chars = f.read()
        for u in units:
            u["text"] = chars[u["start"] : u["end"]]
    if args.notes:
        doc["notes"] = args.notes
    os.makedirs(os.path.dirname(os.path.abspath(args.json)) or ".", exist_ok=True)
    tmp = args.json + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, args.json)
    counts = {r: sum(1 for u in units if u["role"] == r) for r in ["claim", "evidence", "stance", "none"]}
    print(f"{args.json}: {len(units)} units {counts}, {len(links)} links")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("skeleton")
    s.add_argument("doc")
    s.add_argument("tsv")
    b = sub.add_parser("build")
    b.add_argument("doc")
    b.add_argument("tsv")
    b.add_argument("json")
    b.add_argument("--annotator", required=True)
    b.add_argument("--notes")
    b.add_argument("--keep-text", action="store_true")
    args = p.parse_args()
    {"skeleton": skeleton, "build": build}[args.cmd](args)


if __name__ == "__main__":
    main()

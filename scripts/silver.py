#!/usr/bin/env python3
"""Turn the CSV maps of `argmine mine` into argmine JSON annotations: machine labels ("silver")
for `argmine train --roles-data json:DIR@WEIGHT` (issue 22, the distilled fast tier).

usage: scripts/silver.py MINE_OUT OUT_DIR ANNOTATOR

Every document that documents.csv lists as ok becomes OUT_DIR/<doc_id>.json: the document's path
(as mined, relative to the working folder), its sha256, and one unit per row of sentences.csv
(start, end, role) with the links of links.csv; no text is copied. Units whose role is `none`
are kept (the role classifier learns `none` from them). Failed documents are reported and
skipped; the exit status is 1 if any failed, 0 otherwise.
"""
import csv
import hashlib
import json
import os
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[3])
    src, out, annotator = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    units, links = {}, {}
    with open(os.path.join(src, "sentences.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            units.setdefault(r["doc_id"], []).append(
                {"id": "s" + r["sent_id"], "start": int(r["start"]), "end": int(r["end"]), "role": r["role"]}
            )
    with open(os.path.join(src, "links.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            links.setdefault(r["doc_id"], []).append(
                {"source": "s" + r["source"], "target": "s" + r["target"], "relation": r["relation"]}
            )
    failed = written = 0
    with open(os.path.join(src, "documents.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["status"] != "ok":
                print(f"silver: {r['path']}: {r['status']} ({r['error']}), skipped", file=sys.stderr)
                failed += 1
                continue
            with open(r["path"], "rb") as d:
                sha = hashlib.sha256(d.read()).hexdigest()
            doc = {
                "document": r["path"],
                "sha256": sha,
                "annotator": annotator,
                "units": units.get(r["doc_id"], []),
                "links": links.get(r["doc_id"], []),
            }
            name = r["doc_id"].replace("/", "__") + ".json"
            tmp = os.path.join(out, "." + name + ".tmp")
            with open(tmp, "w", encoding="utf-8") as w:
                json.dump(doc, w, indent=1)
                w.write("\n")
            os.replace(tmp, os.path.join(out, name))
            written += 1
    print(f"silver: {written} documents to {out}" + (f", {failed} failed" if failed else ""), file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

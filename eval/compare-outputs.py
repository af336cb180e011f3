#!/usr/bin/env python3
"""How two `argmine mine` folders over the same documents differ: roles, offsets and token counts
of the units, links (target and relation of each source), and printed probabilities and link
scores (how many differ, by how much). The measurement behind a stated output change
(eval/PERFORMANCE.md, issue 25; eval/PERFORMANCE-embed.md).

usage: eval/compare-outputs.py OLD-FOLDER NEW-FOLDER
"""
import csv
import os
import sys


def rows(folder, name, key):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return {tuple(r[k] for k in key): r for r in csv.DictReader(f)}


def main():
    old, new = sys.argv[1], sys.argv[2]
    key = ["doc_id", "sent_id"]
    a, b = rows(old, "sentences.csv", key), rows(new, "sentences.csv", key)
    fixed = ["role", "start", "end", "n_tokens", "paragraph"]
    probs = ["p_claim", "p_evidence", "p_stance", "p_none"]
    changed = sum(1 for k in a if k not in b or any(a[k][c] != b[k][c] for c in fixed))
    diffs = [max(abs(float(a[k][c]) - float(b[k][c])) for c in probs) for k in a if k in b]
    print(f"units: {len(a)} old, {len(b)} new; role, offset or token count changed: {changed}")
    print(f"units with a printed probability changed: {sum(d > 0 for d in diffs)} "
          f"(largest change {max(diffs, default=0):.4f})")
    key = ["doc_id", "source"]
    la, lb = rows(old, "links.csv", key), rows(new, "links.csv", key)
    moved = [k for k in set(la) | set(lb)
             if (la.get(k) or {}).get("target") != (lb.get(k) or {}).get("target")
             or (la.get(k) or {}).get("relation") != (lb.get(k) or {}).get("relation")]
    scores = [abs(float(la[k]["score"]) - float(lb[k]["score"])) for k in la if k in lb]
    print(f"links: {len(la)} old, {len(lb)} new; sources whose link changed: {len(moved)}")
    for k in sorted(moved)[:20]:
        print("  ", k, (la.get(k) or {}).get("target"), "->", (lb.get(k) or {}).get("target"),
              (la.get(k) or {}).get("score"), (lb.get(k) or {}).get("score"))
    print(f"link scores changed: {sum(d > 0 for d in scores)} (largest change {max(scores, default=0):.4f})")


if __name__ == "__main__":
    main()

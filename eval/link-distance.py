#!/usr/bin/env python3
"""How far back argmine's links reach, against the hand annotation (eval/RESULTS.md, in-genre).

usage: KEEP=1 eval/genre-cv.sh 100   # prints "genre-cv: keeping DIR"
       python3 eval/link-distance.py DIR/pred [annotations/genre]

Prints the share of gold and predicted links whose target lies more than four units before the
source ("far"), and what happened to each far (and near) gold link whose source and target roles were
predicted right: found, no link, or sent to another target near the source (within four units)
or far from it.
"""
import collections, csv, glob, json, os, sys

pred_dir = sys.argv[1]
gold_dir = sys.argv[2] if len(sys.argv) > 2 else "annotations/genre"
roles = {}
for r in csv.DictReader(open(os.path.join(pred_dir, "sentences.csv"))):
    roles[(r["doc_id"], int(r["sent_id"]))] = r["role"]
pred = {}
for r in csv.DictReader(open(os.path.join(pred_dir, "links.csv"))):
    pred[(r["doc_id"], int(r["source"]))] = int(r["target"])
gold = []
for f in sorted(glob.glob(os.path.join(gold_dir, "*.json"))):
    doc = os.path.basename(f)[:-5]
    for link in json.load(open(f))["links"]:
        gold.append((doc, int(link["source"][1:]), int(link["target"][1:])))

far = lambda s, t: t - s < -4
print(f"gold links {len(gold)}, far {sum(far(s, t) for _, s, t in gold) / len(gold):.0%}")
print(f"predicted links {len(pred)}, far {sum(far(s, t) for (_, s), t in pred.items()) / len(pred):.0%}")
outcome = {True: collections.Counter(), False: collections.Counter()}
for doc, s, t in gold:
    if roles.get((doc, t)) != "claim" or roles.get((doc, s)) not in ("claim", "evidence", "stance"):
        continue
    p = pred.get((doc, s))
    kind = "found" if p == t else "no link" if p is None else "other near" if abs(p - s) <= 4 else "other far"
    outcome[far(s, t)][kind] += 1
for is_far, name in ((True, "far"), (False, "near")):
    c = outcome[is_far]
    print(f"{name} gold links with both roles right: {sum(c.values())}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))

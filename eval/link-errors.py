#!/usr/bin/env python3
"""Where the links of an `argmine mine` folder go wrong, against argmine JSON gold annotations.

usage: eval/link-errors.py GOLD_DIR PRED_DIR

Each gold unit is matched to the predicted unit overlapping it by the most characters (as `argmine
eval` matches). The gold main claim of a document is the unit that links nowhere with the most links
into it (the earlier on a tie), as `argmine train` takes it; the predicted one is taken the same way
from the predicted links. Prints, pooled over the documents: how often the predicted main claim is
the gold one, how often the gold main claim is predicted a claim, and each gold link's fate: source
predicted none, target not predicted a claim, right, unlinked, or linked elsewhere (and how many of
those had the main claim as gold target).
"""
import collections
import csv
import glob
import json
import os
import sys


def main_of(links):
    inflow = collections.Counter(links.values())
    roots = [t for t in inflow if t not in links]
    return min(roots, key=lambda t: (-inflow[t], t)) if roots else None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    gold_dir, pred = sys.argv[1:]
    sents = collections.defaultdict(list)
    with open(os.path.join(pred, "sentences.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            sents[r["doc_id"]].append((int(r["sent_id"]), int(r["start"]), int(r["end"]), r["role"]))
    plinks = collections.defaultdict(dict)
    with open(os.path.join(pred, "links.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            plinks[r["doc_id"]][int(r["source"])] = int(r["target"])
    c = collections.Counter()
    for path in sorted(glob.glob(os.path.join(gold_dir, "*.json"))):
        doc = os.path.basename(path)[: -len(".json")]
        d = json.load(open(path, encoding="utf-8"))
        units = d["units"]
        idx = {u["id"]: i for i, u in enumerate(units)}
        glinks = {idx[l["source"]]: idx[l["target"]] for l in d["links"]}
        gmain = main_of(glinks)
        ps = sents[doc]
        role = {s: r for s, _, _, r in ps}

        def match(u):
            best, most = None, 0
            for s, a, b, _ in ps:
                o = min(u["end"], b) - max(u["start"], a)
                if o > most:
                    best, most = s, o
            return best

        g2p = [match(u) for u in units]
        pl = plinks[doc]
        pmain = main_of(pl)
        c["documents"] += 1
        if gmain is not None:
            c["documents with a gold main claim"] += 1
            c["main claim found"] += g2p[gmain] == pmain
            c["gold main claim predicted a claim"] += role.get(g2p[gmain]) == "claim"
        for s, t in glinks.items():
            c["gold links"] += 1
            ps_, pt = g2p[s], g2p[t]
            if role.get(ps_, "none") == "none":
                c["  source predicted none"] += 1
            elif role.get(pt) != "claim":
                c["  target not predicted a claim"] += 1
            elif pl.get(ps_) == pt:
                c["  right"] += 1
            elif ps_ not in pl:
                c["  source unlinked"] += 1
            else:
                c["  linked elsewhere"] += 1
                c["    of which the gold target is the main claim"] += t == gmain
    for k in ["documents", "documents with a gold main claim", "main claim found",
              "gold main claim predicted a claim", "gold links", "  source predicted none",
              "  target not predicted a claim", "  right", "  source unlinked", "  linked elsewhere",
              "    of which the gold target is the main claim"]:
        print(f"{k}: {c[k]}")


if __name__ == "__main__":
    main()

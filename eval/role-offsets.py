#!/usr/bin/env python3
"""Whether per-class decision offsets would raise role kappa (issue 22's diagnostic, 2026-12-07).

Reads the pooled held-out predictions of eval/genre-5fold.sh (`KEEP=1 eval/genre-5fold.sh REPORT
--link-features 3` keeps them in WORK/pred-greedy) and the gold of annotations/genre and
annotations/ungdc. Each predicted unit takes the role of the gold unit it overlaps most; the folds
are eval/genre-5fold.sh's (documents sorted by file name, dealt by position). For each fold,
offsets on the log-probabilities of evidence, stance and none (claim fixed at 0), from -2 to +2 in
steps of 0.25, are chosen on the other four folds' units to maximise Cohen's kappa and applied to
the fold's units; prints the kappa without offsets, each fold's choice, and the nested kappa.

usage: eval/role-offsets.py PRED-FOLDER   (from the project root; about 2.5 minutes)
"""
import collections
import csv
import glob
import json
import math
import os
import sys

ROLES = ["claim", "evidence", "stance", "none"]


def kappa(pairs):
    n = len(pairs)
    agree = sum(1 for a, b in pairs if a == b) / n
    ga = collections.Counter(a for a, _ in pairs)
    pb = collections.Counter(b for _, b in pairs)
    chance = sum(ga[r] * pb[r] for r in ROLES) / n / n
    return (agree - chance) / (1 - chance)


def decide(p, off):
    return ROLES[max(range(4), key=lambda k: math.log(p[k] + 1e-9) + off[k])]


def main():
    pred = sys.argv[1]
    files = sorted(glob.glob("annotations/genre/*.json") + glob.glob("annotations/ungdc/*.json"),
                   key=os.path.basename)
    gold = {}
    for f in files:
        d = json.load(open(f, encoding="utf-8"))
        gold[os.path.basename(f)[:-5]] = [(u["start"], u["end"], u["role"]) for u in d["units"]]
    fold = {doc: i % 5 for i, doc in enumerate(gold)}
    by_doc = collections.defaultdict(list)
    for r in csv.DictReader(open(os.path.join(pred, "sentences.csv"), encoding="utf-8")):
        by_doc[r["doc_id"]].append(r)
    data = []
    for doc, units in gold.items():
        for r in by_doc.get(doc, []):
            s, e = int(r["start"]), int(r["end"])
            overlap = [(min(e, ge) - max(s, gs), role) for gs, ge, role in units]
            best = max(overlap, default=(0, None))
            if best[0] > 0:
                data.append((fold[doc], best[1], [float(r["p_" + k]) for k in ROLES]))
    zero = (0, 0, 0, 0)
    print(f"{len(data)} units; kappa without offsets {kappa([(g, decide(p, zero)) for _, g, p in data]):.3f}")
    grid = [x / 4 for x in range(-8, 9)]
    nested = []
    for f in range(5):
        train = [x for x in data if x[0] != f]
        best = (kappa([(g, decide(p, zero)) for _, g, p in train]), zero)
        for a in grid:
            for b in grid:
                for c in grid:
                    off = (0, a, b, c)
                    k = kappa([(g, decide(p, off)) for _, g, p in train])
                    if k > best[0]:
                        best = (k, off)
        print(f"fold {f + 1}: offsets {best[1]} (kappa {best[0]:.3f} on the other folds)")
        nested += [(g, decide(p, best[1])) for ff, g, p in data if ff == f]
    print(f"nested kappa {kappa(nested):.3f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A ceiling check of a fixed document structure on argmine JSON gold annotations.

usage: eval/structure-ceiling.py GOLD_DIR...

With the gold roles and the gold main claim (the unit that links nowhere with the most links into
it, the earlier on a tie, as `argmine train` takes it), every claim other than the main claim links
to the main claim and every evidence unit to the first other claim of its paragraph (the main claim
when its paragraph has none); stance and none units do not link. Prints the relaxed link F1
(source and target, not the relation) of these links against the gold, pooled over the documents,
and how the gold links of each source role are placed: to the main claim, to the first claim of the
source's paragraph, or to another claim.
"""
import collections
import glob
import json
import os
import sys


def main_of(links):
    inflow = collections.Counter(links.values())
    roots = [t for t in inflow if t not in links]
    return min(roots, key=lambda t: (-inflow[t], t)) if roots else None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2])
    c = collections.Counter()
    for gold_dir in sys.argv[1:]:
        for path in sorted(glob.glob(os.path.join(gold_dir, "*.json"))):
            d = json.load(open(path, encoding="utf-8"))
            units = d["units"]
            idx = {u["id"]: i for i, u in enumerate(units)}
            gl = {idx[l["source"]]: idx[l["target"]] for l in d["links"]}
            m = main_of(gl)
            text = open(d["document"], encoding="utf-8").read()
            par = [text[: u["start"]].count("\n\n") for u in units]
            roles = [u["role"] for u in units]

            def par_first(s):
                cl = [i for i in range(len(units)) if roles[i] == "claim" and par[i] == par[s] and i != s]
                return cl[0] if cl else None

            pred = {}
            for s in range(len(units)):
                if s == m or roles[s] not in ("claim", "evidence"):
                    continue
                t = m if roles[s] == "claim" else (par_first(s) if par_first(s) is not None else m)
                if t is not None and t != s:
                    pred[s] = t
            c["right"] += sum(1 for s, t in pred.items() if gl.get(s) == t)
            c["predicted"] += len(pred)
            c["gold"] += len(gl)
            for s, t in gl.items():
                where = "main claim" if t == m else "first claim of its paragraph" if t == par_first(s) else "another claim"
                c[f"gold {roles[s]} links to {where}"] += 1
    p, r = c["right"] / c["predicted"], c["right"] / c["gold"]
    for k in sorted(c):
        print(f"{k}: {c[k]}")
    print(f"relaxed link F1 of the fixed structure: {2 * p * r / (p + r):.3f} (P {p:.3f}, R {r:.3f})")


if __name__ == "__main__":
    main()

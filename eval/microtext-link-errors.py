#!/usr/bin/env python3
"""Where the links of an `argmine mine` folder over the microtexts go wrong, against their graphs.

usage: eval/microtext-link-errors.py MICROTEXTS_DIR PRED_DIR [PRED_DIR...]

Each elementary unit (EDU) of a microtext is placed in its .txt by searching for its text from the
end of the previous one, and mapped to the predicted sentence that overlaps it by the most
characters. Gold links are the argumentative edges as argmine reads them: support and example
(`sup`, `exa`) and rebuttal (`reb`) join two ADUs; an undercut (`und`) attacks the source of the
edge it targets; a linked premise (`add`) joins the target of the edge it extends. Prints for each
prediction folder, pooled over the texts: the gold links whose source and target fall in one
predicted sentence, or repeat the sentence pair of another gold link (unscorable), then each scorable gold link's fate (right target, no link from
the source, or another target, split by where that other target lies relative to the gold one),
how often the central claim links somewhere (it never does in gold), and how often the predicted
root (the unit that links nowhere with the most links into it) is the central claim.

The matching is more lenient than `argmine eval`'s (which maps each predicted link to the one gold
pair its ends overlap most): here each gold link is placed on its own, so "right" counts more than
eval's relaxed true positives. The fates compare systems on the same texts; they are not scores.
"""
import collections
import csv
import glob
import os
import sys
import xml.etree.ElementTree as ET


def gold_graph(xml_path, text):
    root = ET.parse(xml_path).getroot()
    edus = [(e.get("id"), e.text or "") for e in root.findall("edu")]
    spans, pos = {}, 0
    for eid, t in edus:
        at = text.find(t.strip(), pos)
        if at < 0:
            at = pos
        spans[eid] = (at, at + len(t.strip()))
        pos = spans[eid][1]
    seg = {}
    edges = {}
    for e in root.findall("edge"):
        if e.get("type") == "seg":
            seg[e.get("trg")] = e.get("src")
        else:
            edges[e.get("id")] = (e.get("src"), e.get("trg"), e.get("type"))

    def adu_of(node):
        while node in edges:  # an edge as target: its source for und, its target for add
            node = edges[node][0]
        return node

    links = {}
    for src, trg, typ in edges.values():
        if typ in ("sup", "exa", "reb"):
            links[src] = (trg, typ)
        elif typ == "und":
            links[src] = (adu_of(trg), typ)
        elif typ == "add":
            links[src] = (edges[trg][1] if trg in edges else trg, typ)
    has_out = set(links)
    adus = [a.get("id") for a in root.findall("adu")]
    central = [a for a in adus if a not in has_out]
    span_of = {a: spans[seg[a]] for a in adus if a in seg}
    return links, central[0] if central else None, span_of


def sentence_of(span, sents):
    best, over = None, 0
    for sid, (lo, hi) in sents.items():
        o = min(hi, span[1]) - max(lo, span[0])
        if o > over:
            best, over = sid, o
    return best


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2])
    gold_dir = sys.argv[1]
    for pred in sys.argv[2:]:
        sents = collections.defaultdict(dict)
        with open(os.path.join(pred, "sentences.csv"), newline="") as f:
            for r in csv.DictReader(f):
                sents[r["doc_id"]][int(r["sent_id"])] = (int(r["start"]), int(r["end"]))
        plinks = collections.defaultdict(dict)
        with open(os.path.join(pred, "links.csv"), newline="") as f:
            for r in csv.DictReader(f):
                plinks[r["doc_id"]][int(r["source"])] = int(r["target"])
        fate = collections.Counter()
        central_out = central_n = root_right = 0
        for xml_path in sorted(glob.glob(os.path.join(gold_dir, "*.xml"))):
            doc = os.path.basename(xml_path)[:-4]
            text = open(xml_path[:-4] + ".txt", encoding="utf-8").read()
            links, central, span_of = gold_graph(xml_path, text)
            s_of = {a: sentence_of(sp, sents[doc]) for a, sp in span_of.items()}
            pl = plinks[doc]
            seen = set()
            for src, (trg, typ) in sorted(links.items()):
                s, t = s_of.get(src), s_of.get(trg)
                if s is None or t is None or s == t or (s, t) in seen:
                    fate["unscorable"] += 1
                    continue
                seen.add((s, t))
                if pl.get(s) == t:
                    fate["right"] += 1
                elif s not in pl:
                    fate["no link from the source"] += 1
                else:
                    p = pl[s]
                    where = "nearer the source" if abs(p - s) < abs(t - s) else "farther or as far"
                    fate[f"other target, {where}"] += 1
            if central in s_of:
                central_n += 1
                central_out += s_of[central] in pl
                inflow = collections.Counter(pl.values())
                roots = [u for u in inflow if u not in pl]
                if roots and min(roots, key=lambda u: (-inflow[u], u)) == s_of[central]:
                    root_right += 1
        total = sum(fate.values())
        print(f"{pred}: {total} gold links")
        for k, v in sorted(fate.items(), key=lambda kv: -kv[1]):
            print(f"  {k}: {v} ({v / total:.1%})")
        print(f"  central claim links somewhere: {central_out} of {central_n}")
        print(f"  predicted root is the central claim: {root_right} of {central_n}")


if __name__ == "__main__":
    main()

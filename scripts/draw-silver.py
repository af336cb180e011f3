#!/usr/bin/env python3
"""The pool of unannotated in-genre documents a teacher model labels for distillation (issue 22).

Fixed before any teacher ran. Essays: every State Department Milestones essay
(../shared/corpora/state-milestones/txt) whose sha256 is not that of a document annotated anywhere
under annotations/ (training, test, second and check readings alike). Speeches: every UN General
Debate speech (../shared/corpora/ungdc/TXT) of 400-1,500 words not annotated under annotations/,
sorted by path, shuffled with random.Random(20261204), at most one per country, the first 60.
Output: one path per line, relative to the project root, essays first, to eval/silver-pool.txt.
"""
import glob
import hashlib
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "..", "shared", "corpora")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def words(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return len(f.read().split())


def main():
    annotated = set()
    for ann in glob.glob(os.path.join(ROOT, "annotations", "**", "*.json"), recursive=True):
        with open(ann, encoding="utf-8") as f:
            try:
                annotated.add(json.load(f)["sha256"])
            except (KeyError, TypeError, ValueError):
                continue
    essays = sorted(
        p for p in glob.glob(os.path.join(CORPORA, "state-milestones", "txt", "*.txt"))
        if sha256(p) not in annotated
    )
    speeches = sorted(
        p for p in glob.glob(os.path.join(CORPORA, "ungdc", "TXT", "*", "*.txt"))
        if 400 <= words(p) <= 1500 and sha256(p) not in annotated
    )
    rng = random.Random(20261204)
    rng.shuffle(speeches)
    chosen, countries = [], set()
    for p in speeches:
        country = os.path.basename(p).split("_")[0]
        if country in countries:
            continue
        countries.add(country)
        chosen.append(p)
        if len(chosen) == 60:
            break
    out = os.path.join(ROOT, "eval", "silver-pool.txt")
    with open(out, "w", encoding="utf-8") as f:
        for p in essays + chosen:
            f.write(os.path.relpath(os.path.realpath(p), ROOT).replace(os.sep, "/") + "\n")
    print(f"{len(essays)} essays and {len(chosen)} of {len(speeches)} eligible speeches to {out}")


if __name__ == "__main__":
    main()

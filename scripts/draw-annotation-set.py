#!/usr/bin/env python3
"""The seeded draw of in-genre documents to annotate for issue 22 (fixed before any was read).

Essays: every State Department Milestones essay (../shared/corpora/state-milestones/txt) of
300-1,200 words not already in annotations/genre. Speeches: every UN General Debate speech
(../shared/corpora/ungdc/TXT) of 400-1,000 words, not one of annotations/speeches (the test set),
at most one per country. Both lists are sorted by path, shuffled with random.Random(20261202), and
the first 72 essays and 48 speeches are taken. Output: one path per line, relative to the project
root, essays first, to annotations/draw-2026-12-02.txt.
"""
import glob
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "..", "shared", "corpora")


def words(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return len(f.read().split())


def main():
    done = {os.path.splitext(n)[0] for n in os.listdir(os.path.join(ROOT, "annotations", "genre"))}
    test = {os.path.splitext(n)[0] for n in os.listdir(os.path.join(ROOT, "annotations", "speeches"))}
    essays = sorted(
        p for p in glob.glob(os.path.join(CORPORA, "state-milestones", "txt", "*.txt"))
        if os.path.splitext(os.path.basename(p))[0] not in done and 300 <= words(p) <= 1200
    )
    speeches = sorted(
        p for p in glob.glob(os.path.join(CORPORA, "ungdc", "TXT", "*", "*.txt"))
        if os.path.splitext(os.path.basename(p))[0] not in test and 400 <= words(p) <= 1000
    )
    rng = random.Random(20261202)
    rng.shuffle(essays)
    rng.shuffle(speeches)
    chosen_speeches, countries = [], set()
    for p in speeches:
        country = os.path.basename(p).split("_")[0]
        if country in countries:
            continue
        countries.add(country)
        chosen_speeches.append(p)
        if len(chosen_speeches) == 48:
            break
    chosen = essays[:72] + chosen_speeches
    out = os.path.join(ROOT, "annotations", "draw-2026-12-02.txt")
    with open(out, "w", encoding="utf-8") as f:
        for p in chosen:
            f.write(os.path.relpath(os.path.realpath(p), ROOT).replace(os.sep, "/") + "\n")
    print(f"{len(essays)} essays and {len(speeches)} speeches eligible; wrote {len(chosen)} to {out}")


if __name__ == "__main__":
    main()

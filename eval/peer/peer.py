"""A Python peer doing argmine's job in one process, for eval/bench.sh: pysbd for sentences,
scikit-learn TF-IDF + logistic regression (trained on ArgUNSC's sentences) for roles, TF-IDF cosine
for links (each argumentative sentence to its most similar claim of the document). It writes the
same three CSV files. Usage: peer.py <folder of .txt> <out folder> <ArgUNSC sentence_CP.csv>"""
import csv
import pathlib
import sys
import time

import numpy as np
import pysbd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

src, out, train_csv = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
out.mkdir(parents=True, exist_ok=True)
t0 = time.perf_counter()
rows = list(csv.DictReader(open(train_csv, encoding="utf-8")))
label = {"claim": "claim", "premise": "evidence", "non-arg": "none"}
vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
x = vec.fit_transform([r["Sentence"] for r in rows])
clf = LogisticRegression(max_iter=1000, class_weight="balanced").fit(x, [label[r["Arg_Type"]] for r in rows])
t_train = time.perf_counter() - t0
seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
t_seg = t_cls = t_link = 0.0
n_docs = n_sent = 0
with open(out / "sentences.csv", "w", newline="", encoding="utf-8") as fs, open(out / "links.csv", "w", newline="", encoding="utf-8") as fl:
    ws, wl = csv.writer(fs), csv.writer(fl)
    ws.writerow(["doc_id", "sent_id", "start", "end", "role", "confidence", "text"])
    wl.writerow(["doc_id", "source", "target", "relation", "score"])
    for f in sorted(src.rglob("*.txt")):
        # The speeches are hard-wrapped: a line break is not a sentence boundary, so white space is
        # folded first (as argmine's normaliser does); offsets then refer to the folded text.
        text = " ".join(f.read_text(encoding="utf-8").split())
        doc = str(f.relative_to(src))[:-4]
        a = time.perf_counter()
        spans = [s for s in seg.segment(text) if s.sent.strip()]
        b = time.perf_counter()
        sents = [" ".join(s.sent.split()) for s in spans]
        if not sents:
            continue
        xs = vec.transform(sents)
        probs = clf.predict_proba(xs)
        roles = clf.classes_[probs.argmax(axis=1)]
        c = time.perf_counter()
        claims = np.where(roles == "claim")[0]
        sims = (xs @ xs[claims].T).toarray() if len(claims) else None
        for i, (s, r, p) in enumerate(zip(spans, roles, probs.max(axis=1))):
            ws.writerow([doc, i + 1, s.start, s.end, r, f"{p:.4f}", sents[i]])
            if r != "none" and sims is not None:
                order = [k for k in np.argsort(-sims[i]) if claims[k] != i]
                if order and sims[i, order[0]] > 0:
                    wl.writerow([doc, i + 1, claims[order[0]] + 1, "support", f"{sims[i, order[0]]:.4f}"])
        d = time.perf_counter()
        t_seg += b - a
        t_cls += c - b
        t_link += d - c
        n_docs += 1
        n_sent += len(sents)
total = time.perf_counter() - t0
print(f"peer: {n_docs} documents, {n_sent} sentences in {total:.1f} s ({n_sent / total:.0f} sentences/s); training {t_train:.1f} s, segmentation {t_seg:.1f} s, classification {t_cls:.1f} s, links {t_link:.1f} s")

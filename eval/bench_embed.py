"""Python side of eval/bench-embed.sh: sentence-transformers on the same libtorch, same sentences,
same batching (length-sorted batches of 32), same thread count; fp32 and bf16 autocast.
Prints one line per configuration and writes its float32 vectors (the reference the Rust ones are
compared with) when given a path."""
import resource
import sys
import time

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

path, threads, model_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out_vectors = sys.argv[4] if len(sys.argv) > 4 else None
torch.set_num_threads(threads)
sentences = [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip()]
model = SentenceTransformer(model_dir, device="cpu")
model.encode(sentences[:64], batch_size=32)


def run(bf16):
    t = time.perf_counter()
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        v = model.encode(sentences, batch_size=32, convert_to_numpy=True)
    return v.astype(np.float32), time.perf_counter() - t


fp32, s32 = run(False)
bf16, s16 = run(True)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cos(a, b):
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


print(f"python fp32 threads={threads} sentences={len(sentences)} seconds={s32:.2f} sentences_per_s={len(sentences)/s32:.1f} peak_rss_mb={rss:.0f}")
print(f"python bf16-autocast threads={threads} sentences={len(sentences)} seconds={s16:.2f} sentences_per_s={len(sentences)/s16:.1f} min_cosine_to_fp32={cos(bf16, fp32).min():.6f}")
if out_vectors:
    fp32.astype("<f4").tofile(out_vectors)

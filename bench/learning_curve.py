#!/usr/bin/env python3
"""Learning curve of the tfidf+LR peer by training size, on a prepared real dataset (bench/prepare_real.py).

Usage: /usr/bin/python3 bench/learning_curve.py bench/data/real/ml-100k --shares 0.25,0.5,1.0 [--labels a,b]
For each label, split and share, fits quality.py's tfidf+LR on the training users whose FNV-1a hash of the user id
(mod 1000) is below share × 1000 — the same stable subset as `OpenClue.Quality --train-share` — and prints the test
AUROC on the full explicit test set, one JSON line per task.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality  # noqa: E402


def fnv(text):
    """FNV-1a over UTF-16 code units, as OpenClue.Quality's Fnv (C# chars)."""
    h = 2166136261
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h = ((h ^ (units[i] | units[i + 1] << 8)) * 16777619) & 0xFFFFFFFF
    return h


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dataset")
    p.add_argument("--shares", default="0.25,0.5,1.0")
    p.add_argument("--labels")
    args = p.parse_args()
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.metrics import roc_auc_score

    users, docs = quality.read_sequences(os.path.join(args.dataset, "sequences.tsv"))
    row = {u: i for i, u in enumerate(users)}
    words = TfidfVectorizer(sublinear_tf=True, min_df=2, lowercase=True, token_pattern=r"(?u)\b\w+\b")
    x = words.fit_transform([d.replace("->", " \n ") for d in docs]).tocsr()
    meta = json.load(open(os.path.join(args.dataset, "labels.json")))
    only = args.labels.split(",") if args.labels else None
    for label, info in meta["labels"].items():
        if only and label not in only:
            continue
        for k in range(1, meta["splits"] + 1):
            train = quality.read_labels(os.path.join(args.dataset, "labels", f"{label}.s{k}.train.tsv"))
            test = quality.read_labels(os.path.join(args.dataset, "labels", f"{label}.s{k}.test.tsv"))
            te = np.array([row[u] for u, _ in test]); yte = np.array([l for _, l in test])
            for share in (float(s) for s in args.shares.split(",")):
                sub = [(u, l) for u, l in train if share >= 1 or fnv(u) % 1000 < share * 1000]
                tr = np.array([row[u] for u, _ in sub]); ytr = np.array([l for _, l in sub])
                m = LogisticRegressionCV(Cs=[0.001, 0.01, 0.1, 1, 10, 100], cv=5, scoring="roc_auc", max_iter=1000,
                                         class_weight="balanced", n_jobs=1).fit(x[tr], ytr)
                auroc = roc_auc_score(yte, m.predict_proba(x[te])[:, 1])
                print(json.dumps({"label": label, "kind": info["kind"], "split": k, "share": share, "train": len(sub),
                                  "positives": int(ytr.sum()), "auroc": round(auroc, 5)}), flush=True)


if __name__ == "__main__":
    main()

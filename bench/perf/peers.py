#!/usr/bin/python3
"""The scikit-learn peer of the pipeline scenario (Debian python3-sklearn; run with /usr/bin/python3).

HashingVectorizer over behaviours (each whole behaviour one feature, split on '->') of ALL users, then
  * LogisticRegressionCV(Cs=[0.1, 1, 10], cv=3, scoring='roc_auc', n_jobs=2) fitted on the train labels, and
  * LogisticRegression(C=1) fitted on the same rows,
each followed by predict_proba over all users; AUROC on the held-out test labels. The vectorisation is done once and
its time is charged to both peers (a data scientist comparing the two would do the same).
Prints one JSON object: timings (s), peak RSS of this process (ru_maxrss), AUROCs.
usage: peers.py SEQUENCES TRAIN_LABELS TEST_LABELS
"""
import json
import resource
import sys
import time


def split_arrow(text):
    return [b.strip() for b in text.split("->") if b.strip()]


def main():
    seq_path, train_path, test_path = sys.argv[1:4]
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
    from sklearn.metrics import roc_auc_score
    import sklearn

    t0 = time.monotonic()
    users, docs = [], []
    with open(seq_path, encoding="utf-8") as f:
        for line in f:
            uid, _, seq = line.rstrip("\n").partition("\t")
            users.append(uid)
            docs.append(seq)
    vec = HashingVectorizer(analyzer=split_arrow, n_features=2 ** 20, alternate_sign=False, lowercase=False)
    X = vec.transform(docs)
    del docs
    row = {u: i for i, u in enumerate(users)}
    t_vec = time.monotonic() - t0

    def labels(path):
        idx, y = [], []
        with open(path, encoding="utf-8") as f:
            for line in f:
                u, _, l = line.rstrip("\n").partition("\t")
                if u in row:
                    idx.append(row[u])
                    y.append(int(l))
        return np.array(idx), np.array(y)

    tr_idx, tr_y = labels(train_path)
    te_idx, te_y = labels(test_path)

    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "users": len(users), "train": len(tr_idx),
           "test": len(te_idx), "t_vectorize": t_vec}

    t = time.monotonic()
    cv = LogisticRegressionCV(Cs=[0.1, 1, 10], cv=3, scoring="roc_auc", max_iter=1000, n_jobs=2).fit(X[tr_idx], tr_y)
    out["t_fit_lrcv"] = time.monotonic() - t
    t = time.monotonic()
    p = cv.predict_proba(X)[:, 1]
    out["t_predict_lrcv"] = time.monotonic() - t
    out["auroc_lrcv"] = float(roc_auc_score(te_y, p[te_idx]))
    out["lrcv_C"] = float(cv.C_[0])

    t = time.monotonic()
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(X[tr_idx], tr_y)
    out["t_fit_lr"] = time.monotonic() - t
    t = time.monotonic()
    p = lr.predict_proba(X)[:, 1]
    out["t_predict_lr"] = time.monotonic() - t
    out["auroc_lr"] = float(roc_auc_score(te_y, p[te_idx]))

    out["total_lrcv"] = out["t_vectorize"] + out["t_fit_lrcv"] + out["t_predict_lrcv"]
    out["total_lr"] = out["t_vectorize"] + out["t_fit_lr"] + out["t_predict_lr"]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["peak_rss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()

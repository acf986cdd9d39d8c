"""pandas helpers (pandas is optional: imported only when one of these is called)."""


def _pandas():
    try:
        import pandas
    except ImportError as missing:
        raise ImportError("to_pandas() needs pandas: pip install pandas (or apt-get install python3-pandas).") from missing
    return pandas


def read_scores(source):
    """A task run's result (``user_id<TAB>score`` lines; a path or an open text file) as a DataFrame with columns
    ``user_id`` (str, ids kept exactly as written) and ``score`` (float)."""
    pd = _pandas()
    return pd.read_csv(source, sep="\t", header=None, names=["user_id", "score"],
                       dtype={"user_id": str, "score": "float64"}, keep_default_na=False, quoting=3)


def roc_frame(report):
    pd = _pandas()
    return pd.DataFrame([{"fpr": p.fpr, "tpr": p.tpr, "threshold": p.threshold} for p in report.roc],
                        columns=["fpr", "tpr", "threshold"])


def terms_frame(report):
    pd = _pandas()
    rows = [{"label": 1, "kind": t.kind, "name": t.name, "weight": t.weight} for t in report.top_positive]
    rows += [{"label": 0, "kind": t.kind, "name": t.name, "weight": t.weight} for t in report.top_negative]
    return pd.DataFrame(rows, columns=["label", "kind", "name", "weight"])

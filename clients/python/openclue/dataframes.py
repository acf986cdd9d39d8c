"""pandas helpers (pandas is optional: imported only when one of these is called)."""


def _pandas():
    try:
        import pandas
    except ImportError as missing:
        raise ImportError("to_pandas() needs pandas: pip install pandas (or apt-get install python3-pandas).") from missing
    return pandas


def read_user_values(source, columns):
    """A ``user_id<TAB>value`` result (a path or an open text file) as a DataFrame with the two ``columns``: user
    ids as str, kept exactly as written, values as float."""
    pd = _pandas()
    user, value = columns
    return pd.read_csv(source, sep="\t", header=None, names=[user, value],
                       dtype={user: str, value: "float64"}, keep_default_na=False, quoting=3)


def read_scores(source):
    """A task run's result (``user_id<TAB>score`` lines) as a DataFrame with columns ``user_id`` and ``score``."""
    return read_user_values(source, ["user_id", "score"])


def read_table(source):
    """A TSV with a header row (a shopping-intent profile: ``kind``, ``name``, ``share``, ``lift``)."""
    pd = _pandas()
    return pd.read_csv(source, sep="\t", keep_default_na=False, quoting=3)


def roc_frame(report):
    pd = _pandas()
    return pd.DataFrame([{"fpr": p.fpr, "tpr": p.tpr, "threshold": p.threshold} for p in report.roc],
                        columns=["fpr", "tpr", "threshold"])


def terms_frame(report):
    pd = _pandas()
    rows = [{"label": 1, "kind": t.kind, "name": t.name, "weight": t.weight} for t in report.top_positive]
    rows += [{"label": 0, "kind": t.kind, "name": t.name, "weight": t.weight} for t in report.top_negative]
    return pd.DataFrame(rows, columns=["label", "kind", "name", "weight"])

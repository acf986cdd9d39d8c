"""Typed resources: what the API returns, with the calls that act on each one (``wait``, ``refresh``, ``delete``)."""

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from .errors import JobFailedError, WaitTimeoutError

REGISTERED, PENDING, IN_PROGRESS, COMPLETED, FAILED = "registered", "pending", "in_progress", "completed", "failed"
FINISHED = frozenset({COMPLETED, FAILED})


def _build(cls, data: Dict[str, Any], client=None):
    """An instance of ``cls`` from a JSON object: known fields by name, unknown ones kept in ``extra`` so a newer
    server's additions are not lost."""
    names = {f.metadata.get("json", f.name): f.name for f in dataclasses.fields(cls) if f.init and f.name != "extra"}
    known = {names[k]: v for k, v in data.items() if k in names}
    extra = {k: v for k, v in data.items() if k not in names}
    obj = cls(**known, extra=extra)
    object.__setattr__(obj, "_client", client)
    return obj


def _wire(obj) -> Dict[str, Any]:
    out = {f.metadata.get("json", f.name): getattr(obj, f.name)
           for f in dataclasses.fields(obj) if f.name != "extra"}
    out.update(obj.extra)
    return out


@dataclass
class _JobResource:
    """A resource built by an asynchronous job (registered → pending → in_progress → completed | failed)."""

    @property
    def id(self) -> str:
        raise NotImplementedError

    @property
    def name(self) -> str:
        raise NotImplementedError

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def to_dict(self) -> Dict[str, Any]:
        """The resource as the API returned it (snake_case field names)."""
        return _wire(self)

    def refresh(self):
        """The resource as it is now on the server (a new object)."""
        return self._collection().get(self.id)

    def wait(self, progress: Optional[Callable[[Any], None]] = None, timeout: Optional[float] = None,
             poll_interval: float = 1.0, raise_on_failure: bool = True):
        """Polls until the job is completed or failed and returns the final resource. ``progress`` is called with
        each polled resource. A failed job raises :class:`JobFailedError` (carrying the resource) unless
        ``raise_on_failure`` is false. ``timeout`` (seconds) raises :class:`WaitTimeoutError`; the job keeps
        running on the server either way. One request per second by default (NCLUE's rate guidance)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        current = self
        while True:
            current = current.refresh()
            if progress is not None:
                progress(current)
            if current.finished:
                if current.status == FAILED and raise_on_failure:
                    raise JobFailedError(current)
                return current
            if deadline is not None and time.monotonic() + poll_interval > deadline:
                raise WaitTimeoutError(
                    f"{type(self).__name__.lower()} {self.id} is still {current.status} after {timeout} s; "
                    "it keeps running on the server.")
            time.sleep(poll_interval)

    def _collection(self):
        client = getattr(self, "_client", None)
        if client is None:
            raise RuntimeError("This object was not returned by a Client.")
        return client._collection_for(self)


def _f(json_name: Optional[str] = None, default=None):
    return field(default=default, metadata={"json": json_name} if json_name else {})


@dataclass
class Feature(_JobResource):
    feature_id: str = None
    feature_name: str = None
    status: Optional[str] = None
    created_at: Optional[str] = None
    started_at: Optional[str] = None
    completed_at: Optional[str] = None
    source_bucket: Optional[str] = None
    source_file_path: Optional[str] = None
    user_count: Optional[int] = None
    token_count: Optional[int] = None
    disk_usage: Optional[int] = None
    fail_message: Optional[str] = None
    fail_details: Optional[str] = None
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    id = property(lambda self: self.feature_id)
    name = property(lambda self: self.feature_name)

    def delete(self) -> None:
        self._collection().delete(self.id)


@dataclass
class Task(_JobResource):
    task_id: str = None
    task_name: str = None
    status: Optional[str] = None
    created_at: Optional[str] = None
    started_at: Optional[str] = None
    completed_at: Optional[str] = None
    train_feature_id: Optional[str] = None
    train_feature_name: Optional[str] = None
    train_bucket: Optional[str] = None
    train_file_path: Optional[str] = None
    test_feature_id: Optional[str] = None
    test_feature_name: Optional[str] = None
    test_bucket: Optional[str] = None
    test_file_path: Optional[str] = None
    auroc: Optional[float] = _f("AUROC")
    line_count: Optional[int] = None
    disk_usage: Optional[int] = None
    fail_message: Optional[str] = None
    fail_details: Optional[str] = None
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    id = property(lambda self: self.task_id)
    name = property(lambda self: self.task_name)

    def report(self) -> "Report":
        """The training report of a completed task: AUROC, ROC curve, strongest behaviours."""
        return self._collection().report(self.id)

    def delete(self) -> None:
        self._collection().delete(self.id)


@dataclass
class TaskRun(_JobResource):
    run_id: str = None
    run_name: str = None
    status: Optional[str] = None
    task_id: Optional[str] = None
    task_name: Optional[str] = None
    feature_id: Optional[str] = None
    feature_name: Optional[str] = None
    created_at: Optional[str] = None
    started_at: Optional[str] = None
    completed_at: Optional[str] = None
    result_bucket: Optional[str] = None
    result_file_path: Optional[str] = None
    line_count: Optional[int] = None
    fail_message: Optional[str] = None
    fail_details: Optional[str] = None
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    id = property(lambda self: self.run_id)
    name = property(lambda self: self.run_name)

    def open_result(self):
        """The result file (``user_id<TAB>score`` lines) opened for reading, from the local bucket folder."""
        return self._client.buckets.open(self.result_bucket, self.result_file_path)

    def to_pandas(self):
        """The scores as a DataFrame with columns ``user_id`` (str) and ``score`` (float). Needs pandas."""
        from .dataframes import read_scores
        with self.open_result() as f:
            return read_scores(f)

    def delete(self) -> None:
        self._collection().delete(self.id)


@dataclass
class Model(_JobResource):
    model_name: str = None
    status: Optional[str] = None
    nclue_model_status: Optional[str] = None
    built_in: Optional[bool] = None
    default: Optional[bool] = None
    dimension: Optional[int] = None
    vocabulary_size: Optional[int] = None
    source_bucket: Optional[str] = None
    source_file_path: Optional[str] = None
    created_at: Optional[str] = None
    started_at: Optional[str] = None
    completed_at: Optional[str] = None
    fail_message: Optional[str] = None
    fail_details: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    id = property(lambda self: self.model_name)
    name = property(lambda self: self.model_name)

    def deprecate(self) -> "Model":
        return self._collection().deprecate(self.id)

    def set_default(self) -> "Model":
        return self._collection().set_default(self.id)


@dataclass
class RocPoint:
    fpr: float = None
    tpr: float = None
    threshold: Optional[float] = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class WeightedTerm:
    kind: str = None
    name: str = None
    weight: float = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Report:
    """``GET /tasks/{id}/report``: how the task's model was trained and how well it ranks the test users."""

    auroc: Optional[float] = None
    roc: List[RocPoint] = field(default_factory=list)
    top_positive: List[WeightedTerm] = field(default_factory=list)
    top_negative: List[WeightedTerm] = field(default_factory=list)
    train_users: Optional[int] = None
    test_users: Optional[int] = None
    test_source: Optional[str] = None
    refit_on_all: Optional[bool] = None
    model_family: Optional[str] = None
    training_seconds: Optional[float] = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    @staticmethod
    def from_json(data: Dict[str, Any]) -> "Report":
        report = _build(Report, data)
        report.roc = [_build(RocPoint, p) for p in (data.get("roc") or [])]
        report.top_positive = [_build(WeightedTerm, t) for t in (data.get("top_positive") or [])]
        report.top_negative = [_build(WeightedTerm, t) for t in (data.get("top_negative") or [])]
        return report

    def to_pandas(self):
        """The ROC curve as a DataFrame (``fpr``, ``tpr``, ``threshold``). Needs pandas."""
        from .dataframes import roc_frame
        return roc_frame(self)

    def terms_to_pandas(self):
        """The strongest behaviours as a DataFrame (``label``, ``kind``, ``name``, ``weight``). Needs pandas."""
        from .dataframes import terms_frame
        return terms_frame(self)


class Page(list):
    """One page of a list: the items, plus ``index``, ``limit`` and ``total`` (D4)."""

    def __init__(self, items, index: int, limit: int, total: int):
        super().__init__(items)
        self.index = index
        self.limit = limit
        self.total = total

    def __repr__(self):
        return f"Page(index={self.index}, limit={self.limit}, total={self.total}, items={list.__repr__(self)})"

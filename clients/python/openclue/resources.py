"""Typed resources: what the API returns, with the calls that act on each one (``wait``, ``refresh``, ``delete``)."""

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Dict, List, Optional

from .errors import JobFailedError, WaitTimeoutError

REGISTERED, PENDING, IN_PROGRESS, COMPLETED, FAILED = "registered", "pending", "in_progress", "completed", "failed"
FINISHED = frozenset({COMPLETED, FAILED})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _json_names(cls) -> Dict[str, str]:
    """JSON name → attribute name: the field's ``json`` metadata, else its name (camelCase for NSML's wire)."""
    camel = getattr(cls, "_camel_case", False)
    return {f.metadata.get("json") or (_camel(f.name) if camel else f.name): f.name
            for f in dataclasses.fields(cls) if f.init and f.name != "extra"}


def _build(cls, data: Dict[str, Any], client=None):
    """An instance of ``cls`` from a JSON object: known fields by name, unknown ones kept in ``extra`` so a newer
    server's additions are not lost."""
    names = _json_names(cls)
    obj = cls(**{names[k]: v for k, v in data.items() if k in names}, extra={k: v for k, v in data.items() if k not in names})
    object.__setattr__(obj, "_client", client)
    return obj


@dataclass
class _Resource:
    """A JSON object of the API as a dataclass; ``extra`` keeps the fields this version does not know."""

    extra: Dict[str, Any] = field(default_factory=dict, repr=False, kw_only=True)

    def to_dict(self) -> Dict[str, Any]:
        """The resource as the API returned it (the API's field names)."""
        out = {json_name: getattr(self, name) for json_name, name in _json_names(type(self)).items()}
        out.update(self.extra)
        return out

    def _owner(self):
        client = getattr(self, "_client", None)
        if client is None:
            raise RuntimeError("This object was not returned by a Client.")
        return client


class _Waitable:
    """``wait()`` for anything that ends: ``refresh()``, ``finished``, ``failed``, ``status`` and ``id``."""

    def wait(self, progress: Optional[Callable[[Any], None]] = None, timeout: Optional[float] = None,
             poll_interval: float = 1.0, raise_on_failure: bool = True):
        """Polls until the job has ended and returns it as it ended. ``progress`` is called with each polled
        resource (``.status``, and ``.progress``, a whole percent or None, with ``.progress_detail`` where the server
        knows it). A failed job raises :class:`JobFailedError` (carrying the resource) unless ``raise_on_failure`` is
        false. ``timeout`` (seconds) raises :class:`WaitTimeoutError`; the job keeps running on the server either way.
        One request per second by default (NCLUE's rate guidance)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        current = self
        while True:
            current = current.refresh()
            if progress is not None:
                progress(current)
            if current.finished:
                if current.failed and raise_on_failure:
                    raise JobFailedError(current)
                return current
            if deadline is not None and time.monotonic() + poll_interval > deadline:
                raise WaitTimeoutError(
                    f"{type(self).__name__.lower()} {self.id} is still {current.status} after {timeout} s; "
                    "it keeps running on the server.")
            time.sleep(poll_interval)


def _f(json_name: Optional[str] = None, default=None):
    return field(default=default, metadata={"json": json_name} if json_name else {})


@dataclass
class _JobResource(_Resource, _Waitable):
    """An NCLUE resource built by an asynchronous job (registered → pending → in_progress → completed | failed)."""

    _id_field: ClassVar[str] = ""
    _name_field: ClassVar[str] = ""

    status: Optional[str] = None
    created_at: Optional[str] = None
    started_at: Optional[str] = None
    completed_at: Optional[str] = None
    fail_message: Optional[str] = None
    fail_details: Optional[str] = None
    progress: Optional[int] = None
    progress_detail: Optional[str] = None

    @property
    def id(self) -> str:
        return getattr(self, self._id_field)

    @property
    def name(self) -> str:
        return getattr(self, self._name_field)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def refresh(self):
        """The resource as it is now on the server (a new object)."""
        return self._collection().get(self.id)

    def _collection(self):
        return self._owner()._collection_for(self)


class _Deletable:
    def delete(self) -> None:
        self._collection().delete(self.id)


@dataclass
class Feature(_JobResource, _Deletable):
    _id_field, _name_field = "feature_id", "feature_name"
    feature_id: str = None
    feature_name: str = None
    source_bucket: Optional[str] = None
    source_file_path: Optional[str] = None
    user_count: Optional[int] = None
    token_count: Optional[int] = None
    disk_usage: Optional[int] = None
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None


@dataclass
class Task(_JobResource, _Deletable):
    _id_field, _name_field = "task_id", "task_name"
    task_id: str = None
    task_name: str = None
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
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None

    def report(self) -> "Report":
        """The training report of a completed task: AUROC, ROC curve, strongest behaviours."""
        return self._collection().report(self.id)


class _ResultFile:
    """A job whose result is a TSV in a bucket (``result_bucket``/``result_file_path``, the final key once completed)."""

    _columns: ClassVar[List[str]] = []

    def open_result(self, mode: str = "r"):
        """The result file opened for reading as it streams in (``client.buckets.open``): text, or bytes with ``"rb"``."""
        return self._owner().buckets.open(self.result_bucket, self._result_key(), mode)

    def download_result(self, path: Optional[str] = None) -> str:
        """Saves the result file (``client.buckets.download``: as its own name here, into ``path`` when it is a folder,
        else as ``path``; nothing is left if the transfer fails) and returns where."""
        return self._owner().buckets.download(self.result_bucket, self._result_key(), path)

    def _result_key(self) -> str:
        if self.status != COMPLETED or not self.result_file_path:
            raise ValueError(f"{type(self).__name__} {self.id} is {self.status}: its result file exists once it has "
                             "completed (wait() for it).")
        return self.result_file_path

    def to_pandas(self):
        """The result as a DataFrame (user ids as str, the value as float). Needs pandas."""
        from .dataframes import read_user_values
        with self.open_result() as f:
            return read_user_values(f, self._columns)


@dataclass
class TaskRun(_JobResource, _Deletable, _ResultFile):
    """Scores of every user of a feature set; ``to_pandas()`` gives columns ``user_id`` and ``score``."""

    _id_field, _name_field, _columns = "run_id", "run_name", ["user_id", "score"]
    run_id: str = None
    run_name: str = None
    task_id: Optional[str] = None
    task_name: Optional[str] = None
    feature_id: Optional[str] = None
    feature_name: Optional[str] = None
    result_bucket: Optional[str] = None
    result_file_path: Optional[str] = None
    line_count: Optional[int] = None
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None


@dataclass
class Model(_JobResource):
    _id_field, _name_field = "model_name", "model_name"
    model_name: str = None
    nclue_model_status: Optional[str] = None
    built_in: Optional[bool] = None
    default: Optional[bool] = None
    dimension: Optional[int] = None
    vocabulary_size: Optional[int] = None
    source_bucket: Optional[str] = None
    source_file_path: Optional[str] = None

    def deprecate(self) -> "Model":
        return self._collection().deprecate(self.id)

    def set_default(self) -> "Model":
        return self._collection().set_default(self.id)


@dataclass
class CustomAttributes(_JobResource, _Deletable, _ResultFile):
    """Every user's similarity to a keyword set (§1.10); ``to_pandas()`` gives columns ``user_id`` and ``similarity``."""

    _id_field, _name_field, _columns = "profile_id", "profile_name", ["user_id", "similarity"]
    profile_id: str = None
    profile_name: str = None
    feature_id: Optional[str] = None
    feature_name: Optional[str] = None
    keyword_set: Optional[str] = None
    result_bucket: Optional[str] = None
    result_file_path: Optional[str] = None
    line_count: Optional[int] = None
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None

    @property
    def keywords(self) -> List[str]:
        return [k for k in (self.keyword_set or "").split(",") if k]


@dataclass
class ShoppingIntent(_JobResource, _Deletable):
    """What a task's top-scored users over-index on (§1.11): ``kind``, ``name``, ``share``, ``lift`` rows."""

    _id_field, _name_field = "profile_id", "profile_name"
    profile_id: str = None
    profile_name: str = None
    task_id: Optional[str] = None
    task_name: Optional[str] = None
    line_count: Optional[int] = None
    disk_usage: Optional[int] = None
    nclue_model_name: Optional[str] = None
    nclue_model_status: Optional[str] = None

    def download(self, path: Optional[str] = None) -> str:
        """Saves the TSV (``{profile_id}.tsv`` here, in ``path`` when it is a folder, else as ``path``); returns the path."""
        return self._collection().download(self.id, path)

    def to_pandas(self):
        """The profile as a DataFrame (``kind``, ``name``, ``share``, ``lift``). Needs pandas."""
        import io
        from .dataframes import read_table
        return read_table(io.BytesIO(self._collection().download_bytes(self.id)))


@dataclass
class RocPoint(_Resource):
    fpr: float = None
    tpr: float = None
    threshold: Optional[float] = None


@dataclass
class WeightedTerm(_Resource):
    kind: str = None
    name: str = None
    weight: float = None


@dataclass
class Report(_Resource):
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
    """One page of a list: the items, plus ``index`` (offset of the first), ``limit`` (page size) and ``total``."""

    def __init__(self, items, index: int, limit: int, total: int):
        super().__init__(items)
        self.index = index
        self.limit = limit
        self.total = total

    def __repr__(self):
        return f"Page(index={self.index}, limit={self.limit}, total={self.total}, items={list.__repr__(self)})"

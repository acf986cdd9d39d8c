"""The entry point: ``Client`` and one collection per resource."""

import os
import shutil
import urllib.parse
from typing import Any, Callable, Dict, Iterator, Optional

from ._config import Settings
from ._transport import RetryPolicy, Transport
from .errors import ConfigurationError, DuplicateNameError, NotFoundError
from .resources import Feature, Model, Page, Report, Task, TaskRun, _build

MAX_LIMIT = 100


def _segment(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


class _Collection:
    """A list endpoint and its items: ``get``, ``list`` (one page), iteration over every item, ``delete``."""

    path = ""
    items_key = ""
    resource = None

    def __init__(self, client: "Client"):
        self._client = client
        self._transport = client._transport

    def _wrap(self, data):
        return _build(self.resource, data, self._client)

    def get(self, resource_id: str):
        return self._wrap(self._transport.request("GET", f"{self.path}/{_segment(resource_id)}").json())

    def list(self, index: int = 0, limit: int = 20) -> Page:
        """One page, newest first: ``index`` is the 0-based offset, ``limit`` 1-100."""
        body = self._transport.request("GET", self.path, {"index": index, "limit": limit}).json()
        return Page([self._wrap(item) for item in body[self.items_key]], body["index"], body["limit"], body["total"])

    def iter(self, page_size: int = MAX_LIMIT) -> Iterator:
        """Every item, newest first, fetched ``page_size`` at a time."""
        index = 0
        while True:
            page = self.list(index, page_size)
            yield from page
            index += len(page)
            if not page or index >= page.total:
                return

    __iter__ = iter

    def find(self, name: str):
        """The item with this name, or None."""
        return next((item for item in self.iter() if item.name == name), None)

    def _create(self, body: Dict[str, Any], matches: Callable[[Any], bool]):
        """POSTs a create. If the POST was retried and now answers 409 10102 (duplicate name), the first attempt
        reached the server: the existing resource is the result when its fields are the ones sent."""
        body = {k: v for k, v in body.items() if v is not None}
        try:
            response = self._transport.request("POST", self.path, body=body)
        except DuplicateNameError as duplicate:
            if not getattr(duplicate, "after_retry", False):
                raise
            existing = self.find(body["name"])
            if existing is None or not matches(existing):
                raise
            return existing
        created = response.json()
        return self.get(created[self._created_id_key])

    _created_id_key = ""


class Features(_Collection):
    path, items_key, resource, _created_id_key = "api/v1/features", "features", Feature, "feature_id"

    def create(self, name: str, source_bucket: str, source_file_path: str,
               nclue_model_name: Optional[str] = None) -> Feature:
        """Starts building a feature set from a sequence dataset (``user_id<TAB>behaviour->behaviour`` lines);
        ``.wait()`` on the result follows the job."""
        return self._create(
            {"name": name, "source_bucket": source_bucket, "source_file_path": source_file_path,
             "nclue_model_name": nclue_model_name},
            lambda f: f.source_bucket == source_bucket and f.source_file_path == source_file_path
            and (nclue_model_name is None or f.nclue_model_name == nclue_model_name))

    def delete(self, feature_id: str) -> None:
        self._transport.request("DELETE", f"{self.path}/{_segment(feature_id)}")


class Tasks(_Collection):
    path, items_key, resource, _created_id_key = "api/v1/tasks", "tasks", Task, "task_id"

    def create(self, name: str, train_feature_id: str, train_bucket: str, train_file_path: str,
               test_feature_id: Optional[str] = None, test_bucket: Optional[str] = None,
               test_file_path: Optional[str] = None) -> Task:
        """Starts training a binary model on ``train_feature_id`` with 0/1 labels (``user_id<TAB>0|1`` lines).
        Without the three ``test_*`` arguments 20% of the train users are held out."""
        return self._create(
            {"name": name, "train_feature_id": train_feature_id, "train_bucket": train_bucket,
             "train_file_path": train_file_path, "test_feature_id": test_feature_id, "test_bucket": test_bucket,
             "test_file_path": test_file_path},
            lambda t: (t.train_feature_id, t.train_bucket, t.train_file_path, t.test_feature_id, t.test_bucket,
                       t.test_file_path) == (train_feature_id, train_bucket, train_file_path, test_feature_id,
                                             test_bucket, test_file_path))

    def report(self, task_id: str) -> Report:
        return Report.from_json(self._transport.request("GET", f"{self.path}/{_segment(task_id)}/report").json())

    def delete(self, task_id: str) -> None:
        self._transport.request("DELETE", f"{self.path}/{_segment(task_id)}")


class TaskRuns(_Collection):
    path, items_key, resource, _created_id_key = "api/v1/task-runs", "runs", TaskRun, "run_id"

    def create(self, name: str, task_id: str, feature_id: str, result_bucket: str, result_file_path: str) -> TaskRun:
        """Starts scoring every user of ``feature_id`` with ``task_id``; the result file goes to the bucket
        (``result_file_path`` ending in ``/`` is a folder, otherwise a file-name prefix)."""
        return self._create(
            {"name": name, "task_id": task_id, "feature_id": feature_id, "result_bucket": result_bucket,
             "result_file_path": result_file_path},
            # Once the run starts, result_file_path is the final key, which begins with the path asked for.
            lambda r: (r.task_id, r.feature_id, r.result_bucket) == (task_id, feature_id, result_bucket)
            and (r.result_file_path or "").startswith(result_file_path))

    def delete(self, run_id: str) -> None:
        self._transport.request("DELETE", f"{self.path}/{_segment(run_id)}")


class Models(_Collection):
    path, items_key, resource, _created_id_key = "api/v1/models", "models", Model, "model_name"

    def create(self, name: str, source_bucket: str, source_file_path: str) -> Model:
        """Starts pretraining a behaviour model on the tenant's own sequence dataset."""
        return self._create(
            {"name": name, "source_bucket": source_bucket, "source_file_path": source_file_path},
            lambda m: (m.source_bucket, m.source_file_path) == (source_bucket, source_file_path))

    def deprecate(self, model_name: str) -> Model:
        return self._wrap(self._transport.request("POST", f"{self.path}/{_segment(model_name)}/deprecate").json())

    def set_default(self, model_name: str) -> Model:
        return self._wrap(self._transport.request("POST", f"{self.path}/{_segment(model_name)}/default").json())


class LocalBuckets:
    """The server's local buckets: folders ``{data_dir}/buckets/<bucket>`` on this machine (the embedded
    default). For S3 buckets use your S3 tool and the same bucket names."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir

    def path(self, bucket: str, key: str) -> str:
        if not bucket or "/" in bucket or bucket in (".", ".."):
            raise ValueError(f"'{bucket}' is not a bucket name.")
        parts = [p for p in key.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise ValueError(f"'{key}' is not a path inside a bucket.")
        return os.path.join(self.data_dir, "buckets", bucket, *parts)

    def upload(self, local_file: str, bucket: str, key: str) -> str:
        """Copies ``local_file`` into the bucket; a ``key`` ending in ``/`` keeps the file's name. Returns the key."""
        if key.endswith("/") or key == "":
            key = key + os.path.basename(local_file)
        target = self.path(bucket, key)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temporary = target + ".uploading"
        shutil.copyfile(local_file, temporary)
        os.replace(temporary, target)
        return key

    def open(self, bucket: str, key: str):
        target = self.path(bucket, key)
        if not os.path.exists(target):
            raise FileNotFoundError(
                f"{bucket}/{key} is not in the local bucket folder {os.path.dirname(target)}; the buckets may be S3 "
                "(download the file with your S3 tool or `openclue runs download`), or data_dir is not the server's.")
        return open(target, encoding="utf-8", newline="")


class Client:
    """An NCLUE-compatible API (OpenClue, or NAVER Cloud's ``https://nclue.apigw.ntruss.com``).

    Every argument is optional: the rest comes from ``OPENCLUE_*`` environment variables and the profile of
    ``~/.openclue/config`` that ``openclue configure`` writes (``OPENCLUE_PROFILE``, ``OPENCLUE_CONFIG_FILE``).
    ``retries`` is the number of attempts for 429, 503 and connection failures."""

    def __init__(self, endpoint: Optional[str] = None, access_key: Optional[str] = None,
                 secret_key: Optional[str] = None, *, profile: Optional[str] = None, data_dir: Optional[str] = None,
                 timeout: float = 60.0, retries: int = 4, retry_policy: Optional[RetryPolicy] = None):
        self.settings = Settings.resolve(endpoint, access_key, secret_key, profile, data_dir)
        self._transport = Transport(self.settings.endpoint, self.settings.access_key, self.settings.secret_key,
                                    timeout=timeout, retry=retry_policy or RetryPolicy(attempts=retries))
        self.features = Features(self)
        self.tasks = Tasks(self)
        self.task_runs = TaskRuns(self)
        self.runs = self.task_runs
        self.models = Models(self)
        self.buckets = LocalBuckets(self.settings.data_dir)

    @property
    def endpoint(self) -> str:
        return self.settings.endpoint

    def _collection_for(self, resource):
        for collection in (self.features, self.tasks, self.task_runs, self.models):
            if isinstance(resource, collection.resource):
                return collection
        raise TypeError(type(resource).__name__)

    def __repr__(self):
        return f"Client(endpoint={self.settings.endpoint!r}, access_key={self.settings.access_key!r})"

"""The entry point: ``Client`` and one collection per resource."""

import os
from typing import Iterable, Optional, Union

from ._collections import Collection, Deletable, segment
from ._config import Settings
from ._transport import RetryPolicy, Transport
from .buckets import Buckets, save_atomically, copy_body
from .nsml import Nsml
from .resources import CustomAttributes, Feature, Model, Report, ShoppingIntent, Task, TaskRun


class Features(Collection, Deletable):
    path, items_key, resource, created_id_key = "api/v1/features", "features", Feature, "feature_id"

    def create(self, name: str, source_bucket: str, source_file_path: str,
               nclue_model_name: Optional[str] = None) -> Feature:
        """Starts building a feature set from a sequence dataset (``user_id<TAB>behaviour->behaviour`` lines);
        ``.wait()`` on the result follows the job."""
        return self._create(
            {"name": name, "source_bucket": source_bucket, "source_file_path": source_file_path,
             "nclue_model_name": nclue_model_name},
            lambda f: f.source_bucket == source_bucket and f.source_file_path == source_file_path
            and (nclue_model_name is None or f.nclue_model_name == nclue_model_name))


class Tasks(Collection, Deletable):
    path, items_key, resource, created_id_key = "api/v1/tasks", "tasks", Task, "task_id"

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
        return Report.from_json(self._transport.request("GET", f"{self._item_path(task_id)}/report").json())


class TaskRuns(Collection, Deletable):
    path, items_key, resource, created_id_key = "api/v1/task-runs", "runs", TaskRun, "run_id"

    def create(self, name: str, task_id: str, feature_id: str, result_bucket: str, result_file_path: str) -> TaskRun:
        """Starts scoring every user of ``feature_id`` with ``task_id``; the result file goes to the bucket
        (``result_file_path`` ending in ``/`` is a folder, otherwise a file-name prefix)."""
        return self._create(
            {"name": name, "task_id": task_id, "feature_id": feature_id, "result_bucket": result_bucket,
             "result_file_path": result_file_path},
            # Once the run starts, result_file_path is the final key, which begins with the path asked for.
            lambda r: (r.task_id, r.feature_id, r.result_bucket) == (task_id, feature_id, result_bucket)
            and (r.result_file_path or "").startswith(result_file_path))


class Models(Collection):
    path, items_key, resource, created_id_key = "api/v1/models", "models", Model, "model_name"

    def create(self, name: str, source_bucket: str, source_file_path: str) -> Model:
        """Starts pretraining a behaviour model on the tenant's own sequence dataset."""
        return self._create(
            {"name": name, "source_bucket": source_bucket, "source_file_path": source_file_path},
            lambda m: (m.source_bucket, m.source_file_path) == (source_bucket, source_file_path))

    def deprecate(self, model_name: str) -> Model:
        return self._wrap(self._transport.request("POST", f"{self._item_path(model_name)}/deprecate").json())

    def set_default(self, model_name: str) -> Model:
        return self._wrap(self._transport.request("POST", f"{self._item_path(model_name)}/default").json())


class CustomAttributesProfiles(Collection, Deletable):
    path, items_key, resource, created_id_key = "api/v1/profile/custom-attributes", "profiles", CustomAttributes, "profile_id"

    def create(self, name: str, feature_id: str, keywords: Union[str, Iterable[str]], result_bucket: str,
               result_file_path: str) -> CustomAttributes:
        """Starts scoring every user of ``feature_id`` against ``keywords`` (a list, or one string separated by
        commas or new lines; 1,000 characters in all); the ``user_id<TAB>similarity`` file goes to the bucket."""
        parts = keywords.replace(",", "\n").split("\n") if isinstance(keywords, str) else keywords
        keyword_list = [k.strip() for k in parts if k.strip()]
        return self._create(
            {"name": name, "feature_id": feature_id, "keyword_set": "\n".join(keyword_list),
             "result_bucket": result_bucket, "result_file_path": result_file_path},
            lambda p: (p.feature_id, p.result_bucket, p.keywords) == (feature_id, result_bucket, keyword_list)
            and (p.result_file_path or "").startswith(result_file_path))


class ShoppingIntents(Collection, Deletable):
    path, items_key, resource, created_id_key = "api/v1/profile/shopping-intents", "profiles", ShoppingIntent, "profile_id"

    def create(self, name: str, task_id: str) -> ShoppingIntent:
        """Starts profiling what the top-scored users of a completed task over-index on."""
        return self._create({"name": name, "task_id": task_id}, lambda p: p.task_id == task_id)

    def download_bytes(self, profile_id: str) -> bytes:
        """The completed profile's TSV (``kind<TAB>name<TAB>share<TAB>lift``, with that header)."""
        return self._transport.request("GET", f"api/v1/profile/shopping-intents-download/{segment(profile_id)}").body

    def download(self, profile_id: str, path: Optional[str] = None) -> str:
        """Saves the TSV as ``{profile_id}.tsv`` here, in ``path`` when it is a folder, else as ``path``."""
        target = path or f"{profile_id}.tsv"
        if os.path.isdir(target):
            target = os.path.join(target, f"{profile_id}.tsv")
        # Streamed into a temporary file renamed at the end, as bucket downloads are: a failure leaves nothing.
        with self._transport.open("GET", f"api/v1/profile/shopping-intents-download/{segment(profile_id)}",
                                  accept="*/*") as response:
            save_atomically(target, lambda out: copy_body(response, out))
        return target


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
        self.custom_attributes = CustomAttributesProfiles(self)
        self.shopping_intents = ShoppingIntents(self)
        self.nsml = Nsml(self)
        self.buckets = Buckets(self._transport, self.settings.data_dir)

    @property
    def endpoint(self) -> str:
        return self.settings.endpoint

    def _collection_for(self, resource):
        for collection in (self.features, self.tasks, self.task_runs, self.models, self.custom_attributes,
                           self.shopping_intents):
            if type(resource) is collection.resource:
                return collection
        raise TypeError(type(resource).__name__)

    def __repr__(self):
        return f"Client(endpoint={self.settings.endpoint!r}, access_key={self.settings.access_key!r})"

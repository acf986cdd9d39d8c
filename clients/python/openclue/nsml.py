"""CLOVA NSML (``/nsml/v1``): projects, runs (their nodes and log), SSH keys and server products. The wire is
NSML's camelCase JSON, paged by ``page`` (from 1) and ``pageSize``; errors carry NSML's codes (N7: ``20110``
NOT_FOUND, ``20112`` DUPLICATE_NAME, ``20113`` NOT_ACCEPTABLE, …) in the same exceptions as NCLUE's."""

import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from ._collections import MAX_LIMIT, Collection, create_once, segment
from .resources import Page, _Resource, _Waitable, _build

PENDING, IN_PROGRESS = "RUN_STATE_PENDING", "RUN_STATE_IN_PROGRESS"
COMPLETED, FAILED, STOPPED = "RUN_STATE_COMPLETED", "RUN_STATE_FAILED", "RUN_STATE_STOPPED"
ROOT = "nsml/v1"


@dataclass
class Project(_Resource):
    """An NSML project: its runs share one workspace folder."""

    _camel_case = True
    project_id: str = None
    project_name: str = None
    status: Optional[str] = None
    note: Optional[str] = None
    run_count: Optional[int] = None
    node_count: Optional[int] = None
    nas_volume_size: Optional[int] = None
    vpc_no: Optional[int] = None
    user_no: Optional[int] = None
    created_date: Optional[str] = None
    updated_date: Optional[str] = None

    id = property(lambda self: self.project_id)
    name = property(lambda self: self.project_name)

    def refresh(self) -> "Project":
        return self._owner().nsml.projects.get(self.id)

    def delete(self) -> None:
        self._owner().nsml.projects.delete(self.id)

    def runs(self):
        """Every run of the project, newest first."""
        return self._owner().nsml.runs.iter(project_id=self.id)

    def create_run(self, command: Optional[str] = None, **options) -> "Run":
        """A run in this project (see :meth:`Runs.create`)."""
        return self._owner().nsml.runs.create(self.id, command, **options)

    def workspace(self) -> Dict[str, Any]:
        """The project's workspace (``nasPath``, ``nasIp``, ``nasVolumeSize``, …) as the API returns it."""
        return self._owner()._transport.request("GET", f"{ROOT}/projects/{segment(self.id)}/nas").json()


@dataclass
class Run(_Resource, _Waitable):
    """A run of a command on one node or several. A list item carries only the list's fields; ``refresh()`` has all."""

    _camel_case = True
    run_name: str = None
    project_id: str = None
    project_name: Optional[str] = None
    status: Optional[str] = None
    run_type: Optional[str] = None
    creator: Optional[str] = None
    eng_full_name: Optional[str] = None
    gpu_svr_code: Optional[int] = None
    image_type: Optional[str] = None
    image_path: Optional[str] = None
    command: Optional[str] = None
    envs: Dict[str, str] = field(default_factory=dict)
    note: Optional[str] = None
    node_count: Optional[int] = None
    create_time: Optional[str] = None
    update_time: Optional[str] = None
    start_time: Optional[str] = None
    end_time: Optional[str] = None
    status_message: Optional[str] = None

    id = property(lambda self: f"{self.project_id}/{self.run_name}")
    name = property(lambda self: self.run_name)
    finished = property(lambda self: self.status not in (PENDING, IN_PROGRESS))
    failed = property(lambda self: self.status == FAILED)
    # What JobFailedError reports: the state and why (a node's exit code, a lost worker, …).
    fail_message = property(lambda self: self.status if self.status in (FAILED, STOPPED) else None)
    fail_details = property(lambda self: self.status_message)

    def _runs(self) -> "Runs":
        return self._owner().nsml.runs

    def refresh(self) -> "Run":
        return self._runs().get(self.project_id, self.run_name)

    def stop(self) -> None:
        """TERM to every process of every node (KILL after the grace period); the run ends ``RUN_STATE_STOPPED``."""
        self._runs().stop(self.project_id, self.run_name)

    def delete(self) -> None:
        self._runs().delete(self.project_id, self.run_name)

    def nodes(self) -> List["Node"]:
        return self._runs().nodes(self.project_id, self.run_name)

    def logs(self, offset: int = 0) -> "LogChunk":
        """The output of every node from byte ``offset`` (at most 1 MiB a call) and where to continue."""
        return self._runs().logs(self.project_id, self.run_name, offset)

    def follow(self, write: Callable[[str], Any] = sys.stdout.write, poll_interval: float = 0.5,
               offset: int = 0) -> "Run":
        """Writes the log as it comes, like ``kubectl logs -f``, until the run has ended and its log is read to
        the end; returns the run as it ended."""
        return self._runs().follow(self.project_id, self.run_name, write, poll_interval, offset)


@dataclass
class Node(_Resource):
    _camel_case = True
    node_id: str = None
    project_id: Optional[str] = None
    project_name: Optional[str] = None
    run_name: Optional[str] = None
    state: Optional[str] = None
    resource_type: Optional[str] = None
    container_image: Optional[str] = None
    rank: Optional[int] = None
    exit_code: Optional[int] = None
    host: Optional[str] = None
    message: Optional[str] = None


@dataclass
class ServerProduct(_Resource):
    _camel_case = True
    gpu_svr_code: int = None
    node_counts: List[int] = field(default_factory=list)
    use_type: Optional[str] = None
    server_product_code: Optional[str] = None
    product_name: Optional[str] = None
    eng_full_name: Optional[str] = None


@dataclass
class AuthKey(_Resource):
    _camel_case = True
    name: str = None
    title: Optional[str] = None
    fingerprint: Optional[str] = None
    create_time: Optional[str] = None


@dataclass
class LogChunk:
    text: str
    next_offset: int
    run_status: str


class _NsmlCollection(Collection):
    """NSML's lists: ``page`` from 1 and ``pageSize`` 1-100, ``totalCount``; filters are camelCase query parameters."""

    def _fetch(self, offset: int, size: int, **filters) -> Page:
        query = {"page": offset // size + 1, "pageSize": size}
        query.update({key: value for key, value in filters.items() if value is not None})
        body = self._transport.request("GET", self.path, query).json()
        return Page([self._wrap(item) for item in body[self.items_key]], offset - offset % size, size, body["totalCount"])

    def list(self, page: int = 1, page_size: int = 10) -> Page:
        """One page (``page`` from 1, ``page_size`` 1-100), newest first."""
        return self._fetch((page - 1) * page_size, page_size)


class Projects(_NsmlCollection):
    path, items_key, resource = f"{ROOT}/projects", "projects", Project

    def create(self, name: str, nas_volume_size: int = 500, note: Optional[str] = None) -> Project:
        """A project and its workspace (``nas_volume_size`` GB, 500-5,000 in steps of 100, recorded as its quota)."""
        body = {"projectName": name, "nasVolumeSize": nas_volume_size}
        if note is not None:
            body["note"] = note
        def existing():
            found = self.find(name)
            return found if found is not None and self.get(found.id).nas_volume_size == nas_volume_size else None

        created = create_once(lambda: self._transport.request("POST", self.path, body=body).json(), existing)
        return created if isinstance(created, Project) else self.get(created["projectId"])

    def delete(self, project_id: str) -> None:
        """Deletes the project, its runs and its workspace (refused, 406, while a run is pending or in progress)."""
        self._transport.request("DELETE", self._item_path(project_id))


class Runs(_NsmlCollection):
    path, items_key, resource = f"{ROOT}/projects/runs", "runList", Run

    def _run_path(self, project_id: str, run_name: str) -> str:
        return f"{ROOT}/projects/{segment(project_id)}/runs/{segment(str(run_name))}"

    def list(self, page: int = 1, page_size: int = 10, project_id: Optional[str] = None, status: Optional[str] = None,
             run_type: Optional[str] = None) -> Page:
        """One page of the runs of every project, newest first; the filters apply before paging."""
        return self._fetch((page - 1) * page_size, page_size, projectId=project_id, status=status, runType=run_type)

    def iter(self, page_size: int = MAX_LIMIT, project_id: Optional[str] = None, status: Optional[str] = None,
             run_type: Optional[str] = None):
        return super().iter(page_size, projectId=project_id, status=status, runType=run_type)

    def get(self, project_id: str, run_name: str) -> Run:
        return self._wrap(self._transport.request("GET", self._run_path(project_id, run_name)).json())

    def create(self, project_id: str, command: Optional[str] = None, gpu_svr_code: int = 1, node_count: int = 1,
               image_type: str = "BASE", image_path: Optional[str] = None, envs: Optional[Dict[str, Any]] = None,
               note: Optional[str] = None) -> Run:
        """Starts ``command`` on ``node_count`` nodes (``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR``, ``MASTER_PORT`` set
        on each). ``image_path`` defaults to the first base image. Not retried after a lost response (a run has no
        name to recognise it by)."""
        if image_path is None:
            images = self._client.nsml.base_images() if image_type == "BASE" else self._client.nsml.custom_images()
            image_path = images[0]["path"] if images else None
        body = {"gpuSvrCode": gpu_svr_code, "nodeCount": node_count, "imageType": image_type, "imagePath": image_path,
                "command": command, "envs": envs, "note": note}
        created = self._transport.request(
            "POST", f"{ROOT}/projects/{segment(project_id)}/runs", body={k: v for k, v in body.items() if v is not None}).json()
        return self.get(created["projectId"], created["runName"])

    def stop(self, project_id: str, run_name: str) -> None:
        self._transport.request("POST", f"{self._run_path(project_id, run_name)}/stop")

    def delete(self, project_id: str, run_name: str) -> None:
        """Deletes the run, its nodes and its log (refused, 406, while it is pending or in progress)."""
        self._transport.request("DELETE", self._run_path(project_id, run_name))

    def nodes(self, project_id: str, run_name: str) -> List[Node]:
        nodes, page = [], 1
        while True:
            body = self._transport.request("GET", f"{self._run_path(project_id, run_name)}/nodes",
                                           {"page": page, "pageSize": MAX_LIMIT}).json()
            nodes += [_build(Node, n, self._client) for n in body["nodes"]]
            if not body["nodes"] or len(nodes) >= body["totalCount"]:
                return nodes
            page += 1

    def logs(self, project_id: str, run_name: str, offset: int = 0) -> LogChunk:
        response = self._transport.request("GET", f"{self._run_path(project_id, run_name)}/logs", {"offset": offset},
                                           accept="text/plain")
        next_offset = response.headers.get("X-Next-Offset")
        return LogChunk(response.body.decode("utf-8", errors="replace"),
                        int(next_offset) if next_offset else offset + len(response.body),
                        response.headers.get("X-Run-Status") or "")

    def follow(self, project_id: str, run_name: str, write: Callable[[str], Any] = sys.stdout.write,
               poll_interval: float = 0.5, offset: int = 0) -> Run:
        while True:
            chunk = self.logs(project_id, run_name, offset)
            if chunk.text:
                write(chunk.text)
            ended = chunk.run_status not in (PENDING, IN_PROGRESS)
            if chunk.next_offset == offset and ended:
                return self.get(project_id, run_name)
            moved = chunk.next_offset != offset
            offset = chunk.next_offset
            if not moved:
                time.sleep(poll_interval)


class AuthKeys:
    """SSH public keys (``ssh-rsa``, ``ssh-ed25519``, ``ecdsa-sha2-nistp256/384/521``)."""

    def __init__(self, client):
        self._client = client
        self._transport = client._transport

    def create(self, title: str, key: str) -> AuthKey:
        created = self._transport.request("POST", f"{ROOT}/auth-keys", body={"title": title, "key": key}).json()
        return next(k for k in self.list() if k.name == created["name"])

    def list(self) -> List[AuthKey]:
        return [_build(AuthKey, k, self._client) for k in self._transport.request("GET", f"{ROOT}/auth-keys").json()["keyList"]]

    def delete(self, title: str, name: str) -> None:
        self._transport.request("DELETE", f"{ROOT}/auth-keys/title/{segment(title)}/name/{segment(name)}")


class Nsml:
    """``client.nsml``: ``projects``, ``runs``, ``auth_keys``, ``products()``, ``base_images()``, ``custom_images()``."""

    def __init__(self, client):
        self._transport = client._transport
        self.projects = Projects(client)
        self.runs = Runs(client)
        self.auth_keys = AuthKeys(client)

    def products(self) -> List[ServerProduct]:
        body = self._transport.request("GET", f"{ROOT}/server-products").json()
        return [_build(ServerProduct, p) for p in body["serverProductList"]]

    def base_images(self) -> List[Dict[str, str]]:
        """``[{"name": …, "path": …}]``: the ``image_path`` values a BASE run accepts."""
        return self._transport.request("GET", f"{ROOT}/images/base").json()["imageList"]

    def custom_images(self) -> List[Dict[str, str]]:
        return self._transport.request("GET", f"{ROOT}/images/custom").json()["imageList"]

"""Objects in buckets: through the server's object endpoints (``/api/v1/buckets/{bucket}/objects``, OpenClue's D25)
from any machine that reaches the API, or, when a ``data_dir`` is named, by copying files in and out of the server's
local bucket folders on this machine."""

import http.client
import io
import os
import secrets
import shutil
import urllib.parse
from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional

from ._transport import StreamedResponse, Transport, Upload
from .errors import NotFoundError, TransferInterruptedError
from .resources import _Resource, _build

CHUNK_BYTES = 1 << 20


@dataclass
class ObjectInfo(_Resource):
    """An object in a bucket: its ``path`` and ``size``; ``modified_at`` and ``etag`` where the call returns them (an
    upload and ``info()`` do, a listing does not)."""

    bucket: Optional[str] = None
    path: str = None
    size: Optional[int] = None
    modified_at: Optional[str] = None
    etag: Optional[str] = None


class Buckets:
    """``client.buckets``: upload, download, open, list, delete and describe objects.

    By default every call goes through the API, signed with the client's key: the server stores the bytes wherever
    its buckets live (its local folders or S3), only in buckets the key may use. With ``Client(data_dir=...)`` (or
    ``OPENCLUE_DATA_DIR``, or a profile's ``data_dir``) upload, download and open copy files straight into and out of
    ``{data_dir}/buckets/<bucket>`` instead: for a server on this machine with its embedded local buckets, no HTTP copy.
    Listing, ``info`` and ``delete`` always ask the server, so its rules (grants, which names a dataset reads) hold."""

    def __init__(self, transport: Transport, data_dir: Optional[str] = None):
        self._transport = transport
        self.local = LocalBuckets(data_dir) if data_dir else None

    def upload(self, local_file: str, bucket: str, key: str) -> str:
        """Uploads ``local_file`` as ``key`` (a ``key`` ending in ``/`` keeps the file's name) and returns the key. The
        file is streamed; the object appears whole or not at all, replacing one of the same key."""
        key = _key_for(local_file, key)
        if self.local is not None:
            return self.local.upload(local_file, bucket, key)
        with open(local_file, "rb") as f:
            with self._transport.open("PUT", _object_path(bucket, key), upload=Upload(f), accept="application/json") as r:
                r.json()
        return key

    def download(self, bucket: str, key: str, path: Optional[str] = None) -> str:
        """Saves the object as ``path`` (into it with the object's name when ``path`` is a folder; default: the object's
        name here) and returns where. The bytes go to a temporary file renamed at the end: a failure or an interrupted
        transfer leaves nothing, and an existing file of that name stays as it was. A transfer cut short is started
        over as the client's retries allow, then raises :class:`TransferInterruptedError`."""
        target = path or os.path.basename(key)
        if os.path.isdir(target):
            target = os.path.join(target, os.path.basename(key))
        if self.local is not None:
            with open(self.local.path_of(bucket, key), "rb") as source:
                save_atomically(target, lambda out: shutil.copyfileobj(source, out, CHUNK_BYTES))
            return target
        save_atomically(target, lambda out: self._download_into(bucket, key, out))
        return target

    def open(self, bucket: str, key: str, mode: str = "r"):
        """The object opened for reading as it streams in: text (UTF-8, new lines untranslated) for ``"r"``, bytes for
        ``"rb"``. Close it (or use ``with``). A transfer cut short raises :class:`TransferInterruptedError` on read."""
        if mode not in ("r", "rb"):
            raise ValueError(f"mode must be 'r' or 'rb', not {mode!r}.")
        if self.local is not None:
            return self.local.open(bucket, key, mode)
        binary = io.BufferedReader(_CheckedBody(self._get(bucket, key)), CHUNK_BYTES)
        return binary if mode == "rb" else io.TextIOWrapper(binary, encoding="utf-8", newline="")

    def info(self, bucket: str, key: str) -> Optional[ObjectInfo]:
        """The object's size, ETag and modification time, or ``None`` when there is none at ``key`` (or the key may not
        use the bucket: the server answers both alike)."""
        try:
            with self._transport.open("HEAD", _object_path(bucket, key)) as r:
                return ObjectInfo(bucket=bucket, path=key, size=r.length, modified_at=r.headers.get("Last-Modified"),
                                  etag=r.headers.get("ETag"))
        except NotFoundError:
            return None

    def iter(self, bucket: str, prefix: str = "", page_size: int = 100) -> Iterator[ObjectInfo]:
        """Every object whose path starts with ``prefix``, in path order, a page (``page_size``, 1 to 100) at a time.
        As a dataset path naming the prefix's folder would read them: names starting with ``_`` or ``.`` are left out."""
        index = 0
        while True:
            page = self._transport.request("GET", _list_path(bucket),
                                           {"prefix": prefix or None, "index": index, "limit": page_size}).json()
            items = page.get("objects") or []
            for item in items:
                yield _build(ObjectInfo, {"bucket": bucket, **item})
            index += len(items)
            if not items or index >= page.get("total", 0):
                return

    def list(self, bucket: str, prefix: str = "", page_size: int = 100) -> List[ObjectInfo]:
        """:meth:`iter` as a list."""
        return list(self.iter(bucket, prefix, page_size))

    def delete(self, bucket: str, key: str) -> None:
        """Deletes the object; :class:`NotFoundError` when there is none."""
        self._transport.request("DELETE", _object_path(bucket, key))

    def _download_into(self, bucket: str, key: str, out) -> None:
        """A transfer cut short starts over (the temporary file emptied) as the client's retry policy allows."""
        retry = self._transport.retry
        for attempt in range(retry.attempts):
            try:
                with self._get(bucket, key) as response:
                    copy_body(response, out)
                return
            except TransferInterruptedError:
                if attempt == retry.attempts - 1:
                    raise
                out.seek(0)
                out.truncate()
                retry.sleep(retry.delay(attempt, None))

    def _get(self, bucket: str, key: str) -> StreamedResponse:
        return self._transport.open("GET", _object_path(bucket, key))


class LocalBuckets:
    """The server's local buckets: folders ``{data_dir}/buckets/<bucket>`` on this machine (the embedded default)."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir

    def path_of(self, bucket: str, key: str) -> str:
        if not bucket or "/" in bucket or bucket in (".", ".."):
            raise ValueError(f"'{bucket}' is not a bucket name.")
        parts = [p for p in key.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise ValueError(f"'{key}' is not a path inside a bucket.")
        target = os.path.join(self.data_dir, "buckets", bucket, *parts)
        if not os.path.isfile(target):
            raise FileNotFoundError(
                f"{bucket}/{key} is not in the local bucket folder {os.path.dirname(target)}; data_dir may not be the "
                "server's, or its buckets are S3: leave data_dir unset to go through the API.")
        return target

    def upload(self, local_file: str, bucket: str, key: str) -> str:
        parts = [p for p in key.split("/") if p]
        if not bucket or "/" in bucket or not parts or any(p in (".", "..") for p in parts):
            raise ValueError(f"'{bucket}/{key}' is not a path inside a bucket.")
        target = os.path.join(self.data_dir, "buckets", bucket, *parts)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(local_file, "rb") as source:
            save_atomically(target, lambda out: shutil.copyfileobj(source, out, CHUNK_BYTES))
        return key

    def open(self, bucket: str, key: str, mode: str = "r"):
        path = self.path_of(bucket, key)
        return open(path, "rb") if mode == "rb" else open(path, encoding="utf-8", newline="")


def save_atomically(target: str, write: Callable[[io.BufferedIOBase], None]) -> None:
    """Runs ``write`` into a temporary file beside ``target`` (a name starting with ``.``, which the server's datasets
    skip too) and renames it to ``target`` once complete; on any failure the temporary file is removed."""
    folder = os.path.dirname(os.path.abspath(target))
    temporary = os.path.join(folder, f".{os.path.basename(target)}.{secrets.token_hex(6)}.part")
    # O_EXCL: never write through a file or link someone else put there; 0o666 so the umask applies as for open().
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def copy_body(response: StreamedResponse, out) -> int:
    """Copies a streamed answer into ``out`` in blocks; :class:`TransferInterruptedError` when it ends short of its
    ``Content-Length`` or the connection breaks."""
    body = _CheckedBody(response)
    buffer = bytearray(CHUNK_BYTES)
    view = memoryview(buffer)
    copied = 0
    while True:
        n = body.readinto(view)
        if not n:
            return copied
        out.write(view[:n])
        copied += n


class _CheckedBody(io.RawIOBase):
    """A streamed answer's body that fails loudly when it stops short (``http.client`` returns a short read as the
    end) instead of passing a truncated file off as whole."""

    def __init__(self, response: StreamedResponse):
        super().__init__()
        self._response = response
        self._expected = response.length
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        try:
            n = self._response.raw.readinto(b)
        except (OSError, http.client.HTTPException) as failure:
            raise self._interrupted(f"{type(failure).__name__}: {failure}") from failure
        if n == 0 and len(b) and self._expected is not None and self._read < self._expected:
            raise self._interrupted("the connection closed early")
        self._read += n
        return n

    def close(self):
        if not self.closed:
            self._response.close()
        super().close()

    def _interrupted(self, why: str) -> TransferInterruptedError:
        of = f" of {self._expected}" if self._expected is not None else ""
        return TransferInterruptedError(
            f"{self._response.method} {self._response.target} stopped after {self._read}{of} bytes ({why}); "
            "nothing was kept. Try again.")


def _key_for(local_file: str, key: str) -> str:
    return key + os.path.basename(local_file) if key == "" or key.endswith("/") else key


def _list_path(bucket: str) -> str:
    return f"api/v1/buckets/{urllib.parse.quote(bucket, safe='')}/objects"


def _object_path(bucket: str, key: str) -> str:
    # Each segment escaped on its own, so '/' still separates folders (as the .NET client does).
    return _list_path(bucket) + "/" + "/".join(urllib.parse.quote(part, safe="") for part in key.split("/"))

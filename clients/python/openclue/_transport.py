"""Signed requests below ``/api/v1`` and ``/nsml/v1`` with retries, on the standard library's ``urllib``: JSON calls,
and streamed ones for objects (the body is sent and read in blocks, never held whole)."""

import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Callable, Optional

from .errors import ApiError, ConfigurationError, ServerUnreachableError, api_error

ACCESS_KEY_HEADER = "x-ncp-iam-access-key"
TIMESTAMP_HEADER = "x-ncp-apigw-timestamp"
SIGNATURE_HEADER = "x-ncp-apigw-signature-v2"

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def sign(method: str, target: str, timestamp: str, access_key: str, secret_key: str) -> str:
    """NCP signature v2: Base64(HMAC-SHA256(secret, "METHOD target\\ntimestamp\\naccess_key")); ``target`` is the
    path with its query exactly as sent."""
    message = f"{method.upper()} {target}\n{timestamp}\n{access_key}".encode("utf-8")
    return base64.b64encode(hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).digest()).decode("ascii")


def api_root(endpoint: str) -> str:
    """The root ``api/v1/...`` and ``nsml/v1/...`` resolve against; a pasted ``.../api/v1`` or ``.../nsml/v1`` suffix
    is dropped (as the CLI does)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(f"The endpoint '{endpoint}' is not an http:// or https:// URL.")
    path = parts.path.rstrip("/")
    for suffix in ("/api/v1", "/nsml/v1"):
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class RetryPolicy:
    """429 and 503 are retried on every call (the server did no work); connection failures only on idempotent
    calls, or when the connection was refused (nothing was sent). Exponential backoff with full jitter, capped,
    and ``Retry-After`` when the server sends one."""

    def __init__(self, attempts: int = 4, base_delay: float = 0.5, max_delay: float = 20.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.attempts = max(1, attempts)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep

    def delay(self, attempt: int, retry_after: Optional[float]) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        return random.uniform(0, min(self.max_delay, self.base_delay * (2 ** attempt)))


class Response:
    def __init__(self, status: int, headers, body: bytes, retried: bool):
        self.status = status
        self.headers = headers
        self.body = body
        self.retried = retried

    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else None


class Transport:
    def __init__(self, endpoint: str, access_key: Optional[str], secret_key: Optional[str],
                 timeout: float = 60.0, retry: Optional[RetryPolicy] = None, user_agent: str = "openclue-python"):
        self.endpoint = endpoint
        self.root = api_root(endpoint)
        self.access_key = access_key
        self.secret_key = secret_key
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.user_agent = user_agent
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method: str, path: str, query: Optional[dict] = None, body=None,
                accept: str = "application/json") -> Response:
        """Sends ``method path`` (``path`` below the root, e.g. ``api/v1/features`` or ``nsml/v1/projects``) and returns the successful
        response; raises :class:`ApiError` for an error answer and :class:`ServerUnreachableError` when no
        answer came. ``Response.retried`` says whether an earlier attempt may have reached the server."""
        data = json.dumps(body).encode("utf-8") if body is not None else None
        return self._exchange(method, path, query, None if data is None else _Body(data, "application/json"), accept, stream=False)

    def open(self, method: str, path: str, query: Optional[dict] = None, upload: Optional["Upload"] = None,
             accept: str = "application/octet-stream") -> "StreamedResponse":
        """Like :meth:`request`, but the successful response's body is left unread for the caller to stream (and close),
        and ``upload`` streams a file as the request body. Retries happen only before the body of the answer is read."""
        return self._exchange(method, path, query, upload, accept, stream=True)

    def _exchange(self, method: str, path: str, query: Optional[dict], body: Optional["_Body"], accept: str, stream: bool):
        if not self.access_key or not self.secret_key:
            raise ConfigurationError(
                "No access key: pass Client(endpoint, access_key, secret_key), set OPENCLUE_ACCESS_KEY and "
                "OPENCLUE_SECRET_KEY, or run `openclue configure` (the server prints its bootstrap key at first start).")
        method = method.upper()
        url = self.root + "/" + path.lstrip("/")
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        # The signed target is the path and query exactly as urllib sends them on the request line.
        target = urllib.request.Request(url).selector
        retried = False
        for attempt in range(self.retry.attempts):
            last = attempt == self.retry.attempts - 1
            try:
                status, headers, payload = self._send(method, url, target, body, accept, stream)
            except _Unreachable as failure:
                if last or not (method in IDEMPOTENT or failure.refused):
                    raise ServerUnreachableError(self.endpoint, failure.reason, failure.lost) from failure.cause
                # A refused connection sent nothing; any other failure may have reached the server.
                retried = retried or not failure.refused
                self.retry.sleep(self.retry.delay(attempt, None))
                continue
            if status in (429, 503) and not last:
                retried = True
                self.retry.sleep(self.retry.delay(attempt, _retry_after(headers.get("Retry-After"))))
                continue
            if status >= 400:
                error = _error(status, headers, payload, method, target)
                # A create answered "duplicate" after a retry may be the first attempt's own success.
                error.after_retry = retried
                raise error
            if stream:
                return StreamedResponse(status, headers, payload, retried, method, target)
            return Response(status, headers, payload, retried)
        raise AssertionError("unreachable")

    def _send(self, method: str, url: str, target: str, body: Optional["_Body"], accept: str, stream: bool):
        """(status, headers, payload): the payload is the body's bytes, except for a successful streamed call, where it
        is the open response."""
        timestamp = str(int(time.time() * 1000))
        request = urllib.request.Request(url, data=body.rewound() if body else None, method=method)
        request.add_header(TIMESTAMP_HEADER, timestamp)
        request.add_header(ACCESS_KEY_HEADER, self.access_key)
        request.add_header(SIGNATURE_HEADER, sign(method, target, timestamp, self.access_key, self.secret_key))
        request.add_header("Accept", accept)
        request.add_header("User-Agent", self.user_agent)
        if body is not None:
            request.add_header("Content-Type", body.content_type)
            request.add_header("Content-Length", str(body.length))
        try:
            response = self._opener.open(request, timeout=self.timeout)
            if stream:
                return response.status, response.headers, response
            with response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as answer:
            with answer:
                return answer.code, answer.headers, answer.read()
        except urllib.error.URLError as failure:
            raise _Unreachable(failure.reason) from failure
        except (ConnectionError, socket.timeout, TimeoutError) as failure:
            raise _Unreachable(failure) from failure


class _Body:
    """A request body and how to send it again on a retry."""

    def __init__(self, data, content_type: str, length: Optional[int] = None):
        self.data = data
        self.content_type = content_type
        self.length = len(data) if length is None else length

    def rewound(self):
        return self.data


class Upload(_Body):
    """A binary file streamed as the body (``http.client`` sends it in blocks; it is never read whole), from its
    current position to its end; a retry starts it again from there."""

    def __init__(self, file, content_type: str = "application/octet-stream"):
        self.start = file.tell()
        super().__init__(file, content_type, os.fstat(file.fileno()).st_size - self.start)

    def rewound(self):
        self.data.seek(self.start)
        return self.data


class StreamedResponse:
    """A successful answer whose body is read by the caller (``read(n)``, ``readinto``); close it, or use ``with``."""

    def __init__(self, status: int, headers, raw, retried: bool, method: str, target: str):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.retried = retried
        self.method = method
        self.target = target

    @property
    def length(self) -> Optional[int]:
        value = self.headers.get("Content-Length")
        return int(value) if value and value.isdigit() else None

    def json(self):
        with self.raw:
            payload = self.raw.read()
        return json.loads(payload.decode("utf-8")) if payload else None

    def close(self):
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would be followed unsigned for the new path; the API never redirects, so report it instead.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _Unreachable(Exception):
    def __init__(self, cause):
        super().__init__(str(cause))
        self.cause = cause if isinstance(cause, BaseException) else None
        self.refused = isinstance(cause, ConnectionRefusedError)
        # Reset, broken pipe, closed without an answer: the server was reached, so the request may have run.
        self.lost = isinstance(cause, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, http.client.RemoteDisconnected))
        if isinstance(cause, ConnectionRefusedError):
            self.reason = "connection refused"
        elif isinstance(cause, socket.gaierror):
            self.reason = "unknown host"
        elif isinstance(cause, (socket.timeout, TimeoutError)):
            self.reason = "timed out"
        else:
            self.reason = str(cause)


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _error(status: int, headers, payload: bytes, method: str, target: str) -> ApiError:
    request_id = headers.get("X-Request-Id")
    text = payload.decode("utf-8", errors="replace")
    try:
        error = json.loads(text).get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        return api_error(status, str(error.get("errorCode") or status), error.get("message") or "",
                         error.get("details"), error.get("request_id") or request_id, method, target)
    # Not our error body (a proxy's page): keep the status and an excerpt.
    excerpt = text if len(text) <= 300 else text[:300] + "…"
    return api_error(status, str(status), "", excerpt or None, request_id, method, target)

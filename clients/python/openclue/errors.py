"""Exceptions. Every error the server answers carries NCLUE's code (``10102``), message (``DUPLICATE_NAME``),
a sentence (``details``) and the request id to quote when asking the operator."""

from typing import Optional


class OpenClueError(Exception):
    """Base class of every error this package raises."""


class ConfigurationError(OpenClueError):
    """No key, an unknown profile, an endpoint that is not a URL."""


class ServerUnreachableError(OpenClueError, ConnectionError):
    """The server did not answer (refused, unknown host, timed out, or the connection broke before the answer), after
    the retries. ``connection_lost`` says the server was reached and the connection then broke, so the request may have
    been carried out."""

    def __init__(self, endpoint: str, reason: str, connection_lost: bool = False):
        if connection_lost:
            message = (f"The connection to the OpenClue server at {endpoint} broke before its answer arrived ({reason}); "
                       "the request may or may not have been carried out: check (get or list the resource) before sending it again.")
        else:
            message = (f"Cannot reach the OpenClue server at {endpoint} ({reason}). Is it running? Point the client elsewhere "
                       "with Client(endpoint=...), OPENCLUE_ENDPOINT or `openclue configure --endpoint URL`.")
        super().__init__(message)
        self.endpoint = endpoint
        self.reason = reason
        self.connection_lost = connection_lost


class ApiError(OpenClueError):
    """The server refused the request with an NCLUE error body (D5); NSML's errors have the same body with codes of
    their own (N7: ``20110`` NOT_FOUND, ``20111`` INVALID_PARAMETER, ``20112`` DUPLICATE_NAME, ``20113`` NOT_ACCEPTABLE)."""

    def __init__(self, status: int, code: str, message: str, details: Optional[str], request_id: Optional[str],
                 method: str = "", path: str = ""):
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id
        self.method = method
        self.path = path
        text = f"{status} {code} {message}"
        if details:
            text += f": {details}"
        if request_id:
            text += f" (request id {request_id})"
        super().__init__(text)


class AuthenticationError(ApiError):
    """401 10100: unknown or revoked key, wrong secret, or a clock more than 5 minutes off."""


class NotFoundError(ApiError):
    """404: an unknown id (10110) or a missing bucket path (10106-10108)."""


class ConflictError(ApiError):
    """409: a duplicate name (10102), a resource in the wrong state (10112), not ready (10113), model mismatch (10115);
    NSML's 406 (20113): a run or project whose state forbids the call."""


class DuplicateNameError(ConflictError):
    """A resource with this name exists: NCLUE's 409 10102, NSML's 400 20112."""


class InvalidRequestError(ApiError):
    """400 or 422: a field the server refused; ``details`` names it."""


class RateLimitedError(ApiError):
    """429 10114, after the retries."""


class ServerError(ApiError):
    """5xx, after the retries for 503."""


class TransferInterruptedError(OpenClueError, ConnectionError):
    """An object's bytes stopped coming (or going) part way, after the server had answered: the connection broke or
    closed early, after the download's retries. A download left nothing behind."""


class JobFailedError(OpenClueError):
    """A job ended ``failed``. ``fail_message`` is NCLUE's documented code; ``fail_details`` says why, when known."""

    def __init__(self, resource):
        self.resource = resource
        self.fail_message = resource.fail_message
        self.fail_details = getattr(resource, "fail_details", None)
        text = f"{type(resource).__name__.lower()} {resource.id} ('{resource.name}') failed with {self.fail_message}"
        if self.fail_details:
            text += f": {self.fail_details}"
        super().__init__(text)


class WaitTimeoutError(OpenClueError, TimeoutError):
    """``wait(timeout=...)`` ran out; the job keeps running on the server."""


def api_error(status: int, code: str, message: str, details, request_id, method="", path="") -> ApiError:
    """The most specific :class:`ApiError` subclass for the status and code."""
    if status == 401:
        kind = AuthenticationError
    elif status == 404:
        kind = NotFoundError
    elif code in ("10102", "20112"):
        kind = DuplicateNameError
    elif status in (406, 409):
        kind = ConflictError
    elif status in (400, 413, 422):
        kind = InvalidRequestError
    elif status == 429:
        kind = RateLimitedError
    elif status >= 500:
        kind = ServerError
    else:
        kind = ApiError
    return kind(status, code, message, details, request_id, method, path)

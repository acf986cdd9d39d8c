"""Python client for OpenClue and NAVER Cloud NCLUE.

    from openclue import Client
    c = Client()                      # endpoint and keys from ~/.openclue/config or OPENCLUE_* variables
    feature = c.features.create("demo", "demo", "seq.tsv").wait()
"""

from ._transport import RetryPolicy, sign
from .client import Client
from .errors import (ApiError, AuthenticationError, ConfigurationError, ConflictError, DuplicateNameError,
                     InvalidRequestError, JobFailedError, NotFoundError, OpenClueError, RateLimitedError,
                     ServerError, ServerUnreachableError, WaitTimeoutError)
from .resources import Feature, Model, Page, Report, RocPoint, Task, TaskRun, WeightedTerm
from .dataframes import read_scores

__version__ = "0.1.0"

__all__ = [
    "Client", "RetryPolicy", "sign", "read_scores",
    "Feature", "Task", "TaskRun", "Model", "Report", "RocPoint", "WeightedTerm", "Page",
    "OpenClueError", "ConfigurationError", "ServerUnreachableError", "ApiError", "AuthenticationError",
    "NotFoundError", "ConflictError", "DuplicateNameError", "InvalidRequestError", "RateLimitedError",
    "ServerError", "JobFailedError", "WaitTimeoutError",
]

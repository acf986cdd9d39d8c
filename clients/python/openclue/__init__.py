"""Python client for OpenClue and NAVER Cloud NCLUE.

    from openclue import Client
    c = Client()                      # endpoint and keys from ~/.openclue/config or OPENCLUE_* variables
    feature = c.features.create("demo", "demo", "seq.tsv").wait()
    run = c.nsml.runs.create(c.nsml.projects.create("demo").id, "python train.py").wait()
"""

from ._transport import RetryPolicy, sign
from .client import Client
from .errors import (ApiError, AuthenticationError, ConfigurationError, ConflictError, DuplicateNameError,
                     InvalidRequestError, JobFailedError, NotFoundError, OpenClueError, RateLimitedError,
                     ServerError, ServerUnreachableError, TransferInterruptedError, WaitTimeoutError)
from .resources import (CustomAttributes, Feature, Model, Page, Report, RocPoint, ShoppingIntent, Task, TaskRun,
                        WeightedTerm)
from .buckets import Buckets, ObjectInfo
from .nsml import AuthKey, LogChunk, Node, Project, Run, ServerProduct
from .dataframes import read_scores

__version__ = "0.1.0"

__all__ = [
    "Client", "RetryPolicy", "sign", "read_scores",
    "Feature", "Task", "TaskRun", "Model", "Report", "RocPoint", "WeightedTerm", "Page",
    "CustomAttributes", "ShoppingIntent", "Project", "Run", "Node", "ServerProduct", "AuthKey", "LogChunk",
    "OpenClueError", "ConfigurationError", "ServerUnreachableError", "ApiError", "AuthenticationError",
    "NotFoundError", "ConflictError", "DuplicateNameError", "InvalidRequestError", "RateLimitedError",
    "ServerError", "JobFailedError", "WaitTimeoutError", "TransferInterruptedError", "Buckets", "ObjectInfo",
]

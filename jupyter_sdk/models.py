"""The REST models users touch, generated from the OpenAPI spec (``jupyter_server_rest``).

Attrs classes with typed fields; ``to_dict()`` gives the JSON the server speaks.
"""

from jupyter_server_rest.models import (
    APIStatus,
    APIVersion,
    Checkpoint,
    Contents,
    ContentsFormat,
    ContentsSave,
    ContentsType,
    EventEmit,
    Identity,
    IdentityUpdate,
    JSONObject,
    Kernel,
    KernelSpec,
    KernelSpecs,
    Notebook,
    Permissions,
    Session,
    Terminal,
)
from jupyter_server_rest.types import UNSET, Unset

__all__ = [
    "APIStatus",
    "APIVersion",
    "Checkpoint",
    "Contents",
    "ContentsFormat",
    "ContentsSave",
    "ContentsType",
    "EventEmit",
    "Identity",
    "IdentityUpdate",
    "JSONObject",
    "Kernel",
    "KernelSpec",
    "KernelSpecs",
    "Notebook",
    "Permissions",
    "Session",
    "Terminal",
    "UNSET",
    "Unset",
]

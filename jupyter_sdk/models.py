"""The REST models users touch, generated from the OpenAPI spec (``jupyter_server_rest``).

Attrs classes with typed fields; ``to_dict()`` gives the JSON the server speaks.
Imported on first use of a name (``import jupyter_sdk`` does not load them).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
else:
    # Imported on first use: the generated models take a third of ``import jupyter_sdk``.
    _LAZY = frozenset(
        {
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
        }
    )

    def __getattr__(name: str) -> object:
        if name in ("UNSET", "Unset"):
            from jupyter_server_rest import types as source
        elif name in _LAZY:
            from jupyter_server_rest import models as source
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(source, name)
        globals()[name] = value
        return value


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

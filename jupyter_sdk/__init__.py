"""jupyter_sdk: the typed Python SDK for Jupyter Server."""

from .errors import *  # noqa: F403
from .errors import __all__ as _errors_all
from .local import LocalServer, local_server
from .settings import PollingPolicy, ReconnectPolicy, ServerSettings

__all__ = sorted(
    [*_errors_all, "LocalServer", "PollingPolicy", "ReconnectPolicy", "ServerSettings", "local_server"]
)

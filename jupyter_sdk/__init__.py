"""jupyter_sdk: the typed Python SDK for Jupyter Server.

Async first (``async with KernelManager(settings) as kernels: ...``); the same objects
in blocking form live in :mod:`jupyter_sdk.sync`.

The notebook runner, the JupyterHub client and the local server are imported on first
use of their names (PEP 562 ``__getattr__``): most callers use none of them. Type
checkers see plain imports (the ``TYPE_CHECKING`` block).
"""

from typing import TYPE_CHECKING

from . import models as models  # (its generated models load on first use)
from .backends import ServerInfo
from .config import ConfigSection, ConfigWithDefaults
from .contents import ContentsManager, Drive, FileChange, FileRef
from .errors import (
    AuthenticationError,
    BadRequestError,
    CellNotFoundError,
    ConflictError,
    ConnectionClosedError,
    ConnectionReplacedError,
    DocumentClosedError,
    DocumentError,
    DocumentGoneError,
    DocumentSessionError,
    ExecutionError,
    ExecutionTimeoutError,
    ForbiddenError,
    InsecureConnectionWarning,
    InvalidPathError,
    IOPubRateLimitWarning,
    JupyterError,
    JupyterWarning,
    KernelDeadError,
    KernelError,
    KernelRestartedError,
    MessageTooLargeError,
    NetworkError,
    NotFoundError,
    ProtocolError,
    RequestTimeoutError,
    ResponseError,
    ServerError,
    ServerNotRunningError,
    TLSError,
    UnsupportedError,
    UnsupportedLanguageError,
)
from .events import Event, EventManager, EventSubscription
from .kernels import (
    Comm,
    ConnectionStatus,
    InputHandler,
    KernelConnection,
    KernelFuture,
    KernelManager,
    KernelStatus,
    MessageHook,
)
from .kernelspecs import KernelSpecManager
from .lab import (
    BuildManager,
    BuildStatus,
    PluginSettings,
    SettingManager,
    Workspace,
    WorkspaceManager,
)
from .nbconvert import NbConvertManager
from .outputs import ExecutionResult, Output
from .server import ServerAPI
from .service_manager import ServiceManager
from .sessions import ChangedArgs, KernelRef, SessionConnection, SessionManager
from .settings import PollingPolicy, ReconnectPolicy, ServerSettings
from .signal import Signal
from .terminals import TerminalConnection, TerminalManager, TerminalMessage
from .user import UserManager

if TYPE_CHECKING:
    from .documents import Collaborator, DocumentManager, LiveCell, LiveFile, LiveNotebook
    from .hub import HubClient
    from .local import LocalServer, local_server
    from .notebook import (
        CellReport,
        NotebookRun,
        injected_parameters,
        run_notebook,
        run_notebooks,
    )
    from .session_context import KernelDisplayStatus, KernelPreference, SessionContext

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "BuildManager",
    "BuildStatus",
    "CellNotFoundError",
    "CellReport",
    "ChangedArgs",
    "Collaborator",
    "Comm",
    "ConfigSection",
    "ConfigWithDefaults",
    "ConflictError",
    "ConnectionClosedError",
    "ConnectionReplacedError",
    "ConnectionStatus",
    "ContentsManager",
    "DocumentClosedError",
    "DocumentError",
    "DocumentGoneError",
    "DocumentManager",
    "DocumentSessionError",
    "Drive",
    "Event",
    "EventManager",
    "EventSubscription",
    "ExecutionError",
    "ExecutionResult",
    "ExecutionTimeoutError",
    "FileChange",
    "FileRef",
    "ForbiddenError",
    "HubClient",
    "IOPubRateLimitWarning",
    "InputHandler",
    "InsecureConnectionWarning",
    "InvalidPathError",
    "JupyterError",
    "JupyterWarning",
    "KernelConnection",
    "KernelDeadError",
    "KernelDisplayStatus",
    "KernelError",
    "KernelFuture",
    "KernelManager",
    "KernelPreference",
    "KernelRef",
    "KernelRestartedError",
    "KernelSpecManager",
    "KernelStatus",
    "LiveCell",
    "LiveFile",
    "LiveNotebook",
    "LocalServer",
    "MessageHook",
    "MessageTooLargeError",
    "NbConvertManager",
    "NetworkError",
    "NotFoundError",
    "NotebookRun",
    "Output",
    "PluginSettings",
    "PollingPolicy",
    "ProtocolError",
    "ReconnectPolicy",
    "RequestTimeoutError",
    "ResponseError",
    "ServerAPI",
    "ServerError",
    "ServerInfo",
    "ServerNotRunningError",
    "ServerSettings",
    "ServiceManager",
    "SessionConnection",
    "SessionContext",
    "SessionManager",
    "SettingManager",
    "Signal",
    "TLSError",
    "TerminalConnection",
    "TerminalManager",
    "TerminalMessage",
    "UnsupportedError",
    "UnsupportedLanguageError",
    "UserManager",
    "Workspace",
    "WorkspaceManager",
    "injected_parameters",
    "local_server",
    "run_notebook",
    "run_notebooks",
]

# Public name -> the module (under jupyter_sdk) it is imported from on first use.
_LAZY = {
    "CellReport": "notebook",
    "Collaborator": "documents",
    "DocumentManager": "documents",
    "LiveCell": "documents",
    "LiveFile": "documents",
    "LiveNotebook": "documents",
    "injected_parameters": "notebook",
    "HubClient": "hub",
    "KernelDisplayStatus": "session_context",
    "KernelPreference": "session_context",
    "LocalServer": "local",
    "NotebookRun": "notebook",
    "SessionContext": "session_context",
    "local_server": "local",
    "run_notebook": "notebook",
    "run_notebooks": "notebook",
}
_LAZY_MODULES = frozenset(_LAZY.values())

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        import importlib

        if name in _LAZY_MODULES:  # ``jupyter_sdk.local.free_port`` as before
            return importlib.import_module(f"{__name__}.{name}")
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))

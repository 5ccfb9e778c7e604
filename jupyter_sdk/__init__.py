"""jupyter_sdk: the typed Python SDK for Jupyter Server.

Async first (``async with KernelManager(settings) as kernels: ...``); the same objects
in blocking form live in :mod:`jupyter_sdk.sync`.
"""

from .backends import ServerInfo
from .config import ConfigSection, ConfigWithDefaults
from .contents import ContentsManager, Drive, FileChange, FileRef
from .errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConnectionClosedError,
    ConnectionReplacedError,
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
from .hub import HubClient
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
from .local import LocalServer, local_server
from .nbconvert import NbConvertManager
from .notebook import CellReport, NotebookRun, injected_parameters, run_notebook, run_notebooks
from .outputs import ExecutionResult, Output
from .server import ServerAPI
from .service_manager import ServiceManager
from .session_context import KernelDisplayStatus, KernelPreference, SessionContext
from .sessions import ChangedArgs, KernelRef, SessionConnection, SessionManager
from .settings import PollingPolicy, ReconnectPolicy, ServerSettings
from .signal import Signal
from .terminals import TerminalConnection, TerminalManager, TerminalMessage
from .user import UserManager

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "CellReport",
    "ChangedArgs",
    "Comm",
    "ConfigSection",
    "ConfigWithDefaults",
    "ConflictError",
    "ConnectionClosedError",
    "ConnectionReplacedError",
    "ConnectionStatus",
    "ContentsManager",
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
    "LocalServer",
    "MessageHook",
    "MessageTooLargeError",
    "NbConvertManager",
    "NetworkError",
    "NotFoundError",
    "NotebookRun",
    "Output",
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
    "Signal",
    "TLSError",
    "TerminalConnection",
    "TerminalManager",
    "TerminalMessage",
    "UnsupportedError",
    "UnsupportedLanguageError",
    "UserManager",
    "injected_parameters",
    "local_server",
    "run_notebook",
    "run_notebooks",
]

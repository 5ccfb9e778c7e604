"""jupyter_sdk: the typed Python SDK for Jupyter Server.

Async first (``async with KernelManager(settings) as kernels: ...``); the same objects
in blocking form live in :mod:`jupyter_sdk.sync`.
"""

from .backends import ServerInfo
from .config import ConfigSection, ConfigWithDefaults
from .contents import ContentsManager, Drive, FileChange, FileRef
from .documents import Collaborator, DocumentManager, LiveCell, LiveFile, LiveNotebook
from .errors import (
    AuthenticationError,
    BadRequestError,
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
from .lab import (
    BuildManager,
    BuildStatus,
    PluginSettings,
    SettingManager,
    Workspace,
    WorkspaceManager,
)
from .local import LocalServer, local_server
from .nbconvert import NbConvertManager
from .notebook import CellReport, NotebookRun, run_notebook, run_notebooks
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
    "BuildManager",
    "BuildStatus",
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
    "local_server",
    "run_notebook",
    "run_notebooks",
]

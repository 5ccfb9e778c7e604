"""The blocking API: the same objects as :mod:`jupyter_sdk`, driven through one event loop
in a background thread (anyio's blocking portal). Same names, no second implementation::

    from jupyter_sdk.sync import KernelManager

    with KernelManager(settings) as kernels:
        kernel = kernels.start_new("python3")
        print(kernel.execute("1 + 1").text)

Callbacks and signal handlers run on that loop's thread; calling the blocking API from
one raises ``RuntimeError`` instead of deadlocking. Ctrl-C cancels the wait.
"""

from .documents import DocumentManager, LiveCell, LiveFile, LiveNotebook
from .hub import HubClient
from .kernels import Comm, KernelConnection, KernelFuture, KernelManager
from .local import local_server
from .notebook import run_notebook, run_notebooks
from .service_manager import ServiceManager
from .services import (
    BuildManager,
    ConfigSection,
    ConfigWithDefaults,
    ContentsManager,
    EventManager,
    EventSubscription,
    NbConvertManager,
    ServerAPI,
    SettingManager,
    UserManager,
    WorkspaceManager,
)
from .sessions import KernelSpecManager, SessionConnection, SessionContext, SessionManager
from .terminals import TerminalConnection, TerminalManager

__all__ = [
    "BuildManager",
    "Comm",
    "ConfigSection",
    "ConfigWithDefaults",
    "ContentsManager",
    "DocumentManager",
    "EventManager",
    "EventSubscription",
    "HubClient",
    "KernelConnection",
    "KernelFuture",
    "KernelManager",
    "KernelSpecManager",
    "LiveCell",
    "LiveFile",
    "LiveNotebook",
    "NbConvertManager",
    "ServerAPI",
    "ServiceManager",
    "SessionConnection",
    "SessionContext",
    "SessionManager",
    "SettingManager",
    "TerminalConnection",
    "TerminalManager",
    "UserManager",
    "WorkspaceManager",
    "local_server",
    "run_notebook",
    "run_notebooks",
]

"""Blocking twin of :class:`jupyter_sdk.ServiceManager`: the blocking managers wrap the
async service manager's own managers (one HTTP client, one set of connections)."""

from __future__ import annotations

from typing import TypeVar

from .. import service_manager as _sm
from ..errors import JupyterError
from ..settings import ServerSettings
from ..signal import Signal
from ._portal import call, run_sync
from .kernels import KernelManager
from .services import (
    BuildManager,
    ConfigSection,
    ContentsManager,
    EventManager,
    NbConvertManager,
    ServerAPI,
    SettingManager,
    UserManager,
    WorkspaceManager,
)
from .sessions import KernelSpecManager, SessionManager
from .terminals import TerminalManager

__all__ = ["ServiceManager"]

W = TypeVar("W")


def _wrap(cls: type[W], aio: object) -> W:
    """A blocking twin around an existing async object (no second instance)."""
    twin = cls.__new__(cls)
    twin.__dict__["aio"] = aio  # every twin keeps its async object as .aio
    return twin


class ServiceManager:
    """All services of one server, blocking: ``with ServiceManager(settings) as services:``."""

    def __init__(self, settings: ServerSettings, *, poll: bool = True) -> None:
        self.aio = run_sync(lambda: _sm.ServiceManager(settings, poll=poll))
        self.kernels = _wrap(KernelManager, self.aio.kernels)
        self.kernelspecs = _wrap(KernelSpecManager, self.aio.kernelspecs)
        self.sessions = _wrap(SessionManager, self.aio.sessions)
        self.contents = _wrap(ContentsManager, self.aio.contents)
        self.terminals = _wrap(TerminalManager, self.aio.terminals)
        self.events = _wrap(EventManager, self.aio.events)
        self.user = _wrap(UserManager, self.aio.user)
        self.nbconvert = _wrap(NbConvertManager, self.aio.nbconvert)
        self.server = _wrap(ServerAPI, self.aio.server)
        self.lab_settings = _wrap(SettingManager, self.aio.lab_settings)
        self.workspaces = _wrap(WorkspaceManager, self.aio.workspaces)
        self.builder = _wrap(BuildManager, self.aio.builder)

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> ServiceManager:
        call(self.aio.__aenter__)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def connection_failure(self) -> Signal[JupyterError]:
        """Emitted with the error when any manager's poll fails."""
        return self.aio.connection_failure

    def config(self, section: str) -> ConfigSection:
        """The config section ``section``."""
        return ConfigSection(call(self.aio.config, section))

    def server_info(self) -> _sm.ServerInfo:
        """Which server this is and which services it offers."""
        return call(self.aio.server_info)

    def close(self) -> None:
        """Close every manager and the HTTP client."""
        call(self.aio.close)

"""ServiceManager: every service of one server, sharing one HTTP client.

Ownership: the service manager owns its managers (and through them their connections
and polling) and the shared REST client; leaving ``async with`` closes all of them.
Kernels, sessions and terminals keep running on the server unless shut down.
"""

from __future__ import annotations

import contextlib

from . import errors
from ._rest import Rest
from .backends import Backend, ServerInfo, detect_backend
from .config import ConfigSection
from .contents import ContentsManager
from .documents import DocumentManager
from .events import EventManager
from .kernels import KernelManager
from .kernelspecs import KernelSpecManager
from .lab import BuildManager, SettingManager, WorkspaceManager
from .nbconvert import NbConvertManager
from .server import ServerAPI
from .sessions import SessionManager
from .settings import ServerSettings
from .signal import Signal
from .terminals import TerminalManager
from .user import UserManager

__all__ = ["Backend", "ServerInfo", "ServiceManager"]


class ServiceManager:
    """All services of one server: ``async with ServiceManager(settings) as services:``.

    Attributes:
        kernels: :class:`KernelManager`.
        kernelspecs: :class:`KernelSpecManager`.
        sessions: :class:`SessionManager` (on ``kernels``).
        contents: :class:`ContentsManager`.
        terminals: :class:`TerminalManager`.
        events: :class:`EventManager`.
        user: :class:`UserManager`.
        nbconvert: :class:`NbConvertManager`.
        server: :class:`ServerAPI` (status, version, spec, shutdown).
        documents: :class:`DocumentManager` (shared documents, with jupyter-collaboration).
        lab_settings: :class:`SettingManager`: JupyterLab's plugin settings.
        workspaces: :class:`WorkspaceManager`: JupyterLab's workspaces.
        builder: :class:`BuildManager`: the JupyterLab application build.
            These three raise ``UnsupportedError`` on a server without JupyterLab.
        settings (ServerSettings): The server.
        connection_failure: Emitted with the error when ``kernels``, ``kernelspecs``,
            ``sessions`` or ``terminals`` fails to fetch its list (while polling or in an
            explicit refresh): their ``connection_failure``, relayed.
    """

    def __init__(self, settings: ServerSettings, *, poll: bool = True) -> None:
        self.settings = settings
        self._rest = Rest(settings)
        self.kernels = KernelManager(settings, poll=poll, rest=self._rest)
        self.kernelspecs = KernelSpecManager(settings, poll=poll, rest=self._rest)
        self.sessions = SessionManager(settings, kernels=self.kernels, poll=poll, rest=self._rest)
        self.contents = ContentsManager(settings, rest=self._rest)
        self.terminals = TerminalManager(settings, poll=poll, rest=self._rest)
        self.events = EventManager(settings, rest=self._rest)
        self.user = UserManager(settings, rest=self._rest)
        self.nbconvert = NbConvertManager(settings, rest=self._rest)
        self.server = ServerAPI(settings, rest=self._rest)
        self.documents = DocumentManager(settings, rest=self._rest, sessions=self.sessions)
        self.lab_settings = SettingManager(settings, rest=self._rest)
        self.workspaces = WorkspaceManager(settings, rest=self._rest)
        self.builder = BuildManager(settings, rest=self._rest)
        self.connection_failure: Signal[errors.JupyterError] = Signal("connection_failure")
        for manager in (self.kernels, self.kernelspecs, self.sessions, self.terminals):
            manager.connection_failure.connect(self.connection_failure.emit)
        self._ready = False
        self._closed = False

    def __repr__(self) -> str:
        return f"<ServiceManager {self.settings.base_url}>"

    @property
    def is_ready(self) -> bool:
        """Whether :meth:`ready` has completed."""
        return self._ready

    async def ready(self) -> None:
        """Fetch the first running lists and kernelspecs and start polling."""
        if self._ready:
            return
        await self.kernelspecs.__aenter__()
        await self.kernels.__aenter__()
        await self.sessions.__aenter__()
        with contextlib.suppress(errors.NotFoundError, errors.UnsupportedError):
            # Terminals are optional on a server (and absent on gateways).
            if await self.terminals.is_available():
                await self.terminals.__aenter__()
        self._ready = True

    async def __aenter__(self) -> ServiceManager:
        try:
            await self.ready()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close every manager (their connections and polling) and the HTTP client."""
        if self._closed:
            return
        self._closed = True
        await self.documents.close()
        for manager in (
            self.sessions,
            self.kernels,
            self.kernelspecs,
            self.terminals,
            self.events,
            self.contents,
            self.user,
            self.nbconvert,
            self.server,
            self.lab_settings,
            self.workspaces,
            self.builder,
        ):
            await manager.close()
        await self._rest.aclose()

    async def config(self, section: str) -> ConfigSection:
        """The config section ``section`` (``GET /api/config/{section}``)."""
        return await ConfigSection.create(section, self.settings, rest=self._rest)

    async def server_info(self) -> ServerInfo:
        """Which server this is (Jupyter Server, a JupyterHub user server, Kernel Gateway or
        Enterprise Gateway) and which services it offers (:mod:`jupyter_sdk.backends`).

        From then on, the managers of services it lacks raise ``UnsupportedError``.
        """
        return await detect_backend(self._rest)

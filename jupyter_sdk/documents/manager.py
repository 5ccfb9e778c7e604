"""DocumentManager: open the shared documents of a server with jupyter-collaboration.

Ownership: the manager owns the live documents it opened (closing it closes them) and
the session connections it made to run cells; kernels keep running on the server.
"""

from __future__ import annotations

import contextlib
import logging
import posixpath
from collections.abc import AsyncIterator
from typing import Any, Literal

from pycrdt import Doc

from .. import errors
from .._rest import Rest
from .._service import RestService
from ..backends import DOCUMENTS_PROBE, EXECUTION_PROBE
from ..kernels import KernelConnection
from ..paths import check_path
from ..sessions import SessionConnection, SessionManager
from ..settings import ServerSettings
from ..signal import Signal
from .file import LiveFile
from .notebook import Execution, LiveNotebook
from .presence import Collaborator
from .room import Room

__all__ = ["DocumentManager"]

GLOBAL_ROOM = "JupyterLab:globalAwareness"
"""The room whose awareness JupyterLab's "online collaborators" panel lists."""

log = logging.getLogger("jupyter_sdk.documents")


class _NoDocument:
    """The model of a room that shares no document (the global awareness room)."""

    def bind(self, doc: Doc[Any]) -> None:
        """Nothing to observe."""

    def snapshot(self) -> object:
        """Nothing to replay."""
        return None

    def replay(self, base: object, ours: object) -> None:
        """Nothing to replay."""


class DocumentManager(RestService):
    """Shared documents (JupyterLab's real-time collaboration) of one server.

    ``async with DocumentManager(settings) as documents:``, or ``ServiceManager.documents``.

    Args:
        settings: The server.
        user: How this client appears to peers (default: the server's identity of the
            token's user, ``/api/me``).
        execution: Who runs cells by default: ``"server"`` where the server has
            jupyter-server-nbmodel (the default there), else ``"client"``.
    """

    def __init__(
        self,
        settings: ServerSettings,
        *,
        user: Collaborator | None = None,
        execution: Execution | None = None,
        rest: Rest | None = None,
        sessions: SessionManager | None = None,
    ) -> None:
        super().__init__(settings, rest=rest)
        self._sessions = sessions or SessionManager(settings, rest=self._rest, poll=False)
        self._owns_sessions = sessions is None
        self._user = user
        self._execution = execution
        self._open: set[LiveNotebook | LiveFile] = set()
        self._session_connections: dict[str, SessionConnection] = {}
        self._has_execution: bool | None = None
        self._global: Room | None = None
        self._online_changed: Signal[None] = Signal("online_changed")

    _what = "document manager"

    async def close(self) -> None:
        """Close every open document and session connection (and the REST client if
        owned); idempotent."""
        if self._closed:
            return
        self._closed = True  # from here on: no new documents, no announcements
        for document in list(self._open):
            await document.close()
        self._open.clear()
        if self._global is not None:
            await self._global.close()
            self._global = None
        for connection in self._session_connections.values():
            await connection.close()
        self._session_connections.clear()
        if self._owns_sessions:
            await self._sessions.close()
        if self._owns_rest:
            await self._rest.aclose()

    # -- what the server offers ------------------------------------------------------------

    async def is_available(self) -> bool:
        """Whether the server shares documents (jupyter-server-ydoc is installed)."""
        return await self._route_exists(DOCUMENTS_PROBE, 405)

    async def execution_available(self) -> bool:
        """Whether the server runs cells into documents (jupyter-server-nbmodel)."""
        if self._has_execution is None:
            self._has_execution = await self._route_exists(EXECUTION_PROBE, 200)
        return self._has_execution

    async def _route_exists(self, path: str, status: int) -> bool:
        try:
            response = await self._rest.http.get(path)
        except errors.ResponseError as exc:
            if exc.status == status:
                return True
            if isinstance(exc, errors.NotFoundError):
                return False
            raise
        except errors.UnsupportedError:
            return False
        return response.status_code == status

    async def _default_execution(self) -> Execution:
        if self._execution is not None:
            return self._execution
        return "server" if await self.execution_available() else "client"

    # -- opening -------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def open_notebook(
        self,
        path: str,
        *,
        user: Collaborator | None = None,
        execution: Execution | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[LiveNotebook]:
        """Join the notebook's shared room: ``async with documents.open_notebook(p) as nb:``.

        Args:
            path: The notebook's path on the server.
            user: How this client appears to peers (default: the manager's).
            execution: Who runs cells (see :meth:`LiveNotebook.execute`).
            timeout: Seconds to wait for the first sync (default: the settings' timeout).

        Raises:
            NotFoundError: No such notebook (checked before any websocket).
            UnsupportedError: The server has no collaboration.
            DocumentError: The server refused the room.
        """
        notebook = LiveNotebook(self, path, execution=execution or self._execution)
        await self._join(notebook, path, "json", "notebook", user, timeout)
        try:
            yield notebook
        finally:
            await notebook.close()
            self._open.discard(notebook)
            await self._announce()

    @contextlib.asynccontextmanager
    async def open_file(
        self, path: str, *, user: Collaborator | None = None, timeout: float | None = None
    ) -> AsyncIterator[LiveFile]:
        """Join a plain text file's shared room: ``async with documents.open_file(p) as f:``.

        Raises:
            NotFoundError: No such file.
            UnsupportedError: The server has no collaboration.
        """
        document = LiveFile(self, path)
        await self._join(document, path, "text", "file", user, timeout)
        try:
            yield document
        finally:
            await document.close()
            self._open.discard(document)
            await self._announce()

    async def _join(
        self,
        document: LiveNotebook | LiveFile,
        path: str,
        format: Literal["json", "text"],
        type: Literal["notebook", "file"],
        user: Collaborator | None,
        timeout: float | None,
    ) -> None:
        if self._closed:
            raise errors.DocumentClosedError("the document manager is closed")
        path = check_path(path)
        # A missing file still gets a room id (its room then closes with 4404): ask first.
        await self._rest.get_contents(path, content=False)
        who = user or await self.collaborator()
        state: dict[str, object] = {"user": who.to_awareness(), "autosave": True}
        room = Room(
            self._rest, path, format=format, type=type, model=document, awareness_state=state
        )
        document._attach(room)
        await room.open(timeout if timeout is not None else self.settings.timeout)
        self._open.add(document)
        await self._announce()

    # -- JupyterLab's "online collaborators" (the global awareness room) ------------------

    @property
    def online_collaborators(self) -> list[Collaborator]:
        """The people JupyterLab's "online collaborators" panel lists (not this client),
        while this manager has a document open."""
        room = self._global
        if room is None or room.status == "closed":
            return []
        people = []
        for client, state in sorted(room.awareness.states.items()):
            user = state.get("user") if isinstance(state, dict) else None
            if client != room.client_id and isinstance(user, dict):
                people.append(Collaborator.from_awareness(user))
        return people

    @property
    def online_changed(self) -> Signal[None]:
        """Emitted when :attr:`online_collaborators` may have changed."""
        return self._online_changed

    async def _announce(self) -> None:
        """Say in the global awareness room which documents this client has open, as
        JupyterLab does (joining the room with the first document, leaving with the last).
        Presence there is a courtesy: a failure is logged, never raised."""
        if self._closed:
            return
        paths = sorted({d.path for d in self._open})
        try:
            if not paths:
                if self._global is not None:
                    await self._global.close()
                    self._global = None
                return
            current = next(
                (f"notebook:{d.path}" for d in self._open if isinstance(d, LiveNotebook)),
                f"editor:{paths[0]}",
            )
            state: dict[str, object] = {
                "user": (await self.collaborator()).to_awareness(),
                "current": current,
                "documents": paths,
            }
            if self._global is None or self._global.status == "closed":
                room = Room(
                    self._rest,
                    GLOBAL_ROOM,
                    format="",
                    type="",
                    model=_NoDocument(),
                    awareness_state=state,
                    fixed_room=GLOBAL_ROOM,
                )
                room.presence_changed.connect(self._online_changed.emit)
                await room.open(self.settings.timeout)
                self._global = room
            else:
                self._global.awareness.set_local_state(state)
                self._global.send_presence()
        except errors.JupyterError as exc:
            log.info("= the global awareness room is not available: %s", exc)

    async def collaborator(self) -> Collaborator:
        """How this client appears to peers: the ``user`` given, else the server's
        identity of the token's user (``/api/me``), else ``jupyter-sdk``."""
        if self._user is None:
            try:
                identity = (await self._rest.get_identity()).identity
                # As JupyterLab writes the identity: ``name`` is the person's name.
                self._user = Collaborator(
                    name=identity.name or identity.username,
                    username=identity.username,
                    display_name=identity.display_name or identity.name or identity.username,
                    initials=identity.initials or "",
                    color=identity.color or "",
                    avatar_url=identity.avatar_url or None,
                )
            except errors.JupyterError:
                self._user = Collaborator(name="jupyter-sdk", display_name="jupyter-sdk")
        return self._user

    # -- kernels for execution ---------------------------------------------------------------

    async def _session_for(self, notebook: LiveNotebook) -> SessionConnection:
        """The notebook's session (attached, or started from its kernelspec)."""
        existing = self._session_connections.get(notebook.path)
        if existing is not None and existing.kernel is not None:
            return existing
        model = await self._sessions.find_by_path(notebook.path)
        if model is not None:
            connection = await self._sessions.connect_to(model)
        else:
            spec = notebook.metadata.get("kernelspec")
            name = spec.get("name") if isinstance(spec, dict) else None
            if not isinstance(name, str) or not name:
                name = (await self._rest.list_kernelspecs()).default  # as JupyterLab does
            connection = await self._sessions.start_new(
                path=notebook.path,
                type="notebook",
                name=posixpath.basename(notebook.path),
                kernel={"name": name},
            )
        self._session_connections[notebook.path] = connection
        return connection

    async def _kernel_id_for(self, notebook: LiveNotebook) -> str:
        session = await self._session_for(notebook)
        kernel = session.kernel
        if kernel is None:
            raise errors.KernelDeadError(f"{notebook.path}: the notebook's session has no kernel")
        return kernel.id

    async def _kernel_for(self, notebook: LiveNotebook) -> KernelConnection:
        session = await self._session_for(notebook)
        kernel = session.kernel
        if kernel is None:
            raise errors.KernelDeadError(f"{notebook.path}: the notebook's session has no kernel")
        return kernel

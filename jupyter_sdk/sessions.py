"""Sessions: a path (a notebook, a console) bound to a kernel on the server.

Lifecycle rules:

* A :class:`SessionConnection` owns its :class:`~jupyter_sdk.KernelConnection`: it connects
  it, replaces it when the session's kernel changes (its own
  :meth:`~SessionConnection.change_kernel`, or another client's change seen by the
  manager's polling), and closes it when it is closed or disposed.
  :meth:`~SessionConnection.close` never shuts the kernel down;
  :meth:`~SessionConnection.shutdown` deletes the session, and the server shuts its kernel
  down with it.
* A session's kernel signals (``status_changed``, ``iopub_message``, ...) are the
  session's own objects re-emitting its current kernel's, so handlers connected to the
  session survive kernel changes. ``kernel_changed`` tells when the kernel changed.
* :meth:`SessionManager.refresh_running` (and the poll) updates every live connection from
  the server's model (path, name, type, kernel) and disposes the connections whose session
  vanished from the server.
* Jupyter Server keeps one session per path: :meth:`SessionManager.start_new` for a path
  that already has a session answers with that session and its kernel (a second client
  with the same notebook path attaches to the same kernel).
* :meth:`SessionManager.close` closes every connection it made (the sessions keep
  running), stops polling, and closes the :class:`~jupyter_sdk.KernelManager` and REST
  client it created (never ones it was given).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Literal, TypedDict, TypeVar, cast

import attrs

from . import errors
from ._poll import Poller
from ._rest import Rest
from .backends import listing_refused
from .kernels.connection import ConnectionStatus, KernelConnection, KernelStatus
from .kernels.future import AnyMessage
from .kernels.manager import KernelManager
from .signal import Signal

if TYPE_CHECKING:
    from jupyter_server_rest.models import SessionKernel, SessionUpdate

    from .models import Session
    from .settings import ServerSettings

__all__ = [
    "ChangedArgs",
    "KernelRef",
    "SessionConnection",
    "SessionManager",
    "SessionProperty",
]

_log = logging.getLogger("jupyter_sdk.sessions")

T = TypeVar("T")
V = TypeVar("V")

SessionProperty = Literal["path", "name", "type"]
"""The session properties whose changes ``property_changed`` reports."""


class KernelRef(TypedDict, total=False):
    """The kernel a session should use: ``{"name": spec}`` starts a new kernel of that
    kernelspec, ``{"id": kernel_id}`` takes a running kernel (``id`` wins over ``name``)."""

    name: str
    id: str


@attrs.frozen
class ChangedArgs(Generic[T]):
    """A changed value, as lumino's ``IChangedArgs``.

    Attributes:
        name: What changed (``"kernel"``, ``"session"``, ``"kernel_preference"``).
        old: The previous value.
        new: The new value.
    """

    name: str
    old: T
    new: T


def _session_kernel(ref: KernelRef) -> SessionKernel:
    from jupyter_server_rest.models import SessionKernel

    from .models import UNSET

    kernel_id = ref.get("id")
    name = ref.get("name")
    if not kernel_id and not name:
        raise ValueError('a KernelRef needs a "name" or an "id"')
    return SessionKernel(
        id=kernel_id if kernel_id else UNSET,
        name=name if name else UNSET,
    )


def _relay(out: Signal[V], live: Callable[[], bool]) -> Callable[[V], None]:
    def handler(value: V) -> None:
        if live():
            out.emit(value)

    return handler


class SessionConnection:
    """One client's connection to a session and, through it, to the session's kernel.

    Get one from :class:`SessionManager`. Use it as an async context manager to close it
    on exit (the session and its kernel keep running).

    The kernel signals re-emit the current kernel connection's (see
    :class:`~jupyter_sdk.KernelConnection`), so their handlers survive kernel changes.

    Attributes:
        status_changed: Emitted with the current kernel's new :data:`KernelStatus`.
        connection_status_changed: Emitted with the current kernel connection's new
            :data:`ConnectionStatus` (``"disconnected"`` when the session is left without a
            kernel, or closed).
        iopub_message: Emitted with every iopub message of the current kernel.
        unhandled_message: Emitted with each message of the current kernel that answers no
            pending request.
        any_message: Emitted with ``(message, "send" | "recv")`` for every message to or
            from the current kernel.
        pending_input: Emitted with ``True`` when the current kernel asks for input, with
            ``False`` when it is answered or the pending requests fail.
        kernel_changed: Emitted with a :class:`ChangedArgs` (``name="kernel"``, the old and
            new connections) when the session's kernel is replaced, by
            :meth:`change_kernel` or another client; ``new`` is ``None`` when connecting to
            the new kernel failed, or when this connection is disposed.
        property_changed: Emitted with the :data:`SessionProperty` that changed (``"path"``,
            ``"name"`` or ``"type"``), by this client or another.
        disposed: Emitted with ``None`` once, when the connection is closed, shut down, or
            disposed by the manager (its session gone); every handler is then disconnected.
    """

    def __init__(self, model: Session, *, manager: SessionManager) -> None:
        self._model = model
        self._manager = manager
        self._kernel: KernelConnection | None = None
        # The kernel being replaced by a PATCH in flight: its signals are not re-emitted.
        self._leaving: KernelConnection | None = None
        self._lock = asyncio.Lock()
        self._generation = 0  # bumped by our own updates, so stale polls are skipped
        self._closed = False
        self._status: KernelStatus = "unknown"
        self._connection_status: ConnectionStatus = "connecting"

        self.status_changed: Signal[KernelStatus] = Signal("status_changed")
        self.connection_status_changed: Signal[ConnectionStatus] = Signal(
            "connection_status_changed"
        )
        self.iopub_message: Signal[AnyMessage] = Signal("iopub_message")
        self.unhandled_message: Signal[AnyMessage] = Signal("unhandled_message")
        self.any_message: Signal[tuple[AnyMessage, Literal["send", "recv"]]] = Signal("any_message")
        self.pending_input: Signal[bool] = Signal("pending_input")
        self.kernel_changed: Signal[ChangedArgs[KernelConnection | None]] = Signal("kernel_changed")
        self.property_changed: Signal[SessionProperty] = Signal("property_changed")
        self.disposed: Signal[None] = Signal("disposed")

    def __repr__(self) -> str:
        kernel = self._kernel.id[:8] if self._kernel is not None else None
        return f"<SessionConnection {self.id[:8]} path={self.path!r} kernel={kernel}>"

    async def __aenter__(self) -> SessionConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- properties ------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The session's id."""
        return str(self._model.id)

    @property
    def path(self) -> str:
        """The session's path (a notebook path, or any unique string)."""
        return str(self._model.path)

    @property
    def name(self) -> str | None:
        """The session's name."""
        return self._model.name

    @property
    def type(self) -> str:
        """The session's type: ``notebook``, ``console``, ``file``..."""
        return str(self._model.type_)

    @property
    def model(self) -> Session:
        """The session's REST model, as last seen."""
        return self._model

    @property
    def kernel(self) -> KernelConnection | None:
        """The connection to the session's kernel (``None`` once disposed, or when
        connecting to a new kernel failed)."""
        return self._kernel

    @property
    def status(self) -> KernelStatus:
        """The current kernel's status, as last re-emitted."""
        return self._status

    @property
    def connection_status(self) -> ConnectionStatus:
        """The current kernel connection's status, as last re-emitted."""
        return self._connection_status

    @property
    def is_disposed(self) -> bool:
        """Whether the connection was closed, shut down or disposed by the manager."""
        return self._closed

    # -- changes ---------------------------------------------------------------------

    async def set_path(self, path: str) -> None:
        """Change the session's path (for example after renaming its notebook)."""
        from jupyter_server_rest.models import SessionUpdate

        await self._patch(SessionUpdate(path=path))

    async def set_name(self, name: str) -> None:
        """Change the session's name."""
        from jupyter_server_rest.models import SessionUpdate

        await self._patch(SessionUpdate(name=name))

    async def set_type(self, type: str) -> None:
        """Change the session's type."""
        from jupyter_server_rest.models import SessionUpdate

        await self._patch(SessionUpdate(type_=type))

    async def change_kernel(self, kernel: KernelRef) -> KernelConnection:
        """Give the session another kernel; returns the connection to it.

        The server starts the new kernel (or takes the running one named by ``id``) and
        shuts the old one down; the old connection is closed, the new one connected, and
        ``kernel_changed`` emitted. Handlers connected to the session's signals stay.

        Raises:
            ValueError: ``kernel`` names neither a kernelspec nor a kernel id.
            KernelDeadError: The new kernel could not be connected to.
        """
        from jupyter_server_rest.models import SessionUpdate

        body = SessionUpdate(kernel=_session_kernel(kernel))
        await self._patch(body, leaving=self._kernel)
        if self._kernel is None:
            raise errors.KernelDeadError(f"session {self.id} has no kernel after the change")
        return self._kernel

    async def shutdown(self) -> None:
        """Delete the session on the server (which shuts its kernel down) and dispose
        this connection. Safe to call twice."""
        if self._closed:
            return
        with contextlib.suppress(errors.NotFoundError):
            await self._manager._rest.delete_session(self.id)
        kernel = self._kernel
        if kernel is not None and not kernel.is_disposed:
            kernel._set_dead(errors.KernelDeadError(f"session {self.id} was shut down"))
        self._manager._drop_model(self.id)
        await self._dispose()

    async def close(self) -> None:
        """Close this connection and its kernel connection (not the session, not the
        kernel). Safe to call twice."""
        await self._dispose()

    # -- internals -------------------------------------------------------------------

    def _check_usable(self) -> None:
        if self._closed:
            raise errors.ConnectionClosedError(f"connection to session {self.id} is closed")

    async def _patch(self, body: SessionUpdate, *, leaving: KernelConnection | None = None) -> None:
        self._check_usable()
        async with self._lock:
            self._generation += 1
            self._leaving = leaving
            try:
                model = await self._manager._rest.update_session(self.id, body)
                self._manager._take_model(model)
                await self._apply(model)
            finally:
                self._leaving = None
                self._generation += 1

    async def _connect_kernel(self) -> None:
        """Connect to the model's kernel (the manager calls this once)."""
        kernel = await self._manager._kernels.connect_to(self._model.kernel)
        if self._closed:
            await kernel.close()
            return
        self._set_kernel(kernel)

    async def _apply(self, model: Session) -> None:
        """Take a fresher model: emit property changes, follow a kernel change."""
        if self._closed:
            return
        old = self._model
        self._model = model
        changes: list[tuple[SessionProperty, object, object]] = [
            ("path", old.path, model.path),
            ("name", old.name, model.name),
            ("type", old.type_, model.type_),
        ]
        for prop, before, after in changes:
            if before != after:
                self.property_changed.emit(prop)
        current = self._kernel
        if current is not None and current.id == str(model.kernel.id):
            current._take_model(model.kernel)
            return
        await self._switch_kernel(model)

    async def _switch_kernel(self, model: Session) -> None:
        old, self._kernel = self._kernel, None
        new: KernelConnection | None = None
        try:
            if old is not None:
                await old.close()
            new = await self._manager._kernels.connect_to(model.kernel)
            if self._closed:
                await new.close()
                new = None
        finally:
            self._set_kernel(new)
            if new is None:
                self._set_connection_status("disconnected")
            self.kernel_changed.emit(ChangedArgs("kernel", old, new))

    def _set_kernel(self, kernel: KernelConnection | None) -> None:
        self._kernel = kernel
        if kernel is None:
            return

        def live() -> bool:
            return kernel is self._kernel and kernel is not self._leaving

        def on_status(status: KernelStatus) -> None:
            if live():
                self._set_status(status)

        def on_connection_status(status: ConnectionStatus) -> None:
            if live():
                self._set_connection_status(status)

        kernel.status_changed.connect(on_status)
        kernel.connection_status_changed.connect(on_connection_status)
        kernel.iopub_message.connect(_relay(self.iopub_message, live))
        kernel.unhandled_message.connect(_relay(self.unhandled_message, live))
        kernel.any_message.connect(_relay(self.any_message, live))
        kernel.pending_input.connect(_relay(self.pending_input, live))
        self._set_status(kernel.status)
        self._set_connection_status(kernel.connection_status)

    def _set_status(self, status: KernelStatus) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _set_connection_status(self, status: ConnectionStatus) -> None:
        if status != self._connection_status:
            self._connection_status = status
            self.connection_status_changed.emit(status)

    async def _dispose(self) -> None:
        if self._closed:
            return
        self._closed = True
        kernel, self._kernel = self._kernel, None
        if kernel is not None:
            await kernel.close()
        self._set_connection_status("disconnected")
        if kernel is not None:
            self.kernel_changed.emit(ChangedArgs("kernel", kernel, None))
        self._manager._forget(self)
        self.disposed.emit(None)
        for signal in self._signals():
            signal.disconnect_all()

    def _signals(self) -> list[Signal[object]]:
        return [
            cast("Signal[object]", s)
            for s in (
                self.status_changed,
                self.connection_status_changed,
                self.iopub_message,
                self.unhandled_message,
                self.any_message,
                self.pending_input,
                self.kernel_changed,
                self.property_changed,
                self.disposed,
            )
        ]


def _summary(models: dict[str, Session]) -> dict[str, tuple[str, str | None, str, str]]:
    return {sid: (str(m.path), m.name, str(m.type_), str(m.kernel.id)) for sid, m in models.items()}


class SessionManager:
    """Start, find, connect to and shut down sessions; polls the running list.

    ``async with SessionManager(settings) as sessions:`` refreshes the list and polls it
    (``settings.polling``) until exit, then closes every connection it made (the sessions
    keep running unless shut down).

    Args:
        settings: The server.
        kernels: The kernel manager that connects the sessions' kernels; one is made (and
            closed with this manager) when omitted.
        rest: Share another manager's REST client (``ServiceManager`` does).
        poll: Poll the running list in the background while entered.

    Attributes:
        settings (ServerSettings): The server.
        running_changed: Emitted with the running sessions (:meth:`running`) when a refresh
            finds sessions started, gone or changed (path, name, type or kernel), and when
            this manager starts, changes or shuts one down.
        connection_failure: Emitted with the error when fetching the running list fails
            (while polling or in :meth:`refresh_running`, which also raises it).
    """

    def __init__(
        self,
        settings: ServerSettings,
        *,
        kernels: KernelManager | None = None,
        rest: Rest | None = None,
        poll: bool = True,
    ) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._kernels = kernels or KernelManager(settings, poll=False, rest=self._rest)
        self._owns_kernels = kernels is None
        self._running: dict[str, Session] = {}
        self._connections: list[SessionConnection] = []
        self._poll = poll
        self._poller = Poller(
            self.refresh_running, settings.polling, name="sessions-poll", on_error=self._poll_error
        )
        self._closed = False
        self.running_changed: Signal[list[Session]] = Signal("running_changed")
        self.connection_failure: Signal[errors.JupyterError] = Signal("connection_failure")

    def __repr__(self) -> str:
        return f"<SessionManager {self.settings.base_url} running={len(self._running)}>"

    async def __aenter__(self) -> SessionManager:
        if self._poll:
            try:
                await self.refresh_running()
            except errors.ForbiddenError:
                # A gateway without list_kernels refuses the listing (403) but takes the
                # token: work without a running list (reported once), and do not poll it.
                if not await listing_refused(self._rest):
                    raise
                return self
            self._poller.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def kernels(self) -> KernelManager:
        """The kernel manager connecting the sessions' kernels."""
        return self._kernels

    async def close(self) -> None:
        """Close every connection this manager made and stop polling. Idempotent."""
        if self._closed:
            return
        self._closed = True
        await self._poller.stop()
        for connection in list(self._connections):
            await connection.close()
        self._connections.clear()
        if self._owns_kernels:
            await self._kernels.close()
        if self._owns_rest:
            await self._rest.aclose()

    def running(self) -> list[Session]:
        """The running sessions as of the last refresh."""
        return list(self._running.values())

    async def refresh_running(self) -> list[Session]:
        """Fetch the running sessions now.

        Live connections take the fresh models (``property_changed``, kernel changes made
        by other clients); connections whose session is gone are disposed. When following a
        kernel change fails for a connection, the others are still updated and the first
        failure is raised.
        """
        seen = {connection: connection._generation for connection in self._connections}
        try:
            models = await self._rest.list_sessions()
        except errors.JupyterError as exc:
            self.connection_failure.emit(exc)
            raise
        fresh = {str(s.id): s for s in models}
        changed = _summary(fresh) != _summary(self._running)
        self._running = fresh
        failure: errors.JupyterError | None = None
        for connection in list(self._connections):
            generation = seen.get(connection)
            # Skip connections made during the fetch or changed by their own PATCH since:
            # the answer predates them.
            if generation is None or connection.is_disposed or connection._lock.locked():
                continue
            model = fresh.get(connection.id)
            async with connection._lock:
                if connection._generation != generation:
                    continue
                if model is None:
                    await connection._dispose()
                    continue
                try:
                    await connection._apply(model)
                except errors.JupyterError as exc:
                    _log.warning(
                        "= session %s: could not follow its kernel: %s", connection.id, exc
                    )
                    failure = failure or exc
        if changed:
            self.running_changed.emit(self.running())
        if failure is not None:
            raise failure
        return self.running()

    def _poll_error(self, exc: errors.JupyterError) -> bool:
        # Keep polling with backoff, except when the backend refuses the listing for good.
        return isinstance(exc, errors.AuthenticationError | errors.UnsupportedError)

    async def find_by_id(self, session_id: str) -> Session | None:
        """The session's model, or ``None`` if the server does not know it."""
        try:
            return await self._rest.get_session(session_id)
        except errors.NotFoundError:
            return None

    async def find_by_path(self, path: str) -> Session | None:
        """The running session for ``path`` (refreshes the list first), or ``None``."""
        for model in await self.refresh_running():
            if model.path == path:
                return model
        return None

    async def start_new(
        self,
        *,
        path: str,
        type: str = "notebook",
        name: str | None = None,
        kernel: KernelRef | None = None,
    ) -> SessionConnection:
        """Start a session for ``path`` and connect to its kernel.

        ``kernel`` picks the kernelspec (``{"name": ...}``) or a running kernel
        (``{"id": ...}``); the server's default kernelspec when omitted. If ``path``
        already has a session, the server answers with it (and its kernel) instead.
        """
        from jupyter_server_rest.models import SessionCreate

        from .models import UNSET

        self._check_open()
        body = SessionCreate(
            path=path,
            type_=type,
            name=name if name is not None else UNSET,
            kernel=_session_kernel(kernel) if kernel is not None else UNSET,
        )
        model = await self._rest.create_session(body)
        self._take_model(model)
        return await self.connect_to(model)

    async def connect_to(self, session: str | Session) -> SessionConnection:
        """Connect to a running session (by id or model) and to its kernel.

        Raises:
            NotFoundError: The server does not know the session.
            KernelDeadError: The session's kernel is gone.
        """
        self._check_open()
        model = await self._rest.get_session(session) if isinstance(session, str) else session
        connection = SessionConnection(model, manager=self)
        self._connections.append(connection)
        try:
            await connection._connect_kernel()
        except BaseException:
            await connection.close()
            raise
        return connection

    async def shutdown(self, session_id: str) -> None:
        """Delete a session (the server shuts its kernel down); disposes its connections."""
        with contextlib.suppress(errors.NotFoundError):
            await self._rest.delete_session(session_id)
        for connection in list(self._connections):
            if connection.id == session_id:
                kernel = connection.kernel
                if kernel is not None and not kernel.is_disposed:
                    kernel._set_dead(errors.KernelDeadError(f"session {session_id} was shut down"))
                await connection._dispose()
        self._drop_model(session_id)

    async def shutdown_all(self) -> None:
        """Delete every running session (and so their kernels)."""
        for model in await self.refresh_running():
            await self.shutdown(str(model.id))

    # -- internals -------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise errors.ConnectionClosedError("the session manager is closed")

    def _take_model(self, model: Session) -> None:
        sid = str(model.id)
        before = _summary({sid: self._running[sid]}) if sid in self._running else None
        self._running[sid] = model
        if before != _summary({sid: model}):
            self.running_changed.emit(self.running())

    def _drop_model(self, session_id: str) -> None:
        if self._running.pop(session_id, None) is not None:
            self.running_changed.emit(self.running())

    def _forget(self, connection: SessionConnection) -> None:
        if connection in self._connections:
            self._connections.remove(connection)

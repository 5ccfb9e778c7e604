"""SessionContext: the stable kernel session of one document, as JupyterLab's.

A notebook (or console) keeps one :class:`SessionContext` for its whole life, while the
session and kernel behind it come and go: it finds or starts the session for its path
per a :class:`KernelPreference`, restarts, changes and shuts down its kernel.

Lifecycle rules:

* The context owns its current :class:`~jupyter_sdk.sessions.SessionConnection` (or has
  none). A session disposed elsewhere (shut down by another client and seen by the
  manager's poll) leaves the context without a session; :meth:`SessionContext.start_kernel`
  starts a new one.
* Its signals are its own objects re-emitting the current session's, so handlers
  connected to the context survive session and kernel changes.
* :meth:`SessionContext.dispose` (also on ``async with`` exit) closes the session
  connection, leaving the session and kernel running for other clients, or shuts the
  session (and its kernel) down when ``kernel_preference.shutdown_on_dispose``.
* Operations that change the session run one at a time. Their errors are raised to the
  caller, never only logged (JupyterLab logs a failed restart; this does not).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Literal, TypeVar, cast

import attrs

from . import errors
from .kernels.connection import ConnectionStatus, KernelConnection, KernelStatus
from .kernels.future import AnyMessage
from .kernelspecs import KernelSpecManager
from .sessions import ChangedArgs, KernelRef, SessionConnection, SessionManager, SessionProperty
from .signal import Signal

__all__ = ["KernelDisplayStatus", "KernelPreference", "SessionContext"]

V = TypeVar("V")

NO_KERNEL = "No Kernel"

KernelDisplayStatus = Literal[
    "unknown",
    "starting",
    "idle",
    "busy",
    "terminating",
    "restarting",
    "autorestarting",
    "dead",
    "connecting",
    "disconnected",
    "initializing",
]
"""The kernel status shown to users: the kernel's own status while connected, otherwise
the connection's status, or what the context is doing (``initializing``, ``restarting``,
``terminating``)."""


@attrs.frozen
class KernelPreference:
    """Which kernel a :class:`SessionContext` wants, and when it may start one.

    Attributes:
        name: The kernelspec name.
        language: The kernel language (used when ``name`` is unset or not installed).
        id: A running kernel's id (wins over ``name`` and ``language``).
        should_start: Start a kernel on :meth:`SessionContext.initialize` when the path has
            no session.
        can_start: Whether this context may start kernels at all.
        should_reuse: Attach to the running session for the path; when ``False``, that
            session's kernel is replaced by a fresh one (Jupyter Server keeps one session
            per path, so the old kernel is shut down for every client).
        shutdown_on_dispose: Shut the session and its kernel down on dispose.
        auto_start_default: Fall back to the server's default kernelspec when ``name``
            and ``language`` match nothing.
    """

    name: str | None = None
    language: str | None = None
    id: str | None = None
    should_start: bool = True
    can_start: bool = True
    should_reuse: bool = True
    shutdown_on_dispose: bool = False
    auto_start_default: bool = False


def _relay(out: Signal[V], live: Callable[[], bool]) -> Callable[[V], None]:
    def handler(value: V) -> None:
        if live():
            out.emit(value)

    return handler


class SessionContext:
    """The kernel session of one document, stable across session and kernel changes.

    Example::

        async with SessionContext(sessions, specs, path="analysis.ipynb") as context:
            await context.initialize()
            kernel = context.session.kernel
            ...

    Args:
        sessions: The session manager.
        specs: The kernelspec manager (kernel choice by language, display names).
        path: The document's path; the session's path.
        type: The session type (``notebook``, ``console``...).
        name: The session name.
        kernel_preference: Which kernel to find or start.

    Attributes:
        sessions (SessionManager): The session manager.
        specs (KernelSpecManager): The kernelspec manager.
        session_changed: Emitted with a :class:`ChangedArgs` (``name="session"``, the old
            and new connections) when the context gets another session connection; ``new``
            is ``None`` when its session was disposed elsewhere.
        kernel_changed: Emitted with a :class:`ChangedArgs` (``name="kernel"``, the old and
            new kernel connections) when the kernel changes, with the session or within it.
        status_changed: Emitted with each new :data:`KernelStatus` of the current kernel,
            and with ``"starting"``, ``"restarting"`` or ``"terminating"`` while the context
            starts a session, restarts the kernel or shuts the session down.
        connection_status_changed: Emitted with the current kernel connection's new
            :data:`ConnectionStatus`.
        iopub_message: Emitted with every iopub message of the current kernel.
        unhandled_message: Emitted with each message of the current kernel that answers no
            pending request.
        pending_input: Emitted with ``True`` when the current kernel asks for input, with
            ``False`` when it is answered or the pending requests fail.
        property_changed: Emitted with the :data:`SessionProperty` that changed (``"path"``,
            ``"name"`` or ``"type"``); ``"path"`` also when a new session has another path.
        kernel_preference_changed: Emitted with a :class:`ChangedArgs`
            (``name="kernel_preference"``, the old and new preferences) when
            :attr:`kernel_preference` is set to a different value.
        disposed: Emitted with ``None`` once, by :meth:`dispose`; every handler is then
            disconnected.
    """

    def __init__(
        self,
        sessions: SessionManager,
        specs: KernelSpecManager,
        *,
        path: str,
        type: str = "notebook",
        name: str | None = None,
        kernel_preference: KernelPreference = KernelPreference(),
    ) -> None:
        self.sessions = sessions
        self.specs = specs
        self._path = path
        self._type = type
        self._name = name
        self._preference = kernel_preference
        self._session: SessionConnection | None = None
        self._lock = asyncio.Lock()
        self._ready_future: asyncio.Future[None] | None = None
        self._initialized = False
        self._is_ready = False
        self._restarting = False
        self._terminating = False
        self._pending_kernel: str | None = None  # a kernelspec being started
        self._starting = False
        self._disposed = False
        self._status: KernelStatus | None = None

        self.session_changed: Signal[ChangedArgs[SessionConnection | None]] = Signal(
            "session_changed"
        )
        self.kernel_changed: Signal[ChangedArgs[KernelConnection | None]] = Signal("kernel_changed")
        self.status_changed: Signal[KernelStatus] = Signal("status_changed")
        self.connection_status_changed: Signal[ConnectionStatus] = Signal(
            "connection_status_changed"
        )
        self.iopub_message: Signal[AnyMessage] = Signal("iopub_message")
        self.unhandled_message: Signal[AnyMessage] = Signal("unhandled_message")
        self.pending_input: Signal[bool] = Signal("pending_input")
        self.property_changed: Signal[SessionProperty] = Signal("property_changed")
        self.kernel_preference_changed: Signal[ChangedArgs[KernelPreference]] = Signal(
            "kernel_preference_changed"
        )
        self.disposed: Signal[None] = Signal("disposed")

    def __repr__(self) -> str:
        return (
            f"<SessionContext {self._path!r} kernel={self.kernel_display_name!r} "
            f"status={self.kernel_display_status}>"
        )

    async def __aenter__(self) -> SessionContext:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.dispose()

    # -- properties ------------------------------------------------------------------

    @property
    def session(self) -> SessionConnection | None:
        """The current session connection, or ``None``."""
        return self._session

    @property
    def kernel(self) -> KernelConnection | None:
        """The current session's kernel connection, or ``None``."""
        return self._session.kernel if self._session is not None else None

    @property
    def path(self) -> str:
        """The document's path (follows the session's path changes)."""
        return self._path

    @property
    def name(self) -> str | None:
        """The session name."""
        return self._name

    @property
    def type(self) -> str:
        """The session type."""
        return self._type

    @property
    def kernel_preference(self) -> KernelPreference:
        """The kernel preference (assigning emits ``kernel_preference_changed``)."""
        return self._preference

    @kernel_preference.setter
    def kernel_preference(self, value: KernelPreference) -> None:
        old, self._preference = self._preference, value
        if old != value:
            self.kernel_preference_changed.emit(ChangedArgs("kernel_preference", old, value))

    @property
    def has_no_kernel(self) -> bool:
        """Whether there is no kernel."""
        return self.kernel is None

    @property
    def is_ready(self) -> bool:
        """Whether the context is initialized and not restarting."""
        return self._is_ready

    @property
    def is_restarting(self) -> bool:
        """Whether a restart is in progress."""
        return self._restarting

    @property
    def is_terminating(self) -> bool:
        """Whether a shutdown is in progress."""
        return self._terminating

    @property
    def is_disposed(self) -> bool:
        """Whether :meth:`dispose` has run."""
        return self._disposed

    @property
    def kernel_display_name(self) -> str:
        """The kernelspec's display name, or ``"No Kernel"``."""
        if self._pending_kernel is not None:
            return self._display_name(self._pending_kernel)
        kernel = self.kernel
        if kernel is None:
            return NO_KERNEL
        return self._display_name(kernel.name)

    @property
    def kernel_display_status(self) -> KernelDisplayStatus:
        """The status to show: as JupyterLab's ``kernelDisplayStatus``."""
        if self._terminating:
            return "terminating"
        if self._restarting:
            return "restarting"
        kernel = self.kernel
        if kernel is None:
            if self._starting:
                return "initializing"
            preference = self._preference
            if not self._is_ready and preference.can_start and preference.should_start:
                return "initializing"
            return "unknown"
        if kernel.connection_status == "connected":
            return kernel.status
        return kernel.connection_status

    def _display_name(self, spec_name: str) -> str:
        spec = self.specs.find(spec_name)
        return spec.spec.display_name if spec is not None else spec_name

    # -- readiness -------------------------------------------------------------------

    def _ready_fut(self) -> asyncio.Future[None]:
        if self._ready_future is None:
            self._ready_future = asyncio.get_running_loop().create_future()
        return self._ready_future

    async def ready(self) -> None:
        """Wait until :meth:`initialize` has finished (raises what it raised)."""
        await asyncio.shield(self._ready_fut())

    def _set_ready(self) -> None:
        self._is_ready = True
        future = self._ready_fut()
        if not future.done():
            future.set_result(None)

    def _fail_ready(self, exc: BaseException) -> None:
        future = self._ready_fut()
        if not future.done():
            future.set_exception(exc)
            future.exception()  # retrieved: nobody may be waiting

    # -- operations ------------------------------------------------------------------

    async def initialize(self) -> bool:
        """Attach to the running session for the path, or start one per the preference.

        With ``should_reuse`` (the default) a running session for the path is reused, so
        a second client of the same notebook gets the same kernel. Otherwise a kernel is
        started when ``should_start`` and ``can_start`` allow: the kernel ``id``, else the
        kernelspec ``name``, else one for ``language`` (the server default if it matches,
        else the first by name), else the server's default when neither is set or
        ``auto_start_default``. Calling it again does nothing.

        Returns:
            Whether this call started a new session or kernel (``False`` when it reused
            the path's session, or started nothing).

        Raises:
            NotFoundError: No kernelspec fits the preference.
            JupyterError: The server refused or failed.
        """
        self._check_usable()
        async with self._lock:
            if self._initialized:
                return False
            if self._ready_future is not None and self._ready_future.done():
                self._ready_future = None  # a failed attempt before: wait for this one
            try:
                started = await self._initialize()
            except Exception as exc:
                self._fail_ready(exc)
                raise
            self._initialized = True
            self._set_ready()
            self._emit_current_status()
            return started

    async def _initialize(self) -> bool:
        if self.specs.specs is None:
            await self.specs.refresh_specs()
        preference = self._preference
        existing = await self.sessions.find_by_path(self._path)
        if existing is not None:
            await self._replace_session(await self.sessions.connect_to(existing))
            if preference.should_reuse or not preference.can_start:
                return False
            kernel = await self._pick_kernel()
            if self.kernel is not None and kernel.get("id") == self.kernel.id:
                return False
            await self._change_kernel(kernel)
            return True
        if not (preference.should_start and preference.can_start):
            return False
        await self._start_session(await self._pick_kernel())
        return True

    async def start_kernel(self) -> KernelConnection:
        """Start a kernel per the preference (replacing the session's kernel, if any).

        Raises:
            UnsupportedError: The preference forbids starting kernels (``can_start``).
            NotFoundError: No kernelspec fits the preference.
        """
        self._check_usable()
        if not self._preference.can_start:
            raise errors.UnsupportedError(
                f"the kernel preference of {self._path!r} forbids starting a kernel"
            )
        async with self._lock:
            return await self._change_kernel(await self._pick_kernel())

    async def change_kernel(self, kernel: KernelRef) -> KernelConnection:
        """Switch to another kernel (``{"name": spec}`` or ``{"id": kernel_id}``); starts
        a session when there is none. Handlers connected to the context stay."""
        self._check_usable()
        async with self._lock:
            return await self._change_kernel(kernel)

    async def restart_kernel(self) -> None:
        """Restart the kernel (its id and connection stay).

        Raises:
            KernelError: There is no kernel to restart, or the restart failed.
        """
        self._check_usable()
        async with self._lock:
            kernel = self.kernel
            if kernel is None:
                raise errors.KernelError(f"the session of {self._path!r} has no kernel")
            self._restarting = True
            self._is_ready = False
            self._emit_status("restarting")
            try:
                await kernel.restart()
                self._is_ready = True
            finally:
                self._restarting = False
                self._emit_current_status()

    async def shutdown(self) -> None:
        """Shut the session and its kernel down; the context stays, without a session."""
        self._check_usable()
        async with self._lock:
            session = self._session
            if session is None:
                return
            self._terminating = True
            self._emit_status("terminating")
            try:
                await session.shutdown()
            finally:
                self._terminating = False
            self._emit_current_status()

    async def dispose(self) -> None:
        """Close the session connection (or shut the session down when
        ``shutdown_on_dispose``) and end every signal. Safe to call twice."""
        if self._disposed:
            return
        self._disposed = True
        session, self._session = self._session, None
        try:
            if session is not None:
                await self._release(session)
        finally:
            self._fail_ready(errors.ConnectionClosedError(f"session context {self._path!r} closed"))
            self.disposed.emit(None)
            for signal in self._signals():
                signal.disconnect_all()

    # -- internals -------------------------------------------------------------------

    def _check_usable(self) -> None:
        if self._disposed:
            raise errors.ConnectionClosedError(f"session context {self._path!r} is disposed")

    async def _release(self, session: SessionConnection) -> None:
        if self._preference.shutdown_on_dispose:
            await session.shutdown()
        else:
            await session.close()

    async def _pick_kernel(self) -> KernelRef:
        """The kernel the preference asks for (refreshes the specs once if none fits)."""
        preference = self._preference
        if preference.id:
            return {"id": preference.id}
        name = self._match_spec()
        if name is None:
            await self.specs.refresh_specs()
            name = self._match_spec()
        if name is None:
            raise errors.NotFoundError(
                404,
                f"no kernelspec named {preference.name!r} or for language "
                f"{preference.language!r} on the server",
            )
        return {"name": name}

    def _match_spec(self) -> str | None:
        preference = self._preference
        names = self.specs.names()
        default = self.specs.default
        if preference.name and preference.name in names:
            return preference.name
        if preference.language:
            language = preference.language.casefold()
            matches = sorted(
                n
                for n in names
                if (spec := self.specs.find(n)) is not None
                and spec.spec.language.casefold() == language
            )
            if matches:
                return default if default in matches else matches[0]
        if (not preference.name and not preference.language) or preference.auto_start_default:
            return default
        return None

    async def _change_kernel(self, kernel: KernelRef) -> KernelConnection:
        session = self._session
        if session is None or session.is_disposed:
            return await self._start_session(kernel)
        self._pending_kernel = kernel.get("name") if not kernel.get("id") else None
        try:
            connection = await session.change_kernel(kernel)
        finally:
            self._pending_kernel = None
        self._set_ready()
        self._emit_current_status()
        return connection

    async def _start_session(self, kernel: KernelRef) -> KernelConnection:
        self._pending_kernel = kernel.get("name") if not kernel.get("id") else None
        self._starting = True
        self._emit_status("starting")
        try:
            session = await self.sessions.start_new(
                path=self._path, type=self._type, name=self._name, kernel=kernel
            )
        finally:
            self._pending_kernel = None
            self._starting = False
        await self._replace_session(session)
        connection = session.kernel
        if connection is None:
            raise errors.KernelDeadError(f"the session of {self._path!r} has no kernel")
        self._set_ready()
        self._emit_current_status()
        return connection

    async def _replace_session(self, session: SessionConnection) -> None:
        if self._disposed:
            # Disposed while the session was being made: release it as dispose would have.
            await self._release(session)
            raise errors.ConnectionClosedError(f"session context {self._path!r} is disposed")
        old = self._session
        old_kernel = old.kernel if old is not None else None
        self._session = session
        self._wire(session)
        if old is not None and not old.is_disposed:
            await old.close()
        self.session_changed.emit(ChangedArgs("session", old, session))
        if session.kernel is not old_kernel:
            self.kernel_changed.emit(ChangedArgs("kernel", old_kernel, session.kernel))
        if session.path != self._path:
            self._path = session.path
            self.property_changed.emit("path")

    def _wire(self, session: SessionConnection) -> None:
        def live() -> bool:
            return session is self._session

        def on_status(status: KernelStatus) -> None:
            if live():
                self._emit_status(status)

        def on_property(prop: SessionProperty) -> None:
            if not live():
                return
            if prop == "path":
                self._path = session.path
            elif prop == "name":
                self._name = session.name
            else:
                self._type = session.type
            self.property_changed.emit(prop)

        def on_disposed(_: None) -> None:
            if live():
                self._session = None
                self.session_changed.emit(ChangedArgs("session", session, None))

        session.status_changed.connect(on_status)
        session.connection_status_changed.connect(_relay(self.connection_status_changed, live))
        session.iopub_message.connect(_relay(self.iopub_message, live))
        session.unhandled_message.connect(_relay(self.unhandled_message, live))
        session.pending_input.connect(_relay(self.pending_input, live))
        session.kernel_changed.connect(_relay(self.kernel_changed, live))
        session.property_changed.connect(on_property)
        session.disposed.connect(on_disposed)

    def _emit_status(self, status: KernelStatus) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _emit_current_status(self) -> None:
        kernel = self.kernel
        if kernel is not None:
            self._emit_status(kernel.status)

    def _signals(self) -> list[Signal[object]]:
        return [
            cast("Signal[object]", s)
            for s in (
                self.session_changed,
                self.kernel_changed,
                self.status_changed,
                self.connection_status_changed,
                self.iopub_message,
                self.unhandled_message,
                self.pending_input,
                self.property_changed,
                self.kernel_preference_changed,
                self.disposed,
            )
        ]

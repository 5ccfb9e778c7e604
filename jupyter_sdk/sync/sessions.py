"""Blocking twins of the kernelspec, session and session-context classes: thin wrappers
calling the async objects through the shared portal (no logic of their own).

Signals are the async objects' signals: their handlers run on the SDK's loop thread and
receive the async objects (for example ``kernel_changed`` carries async
:class:`~jupyter_sdk.KernelConnection` values). Ownership is the async objects': a
session connection owns its kernel connection, a context owns its session connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import kernelspecs as _specs
from .. import session_context as _context
from .. import sessions as _sessions
from ..kernels import connection as _conn
from ..kernels.future import AnyMessage
from ..session_context import KernelDisplayStatus, KernelPreference
from ..sessions import ChangedArgs, KernelRef, SessionProperty
from ..signal import Signal
from ._portal import call, run_sync
from .kernels import KernelConnection, KernelManager

if TYPE_CHECKING:
    from ..models import KernelSpec, KernelSpecs, Session
    from ..settings import ServerSettings

__all__ = ["KernelSpecManager", "SessionConnection", "SessionContext", "SessionManager"]


class _KernelWrapper:
    """One blocking twin per async kernel connection, so ``x.kernel is x.kernel``."""

    def __init__(self) -> None:
        self._pair: tuple[_conn.KernelConnection, KernelConnection] | None = None

    def wrap(self, kernel: _conn.KernelConnection) -> KernelConnection:
        if self._pair is None or self._pair[0] is not kernel:
            self._pair = (kernel, KernelConnection(kernel))
        return self._pair[1]


class KernelSpecManager:
    """Blocking twin of :class:`jupyter_sdk.kernelspecs.KernelSpecManager`; use it as a
    context manager."""

    def __init__(self, settings: ServerSettings, *, poll: bool = True) -> None:
        self.aio = run_sync(lambda: _specs.KernelSpecManager(settings, poll=poll))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> KernelSpecManager:
        call(self.aio.__aenter__)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def specs(self) -> KernelSpecs | None:
        """The kernelspecs as of the last refresh."""
        return self.aio.specs

    @property
    def default(self) -> str | None:
        """The server's default kernelspec name."""
        return self.aio.default

    @property
    def specs_changed(self) -> Signal[KernelSpecs]:
        """Emitted when a refresh finds different kernelspecs."""
        return self.aio.specs_changed

    def names(self) -> list[str]:
        """The kernelspec names as of the last refresh."""
        return self.aio.names()

    def find(self, name: str) -> KernelSpec | None:
        """The cached kernelspec ``name``, or ``None``."""
        return self.aio.find(name)

    def refresh_specs(self) -> KernelSpecs:
        """Fetch the kernelspecs now."""
        return call(self.aio.refresh_specs)

    def get(self, name: str) -> KernelSpec:
        """Fetch one kernelspec."""
        return call(self.aio.get, name)

    def get_resource(self, name: str, file: str) -> bytes:
        """A kernelspec resource file's bytes."""
        return call(self.aio.get_resource, name, file)

    def close(self) -> None:
        """Stop polling."""
        call(self.aio.close)


class SessionConnection:
    """Blocking twin of :class:`jupyter_sdk.sessions.SessionConnection`."""

    def __init__(self, session: _sessions.SessionConnection) -> None:
        self.aio = session
        self._kernels = _KernelWrapper()

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> SessionConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def id(self) -> str:
        """The session's id."""
        return self.aio.id

    @property
    def path(self) -> str:
        """The session's path."""
        return self.aio.path

    @property
    def name(self) -> str | None:
        """The session's name."""
        return self.aio.name

    @property
    def type(self) -> str:
        """The session's type."""
        return self.aio.type

    @property
    def model(self) -> Session:
        """The session's REST model, as last seen."""
        return self.aio.model

    @property
    def kernel(self) -> KernelConnection | None:
        """The connection to the session's kernel."""
        kernel = self.aio.kernel
        return self._kernels.wrap(kernel) if kernel is not None else None

    @property
    def status(self) -> _conn.KernelStatus:
        """The current kernel's status."""
        return self.aio.status

    @property
    def connection_status(self) -> _conn.ConnectionStatus:
        """The current kernel connection's status."""
        return self.aio.connection_status

    @property
    def is_disposed(self) -> bool:
        """Whether the connection was closed, shut down or disposed."""
        return self.aio.is_disposed

    @property
    def status_changed(self) -> Signal[_conn.KernelStatus]:
        """Emitted with each new kernel status (survives kernel changes)."""
        return self.aio.status_changed

    @property
    def connection_status_changed(self) -> Signal[_conn.ConnectionStatus]:
        """Emitted with each new connection status (survives kernel changes)."""
        return self.aio.connection_status_changed

    @property
    def iopub_message(self) -> Signal[AnyMessage]:
        """Emitted with every iopub message of the current kernel."""
        return self.aio.iopub_message

    @property
    def unhandled_message(self) -> Signal[AnyMessage]:
        """Emitted with messages no request or comm claimed."""
        return self.aio.unhandled_message

    @property
    def pending_input(self) -> Signal[bool]:
        """Emitted when the kernel starts or stops waiting for input."""
        return self.aio.pending_input

    @property
    def kernel_changed(self) -> Signal[ChangedArgs[_conn.KernelConnection | None]]:
        """Emitted when the session's kernel changes (with the async connections)."""
        return self.aio.kernel_changed

    @property
    def property_changed(self) -> Signal[SessionProperty]:
        """Emitted with ``"path"``, ``"name"`` or ``"type"`` when one changes."""
        return self.aio.property_changed

    @property
    def disposed(self) -> Signal[None]:
        """Emitted once when the connection is disposed."""
        return self.aio.disposed

    def set_path(self, path: str) -> None:
        """Change the session's path."""
        call(self.aio.set_path, path)

    def set_name(self, name: str) -> None:
        """Change the session's name."""
        call(self.aio.set_name, name)

    def set_type(self, type: str) -> None:
        """Change the session's type."""
        call(self.aio.set_type, type)

    def change_kernel(self, kernel: KernelRef) -> KernelConnection:
        """Give the session another kernel; returns the connection to it."""
        return self._kernels.wrap(call(self.aio.change_kernel, kernel))

    def shutdown(self) -> None:
        """Delete the session (and its kernel) and dispose this connection."""
        call(self.aio.shutdown)

    def close(self) -> None:
        """Close this connection and its kernel connection (not the session)."""
        call(self.aio.close)


class SessionManager:
    """Blocking twin of :class:`jupyter_sdk.sessions.SessionManager`; use it as a context
    manager."""

    def __init__(
        self,
        settings: ServerSettings,
        *,
        kernels: KernelManager | None = None,
        poll: bool = True,
    ) -> None:
        aio_kernels = kernels.aio if kernels is not None else None
        self.aio = run_sync(
            lambda: _sessions.SessionManager(settings, kernels=aio_kernels, poll=poll)
        )

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> SessionManager:
        call(self.aio.__aenter__)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running_changed(self) -> Signal[list[Session]]:
        """Emitted when the running list changes."""
        return self.aio.running_changed

    def running(self) -> list[Session]:
        """The running sessions as of the last refresh."""
        return self.aio.running()

    def refresh_running(self) -> list[Session]:
        """Fetch the running sessions now."""
        return call(self.aio.refresh_running)

    def find_by_id(self, session_id: str) -> Session | None:
        """The session's model, or ``None``."""
        return call(self.aio.find_by_id, session_id)

    def find_by_path(self, path: str) -> Session | None:
        """The running session for ``path``, or ``None``."""
        return call(self.aio.find_by_path, path)

    def start_new(
        self,
        *,
        path: str,
        type: str = "notebook",
        name: str | None = None,
        kernel: KernelRef | None = None,
    ) -> SessionConnection:
        """Start a session for ``path`` (or get the one it has) and connect to it."""
        return SessionConnection(
            call(self.aio.start_new, path=path, type=type, name=name, kernel=kernel)
        )

    def connect_to(self, session: str | Session) -> SessionConnection:
        """Connect to a running session by id or model."""
        return SessionConnection(call(self.aio.connect_to, session))

    def shutdown(self, session_id: str) -> None:
        """Delete a session (and its kernel)."""
        call(self.aio.shutdown, session_id)

    def shutdown_all(self) -> None:
        """Delete every running session."""
        call(self.aio.shutdown_all)

    def close(self) -> None:
        """Close the manager's connections and stop polling."""
        call(self.aio.close)


class SessionContext:
    """Blocking twin of :class:`jupyter_sdk.session_context.SessionContext`; use it as a
    context manager (exit disposes it)."""

    def __init__(
        self,
        sessions: SessionManager,
        specs: KernelSpecManager,
        *,
        path: str,
        type: str = "notebook",
        name: str | None = None,
        kernel_preference: KernelPreference | None = None,
    ) -> None:
        preference = kernel_preference or KernelPreference()
        self.aio = run_sync(
            lambda: _context.SessionContext(
                sessions.aio,
                specs.aio,
                path=path,
                type=type,
                name=name,
                kernel_preference=preference,
            )
        )
        self._session: tuple[_sessions.SessionConnection, SessionConnection] | None = None

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> SessionContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    @property
    def session(self) -> SessionConnection | None:
        """The current session connection, or ``None``."""
        session = self.aio.session
        if session is None:
            return None
        if self._session is None or self._session[0] is not session:
            self._session = (session, SessionConnection(session))
        return self._session[1]

    @property
    def kernel(self) -> KernelConnection | None:
        """The current session's kernel connection, or ``None``."""
        session = self.session
        return session.kernel if session is not None else None

    @property
    def path(self) -> str:
        """The document's path."""
        return self.aio.path

    @property
    def name(self) -> str | None:
        """The session name."""
        return self.aio.name

    @property
    def type(self) -> str:
        """The session type."""
        return self.aio.type

    @property
    def kernel_preference(self) -> KernelPreference:
        """The kernel preference (assigning emits ``kernel_preference_changed``)."""
        return self.aio.kernel_preference

    @kernel_preference.setter
    def kernel_preference(self, value: KernelPreference) -> None:
        def assign() -> None:
            self.aio.kernel_preference = value

        run_sync(assign)

    @property
    def has_no_kernel(self) -> bool:
        """Whether there is no kernel."""
        return self.aio.has_no_kernel

    @property
    def is_ready(self) -> bool:
        """Whether the context is initialized and not restarting."""
        return self.aio.is_ready

    @property
    def is_restarting(self) -> bool:
        """Whether a restart is in progress."""
        return self.aio.is_restarting

    @property
    def is_terminating(self) -> bool:
        """Whether a shutdown is in progress."""
        return self.aio.is_terminating

    @property
    def is_disposed(self) -> bool:
        """Whether the context was disposed."""
        return self.aio.is_disposed

    @property
    def kernel_display_name(self) -> str:
        """The kernelspec's display name, or ``"No Kernel"``."""
        return self.aio.kernel_display_name

    @property
    def kernel_display_status(self) -> KernelDisplayStatus:
        """The status to show, as JupyterLab's."""
        return self.aio.kernel_display_status

    @property
    def session_changed(self) -> Signal[ChangedArgs[_sessions.SessionConnection | None]]:
        """Emitted when the session changes (with the async connections)."""
        return self.aio.session_changed

    @property
    def kernel_changed(self) -> Signal[ChangedArgs[_conn.KernelConnection | None]]:
        """Emitted when the kernel changes (with the async connections)."""
        return self.aio.kernel_changed

    @property
    def status_changed(self) -> Signal[_conn.KernelStatus]:
        """Emitted with each new kernel status."""
        return self.aio.status_changed

    @property
    def connection_status_changed(self) -> Signal[_conn.ConnectionStatus]:
        """Emitted with each new connection status."""
        return self.aio.connection_status_changed

    @property
    def iopub_message(self) -> Signal[AnyMessage]:
        """Emitted with every iopub message of the current kernel."""
        return self.aio.iopub_message

    @property
    def unhandled_message(self) -> Signal[AnyMessage]:
        """Emitted with messages no request or comm claimed."""
        return self.aio.unhandled_message

    @property
    def pending_input(self) -> Signal[bool]:
        """Emitted when the kernel starts or stops waiting for input."""
        return self.aio.pending_input

    @property
    def property_changed(self) -> Signal[SessionProperty]:
        """Emitted when the session's path, name or type changes."""
        return self.aio.property_changed

    @property
    def kernel_preference_changed(self) -> Signal[ChangedArgs[KernelPreference]]:
        """Emitted when the kernel preference is replaced."""
        return self.aio.kernel_preference_changed

    @property
    def disposed(self) -> Signal[None]:
        """Emitted once when the context is disposed."""
        return self.aio.disposed

    def initialize(self) -> bool:
        """Attach to the path's session or start one; returns whether it started one."""
        return call(self.aio.initialize)

    def ready(self) -> None:
        """Wait until :meth:`initialize` has finished (raises what it raised)."""
        call(self.aio.ready)

    def start_kernel(self) -> KernelConnection:
        """Start a kernel per the preference."""
        return self._wrap(call(self.aio.start_kernel))

    def change_kernel(self, kernel: KernelRef) -> KernelConnection:
        """Switch to another kernel."""
        return self._wrap(call(self.aio.change_kernel, kernel))

    def restart_kernel(self) -> None:
        """Restart the kernel."""
        call(self.aio.restart_kernel)

    def shutdown(self) -> None:
        """Shut the session and its kernel down."""
        call(self.aio.shutdown)

    def dispose(self) -> None:
        """Close (or, per the preference, shut down) the session; end every signal."""
        call(self.aio.dispose)

    def _wrap(self, kernel: _conn.KernelConnection) -> KernelConnection:
        session = self.session
        if session is None:
            return KernelConnection(kernel)
        return session._kernels.wrap(kernel)

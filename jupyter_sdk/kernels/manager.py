"""KernelManager: the server's running kernels, polled, and the connections to them."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from .. import errors
from .._poll import Poller
from .._rest import Rest
from ..backends import listing_refused
from ..signal import Signal
from .connection import KernelConnection
from .future import InputHandler

if TYPE_CHECKING:
    from ..models import Kernel
    from ..protocol.wire import WireProtocol
    from ..settings import ServerSettings

__all__ = ["KernelManager"]


class KernelManager:
    """Start, find, connect to and shut down kernels; polls the running list.

    ``async with KernelManager(settings) as kernels:`` closes every connection it made and
    stops polling on exit (the kernels keep running unless shut down).

    Args:
        settings: The server.
        poll: Poll the running list in the background (``settings.polling``).
        rest: Share another manager's REST client (``ServiceManager`` does).

    Attributes:
        settings (ServerSettings): The server.
        running_changed: Emitted with the running kernels (:meth:`running`) when a refresh
            finds kernels started, gone or in a new execution state, and after
            :meth:`shutdown`.
        connection_failure: Emitted with the error when fetching the running list fails
            (while polling or in :meth:`refresh_running`, which also raises it).
    """

    def __init__(
        self, settings: ServerSettings, *, poll: bool = True, rest: Rest | None = None
    ) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._running: dict[str, Kernel] = {}
        self._connections: list[KernelConnection] = []
        self._poll = poll
        self._poller = Poller(
            self.refresh_running, settings.polling, name="kernels-poll", on_error=self._poll_error
        )
        self._closed = False
        self.running_changed: Signal[list[Kernel]] = Signal("running_changed")
        self.connection_failure: Signal[errors.JupyterError] = Signal("connection_failure")

    def __repr__(self) -> str:
        return f"<KernelManager {self.settings.base_url} running={len(self._running)}>"

    async def __aenter__(self) -> KernelManager:
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

    async def close(self) -> None:
        """Close every connection this manager made and stop polling. Idempotent."""
        if self._closed:
            return
        self._closed = True
        await self._poller.stop()
        for connection in list(self._connections):
            await connection.close()
        self._connections.clear()
        if self._owns_rest:
            await self._rest.aclose()

    def running(self) -> list[Kernel]:
        """The running kernels as of the last refresh."""
        return list(self._running.values())

    async def refresh_running(self) -> list[Kernel]:
        """Fetch the running kernels now; marks vanished kernels' connections dead.

        Raises:
            JupyterError: Fetching the list failed (also emitted on ``connection_failure``).
        """
        try:
            models = await self._rest.list_kernels()
        except errors.JupyterError as exc:
            self.connection_failure.emit(exc)
            raise
        fresh = {str(k.id): k for k in models}
        changed = set(fresh) != set(self._running) or any(
            fresh[i].execution_state != self._running[i].execution_state
            for i in fresh
            if i in self._running
        )
        self._running = fresh
        for connection in list(self._connections):
            model = fresh.get(connection.id)
            if model is None:
                if not connection.is_disposed and connection.status != "dead":
                    connection._set_dead(
                        errors.KernelDeadError(f"kernel {connection.id} is gone from the server")
                    )
            else:
                connection._take_model(model)
        if changed:
            self.running_changed.emit(self.running())
        return self.running()

    def _poll_error(self, exc: errors.JupyterError) -> bool:
        # Keep polling with backoff, except when the backend refuses the listing for good.
        return isinstance(exc, errors.AuthenticationError | errors.UnsupportedError)

    async def find_by_id(self, kernel_id: str) -> Kernel | None:
        """The kernel's model, or ``None`` if the server does not know it.

        Raises:
            JupyterError: The server refused or failed the request (other than with 404).
        """
        try:
            return await self._rest.get_kernel(kernel_id)
        except errors.NotFoundError:
            return None

    async def start_new(
        self,
        name: str | None = None,
        *,
        path: str | None = None,
        input_handler: InputHandler | None = None,
        protocol: WireProtocol | None = None,
    ) -> KernelConnection:
        """Start a kernel (default kernelspec when ``name`` is None) and connect to it.

        Raises:
            ServerError: The server could not start the kernel (Jupyter Server answers 500
                for an unknown kernelspec).
            JupyterError: Connecting to the new kernel failed (as for
                :meth:`KernelConnection.connect`); the kernel is then shut down.
        """
        if self._closed:
            raise errors.ConnectionClosedError("the kernel manager is closed")
        model = await self._rest.start_kernel(name=name, path=path)
        self._running[str(model.id)] = model
        try:
            return await self.connect_to(model, input_handler=input_handler, protocol=protocol)
        except BaseException:
            with contextlib.suppress(errors.JupyterError):
                await self._rest.shutdown_kernel(str(model.id))
            raise

    async def connect_to(
        self,
        kernel: str | Kernel,
        *,
        client_id: str | None = None,
        input_handler: InputHandler | None = None,
        protocol: WireProtocol | None = None,
    ) -> KernelConnection:
        """Connect to a running kernel by id or model.

        Raises:
            ConnectionClosedError: The manager is closed.
            NotFoundError: No kernel with this id (when given an id).
            KernelDeadError: The kernel of a given model is gone.
            JupyterError: No attempt got a link (as for :meth:`KernelConnection.connect`).
        """
        if self._closed:
            raise errors.ConnectionClosedError("the kernel manager is closed")
        model = await self._rest.get_kernel(kernel) if isinstance(kernel, str) else kernel
        connection = KernelConnection(
            model,
            rest=self._rest,
            settings=self.settings,
            client_id=client_id,
            input_handler=input_handler,
            protocol=protocol,
        )
        self._connections.append(connection)
        connection.disposed.connect(lambda _: self._forget(connection))
        try:
            await connection.connect()
        except BaseException:
            await connection.close()
            raise
        return connection

    def _forget(self, connection: KernelConnection) -> None:
        if connection in self._connections:
            self._connections.remove(connection)

    async def shutdown(self, kernel_id: str) -> None:
        """Shut a kernel down; its connections become ``dead``.

        Raises:
            JupyterError: The server refused or failed the shutdown (a kernel already gone
                is fine).
        """
        with contextlib.suppress(errors.NotFoundError):
            await self._rest.shutdown_kernel(kernel_id)
        self._running.pop(kernel_id, None)
        for connection in list(self._connections):
            if connection.id == kernel_id:
                connection._set_dead(errors.KernelDeadError(f"kernel {kernel_id} was shut down"))
                await connection.close()
        self.running_changed.emit(self.running())

    async def shutdown_all(self) -> None:
        """Shut down every running kernel.

        Raises:
            JupyterError: Fetching the list or a shutdown failed (the kernels after it are
                left running).
        """
        for model in await self.refresh_running():
            await self.shutdown(str(model.id))

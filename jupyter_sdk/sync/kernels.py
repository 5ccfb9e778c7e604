"""Blocking twins of the kernel classes: thin wrappers calling the async objects through
the shared portal (no logic of their own). Signals are the async objects' signals: their
handlers run on the SDK's loop thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from ..kernels import connection as _conn
from ..kernels import manager as _manager
from ..kernels.comm import Comm as _AsyncComm
from ..kernels.future import AnyMessage, InputHandler
from ..kernels.future import KernelFuture as _AsyncFuture
from ..outputs import ExecutionResult
from ..protocol import messages as m
from ..protocol.messages import BufferLike, JSONValue
from ..signal import Signal
from ._portal import call, iterate, run_sync

if TYPE_CHECKING:
    from ..models import Kernel
    from ..protocol.wire import WireProtocol
    from ..settings import ServerSettings

__all__ = ["Comm", "KernelConnection", "KernelFuture", "KernelManager"]


class KernelFuture:
    """Blocking twin of :class:`jupyter_sdk.kernels.KernelFuture`."""

    def __init__(self, future: _AsyncFuture) -> None:
        self.aio = future

    @classmethod
    def _sent(cls, send: Callable[[], _AsyncFuture]) -> KernelFuture:
        """Send a request on the loop and keep its iopub messages from that instant (this
        thread reaches :meth:`iopub` only after the messages may have arrived)."""

        def sent() -> _AsyncFuture:
            future = send()
            future._keep_iopub()
            return future

        return cls(run_sync(sent))

    def __repr__(self) -> str:
        return repr(self.aio)

    @property
    def msg(self) -> AnyMessage:
        """The request message."""
        return self.aio.msg

    @property
    def done(self) -> bool:
        """Whether the future has ended."""
        return self.aio.done

    def result(self, timeout: float | None = None) -> AnyMessage:
        """Wait for the reply (``TimeoutError`` after ``timeout`` seconds)."""
        import asyncio

        async def wait() -> AnyMessage:
            return await asyncio.wait_for(self.aio.wait(), timeout)

        return call(wait)

    def iopub(self) -> Iterator[AnyMessage]:
        """Iterate over the request's iopub messages, from its first, until it is done
        (those that arrived before the iteration began are kept for it)."""
        return iterate(self.aio.iopub)

    def send_input_reply(self, value: str) -> None:
        """Answer the request's pending ``input_request``."""
        run_sync(self.aio.send_input_reply, value)

    def set_callbacks(
        self,
        *,
        on_iopub: Callable[[AnyMessage], object] | None = None,
        on_reply: Callable[[AnyMessage], object] | None = None,
        on_stdin: Callable[[AnyMessage], object] | None = None,
    ) -> None:
        """Set the callbacks (they run on the SDK's loop thread)."""

        def assign() -> None:
            self.aio.on_iopub = on_iopub
            self.aio.on_reply = on_reply
            self.aio.on_stdin = on_stdin

        run_sync(assign)


class Comm:
    """Blocking twin of :class:`jupyter_sdk.kernels.Comm`."""

    def __init__(self, comm: _AsyncComm) -> None:
        self.aio = comm

    def __repr__(self) -> str:
        return repr(self.aio)

    @property
    def comm_id(self) -> str:
        """The comm's id."""
        return self.aio.comm_id

    @property
    def target_name(self) -> str:
        """The comm's target."""
        return self.aio.target_name

    def set_handlers(
        self,
        on_msg: Callable[[AnyMessage], object] | None = None,
        on_close: Callable[[AnyMessage], object] | None = None,
    ) -> None:
        """Set the message and close handlers (they run on the SDK's loop thread)."""

        def assign() -> None:
            self.aio.on_msg = on_msg
            self.aio.on_close = on_close

        run_sync(assign)

    def open(
        self,
        data: Mapping[str, JSONValue] | None = None,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] = (),
    ) -> KernelFuture:
        """Send ``comm_open``."""
        return KernelFuture._sent(lambda: self.aio.open(data, metadata, buffers))

    def send(
        self,
        data: Mapping[str, JSONValue] | None = None,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] = (),
    ) -> KernelFuture:
        """Send a ``comm_msg``."""
        return KernelFuture._sent(lambda: self.aio.send(data, metadata, buffers))

    def close(self, data: Mapping[str, JSONValue] | None = None) -> None:
        """Send ``comm_close``."""
        run_sync(self.aio.close, data)


class KernelConnection:
    """Blocking twin of :class:`jupyter_sdk.kernels.KernelConnection`."""

    def __init__(self, connection: _conn.KernelConnection) -> None:
        self.aio = connection

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> KernelConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def id(self) -> str:
        """The kernel's id."""
        return self.aio.id

    @property
    def name(self) -> str:
        """The kernelspec name."""
        return self.aio.name

    @property
    def client_id(self) -> str:
        """The websocket session id."""
        return self.aio.client_id

    @property
    def model(self) -> Kernel:
        """The kernel's REST model, as last seen."""
        return self.aio.model

    @property
    def status(self) -> _conn.KernelStatus:
        """The kernel's execution status."""
        return self.aio.status

    @property
    def connection_status(self) -> _conn.ConnectionStatus:
        """The websocket's status."""
        return self.aio.connection_status

    @property
    def info(self) -> m.KernelInfoReplyContent | None:
        """The ``kernel_info`` reply content."""
        return self.aio.info

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
        """Emitted with every iopub message."""
        return self.aio.iopub_message

    @property
    def unhandled_message(self) -> Signal[AnyMessage]:
        """Emitted with messages no request or comm claimed."""
        return self.aio.unhandled_message

    def execute(
        self,
        code: str,
        *,
        timeout: float | None = None,
        raise_on_error: bool = False,
        interrupt_on_timeout: bool = True,
        input_handler: InputHandler | None = None,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: Mapping[str, str] | None = None,
        stop_on_error: bool = True,
    ) -> ExecutionResult:
        """Run ``code`` and return its outputs (see the async ``execute``)."""
        return call(
            self.aio.execute,
            code,
            timeout=timeout,
            raise_on_error=raise_on_error,
            interrupt_on_timeout=interrupt_on_timeout,
            input_handler=input_handler,
            silent=silent,
            store_history=store_history,
            user_expressions=user_expressions,
            stop_on_error=stop_on_error,
        )

    def request_execute(
        self,
        code: str,
        *,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: Mapping[str, str] | None = None,
        allow_stdin: bool | None = None,
        stop_on_error: bool = True,
        input_handler: InputHandler | None = None,
    ) -> KernelFuture:
        """Send ``execute_request``; returns its future at once."""
        return KernelFuture._sent(
            lambda: self.aio.request_execute(
                code,
                silent=silent,
                store_history=store_history,
                user_expressions=user_expressions,
                allow_stdin=allow_stdin,
                stop_on_error=stop_on_error,
                input_handler=input_handler,
            )
        )

    def request_kernel_info(self) -> m.KernelInfoReplyMsg:
        """Ask for ``kernel_info``."""
        return call(self.aio.request_kernel_info)

    def request_complete(self, code: str, cursor_pos: int | None = None) -> m.CompleteReplyMsg:
        """Ask for completions."""
        return call(self.aio.request_complete, code, cursor_pos)

    def request_inspect(
        self, code: str, cursor_pos: int | None = None, detail_level: Literal[0, 1] = 0
    ) -> m.InspectReplyMsg:
        """Ask for introspection."""
        return call(self.aio.request_inspect, code, cursor_pos, detail_level)

    def request_history(self, content: m.HistoryRequestContent | None = None) -> m.HistoryReplyMsg:
        """Ask for history."""
        return call(self.aio.request_history, content)

    def request_is_complete(self, code: str) -> m.IsCompleteReplyMsg:
        """Ask whether ``code`` is complete."""
        return call(self.aio.request_is_complete, code)

    def request_comm_info(self, target_name: str | None = None) -> m.CommInfoReplyMsg:
        """Ask which comms are open."""
        return call(self.aio.request_comm_info, target_name)

    def create_comm(self, target_name: str, comm_id: str | None = None) -> Comm:
        """A new comm to a kernel-side target."""
        return Comm(run_sync(self.aio.create_comm, target_name, comm_id))

    def register_comm_target(
        self, target_name: str, callback: Callable[[Comm, AnyMessage], object]
    ) -> None:
        """Accept comms the kernel opens for ``target_name`` (callback on the loop thread)."""
        run_sync(
            self.aio.register_comm_target,
            target_name,
            lambda comm, msg: callback(Comm(comm), msg),
        )

    def send_input_reply(self, value: str) -> None:
        """Answer the pending ``input_request``."""
        run_sync(self.aio.send_input_reply, value)

    def interrupt(self) -> None:
        """Interrupt the kernel."""
        call(self.aio.interrupt)

    def restart(self) -> None:
        """Restart the kernel."""
        call(self.aio.restart)

    def reconnect(self) -> None:
        """Reconnect the websocket now."""
        call(self.aio.reconnect)

    def shutdown(self) -> None:
        """Shut the kernel down and close the connection."""
        call(self.aio.shutdown)

    def close(self) -> None:
        """Close the connection (not the kernel)."""
        call(self.aio.close)


class KernelManager:
    """Blocking twin of :class:`jupyter_sdk.KernelManager`; use it as a context manager."""

    def __init__(self, settings: ServerSettings, *, poll: bool = True) -> None:
        self.aio = run_sync(lambda: _manager.KernelManager(settings, poll=poll))

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> KernelManager:
        call(self.aio.__aenter__)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running_changed(self) -> Signal[list[Kernel]]:
        """Emitted when the running list changes."""
        return self.aio.running_changed

    def running(self) -> list[Kernel]:
        """The running kernels as of the last refresh."""
        return self.aio.running()

    def refresh_running(self) -> list[Kernel]:
        """Fetch the running kernels now."""
        return call(self.aio.refresh_running)

    def find_by_id(self, kernel_id: str) -> Kernel | None:
        """The kernel's model, or ``None``."""
        return call(self.aio.find_by_id, kernel_id)

    def start_new(
        self,
        name: str | None = None,
        *,
        path: str | None = None,
        input_handler: InputHandler | None = None,
        protocol: WireProtocol | None = None,
    ) -> KernelConnection:
        """Start a kernel and connect to it."""
        return KernelConnection(
            call(
                self.aio.start_new, name, path=path, input_handler=input_handler, protocol=protocol
            )
        )

    def connect_to(
        self,
        kernel: str | Kernel,
        *,
        client_id: str | None = None,
        input_handler: InputHandler | None = None,
        protocol: WireProtocol | None = None,
    ) -> KernelConnection:
        """Connect to a running kernel by id or model."""
        return KernelConnection(
            call(
                self.aio.connect_to,
                kernel,
                client_id=client_id,
                input_handler=input_handler,
                protocol=protocol,
            )
        )

    def shutdown(self, kernel_id: str) -> None:
        """Shut a kernel down."""
        call(self.aio.shutdown, kernel_id)

    def shutdown_all(self) -> None:
        """Shut every running kernel down."""
        call(self.aio.shutdown_all)

    def close(self) -> None:
        """Close the manager's connections and stop polling."""
        call(self.aio.close)

"""KernelConnection: one client's live link to a running kernel over the server's websocket.

Lifecycle rules (as in @jupyterlab/services, sturdier):

* One ``client_id`` (the websocket ``session_id``) for the connection's whole life, so the
  server replays output it buffered while the link was down.
* Close codes: 1000/1001 end the connection; 1005 means another client took this
  session id (:class:`~jupyter_sdk.errors.ConnectionReplacedError`, no fight back); any
  other drop reconnects with capped exponential backoff and jitter. While disconnected,
  sends queue in order and are flushed after a ``kernel_info`` handshake.
* Every pending future ends: with its reply, or :class:`KernelDeadError` (kernel gone),
  :class:`KernelRestartedError` (restart/autorestart), or :class:`ConnectionClosedError`
  (closed by us or given up after the reconnect limit).
* Dead is final: once the kernel is dead (shut down, gone from the server, restart
  failed) the socket is closed and no reconnect is ever attempted.
* :meth:`connect` / :meth:`reconnect` that never get a link raise the last attempt's
  error (:class:`NetworkError`, :class:`RequestTimeoutError`, :class:`TLSError`, ...).
* Closing a connection never shuts the kernel down; :meth:`shutdown` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TypeVar, cast

import websockets

from .. import errors
from .._backoff import backoff_delays
from .._websocket import ClientConnection, open_websocket, quickack
from ..outputs import ExecutionResult, OutputCollector
from ..protocol import messages as m
from ..protocol.messages import BufferLike, Channel, JSONObject, JSONValue
from ..protocol.wire import V1_PROTOCOL, WireProtocol, decode, encode
from ..signal import Signal
from .comm import Comm
from .future import AnyMessage, InputHandler, KernelFuture

if TYPE_CHECKING:
    from .._rest import Rest
    from ..models import Kernel
    from ..settings import ServerSettings

__all__ = ["ConnectionStatus", "KernelConnection", "KernelStatus"]

_log = logging.getLogger("jupyter_sdk.kernels")

KernelStatus = Literal[
    "unknown", "starting", "idle", "busy", "terminating", "restarting", "autorestarting", "dead"
]
"""A kernel's execution status (:attr:`KernelConnection.status`): the kernel's own
``execution_state``, ``"unknown"`` before its first status message, ``"restarting"`` during
:meth:`KernelConnection.restart`, ``"autorestarting"`` when the server's restarter restarted
it (a crash), and ``"dead"``, which is final."""
ConnectionStatus = Literal["connecting", "connected", "disconnected"]
"""The state of a kernel connection's websocket (:attr:`KernelConnection.connection_status`):
``"connecting"`` (opening or reconnecting; sends queue), ``"connected"`` (the handshake is
done and queued sends are flushed), ``"disconnected"`` (closed, or ended: replaced, refused,
given up after the reconnect limit, or the kernel is dead)."""
CommTargetHandler = Callable[[Comm, AnyMessage], object]
"""Called with a new :class:`Comm` and its ``comm_open`` message when the kernel opens a
comm for a registered target (:meth:`KernelConnection.register_comm_target`)."""
T = TypeVar("T")

# How long the reconnect handshake waits for kernel_info before flushing anyway (a busy
# kernel answers shell requests only after the running cell).
_HANDSHAKE_TIMEOUT = 3.0
# How long a timed-out execute waits for its interrupted request to end.
_INTERRUPT_SETTLE = 5.0
_RATE_LIMIT_MARKERS = ("IOPub data rate exceeded", "IOPub message rate exceeded")


class KernelConnection:
    """A live connection to one kernel. Get one from :class:`KernelManager`.

    Use it as an async context manager to close it on exit (the kernel keeps running).

    Requests raise at once when the connection cannot send: :class:`ConnectionClosedError`
    once it is closed, :class:`KernelDeadError` once the kernel is dead, and the error the
    connection ended with (:class:`ConnectionReplacedError`, :class:`ConnectionClosedError`
    after the reconnect limit, :class:`AuthenticationError`...) until :meth:`reconnect`.

    Attributes:
        client_id (str): The websocket ``session_id``, also the ``session`` of the headers
            this connection writes; kept for its whole life (a random hex string unless
            given).
        username (str): The ``username`` of the headers this connection writes.
        input_handler (InputHandler | None): Answers ``input()`` for requests sent without
            their own handler; with ``None``, ``allow_stdin`` defaults to ``False``.
        info: The content of the kernel's last successful ``kernel_info_reply`` (from the
            connection handshake or :meth:`request_kernel_info`); ``None`` before it.
        status_changed: Emitted with the new :data:`KernelStatus` on each change.
        connection_status_changed: Emitted with the new :data:`ConnectionStatus` on each
            change.
        iopub_message: Emitted with every message received on the iopub channel.
        unhandled_message: Emitted with each shell, control or stdin message that answers
            no pending request of this connection.
        any_message: Emitted with ``(message, "recv")`` for every message received and
            ``(message, "send")`` for every queued message once it is sent.
        pending_input: Emitted with ``True`` when the kernel sends a request's stdin message
            (an ``input_request``), with ``False`` when an input reply is sent or the
            pending requests fail.
        disposed: Emitted with ``None`` once, when the connection is closed (by
            :meth:`close` or :meth:`shutdown`); every handler is then disconnected.
    """

    def __init__(
        self,
        model: Kernel,
        *,
        rest: Rest,
        settings: ServerSettings,
        client_id: str | None = None,
        username: str = "",
        input_handler: InputHandler | None = None,
        protocol: WireProtocol | None = None,
    ) -> None:
        self._model = model
        self._rest = rest
        self._settings = settings
        self.client_id = client_id or uuid.uuid4().hex
        self.username = username
        self.input_handler = input_handler
        self.info: m.KernelInfoReplyContent | None = None
        self._status: KernelStatus = "unknown"
        self._connection_status: ConnectionStatus = "connecting"
        self._forced_protocol = protocol
        self._protocol = protocol or WireProtocol.V1
        self._ws: ClientConnection | None = None
        self._ready = False  # handshake done on the current socket
        self._futures: dict[str, KernelFuture] = {}
        self._comms: dict[str, Comm] = {}
        self._targets: dict[str, CommTargetHandler] = {}
        # (message, protocol it was encoded for, frame): encoded once, re-encoded only
        # if a reconnect lands on the other protocol.
        self._outbox: deque[tuple[AnyMessage, WireProtocol, str | bytes]] = deque()
        self._wake = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._first_connect: asyncio.Future[None] | None = None
        self._closed = False
        self._background: set[asyncio.Future[None]] = set()
        self._end_error: errors.JupyterError | None = None

        self.status_changed: Signal[KernelStatus] = Signal("status_changed")
        self.connection_status_changed: Signal[ConnectionStatus] = Signal(
            "connection_status_changed"
        )
        self.iopub_message: Signal[AnyMessage] = Signal("iopub_message")
        self.unhandled_message: Signal[AnyMessage] = Signal("unhandled_message")
        self.any_message: Signal[tuple[AnyMessage, Literal["send", "recv"]]] = Signal("any_message")
        self.pending_input: Signal[bool] = Signal("pending_input")
        self.disposed: Signal[None] = Signal("disposed")

    def __repr__(self) -> str:
        return (
            f"<KernelConnection {self.name} {self.id[:8]} status={self._status} "
            f"connection={self._connection_status}>"
        )

    # -- properties ------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The kernel's id."""
        return str(self._model.id)

    @property
    def name(self) -> str:
        """The kernel's kernelspec name."""
        return str(self._model.name)

    @property
    def model(self) -> Kernel:
        """The kernel's REST model, as last seen."""
        return self._model

    @property
    def status(self) -> KernelStatus:
        """The kernel's execution status."""
        return self._status

    @property
    def connection_status(self) -> ConnectionStatus:
        """The websocket's status."""
        return self._connection_status

    @property
    def protocol(self) -> WireProtocol:
        """The wire protocol the server picked."""
        return self._protocol

    @property
    def is_disposed(self) -> bool:
        """Whether :meth:`close` (or :meth:`shutdown`) has run."""
        return self._closed

    @property
    def has_pending_input(self) -> bool:
        """Whether the kernel waits for an ``input_reply``."""
        return any(f._awaiting_input for f in self._futures.values())

    # -- lifecycle -------------------------------------------------------------------

    async def __aenter__(self) -> KernelConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        """Open the websocket and wait for the first handshake (called by the manager).

        Raises:
            JupyterError: Every attempt of the reconnect policy failed: the last attempt's
                error (e.g. :class:`NetworkError`, :class:`RequestTimeoutError`); or at
                once :class:`KernelDeadError` (the kernel is dead, or the server does not
                know it), :class:`AuthenticationError` (refused), :class:`BadRequestError`
                or :class:`ServerNotRunningError` (a hub user server that is down);
                :class:`ConnectionClosedError` when the connection was closed.
        """
        if self._closed:
            raise errors.ConnectionClosedError(f"connection to kernel {self.id} is closed")
        if self._runner is not None and not self._runner.done():
            if self._first_connect is not None:
                await asyncio.shield(self._first_connect)
            return
        loop = asyncio.get_running_loop()
        self._first_connect = loop.create_future()
        self._end_error = None
        self._runner = loop.create_task(self._run(), name=f"kernel-{self.id[:8]}")
        if self._writer is None:
            self._writer = loop.create_task(self._write_loop(), name=f"kernel-w-{self.id[:8]}")
        await asyncio.shield(self._first_connect)

    async def reconnect(self) -> None:
        """Reconnect now (also after the reconnect limit was reached).

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: No attempt got a link (as for :meth:`connect`).
        """
        if self._closed:
            raise errors.ConnectionClosedError(f"connection to kernel {self.id} is closed")
        if self._status == "dead":
            raise self._end_error or errors.KernelDeadError(f"kernel {self.id} is dead")
        if self._runner is not None and not self._runner.done():
            ws = self._ws
            if ws is not None:
                # Dropping the socket makes the runner reconnect with the same session id.
                self._first_connect = asyncio.get_running_loop().create_future()
                await ws.close(code=4000, reason="reconnect")
                await asyncio.shield(self._first_connect)
                return
        await self.connect()

    async def close(self) -> None:
        """Close the connection (not the kernel). Pending futures fail with
        :class:`~jupyter_sdk.errors.ConnectionClosedError`. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._fail_all(errors.ConnectionClosedError(f"connection to kernel {self.id} closed"))
        for comm in list(self._comms.values()):
            comm._handle_close(None)
        self._comms.clear()
        ws, self._ws = self._ws, None
        for task in (self._runner, self._writer):
            if task is not None and not task.done():
                task.cancel()
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        for task in (self._runner, self._writer):
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if self._first_connect is not None and not self._first_connect.done():
            self._first_connect.set_exception(errors.ConnectionClosedError("closed"))
            self._first_connect.exception()
        self._set_connection_status("disconnected")
        self.disposed.emit(None)
        for signal in self._signals():
            signal.disconnect_all()

    async def interrupt(self) -> None:
        """Interrupt the kernel (through the server, which knows its interrupt mode).

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead, or gone from the server.
            JupyterError: The error the connection ended with, until :meth:`reconnect`; or
                the server refused or failed the request.
        """
        self._check_usable()
        await self._rest_call(self._rest.interrupt_kernel(self.id))

    async def restart(self) -> None:
        """Restart the kernel; pending futures fail with ``KernelRestartedError``.

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead, or gone from the server.
            JupyterError: The error the connection ended with, until :meth:`reconnect`; the
                server refused or failed the restart; or reconnecting failed (as for
                :meth:`connect`).
        """
        self._check_usable()
        self._fail_all(errors.KernelRestartedError(f"kernel {self.id} was restarted"))
        self._set_status("restarting")
        self._model = await self._rest_call(self._rest.restart_kernel(self.id))
        self._drop_comms()
        await self.reconnect()

    async def shutdown(self) -> None:
        """Shut the kernel down on the server and close this connection.

        Also works on a closed connection while its manager (and HTTP client) is open.

        Raises:
            ConnectionClosedError: The connection's HTTP client was closed with its manager:
                use another manager's ``shutdown(kernel_id)``.
            JupyterError: The server refused or failed the shutdown (a kernel already gone
                is fine); the connection then stays open.
        """
        if self._status != "dead":
            try:
                with contextlib.suppress(errors.NotFoundError):
                    await self._rest.shutdown_kernel(self.id)
            except RuntimeError as exc:  # httpx: the client has been closed
                raise errors.ConnectionClosedError(
                    f"cannot shut kernel {self.id} down: its manager is closed"
                ) from exc
            self._set_dead(errors.KernelDeadError(f"kernel {self.id} was shut down"))
        await self.close()

    # -- requests --------------------------------------------------------------------

    async def request_kernel_info(self) -> m.KernelInfoReplyMsg:
        """Ask for ``kernel_info``; also updates :attr:`info`.

        Raises:
            ConnectionClosedError: The connection is closed, also while waiting for the reply.
            KernelDeadError: The kernel is dead, or dies before replying.
            KernelRestartedError: The kernel restarts before replying.
            JupyterError: The error the connection ended with (also while waiting), until
                :meth:`reconnect`.
        """
        reply = await self._send_request("kernel_info_request", "shell", m.kernel_info_request())
        self._take_info(reply)
        return cast("m.KernelInfoReplyMsg", reply)

    async def request_complete(
        self, code: str, cursor_pos: int | None = None
    ) -> m.CompleteReplyMsg:
        """Ask for completions at ``cursor_pos`` (default: end of ``code``).

        Raises:
            ConnectionClosedError: The connection is closed, also while waiting for the reply.
            KernelDeadError: The kernel is dead, or dies before replying.
            KernelRestartedError: The kernel restarts before replying.
            JupyterError: The error the connection ended with (also while waiting), until
                :meth:`reconnect`.
            MessageTooLargeError: The request is over the websocket message limit (nothing
                is sent).
        """
        content = m.complete_request(code, len(code) if cursor_pos is None else cursor_pos)
        return cast(
            "m.CompleteReplyMsg", await self._send_request("complete_request", "shell", content)
        )

    async def request_inspect(
        self, code: str, cursor_pos: int | None = None, detail_level: Literal[0, 1] = 0
    ) -> m.InspectReplyMsg:
        """Ask for introspection (help) at ``cursor_pos``.

        Raises:
            ConnectionClosedError: The connection is closed, also while waiting for the reply.
            KernelDeadError: The kernel is dead, or dies before replying.
            KernelRestartedError: The kernel restarts before replying.
            JupyterError: The error the connection ended with (also while waiting), until
                :meth:`reconnect`.
            MessageTooLargeError: The request is over the websocket message limit (nothing
                is sent).
        """
        pos = len(code) if cursor_pos is None else cursor_pos
        content = m.inspect_request(code, pos, detail_level)
        return cast(
            "m.InspectReplyMsg", await self._send_request("inspect_request", "shell", content)
        )

    async def request_history(
        self, content: m.HistoryRequestContent | None = None
    ) -> m.HistoryReplyMsg:
        """Ask for history (default: the last 10 entries with output).

        Raises:
            ConnectionClosedError: The connection is closed, also while waiting for the reply.
            KernelDeadError: The kernel is dead, or dies before replying.
            KernelRestartedError: The kernel restarts before replying.
            JupyterError: The error the connection ended with (also while waiting), until
                :meth:`reconnect`.
        """
        body = content if content is not None else m.history_request("tail", n=10, output=True)
        return cast("m.HistoryReplyMsg", await self._send_request("history_request", "shell", body))

    async def request_is_complete(self, code: str) -> m.IsCompleteReplyMsg:
        """Ask whether ``code`` is a complete statement.

        Raises:
            ConnectionClosedError: The connection is closed, also while waiting for the reply.
            KernelDeadError: The kernel is dead, or dies before replying.
            KernelRestartedError: The kernel restarts before replying.
            JupyterError: The error the connection ended with (also while waiting), until
                :meth:`reconnect`.
            MessageTooLargeError: The request is over the websocket message limit (nothing
                is sent).
        """
        content = m.is_complete_request(code)
        return cast(
            "m.IsCompleteReplyMsg",
            await self._send_request("is_complete_request", "shell", content),
        )

    async def request_comm_info(self, target_name: str | None = None) -> m.CommInfoReplyMsg:
        """Ask which comms are open in the kernel (optionally for one target).

        Raises:
            ConnectionClosedError: The connection is closed, also while waiting for the reply.
            KernelDeadError: The kernel is dead, or dies before replying.
            KernelRestartedError: The kernel restarts before replying.
            JupyterError: The error the connection ended with (also while waiting), until
                :meth:`reconnect`.
        """
        content = m.comm_info_request(target_name)
        return cast(
            "m.CommInfoReplyMsg", await self._send_request("comm_info_request", "shell", content)
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
        metadata: Mapping[str, JSONValue] | None = None,
        subshell_id: str | None = None,
    ) -> KernelFuture:
        """Send ``execute_request`` and return its future at once.

        ``allow_stdin`` defaults to whether an input handler (this call's or the
        connection's) exists, so a kernel never blocks on an ``input()`` nobody answers.

        The returned future fails with :class:`ConnectionClosedError`,
        :class:`KernelDeadError`, :class:`KernelRestartedError` or the connection's ending
        error if the reply cannot come.

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
            MessageTooLargeError: The request is over the websocket message limit (nothing
                is sent).
        """
        handler = input_handler or self.input_handler
        content = m.execute_request(
            code,
            silent=silent,
            store_history=store_history,
            user_expressions=dict(user_expressions) if user_expressions else None,
            allow_stdin=handler is not None if allow_stdin is None else allow_stdin,
            stop_on_error=stop_on_error,
        )
        return self._send_request(
            "execute_request",
            "shell",
            content,
            metadata=metadata,
            input_handler=handler,
            subshell_id=subshell_id,
        )

    def request_debug(
        self, content: m.DebugRequestContent, buffers: Sequence[BufferLike] = ()
    ) -> KernelFuture:
        """Send a ``debug_request`` (DAP over the control channel).

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
            MessageTooLargeError: The request is over the websocket message limit (nothing
                is sent).
        """
        return self._send_request("debug_request", "control", content, buffers=buffers)

    def request_create_subshell(self) -> KernelFuture:
        """Create a subshell (kernels implementing messaging spec 5.5).

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
        """
        return self._send_request("create_subshell_request", "control", m.create_subshell_request())

    def request_delete_subshell(self, subshell_id: str) -> KernelFuture:
        """Delete a subshell.

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
        """
        content = m.delete_subshell_request(subshell_id)
        return self._send_request("delete_subshell_request", "control", content)

    def request_list_subshell(self) -> KernelFuture:
        """List the kernel's subshells.

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
        """
        return self._send_request("list_subshell_request", "control", m.list_subshell_request())

    def send_shell_message(self, msg: AnyMessage, *, expect_reply: bool = True) -> KernelFuture:
        """Send a message you built on the shell channel.

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
            MessageTooLargeError: The message is over the websocket message limit (nothing
                is sent).
        """
        return self._send_built(msg, "shell", expect_reply=expect_reply)

    def send_control_message(self, msg: AnyMessage, *, expect_reply: bool = True) -> KernelFuture:
        """Send a message you built on the control channel.

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
            MessageTooLargeError: The message is over the websocket message limit (nothing
                is sent).
        """
        return self._send_built(msg, "control", expect_reply=expect_reply)

    def send_input_reply(self, value: str, *, parent: AnyMessage | None = None) -> None:
        """Answer the kernel's pending ``input_request`` (of ``parent``, else the latest).

        Raises:
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
            MessageTooLargeError: The reply is over the websocket message limit (nothing
                is sent).
        """
        self._check_usable()
        if parent is None:
            waiting = [f for f in self._futures.values() if f._awaiting_input]
            parent = waiting[-1].msg if waiting else None
        msg = m.new_message(
            "input_reply",
            "stdin",
            m.input_reply(value),
            session=self.client_id,
            username=self.username,
            parent=parent,
        )
        for future in self._futures.values():
            if parent is not None and future.msg_id == parent["header"]["msg_id"]:
                future._awaiting_input = False
        self.pending_input.emit(False)
        self._enqueue(cast("AnyMessage", msg))

    async def execute(
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
        on_output: Callable[[AnyMessage], object] | None = None,
    ) -> ExecutionResult:
        """Run ``code`` and return its outputs, as ``execute_interactive`` does for ZMQ.

        Args:
            code: The code.
            timeout: Seconds to wait; then :class:`ExecutionTimeoutError`.
            raise_on_error: Raise :class:`ExecutionError` when the code fails.
            interrupt_on_timeout: Interrupt the kernel on timeout or cancellation.
            input_handler: Answers ``input()`` calls: ``(prompt, password) -> str``.
            silent: Execute quietly (no outputs, no history).
            store_history: Record the code in the kernel's history.
            user_expressions: Expressions to evaluate after the code.
            stop_on_error: Abort queued executions if this one fails.
            on_output: Called with each iopub message as it arrives.

        Raises:
            ExecutionTimeoutError: It did not finish within ``timeout`` (the kernel is
                interrupted first when ``interrupt_on_timeout``).
            ExecutionError: The code raised, and ``raise_on_error`` is set.
            ConnectionClosedError: The connection is closed, also during the execution.
            KernelDeadError: The kernel is dead, or dies during the execution.
            KernelRestartedError: The kernel restarts during the execution.
            MessageTooLargeError: The request is over the websocket message limit (nothing
                is sent).
            JupyterError: The error the connection ended with (also during the execution),
                until :meth:`reconnect`.
            Exception: What the input handler raised, if it failed.
        """
        collector = OutputCollector()
        future = self.request_execute(
            code,
            silent=silent,
            store_history=store_history,
            user_expressions=user_expressions,
            stop_on_error=stop_on_error,
            input_handler=input_handler,
        )

        def take(msg: AnyMessage) -> None:
            collector.add(msg)
            if on_output is not None:
                on_output(msg)

        future.on_iopub = take
        try:
            reply = await asyncio.wait_for(future.wait(), timeout)
        except TimeoutError:
            if interrupt_on_timeout:
                await self._interrupt_and_settle(future)
            future._fail(errors.ExecutionTimeoutError(f"execution exceeded {timeout} s"))
            raise errors.ExecutionTimeoutError(
                f"execution did not finish within {timeout} s"
                + ("; the kernel was interrupted" if interrupt_on_timeout else "")
            ) from None
        except asyncio.CancelledError:
            if interrupt_on_timeout and not future.done:
                await asyncio.shield(self._interrupt_and_settle(future))
            raise
        content = reply["content"]
        status = str(content.get("status", "ok"))
        count = content.get("execution_count")
        error = next((o for o in collector.outputs if o["output_type"] == "error"), None)
        if status == "error" and error is None:
            error = {
                "output_type": "error",
                "ename": str(content.get("ename", "")),
                "evalue": str(content.get("evalue", "")),
                "traceback": [str(t) for t in cast("list[object]", content.get("traceback") or [])],
            }
        result = ExecutionResult(
            outputs=collector.outputs,
            execution_count=count if isinstance(count, int) else collector.execution_count,
            status=status,
            error=error if status == "error" else None,
            reply=dict(content),
        )
        if raise_on_error and result.error is not None:
            raise errors.ExecutionError(
                result.error["ename"], result.error["evalue"], result.error["traceback"]
            )
        return result

    async def _interrupt_and_settle(self, future: KernelFuture) -> None:
        """Interrupt, then let the interrupted request end, so the kernel's abort of queued
        requests (stop_on_error) does not swallow the caller's next one."""
        with contextlib.suppress(errors.JupyterError):
            await self.interrupt()
        with contextlib.suppress(TimeoutError, errors.JupyterError):
            await asyncio.wait_for(future.wait(), _INTERRUPT_SETTLE)

    # -- comms -----------------------------------------------------------------------

    def register_comm_target(self, target_name: str, callback: CommTargetHandler) -> None:
        """Accept comms the kernel opens for ``target_name``: ``callback(comm, open_msg)``."""
        self._targets[target_name] = callback

    def remove_comm_target(self, target_name: str) -> None:
        """Stop accepting comms for ``target_name``."""
        self._targets.pop(target_name, None)

    def create_comm(self, target_name: str, comm_id: str | None = None) -> Comm:
        """A new comm to a kernel-side target; call :meth:`Comm.open` to open it.

        Raises:
            ValueError: A comm with ``comm_id`` already exists.
            ConnectionClosedError: The connection is closed.
            KernelDeadError: The kernel is dead.
            JupyterError: The error the connection ended with, until :meth:`reconnect`.
        """
        self._check_usable()
        comm = Comm(self, target_name, comm_id)
        if comm.comm_id in self._comms:
            raise ValueError(f"comm {comm.comm_id} already exists")
        self._comms[comm.comm_id] = comm
        return comm

    def has_comm(self, comm_id: str) -> bool:
        """Whether a comm with this id is open."""
        return comm_id in self._comms

    # -- sending ---------------------------------------------------------------------

    def _check_usable(self) -> None:
        if self._closed:
            raise errors.ConnectionClosedError(f"connection to kernel {self.id} is closed")
        if self._status == "dead":
            raise self._end_error or errors.KernelDeadError(f"kernel {self.id} is dead")
        if self._end_error is not None:
            # Ended (replaced, refused, or given up): say why until reconnect() is called.
            raise self._end_error

    def _send_request(
        self,
        msg_type: str,
        channel: Channel,
        content: Mapping[str, object],
        *,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] = (),
        expect_reply: bool = True,
        input_handler: InputHandler | None = None,
        subshell_id: str | None = None,
    ) -> KernelFuture:
        msg = m.new_message(
            msg_type,
            channel,
            cast("JSONObject", dict(content)),
            session=self.client_id,
            username=self.username,
            metadata=metadata,
            buffers=buffers,
            subshell_id=subshell_id,
        )
        return self._send_built(
            msg, channel, expect_reply=expect_reply, input_handler=input_handler
        )

    def _send_built(
        self,
        msg: AnyMessage,
        channel: Channel,
        *,
        expect_reply: bool = True,
        input_handler: InputHandler | None = None,
    ) -> KernelFuture:
        self._check_usable()
        msg["channel"] = channel
        # Encoding now raises MessageTooLargeError to the caller, before anything is queued.
        frame = encode(self._protocol, msg)
        future = KernelFuture(self, msg, expect_reply=expect_reply, input_handler=input_handler)
        self._futures[future.msg_id] = future
        self._outbox.append((msg, self._protocol, frame))
        self._wake.set()
        return future

    def _enqueue(self, msg: AnyMessage) -> None:
        self._outbox.append((msg, self._protocol, encode(self._protocol, msg)))
        self._wake.set()

    async def _write_loop(self) -> None:
        while not self._closed:
            await self._wake.wait()
            self._wake.clear()
            while self._outbox and self._ready and self._ws is not None:
                ws = self._ws
                msg, protocol, frame = self._outbox[0]
                try:
                    if protocol is not self._protocol:
                        frame = encode(self._protocol, msg)
                    await ws.send(frame)
                except websockets.ConnectionClosed:
                    break  # kept in the outbox; the runner reconnects and wakes us
                except errors.MessageTooLargeError as exc:
                    # Only possible if the protocol changed on reconnect: fail that request.
                    self._outbox.popleft()
                    self._fail_future(msg, exc)
                    continue
                self._outbox.popleft()
                self.any_message.emit((msg, "send"))

    def _fail_future(self, msg: AnyMessage, exc: BaseException) -> None:
        future = self._futures.get(msg["header"]["msg_id"])
        if future is not None:
            future._fail(exc)

    # -- the connection loop ---------------------------------------------------------

    async def _run(self) -> None:
        """Connect, read until the link drops, reconnect; until closed or given up."""
        policy = self._settings.reconnect
        delays = backoff_delays(policy.initial_delay, policy.max_delay, policy.jitter)
        attempts = 0
        while not self._closed:
            if self._stop_if_dead():
                return
            self._set_connection_status("connecting")
            try:
                ws = await self._open()
            except errors.NotFoundError as exc:
                self._end(errors.KernelDeadError(f"kernel {self.id} no longer exists: {exc}"))
                return
            except (
                errors.AuthenticationError,
                errors.BadRequestError,
                errors.ServerNotRunningError,  # a hub's user server is down: retrying won't help
                errors.UnsupportedError,  # no kernel websockets on this backend
            ) as exc:
                self._end(exc)
                return
            except errors.JupyterError as exc:
                attempts += 1
                if attempts >= self._settings.reconnect.max_attempts:
                    if self._first_connect is not None and not self._first_connect.done():
                        # connect() / reconnect() never got a link: tell them why, not just
                        # that we gave up (pending futures still get ConnectionClosedError).
                        self._first_connect.set_exception(exc)
                        self._first_connect.exception()
                    self._end(
                        errors.ConnectionClosedError(
                            f"gave up reconnecting to kernel {self.id} after {attempts} "
                            f"attempts: {exc}"
                        )
                    )
                    return
                await asyncio.sleep(next(delays))
                continue
            attempts = 0
            delays = backoff_delays(policy.initial_delay, policy.max_delay, policy.jitter)
            code = await self._serve(ws)
            self._ready = False
            self._ws = None
            if self._closed:
                return
            if self._stop_if_dead():
                return  # whatever the close code said
            if code in (1000, 1001):
                self._end(
                    errors.ConnectionClosedError(f"the server closed the connection ({code})")
                )
                return
            if code == 1005:
                self._end(
                    errors.ConnectionReplacedError(
                        f"another client connected to kernel {self.id} with this session id"
                    )
                )
                return
            _log.info("= kernel %s: link dropped (close code %s), reconnecting", self.id, code)

    def _stop_if_dead(self) -> bool:
        """Dead is final: end the runner (nothing to reconnect to) if the kernel is dead."""
        if self._status != "dead":
            return False
        self._end(self._end_error or errors.KernelDeadError(f"kernel {self.id} is dead"))
        return True

    async def _open(self) -> ClientConnection:
        # Offer v1 unless told to speak legacy; a server that picks none speaks legacy.
        subprotocols = [] if self._forced_protocol is WireProtocol.LEGACY else [V1_PROTOCOL]
        ws = await open_websocket(
            self._settings,
            f"api/kernels/{self.id}/channels?session_id={self.client_id}",
            subprotocols=subprotocols,
            service="kernels",
        )
        self._protocol = WireProtocol.from_subprotocol(ws.subprotocol)
        return ws

    async def _serve(self, ws: ClientConnection) -> int | None:
        """Handshake, then read until the socket closes; returns the close code."""
        self._ws = ws
        reader = asyncio.create_task(self._read_loop(ws), name=f"kernel-r-{self.id[:8]}")
        try:
            await self._handshake(ws)
            self._ready = True
            self._set_connection_status("connected")
            self._wake.set()
            if self._first_connect is not None and not self._first_connect.done():
                self._first_connect.set_result(None)
            return await reader
        finally:
            if not reader.done():
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader

    async def _handshake(self, ws: ClientConnection) -> None:
        msg = m.new_message(
            "kernel_info_request",
            "shell",
            cast("JSONObject", dict(m.kernel_info_request())),
            session=self.client_id,
            username=self.username,
        )
        future = KernelFuture(self, msg)
        self._futures[future.msg_id] = future
        try:
            await ws.send(encode(self._protocol, msg))
        except websockets.ConnectionClosed:
            future._fail(errors.ConnectionClosedError("link dropped during handshake"))
            return
        with contextlib.suppress(TimeoutError, errors.JupyterError):
            reply = await asyncio.wait_for(future.wait(), _HANDSHAKE_TIMEOUT)
            self._take_info(reply)
        if not future.done:
            # Keep listening for the late reply, but do not hold the queue for it.
            future.on_reply = self._take_info

    def _take_info(self, reply: AnyMessage) -> None:
        if reply["content"].get("status") == "ok":
            self.info = cast("m.KernelInfoReplyContent", reply["content"])

    async def _read_loop(self, ws: ClientConnection) -> int | None:
        protocol = self._protocol
        try:
            while True:
                frame = await ws.recv()
                quickack(ws)
                try:
                    msg = decode(protocol, frame)
                except errors.ProtocolError as exc:
                    # The text only: the exception's traceback holds the (maybe huge) frame,
                    # and a handler that keeps records (pytest, a buffer) would keep it too.
                    _log.warning("< kernel %s: dropped a malformed frame: %s", self.id, str(exc))
                    continue
                self._dispatch(msg)
        except websockets.ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd is not None else 1006

    # -- receiving -------------------------------------------------------------------

    def _dispatch(self, msg: AnyMessage) -> None:
        self.any_message.emit((msg, "recv"))
        channel = msg["channel"]
        msg_type = msg["header"].get("msg_type", "")
        parent_id = msg["parent_header"].get("msg_id")
        future = self._futures.get(parent_id) if parent_id else None
        if channel == "iopub":
            if msg_type == "status":
                self._on_status(msg, parent_id)
            elif msg_type in ("comm_open", "comm_msg", "comm_close"):
                self._on_comm(msg, msg_type)
            elif (
                msg_type == "shutdown_reply"
                and future is None
                and not msg["content"].get("restart")  # a restart also broadcasts one
            ):
                self._set_dead(errors.KernelDeadError(f"kernel {self.id} was shut down"))
            elif msg_type == "stream":
                self._check_rate_limit(msg)
            self.iopub_message.emit(msg)
            if future is not None:
                future._handle_iopub(msg)
        elif channel in ("shell", "control") and future is not None:
            future._handle_reply(msg)
        elif channel == "stdin" and future is not None:
            future._awaiting_input = msg_type == "input_request"
            self.pending_input.emit(True)
            future._handle_stdin(msg)
        else:
            self.unhandled_message.emit(msg)

    def _on_status(self, msg: AnyMessage, parent_id: str | None) -> None:
        state = str(msg["content"].get("execution_state", "unknown"))
        if state == "restarting" and not parent_id:
            # The server's restarter (kill -9, crash): pending replies will never come.
            self._set_status("autorestarting")
            self._fail_all(errors.KernelRestartedError(f"kernel {self.id} restarted"))
            self._drop_comms()
            self._renew_socket()
            return
        if state == "dead":
            self._set_dead(errors.KernelDeadError(f"kernel {self.id} died"))
            return
        if state in ("starting", "idle", "busy", "restarting", "terminating"):
            self._set_status(cast("KernelStatus", state))

    def _on_comm(self, msg: AnyMessage, msg_type: str) -> None:
        content = msg["content"]
        comm_id = str(content.get("comm_id", ""))
        if msg_type == "comm_open":
            target = str(content.get("target_name", ""))
            handler = self._targets.get(target)
            if handler is None:
                # As JupyterLab does: tell the kernel no one is listening on this comm.
                _log.debug("< kernel %s: comm_open for unknown target %r", self.id, target)
                if self._status != "dead" and not self._closed:
                    Comm(self, target, comm_id).close()
                return
            comm = Comm(self, target, comm_id)
            self._comms[comm_id] = comm
            try:
                handler(comm, msg)
            except Exception:
                _log.exception("comm target %r raised; closing the comm", target)
                comm.close()
        elif msg_type == "comm_msg":
            if (existing := self._comms.get(comm_id)) is not None:
                existing._handle_msg(msg)
        elif (closed := self._comms.pop(comm_id, None)) is not None:
            closed._handle_close(msg)

    def _renew_socket(self) -> None:
        """Reconnect after a restart, as JupyterLab does: the server nudges a new socket's
        channels until iopub flows, so replies of the new kernel do not lose their status
        messages to ZMQ's slow-joiner window."""
        self._drop_socket(4001, "kernel restarted")

    def _drop_socket(self, code: int, reason: str) -> None:
        """Close the current socket in the background; the runner sees it end."""
        ws = self._ws
        self._ready = False
        if ws is not None:
            task = asyncio.ensure_future(ws.close(code=code, reason=reason))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    def _check_rate_limit(self, msg: AnyMessage) -> None:
        text = msg["content"].get("text")
        if isinstance(text, str) and any(marker in text for marker in _RATE_LIMIT_MARKERS):
            warnings.warn(
                f"kernel {self.id}: the server dropped output over its IOPub rate limit "
                "(ServerApp.iopub_data_rate_limit / iopub_msg_rate_limit)",
                errors.IOPubRateLimitWarning,
                stacklevel=2,
            )

    # -- state -----------------------------------------------------------------------

    def _set_status(self, status: KernelStatus) -> None:
        # Dead is final: a dying kernel's last status messages must not revive it.
        if status != self._status and self._status != "dead":
            self._status = status
            self.status_changed.emit(status)

    def _set_connection_status(self, status: ConnectionStatus) -> None:
        if status != self._connection_status:
            self._connection_status = status
            self.connection_status_changed.emit(status)

    def _set_dead(self, error: errors.KernelError) -> None:
        self._end_error = error
        self._set_status("dead")
        self._fail_all(error)
        self._drop_comms()
        # Dead is final: let the socket go, so the runner ends instead of reconnecting.
        self._drop_socket(1000, "kernel dead")

    def _end(self, error: errors.JupyterError) -> None:
        """The runner gives up: no more reconnects until :meth:`reconnect`."""
        if isinstance(error, errors.KernelDeadError):
            self._set_dead(error)
        else:
            self._end_error = error
            self._fail_all(error)
        self._set_connection_status("disconnected")
        if self._first_connect is not None and not self._first_connect.done():
            self._first_connect.set_exception(error)
            self._first_connect.exception()  # retrieved: connect() may have been cancelled

    def _fail_all(self, error: BaseException) -> None:
        futures = list(self._futures.values())
        self._futures.clear()
        self._outbox.clear()
        for future in futures:
            future._fail(error)
        if futures:
            self.pending_input.emit(False)

    def _drop_comms(self) -> None:
        comms = list(self._comms.values())
        self._comms.clear()
        for comm in comms:
            comm._handle_close(None)

    def _forget(self, future: KernelFuture) -> None:
        self._futures.pop(future.msg_id, None)

    def _take_model(self, model: Kernel) -> None:
        """A fresher REST model (from the manager's polling)."""
        self._model = model

    async def _rest_call(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except errors.NotFoundError as exc:
            self._set_dead(errors.KernelDeadError(f"kernel {self.id} no longer exists"))
            raise self._end_error or exc from exc

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
                self.disposed,
            )
        ]

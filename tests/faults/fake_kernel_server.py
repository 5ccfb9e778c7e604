"""A fake Jupyter kernel server: just enough REST and kernel websocket for a client SDK.

For tests only, and the only place malformed frames are produced: never point anything
here at a real server. :class:`FakeKernelServer` listens on ``127.0.0.1`` (a free port)
with ``websockets`` and serves one kernel:

* ``GET /api/kernels``, ``GET /api/kernels/{id}`` (the kernel model, 404 for other ids or
  once :attr:`FakeKernelServer.kernel_exists` is False), ``DELETE /api/kernels/{id}``,
  ``POST /api/kernels/{id}/interrupt`` and ``/restart`` (bodiless requests only:
  websockets refuses request bodies), ``GET /api``, ``/api/status``, ``/api/sessions``,
  ``/api/kernelspecs``;
* ``/api/kernels/{id}/channels?session_id=...``: the kernel websocket, negotiating
  ``v1.kernel.websocket.jupyter.org`` when offered (legacy JSON otherwise, or always with
  ``legacy=True``).

Like Jupyter Server, a new connection with the ``session_id`` of an open one replaces it
(the old socket is closed without a code, which its client sees as 1005); iopub messages
go to every client, replies to the client that sent the request; and messages sent
while no client is connected are buffered for the session that left last and replayed
when it reconnects.

The test scripts the kernel with ``on_message(client, msg)`` (called, in order, for
every decoded client message) and the send helpers; ``kernel_info_request`` is answered
automatically unless ``auto_kernel_info`` is False.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from types import TracebackType
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import websockets
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from jupyter_sdk.errors import ProtocolError
from jupyter_sdk.protocol.messages import (
    BufferLike,
    Channel,
    JSONObject,
    JSONValue,
    Message,
    new_message,
)
from jupyter_sdk.protocol.wire import V1_PROTOCOL, WireProtocol, decode, encode

__all__ = [
    "DEFAULT_KERNEL_INFO",
    "FakeClient",
    "FakeKernelServer",
    "MessageHandler",
    "ConnectHandler",
]

_log = logging.getLogger("tests.faults.fake_kernel_server")

AnyMessage = Message[JSONObject]
MessageHandler = Callable[["FakeClient", AnyMessage], Awaitable[None] | None]
"""``on_message(client, msg)``: sync or async; awaited before the client's next message."""
ConnectHandler = Callable[["FakeClient"], Awaitable[None] | None]
"""``on_connect(client)``: sync or async; awaited before the client's messages are read."""

LAST_ACTIVITY = "2024-01-01T00:00:00.000000Z"

DEFAULT_KERNEL_INFO: JSONObject = {
    "status": "ok",
    "protocol_version": "5.4",
    "implementation": "fake_kernel",
    "implementation_version": "0.1",
    "language_info": {
        "name": "python",
        "version": "3.11.0",
        "mimetype": "text/x-python",
        "file_extension": ".py",
    },
    "banner": "FakeKernelServer",
    "help_links": [],
}
"""The ``kernel_info_reply`` content sent by default."""

_KERNEL_PATH = re.compile(r"^/api/kernels/(?P<id>[^/]+)(?P<rest>/[^/]*)?/?$")


class _Waiters:
    """Futures resolved when their predicate turns true; checked on every state change."""

    def __init__(self) -> None:
        self._items: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    async def wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        if predicate():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        item = (predicate, future)
        self._items.append(item)
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}") from None
        finally:
            with contextlib.suppress(ValueError):
                self._items.remove(item)

    def notify(self) -> None:
        for predicate, future in list(self._items):
            if future.done():
                continue
            try:
                if predicate():
                    future.set_result(None)
            except Exception as exc:
                future.set_exception(exc)


class FakeClient:
    """One websocket client of the fake server.

    Attributes:
        server: The :class:`FakeKernelServer`.
        ws: The server side of the websocket.
        session_id: The ``session_id`` query argument (None if absent).
        protocol: The wire protocol negotiated (v1 or legacy).
        headers: The handshake request headers.
        received: The messages decoded from this client, in order.
    """

    def __init__(
        self,
        server: FakeKernelServer,
        ws: ServerConnection,
        session_id: str | None,
        protocol: WireProtocol,
    ) -> None:
        self.server = server
        self.ws = ws
        self.session_id = session_id
        self.protocol = protocol
        self.headers: Mapping[str, str] = dict(ws.request.headers) if ws.request else {}
        self.received: list[AnyMessage] = []

    def __repr__(self) -> str:
        return f"<FakeClient session_id={self.session_id!r} {self.protocol} {self.ws.state.name}>"

    @property
    def open(self) -> bool:
        """Whether the websocket is open."""
        return self.ws.state is websockets.State.OPEN

    @property
    def close_code(self) -> int | None:
        """The close code once closed (see ``websockets`` ``close_code``)."""
        return self.ws.close_code

    async def send(self, msg: Message[Any]) -> None:
        """Encode ``msg`` for this client's protocol and send it."""
        await self.ws.send(encode(self.protocol, msg, max_size=None))

    async def send_raw(self, frame: bytes | str) -> None:
        """Send one websocket frame as is: ``bytes`` binary, ``str`` text (any content)."""
        await self.ws.send(frame)

    def inject_tcp(self, data: bytes) -> None:
        """Write ``data`` straight into the TCP stream, bypassing websocket framing."""
        self.ws.transport.write(data)

    async def close(self, code: int | None = None, reason: str = "") -> None:
        """Close the websocket with ``code``; None sends a close frame without a code
        (the client sees 1005), as Jupyter Server does when a session is replaced."""
        if code is None:
            # websockets sends an empty close frame for code None; its annotation omits it.
            await self.ws.close(cast("int", None))
        else:
            await self.ws.close(code, reason)

    def abort(self) -> None:
        """Drop the TCP connection without a close frame (the client sees 1006)."""
        self.ws.transport.abort()

    async def wait_closed(self, timeout: float = 10.0) -> None:
        """Wait until the websocket is closed."""
        await asyncio.wait_for(self.ws.wait_closed(), timeout)


class FakeKernelServer:
    """A fake Jupyter Server with one kernel, scripted by the test.

    Args:
        on_message: ``on_message(client, msg)``, called for every decoded client message
            (after the automatic kernel_info reply, if any); sync or async, awaited in
            order per client. Long work: use :meth:`spawn`.
        on_connect: ``on_connect(client)``, called when a websocket opens (after a
            buffered-message replay).
        kernel_id: The kernel id (default: a new uuid4).
        kernel_name: The kernel's name in the model.
        auto_kernel_info: Answer ``kernel_info_request`` with :meth:`reply_kernel_info`.
        kernel_info: The ``kernel_info_reply`` content (default
            :data:`DEFAULT_KERNEL_INFO`).
        legacy: Never select the v1 subprotocol (speak the legacy JSON protocol).
        token: Require ``Authorization: token <token>`` (403 otherwise); None: no auth.
        replace_sessions: Close an open client (code-less, 1005) when a new one connects
            with the same ``session_id``.
        buffer_messages: Buffer messages sent while no client is connected, for replay to
            the session that left last.

    Attributes:
        kernel_id, kernel_model (mutable dict served by the REST API; ``connections`` is
        kept equal to the number of open clients), kernel_exists (False: REST and
        websocket answer 404), handshake_status (an int: answer websocket handshakes with
        that HTTP status instead, e.g. 503), auto_kernel_info, clients (open ones),
        all_clients (every client ever), received (every decoded client message, in
        order), malformed (``(frame, error)`` for frames that did not decode),
        http_requests (``(method, path)`` of every HTTP request, handshakes included),
        errors (exceptions raised by handlers or spawned tasks; re-raised by close()).
    """

    def __init__(
        self,
        *,
        on_message: MessageHandler | None = None,
        on_connect: ConnectHandler | None = None,
        kernel_id: str | None = None,
        kernel_name: str = "python3",
        auto_kernel_info: bool = True,
        kernel_info: JSONObject | None = None,
        legacy: bool = False,
        token: str | None = None,
        replace_sessions: bool = True,
        buffer_messages: bool = True,
    ) -> None:
        self.on_message = on_message
        self.on_connect = on_connect
        self.kernel_id = kernel_id or str(uuid.uuid4())
        self.kernel_session = uuid.uuid4().hex  # the kernel's own session id (headers)
        self.kernel_model: dict[str, JSONValue] = {
            "id": self.kernel_id,
            "name": kernel_name,
            "last_activity": LAST_ACTIVITY,
            "execution_state": "idle",
            "connections": 0,
        }
        self.kernel_exists = True
        self.handshake_status: int | None = None
        self.auto_kernel_info = auto_kernel_info
        self.kernel_info: JSONObject = dict(kernel_info or DEFAULT_KERNEL_INFO)
        self.legacy = legacy
        self.token = token
        self.replace_sessions = replace_sessions
        self.buffer_messages = buffer_messages
        self.clients: list[FakeClient] = []
        self.all_clients: list[FakeClient] = []
        self.received: list[AnyMessage] = []
        self.malformed: list[tuple[bytes | str, str]] = []
        self.http_requests: list[tuple[str, str]] = []
        self.errors: list[BaseException] = []
        self._origin: dict[str, FakeClient] = {}
        self._buffer_session: str | None = None
        self._buffer: list[Message[Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiters = _Waiters()
        self._server: Server | None = None
        self._port: int | None = None

    # -- lifecycle -------------------------------------------------------------------

    async def start(self) -> FakeKernelServer:
        """Listen on 127.0.0.1 (a free port); returns ``self``."""
        if self._server is not None:
            raise RuntimeError("FakeKernelServer already started")
        self._server = await serve(
            self._handle,
            "127.0.0.1",
            0,
            process_request=self._process_request,
            select_subprotocol=self._select_subprotocol,
            ping_interval=None,
            max_size=None,
            max_queue=None,
            compression=None,
            close_timeout=2.0,
            server_header="FakeKernelServer",
        )
        self._port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        """Close every client (1001), stop listening, end spawned tasks.

        Raises:
            BaseException: The first error a handler or spawned task raised.
        """
        await self._shutdown()
        if self.errors:
            raise self.errors[0]

    async def _shutdown(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close(close_connections=True)
            await server.wait_closed()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def __aenter__(self) -> FakeKernelServer:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            await self.close()
        else:
            await self._shutdown()  # do not mask the test's own failure

    @property
    def port(self) -> int:
        """The port listened on."""
        if self._port is None:
            raise RuntimeError("FakeKernelServer not started")
        return self._port

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:<port>/``."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def ws_url(self) -> str:
        """The websocket base URL, ``ws://127.0.0.1:<port>/``."""
        return f"ws://127.0.0.1:{self.port}/"

    def channels_url(self, session_id: str | None = None) -> str:
        """The kernel's websocket URL, with ``?session_id=`` when given."""
        url = f"{self.ws_url}api/kernels/{self.kernel_id}/channels"
        return url if session_id is None else f"{url}?session_id={session_id}"

    # -- sending ---------------------------------------------------------------------

    def message(
        self,
        msg_type: str,
        content: Mapping[str, Any],
        *,
        channel: Channel = "shell",
        parent: Message[Any] | None = None,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] | None = None,
    ) -> Message[Any]:
        """Build a kernel-side message (kernel session), parented to ``parent`` if given."""
        return new_message(
            msg_type,
            channel,
            dict(content),
            session=self.kernel_session,
            parent=parent,
            metadata=metadata,
            buffers=buffers,
            username="kernel",
        )

    async def send(self, msg: Message[Any], client: FakeClient | None = None) -> int:
        """Send ``msg`` to ``client``, or route it as Jupyter Server would.

        Routing without ``client``: iopub to every open client; other channels to the
        client that sent the parent request (or an open client of its session), else
        every open client. With no open client, the message is buffered for the session
        that left last (if ``buffer_messages``).

        Returns:
            How many clients it was sent to (0 when buffered or dropped).
        """
        targets = [client] if client is not None else self._targets(msg)
        if not targets and client is None and self.buffer_messages and not self.clients:
            if self._buffer_session is not None:
                self._buffer.append(msg)
            return 0
        sent = 0
        for target in targets:
            with contextlib.suppress(websockets.ConnectionClosed):
                await target.send(msg)
                sent += 1
        return sent

    async def send_raw(self, frame: bytes | str, client: FakeClient | None = None) -> int:
        """Send one frame as is (malformed, truncated, oversized...) to ``client`` or to
        every open client. ``bytes``: a binary frame; ``str``: a text frame.

        Returns:
            How many clients it was sent to.
        """
        targets = [client] if client is not None else list(self.clients)
        sent = 0
        for target in targets:
            with contextlib.suppress(websockets.ConnectionClosed):
                await target.send_raw(frame)
                sent += 1
        return sent

    async def reply(
        self,
        parent: Message[Any],
        msg_type: str,
        content: Mapping[str, Any],
        *,
        channel: Channel | None = None,
        client: FakeClient | None = None,
        metadata: Mapping[str, JSONValue] | None = None,
        buffers: Sequence[BufferLike] | None = None,
    ) -> Message[Any]:
        """Send a message parented to ``parent`` (default channel: the parent's; iopub
        for iopub-only types is up to the caller). Returns the message sent."""
        chosen = cast("Channel", channel or parent.get("channel") or "shell")
        msg = self.message(
            msg_type, content, channel=chosen, parent=parent, metadata=metadata, buffers=buffers
        )
        await self.send(msg, client)
        return msg

    async def send_status(
        self,
        state: str,
        parent: Message[Any] | None = None,
        client: FakeClient | None = None,
    ) -> Message[Any]:
        """Send an iopub ``status`` (``busy``, ``idle``, ``starting``, ``restarting``, ``dead``...);
        also sets ``kernel_model["execution_state"]``. Returns the message sent."""
        self.kernel_model["execution_state"] = state
        msg = self.message("status", {"execution_state": state}, channel="iopub", parent=parent)
        await self.send(msg, client)
        return msg

    async def reply_kernel_info(
        self,
        request: Message[Any],
        client: FakeClient | None = None,
        content: Mapping[str, Any] | None = None,
    ) -> Message[Any]:
        """Answer a ``kernel_info_request`` like ipykernel: status busy (iopub),
        ``kernel_info_reply`` (on the request's channel), status idle; all parented.

        Returns:
            The reply sent.
        """
        await self.send_status("busy", request, client)
        reply = await self.reply(
            request, "kernel_info_reply", content or self.kernel_info, client=client
        )
        await self.send_status("idle", request, client)
        return reply

    async def close_all(self, code: int | None = None, reason: str = "") -> None:
        """Close every open client with ``code`` (None: a code-less close frame, which
        the client sees as 1005)."""
        clients = list(self.clients)
        await asyncio.gather(*(client.close(code, reason) for client in clients))

    def abort_all(self) -> None:
        """Drop every client's TCP connection without a close frame (clients see 1006)."""
        for client in list(self.clients):
            client.abort()

    def spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run ``coro`` in the background (e.g. a delayed reply from ``on_message``);
        cancelled on close, its exception recorded in :attr:`errors`."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    # -- waiting ---------------------------------------------------------------------

    async def wait_for(
        self, predicate: Callable[[], bool], *, timeout: float = 10.0, what: str = "condition"
    ) -> None:
        """Wait until ``predicate()`` is true; re-checked on every connect, disconnect,
        message and malformed frame.

        Raises:
            TimeoutError: Not true within ``timeout`` seconds.
        """
        await self._waiters.wait(predicate, timeout, what)

    async def wait_for_client(self, count: int = 1, *, timeout: float = 10.0) -> FakeClient:
        """Wait until ``count`` clients have connected in all; return the ``count``-th."""
        await self.wait_for(
            lambda: len(self.all_clients) >= count,
            timeout=timeout,
            what=f"client #{count} to connect",
        )
        return self.all_clients[count - 1]

    async def wait_for_message(
        self, msg_type: str, *, count: int = 1, timeout: float = 10.0
    ) -> AnyMessage:
        """Wait until ``count`` client messages of ``msg_type`` arrived; return the
        ``count``-th."""

        def matching() -> list[AnyMessage]:
            return [m for m in self.received if m["header"]["msg_type"] == msg_type]

        await self.wait_for(
            lambda: len(matching()) >= count,
            timeout=timeout,
            what=f"{msg_type} #{count}",
        )
        return matching()[count - 1]

    async def wait_for_open_clients(self, count: int, *, timeout: float = 10.0) -> None:
        """Wait until exactly ``count`` clients are open."""
        await self.wait_for(
            lambda: len(self.clients) == count,
            timeout=timeout,
            what=f"{count} open clients",
        )

    # -- internals: HTTP -------------------------------------------------------------

    def _select_subprotocol(
        self, connection: ServerConnection, subprotocols: Sequence[websockets.Subprotocol]
    ) -> websockets.Subprotocol | None:
        if not self.legacy and V1_PROTOCOL in subprotocols:
            return websockets.Subprotocol(V1_PROTOCOL)
        return None

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path).path
        self.http_requests.append((request.method, path))
        authorization = request.headers.get("Authorization")
        if self.token is not None and authorization != f"token {self.token}":
            return _json(connection, 403, {"message": "Forbidden", "reason": None})
        match = _KERNEL_PATH.match(path)
        if match is not None:
            return self._kernel_request(connection, request, match["id"], match["rest"] or "")
        if request.method != "GET":
            return _json(connection, 405, {"message": "Method Not Allowed", "reason": None})
        if path in ("/api", "/api/"):
            return _json(connection, 200, {"version": "2.14.0"})
        if path == "/api/status":
            body = {
                "started": LAST_ACTIVITY,
                "last_activity": LAST_ACTIVITY,
                "connections": len(self.clients),
                "kernels": 1 if self.kernel_exists else 0,
            }
            return _json(connection, 200, body)
        if path in ("/api/kernels", "/api/kernels/"):
            return _json(connection, 200, [self._model()] if self.kernel_exists else [])
        if path in ("/api/sessions", "/api/sessions/"):
            return _json(connection, 200, [])
        if path in ("/api/kernelspecs", "/api/kernelspecs/"):
            return _json(connection, 200, self._kernelspecs())
        return _json(connection, 404, {"message": "Not Found", "reason": None})

    def _kernel_request(
        self, connection: ServerConnection, request: Request, kernel_id: str, rest: str
    ) -> Response | None:
        if kernel_id != self.kernel_id or not self.kernel_exists:
            message = f"Kernel does not exist: {kernel_id}"
            return _json(connection, 404, {"message": message, "reason": None})
        method = request.method
        if rest == "/channels" and method == "GET":
            if self.handshake_status is not None:
                return _json(connection, self.handshake_status, {"message": "", "reason": None})
            return None  # the websocket handshake proceeds
        if rest == "" and method == "GET":
            return _json(connection, 200, self._model())
        if rest == "" and method == "DELETE":
            self.kernel_exists = False
            return _empty(connection, 204)
        if rest == "/interrupt" and method == "POST":
            return _empty(connection, 204)
        if rest == "/restart" and method == "POST":
            return _json(connection, 200, self._model())
        return _json(connection, 405, {"message": "Method Not Allowed", "reason": None})

    def _model(self) -> dict[str, JSONValue]:
        self.kernel_model["connections"] = len(self.clients)
        return dict(self.kernel_model)

    def _kernelspecs(self) -> JSONObject:
        name = str(self.kernel_model["name"])
        spec: JSONObject = {
            "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (fake)",
            "language": "python",
            "interrupt_mode": "signal",
            "env": {},
            "metadata": {},
        }
        return {"default": name, "kernelspecs": {name: {"name": name, "spec": spec}}}

    # -- internals: websocket --------------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        request = ws.request
        query = parse_qs(urlsplit(request.path).query) if request is not None else {}
        session_id = query.get("session_id", [None])[0]
        client = FakeClient(self, ws, session_id, WireProtocol.from_subprotocol(ws.subprotocol))
        try:
            await self._on_open(client)
            async for frame in ws:
                await self._on_frame(client, frame)
        except websockets.ConnectionClosed:
            pass
        except Exception as exc:
            self._record_error(exc)
        finally:
            self._on_close(client)

    async def _on_open(self, client: FakeClient) -> None:
        if self.replace_sessions and client.session_id is not None:
            for old in self.clients:
                if old.session_id == client.session_id:
                    self.spawn(_quietly(old.close(None)))
        self.clients.append(client)
        self.all_clients.append(client)
        self.kernel_model["connections"] = len(self.clients)
        buffered, self._buffer = self._buffer, []
        replay = client.session_id is not None and client.session_id == self._buffer_session
        self._buffer_session = None
        self._waiters.notify()
        if replay:
            for msg in buffered:
                await client.send(msg)
        if self.on_connect is not None:
            await _maybe_await(self.on_connect(client))

    async def _on_frame(self, client: FakeClient, frame: bytes | str) -> None:
        try:
            msg = decode(client.protocol, frame)
        except ProtocolError as exc:
            self.malformed.append((frame, str(exc)))
            self._waiters.notify()
            return
        client.received.append(msg)
        self.received.append(msg)
        self._origin[msg["header"]["msg_id"]] = client
        self._waiters.notify()
        try:
            if self.auto_kernel_info and msg["header"]["msg_type"] == "kernel_info_request":
                await self.reply_kernel_info(msg, client)
            if self.on_message is not None:
                await _maybe_await(self.on_message(client, msg))
        except websockets.ConnectionClosed:
            raise
        except Exception as exc:
            self._record_error(exc)

    def _on_close(self, client: FakeClient) -> None:
        with contextlib.suppress(ValueError):
            self.clients.remove(client)
        self.kernel_model["connections"] = len(self.clients)
        if not self.clients and self.buffer_messages and client.session_id is not None:
            self._buffer_session = client.session_id
            self._buffer = []
        self._waiters.notify()

    def _targets(self, msg: Message[Any]) -> list[FakeClient]:
        if msg["channel"] == "iopub":
            return list(self.clients)
        parent_id = msg["parent_header"].get("msg_id")
        origin = self._origin.get(parent_id) if parent_id else None
        if origin is None:
            return list(self.clients)
        if origin.open:
            return [origin]
        return [c for c in self.clients if c.session_id == origin.session_id][-1:]

    def _record_error(self, exc: BaseException) -> None:
        _log.error("FakeKernelServer handler failed", exc_info=exc)
        self.errors.append(exc)
        self._waiters.notify()

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self._record_error(exc)


async def _maybe_await(result: Awaitable[None] | None) -> None:
    if inspect.isawaitable(result):
        await result


async def _quietly(coro: Awaitable[None]) -> None:
    with contextlib.suppress(websockets.ConnectionClosed, OSError):
        await coro


def _json(connection: ServerConnection, status: int, body: object) -> Response:
    response = connection.respond(status, json.dumps(body))
    del response.headers["Content-Type"]
    response.headers["Content-Type"] = "application/json"
    return response


def _empty(connection: ServerConnection, status: int) -> Response:
    response = connection.respond(status, "")
    del response.headers["Content-Type"]
    return response

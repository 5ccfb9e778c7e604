"""Terminals: the server's terminals (jupyter_server_terminals) and live connections to them.

Lifecycle rules:

* A :class:`TerminalConnection` speaks terminado's protocol on ``terminals/websocket/{name}``
  (not under ``api/``): JSON text frames ``["stdin", text]`` and ``["set_size", rows,
  cols]`` out; ``["setup", {}]``, ``["stdout", text]`` and ``["disconnect", code]`` in.
* A connection is ``connected`` once the server's ``setup`` frame arrives. On every
  (re)connect the server replays the terminal's recent output (up to 1000 chunks), so a
  reconnect repeats output already seen.
* A dropped link reconnects with capped exponential backoff (``settings.reconnect``);
  stdin and resizes sent meanwhile queue in order and are flushed after the next
  ``setup``. After ``max_attempts`` failures the status stays ``disconnected`` until
  :meth:`TerminalConnection.reconnect`.
* ``["disconnect", ...]`` (the terminal's process ended or it was shut down) or a 404 on
  reconnect disposes the connection; close codes 1000/1001 and refused credentials end it
  (``disconnected``, no reconnect).
* A malformed frame is dropped with a logged warning; the connection goes on.
* :meth:`TerminalConnection.close` never ends the terminal;
  :meth:`~TerminalConnection.shutdown` does. :meth:`TerminalManager.close` closes every
  connection it made (the terminals keep running), stops polling, and closes the REST
  client it created.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Literal, cast
from urllib.parse import quote

import attrs
import websockets

from . import errors
from ._backoff import backoff_delays
from ._poll import Poller
from ._rest import Rest
from ._websocket import ClientConnection, open_websocket
from .backends import is_classic_notebook
from .protocol.messages import JSONValue
from .signal import Signal

if TYPE_CHECKING:
    from .models import Terminal
    from .settings import ServerSettings

__all__ = [
    "TerminalConnection",
    "TerminalConnectionStatus",
    "TerminalManager",
    "TerminalMessage",
    "parse_frame",
]

_log = logging.getLogger("jupyter_sdk.terminals")

TerminalConnectionStatus = Literal["connecting", "connected", "disconnected"]
"""The state of a terminal connection's websocket
(:attr:`TerminalConnection.connection_status`): ``"connecting"`` (opening or reconnecting;
sends queue), ``"connected"`` (the server's ``setup`` frame arrived), ``"disconnected"``
(closed, the terminal ended, or given up until :meth:`TerminalConnection.reconnect`)."""


@attrs.frozen
class TerminalMessage:
    """One frame from the terminal.

    Attributes:
        type: ``"stdout"``, ``"disconnect"``, or another type the server sends.
        content: The frame's other elements (``(text,)`` for ``stdout``).
    """

    type: str
    content: tuple[JSONValue, ...] = ()

    @property
    def text(self) -> str:
        """The output text of a ``stdout`` message (``""`` for other types)."""
        if self.type == "stdout" and self.content and isinstance(self.content[0], str):
            return self.content[0]
        return ""


def parse_frame(frame: str | bytes) -> TerminalMessage:
    """Parse a terminado frame.

    Raises:
        ProtocolError: The frame is not a JSON array starting with a type string.
    """
    if not isinstance(frame, str):
        raise errors.ProtocolError("terminal frame: binary frames are not part of the protocol")
    try:
        data = json.loads(frame)
    except ValueError as exc:
        raise errors.ProtocolError(f"terminal frame: not JSON: {exc}") from exc
    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        raise errors.ProtocolError("terminal frame: not a JSON array starting with its type")
    return TerminalMessage(data[0], tuple(cast("list[JSONValue]", data[1:])))


async def _ended() -> AsyncIterator[TerminalMessage]:
    """The messages of a closed connection: none."""
    return
    yield


class _Gone(Exception):
    """The terminal is gone: the connection disposes itself."""


class TerminalConnection:
    """A live connection to one terminal. Get one from :class:`TerminalManager`.

    Use it as an async context manager to close it on exit (the terminal keeps running).

    Attributes:
        message_received: Emitted with each :class:`TerminalMessage` received (every frame
            but ``setup``), as :meth:`messages` yields them.
        connection_status_changed: Emitted with the new :data:`TerminalConnectionStatus`
            on each change.
        disposed: Emitted with ``None`` once, when the connection is closed or the terminal
            ended; every handler is then disconnected.
    """

    def __init__(self, model: Terminal, *, rest: Rest, settings: ServerSettings) -> None:
        self._model = model
        self._rest = rest
        self._settings = settings
        self._ws: ClientConnection | None = None
        self._ready = False  # setup received on the current socket
        self._status: TerminalConnectionStatus = "connecting"
        self._outbox: deque[str] = deque()
        self._wake = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None
        self._writer: asyncio.Task[None] | None = None
        self._first_connect: asyncio.Future[None] | None = None
        self._closed = False
        self._finalized = False

        self.message_received: Signal[TerminalMessage] = Signal("message_received")
        self.connection_status_changed: Signal[TerminalConnectionStatus] = Signal(
            "connection_status_changed"
        )
        self.disposed: Signal[None] = Signal("disposed")

    def __repr__(self) -> str:
        return f"<TerminalConnection {self.name} connection={self._status}>"

    async def __aenter__(self) -> TerminalConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- properties ------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The terminal's name."""
        return str(self._model.name)

    @property
    def model(self) -> Terminal:
        """The terminal's REST model, as last seen."""
        return self._model

    @property
    def connection_status(self) -> TerminalConnectionStatus:
        """The websocket's status."""
        return self._status

    @property
    def is_disposed(self) -> bool:
        """Whether the connection was closed or the terminal ended."""
        return self._closed

    # -- sending ---------------------------------------------------------------------

    def send_stdin(self, text: str) -> None:
        """Type ``text`` into the terminal (queued while reconnecting). Use ``"\\r"`` for
        Enter, as a terminal keyboard does."""
        self._send(["stdin", text])

    def set_size(self, rows: int, cols: int) -> None:
        """Tell the terminal its size (the smallest of all its clients' sizes wins)."""
        if rows <= 0 or cols <= 0:
            raise ValueError(f"terminal size must be positive, got {rows}x{cols}")
        self._send(["set_size", rows, cols])

    def _send(self, frame: list[JSONValue]) -> None:
        if self._closed:
            raise errors.ConnectionClosedError(f"connection to terminal {self.name} is closed")
        self._outbox.append(json.dumps(frame))
        self._wake.set()

    # -- receiving -------------------------------------------------------------------

    def messages(self) -> AsyncIterator[TerminalMessage]:
        """Iterate over the messages received from now on, until the connection ends.

        The iterator registers at once (not on its first step), so nothing sent after
        this call is missed. A ``disconnect`` message is the last one.
        """
        if self._closed:
            return _ended()
        # message_received's streams end when _finalize disconnects it.
        return self.message_received.stream()

    # -- lifecycle -------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the websocket and wait for the server's ``setup`` (the manager calls it)."""
        if self._closed:
            raise errors.ConnectionClosedError(f"connection to terminal {self.name} is closed")
        if self._runner is not None and not self._runner.done():
            if self._first_connect is not None:
                await asyncio.shield(self._first_connect)
            return
        loop = asyncio.get_running_loop()
        self._first_connect = loop.create_future()
        self._runner = loop.create_task(self._run(), name=f"terminal-{self.name}")
        if self._writer is None:
            self._writer = loop.create_task(self._write_loop(), name=f"terminal-w-{self.name}")
        await asyncio.shield(self._first_connect)

    async def reconnect(self) -> None:
        """Reconnect now (also after the reconnect limit was reached)."""
        if self._closed:
            raise errors.ConnectionClosedError(f"connection to terminal {self.name} is closed")
        ws = self._ws
        if self._runner is not None and not self._runner.done() and ws is not None:
            # Dropping the socket makes the runner reconnect.
            self._first_connect = asyncio.get_running_loop().create_future()
            await ws.close(code=4000, reason="reconnect")
            await asyncio.shield(self._first_connect)
            return
        await self.connect()

    async def shutdown(self) -> None:
        """End the terminal on the server and close this connection."""
        if not self._closed:
            with contextlib.suppress(errors.NotFoundError):
                await self._rest.delete_terminal(self.name)
        await self.close()

    async def close(self) -> None:
        """Close the connection (not the terminal). Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        ws, self._ws = self._ws, None
        tasks = [t for t in (self._runner, self._writer) if t is not None]
        for task in tasks:
            if not task.done():
                task.cancel()
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._finalize(errors.ConnectionClosedError(f"connection to terminal {self.name} closed"))

    def _finalize(self, error: errors.JupyterError) -> None:
        if self._finalized:
            return
        self._finalized = True
        self._closed = True
        self._outbox.clear()
        if self._writer is not None and self._writer is not asyncio.current_task():
            self._writer.cancel()
        self._fail_first_connect(error)
        self._set_status("disconnected")
        self.disposed.emit(None)
        for signal in (self.message_received, self.connection_status_changed, self.disposed):
            cast("Signal[object]", signal).disconnect_all()

    def _fail_first_connect(self, error: errors.JupyterError) -> None:
        if self._first_connect is not None and not self._first_connect.done():
            self._first_connect.set_exception(error)
            self._first_connect.exception()  # retrieved: connect() may have been cancelled

    def _set_status(self, status: TerminalConnectionStatus) -> None:
        if status != self._status:
            self._status = status
            self.connection_status_changed.emit(status)

    # -- the connection loop ---------------------------------------------------------

    async def _run(self) -> None:
        """Connect, read until the link drops, reconnect; until closed, gone or given up."""
        policy = self._settings.reconnect
        delays = backoff_delays(policy.initial_delay, policy.max_delay, policy.jitter)
        attempts = 0
        while not self._closed:
            self._set_status("connecting")
            try:
                ws = await open_websocket(
                    self._settings,
                    f"terminals/websocket/{quote(self.name, safe='')}",
                    service="terminals",
                )
            except errors.NotFoundError as exc:
                self._finalize(exc)
                return
            except (
                errors.AuthenticationError,
                errors.BadRequestError,
                errors.UnsupportedError,
            ) as exc:
                self._end(exc)
                return
            except errors.JupyterError as exc:
                attempts += 1
                if attempts >= policy.max_attempts:
                    self._end(
                        errors.ConnectionClosedError(
                            f"gave up reconnecting to terminal {self.name} after {attempts} "
                            f"attempts: {exc}"
                        )
                    )
                    return
                await asyncio.sleep(next(delays))
                continue
            try:
                code = await self._serve(ws)
            except _Gone:
                if not self._closed:
                    self._ws = None
                    self._finalize(
                        errors.ConnectionClosedError(f"terminal {self.name} disconnected")
                    )
                return
            finally:
                was_ready, self._ready = self._ready, False
            self._ws = None
            if self._closed:
                return
            if code in (1000, 1001):
                self._end(
                    errors.ConnectionClosedError(f"the server closed the terminal link ({code})")
                )
                return
            _log.info("= terminal %s: link dropped (close code %s), reconnecting", self.name, code)
            if was_ready:
                attempts = 0
                delays = backoff_delays(policy.initial_delay, policy.max_delay, policy.jitter)
            else:
                # Dropped before the setup frame: count it, so a bad server is not hammered.
                attempts += 1
                if attempts >= policy.max_attempts:
                    self._end(
                        errors.ConnectionClosedError(
                            f"gave up reconnecting to terminal {self.name} after {attempts} "
                            "attempts"
                        )
                    )
                    return
                await asyncio.sleep(next(delays))

    def _end(self, error: errors.JupyterError) -> None:
        """The runner gives up: no more reconnects until :meth:`reconnect`."""
        self._set_status("disconnected")
        self._fail_first_connect(error)

    async def _serve(self, ws: ClientConnection) -> int | None:
        """Read until the socket closes; returns the close code.

        Raises:
            _Gone: The server said ``disconnect``.
        """
        self._ws = ws
        try:
            while True:
                frame = await ws.recv()
                try:
                    message = parse_frame(frame)
                except errors.ProtocolError as exc:
                    _log.warning(
                        "< terminal %s: dropped a malformed frame: %s", self.name, str(exc)
                    )
                    continue
                if message.type == "setup":
                    self._ready = True
                    self._set_status("connected")
                    self._wake.set()
                    if self._first_connect is not None and not self._first_connect.done():
                        self._first_connect.set_result(None)
                    continue
                self.message_received.emit(message)
                if message.type == "disconnect":
                    with contextlib.suppress(Exception):
                        await ws.close()
                    raise _Gone
        except websockets.ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd is not None else 1006

    async def _write_loop(self) -> None:
        while not self._closed:
            await self._wake.wait()
            self._wake.clear()
            while self._outbox and self._ready and self._ws is not None:
                try:
                    await self._ws.send(self._outbox[0])
                except websockets.ConnectionClosed:
                    break  # kept in the outbox; the runner reconnects and wakes us
                self._outbox.popleft()

    def _take_model(self, model: Terminal) -> None:
        """A fresher REST model (from the manager's polling)."""
        self._model = model


class TerminalManager:
    """Start, find, connect to and shut down terminals; polls the running list.

    ``async with TerminalManager(settings) as terminals:`` refreshes the list and polls it
    (``settings.polling``) until exit, then closes every connection it made (the
    terminals keep running unless shut down). Servers without terminals answer 404:
    :meth:`is_available` is then ``False`` and polling stops.

    Args:
        settings: The server.
        rest: Share another manager's REST client (``ServiceManager`` does).
        poll: Poll the running list in the background while entered.

    Attributes:
        settings (ServerSettings): The server.
        running_changed: Emitted with the running terminals (:meth:`running`) when a refresh
            finds terminals started or gone, and when this manager starts or shuts one down.
        connection_failure: Emitted with the error when fetching the running list fails
            (while polling or in :meth:`refresh_running`, which also raises it).
    """

    def __init__(
        self, settings: ServerSettings, *, rest: Rest | None = None, poll: bool = True
    ) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._running: dict[str, Terminal] = {}
        self._connections: list[TerminalConnection] = []
        self._poll = poll
        self._poller = Poller(
            self.refresh_running,
            settings.polling,
            name="terminals-poll",
            on_error=self._poll_error,
        )
        self._closed = False
        self.running_changed: Signal[list[Terminal]] = Signal("running_changed")
        self.connection_failure: Signal[errors.JupyterError] = Signal("connection_failure")

    def __repr__(self) -> str:
        return f"<TerminalManager {self.settings.base_url} running={len(self._running)}>"

    async def __aenter__(self) -> TerminalManager:
        if self._poll:
            try:
                await self.refresh_running()
            except errors.NotFoundError:
                return self  # no terminals on this server: nothing to poll
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

    async def is_available(self) -> bool:
        """Whether the server offers terminals (``False`` when its terminals API is 404)."""
        try:
            await self._rest.list_terminals()
        except errors.NotFoundError:
            return False
        return True

    def running(self) -> list[Terminal]:
        """The running terminals as of the last refresh."""
        return list(self._running.values())

    async def refresh_running(self) -> list[Terminal]:
        """Fetch the running terminals now; disposes connections to vanished ones."""
        known = set(self._connections)
        try:
            models = await self._rest.list_terminals()
        except errors.JupyterError as exc:
            self.connection_failure.emit(exc)
            raise
        fresh = {str(t.name): t for t in models}
        changed = set(fresh) != set(self._running)
        self._running = fresh
        for connection in list(self._connections):
            if connection not in known:
                continue  # connected during the fetch: the answer predates it
            model = fresh.get(connection.name)
            if model is None:
                await connection.close()
            else:
                connection._take_model(model)
        if changed:
            self.running_changed.emit(self.running())
        return self.running()

    def _poll_error(self, exc: errors.JupyterError) -> bool:
        # Stop when the server has no terminals or refuses the listing for good.
        return isinstance(
            exc, errors.NotFoundError | errors.AuthenticationError | errors.UnsupportedError
        )

    async def start_new(
        self, name: str | None = None, cwd: str | None = None
    ) -> TerminalConnection:
        """Start a terminal (in ``cwd``, relative to the server root or absolute) and
        connect to it.

        Raises:
            JupyterError: Connecting to the new terminal failed (as for
                :meth:`TerminalConnection.connect`); the terminal is then shut down.
            UnsupportedError: ``cwd`` was given to a classic notebook server, which would
                ignore it (checked before the terminal starts).
        """
        self._check_open()
        if cwd is not None:
            version = (await self._rest.get_api_version()).version
            if is_classic_notebook(version):
                raise errors.UnsupportedError(
                    f"terminals: the classic notebook server {version} at "
                    f"{self.settings.base_url} ignores a terminal's cwd"
                )
        model = await self._rest.create_terminal(name=name, cwd=cwd)
        if str(model.name) not in self._running:
            self._running[str(model.name)] = model
            self.running_changed.emit(self.running())
        try:
            return await self.connect_to(model)
        except BaseException:
            # Nobody can use a terminal we could not connect to: do not leave it running.
            with contextlib.suppress(errors.JupyterError):
                await self._rest.delete_terminal(str(model.name))
            if self._running.pop(str(model.name), None) is not None:
                self.running_changed.emit(self.running())
            raise

    async def connect_to(self, terminal: str | Terminal) -> TerminalConnection:
        """Connect to a running terminal by name or model.

        Raises:
            NotFoundError: The server has no such terminal.
        """
        self._check_open()
        model = await self._rest.get_terminal(terminal) if isinstance(terminal, str) else terminal
        connection = TerminalConnection(model, rest=self._rest, settings=self.settings)
        self._connections.append(connection)
        connection.disposed.connect(lambda _: self._forget(connection))
        try:
            await connection.connect()
        except BaseException:
            await connection.close()
            raise
        return connection

    async def shutdown(self, name: str) -> None:
        """End a terminal; closes its connections."""
        with contextlib.suppress(errors.NotFoundError):
            await self._rest.delete_terminal(name)
        for connection in list(self._connections):
            if connection.name == name:
                await connection.close()
        if self._running.pop(name, None) is not None:
            self.running_changed.emit(self.running())

    async def shutdown_all(self) -> None:
        """End every running terminal."""
        for model in await self.refresh_running():
            await self.shutdown(str(model.name))

    def _check_open(self) -> None:
        if self._closed:
            raise errors.ConnectionClosedError("the terminal manager is closed")

    def _forget(self, connection: TerminalConnection) -> None:
        if connection in self._connections:
            self._connections.remove(connection)

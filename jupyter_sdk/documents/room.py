"""A room's websocket: connect, keep in sync, reconnect, and survive server restarts.

:class:`Room` drives :class:`~jupyter_sdk.documents.protocol.RoomProtocol` over one
websocket at a time. The document it syncs belongs to a :class:`SharedModel` (a live
notebook or file), which the room asks to rebind when the document must be rebuilt.

Reconnecting: after a drop the room reconnects with backoff and both sides resync (sync
step 1/2), so no edit made while cut off is lost. A server that restarted answers with a
new ``sessionId``; if it also lost the room's history (no ystore), its state vector is
behind what it had confirmed, and merging the old document would duplicate every cell:
the room then starts from a fresh document and the model replays only the changes the
server had not confirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any, Literal, Protocol, TypeVar

import websockets
from pycrdt import Awareness, Doc, TransactionEvent, read_message

from .. import errors
from .._backoff import backoff_delays
from .._rest import Rest
from .._websocket import ClientConnection, open_websocket
from ..signal import Signal
from .protocol import (
    AwarenessChanged,
    RoomProtocol,
    SaveReply,
    ServerMessage,
    Synced,
    lost_history,
)

__all__ = ["Room", "RoomStatus", "SharedModel"]

_T = TypeVar("_T")

log = logging.getLogger("jupyter_sdk.documents")

RoomStatus = Literal["connecting", "connected", "disconnected", "closed"]
"""The link's state: ``connecting`` (first connect), ``connected``, ``disconnected``
(reconnecting), ``closed`` (by :meth:`Room.close` or for good)."""

_RENEW_EVERY = 15.0  # peers drop an awareness state not renewed within 30 s
_PEER_TIMEOUT = 30.0
_GONE = 4404
_UNSUPPORTED_DATA = 1003


class _HistoryLost(Exception):
    """The server no longer holds the room's history: reconnect with a fresh document."""


class SharedModel(Protocol):
    """What a room needs from the document model it syncs."""

    def bind(self, doc: Doc[Any]) -> None:
        """Observe ``doc`` (the room's current document) from now on."""

    def snapshot(self) -> object:
        """The document's content as plain values (the base of a replay)."""

    def replay(self, base: object, ours: object) -> None:
        """Apply the local changes from ``base`` to ``ours`` onto the (fresh) bound doc."""


class Room:
    """The live link of one shared document (owned by a live notebook or file)."""

    def __init__(
        self,
        rest: Rest,
        path: str,
        *,
        format: str,
        type: str,
        model: SharedModel,
        awareness_state: dict[str, object] | None,
        fixed_room: str | None = None,
    ) -> None:
        self._rest = rest
        # A room of no document (JupyterLab's global awareness): no session to ask for.
        self._fixed_room = fixed_room
        self.settings = rest.settings
        self.path = path
        self.format = format
        self.type = type
        self._model = model
        self._awareness_state = awareness_state
        self.file_id = ""
        self.session_id = ""
        self.status: RoomStatus = "connecting"
        self.status_changed: Signal[RoomStatus] = Signal("status_changed")
        self.presence_changed: Signal[None] = Signal("presence_changed")
        self.server_message: Signal[dict[str, object]] = Signal("server_message")
        self.rebuilt: Signal[None] = Signal("rebuilt")
        self.doc: Doc[Any] = Doc()
        self.awareness = Awareness(self.doc)
        self.protocol = RoomProtocol(self.doc, self.awareness)
        self._subscription = self.doc.observe(self._on_transaction)
        self._ws: ClientConnection | None = None
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._sync_waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._save_waiters: dict[int, asyncio.Future[str]] = {}
        self._candidates: dict[int, tuple[bytes, object]] = {}
        self._confirmed: tuple[bytes, object] | None = None
        self._replay: tuple[object, object] | None = None
        self._first_sync: asyncio.Future[None] | None = None
        self._next_token = 0
        self._resave = False
        self.error: errors.JupyterError | None = None
        self._closing = False

    def __repr__(self) -> str:
        return f"<Room {self.room_id} {self.status}>"

    @property
    def room_id(self) -> str:
        """``format:type:fileId`` (or the fixed room's name)."""
        return self._fixed_room or f"{self.format}:{self.type}:{self.file_id}"

    @property
    def client_id(self) -> int:
        """This client's id in the current document (and in the awareness)."""
        return self.doc.client_id

    # -- lifecycle -----------------------------------------------------------------------

    async def open(self, timeout: float) -> None:
        """Connect and wait for the first full sync.

        Raises:
            UnsupportedError: The server has no collaboration (jupyter-server-ydoc).
            DocumentError: The server closed the room (e.g. 4404).
            RequestTimeoutError: No sync within ``timeout``.
        """
        self._model.bind(self.doc)
        if self._awareness_state is not None:
            self.awareness.set_local_state(dict(self._awareness_state))
        loop = asyncio.get_running_loop()
        self._first_sync = loop.create_future()
        try:
            await self._connect()
            self._tasks = [
                asyncio.create_task(self._read_loop(), name=f"room {self.path} reader"),
                asyncio.create_task(self._send_loop(), name=f"room {self.path} sender"),
                asyncio.create_task(self._presence_loop(), name=f"room {self.path} presence"),
            ]
            async with asyncio.timeout(timeout):
                await asyncio.shield(self._first_sync)
        except TimeoutError:
            await self.close()
            raise errors.RequestTimeoutError(
                f"{self.path}: the room did not sync within {timeout} s"
            ) from None
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Leave the room (presence removed, pending waits ended); idempotent."""
        if self._closing:
            return
        self._closing = True
        ws = self._ws
        if ws is not None and self.status == "connected":
            with contextlib.suppress(Exception):
                self.protocol.leave()
                for frame in self.protocol.data_to_send():
                    await asyncio.wait_for(ws.send(frame), 2.0)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        self._ws = None
        self._fail(
            self.error or errors.DocumentClosedError(f"{self.path}: the document was closed")
        )
        self._set_status("closed")
        with contextlib.suppress(Exception):
            self.doc.unobserve(self._subscription)

    def _fail(self, error: errors.JupyterError) -> None:
        """End every pending wait with ``error``."""
        if self.error is None:
            self.error = error
        for _, future in self._sync_waiters:
            if not future.done():
                future.set_exception(error)
        self._sync_waiters.clear()
        for reply in self._save_waiters.values():
            if not reply.done():
                reply.set_exception(error)
        self._save_waiters.clear()
        if self._first_sync is not None and not self._first_sync.done():
            self._first_sync.set_exception(error)
            self._first_sync.exception()  # retrieved: open() raises it

    def _set_status(self, status: RoomStatus) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    # -- waiting for the network -----------------------------------------------------------

    async def flush(self, timeout: float | None) -> None:
        """Return once the server has applied every change made so far.

        Raises:
            RequestTimeoutError: Not confirmed within ``timeout``.
            DocumentError: The room closed or failed.
        """
        self._check_open()
        token = self._request_sync()
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sync_waiters.append((token, future))
        await self._wait(future, timeout, "flush")

    async def save(self, timeout: float | None) -> str:
        """Ask the server to save the document now (after a flush); its status."""
        await self.flush(timeout)
        request_id = self.protocol.save()
        reply: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._save_waiters[request_id] = reply
        self._wake.set()
        return await self._wait(reply, timeout, "save")

    async def _wait(self, future: asyncio.Future[_T], timeout: float | None, what: str) -> _T:
        try:
            async with asyncio.timeout(timeout):
                return await future
        except TimeoutError:
            raise errors.RequestTimeoutError(
                f"{self.path}: {what} not confirmed by the server within {timeout} s"
            ) from None

    def _check_open(self) -> None:
        if self.error is not None:
            raise self.error
        if self._closing:
            raise errors.DocumentClosedError(f"{self.path}: the document was closed")

    def _request_sync(self) -> int:
        token = self.protocol.sync()
        self._next_token = token + 1
        self._candidates[token] = (self.protocol.doc.get_state(), self._model.snapshot())
        self._wake.set()
        return token

    def send_presence(self) -> None:
        """Send this client's awareness state now (after a change to it)."""
        self.protocol.send_awareness()
        self._wake.set()

    # -- the link ----------------------------------------------------------------------------

    async def _connect(self) -> None:
        """(Re)open the websocket: fresh room ids, then a sync from the start."""
        if self._fixed_room is not None:
            self._use(await open_websocket(self.settings, f"api/collaboration/room/{self.room_id}"))
            return
        previous = self.session_id
        try:
            session = await self._rest.open_document_session(
                self.path, format=self.format, type=self.type
            )
        except errors.NotFoundError as exc:
            raise self._rest.unsupported("documents", "no /api/collaboration") from exc
        self.file_id = session.file_id
        self.session_id = session.session_id
        if previous and previous != self.session_id:
            log.info("= %s: the server restarted (new collaboration session)", self.path)
        self._use(
            await open_websocket(
                self.settings, f"api/collaboration/room/{self.room_id}?sessionId={self.session_id}"
            )
        )

    def _use(self, ws: ClientConnection) -> None:
        """Start syncing over a new websocket."""
        self._ws = ws
        self._candidates.clear()
        token = self.protocol.connected(self._next_token)
        self._next_token = token + 1
        self._candidates[token] = (self.protocol.doc.get_state(), self._model.snapshot())
        # Waits from before a drop end with this link's first sync; saves asked for
        # then are asked again after it.
        self._sync_waiters = [(token, future) for _, future in self._sync_waiters]
        self._resave = bool(self._save_waiters)
        self._set_status("connected")
        self._wake.set()

    async def _send_loop(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            ws = self._ws
            frames = self.protocol.data_to_send()
            if ws is None or self.status != "connected":
                continue  # the resync after reconnecting carries them
            for frame in frames:
                try:
                    await ws.send(frame)
                except websockets.ConnectionClosed:
                    break  # the reader sees it and reconnects

    async def _read_loop(self) -> None:
        delays = backoff_delays(
            self.settings.reconnect.initial_delay,
            self.settings.reconnect.max_delay,
            self.settings.reconnect.jitter,
        )
        failures = 0
        refused_sessions = 0
        while True:
            ws = self._ws
            assert ws is not None
            try:
                async for frame in ws:
                    if isinstance(frame, str):
                        raise errors.ProtocolError(
                            f"{self.path}: the room sent a text frame (rooms speak binary only)"
                        )
                    self._handle(frame)
                    failures = 0
                closed: websockets.ConnectionClosed | None = None
            except websockets.ConnectionClosed as exc:
                closed = exc
            except _HistoryLost:
                closed = None  # reconnect at once, with the fresh document
            except errors.JupyterError as exc:
                self._terminal(exc)
                return
            except Exception as exc:  # a bug must end the waits, not hang them
                log.exception("= %s: the room's reader failed", self.path)
                self._terminal(
                    errors.ProtocolError(f"{self.path}: reading the room failed: {exc!r}")
                )
                return
            self._ws = None
            with contextlib.suppress(Exception):
                await ws.close()
            if self._replay is None:
                code, reason = _close_info(closed)
                terminal = self._classify(code, reason, refused_sessions)
                if terminal is not None:
                    self._terminal(terminal)
                    return
                if code == _UNSUPPORTED_DATA:
                    refused_sessions += 1
                log.info("= %s: the room dropped (%s %s); reconnecting", self.path, code, reason)
            self._set_status("disconnected")
            while True:
                if self._replay is None:
                    await asyncio.sleep(next(delays))
                try:
                    await self._connect()
                    break
                except (errors.NetworkError, errors.ServerError) as exc:
                    failures += 1
                    if failures >= self.settings.reconnect.max_attempts:
                        self._terminal(
                            errors.DocumentClosedError(
                                f"{self.path}: gave up reconnecting after {failures} attempts: "
                                f"{exc}"
                            )
                        )
                        return
                except errors.JupyterError as exc:
                    self._terminal(exc)
                    return

    def _classify(self, code: int | None, reason: str, refused: int) -> errors.JupyterError | None:
        """The terminal error for a close, or None to reconnect."""
        if code == _GONE:
            return errors.DocumentGoneError(
                f"{self.path}: the document is gone ({reason or 'not found'})",
                code=code,
                reason=reason,
            )
        if code in (4400, 4500):
            return errors.DocumentError(
                f"{self.path}: the server could not open the document ({reason})",
                code=code,
                reason=reason,
            )
        if code == _UNSUPPORTED_DATA:
            try:
                data = json.loads(reason)
            except ValueError:
                data = {}
            kind = data.get("reason") if isinstance(data, dict) else None
            if kind != "unknown_session" or refused >= 1:
                detail = data.get("errorReason") if isinstance(data, dict) else None
                return errors.DocumentSessionError(
                    f"{self.path}: the server refused the room's session "
                    f"({kind or reason}{': ' + str(detail) if detail else ''})",
                    code=code,
                    reason=reason,
                )
        return None

    def _terminal(self, error: errors.JupyterError) -> None:
        log.info("= %s: the room ended: %s", self.path, error)
        self._fail(error)
        self._set_status("closed")

    # -- frames in ----------------------------------------------------------------------------

    def _handle(self, frame: bytes) -> None:
        protocol = self.protocol
        if (
            frame[:2] == b"\x00\x00"
            and self._confirmed is not None
            and self._replay is None
            and lost_history(self._confirmed[0], _read_state(frame))
        ):
            # The server rebuilt the room without its history: answering with our
            # document would duplicate its content. Start over from a fresh one.
            log.info("= %s: the server lost the room's history; rebuilding", self.path)
            self._rebuild()
            raise _HistoryLost
        for event in protocol.receive(frame):
            match event:
                case Synced(token=token):
                    self._synced(token)
                case SaveReply(request_id=request_id, status=status):
                    future = self._save_waiters.pop(request_id, None)
                    if future is not None and not future.done():
                        future.set_result(status)
                case AwarenessChanged():
                    self.presence_changed.emit(None)
                case ServerMessage(data=data):
                    self.server_message.emit(data)
        if self.protocol.has_data_to_send:
            self._wake.set()

    def _synced(self, token: int) -> None:
        candidate = self._candidates.pop(token, None)
        if candidate is not None:
            self._confirmed = candidate
        for old in [t for t in self._candidates if t < token]:
            del self._candidates[old]
        if self._replay is not None:
            base, ours = self._replay
            self._replay = None
            self._model.replay(base, ours)
            self.rebuilt.emit(None)
        still = []
        for waited, future in self._sync_waiters:
            if waited <= token:
                if not future.done():
                    future.set_result(None)
            else:
                still.append((waited, future))
        self._sync_waiters = still
        if self._first_sync is not None and not self._first_sync.done():
            self._first_sync.set_result(None)
        if self._resave:
            self._resave = False
            pending = list(self._save_waiters.values())
            self._save_waiters = {self.protocol.save(): future for future in pending}

    def _rebuild(self) -> None:
        """Switch to a fresh document; the model replays its unconfirmed changes on it."""
        assert self._confirmed is not None
        ours = self._model.snapshot()
        self._replay = (self._confirmed[1], ours)
        self._confirmed = None
        local_state = self.awareness.get_local_state()
        with contextlib.suppress(Exception):
            self.doc.unobserve(self._subscription)
        self.doc = Doc()
        self.awareness = Awareness(self.doc)
        if local_state is not None:
            self.awareness.set_local_state(local_state)
        self.protocol = RoomProtocol(self.doc, self.awareness)
        self._subscription = self.doc.observe(self._on_transaction)
        self._model.bind(self.doc)

    # -- local changes out ------------------------------------------------------------------

    def _on_transaction(self, event: TransactionEvent) -> None:
        if self.protocol.applying_remote:
            return
        update = event.update
        if update != b"\x00\x00":
            self.protocol.local_update(update)
            self._wake.set()

    # -- presence ---------------------------------------------------------------------------

    async def _presence_loop(self) -> None:
        while True:
            await asyncio.sleep(_RENEW_EVERY)
            state = self.awareness.get_local_state()
            if state is not None and self.status == "connected":
                self.awareness.set_local_state(state)  # a new clock: peers keep us
                self.send_presence()
            stale = _stale_peers(self.awareness, _PEER_TIMEOUT)
            if stale:
                self.awareness.remove_awareness_states(stale, "timeout")
                self.presence_changed.emit(None)


def _stale_peers(awareness: Awareness, timeout: float) -> list[int]:
    now = int(time.time() * 1000)
    return [
        client
        for client, meta in awareness.meta.items()
        if client != awareness.client_id
        and client in awareness.states
        and now - int(meta.get("lastUpdated", now)) >= timeout * 1000
    ]


def _read_state(frame: bytes) -> bytes:
    return read_message(frame[2:])


def _close_info(exc: websockets.ConnectionClosed | None) -> tuple[int | None, str]:
    if exc is None or exc.rcvd is None:
        return None, ""
    return exc.rcvd.code, exc.rcvd.reason

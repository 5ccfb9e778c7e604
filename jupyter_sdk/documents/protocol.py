"""The room protocol of a shared document, sans I/O: frames in, frames out.

A room speaks y-protocols over binary websocket frames, plus one Jupyter message type
(jupyter-server-ydoc):

=================== ===============================================================
frame               bytes
=================== ===============================================================
sync step 1         ``00 00 <varuint len> <state vector>``
sync step 2         ``00 01 <varuint len> <update>`` (answers a step 1)
update              ``00 02 <varuint len> <update>``
awareness           ``01 <varuint len> <awareness update>``
Jupyter RAW         ``02 <varString JSON>``; a save request is
                    ``02 varString("save") varuint(id)``
=================== ===============================================================

The server handles one client's sync messages in order, so the step 2 answering a step
1 proves that every update sent before that step 1 was applied: :meth:`RoomProtocol.sync`
is how a caller waits for the network. The codec is pycrdt's (the server's own); this
module adds the bookkeeping: which step 2 answers which step 1, what the server is known
to hold, and the events a frame produced.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

import attrs
from pycrdt import (
    Awareness,
    Decoder,
    Doc,
    Encoder,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)

from .. import errors

__all__ = [
    "AwarenessChanged",
    "RAW",
    "RoomEvent",
    "RoomProtocol",
    "SaveReply",
    "lost_history",
    "ServerMessage",
    "Synced",
    "state_vector",
]

RAW = 2
"""The message type jupyter-server-ydoc adds to y-protocols."""


@attrs.frozen
class Synced:
    """The server answered a sync step 1: ``token`` is what :meth:`RoomProtocol.sync`
    returned for it; ``state`` the local state vector it confirms."""

    token: int
    state: bytes


@attrs.frozen
class SaveReply:
    """The server's answer to a save request: ``"success"``, ``"skipped"`` or ``"failed"``."""

    request_id: int
    status: str


@attrs.frozen
class ServerMessage:
    """Another RAW message from the server (e.g. ``{"type": "conflict"}``)."""

    data: dict[str, object]


@attrs.frozen
class AwarenessChanged:
    """Peers' presence changed (client ids added, updated or removed)."""

    added: tuple[int, ...]
    updated: tuple[int, ...]
    removed: tuple[int, ...]


RoomEvent = Synced | SaveReply | ServerMessage | AwarenessChanged


def state_vector(encoded: bytes) -> dict[int, int]:
    """Decode a y state vector (``doc.get_state()``): client id -> clock."""
    decoder = Decoder(encoded)
    result: dict[int, int] = {}
    for _ in range(decoder.read_var_uint()):
        client = decoder.read_var_uint()
        result[client] = decoder.read_var_uint()
    return result


class RoomProtocol:
    """One client's side of a room: feed frames to :meth:`receive`, send what
    :meth:`data_to_send` returns.

    Remote updates are applied to ``doc`` inside :attr:`applying_remote` (observers use it
    to tell a peer's change from this client's); local changes become update frames as
    they happen (:meth:`local_update`, called by the document's observer).
    """

    def __init__(self, doc: Doc[Any], awareness: Awareness) -> None:
        self.doc = doc
        self.awareness = awareness
        self.applying_remote = False
        self._outgoing: deque[bytes] = deque()
        # Step 1s sent and not yet answered, oldest first: (token, local state then).
        self._pending_syncs: deque[tuple[int, bytes]] = deque()
        self._next_token = 0
        self._next_save = 0
        self.server_state: bytes | None = None
        """The state vector of the server's last sync step 1 (what it held then)."""

    # -- outgoing ----------------------------------------------------------------------

    def data_to_send(self) -> list[bytes]:
        """The frames to send now, in order."""
        frames = list(self._outgoing)
        self._outgoing.clear()
        return frames

    @property
    def has_data_to_send(self) -> bool:
        """Whether frames are waiting for :meth:`data_to_send`."""
        return bool(self._outgoing)

    def connected(self, first_token: int | None = None) -> int:
        """A new link: forget unanswered step 1s (their answers will not come), then
        ask for the server's document and announce this client's presence.

        Returns the token of the sync this queues (tokens continue from
        ``first_token`` when given, e.g. after switching to a fresh document)."""
        self._pending_syncs.clear()
        self._outgoing.clear()
        if first_token is not None:
            self._next_token = max(self._next_token, first_token)
        token = self.sync()
        if self.awareness.get_local_state() is not None:
            self.send_awareness()
        return token

    def sync(self) -> int:
        """Queue a sync step 1; the :class:`Synced` event with the returned token says
        the server has applied everything sent before it."""
        token = self._next_token
        self._next_token += 1
        self._pending_syncs.append((token, self.doc.get_state()))
        self._outgoing.append(create_sync_message(self.doc))
        return token

    def local_update(self, update: bytes) -> None:
        """Queue a local change (a transaction's update) for the server."""
        if not self.applying_remote:
            self._outgoing.append(create_update_message(update))

    def send_awareness(self) -> None:
        """Queue this client's presence (its awareness state and clock)."""
        update = self.awareness.encode_awareness_update([self.awareness.client_id])
        self._outgoing.append(create_awareness_message(update))

    def leave(self) -> None:
        """Queue the removal of this client's presence (sent on close)."""
        self.awareness.set_local_state(None)
        self.send_awareness()

    def save(self) -> int:
        """Queue a save request; the :class:`SaveReply` with the returned id answers it."""
        request_id = self._next_save
        self._next_save += 1
        encoder = Encoder()
        encoder.write_var_uint(RAW)
        encoder.write_var_string("save")
        encoder.write_var_uint(request_id)
        self._outgoing.append(encoder.to_bytes())
        return request_id

    # -- incoming ----------------------------------------------------------------------

    def receive(self, frame: bytes) -> list[RoomEvent]:
        """Handle one binary frame from the server.

        Raises:
            ProtocolError: The frame is not a room message.
        """
        if not frame:
            raise errors.ProtocolError("room: empty frame")
        try:
            return self._receive(frame)
        except errors.ProtocolError:
            raise
        except (ValueError, IndexError, RuntimeError, UnicodeDecodeError) as exc:
            raise errors.ProtocolError(f"room: malformed frame ({exc})") from exc

    def _receive(self, frame: bytes) -> list[RoomEvent]:
        kind = frame[0]
        if kind == YMessageType.SYNC:
            return self._receive_sync(frame[1:])
        if kind == YMessageType.AWARENESS:
            return self._receive_awareness(read_message(frame[1:]))
        if kind == RAW:
            decoder = Decoder(frame[1:])
            text = decoder.read_var_string()
            if decoder.length < 0:
                raise errors.ProtocolError("room: a truncated RAW message")
            data = json.loads(text)
            if not isinstance(data, dict):
                raise errors.ProtocolError("room: a RAW message that is not a JSON object")
            if data.get("type") == "save" and isinstance(data.get("responseTo"), int):
                return [SaveReply(int(data["responseTo"]), str(data.get("status")))]
            return [ServerMessage(data)]
        raise errors.ProtocolError(f"room: unknown message type {kind}")

    def _receive_sync(self, message: bytes) -> list[RoomEvent]:
        if not message:
            raise errors.ProtocolError("room: a sync message without a type")
        sync_type = message[0]
        if sync_type == YSyncMessageType.SYNC_STEP1:
            self.server_state = read_message(message[1:])
        self.applying_remote = True
        try:
            reply = handle_sync_message(message, self.doc)
        finally:
            self.applying_remote = False
        if reply is not None:
            self._outgoing.append(reply)
        if sync_type == YSyncMessageType.SYNC_STEP2 and self._pending_syncs:
            token, state = self._pending_syncs.popleft()
            return [Synced(token, state)]
        if sync_type not in (
            YSyncMessageType.SYNC_STEP1,
            YSyncMessageType.SYNC_STEP2,
            YSyncMessageType.SYNC_UPDATE,
        ):
            raise errors.ProtocolError(f"room: unknown sync message type {sync_type}")
        return []

    def _receive_awareness(self, update: bytes) -> list[RoomEvent]:
        changes: list[AwarenessChanged] = []

        def collect(topic: str, args: tuple[dict[str, list[int]], object]) -> None:
            if topic == "change":
                change = args[0]
                changes.append(
                    AwarenessChanged(
                        tuple(change["added"]), tuple(change["updated"]), tuple(change["removed"])
                    )
                )

        subscription = self.awareness.observe(collect)
        try:
            self.awareness.apply_awareness_update(update, "remote")
        finally:
            self.awareness.unobserve(subscription)
        me = self.awareness.client_id
        if self.awareness.get_local_state() is not None and any(
            client != me for change in changes for client in change.added
        ):
            # Peers announce themselves only on joining and renewing (every 15 s), and the
            # server does not tell a newcomer who is there: greet it, so it sees us now.
            self.send_awareness()
        return list(changes)


def lost_history(confirmed: bytes | None, server: bytes | None) -> bool:
    """Whether a server no longer holds what it was known to hold (it restarted without
    its store): some client's clock in ``server`` is behind ``confirmed``."""
    if confirmed is None or server is None:
        return False
    held = state_vector(server)
    return any(held.get(client, 0) < clock for client, clock in state_vector(confirmed).items())

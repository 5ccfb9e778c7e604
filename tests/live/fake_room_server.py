"""A fake collaborative server: just enough REST and one room websocket that misbehaves.

For tests only, and the only place a room sends what a real server never does. It
listens on ``127.0.0.1`` (a free port) with plain asyncio streams (websockets refuses
request bodies, and the session request is a PUT with one), answers:

* ``GET /api``, ``/api/status``, ``/api/me``, ``/api/contents/{path}`` (a notebook model
  for any path but ``missing.ipynb``);
* ``PUT /api/collaboration/session/{path}``: ``{format, type, fileId, sessionId}``;
* the room websocket ``/api/collaboration/room/{format}:{type}:{fileId}``: after the
  handshake it plays :attr:`FakeRoomServer.room` (``"text"``: one text frame; ``"close"``:
  a close frame with :attr:`close_code` and :attr:`close_reason`), then waits for the
  client to go.

Every request (method, target, headers) is recorded in :attr:`FakeRoomServer.requests`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import struct
from typing import Any, Literal

__all__ = ["FakeRoomServer", "Request"]

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

Request = tuple[str, str, dict[str, str]]


class FakeRoomServer:
    """An HTTP + websocket server whose one room misbehaves as told."""

    def __init__(
        self,
        room: Literal["text", "close"] = "text",
        *,
        close_code: int = 4404,
        close_reason: str = "",
    ) -> None:
        self.room = room
        self.close_code = close_code
        self.close_reason = close_reason
        self.requests: list[Request] = []
        self.rooms_opened = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def __aenter__(self) -> FakeRoomServer:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
        # Abort the connections (no cancel: asyncio would log the cancelled handlers).
        for writer in list(self._writers):
            writer.transport.abort()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)

    @property
    def url(self) -> str:
        """The fake server's base URL."""
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/"

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._writers.add(writer)
        try:
            await self._serve(reader, writer)
        finally:
            self._writers.discard(writer)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                self.requests.append((method, target, headers))
                length = int(headers.get("content-length", "0"))
                if length:
                    await reader.readexactly(length)
                if headers.get("upgrade", "").lower() == "websocket":
                    await self._room(reader, writer, headers)
                    return
                status, body = self._route(method, target.split("?", 1)[0])
                payload = json.dumps(body).encode()
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    def _route(self, method: str, path: str) -> tuple[int, Any]:
        if path in ("/api", "/api/"):
            return 200, {"version": "2.21.1"}
        if path == "/api/status":
            return 200, {
                "started": "2026-01-01T00:00:00Z",
                "last_activity": None,
                "connections": 0,
                "kernels": 0,
            }
        if path == "/api/me":
            identity = {
                "username": "fake",
                "name": "Fake",
                "display_name": "Fake",
                "initials": "F",
                "avatar_url": None,
                "color": None,
            }
            return 200, {"identity": identity, "permissions": {}}
        if path.startswith("/api/contents/"):
            name = path.removeprefix("/api/contents/")
            if name.endswith("missing.ipynb"):
                return 404, {"message": f"No such file or directory: {name}", "reason": None}
            return 200, {
                "name": name.rsplit("/", 1)[-1],
                "path": name,
                "type": "notebook",
                "writable": True,
                "created": "2026-01-01T00:00:00Z",
                "last_modified": "2026-01-01T00:00:00Z",
                "size": 100,
                "mimetype": None,
                "content": None,
                "format": None,
                "hash": None,
                "hash_algorithm": None,
            }
        if path.startswith("/api/collaboration/session/"):
            if method != "PUT":
                return 405, {"message": "Method Not Allowed", "reason": None}
            self.rooms_opened += 1
            return 200, {
                "format": "json",
                "type": "notebook",
                "fileId": "fake-file-id",
                "sessionId": f"fake-session-{self.rooms_opened}",
            }
        return 404, {"message": "Not Found", "reason": None}

    async def _room(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, headers: dict[str, str]
    ) -> None:
        accept = base64.b64encode(
            hashlib.sha1((headers["sec-websocket-key"] + _GUID).encode()).digest()
        ).decode()
        writer.write(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        if self.room == "text":
            writer.write(_frame(0x1, b'{"type": "not binary"}'))
        else:
            writer.write(
                _frame(0x8, struct.pack("!H", self.close_code) + self.close_reason.encode())
            )
        await writer.drain()
        # Read (and drop) the client's frames until it goes.
        while await reader.read(65536):
            pass


def _frame(opcode: int, payload: bytes) -> bytes:
    assert len(payload) < 126
    return bytes([0x80 | opcode, len(payload)]) + payload

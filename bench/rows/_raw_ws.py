"""A minimal hand-written kernel client on ``websockets`` + ``httpx``: the floor for
a Python websocket client. Shared by the ``raw`` and ``raw+quickack`` rows.

It starts a kernel with ``POST /api/kernels``, connects the kernel websocket with the
``v1.kernel.websocket.jupyter.org`` subprotocol, encodes requests with
:func:`jupyter_sdk.protocol.wire.encode_v1`, and one reader task decodes every frame
and completes a request once its ``execute_reply`` and its ``idle`` status are in.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from bench.rows._base import BaseRow
from jupyter_sdk.protocol.messages import execute_request, kernel_info_request, new_message
from jupyter_sdk.protocol.wire import V1_PROTOCOL, decode_v1, encode_v1

_TCP_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)


class _Pending:
    __slots__ = ("future", "idle", "reply", "reply_type")

    def __init__(self, future: asyncio.Future[None], reply_type: str) -> None:
        self.future = future
        self.reply_type = reply_type
        self.reply = False
        self.idle = False


class RawWebsocketRow(BaseRow):
    """``raw``: httpx for REST, websockets for the kernel channels, nothing else."""

    name = "raw"
    order = 10
    quickack = False

    def __init__(self) -> None:
        self.http: httpx.AsyncClient | None = None
        self.ws: ClientConnection | None = None
        self.kernel_id = ""
        self.session = uuid.uuid4().hex
        self._pending: dict[str, _Pending] = {}
        self._reader: asyncio.Task[None] | None = None
        self._sock: socket.socket | None = None

    async def setup(self, base_url: str, token: str) -> None:
        auth = {"Authorization": f"token {token}"}
        self.http = httpx.AsyncClient(base_url=base_url, headers=auth, trust_env=False, timeout=60)
        response = await self.http.post("/api/kernels", json={"name": "python3"})
        response.raise_for_status()
        self.kernel_id = response.json()["id"]
        ws_url = base_url.replace("http", "ws", 1)
        self.ws = await connect(
            f"{ws_url}/api/kernels/{self.kernel_id}/channels?session_id={self.session}",
            additional_headers=auth,
            subprotocols=[V1_PROTOCOL],  # type: ignore[list-item]
            compression=None,
            proxy=None,
            max_size=None,
            ping_interval=None,
            open_timeout=60,
        )
        if self.ws.subprotocol != V1_PROTOCOL:
            raise RuntimeError(f"server chose subprotocol {self.ws.subprotocol!r}")
        if self.quickack:
            if _TCP_QUICKACK is None:
                raise RuntimeError("TCP_QUICKACK is Linux-only")
            self._sock = self.ws.transport.get_extra_info("socket")
        self._reader = asyncio.create_task(self._read_loop())
        await asyncio.wait_for(self._request("kernel_info_request", kernel_info_request()), 60)

    def _send_frame(self, msg_type: str, content: Any) -> tuple[asyncio.Future[None], bytes]:
        msg = new_message(msg_type, "shell", content, session=self.session)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        reply_type = msg_type.replace("_request", "_reply")
        self._pending[msg["header"]["msg_id"]] = _Pending(future, reply_type)
        return future, encode_v1(msg)

    async def _request(self, msg_type: str, content: Any) -> None:
        assert self.ws is not None
        future, frame = self._send_frame(msg_type, content)
        await self.ws.send(frame)
        await future

    async def execute(self, code: str) -> None:
        await self._request("execute_request", execute_request(code))

    async def execute_many(self, codes: Sequence[str]) -> None:
        assert self.ws is not None
        futures = []
        for code in codes:
            future, frame = self._send_frame("execute_request", execute_request(code))
            futures.append(future)
            await self.ws.send(frame)
        await asyncio.gather(*futures)

    async def _read_loop(self) -> None:
        assert self.ws is not None
        ws, pending, sock = self.ws, self._pending, self._sock
        try:
            async for frame in ws:
                if sock is not None:
                    sock.setsockopt(socket.IPPROTO_TCP, _TCP_QUICKACK, 1)  # type: ignore[arg-type]
                msg = decode_v1(frame)  # type: ignore[arg-type]
                parent_id = msg["parent_header"].get("msg_id")
                entry = pending.get(parent_id) if isinstance(parent_id, str) else None
                if entry is None:
                    continue
                channel = msg["channel"]
                if channel == "shell":
                    if msg["header"]["msg_type"] == entry.reply_type:
                        entry.reply = True
                elif channel == "iopub":
                    if (
                        msg["header"]["msg_type"] == "status"
                        and msg["content"].get("execution_state") == "idle"
                    ):
                        entry.idle = True
                else:
                    continue
                if entry.reply and entry.idle:
                    del pending[parent_id]  # type: ignore[arg-type]
                    if not entry.future.done():
                        entry.future.set_result(None)
        except Exception as exc:
            self._fail(exc)
            raise
        self._fail(ConnectionError("kernel websocket closed"))

    def _fail(self, exc: BaseException) -> None:
        for entry in self._pending.values():
            if not entry.future.done():
                entry.future.set_exception(exc)
        self._pending.clear()

    async def rest_get(self, path: str) -> None:
        assert self.http is not None
        response = await self.http.get(path)
        response.raise_for_status()
        response.json()

    async def teardown(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self.http is not None:
            if self.kernel_id:
                with contextlib.suppress(Exception):
                    await self.http.delete(f"/api/kernels/{self.kernel_id}")
            await self.http.aclose()

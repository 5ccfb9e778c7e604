"""Self-tests of the fault tools: the TCP proxy (against tiny local servers) and the fake
kernel server (against a plain ``websockets`` client and httpx)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import os
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from jupyter_sdk.protocol.messages import (
    Channel,
    JSONObject,
    Message,
    execute_request,
    kernel_info_request,
    new_message,
)
from jupyter_sdk.protocol.wire import (
    V1_PROTOCOL,
    decode_legacy,
    decode_v1,
    encode_legacy,
    encode_v1,
)

from .fake_kernel_server import FakeClient, FakeKernelServer
from .proxy import TcpProxy

pytestmark = pytest.mark.timeout(30)

WAIT = 10.0  # generous bound for anything that should happen promptly


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
async def _no_loop_errors() -> AsyncIterator[None]:
    """Fail the test if asyncio reports an error (e.g. a task exception never retrieved)."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, object]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        yield
        gc.collect()
        await asyncio.sleep(0)  # let pending callbacks run before checking
    finally:
        loop.set_exception_handler(previous)
    assert not errors, errors


class Upstream:
    """A tiny TCP server: echoes bytes, or answers one HTTP request per connection."""

    def __init__(self, mode: str = "echo") -> None:
        self.mode = mode
        self.port = 0
        self.handlers_done = 0
        self.closed = asyncio.Event()
        self._server: asyncio.Server | None = None

    async def start(self) -> Upstream:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if self.mode == "echo":
                while data := await reader.read(256 * 1024):
                    writer.write(data)
                    await writer.drain()
            else:
                await reader.readuntil(b"\r\n\r\n")
                body = b"hello through the proxy"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                )
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            self.handlers_done += 1
            self.closed.set()


@pytest.fixture
async def echo() -> AsyncIterator[Upstream]:
    upstream = await Upstream("echo").start()
    yield upstream
    await upstream.close()


@pytest.fixture
async def proxy(echo: Upstream) -> AsyncIterator[TcpProxy]:
    async with TcpProxy(echo.port) as proxy:
        yield proxy


@contextlib.asynccontextmanager
async def connect(
    port: int,
) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def roundtrip(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, data: bytes
) -> bytes:
    writer.write(data)
    await writer.drain()
    return await asyncio.wait_for(reader.readexactly(len(data)), WAIT)


# --------------------------------------------------------------------------- proxy


async def test_proxy_forwards_http() -> None:
    upstream = await Upstream("http").start()
    try:
        async with TcpProxy(upstream.port) as proxy:
            url = proxy.url_for(f"http://localhost:{upstream.port}/some/path?x=1")
            assert url == f"http://127.0.0.1:{proxy.port}/some/path?x=1"
            async with httpx.AsyncClient() as client:
                response = await client.get(url, timeout=WAIT)
            assert response.status_code == 200
            assert response.text == "hello through the proxy"
            assert proxy.connections_total == 1
            assert proxy.bytes_to_target > 0
            assert proxy.bytes_to_client > len("hello through the proxy")
            await proxy.wait_active(0)
    finally:
        await upstream.close()


async def test_proxy_forwards_20_mb_both_ways(proxy: TcpProxy) -> None:
    payload = os.urandom(20 * 1024 * 1024)
    async with connect(proxy.port) as (reader, writer):

        async def send() -> None:
            writer.write(payload)
            await writer.drain()

        sender = asyncio.create_task(send())
        echoed = await asyncio.wait_for(reader.readexactly(len(payload)), 20)
        await sender
    assert hashlib.sha256(echoed).digest() == hashlib.sha256(payload).digest()
    assert proxy.bytes_to_target == len(payload)
    assert proxy.bytes_to_client == len(payload)


async def test_counters(proxy: TcpProxy) -> None:
    assert (proxy.connections_total, proxy.active_connections) == (0, 0)
    async with connect(proxy.port) as (r1, w1), connect(proxy.port) as (r2, w2):
        await proxy.wait_connections(2)
        assert await roundtrip(r1, w1, b"a" * 1000) == b"a" * 1000
        assert await roundtrip(r2, w2, b"b" * 24) == b"b" * 24
        assert proxy.active_connections == 2
        await proxy.wait_for(lambda: proxy.bytes_to_client == 1024)
        assert proxy.bytes_to_target == 1024
    await proxy.wait_active(0)
    assert proxy.connections_total == 2


async def test_half_close_is_forwarded(proxy: TcpProxy, echo: Upstream) -> None:
    async with connect(proxy.port) as (reader, writer):
        writer.write(b"last words")
        writer.write_eof()
        assert await asyncio.wait_for(reader.read(), WAIT) == b"last words"  # then EOF
    await asyncio.wait_for(echo.closed.wait(), WAIT)
    await proxy.wait_active(0)


async def test_cut_resets_open_connections(proxy: TcpProxy, echo: Upstream) -> None:
    async with connect(proxy.port) as (reader, writer):
        assert await roundtrip(reader, writer, b"hi") == b"hi"
        assert proxy.cut() == 1
        with pytest.raises(ConnectionResetError):
            await asyncio.wait_for(reader.read(1), WAIT)
        await asyncio.wait_for(echo.closed.wait(), WAIT)  # the upstream side was cut too
        await proxy.wait_active(0)
    async with connect(proxy.port) as (reader, writer):  # still accepting
        assert await roundtrip(reader, writer, b"again") == b"again"
    assert proxy.connections_total == 2


async def test_cut_with_fin_gives_eof(proxy: TcpProxy) -> None:
    async with connect(proxy.port) as (reader, writer):
        assert await roundtrip(reader, writer, b"hi") == b"hi"
        proxy.cut(reset=False)
        assert await asyncio.wait_for(reader.read(1), WAIT) == b""


async def test_stall_holds_data_until_resume(proxy: TcpProxy) -> None:
    async with connect(proxy.port) as (reader, writer):
        assert await roundtrip(reader, writer, b"warm") == b"warm"
        proxy.stall()
        assert proxy.stalled
        writer.write(b"held")
        await writer.drain()
        read = asyncio.create_task(reader.readexactly(4))
        done, _ = await asyncio.wait({read}, timeout=0.3)
        assert not done, "data crossed a stalled proxy"
        assert proxy.bytes_to_target == 4  # only the warm-up went through
        assert proxy.active_connections == 1
        proxy.resume()
        assert await asyncio.wait_for(read, WAIT) == b"held"
        assert await roundtrip(reader, writer, b"flows") == b"flows"


async def test_stall_one_direction(proxy: TcpProxy) -> None:
    async with connect(proxy.port) as (reader, writer):
        proxy.stall("to_client")
        writer.write(b"one way")
        await writer.drain()
        await proxy.wait_for(lambda: proxy.bytes_to_target == 7)  # upstream got it
        read = asyncio.create_task(reader.readexactly(7))
        done, _ = await asyncio.wait({read}, timeout=0.3)
        assert not done
        proxy.resume()
        assert await asyncio.wait_for(read, WAIT) == b"one way"


async def test_stall_applies_to_new_connections(proxy: TcpProxy) -> None:
    proxy.stall()
    async with connect(proxy.port) as (reader, writer):
        await proxy.wait_connections(1)
        writer.write(b"new")
        await writer.drain()
        read = asyncio.create_task(reader.readexactly(3))
        done, _ = await asyncio.wait({read}, timeout=0.3)
        assert not done
        proxy.resume()
        assert await asyncio.wait_for(read, WAIT) == b"new"


async def test_refuse_and_accept_on_the_same_port(proxy: TcpProxy) -> None:
    port = proxy.port
    async with connect(port) as (reader, writer):
        assert await roundtrip(reader, writer, b"before") == b"before"
        proxy.refuse()
        assert not proxy.listening
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", port)
        # Existing connections are untouched.
        assert await roundtrip(reader, writer, b"during") == b"during"
        await proxy.accept()
        assert proxy.listening
        assert proxy.port == port
        async with connect(port) as (r2, w2):
            assert await roundtrip(r2, w2, b"after") == b"after"
    assert proxy.connections_total == 2


async def test_delay_adds_latency_and_keeps_order(proxy: TcpProxy) -> None:
    async with connect(proxy.port) as (reader, writer):
        proxy.set_delay(0.2)
        chunks = [f"chunk-{i:03d};".encode() for i in range(50)]
        started = time.monotonic()
        for chunk in chunks:
            writer.write(chunk)
            await writer.drain()
        expected = b"".join(chunks)
        received = await asyncio.wait_for(reader.readexactly(len(expected)), WAIT)
        elapsed = time.monotonic() - started
        assert received == expected
        assert elapsed >= 0.2 * 0.5  # delayed each way; only a loose lower bound
        proxy.set_delay(0)
        assert await roundtrip(reader, writer, b"fast again") == b"fast again"


async def test_unreachable_target_resets_client() -> None:
    upstream = await Upstream().start()
    dead_port = upstream.port
    await upstream.close()
    async with TcpProxy(dead_port) as proxy, connect(proxy.port) as (reader, _writer):
        with contextlib.suppress(ConnectionResetError):
            assert await asyncio.wait_for(reader.read(1), WAIT) == b""
        await proxy.wait_for(lambda: proxy.connect_failures == 1)
        await proxy.wait_active(0)


async def test_close_drops_open_connections(echo: Upstream) -> None:
    proxy = await TcpProxy(echo.port).start()
    async with connect(proxy.port) as (reader, writer):
        assert await roundtrip(reader, writer, b"x") == b"x"
        await proxy.close()
        assert proxy.active_connections == 0
        with contextlib.suppress(ConnectionResetError):
            assert await asyncio.wait_for(reader.read(1), WAIT) == b""
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", proxy.port)


# --------------------------------------------------------------------------- fake server


@pytest.fixture
async def fake() -> AsyncIterator[FakeKernelServer]:
    async with FakeKernelServer() as server:
        yield server


def request(msg_type: str, content: Mapping[str, Any], channel: Channel = "shell") -> Message[Any]:
    return new_message(msg_type, channel, dict(content), session="client-session")


async def open_ws(
    fake: FakeKernelServer, session_id: str = "s1", *, v1: bool = True
) -> ClientConnection:
    return await websockets.connect(
        fake.channels_url(session_id),
        subprotocols=[websockets.Subprotocol(V1_PROTOCOL)] if v1 else None,
        max_size=None,
        open_timeout=WAIT,
    )


async def recv_msg(ws: ClientConnection) -> Message[JSONObject]:
    frame = await asyncio.wait_for(ws.recv(), WAIT)
    if isinstance(frame, str) or ws.subprotocol != V1_PROTOCOL:
        return decode_legacy(frame)
    return decode_v1(frame)


async def test_fake_server_rest(fake: FakeKernelServer) -> None:
    assert fake.url == f"http://127.0.0.1:{fake.port}/"
    async with httpx.AsyncClient(base_url=fake.url, timeout=WAIT) as client:
        model = (await client.get(f"api/kernels/{fake.kernel_id}")).json()
        assert model == {
            "id": fake.kernel_id,
            "name": "python3",
            "last_activity": "2024-01-01T00:00:00.000000Z",
            "execution_state": "idle",
            "connections": 0,
        }
        listing = await client.get("api/kernels")
        assert listing.headers["content-type"] == "application/json"
        assert listing.json() == [model]
        status = (await client.get("api/status")).json()
        assert status["kernels"] == 1
        assert (await client.get("api/kernels/nope")).status_code == 404
        assert (await client.get("api/nothing-here")).status_code == 404
        fake.kernel_exists = False
        assert (await client.get(f"api/kernels/{fake.kernel_id}")).status_code == 404
    assert ("GET", "/api/status") in fake.http_requests


async def test_fake_server_answers_kernel_info(fake: FakeKernelServer) -> None:
    async with await open_ws(fake) as ws:
        assert ws.subprotocol == V1_PROTOCOL
        req = request("kernel_info_request", kernel_info_request())
        await ws.send(encode_v1(req))
        got = [await recv_msg(ws) for _ in range(3)]
        kinds = [(m["channel"], m["header"]["msg_type"]) for m in got]
        assert kinds == [("iopub", "status"), ("shell", "kernel_info_reply"), ("iopub", "status")]
        assert [m["content"].get("execution_state") for m in got[::2]] == ["busy", "idle"]
        assert all(m["parent_header"]["msg_id"] == req["header"]["msg_id"] for m in got)
        assert got[1]["content"]["status"] == "ok"
        client = await fake.wait_for_client()
        assert client.session_id == "s1"
        assert fake.received[0]["header"]["msg_id"] == req["header"]["msg_id"]
        async with httpx.AsyncClient(base_url=fake.url, timeout=WAIT) as http:
            model = (await http.get(f"api/kernels/{fake.kernel_id}")).json()
        assert model["connections"] == 1


async def test_fake_server_send_raw(fake: FakeKernelServer) -> None:
    async with await open_ws(fake) as ws:
        await fake.wait_for_client()
        assert await fake.send_raw(b"\x01\x00garbage") == 1
        assert await asyncio.wait_for(ws.recv(), WAIT) == b"\x01\x00garbage"
        assert await fake.send_raw("not a v1 frame") == 1
        assert await asyncio.wait_for(ws.recv(), WAIT) == "not a v1 frame"
        truncated = encode_v1(request("kernel_info_request", {}))[:-3]
        await fake.send_raw(truncated)
        assert await asyncio.wait_for(ws.recv(), WAIT) == truncated


@pytest.mark.parametrize(("code", "seen"), [(None, 1005), (4001, 4001), (1000, 1000)])
async def test_fake_server_close_all(fake: FakeKernelServer, code: int | None, seen: int) -> None:
    async with await open_ws(fake) as ws:
        await fake.wait_for_client()
        await fake.close_all(code)
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), WAIT)
        assert ws.close_code == seen
    await fake.wait_for_open_clients(0)


async def test_fake_server_abort_all(fake: FakeKernelServer) -> None:
    async with await open_ws(fake) as ws:
        await fake.wait_for_client()
        fake.abort_all()
        with pytest.raises(websockets.ConnectionClosedError):
            await asyncio.wait_for(ws.recv(), WAIT)
        assert ws.close_code == 1006


async def test_fake_server_on_message_script() -> None:
    async def on_message(client: FakeClient, msg: Message[JSONObject]) -> None:
        if msg["header"]["msg_type"] == "execute_request":
            server = client.server
            await server.send_status("busy", msg)
            await server.reply(msg, "execute_reply", {"status": "ok", "execution_count": 1})
            await server.send_status("idle", msg)

    async with FakeKernelServer(on_message=on_message) as fake, await open_ws(fake) as ws:
        req = request("execute_request", execute_request("1 + 1"))
        await ws.send(encode_v1(req))
        got = [await recv_msg(ws) for _ in range(3)]
        assert [m["header"]["msg_type"] for m in got] == ["status", "execute_reply", "status"]
        assert got[1]["content"] == {"status": "ok", "execution_count": 1}
        assert (await fake.wait_for_message("execute_request"))["content"]["code"] == "1 + 1"


async def test_fake_server_legacy_protocol(fake: FakeKernelServer) -> None:
    async with await open_ws(fake, v1=False) as ws:
        assert ws.subprotocol is None
        client = await fake.wait_for_client()
        assert client.protocol == "legacy"
        req = request("kernel_info_request", {})
        await ws.send(encode_legacy(req))
        got = [await recv_msg(ws) for _ in range(3)]
        assert got[1]["header"]["msg_type"] == "kernel_info_reply"


async def test_fake_server_replaces_session_with_1005(fake: FakeKernelServer) -> None:
    async with await open_ws(fake, "same") as first:
        await fake.wait_for_client(1)
        async with await open_ws(fake, "same") as second:
            await fake.wait_for_client(2)
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(first.recv(), WAIT)
            assert first.close_code == 1005
            await fake.wait_for_open_clients(1)
            assert second.state is websockets.State.OPEN


async def test_fake_server_records_malformed_frames(fake: FakeKernelServer) -> None:
    async with await open_ws(fake) as ws:
        await ws.send(b"\x00\x01")
        await fake.wait_for(lambda: len(fake.malformed) == 1)
        assert fake.malformed[0][0] == b"\x00\x01"
        assert fake.received == []


async def test_fake_server_buffers_for_the_last_session(fake: FakeKernelServer) -> None:
    async with await open_ws(fake, "mine"):
        await fake.wait_for_client()
    await fake.wait_for_open_clients(0)
    busy = fake.message("status", {"execution_state": "busy"}, channel="iopub")
    assert await fake.send(busy) == 0  # no client: buffered
    async with await open_ws(fake, "mine") as ws:
        msg = await recv_msg(ws)
        assert msg["header"]["msg_type"] == "status"
        assert msg["content"]["execution_state"] == "busy"


async def test_fake_server_handshake_status(fake: FakeKernelServer) -> None:
    fake.handshake_status = 503
    with pytest.raises(websockets.InvalidStatus) as info:
        await open_ws(fake)
    assert info.value.response.status_code == 503


async def test_fake_server_handler_errors_surface_on_close() -> None:
    def on_message(client: FakeClient, msg: Message[JSONObject]) -> None:
        raise RuntimeError("script bug")

    fake = await FakeKernelServer(on_message=on_message).start()
    async with await open_ws(fake) as ws:
        await ws.send(encode_v1(request("kernel_info_request", {})))
        await fake.wait_for(lambda: bool(fake.errors))
    with pytest.raises(RuntimeError, match="script bug"):
        await fake.close()


async def test_fake_server_through_proxy_cut(fake: FakeKernelServer) -> None:
    async with TcpProxy(fake.port) as proxy:
        url = proxy.url_for(fake.channels_url("via-proxy"))
        async with websockets.connect(
            url, subprotocols=[websockets.Subprotocol(V1_PROTOCOL)], open_timeout=WAIT
        ) as ws:
            await ws.send(encode_v1(request("kernel_info_request", {})))
            got = [await recv_msg(ws) for _ in range(3)]
            assert got[1]["header"]["msg_type"] == "kernel_info_reply"
            proxy.cut()
            with pytest.raises(websockets.ConnectionClosedError):
                await asyncio.wait_for(ws.recv(), WAIT)
            assert ws.close_code == 1006
        await fake.wait_for_open_clients(0)

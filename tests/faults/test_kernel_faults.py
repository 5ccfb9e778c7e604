"""Kernel connection faults: real server behind a loopback proxy, and a fake server for
what a real one must never be sent (malformed frames)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import attrs
import pytest

from jupyter_sdk import (
    ConnectionClosedError,
    ConnectionReplacedError,
    KernelConnection,
    KernelDeadError,
    KernelManager,
    LocalServer,
    ReconnectPolicy,
    ServerSettings,
)
from jupyter_sdk.local import WITHOUT_JUPYTERLAB
from jupyter_sdk.protocol import JSONObject, Message

from .fake_kernel_server import FakeKernelServer
from .proxy import TcpProxy
from .replay import assert_replayed_once

pytestmark = pytest.mark.timeout(90)

FAST = ReconnectPolicy(
    max_attempts=4,
    initial_delay=0.05,
    max_delay=0.3,
    ping_interval=0.5,
    ping_timeout=0.5,
    open_timeout=2.0,
)


def _through(proxy: TcpProxy, settings: ServerSettings, **changes: object) -> ServerSettings:
    return attrs.evolve(
        settings, base_url=proxy.url_for(settings.base_url), reconnect=FAST, **changes
    )


@pytest.fixture
async def proxy(server: LocalServer) -> AsyncIterator[TcpProxy]:
    async with TcpProxy(server.port) as the_proxy:
        yield the_proxy


@pytest.fixture
async def proxied(
    proxy: TcpProxy, settings: ServerSettings
) -> AsyncIterator[tuple[KernelManager, KernelConnection]]:
    async with KernelManager(_through(proxy, settings), poll=False) as manager:
        kernel = await manager.start_new("python3")
        try:
            yield manager, kernel
        finally:
            async with KernelManager(settings, poll=False) as direct:
                await direct.shutdown(kernel.id)


async def _wait_status(kernel: KernelConnection, wanted: str, timeout: float = 30) -> None:
    async def wait() -> None:
        stream = kernel.connection_status_changed.stream()
        while kernel.connection_status != wanted:
            await stream.__anext__()

    await asyncio.wait_for(wait(), timeout)


async def test_cut_mid_execute_replays_output_exactly_once(
    proxy: TcpProxy, proxied: tuple[KernelManager, KernelConnection]
) -> None:
    _, kernel = proxied
    client_id = kernel.client_id
    first = asyncio.Event()
    future = kernel.request_execute(
        "import time\nfor i in range(40):\n    print(i, flush=True)\n    time.sleep(0.05)"
    )
    texts: list[str] = []

    def on_iopub(msg: Message[JSONObject]) -> None:
        if msg["header"]["msg_type"] == "stream":
            texts.append(str(msg["content"]["text"]))
            first.set()

    future.on_iopub = on_iopub
    await asyncio.wait_for(first.wait(), 30)
    assert proxy.cut() >= 1
    reply = await asyncio.wait_for(future.wait(), 60)
    assert reply["content"]["status"] == "ok"
    assert_replayed_once(texts, 40)
    assert kernel.client_id == client_id
    await _wait_status(kernel, "connected")
    assert proxy.connections_total >= 2


async def test_stalled_link_gives_up_then_explicit_reconnect(
    proxy: TcpProxy, proxied: tuple[KernelManager, KernelConnection]
) -> None:
    _, kernel = proxied
    await kernel.execute("1")
    proxy.stall()
    future = kernel.request_execute("2")
    with pytest.raises(ConnectionClosedError, match="gave up"):
        await asyncio.wait_for(future.wait(), 60)
    assert kernel.connection_status == "disconnected"
    # The half-open links die (as they would on a real network), then the path heals.
    proxy.cut()
    proxy.resume()
    await kernel.reconnect()
    assert kernel.connection_status == "connected"
    result = await kernel.execute("'back'", timeout=30)
    assert result.text == "'back'"


async def test_same_session_id_replaces_without_fight(
    settings: ServerSettings, proxied: tuple[KernelManager, KernelConnection]
) -> None:
    _, kernel = proxied
    async with KernelManager(settings, poll=False) as other:
        twin = await other.connect_to(kernel.id, client_id=kernel.client_id)
        await _wait_status(kernel, "disconnected")
        with pytest.raises(ConnectionReplacedError):
            kernel.request_execute("1")
        # The replacement is not fought: the twin stays connected and works.
        result = await twin.execute("'twin'", timeout=30)
        assert result.text == "'twin'"
        assert twin.connection_status == "connected"


async def test_kernel_gone_after_server_swap_is_dead_not_endless(
    proxy: TcpProxy, server: LocalServer, settings: ServerSettings
) -> None:
    other_server = LocalServer(isolate=True, server_extensions=WITHOUT_JUPYTERLAB)
    other_server.token = server.token  # the same server, restarted: same config, no kernels
    other_server.start()
    try:
        async with KernelManager(_through(proxy, settings), poll=False) as manager:
            kernel = await manager.start_new("python3")
            try:
                future = kernel.request_execute("import time\ntime.sleep(30)")
                # "Restart" the server: new connections reach a server without this kernel.
                proxy.target_port = other_server.port
                proxy.cut()
                with pytest.raises(KernelDeadError):
                    await asyncio.wait_for(future.wait(), 30)
                assert kernel.status == "dead"
                attempts = proxy.connections_total
                await asyncio.sleep(0)  # nothing further is scheduled
                assert proxy.connections_total == attempts
            finally:
                async with KernelManager(settings, poll=False) as direct:
                    await direct.shutdown(kernel.id)
    finally:
        other_server.stop()


async def test_close_with_pending_work_fails_fast(
    proxied: tuple[KernelManager, KernelConnection],
) -> None:
    _, kernel = proxied
    futures = [kernel.request_execute("import time\ntime.sleep(5)") for _ in range(5)]
    await kernel.close()
    for future in futures:
        with pytest.raises(ConnectionClosedError):
            await asyncio.wait_for(future.wait(), 2)


async def test_malformed_frames_are_dropped_connection_survives() -> None:
    async with FakeKernelServer() as fake:
        settings = ServerSettings(fake.url, reconnect=FAST)
        async with KernelManager(settings, poll=False) as manager:
            kernel = await manager.connect_to(fake.kernel_id)
            unhandled: asyncio.Queue[Message[JSONObject]] = asyncio.Queue()
            kernel.unhandled_message.connect(unhandled.put_nowait)
            for frame in (
                b"",
                b"\xff" * 7,
                (2**60).to_bytes(8, "little"),
                (6).to_bytes(8, "little") + b"\x00" * 10,
                "text frame under v1",
            ):
                await fake.send_raw(frame)
            # An unknown message type on an unknown channel still reaches the user.
            odd = fake.message("mystery_event", {"x": 1}, channel="nowhere")
            await fake.send(odd)
            got = await asyncio.wait_for(unhandled.get(), 10)
            assert got["header"]["msg_type"] == "mystery_event"
            assert got["channel"] == "nowhere"
            assert kernel.connection_status == "connected"


async def test_unknown_request_times_out_cleanly() -> None:
    async with FakeKernelServer() as fake:
        settings = ServerSettings(fake.url, reconnect=FAST)
        async with KernelManager(settings, poll=False) as manager:
            kernel = await manager.connect_to(fake.kernel_id)
            future = kernel.send_shell_message(
                {
                    "header": {
                        "msg_id": "x1",
                        "msg_type": "no_such_request",
                        "username": "",
                        "session": kernel.client_id,
                        "date": "2024-01-01T00:00:00.000000Z",
                        "version": "5.4",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {},
                    "buffers": [],
                    "channel": "shell",
                }
            )
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(future.wait(), 0.5)
            await kernel.close()
            with pytest.raises(ConnectionClosedError):
                await future


async def test_server_close_1005_is_replacement() -> None:
    async with FakeKernelServer() as fake:
        settings = ServerSettings(fake.url, reconnect=FAST)
        async with KernelManager(settings, poll=False) as manager:
            kernel = await manager.connect_to(fake.kernel_id)
            future = kernel.send_shell_message(
                fake.message("execute_request", {"code": "1"}), expect_reply=True
            )
            await fake.wait_for_message("execute_request")
            await fake.close_all(None)
            with pytest.raises(ConnectionReplacedError):
                await asyncio.wait_for(future.wait(), 10)
            assert kernel.connection_status == "disconnected"
            assert len(fake.all_clients) == 1

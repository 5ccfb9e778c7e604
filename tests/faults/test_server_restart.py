"""The server or the link goes away under an open kernel connection: a real server
restarted on the same port, a link cut and refused then restored, a kernel deleted by
another client. Websockets go through a :class:`TcpProxy` (REST goes direct); the client's
websocket opens are counted on its side (:class:`Opens`)."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Literal

import attrs
import pytest

from jupyter_sdk import (
    JupyterError,
    KernelConnection,
    KernelDeadError,
    KernelFuture,
    KernelManager,
    LocalServer,
    NetworkError,
    ReconnectPolicy,
    ServerSettings,
    _websocket,
)
from jupyter_sdk._websocket import ClientConnection
from jupyter_sdk.kernels import connection as connection_module
from jupyter_sdk.protocol import JSONObject, Message

from .conftest import ServerFactory, wait_until
from .proxy import TcpProxy
from .replay import assert_replayed_once

pytestmark = pytest.mark.timeout(90)

# Patient enough to ride out a server restart (~2 s), quick to notice the way back. A
# refused or dropped link fails at once; a handshake the server answers only once the kernel
# is ready can take seconds on a loaded machine, and giving up on it would add a link.
PATIENT = ReconnectPolicy(
    max_attempts=40,
    initial_delay=0.05,
    max_delay=0.5,
    ping_interval=None,
    ping_timeout=None,
    open_timeout=30.0,
)


def _ws_through(proxy: TcpProxy, settings: ServerSettings) -> ServerSettings:
    """REST direct, websockets through the proxy."""
    return attrs.evolve(settings, ws_url=proxy.url_for(settings.websocket_url), reconnect=PATIENT)


async def _started(kernel: KernelConnection, code: str) -> tuple[KernelFuture, list[str]]:
    """Send ``code``; return its future once its first stream output arrived, and the
    list collecting its stream texts."""
    first = asyncio.Event()
    texts: list[str] = []
    future = kernel.request_execute(code)

    def on_iopub(msg: Message[JSONObject]) -> None:
        if msg["header"]["msg_type"] == "stream":
            texts.append(str(msg["content"]["text"]))
            first.set()

    future.on_iopub = on_iopub
    await asyncio.wait_for(first.wait(), 30)
    return future, texts


class Opens:
    """Every websocket open of the kernel connections, counted on the client's side (a
    proxy's counters also see strays: another test worker's client reaching a port it once
    had, now the proxy's), failures kept in order, with a wait."""

    def __init__(self) -> None:
        self.sockets: list[ClientConnection] = []
        self.errors: list[JupyterError] = []
        self._changed = asyncio.Event()

    @property
    def succeeded(self) -> int:
        """How many opens succeeded."""
        return len(self.sockets)

    def add(self, outcome: ClientConnection | JupyterError) -> None:
        if isinstance(outcome, JupyterError):
            self.errors.append(outcome)
        else:
            self.sockets.append(outcome)
        self._changed.set()

    async def all_closed(self, timeout: float = 30.0) -> None:
        """Wait until every socket opened has closed (the client let it go)."""
        await asyncio.wait_for(asyncio.gather(*(ws.wait_closed() for ws in self.sockets)), timeout)

    async def wait_errors(self, count: int, timeout: float = 30.0) -> None:
        async def wait() -> None:
            while len(self.errors) < count:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(wait(), timeout)


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> Opens:
    """Records the kernel connections' websocket opens."""
    record = Opens()
    original = _websocket.open_websocket

    async def recording(*args: object, **kwargs: object) -> ClientConnection:
        try:
            ws = await original(*args, **kwargs)  # type: ignore[arg-type]
        except JupyterError as exc:
            record.add(exc)
            raise
        record.add(ws)
        return ws

    monkeypatch.setattr(connection_module, "open_websocket", recording)
    return record


@pytest.mark.slow
@pytest.mark.timeout(150)
@pytest.mark.parametrize("how", ["graceful", "crash"])
async def test_server_restarted_on_same_port(
    how: Literal["graceful", "crash"], own_server: ServerFactory, opens: Opens
) -> None:
    first = own_server()
    await asyncio.to_thread(first.start)
    port, token = first.port, first.token
    async with TcpProxy(port) as proxy:
        settings = _ws_through(proxy, first.settings)
        async with KernelManager(settings, poll=False) as manager:
            kernel = await manager.start_new("python3")
            future, _ = await _started(
                kernel, "import time\nprint('go', flush=True)\ntime.sleep(60)"
            )
            assert opens.succeeded == 1
            if how == "crash":
                first.children()  # remember its kernels: stop() ends them by PID
                assert first.pid is not None
                os.kill(first.pid, signal.SIGKILL)
            await asyncio.to_thread(first.stop)
            if how == "crash":
                # The link dropped without a word: the client backs off and retries.
                await proxy.wait_for(lambda: proxy.connect_failures >= 2, timeout=30)
                assert kernel.connection_status == "connecting"
            second = own_server(port=port)
            second.token = token  # the same server, restarted: same address and token
            await asyncio.to_thread(second.start)
            assert second.port == port

            # Crash: the next attempt reaches the new server, which answers 404 for the
            # kernel. Graceful: the old server shut the kernel down before it went.
            with pytest.raises(KernelDeadError) as dead:
                await asyncio.wait_for(future.wait(), 30)
            if how == "crash":
                assert "404" in str(dead.value)
            assert kernel.status == "dead"
            await wait_until(kernel, lambda: kernel.connection_status == "disconnected")
            attempts = opens.succeeded + len(opens.errors)
            assert attempts <= 1 + PATIENT.max_attempts
            with pytest.raises(KernelDeadError):
                kernel.request_execute("1")
            with pytest.raises(KernelDeadError):
                await kernel.reconnect()
            # The runner has ended: nothing is left to try again.
            await opens.all_closed()
            assert opens.succeeded + len(opens.errors) == attempts

            # The restarted server serves the same settings.
            again = await manager.start_new("python3")
            try:
                assert (await again.execute("'new server'", timeout=30)).text == "'new server'"
            finally:
                await again.shutdown()


async def test_cut_refused_then_restored_replays_exactly_once(
    server_proxy: TcpProxy, settings: ServerSettings, opens: Opens
) -> None:
    proxy = server_proxy
    async with KernelManager(_ws_through(proxy, settings), poll=False) as manager:
        kernel = await manager.start_new("python3")
        try:
            client_id = kernel.client_id
            future, texts = await _started(
                kernel,
                "import time\nfor i in range(40):\n    print(i, flush=True)\n    time.sleep(0.05)",
            )
            assert opens.succeeded == 1
            proxy.refuse()
            assert proxy.cut() >= 1
            # Reconnect attempts are refused (the server is "down") ...
            await opens.wait_errors(2)
            assert all(isinstance(exc, NetworkError) for exc in opens.errors)
            assert kernel.connection_status == "connecting"
            assert opens.succeeded == 1
            # ... until the path is back.
            await proxy.accept()
            reply = await asyncio.wait_for(future.wait(), 60)
            assert reply["content"]["status"] == "ok"
            # Output held while the link was down was replayed once, in order.
            assert_replayed_once(texts, 40)
            assert kernel.client_id == client_id
            # (The reply can come during the handshake, before the status says connected.)
            await wait_until(kernel, lambda: kernel.connection_status == "connected")
            assert opens.succeeded == 2, (opens.errors, proxy.connections_total)
            assert (await kernel.execute("'after'", timeout=30)).text == "'after'"
        finally:
            await kernel.shutdown()


async def test_kernel_deleted_by_another_client_no_reconnect_loop(
    server_proxy: TcpProxy, settings: ServerSettings, server: LocalServer, opens: Opens
) -> None:
    proxy = server_proxy
    async with KernelManager(_ws_through(proxy, settings), poll=False) as manager:
        kernel = await manager.start_new("python3")
        future, _ = await _started(kernel, "import time\nprint('go', flush=True)\ntime.sleep(60)")
        other_future = kernel.request_execute("'queued'")
        async with KernelManager(settings, poll=False) as other:
            await other.shutdown(kernel.id)
        for pending in (future, other_future):
            with pytest.raises(KernelDeadError):
                await asyncio.wait_for(pending.wait(), 30)
        assert kernel.status == "dead"
        # Dead is final: the socket is let go and the runner ends, without a retry.
        await wait_until(kernel, lambda: kernel.connection_status == "disconnected")
        await opens.all_closed()
        assert (opens.succeeded, opens.errors) == (1, [])
        with pytest.raises(KernelDeadError):
            kernel.request_execute("1")
        with pytest.raises(KernelDeadError):
            await kernel.reconnect()
        assert (opens.succeeded, opens.errors) == (1, [])
        assert await manager.find_by_id(kernel.id) is None

"""The kernel API against two backends: Jupyter Server and Jupyter Kernel Gateway.

A representative set of tests/kernels and tests/faults, parametrized over the backend:
execute and outputs, comms with buffers, interrupt, restart, reconnect with replay after a
cut link, and both websocket protocols.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import attrs
import pytest
from faults.proxy import TcpProxy
from faults.replay import assert_replayed_once

from jupyter_sdk import (
    ExecutionError,
    KernelConnection,
    KernelManager,
    LocalServer,
    ReconnectPolicy,
    ServerSettings,
)
from jupyter_sdk.protocol import JSONObject, Message, WireProtocol

from .conftest import Gateway

pytestmark = pytest.mark.timeout(60)

FAST = ReconnectPolicy(
    max_attempts=4,
    initial_delay=0.05,
    max_delay=0.3,
    ping_interval=0.5,
    ping_timeout=0.5,
    open_timeout=2.0,
)

ECHO_TARGET = """
from comm import get_comm_manager
def _echo(comm, open_msg):
    @comm.on_msg
    def _on(msg):
        comm.send({"echo": msg["content"]["data"]},
                  buffers=[bytes(b)[::-1] for b in msg["buffers"]])
get_comm_manager().register_target("echo", _echo)
"""


@pytest.fixture(params=["jupyter_server", "kernel_gateway"])
def backend(request: pytest.FixtureRequest) -> ServerSettings:
    """The settings of a shared Jupyter Server, then of a Kernel Gateway."""
    if request.param == "jupyter_server":
        server: LocalServer = request.getfixturevalue("server")
        return server.settings
    gateway: Gateway = request.getfixturevalue("kernel_gateway")
    return gateway.settings


@pytest.fixture
async def kernel(backend: ServerSettings) -> AsyncIterator[KernelConnection]:
    async with KernelManager(backend, poll=False) as manager:
        connection = await manager.start_new("python3")
        try:
            yield connection
        finally:
            await connection.shutdown()


async def test_execute_outputs_and_errors(kernel: KernelConnection) -> None:
    assert kernel.protocol is WireProtocol.V1
    result = await kernel.execute(
        "import sys\nprint('out')\nprint('err', file=sys.stderr)\n"
        "from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))\n40 + 2",
        timeout=30,
    )
    assert result.status == "ok"
    assert result.stdout == "out\n"
    assert result.stderr == "err\n"
    assert result.text == "42"
    shown = [o for o in result.outputs if o["output_type"] == "display_data"]
    assert shown[0]["data"]["text/html"] == "<b>x</b>"
    with pytest.raises(ExecutionError) as info:
        await kernel.execute("raise ValueError('boom')", raise_on_error=True, timeout=30)
    assert info.value.ename == "ValueError"


async def test_comm_round_trip_with_buffers(kernel: KernelConnection) -> None:
    await kernel.execute(ECHO_TARGET, raise_on_error=True, timeout=30)
    received: asyncio.Queue[Message[JSONObject]] = asyncio.Queue()
    comm = kernel.create_comm("echo")
    comm.on_msg = received.put_nowait
    await comm.open({})
    await comm.send({"n": 2}, buffers=[b"\x00\x01\x02", b"xyz"])
    echoed = await asyncio.wait_for(received.get(), 30)
    assert echoed["content"]["data"] == {"echo": {"n": 2}}
    assert [bytes(b) for b in echoed["buffers"]] == [b"\x02\x01\x00", b"zyx"]
    await comm.close()


async def test_interrupt(kernel: KernelConnection) -> None:
    started = asyncio.Event()

    def on_output(msg: Message[JSONObject]) -> None:
        if msg["header"]["msg_type"] == "stream":
            started.set()

    task = asyncio.ensure_future(
        kernel.execute("import time\nprint('go', flush=True)\ntime.sleep(60)", on_output=on_output)
    )
    await asyncio.wait_for(started.wait(), 30)
    await kernel.interrupt()
    result = await asyncio.wait_for(task, 30)
    assert result.error is not None
    assert result.error["ename"] == "KeyboardInterrupt"


async def test_restart(kernel: KernelConnection) -> None:
    await kernel.execute("x = 5", timeout=30)
    await kernel.restart()
    result = await kernel.execute("'x' in globals()", timeout=30)
    assert result.text == "False"
    assert kernel.connection_status == "connected"


async def test_legacy_protocol(backend: ServerSettings) -> None:
    async with KernelManager(backend, poll=False) as manager:
        kernel = await manager.start_new("python3", protocol=WireProtocol.LEGACY)
        try:
            assert kernel.protocol is WireProtocol.LEGACY
            result = await kernel.execute("print('legacy')\n6*7", timeout=30)
            assert (result.stdout, result.text) == ("legacy\n", "42")
        finally:
            await kernel.shutdown()


async def test_cut_link_replays_output_exactly_once(backend: ServerSettings) -> None:
    port = urlsplit(backend.base_url).port
    assert port is not None
    async with TcpProxy(port) as proxy:
        through = attrs.evolve(backend, base_url=proxy.url_for(backend.base_url), reconnect=FAST)
        async with KernelManager(through, poll=False) as manager:
            kernel = await manager.start_new("python3")
            try:
                client_id = kernel.client_id
                first = asyncio.Event()
                texts: list[str] = []

                def on_iopub(msg: Message[JSONObject]) -> None:
                    if msg["header"]["msg_type"] == "stream":
                        texts.append(str(msg["content"]["text"]))
                        first.set()

                future = kernel.request_execute(
                    "import time\nfor i in range(30):\n    print(i, flush=True)\n"
                    "    time.sleep(0.05)"
                )
                future.on_iopub = on_iopub
                await asyncio.wait_for(first.wait(), 30)
                assert proxy.cut() >= 1
                reply = await asyncio.wait_for(future.wait(), 60)
                assert reply["content"]["status"] == "ok"
                assert_replayed_once(texts, 30)
                assert kernel.client_id == client_id
                assert proxy.connections_total >= 2
            finally:
                await kernel.shutdown()

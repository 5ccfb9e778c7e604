"""Oversized, truncated and cut-off frames from a fake server (never a real one): each is
dropped or ends the link, never the client; memory stays bounded; the connection keeps
working on the same session. (Short malformed frames and unknown message types are in
``test_kernel_faults.py``; the codecs are fuzzed in ``tests/protocol/test_wire_fuzz.py``.)"""

from __future__ import annotations

import gc
import os
import struct
import tracemalloc
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import KernelConnection, KernelManager, ReconnectPolicy, ServerSettings
from jupyter_sdk.protocol import JSONObject, Message, WireProtocol
from jupyter_sdk.protocol.wire import encode

from .fake_kernel_server import FakeClient, FakeKernelServer

pytestmark = pytest.mark.timeout(90)

FAST = ReconnectPolicy(
    max_attempts=5,
    initial_delay=0.05,
    max_delay=0.3,
    ping_interval=None,
    ping_timeout=None,
    open_timeout=5.0,
)
BIG = 50 * 1024 * 1024


async def _answer_execute(fake: FakeKernelServer, msg: Message[JSONObject]) -> None:
    """Answer an execute_request like a kernel: busy, the result, the reply, idle."""
    await fake.send_status("busy", msg)
    code = str(msg["content"]["code"])
    result = {"data": {"text/plain": repr(code)}, "metadata": {}, "execution_count": 1}
    await fake.send(fake.message("execute_result", result, channel="iopub", parent=msg))
    reply = {"status": "ok", "execution_count": 1, "user_expressions": {}}
    await fake.reply(msg, "execute_reply", reply)
    await fake.send_status("idle", msg)


@pytest.fixture(params=[WireProtocol.V1, WireProtocol.LEGACY], ids=["v1", "legacy"])
async def fake(request: pytest.FixtureRequest) -> AsyncIterator[FakeKernelServer]:
    server = FakeKernelServer(legacy=request.param is WireProtocol.LEGACY)

    async def on_message(client: FakeClient, msg: Message[JSONObject]) -> None:
        if msg["header"]["msg_type"] == "execute_request":
            await _answer_execute(server, msg)

    server.on_message = on_message
    async with server:
        yield server


@pytest.fixture
async def kernel(fake: FakeKernelServer) -> AsyncIterator[KernelConnection]:
    settings = ServerSettings(fake.url, reconnect=FAST)
    async with KernelManager(settings, poll=False) as manager:
        connection = await manager.connect_to(fake.kernel_id)
        assert (await connection.execute("warm", timeout=10)).text == "'warm'"
        yield connection


def _unhandled(kernel: KernelConnection) -> list[Message[JSONObject]]:
    seen: list[Message[JSONObject]] = []
    kernel.unhandled_message.connect(seen.append)
    return seen


def _oversized_frames(protocol: WireProtocol) -> list[bytes | str]:
    """50 MB of garbage: random bytes, and a well framed frame whose JSON part is 50 MB of
    valid UTF-8 that is not JSON (the decoder reads that far before refusing it)."""
    noise = os.urandom(BIG)
    if protocol is WireProtocol.V1:
        # channel "s", header/parent_header/metadata "{}", then the content part.
        table = struct.pack("<7Q", 6, 56, 57, 59, 61, 63, 63 + BIG)
        return [noise, table + b"s{}{}{}" + b"x" * BIG]
    # Legacy: a text frame that is not JSON, and a binary frame (JSON part + one buffer)
    # whose JSON part is not JSON.
    table = struct.pack(">3I", 2, 12, 12 + BIG)
    return [noise, "x" * BIG, table + b"x" * BIG + b"buf!"]


@pytest.mark.slow
async def test_oversized_garbage_frames_dropped_memory_bounded(
    fake: FakeKernelServer, kernel: KernelConnection
) -> None:
    unhandled = _unhandled(kernel)
    frames = _oversized_frames(kernel.protocol)
    peaks: list[int] = []
    gc.collect()
    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        while frames:
            tracemalloc.reset_peak()
            await fake.send_raw(frames.pop())
            # A round trip after the garbage proves it was read and dropped.
            result = await kernel.execute("after garbage", timeout=30)
            assert result.text == "'after garbage'"
            peaks.append(tracemalloc.get_traced_memory()[1] - baseline)
        gc.collect()
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The process holds both ends here: the fake server's copies of the frame (frame
    # serialisation, transport buffer) and the client's (read buffer, payload, one decoding
    # attempt). Bounded by a few frames' worth, never a copy per message part or a leak.
    assert max(peaks) < 5 * BIG, [peak / 2**20 for peak in peaks]
    # Nothing of the garbage is kept.
    assert current - baseline < 2 * 2**20, (current - baseline) / 2**20
    assert unhandled == []
    assert kernel.connection_status == "connected"
    assert len(fake.all_clients) == 1  # dropped frames never cost the link


async def test_truncated_frames_dropped_connection_usable(
    fake: FakeKernelServer, kernel: KernelConnection
) -> None:
    protocol = kernel.protocol
    unhandled = _unhandled(kernel)
    msg = fake.message(
        "display_data",
        {"data": {"text/plain": "never shown"}, "metadata": {}, "transient": {}},
        channel="iopub",
        buffers=[b"0123456789" * 10],
    )
    whole = encode(protocol, msg)
    cuts = sorted({1, 4, 7, 8, 12, 16, 40, len(whole) // 2, len(whole) - 1})
    for cut in cuts:
        await fake.send_raw(whole[:cut])
    # Truncated JSON text frames too (legacy speaks JSON text; v1 must refuse any text).
    text_message = encode(WireProtocol.LEGACY, {**msg, "buffers": []})
    assert isinstance(text_message, str)
    for cut in (1, len(text_message) // 2, len(text_message) - 1):
        await fake.send_raw(text_message[:cut])
    result = await kernel.execute("after truncation", timeout=30)
    assert result.text == "'after truncation'"
    assert unhandled == []
    assert kernel.connection_status == "connected"
    assert len(fake.all_clients) == 1


async def test_frame_cut_off_mid_stream_reconnects_same_session(
    fake: FakeKernelServer, kernel: KernelConnection
) -> None:
    first = fake.all_clients[0]
    # A websocket frame header announcing 4 KiB, 10 bytes of it, then the TCP link dies.
    first.inject_tcp(b"\x82\x7e\x10\x00" + b"x" * 10)
    first.abort()
    second = await fake.wait_for_client(2, timeout=30)
    assert second.session_id == first.session_id == kernel.client_id
    result = await kernel.execute("after the cut", timeout=30)
    assert result.text == "'after the cut'"
    assert kernel.connection_status == "connected"
    assert len(fake.all_clients) == 2

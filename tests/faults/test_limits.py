"""Size and load limits against a real server: an outbound comm message over the
server's 10 MiB limit, a print over the server's IOPub rate limit, 1000 executes in
flight on one connection, 20 kernels at once; memory back near its baseline after."""

from __future__ import annotations

import asyncio
import gc
import re
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import (
    IOPubRateLimitWarning,
    KernelConnection,
    KernelManager,
    LocalServer,
    MessageTooLargeError,
    ServerSettings,
)
from jupyter_sdk.protocol import JSONObject, Message

pytestmark = pytest.mark.timeout(120)

ECHO_TARGET = """
from comm import get_comm_manager
def _echo(comm, open_msg):
    @comm.on_msg
    def _on(msg):
        comm.send({"echo": msg["content"]["data"]}, buffers=msg["buffers"])
get_comm_manager().register_target("echo", _echo)
"""
OVER_LIMIT = 11 * 2**20  # the server refuses websocket messages over 10 MiB


@pytest.fixture
async def kernel(settings: ServerSettings) -> AsyncIterator[KernelConnection]:
    async with KernelManager(settings, poll=False) as manager:
        connection = await manager.start_new("python3")
        try:
            yield connection
        finally:
            await connection.shutdown()


async def test_oversized_comm_message_refused_before_sending(kernel: KernelConnection) -> None:
    await kernel.execute(ECHO_TARGET, raise_on_error=True, timeout=30)
    received: asyncio.Queue[Message[JSONObject]] = asyncio.Queue()
    comm = kernel.create_comm("echo")
    comm.on_msg = received.put_nowait
    await comm.open({})
    sent: list[str] = []
    kernel.any_message.connect(
        lambda pair: sent.append(pair[0]["header"]["msg_type"]) if pair[1] == "send" else None
    )

    with pytest.raises(MessageTooLargeError):
        comm.send({"big": True}, buffers=[b"x" * OVER_LIMIT])
    with pytest.raises(MessageTooLargeError):
        kernel.create_comm("echo").open({}, buffers=[b"x" * OVER_LIMIT])

    # Nothing left the client, and both the connection and the comm still work.
    await comm.send({"n": 1}, buffers=[b"small"])
    echoed = await asyncio.wait_for(received.get(), 30)
    assert echoed["content"]["data"] == {"echo": {"n": 1}}
    assert [bytes(b) for b in echoed["buffers"]] == [b"small"]
    assert sent == ["comm_msg"]
    assert kernel.connection_status == "connected"
    assert (await kernel.execute("'still up'", timeout=30)).text == "'still up'"


async def test_print_over_the_rate_limit_warns(kernel: KernelConnection) -> None:
    # The shared server runs with Jupyter Server's default iopub_data_rate_limit (1 MB/s
    # over a 3 s window): 3 MB in one go is over it.
    with pytest.warns(IOPubRateLimitWarning, match="rate limit"):
        result = await kernel.execute("print('x' * 3_000_000)", timeout=60)
    assert "IOPub data rate exceeded" in result.stderr
    assert "x" * 3_000_000 not in result.stdout  # the server dropped it
    # The limit resets once the kernel is idle: small output flows again.
    assert (await kernel.execute("print('small')", timeout=30)).stdout == "small\n"


@pytest.mark.slow
async def test_thousand_executes_resolve_once_in_order_memory_back(
    kernel: KernelConnection,
) -> None:
    await kernel.execute("0", timeout=30)  # warm every lazy path first
    gc.collect()
    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        replies_seen: Counter[int] = Counter()
        order: list[int] = []
        futures = []
        for i in range(1000):
            future = kernel.request_execute(f"{i}", store_history=False)

            def on_reply(msg: Message[JSONObject], i: int = i) -> None:
                replies_seen[i] += 1
                order.append(i)

            future.on_reply = on_reply
            futures.append(future)
        replies = await asyncio.wait_for(asyncio.gather(*(f.wait() for f in futures)), 100)
        assert order == list(range(1000))
        assert set(replies_seen.values()) == {1}
        assert [r["parent_header"]["msg_id"] for r in replies] == [f.msg_id for f in futures]
        assert all(r["content"]["status"] == "ok" for r in replies)
        assert all(f.done for f in futures)
        del futures, replies, future
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The 1000 requests and their messages are gone with their futures.
    assert current - baseline < 1_000_000, (current - baseline, peak - baseline)
    assert (await kernel.execute("'after'", timeout=30)).text == "'after'"


def _server_lines(server: LocalServer, failures: list[BaseException]) -> list[str]:
    """The server's log lines about the kernels named in ``failures`` (for diagnosis)."""
    ids = set(re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", " ".join(map(str, failures))))
    lines = server.log_text().splitlines()
    return [line for line in lines if any(i in line for i in ids) or "estart" in line]


@pytest.mark.slow
@pytest.mark.timeout(240)
async def test_twenty_kernels_at_once(server: LocalServer, settings: ServerSettings) -> None:
    gc.collect()
    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        async with KernelManager(settings, poll=False) as manager:
            started = await asyncio.gather(
                *(manager.start_new("python3") for _ in range(20)), return_exceptions=True
            )
            kernels = [k for k in started if isinstance(k, KernelConnection)]
            try:
                failures = [e for e in started if isinstance(e, BaseException)]
                assert not failures, (failures, _server_lines(server, failures))
                assert len({k.id for k in kernels}) == 20

                async def run(n: int, kernel: KernelConnection) -> list[str]:
                    futures = [
                        kernel.request_execute(f"{n} * 100 + {i}", store_history=False)
                        for i in range(10)
                    ]
                    order: list[int] = []
                    for i, future in enumerate(futures):
                        future.on_reply = lambda msg, i=i: order.append(i)
                    replies = await asyncio.gather(*(f.wait() for f in futures))
                    assert order == list(range(10))
                    assert all(r["content"]["status"] == "ok" for r in replies)
                    result = await kernel.execute(f"{n}", timeout=60)
                    return [result.text]

                results = await asyncio.wait_for(
                    asyncio.gather(*(run(n, k) for n, k in enumerate(kernels))), 150
                )
                assert results == [[str(n)] for n in range(20)]
            finally:
                await asyncio.gather(*(k.shutdown() for k in kernels), return_exceptions=True)
            running = {str(m.id) for m in await manager.refresh_running()}
            assert not running & {k.id for k in kernels}
        del started, kernels
        gc.collect()
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 20 connections and a manager, all closed: back near the baseline.
    assert current - baseline < 2_000_000, current - baseline

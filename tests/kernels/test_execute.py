"""Kernel connections against a real server and a real ipykernel: requests and execution."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import (
    ExecutionError,
    ExecutionTimeoutError,
    KernelConnection,
    KernelManager,
    MessageTooLargeError,
    ServerSettings,
)
from jupyter_sdk.protocol import WireProtocol

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def kernels(settings: ServerSettings) -> AsyncIterator[KernelManager]:
    async with KernelManager(settings, poll=False) as manager:
        yield manager


@pytest.fixture
async def kernel(kernels: KernelManager) -> AsyncIterator[KernelConnection]:
    connection = await kernels.start_new("python3")
    try:
        yield connection
    finally:
        await connection.shutdown()


async def test_start_connect_and_kernel_info(kernel: KernelConnection) -> None:
    assert kernel.connection_status == "connected"
    assert kernel.protocol is WireProtocol.V1
    assert kernel.info is not None
    assert kernel.info["language_info"]["name"] == "python"
    reply = await kernel.request_kernel_info()
    assert reply["content"]["status"] == "ok"
    assert reply["header"]["msg_type"] == "kernel_info_reply"
    assert kernel.status in ("idle", "busy")


async def test_execute_streams_results_and_displays(kernel: KernelConnection) -> None:
    result = await kernel.execute(
        "import sys\nprint('out')\nprint('err', file=sys.stderr)\nprint('more')\n"
        "from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))\n40 + 2"
    )
    assert result.status == "ok"
    assert result.error is None
    assert result.stdout == "out\nmore\n"
    assert result.stderr == "err\n"
    kinds = [o["output_type"] for o in result.outputs]
    assert "display_data" in kinds
    assert result.text == "42"
    assert isinstance(result.execution_count, int)
    displayed = next(o for o in result.outputs if o["output_type"] == "display_data")
    assert displayed["data"]["text/html"] == "<b>x</b>"


async def test_execute_error_and_raise_on_error(kernel: KernelConnection) -> None:
    result = await kernel.execute("1/0")
    assert result.status == "error"
    assert result.error is not None
    assert result.error["ename"] == "ZeroDivisionError"
    with pytest.raises(ExecutionError) as info:
        await kernel.execute("raise ValueError('boom')", raise_on_error=True)
    assert info.value.ename == "ValueError"
    assert info.value.evalue == "boom"
    assert info.value.traceback


async def test_clear_output_and_update_display(kernel: KernelConnection) -> None:
    result = await kernel.execute(
        "from IPython.display import clear_output, display\n"
        "print('gone')\nclear_output()\nprint('kept')\n"
        "h = display('v1', display_id=True)\nh.update('v2')"
    )
    assert result.stdout == "kept\n"
    shown = [o for o in result.outputs if o["output_type"] == "display_data"]
    assert [o["data"]["text/plain"] for o in shown] == ["'v2'"]


async def test_clear_output_wait(kernel: KernelConnection) -> None:
    result = await kernel.execute(
        "from IPython.display import clear_output\nprint('a')\nclear_output(wait=True)\nprint('b')"
    )
    assert result.stdout == "b\n"


async def test_every_shell_request(kernel: KernelConnection) -> None:
    await kernel.execute("alpha_beta = 1")
    complete = await kernel.request_complete("alpha_b")
    assert "alpha_beta" in complete["content"]["matches"]
    inspect = await kernel.request_inspect("len", 3)
    assert inspect["content"]["status"] == "ok"
    assert inspect["content"]["found"] is True
    is_complete = await kernel.request_is_complete("for i in range(3):")
    assert is_complete["content"]["status"] == "incomplete"
    history = await kernel.request_history()
    assert history["content"]["status"] == "ok"
    assert any("alpha_beta" in str(entry) for entry in history["content"]["history"])
    comm_info = await kernel.request_comm_info()
    assert comm_info["content"]["status"] == "ok"
    assert comm_info["content"]["comms"] == {}


async def test_futures_complete_after_reply_and_idle(kernel: KernelConnection) -> None:
    seen: list[str] = []
    future = kernel.request_execute("print('x')")
    future.on_iopub = lambda msg: seen.append(msg["header"]["msg_type"])
    reply = await future
    assert reply["content"]["status"] == "ok"
    # Done means both the reply and the idle status have arrived.
    assert seen[-1] == "status"
    assert "stream" in seen
    assert future.done


async def test_iopub_async_iterator(kernel: KernelConnection) -> None:
    future = kernel.request_execute("for i in range(3): print(i, flush=True)")
    texts = [
        msg["content"]["text"]
        async for msg in future.iopub()
        if msg["header"]["msg_type"] == "stream"
    ]
    assert "".join(texts) == "0\n1\n2\n"


async def test_thousand_concurrent_executes_resolve_once_in_order(
    kernel: KernelConnection,
) -> None:
    order: list[int] = []
    futures = []
    for i in range(1000):
        future = kernel.request_execute(f"{i}", store_history=False)
        future.on_reply = lambda msg, i=i: order.append(i)
        futures.append(future)
    replies = await asyncio.wait_for(asyncio.gather(*(f.wait() for f in futures)), 90)
    assert len(replies) == 1000
    assert order == list(range(1000))
    assert all(r["content"]["status"] == "ok" for r in replies)
    assert [r["parent_header"]["msg_id"] for r in replies] == [f.msg_id for f in futures]


async def test_interrupt_sleep(kernel: KernelConnection) -> None:
    started = asyncio.Event()

    def on_output(msg: dict[str, object]) -> None:
        if msg["header"]["msg_type"] == "stream":  # type: ignore[index]
            started.set()

    task = asyncio.ensure_future(
        kernel.execute("import time\nprint('go', flush=True)\ntime.sleep(60)", on_output=on_output)
    )
    await asyncio.wait_for(started.wait(), 30)
    await kernel.interrupt()
    result = await asyncio.wait_for(task, 30)
    assert result.status == "error"
    assert result.error is not None
    assert result.error["ename"] == "KeyboardInterrupt"


async def test_execute_timeout_interrupts(kernel: KernelConnection) -> None:
    with pytest.raises(ExecutionTimeoutError):
        await kernel.execute("import time\ntime.sleep(60)", timeout=1.0)
    # The kernel was interrupted, so the next execute runs at once.
    result = await kernel.execute("'after'", timeout=30)
    assert result.text == "'after'"


async def test_restart_keeps_connection_working(kernel: KernelConnection) -> None:
    await kernel.execute("x = 5")
    await kernel.restart()
    result = await kernel.execute("'x' in globals()", timeout=30)
    assert result.text == "False"
    assert kernel.connection_status == "connected"


async def test_stdin_round_trip(kernel: KernelConnection) -> None:
    prompts: list[str] = []

    def answer(prompt: str, password: bool) -> str:
        prompts.append(prompt)
        return "world"

    result = await kernel.execute(
        "name = input('who? ')\nprint('hello', name)", input_handler=answer
    )
    assert prompts == ["who? "]
    assert result.stdout.endswith("hello world\n")


async def test_input_without_handler_does_not_hang(kernel: KernelConnection) -> None:
    result = await kernel.execute("input('x')", timeout=30)
    assert result.status == "error"
    assert result.error is not None
    assert "StdinNotImplementedError" in result.error["ename"]


async def test_outbound_message_too_large(kernel: KernelConnection) -> None:
    with pytest.raises(MessageTooLargeError):
        kernel.request_execute("x = '" + "a" * (11 * 1024 * 1024) + "'")
    result = await kernel.execute("'still up'")
    assert result.text == "'still up'"


async def test_large_display_data_received_whole(kernel: KernelConnection) -> None:
    result = await kernel.execute(
        "from IPython.display import display\n"
        "display({'text/plain': 'x' * (20 * 1024 * 1024)}, raw=True)",
        timeout=60,
    )
    shown = [o for o in result.outputs if o["output_type"] == "display_data"]
    assert len(shown) == 1
    assert shown[0]["data"]["text/plain"] == "x" * (20 * 1024 * 1024)


async def test_legacy_protocol(kernels: KernelManager) -> None:
    kernel = await kernels.start_new("python3", protocol=WireProtocol.LEGACY)
    try:
        assert kernel.protocol is WireProtocol.LEGACY
        result = await kernel.execute("print('legacy')\n6*7")
        assert result.stdout == "legacy\n"
        assert result.text == "42"
    finally:
        await kernel.shutdown()

"""Control-channel requests (debug, subshells), message hooks and connection signals."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import KernelConnection, KernelManager, ServerSettings
from jupyter_sdk.protocol import JSONObject, Message, debug_request

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def kernel(settings: ServerSettings) -> AsyncIterator[KernelConnection]:
    async with KernelManager(settings, poll=False) as manager:
        connection = await manager.start_new("python3")
        try:
            yield connection
        finally:
            await connection.shutdown()


async def test_debug_request_debug_info(kernel: KernelConnection) -> None:
    # debugInfo is answered by the kernel itself; "initialize" would start debugpy, whose
    # adapter may miss its start-up timeout on a loaded machine (success False).
    reply = await kernel.request_debug(debug_request(7, "debugInfo"))
    assert reply["header"]["msg_type"] == "debug_reply"
    assert reply["channel"] == "control"
    content = reply["content"]
    assert content["success"] is True
    assert content["command"] == "debugInfo"
    assert content["request_seq"] == 7
    assert content["body"]["isStarted"] is False  # type: ignore[index]
    assert content["body"]["hashMethod"] == "Murmur2"  # type: ignore[index]


async def test_subshells_create_list_delete_and_execute(kernel: KernelConnection) -> None:
    assert kernel.info is not None
    features = kernel.info.get("supported_features", [])
    assert "kernel subshells" in features, features
    created = await kernel.request_create_subshell()
    subshell_id = str(created["content"]["subshell_id"])
    listed = await kernel.request_list_subshell()
    assert subshell_id in listed["content"]["subshell_id"]
    # A request routed to the subshell runs there while the main shell is busy.
    busy = kernel.request_execute("import time\ntime.sleep(20)")
    on_subshell = kernel.request_execute("'from subshell'", subshell_id=subshell_id)
    reply = await asyncio.wait_for(on_subshell.wait(), 15)
    assert reply["content"]["status"] == "ok"
    assert not busy.done
    await kernel.interrupt()
    await asyncio.wait_for(busy.wait(), 30)
    deleted = await kernel.request_delete_subshell(subshell_id)
    assert deleted["content"]["status"] == "ok"


async def test_message_hooks_and_signals(kernel: KernelConnection) -> None:
    seen_by_callback: list[str] = []
    hooked: list[str] = []
    any_directions: set[str] = set()
    kernel.any_message.connect(lambda pair: any_directions.add(pair[1]))
    iopub_types: list[str] = []
    kernel.iopub_message.connect(lambda msg: iopub_types.append(msg["header"]["msg_type"]))

    def hook(msg: Message[JSONObject]) -> bool:
        hooked.append(msg["header"]["msg_type"])
        return msg["header"]["msg_type"] != "stream"  # swallow streams

    future = kernel.request_execute("print('hidden')\n'shown'")
    future.register_message_hook(hook)
    future.on_iopub = lambda msg: seen_by_callback.append(msg["header"]["msg_type"])
    await future
    assert "stream" in hooked
    assert "stream" not in seen_by_callback
    assert "execute_result" in seen_by_callback
    assert "stream" in iopub_types  # the connection-wide signal still sees everything
    assert any_directions == {"send", "recv"}


async def test_a_signal_stream_misses_nothing_after_the_call(kernel: KernelConnection) -> None:
    # The stream registers when stream() is called, not at its first step.
    statuses = kernel.status_changed.stream()
    await kernel.request_kernel_info()  # busy, then idle, before anyone iterates
    assert await asyncio.wait_for(anext(statuses), 10) == "busy"
    assert await asyncio.wait_for(anext(statuses), 10) == "idle"
    await statuses.aclose()  # type: ignore[attr-defined]


async def test_pending_input_signal(kernel: KernelConnection) -> None:
    pending: list[bool] = []
    kernel.pending_input.connect(pending.append)
    asked = asyncio.Event()

    async def answer(prompt: str, password: bool) -> str:
        asked.set()
        assert kernel.has_pending_input
        return "42"

    result = await kernel.execute("print(int(input('n? ')) + 1)", input_handler=answer)
    assert asked.is_set()
    assert result.stdout.endswith("43\n")
    assert pending[0] is True
    assert pending[-1] is False
    assert not kernel.has_pending_input

"""Comms both ways with buffers, and the kernel lifecycle faults that end pending futures."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import (
    Comm,
    ConnectionClosedError,
    KernelConnection,
    KernelDeadError,
    KernelManager,
    KernelRestartedError,
    ServerSettings,
)
from jupyter_sdk.protocol import JSONObject, Message

pytestmark = pytest.mark.timeout(120)

ECHO_TARGET = """
from comm import get_comm_manager
def _echo(comm, open_msg):
    comm.send({"opened": open_msg["content"]["data"]}, buffers=open_msg["buffers"])
    @comm.on_msg
    def _on(msg):
        comm.send({"echo": msg["content"]["data"], "nbuf": len(msg["buffers"])},
                  buffers=[bytes(b)[::-1] for b in msg["buffers"]])
get_comm_manager().register_target("echo", _echo)
"""


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


async def _next(queue: asyncio.Queue[Message[JSONObject]]) -> Message[JSONObject]:
    return await asyncio.wait_for(queue.get(), 30)


async def test_client_opened_comm_with_buffers(kernel: KernelConnection) -> None:
    await kernel.execute(ECHO_TARGET, raise_on_error=True)
    received: asyncio.Queue[Message[JSONObject]] = asyncio.Queue()
    comm = kernel.create_comm("echo")
    comm.on_msg = received.put_nowait
    await comm.open({"hello": 1}, buffers=[b"abc"])
    opened = await _next(received)
    assert opened["content"]["data"] == {"opened": {"hello": 1}}
    assert [bytes(b) for b in opened["buffers"]] == [b"abc"]

    await comm.send({"n": 2}, buffers=[b"\x00\x01\x02", b"xyz"])
    echoed = await _next(received)
    assert echoed["content"]["data"] == {"echo": {"n": 2}, "nbuf": 2}
    assert [bytes(b) for b in echoed["buffers"]] == [b"\x02\x01\x00", b"zyx"]

    info = await kernel.request_comm_info("echo")
    assert comm.comm_id in info["content"]["comms"]
    await comm.close()
    assert comm.is_closed
    assert not kernel.has_comm(comm.comm_id)


async def test_kernel_opened_comm_reaches_registered_target(kernel: KernelConnection) -> None:
    opened: asyncio.Queue[Comm] = asyncio.Queue()
    messages: asyncio.Queue[Message[JSONObject]] = asyncio.Queue()
    closed = asyncio.Event()

    def target(comm: Comm, msg: Message[JSONObject]) -> None:
        assert msg["content"]["data"] == {"from": "kernel"}
        assert [bytes(b) for b in msg["buffers"]] == [b"open-buf"]
        comm.on_msg = messages.put_nowait
        comm.on_close = lambda _msg: closed.set()
        opened.put_nowait(comm)

    kernel.register_comm_target("client_target", target)
    await kernel.execute(
        "from comm import create_comm\n"
        "c = create_comm(target_name='client_target', data={'from': 'kernel'}, "
        "buffers=[b'open-buf'])\n"
        "c.send({'k': 1}, buffers=[b'\\xff'])\n"
        "c.close()",
        raise_on_error=True,
    )
    comm = await asyncio.wait_for(opened.get(), 30)
    msg = await _next(messages)
    assert msg["content"]["data"] == {"k": 1}
    assert [bytes(b) for b in msg["buffers"]] == [b"\xff"]
    await asyncio.wait_for(closed.wait(), 30)
    assert comm.is_closed


async def test_kill_minus_nine_fails_pending_then_kernel_works(kernel: KernelConnection) -> None:
    pid_result = await kernel.execute("import os; os.getpid()")
    pid = int(pid_result.text)
    started = asyncio.Event()
    kernel.iopub_message.connect(
        lambda msg: started.set() if msg["header"]["msg_type"] == "stream" else None
    )
    future = kernel.request_execute("import time\nprint('go', flush=True)\ntime.sleep(60)")
    await asyncio.wait_for(started.wait(), 30)
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(KernelRestartedError):
        await asyncio.wait_for(future.wait(), 30)
    result = await kernel.execute("'alive'", timeout=60)
    assert result.text == "'alive'"
    new_pid = int((await kernel.execute("import os; os.getpid()")).text)
    assert new_pid != pid


async def test_shutdown_by_another_client_gives_dead(
    kernel: KernelConnection, settings: ServerSettings
) -> None:
    future = kernel.request_execute("import time\ntime.sleep(60)")
    async with KernelManager(settings, poll=False) as other:
        await other.shutdown(kernel.id)
    with pytest.raises(KernelDeadError):
        await asyncio.wait_for(future.wait(), 30)
    deadline = asyncio.get_running_loop().time() + 30
    while kernel.status != "dead":
        assert asyncio.get_running_loop().time() < deadline, kernel.status
        await asyncio.wait_for(kernel.status_changed.stream().__anext__(), 30)
    with pytest.raises(KernelDeadError):
        kernel.request_execute("1")


async def test_polling_marks_vanished_kernel_dead(settings: ServerSettings) -> None:
    async with KernelManager(settings, poll=False) as manager:
        kernel = await manager.start_new("python3")
        async with KernelManager(settings, poll=False) as other:
            await other.shutdown(kernel.id)
        await manager.refresh_running()
        assert kernel.status == "dead"
        assert kernel.id not in {k.id for k in manager.running()}


async def test_close_fails_pending_fast_and_keeps_kernel(
    kernels: KernelManager, kernel: KernelConnection
) -> None:
    future = kernel.request_execute("import time\ntime.sleep(60)")
    await kernel.close()
    with pytest.raises(ConnectionClosedError):
        await asyncio.wait_for(future.wait(), 5)
    assert await kernels.find_by_id(kernel.id) is not None
    again = await kernels.connect_to(kernel.id)
    await again.interrupt()
    result = await again.execute("'reattached'", timeout=60)
    assert result.text == "'reattached'"
    await again.close()


async def test_failed_open_is_forgotten_and_unknown_targets_are_closed(
    kernel: KernelConnection,
) -> None:
    from jupyter_sdk import MessageTooLargeError

    comm = kernel.create_comm("echo")
    with pytest.raises(MessageTooLargeError):
        comm.open(buffers=[b"x" * (11 * 2**20)])
    assert not kernel.has_comm(comm.comm_id)
    assert comm.is_closed
    # A comm the kernel opens for a target nobody registered is closed back, so the
    # kernel does not keep a dangling comm.
    result = await kernel.execute(
        "from comm import create_comm\n"
        "closed = []\n"
        "c = create_comm(target_name='nobody_listens')\n"
        "c.on_close(lambda msg: closed.append(True))",
        raise_on_error=True,
    )
    assert result.status == "ok"
    deadline = asyncio.get_running_loop().time() + 30
    while (await kernel.execute("bool(closed)")).text != "True":
        assert asyncio.get_running_loop().time() < deadline


async def test_shutdown_after_close_and_connect_after_close(kernels: KernelManager) -> None:
    kernel = await kernels.start_new("python3")
    await kernel.close()
    with pytest.raises(ConnectionClosedError):
        await kernel.connect()
    await kernel.shutdown()  # the manager's HTTP client is still open: it does it
    assert kernel.status == "dead"
    assert await kernels.find_by_id(kernel.id) is None
    await kernels.close()
    with pytest.raises(ConnectionClosedError):
        await kernels.start_new("python3")

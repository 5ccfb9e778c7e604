"""The blocking facade: same objects through one portal thread, from many threads,
inside a running loop, with Ctrl-C, and refusing to deadlock inside callbacks."""

from __future__ import annotations

import _thread
import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from jupyter_sdk import ServerSettings
from jupyter_sdk.sync import KernelConnection, KernelManager

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def sync_kernel(settings: ServerSettings) -> Iterator[KernelConnection]:
    with KernelManager(settings, poll=False) as manager:
        kernel = manager.start_new("python3")
        try:
            yield kernel
        finally:
            kernel.shutdown()


def test_execute_and_iopub_iterator(sync_kernel: KernelConnection) -> None:
    result = sync_kernel.execute("print('hi')\n1 + 1")
    assert result.stdout == "hi\n"
    assert result.text == "2"
    future = sync_kernel.request_execute("for i in range(3): print(i)")
    kinds = [msg["header"]["msg_type"] for msg in future.iopub()]
    assert "stream" in kinds
    assert future.result(timeout=30)["content"]["status"] == "ok"
    assert sync_kernel.request_kernel_info()["content"]["status"] == "ok"


def test_iopub_messages_that_came_before_the_iteration_are_kept(
    sync_kernel: KernelConnection,
) -> None:
    # The blocking call returns once the request is sent; its messages can all arrive
    # before this thread starts iterating. Here they surely have: the future is done.
    future = sync_kernel.request_execute("print('early', flush=True)")
    assert future.result(timeout=30)["content"]["status"] == "ok"
    messages = list(future.iopub())
    kinds = [msg["header"]["msg_type"] for msg in messages]
    assert kinds[0] == "status"
    assert messages[0]["content"]["execution_state"] == "busy"
    assert "execute_input" in kinds
    assert [
        msg["content"]["text"] for msg in messages if msg["header"]["msg_type"] == "stream"
    ] == ["early\n"]
    assert messages[-1]["content"]["execution_state"] == "idle"
    # A second iteration sees the same messages.
    assert [msg["header"]["msg_id"] for msg in future.iopub()] == [
        msg["header"]["msg_id"] for msg in messages
    ]


def test_eight_threads_share_one_connection(sync_kernel: KernelConnection) -> None:
    def work(n: int) -> list[str]:
        return [sync_kernel.execute(f"{n} * 100 + {i}").text for i in range(10)]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    for n, texts in enumerate(results):
        assert texts == [str(n * 100 + i) for i in range(10)]


async def test_blocking_calls_inside_a_running_loop(settings: ServerSettings) -> None:
    # As in a notebook cell: a loop runs in this thread, the blocking API still works.
    assert asyncio.get_running_loop().is_running()
    with KernelManager(settings, poll=False) as manager:
        kernel = manager.start_new("python3")
        try:
            assert kernel.execute("'inside'").text == "'inside'"
        finally:
            kernel.shutdown()


def test_blocking_call_from_callback_raises(sync_kernel: KernelConnection) -> None:
    errors: list[BaseException] = []
    done = threading.Event()

    def handler(status: str) -> None:
        try:
            sync_kernel.execute("1")
        except RuntimeError as exc:
            errors.append(exc)
        finally:
            done.set()

    sync_kernel.status_changed.connect(handler)
    sync_kernel.execute("2")
    assert done.wait(30)
    sync_kernel.status_changed.disconnect(handler)
    assert errors
    assert "deadlock" in str(errors[0])


def test_ctrl_c_cancels_the_wait_and_interrupts(sync_kernel: KernelConnection) -> None:
    timer = threading.Timer(1.0, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            sync_kernel.execute("import time\ntime.sleep(60)")
    finally:
        timer.cancel()
    # Cancelling the wait interrupted the kernel: it is free again at once.
    assert sync_kernel.execute("'free'", timeout=30).text == "'free'"

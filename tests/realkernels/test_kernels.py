"""Real non-IPython kernels from PyPI through the SDK: xeus-python (the protocol in C++)
and bash_kernel. Execute, errors, interrupt, restart, completion/inspection and comms,
where each kernel supports them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import Comm, KernelConnection, KernelManager, KernelRestartedError
from jupyter_sdk.kernels.future import AnyMessage
from jupyter_sdk.local import LocalServer

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def kernels(kernel_server: LocalServer) -> AsyncIterator[KernelManager]:
    async with KernelManager(kernel_server.settings, poll=False) as manager:
        yield manager


@pytest.fixture
async def xpython(kernels: KernelManager) -> AsyncIterator[KernelConnection]:
    kernel = await kernels.start_new("xpython")
    try:
        yield kernel
    finally:
        await kernel.shutdown()


@pytest.fixture
async def bash(kernels: KernelManager) -> AsyncIterator[KernelConnection]:
    kernel = await kernels.start_new("bash")
    try:
        yield kernel
    finally:
        await kernel.shutdown()


def _no_dropped_frames(caplog: pytest.LogCaptureFixture) -> None:
    dropped = [r.getMessage() for r in caplog.records if "malformed" in r.getMessage()]
    assert not dropped


async def _run_until_started(
    kernel: KernelConnection, code: str
) -> tuple[asyncio.Task[object], asyncio.Event]:
    """Start ``code``; the event is set once the kernel announced it (execute_input)."""
    started = asyncio.Event()

    def on_output(msg: AnyMessage) -> None:
        if msg["header"]["msg_type"] == "execute_input":
            started.set()

    task: asyncio.Task[object] = asyncio.ensure_future(kernel.execute(code, on_output=on_output))
    await asyncio.wait_for(started.wait(), 30)
    return task, started


# -- xeus-python ---------------------------------------------------------------------


async def test_xpython_execute_error_complete_inspect(
    xpython: KernelConnection, caplog: pytest.LogCaptureFixture
) -> None:
    assert xpython.info is not None
    assert xpython.info["language_info"]["name"] == "python"
    assert xpython.info["implementation"] == "xeus-python"
    result = await xpython.execute("import sys\nprint('out')\nprint('err', file=sys.stderr)\n6 * 7")
    assert (result.status, result.stdout, result.stderr, result.text) == (
        "ok",
        "out\n",
        "err\n",
        "42",
    )
    result = await xpython.execute("1 / 0")
    assert result.status == "error"
    assert result.error is not None
    # xeus-python sends the class's repr as the name: "<class 'ZeroDivisionError'>".
    assert "ZeroDivisionError" in result.error["ename"]
    reply = await xpython.request_complete("import o", 8)
    assert reply["content"]["status"] == "ok"
    assert "os" in reply["content"]["matches"]
    reply = await xpython.request_inspect("len", 3)
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["found"] is True
    assert "len" in str(reply["content"]["data"].get("text/plain"))
    _no_dropped_frames(caplog)


async def test_xpython_restart_null_parent_header(
    xpython: KernelConnection, caplog: pytest.LogCaptureFixture
) -> None:
    """After a restart xeus-python sends ``parent_header: null``: read as {}, as JupyterLab."""
    await xpython.execute("x = 1")
    await xpython.restart()
    result = await xpython.execute("print('x' in globals())")
    assert result.stdout == "False\n"
    _no_dropped_frames(caplog)


async def test_xpython_interrupt(
    xpython: KernelConnection, caplog: pytest.LogCaptureFixture
) -> None:
    """xeus-python 0.19 from PyPI dies on SIGINT (as it does under JupyterLab): the
    server restarts it, the pending execution fails with KernelRestartedError, and the
    kernel runs code again."""
    task, _ = await _run_until_started(xpython, "import time\ntime.sleep(60)")
    await xpython.interrupt()
    with pytest.raises(KernelRestartedError):
        await asyncio.wait_for(task, 30)
    result = await xpython.execute("print('back')", timeout=60)
    assert result.stdout == "back\n"
    _no_dropped_frames(caplog)


async def test_xpython_comms(xpython: KernelConnection) -> None:
    """A comm the kernel opens (the ``comm`` package, as ipywidgets uses it): its open
    data and messages reach the SDK, and the SDK's messages reach the kernel."""
    comms: list[Comm] = []
    opened: list[object] = []
    received: list[object] = []
    got = asyncio.Event()

    def on_msg(msg: AnyMessage) -> None:
        received.append(msg["content"]["data"])
        got.set()

    def on_open(comm: Comm, msg: AnyMessage) -> None:
        comms.append(comm)
        opened.append(msg["content"]["data"])
        comm.on_msg = on_msg

    xpython.register_comm_target("sdk-test", on_open)
    result = await xpython.execute(
        "import comm\nseen = []\n"
        "c = comm.create_comm(target_name='sdk-test', data={'a': 1})\n"
        "c.on_msg(lambda m: seen.append(m['content']['data']))\n"
        "c.send({'b': 2})"
    )
    assert result.status == "ok", result.error
    await asyncio.wait_for(got.wait(), 10)
    assert opened == [{"a": 1}]
    assert received == [{"b": 2}]
    comms[0].send({"c": 3})
    result = await xpython.execute(
        "import time\nfor _ in range(100):\n    if seen:\n        break\n"
        "    time.sleep(0.05)\nprint(seen)"
    )
    assert result.stdout == "[{'c': 3}]\n"


# -- bash_kernel -----------------------------------------------------------------------


async def test_bash_execute_error_complete(
    bash: KernelConnection, caplog: pytest.LogCaptureFixture
) -> None:
    assert bash.info is not None
    assert bash.info["language_info"]["name"] == "bash"
    result = await bash.execute("echo hello; n=5; echo $((n * 2))")
    assert (result.status, result.stdout) == ("ok", "hello\n10\n")
    result = await bash.execute("no-such-command-here")
    assert result.status == "error"
    assert result.error is not None
    # bash_kernel names no error: the exit status is the value, the message is in stdout.
    assert (result.error["ename"], result.error["evalue"]) == ("", "127")
    assert "command not found" in result.stdout
    reply = await bash.request_complete("ech", 3)
    assert reply["content"]["status"] == "ok"
    assert "echo" in reply["content"]["matches"]
    reply = await bash.request_inspect("echo", 4)  # not implemented: an empty answer
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["found"] is False
    _no_dropped_frames(caplog)


async def test_bash_interrupt(bash: KernelConnection) -> None:
    task, _ = await _run_until_started(bash, "sleep 60")
    await bash.interrupt()
    result = await asyncio.wait_for(task, 30)
    assert getattr(result, "status", None) == "abort"
    after = await bash.execute("echo still here")
    assert after.stdout == "still here\n"


async def test_bash_restart(bash: KernelConnection) -> None:
    await bash.execute("x=kept")
    assert (await bash.execute("echo $x")).stdout == "kept\n"
    await bash.restart()
    assert (await bash.execute('echo "[$x]"')).stdout == "[]\n"

"""Kernels that crash at once, kernels that are frozen, servers that answer slowly: every
wait ends, with a typed error, within a bound set by the settings."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import attrs
import pytest

from jupyter_sdk import (
    ConnectionClosedError,
    ExecutionTimeoutError,
    JupyterError,
    KernelConnection,
    KernelDeadError,
    KernelManager,
    KernelSpecManager,
    NetworkError,
    ReconnectPolicy,
    RequestTimeoutError,
    ResponseError,
    ServerSettings,
)

from .conftest import ServerFactory, wait_until
from .proxy import TcpProxy

pytestmark = pytest.mark.timeout(90)


def _crashy_kernelspec(root: Path) -> Path:
    """A ``JUPYTER_PATH`` folder whose ``crashy`` kernelspec exits at once."""
    spec = root / "kernels" / "crashy"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", "import sys; sys.exit(1)"]
    kernel_json = {"argv": argv, "display_name": "Crashes at once", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel_json))
    return root


@pytest.mark.slow
async def test_crash_looping_kernel_ends_with_a_typed_error(
    own_server: ServerFactory, tmp_path: Path
) -> None:
    server = own_server(
        env={"JUPYTER_PATH": str(_crashy_kernelspec(tmp_path))},
        # The server's restarter: give up after 2 restarts, noticing a death in 0.3 s.
        extra_args=["--KernelRestarter.time_to_dead=0.3", "--KernelRestarter.restart_limit=2"],
    )
    await asyncio.to_thread(server.start)
    policy = ReconnectPolicy(
        max_attempts=4,
        initial_delay=0.05,
        max_delay=0.3,
        ping_interval=None,
        ping_timeout=None,
        open_timeout=3.0,
    )
    settings = attrs.evolve(server.settings, reconnect=policy)
    loop = asyncio.get_running_loop()
    async with KernelSpecManager(settings, poll=False) as specs:
        await specs.refresh_specs()
        assert "crashy" in specs.names()
    async with KernelManager(settings, poll=False) as manager:
        started = loop.time()
        error: JupyterError
        try:
            kernel = await asyncio.wait_for(manager.start_new("crashy"), 60)
        except JupyterError as exc:
            # The usual ending: the server gave the kernel up, its websocket answers 404.
            error = exc
        else:
            # Connected between two crashes: the connection still ends dead.
            await wait_until(kernel, lambda: kernel.status == "dead", timeout=60)
            with pytest.raises(KernelDeadError) as info:
                await kernel.execute("1", timeout=30)
            error = info.value
        elapsed = loop.time() - started
        assert isinstance(error, KernelDeadError | ResponseError | ConnectionClosedError), error
        assert elapsed < 45, elapsed
        # The server forgot the kernel; no restart goes on behind our back.
        assert await manager.refresh_running() == []


@pytest.fixture
async def kernel(settings: ServerSettings) -> AsyncIterator[KernelConnection]:
    async with KernelManager(settings, poll=False) as manager:
        connection = await manager.start_new("python3")
        try:
            yield connection
        finally:
            await connection.shutdown()


async def test_slow_server_rest_and_connect_time_out_then_recover(
    server_proxy: TcpProxy, settings: ServerSettings, kernel: KernelConnection
) -> None:
    proxy = server_proxy
    policy = ReconnectPolicy(
        max_attempts=2,
        initial_delay=0.05,
        max_delay=0.1,
        ping_interval=None,
        ping_timeout=None,
        open_timeout=0.5,
    )
    slow = attrs.evolve(
        settings, base_url=proxy.url_for(settings.base_url), timeout=0.5, reconnect=policy
    )
    proxy.set_delay(2.0)  # every byte, both ways, 2 s late
    async with KernelManager(slow, poll=False) as manager:
        # The timeout, not the 2 s delay, ends the wait (the delay alone would succeed).
        with pytest.raises(RequestTimeoutError) as rest_error:
            await manager.refresh_running()
        assert isinstance(rest_error.value, NetworkError)
        assert isinstance(rest_error.value, TimeoutError)

        # Two handshakes of at most 0.5 s, then the error (not a wait for the delay).
        with pytest.raises(RequestTimeoutError) as ws_error:
            await manager.connect_to(kernel.model)
        assert isinstance(ws_error.value, NetworkError)

        proxy.set_delay(0)
        assert kernel.id in {k.id for k in await manager.refresh_running()}
        again = await manager.connect_to(kernel.model)
        assert (await again.execute("'fast again'", timeout=30)).text == "'fast again'"


async def test_frozen_kernel_times_out_then_works_after_sigcont(
    settings: ServerSettings, kernel: KernelConnection
) -> None:
    pid = int((await kernel.execute("import os; os.getpid()", timeout=30)).text)
    os.kill(pid, signal.SIGSTOP)
    try:
        with pytest.raises(ExecutionTimeoutError):
            await kernel.execute("'frozen'", timeout=1.0, interrupt_on_timeout=False)
        # The server itself is fine: REST answers, the connection stays up.
        async with KernelManager(settings, poll=False) as other:
            assert await other.find_by_id(kernel.id) is not None
        assert kernel.connection_status == "connected"
    finally:
        os.kill(pid, signal.SIGCONT)
    result = await kernel.execute("'thawed'", timeout=30)
    assert result.text == "'thawed'"

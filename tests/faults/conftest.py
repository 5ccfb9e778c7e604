"""Fault-suite fixtures: the ``slow`` marker, servers a test owns (stopped by PID, with
a check that nothing is left behind), and a proxy in front of the shared server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from jupyter_sdk import KernelConnection, LocalServer
from jupyter_sdk.local import WITHOUT_JUPYTERLAB, alive, marked

from .proxy import TcpProxy


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: a fault scenario taking seconds (servers, crashes); still run in CI"
    )


ServerFactory = Callable[..., LocalServer]


@pytest.fixture
def own_server() -> Iterator[ServerFactory]:
    """``own_server(**kwargs)``: a new, not yet started, isolated :class:`LocalServer`
    owned by the test. Start it with ``await asyncio.to_thread(server.start)`` (so the
    test's loop keeps running); every one is stopped at teardown, and the test fails if
    one of their processes (kernels included) is still alive."""
    servers: list[LocalServer] = []

    def make(**kwargs: object) -> LocalServer:
        kwargs.setdefault("isolate", True)
        kwargs.setdefault("server_extensions", WITHOUT_JUPYTERLAB)
        server = LocalServer(**kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield make
    children: set[int] = set()
    for server in servers:
        children |= server.children() | server._known_children
        server.stop()
    # Also those that left the server's tree: every process with a server's mark.
    leftover = [pid for pid in children if alive(pid)]
    leftover += [pid for server in servers for pid in marked(server.mark)]
    assert not leftover, f"processes left behind: {leftover}"


@pytest.fixture
async def server_proxy(server: LocalServer) -> AsyncIterator[TcpProxy]:
    """A :class:`TcpProxy` in front of the shared server."""
    async with TcpProxy(server.port) as proxy:
        yield proxy


async def wait_until(
    kernel: KernelConnection,
    predicate: Callable[[], bool],
    timeout: float = 30.0,
) -> None:
    """Wait (on the connection's signals, no polling) until ``predicate()`` holds."""
    changed = asyncio.Event()

    def poke(_: object) -> None:
        changed.set()

    kernel.status_changed.connect(poke)
    kernel.connection_status_changed.connect(poke)
    try:

        async def wait() -> None:
            while not predicate():
                await changed.wait()
                changed.clear()

        await asyncio.wait_for(wait(), timeout)
    finally:
        kernel.status_changed.disconnect(poke)
        kernel.connection_status_changed.disconnect(poke)

"""The embedded server's kernels get ports outside the ephemeral range (so no other process
is handed one between the server choosing it and the kernel binding it)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from jupyter_sdk import KernelManager, ServerSettings
from jupyter_sdk._ports import ephemeral_range, free_ports, port_window
from jupyter_sdk.local import LocalServer


def test_the_window_lies_beside_the_ephemeral_range() -> None:
    assert port_window((32768, 60999)) == range(16384, 32768)  # Linux's default
    assert port_window((49152, 65535)) == range(32768, 49152)  # IANA's: macOS, Windows
    assert port_window((10000, 20000)) == range(20001, 36385)  # more room above
    assert port_window((1024, 65000)) is None  # nearly every port is ephemeral


@pytest.fixture
def window() -> range:
    """Eight consecutive ports, free now, outside the ephemeral range."""
    outside = port_window(ephemeral_range())
    assert outside is not None
    for start in range(outside.start, outside.stop - 8, 8):
        if all(_free(port) for port in range(start, start + 8)):
            return range(start, start + 8)
    raise AssertionError("no eight free ports in a row")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture
def held(window: range) -> Iterator[int]:
    """A port of ``window`` that another socket listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", window[3]))
        listener.listen()
        yield window[3]


def test_free_ports_skips_bound_and_taken_ports(window: range, held: int) -> None:
    for _ in range(20):  # the choice is random: every draw must avoid both
        ports = free_ports("127.0.0.1", 5, window, taken={window[0], window[1]})
        assert len(set(ports)) == 5
        assert set(ports) == set(window) - {window[0], window[1], held}


def test_free_ports_says_when_the_window_is_full(window: range, held: int) -> None:
    with pytest.raises(OSError, match="fewer than 8 free ports"):
        free_ports("127.0.0.1", 8, window)


async def test_the_embedded_servers_kernels_bind_ports_outside_the_ephemeral_range(
    server: LocalServer, settings: ServerSettings
) -> None:
    first, last = ephemeral_range()
    async with KernelManager(settings, poll=False) as manager:
        kernels = [await manager.start_new("python3") for _ in range(2)]
        try:
            seen: set[int] = set()
            for kernel in kernels:
                assert server.data_dir is not None
                info = json.loads(
                    (server.data_dir / f"runtime/kernel-{kernel.id}.json").read_text()
                )
                ports = {info[name] for name in info if name.endswith("_port")}
                assert len(ports) == 5
                assert not any(first <= port <= last for port in ports), (ports, first, last)
                assert not ports & seen  # and no two kernels share one
                seen |= ports
                # The kernel runs on them.
                assert (await kernel.execute("6 * 7", timeout=30)).text == "42"
        finally:
            for kernel in kernels:
                await kernel.shutdown()

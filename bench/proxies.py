"""What a forward proxy costs: REST and kernel round trips direct and through ``proxy.py``.

    python bench/proxies.py [--rest N] [--exec N]

Rows: the SDK direct (its fast HTTP/1.1 transport), the SDK direct on httpx's standard
transport (what it would cost to always use it), and the SDK through a local forward
proxy (``proxy.py``, the one the tests use, which alone resolves ``jupyter.test``): httpx's
standard transport for REST, a CONNECT tunnel for the kernel websocket. Prints a markdown
table of medians.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from jupyter_sdk import KernelManager, LocalServer, ServerSettings
from jupyter_sdk._rest import Rest

# The proxy helper of the test suite (proxy.py with its host-resolving plugin).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from faults.forward_proxy import TEST_HOST, ForwardProxy


async def rest_ms(settings: ServerSettings, n: int) -> float:
    """Median ms of ``GET /api/kernels``, one at a time, after 10 warm-up requests."""
    rest = Rest(settings)
    try:
        for _ in range(10):
            await rest.list_kernels()
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            await rest.list_kernels()
            samples.append(time.perf_counter() - start)
    finally:
        await rest.aclose()
    return statistics.median(samples) * 1000


async def exec_ms(settings: ServerSettings, n: int) -> float:
    """Median ms of ``execute("x = 1")`` round trips on one kernel, after 5 warm-up ones."""
    async with KernelManager(settings, poll=False) as kernels:
        kernel = await kernels.start_new("python3")
        try:
            for _ in range(5):
                await kernel.execute("x = 1")
            samples = []
            for _ in range(n):
                start = time.perf_counter()
                await kernel.execute("x = 1")
                samples.append(time.perf_counter() - start)
        finally:
            await kernel.shutdown()
    return statistics.median(samples) * 1000


async def measure(server: LocalServer, proxy: ForwardProxy, n_rest: int, n_exec: int) -> None:
    direct = server.settings
    async with httpx.AsyncClient(
        base_url=direct.base_url, transport=httpx.AsyncHTTPTransport(), trust_env=False
    ) as client:
        standard = ServerSettings(direct.base_url, token=direct.token, http_client=client)
        via = ServerSettings(
            server.url.replace("127.0.0.1", TEST_HOST), token=server.token, proxy=proxy.url
        )
        rows = [
            ("direct, SDK transport", direct),
            ("direct, httpx standard transport", standard),
            ("through proxy.py", via),
        ]
        print("| path | REST GET /api/kernels (ms) | execute round trip (ms) |")
        print("| --- | ---: | ---: |")
        for name, settings in rows:
            rest = await rest_ms(settings, n_rest)
            run = await exec_ms(settings, n_exec)
            print(f"| {name} | {rest:.2f} | {run:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rest", type=int, default=500, help="REST requests per row")
    parser.add_argument("--exec", type=int, default=200, help="executes per row")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jupyter-sdk-bench-proxy-") as state:
        proxy = ForwardProxy(Path(state))
        proxy.start()
        server = LocalServer(isolate=True, extra_args=["--ServerApp.allow_remote_access=True"])
        try:
            server.start()
            asyncio.run(measure(server, proxy, args.rest, args.exec))
        finally:
            server.stop()
            proxy.stop()


if __name__ == "__main__":
    main()

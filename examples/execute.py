"""Execute code on a Jupyter Server and read its outputs, async and blocking.

Uses JUPYTER_SERVER_URL / JUPYTER_TOKEN when set, else starts an embedded local server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator

from jupyter_sdk import KernelManager, ServerSettings, local_server, sync


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[ServerSettings]:
    if os.environ.get("JUPYTER_SERVER_URL"):
        yield ServerSettings.from_env()
    else:
        async with local_server() as settings:
            yield settings


async def main() -> None:
    async with server() as settings, KernelManager(settings) as kernels:
        kernel = await kernels.start_new()
        try:
            result = await kernel.execute(
                "import sys\nprint('hello from', sys.version.split()[0])\n6 * 7"
            )
            print(result.stdout, end="")
            print("result:", result.text)
        finally:
            await kernel.shutdown()

        # The blocking API drives the same objects from plain code.
        with sync.KernelManager(settings) as blocking:
            kernel2 = blocking.start_new()
            print("sync result:", kernel2.execute("sum(range(10))").text)
            kernel2.shutdown()


if __name__ == "__main__":
    asyncio.run(main())

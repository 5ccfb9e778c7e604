"""``sdk-async``: jupyter_sdk's async KernelConnection and KernelManager."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bench.rows._base import BaseRow
from jupyter_sdk import KernelConnection, KernelManager, ServerSettings


class Row(BaseRow):
    name = "sdk-async"
    order = 20

    def __init__(self) -> None:
        self.manager: KernelManager | None = None
        self.kernel: KernelConnection | None = None

    async def setup(self, base_url: str, token: str) -> None:
        self.manager = KernelManager(ServerSettings(base_url, token=token), poll=False)
        self.kernel = await self.manager.start_new("python3")

    async def execute(self, code: str) -> None:
        assert self.kernel is not None
        await self.kernel.request_execute(code)

    async def execute_many(self, codes: Sequence[str]) -> None:
        assert self.kernel is not None
        futures = [self.kernel.request_execute(code) for code in codes]
        await asyncio.gather(*(f.wait() for f in futures))

    async def rest_get(self, path: str) -> None:
        assert self.manager is not None
        assert path.rstrip("/").endswith("/api/kernels")
        await self.manager.refresh_running()

    async def teardown(self) -> None:
        if self.kernel is not None:
            await self.kernel.shutdown()
        if self.manager is not None:
            await self.manager.close()

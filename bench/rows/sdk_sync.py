"""``sdk-sync``: jupyter_sdk's blocking facade (the same objects through a portal thread)."""

from __future__ import annotations

from collections.abc import Sequence

from bench.rows._base import BaseRow
from jupyter_sdk import ServerSettings
from jupyter_sdk.sync import KernelConnection, KernelManager


class Row(BaseRow):
    name = "sdk-sync"
    order = 25

    def __init__(self) -> None:
        self.manager: KernelManager | None = None
        self.kernel: KernelConnection | None = None

    async def setup(self, base_url: str, token: str) -> None:
        self.manager = KernelManager(ServerSettings(base_url, token=token), poll=False)
        self.kernel = self.manager.start_new("python3")

    def execute(self, code: str) -> None:  # type: ignore[override]
        assert self.kernel is not None
        self.kernel.request_execute(code).result()

    def execute_many(self, codes: Sequence[str]) -> None:  # type: ignore[override]
        assert self.kernel is not None
        futures = [self.kernel.request_execute(code) for code in codes]
        for future in futures:
            future.result()

    def rest_get(self, path: str) -> None:
        assert self.manager is not None
        self.manager.refresh_running()

    async def teardown(self) -> None:
        if self.kernel is not None:
            self.kernel.shutdown()
        if self.manager is not None:
            self.manager.close()

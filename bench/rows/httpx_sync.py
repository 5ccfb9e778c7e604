"""``httpx-sync``: a blocking ``httpx.Client`` (keep-alive), for the REST metric only."""

from __future__ import annotations

import httpx

from bench.rows._base import BaseRow


class Row(BaseRow):
    name = "httpx-sync"
    order = 95
    metrics = frozenset({"rest"})

    def __init__(self) -> None:
        self.client: httpx.Client | None = None

    async def setup(self, base_url: str, token: str) -> None:
        self.client = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"token {token}"},
            trust_env=False,
            timeout=60,
        )

    def rest_get(self, path: str) -> None:  # type: ignore[override]
        assert self.client is not None
        response = self.client.get(path)
        response.raise_for_status()
        response.json()

    async def teardown(self) -> None:
        if self.client is not None:
            self.client.close()

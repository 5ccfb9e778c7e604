"""``http.client``: the standard library's keep-alive ``HTTPConnection``, REST metric only."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from bench.rows._base import BaseRow


class Row(BaseRow):
    name = "http.client"
    order = 96
    metrics = frozenset({"rest"})

    def __init__(self) -> None:
        self.conn: http.client.HTTPConnection | None = None
        self.headers: dict[str, str] = {}

    async def setup(self, base_url: str, token: str) -> None:
        url = urlsplit(base_url)
        self.conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=60)
        self.headers = {"Authorization": f"token {token}", "Connection": "keep-alive"}

    def rest_get(self, path: str) -> None:  # type: ignore[override]
        assert self.conn is not None
        self.conn.request("GET", path, headers=self.headers)
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}")
        json.loads(body)

    async def teardown(self) -> None:
        if self.conn is not None:
            self.conn.close()

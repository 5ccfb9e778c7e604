"""``raw``: a minimal hand-written websockets + httpx client (the Python floor)."""

from __future__ import annotations

from bench.rows._raw_ws import RawWebsocketRow


class Row(RawWebsocketRow):
    name = "raw"
    order = 10

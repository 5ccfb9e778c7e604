"""``raw+quickack``: ``raw``, re-arming TCP_QUICKACK on its socket after every frame.

Linux clears TCP_QUICKACK by itself, so it is set again after each received frame; the
client then ACKs at once instead of after the delayed-ACK timer (~40 ms), which is what a
server with Nagle on waits for before sending the next small frame of a reply.
"""

from __future__ import annotations

from bench.rows._raw_ws import RawWebsocketRow


class Row(RawWebsocketRow):
    name = "raw+quickack"
    order = 11
    quickack = True
    # REST does not touch the websocket: the ``raw`` row already measures httpx.
    metrics = frozenset({"latency", "throughput", "stream", "cpu"})

"""Run ``jupyter_server`` with TCP_NODELAY on its kernel websockets (for this process only).

Usage: ``python bench/nodelay_server.py [jupyter server arguments]``.

Jupyter Server's kernel websocket handler leaves Nagle's algorithm on, so each small frame
of a reply after the first waits for the client's ACK of the previous one. This launcher
patches ``KernelWebsocketHandler.open`` in memory to call ``self.set_nodelay(True)`` first,
then runs ``jupyter_server.serverapp.main()``; no installed file is changed.
"""

from __future__ import annotations

import functools
import sys
from typing import Any


def patch() -> None:
    """Make every kernel websocket set TCP_NODELAY when it opens."""
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

    original = KernelWebsocketHandler.open
    if getattr(original, "_bench_nodelay", False):
        return

    @functools.wraps(original)
    async def open(self: KernelWebsocketHandler, *args: Any, **kwargs: Any) -> None:
        self.set_nodelay(True)
        self.log.info("bench: TCP_NODELAY set on kernel websocket %s", self.request.path)
        await original(self, *args, **kwargs)

    open._bench_nodelay = True  # type: ignore[attr-defined]
    KernelWebsocketHandler.open = open  # type: ignore[method-assign]


def main() -> None:
    patch()
    from jupyter_server.serverapp import main as server_main

    sys.argv[0] = "jupyter-server"
    sys.exit(server_main())


if __name__ == "__main__":
    main()

"""A ``proxy.py`` plugin for the proxy tests: the made-up host ``jupyter.test`` resolves
to 127.0.0.1 inside the proxy and nowhere else, so a client reaches a server by that name
only through the proxy. Loaded by ``proxy.py`` in its own process (see forward_proxy.py)."""

from __future__ import annotations

from proxy.http.proxy import HttpProxyBasePlugin

from faults.forward_proxy import TEST_HOST


class ResolveTestHost(HttpProxyBasePlugin):
    """Resolve :data:`TEST_HOST` to 127.0.0.1; other names as the system does."""

    def resolve_dns(self, host: str, port: int) -> tuple[str | None, tuple[str, int] | None]:
        if host == TEST_HOST:
            return "127.0.0.1", None
        return None, None

"""The server itself: status, version, API spec, and shutdown.

:class:`ServerAPI` reads ``/api/status`` (start time, last activity, kernel and
connection counts), ``/api`` (the server's version) and ``/api/spec.yaml`` (the
server's own OpenAPI document), and can shut the server down (``POST /api/shutdown``).

Lifecycle: ``async with ServerAPI(settings) as server:`` closes the REST client it
created on exit (a ``rest=`` passed in stays its lender's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from . import errors
from ._rest import Rest

if TYPE_CHECKING:
    from .models import APIStatus
    from .settings import ServerSettings

__all__ = ["ServerAPI"]


class ServerAPI:
    """Status, version, spec and shutdown of one Jupyter Server.

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by :meth:`close`.
    """

    def __init__(self, settings: ServerSettings, *, rest: Rest | None = None) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._closed = False

    def __repr__(self) -> str:
        return f"<ServerAPI {self.settings.base_url}>"

    async def __aenter__(self) -> ServerAPI:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the REST client if owned. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._owns_rest:
            await self._rest.aclose()

    def _live(self) -> Rest:
        if self._closed:
            raise errors.ConnectionClosedError("the server API is closed")
        return self._rest

    async def status(self) -> APIStatus:
        """``started``, ``last_activity``, and the ``kernels`` and ``connections`` counts."""
        return await self._live().get_status()

    async def version(self) -> str:
        """The Jupyter Server version, e.g. ``"2.21.1"``."""
        return (await self._live().get_api_version()).version

    async def spec(self) -> str:
        """The server's own OpenAPI document (YAML text)."""
        return await self._live().get_api_spec()

    async def shutdown_server(self) -> None:
        """Shut the server down: its kernels and terminals stop, then the process exits.

        The server may drop the connection instead of answering once it stops; that
        counts as done. Other failures raise (e.g. ``ForbiddenError``, ``NetworkError``
        when the server could not be reached at all).
        """
        try:
            await self._live().shutdown_server()
        except errors.NetworkError as exc:
            if not isinstance(exc.__cause__, httpx.RemoteProtocolError | httpx.ReadError):
                raise

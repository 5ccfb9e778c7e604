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
from ._service import RestService

if TYPE_CHECKING:
    from .models import APIStatus

__all__ = ["ServerAPI"]


class ServerAPI(RestService):
    """Status, version, spec and shutdown of one Jupyter Server.

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by :meth:`close`.
    """

    _what = "server API"

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

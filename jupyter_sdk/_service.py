"""The lifecycle every REST-only service shares: a REST client (owned or lent),
``async with``, an idempotent ``close()``, and calls refused once closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from . import errors
from ._rest import Rest

if TYPE_CHECKING:
    from .settings import ServerSettings

__all__ = ["RestService"]


class RestService:
    """Base of the services that only make REST calls (nbconvert, the server API,
    JupyterLab's settings, workspaces and build).

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by :meth:`close`.
    """

    _what = "service"  # how the closed error names the service

    def __init__(self, settings: ServerSettings, *, rest: Rest | None = None) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._closed = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.settings.base_url}>"

    async def __aenter__(self) -> Self:
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
            raise errors.ConnectionClosedError(f"the {self._what} is closed")
        return self._rest

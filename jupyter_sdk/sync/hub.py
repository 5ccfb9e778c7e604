"""Blocking twin of :class:`jupyter_sdk.hub.HubClient` (the same object, driven through
the shared portal; progress callbacks run on the SDK's loop thread)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import hub as _hub
from ..hub import HubIdentity, HubServer, HubToken, ProgressCallback
from ..settings import ServerSettings
from ._portal import call, run_sync

__all__ = ["HubClient"]


class HubClient:
    """Blocking twin of :class:`jupyter_sdk.hub.HubClient`; use it as a context manager."""

    def __init__(
        self,
        api_url: str,
        token: str | None = None,
        *,
        public_url: str | None = None,
        user: str | None = None,
        verify: bool | str = True,
        timeout: float = 30.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.aio = run_sync(
            lambda: _hub.HubClient(
                api_url,
                token,
                public_url=public_url,
                user=user,
                verify=verify,
                timeout=timeout,
                headers=headers,
            )
        )

    @classmethod
    def from_env(cls) -> HubClient:
        """A client from ``JUPYTERHUB_API_URL`` / ``JUPYTERHUB_API_TOKEN`` (inside a hub)."""
        twin = cls.__new__(cls)
        twin.aio = run_sync(_hub.HubClient.from_env)
        return twin

    def __repr__(self) -> str:
        return repr(self.aio)

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client."""
        call(self.aio.aclose)

    @property
    def public_url(self) -> str:
        """The hub's public base URL."""
        return self.aio.public_url

    @property
    def user(self) -> str | None:
        """The user that ``name=None`` means."""
        return self.aio.user

    def version(self) -> str:
        """The hub's version."""
        return call(self.aio.version)

    def whoami(self) -> HubIdentity:
        """Who the token belongs to."""
        return call(self.aio.whoami)

    def create_user(self, name: str) -> None:
        """Create a user (``admin:users``)."""
        call(self.aio.create_user, name)

    def server_status(self, name: str | None = None, *, server_name: str = "") -> HubServer:
        """The state of a user's server."""
        return call(self.aio.server_status, name, server_name=server_name)

    def start_server(
        self,
        name: str | None = None,
        *,
        server_name: str = "",
        wait: bool = True,
        progress: ProgressCallback | None = None,
        timeout: float | None = 300.0,
        user_options: Mapping[str, object] | None = None,
    ) -> HubServer:
        """Start a user's server and, with ``wait``, wait until it is ready."""
        return call(
            self.aio.start_server,
            name,
            server_name=server_name,
            wait=wait,
            progress=progress,
            timeout=timeout,
            user_options=user_options,
        )

    def stop_server(
        self,
        name: str | None = None,
        *,
        server_name: str = "",
        wait: bool = True,
        timeout: float | None = 120.0,
    ) -> HubServer:
        """Stop a user's server and, with ``wait``, wait until it has stopped."""
        return call(self.aio.stop_server, name, server_name=server_name, wait=wait, timeout=timeout)

    def create_token(
        self,
        scopes: Sequence[str] | None = None,
        *,
        name: str | None = None,
        expires_in: int | None = None,
        note: str | None = None,
    ) -> HubToken:
        """Make a token for a user."""
        return call(self.aio.create_token, scopes, name=name, expires_in=expires_in, note=note)

    def server_settings(
        self, name: str | None = None, *, server_name: str = "", token: str | None = None
    ) -> ServerSettings:
        """Settings for a user's server at ``<public_url>user/<name>/``."""
        return self.aio.server_settings(name, server_name=server_name, token=token)

"""JupyterHub: start and stop users' servers, make tokens, and reach a server through the hub.

:class:`HubClient` is a small typed client of the hub's REST API (``/hub/api``)::

    async with HubClient("https://hub.example.org/hub/api", token=admin_token) as hub:
        await hub.start_server("alice", progress=print)
        token = await hub.create_token(["access:servers!user=alice"], name="alice")
        settings = hub.server_settings("alice", token=token.token)
        async with KernelManager(settings) as kernels: ...

Inside a hub (a user server or a hub service), :meth:`HubClient.from_env` reads
``JUPYTERHUB_API_URL`` and ``JUPYTERHUB_API_TOKEN``. The token travels only as an
``Authorization: token ...`` header. Scopes: a user's REST and websocket access to her
server needs ``access:servers!user=<name>``; starting and stopping it ``servers!user=<name>``;
creating users and tokens (an admin service) ``admin:users`` and ``tokens``.

Errors are :mod:`jupyter_sdk.errors` classes, mapped by the same REST boundary as every
other request (403 for a token without the scope is
:class:`~jupyter_sdk.errors.ForbiddenError`). A spawn that fails raises
:class:`~jupyter_sdk.errors.ServerNotRunningError` with the hub's message.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

import attrs
import httpx

from . import errors
from ._backoff import backoff_delays
from ._rest import error_for_status, make_http_client, network_error
from .settings import ServerSettings

__all__ = [
    "HubClient",
    "HubIdentity",
    "HubServer",
    "HubToken",
    "ProgressCallback",
    "ServerState",
    "SpawnProgress",
]

ServerState = Literal["stopped", "starting", "running", "stopping"]
"""A hub server's state: ``pending`` spawn or stop, ``ready``, or absent."""


@attrs.frozen
class HubIdentity:
    """Who a token belongs to (``GET /hub/api/user``).

    Attributes:
        kind: ``"user"`` or ``"service"``.
        name: The user's or service's name.
        admin: Whether it is a hub admin.
        scopes: The token's scopes, as the hub expanded them.
    """

    kind: str
    name: str
    admin: bool
    scopes: frozenset[str]


@attrs.frozen
class HubServer:
    """One server of a hub user, as the hub's REST API reports it.

    Attributes:
        user: The user's name.
        name: The server's name (``""`` for the default server).
        state: ``stopped``, ``starting``, ``running`` or ``stopping``.
        url: Its URL path on the hub's public address (``/user/<name>/``), once started.
        started: When it was started (ISO 8601), if it runs.
        last_activity: Its last activity (ISO 8601), if known.
    """

    user: str
    name: str
    state: ServerState
    url: str | None = None
    started: str | None = None
    last_activity: str | None = None

    @property
    def ready(self) -> bool:
        """Whether the server runs and answers."""
        return self.state == "running"


@attrs.frozen
class SpawnProgress:
    """One event of a server's spawn progress.

    Attributes:
        progress: Percent done (0-100), if the spawner says.
        message: The spawner's message.
        ready: The server is up (the last event).
        failed: The spawn failed (the last event).
        url: The server's URL path, with the ready event.
    """

    progress: int | None
    message: str
    ready: bool = False
    failed: bool = False
    url: str | None = None


@attrs.frozen(repr=False)
class HubToken:
    """A token made by :meth:`HubClient.create_token`; ``repr`` hides its value.

    Attributes:
        token: The secret itself (shown only once by the hub).
        id: The token's id (to revoke it).
        user: The user it belongs to.
        scopes: Its scopes.
        expires_at: When it expires (ISO 8601), or ``None``.
        note: Its note.
    """

    token: str
    id: str
    user: str
    scopes: frozenset[str]
    expires_at: str | None = None
    note: str | None = None

    def __repr__(self) -> str:
        return f"HubToken(id={self.id!r}, user={self.user!r}, scopes={sorted(self.scopes)!r})"


ProgressCallback = Callable[[SpawnProgress], object]
"""Called with each spawn progress event; may return an awaitable, which is awaited."""


# -- JSON helpers (the hub's answers are checked, never trusted) -------------------------


def _object(value: object, what: str) -> dict[str, object]:
    if isinstance(value, dict):
        return {str(key): item for key, item in value.items()}
    raise errors.ProtocolError(f"{what}: the hub's answer is not a JSON object")


def _text(data: Mapping[str, object], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _strings(value: object) -> frozenset[str]:
    if isinstance(value, list):
        return frozenset(item for item in value if isinstance(item, str))
    return frozenset()


def _escape(name: str) -> str:
    """A user or server name in a hub URL (as the hub escapes it)."""
    return quote(name, safe="@~")


def _server_of(user: Mapping[str, object], name: str, server_name: str) -> HubServer:
    servers = user.get("servers")
    model = servers.get(server_name) if isinstance(servers, dict) else None
    if not isinstance(model, dict):
        return HubServer(user=name, name=server_name, state="stopped")
    server = _object(model, "server")
    pending = server.get("pending")
    state: ServerState
    if pending == "spawn":
        state = "starting"
    elif pending == "stop":
        state = "stopping"
    elif server.get("ready") is True:
        state = "running"
    else:
        state = "stopped"
    return HubServer(
        user=name,
        name=server_name,
        state=state,
        url=_text(server, "url"),
        started=_text(server, "started"),
        last_activity=_text(server, "last_activity"),
    )


def _progress_of(data: Mapping[str, object]) -> SpawnProgress:
    progress = data.get("progress")
    return SpawnProgress(
        progress=progress if isinstance(progress, int) else None,
        message=_text(data, "message") or "",
        ready=data.get("ready") is True,
        failed=data.get("failed") is True,
        url=_text(data, "url"),
    )


def _public_url_of(api_url: str) -> str:
    """The hub's public base URL from its API URL (``.../hub/api`` -> ``.../``)."""
    parts = urlsplit(api_url)
    path = parts.path.rstrip("/")
    for suffix in ("/hub/api", "/api"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/", "", ""))


class HubClient:
    """A typed client of the JupyterHub REST API.

    Args:
        api_url: The hub API's URL, e.g. ``https://hub.example.org/hub/api``.
        token: A hub token (a user's, or a service's with the scopes it needs).
        public_url: The hub's public base URL (its proxy), where user servers are reached;
            derived from ``api_url`` when omitted.
        user: The user that ``name=None`` means; learned from :meth:`whoami` when omitted.
        verify: TLS verification, as in :class:`~jupyter_sdk.ServerSettings`.
        timeout: Seconds for each REST request.
        headers: Extra headers for every request.
        proxy: The forward proxy, as in :class:`~jupyter_sdk.ServerSettings` (also used
            by the user servers' settings it makes).
    """

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
        proxy: str | bool | None = True,
    ) -> None:
        self.settings = ServerSettings(
            api_url,
            token=token,
            verify=verify,
            timeout=timeout,
            headers=dict(headers or {}),
            proxy=proxy,
        )
        self.public_url = ServerSettings(public_url or _public_url_of(api_url)).base_url
        self.user = user
        self._http: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"HubClient({self.settings.base_url!r}, user={self.user!r})"

    @classmethod
    def from_env(cls) -> HubClient:
        """A client from the environment a hub gives its servers and services:
        ``JUPYTERHUB_API_URL``, ``JUPYTERHUB_API_TOKEN``, ``JUPYTERHUB_USER`` and
        ``JUPYTERHUB_PUBLIC_HUB_URL`` (the public address, when the hub knows it).

        Raises:
            ValueError: ``JUPYTERHUB_API_URL`` is not set.
        """
        api_url = os.environ.get("JUPYTERHUB_API_URL")
        if not api_url:
            raise ValueError("JUPYTERHUB_API_URL is not set (not running inside a hub?)")
        public_hub = os.environ.get("JUPYTERHUB_PUBLIC_HUB_URL") or None
        return cls(
            api_url,
            token=os.environ.get("JUPYTERHUB_API_TOKEN") or None,
            public_url=_public_url_of(public_hub.rstrip("/") + "/api") if public_hub else None,
            user=os.environ.get("JUPYTERHUB_USER") or None,
        )

    async def __aenter__(self) -> HubClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client. Idempotent."""
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()

    # -- plumbing ------------------------------------------------------------------------

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = make_http_client(self.settings)
            self._http.event_hooks["response"] = [self._raise_for_status]
        return self._http

    async def _raise_for_status(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        await response.aread()
        request = response.request
        raise error_for_status(
            response.status_code,
            response.content,
            method=request.method,
            url=str(request.url.copy_with(query=None)),
            settings=self.settings,
        )

    async def _request(
        self, method: str, path: str, *, body: Mapping[str, object] | None = None
    ) -> httpx.Response:
        try:
            return await self._client().request(
                method, path, content=json.dumps(body).encode() if body is not None else None
            )
        except httpx.HTTPError as exc:
            raise network_error(exc, what=f"{method} {path}", settings=self.settings) from exc

    async def _json(
        self, method: str, path: str, *, body: Mapping[str, object] | None = None
    ) -> dict[str, object]:
        response = await self._request(method, path, body=body)
        try:
            data: object = response.json()
        except ValueError as exc:
            raise errors.ProtocolError(f"{method} {path}: the hub's answer is not JSON") from exc
        return _object(data, f"{method} {path}")

    async def _name(self, name: str | None) -> str:
        if name is not None:
            return name
        if self.user is None:
            identity = await self.whoami()
            if identity.kind != "user":
                raise ValueError(
                    f"this token belongs to the {identity.kind} {identity.name!r}: pass name="
                )
        assert self.user is not None
        return self.user

    @staticmethod
    def _server_path(name: str, server_name: str) -> str:
        if server_name:
            return f"users/{_escape(name)}/servers/{_escape(server_name)}"
        return f"users/{_escape(name)}/server"

    # -- users ---------------------------------------------------------------------------

    async def version(self) -> str:
        """The hub's version (``GET /hub/api/``)."""
        return _text(await self._json("GET", ""), "version") or ""

    async def whoami(self) -> HubIdentity:
        """Who the token belongs to (``GET /hub/api/user``)."""
        data = await self._json("GET", "user")
        identity = HubIdentity(
            kind=_text(data, "kind") or "user",
            name=_text(data, "name") or "",
            admin=data.get("admin") is True,
            scopes=_strings(data.get("scopes")),
        )
        if identity.kind == "user" and self.user is None:
            self.user = identity.name
        return identity

    async def create_user(self, name: str) -> None:
        """Create the user ``name`` (``admin:users``); ``ConflictError`` if she exists."""
        await self._request("POST", f"users/{_escape(name)}")

    async def server_status(self, name: str | None = None, *, server_name: str = "") -> HubServer:
        """The state of a user's server (``read:servers``)."""
        user = await self._name(name)
        data = await self._json("GET", f"users/{_escape(user)}")
        return _server_of(data, user, server_name)

    # -- servers -------------------------------------------------------------------------

    async def start_server(
        self,
        name: str | None = None,
        *,
        server_name: str = "",
        wait: bool = True,
        progress: ProgressCallback | None = None,
        timeout: float | None = 300.0,
        user_options: Mapping[str, object] | None = None,
    ) -> HubServer:
        """Start a user's server (``servers``) and, with ``wait``, follow its spawn progress
        until it is ready. Starting a running server is not an error.

        Raises:
            ServerNotRunningError: The spawn failed (the hub's message).
            RequestTimeoutError: Not ready within ``timeout`` seconds.
        """
        user = await self._name(name)
        path = self._server_path(user, server_name)
        try:
            async with asyncio.timeout(timeout):
                await self._post_start(user, server_name, path, user_options)
                if wait:
                    await self._follow_progress(user, server_name, path, progress)
        except TimeoutError:
            raise errors.RequestTimeoutError(
                f"the server of {user!r} was not ready within {timeout} s"
            ) from None
        return await self.server_status(user, server_name=server_name)

    async def _post_start(
        self,
        user: str,
        server_name: str,
        path: str,
        user_options: Mapping[str, object] | None,
    ) -> None:
        body = dict(user_options) if user_options is not None else None
        try:
            await self._request("POST", path, body=body)
        except errors.BadRequestError as exc:
            if "already running" in exc.message:
                return
            if "pending stop" not in exc.message:
                raise
            await self._wait_state(user, server_name, "stopped")
            await self._request("POST", path, body=body)

    async def _follow_progress(
        self, user: str, server_name: str, path: str, progress: ProgressCallback | None
    ) -> None:
        async for event in self._progress_events(f"{path}/progress"):
            if progress is not None:
                result = progress(event)
                if inspect.isawaitable(result):
                    await result
            if event.failed:
                raise errors.ServerNotRunningError(
                    424,
                    event.message or "the spawn failed",
                    hint=f"start it again, or see the hub's page {self.public_url}hub/home",
                    method="POST",
                    url=self.settings.base_url + path,
                )
            if event.ready:
                return
        # The stream ended without a verdict: ask for the state.
        status = await self.server_status(user, server_name=server_name)
        if not status.ready:
            raise errors.ServerNotRunningError(
                424,
                f"the server of {user!r} did not start ({status.state})",
                method="POST",
                url=self.settings.base_url + path,
            )

    async def _progress_events(self, path: str) -> AsyncIterator[SpawnProgress]:
        """The spawn's server-sent events (``data: {...}`` lines; blank keepalives)."""
        client = self._client()
        request = client.build_request("GET", path, headers={"Accept": "text/event-stream"})
        try:
            response = await client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise network_error(exc, what=f"GET {path}", settings=self.settings) from exc
        try:
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                try:
                    data: object = json.loads(line[5:])
                except ValueError:
                    continue
                yield _progress_of(_object(data, "spawn progress"))
        except httpx.HTTPError as exc:
            raise network_error(exc, what=f"GET {path}", settings=self.settings) from exc
        finally:
            await response.aclose()

    async def stop_server(
        self,
        name: str | None = None,
        *,
        server_name: str = "",
        wait: bool = True,
        timeout: float | None = 120.0,
    ) -> HubServer:
        """Stop a user's server (``servers``); with ``wait``, until it has stopped.
        Stopping a stopped server is not an error.

        Raises:
            RequestTimeoutError: Not stopped within ``timeout`` seconds.
        """
        user = await self._name(name)
        path = self._server_path(user, server_name)
        try:
            async with asyncio.timeout(timeout):
                response = await self._request("DELETE", path)
                if wait and response.status_code == 202:
                    await self._wait_state(user, server_name, "stopped")
        except TimeoutError:
            raise errors.RequestTimeoutError(
                f"the server of {user!r} did not stop within {timeout} s"
            ) from None
        return await self.server_status(user, server_name=server_name)

    async def _wait_state(self, user: str, server_name: str, wanted: ServerState) -> None:
        # The hub has no event for a finished stop: poll its state with backoff.
        for delay in backoff_delays(0.05, 1.0, 0.2):
            if (await self.server_status(user, server_name=server_name)).state == wanted:
                return
            await asyncio.sleep(delay)

    # -- tokens and settings -------------------------------------------------------------

    async def create_token(
        self,
        scopes: Sequence[str] | None = None,
        *,
        name: str | None = None,
        expires_in: int | None = None,
        note: str | None = None,
    ) -> HubToken:
        """Make a token for a user (``tokens``), with ``scopes`` (the hub's default when
        ``None``), expiring after ``expires_in`` seconds (never when ``None``)."""
        user = await self._name(name)
        body: dict[str, object] = {}
        if scopes is not None:
            body["scopes"] = list(scopes)
        if expires_in is not None:
            body["expires_in"] = expires_in
        if note is not None:
            body["note"] = note
        data = await self._json("POST", f"users/{_escape(user)}/tokens", body=body)
        token = _text(data, "token")
        if not token:
            raise errors.ProtocolError("create_token: the hub's answer holds no token")
        return HubToken(
            token=token,
            id=_text(data, "id") or "",
            user=_text(data, "user") or user,
            scopes=_strings(data.get("scopes")),
            expires_at=_text(data, "expires_at"),
            note=_text(data, "note"),
        )

    def server_settings(
        self, name: str | None = None, *, server_name: str = "", token: str | None = None
    ) -> ServerSettings:
        """Settings for a user's server at ``<public_url>user/<name>/[<server_name>/]``.

        ``token`` defaults to this client's token (it then needs
        ``access:servers!user=<name>``).

        Raises:
            ValueError: ``name`` is ``None`` and the user is unknown (pass ``user=`` to the
                client, or call :meth:`whoami` first).
        """
        user = name if name is not None else self.user
        if user is None:
            raise ValueError("name= is needed (or create the client with user=, or whoami())")
        path = f"user/{_escape(user)}/"
        if server_name:
            path += f"{_escape(server_name)}/"
        return ServerSettings(
            self.public_url + path,
            token=token if token is not None else self.settings.token,
            verify=self.settings.verify,
            timeout=self.settings.timeout,
            headers=self.settings.headers,
            proxy=self.settings.proxy,
        )

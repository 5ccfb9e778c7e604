"""Where the server is and how to talk to it: :class:`ServerSettings` and its option values."""

from __future__ import annotations

import ipaddress
import os
import ssl
import urllib.request
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import attrs

from .errors import InsecureConnectionWarning

if TYPE_CHECKING:
    import httpx

__all__ = ["PollingPolicy", "ReconnectPolicy", "ServerSettings"]


@attrs.frozen
class ReconnectPolicy:
    """How a websocket connection reconnects after its link drops.

    Attributes:
        max_attempts: Attempts before giving up (``connection_status`` becomes
            ``"disconnected"``; an explicit ``reconnect()`` starts over).
        initial_delay: Delay before the second attempt, in seconds (the first is immediate).
        max_delay: Cap of the exponential backoff, in seconds.
        jitter: Fraction of each delay randomised, to spread clients apart.
        ping_interval: Seconds between websocket pings (``None``: no pings).
        ping_timeout: Seconds to wait for a pong before the link counts as dropped.
        open_timeout: Seconds to wait for a websocket handshake.
    """

    max_attempts: int = 7
    initial_delay: float = 0.25
    max_delay: float = 10.0
    jitter: float = 0.3
    ping_interval: float | None = 20.0
    ping_timeout: float | None = 20.0
    open_timeout: float = 10.0


@attrs.frozen
class PollingPolicy:
    """How managers poll the server for their running lists.

    Attributes:
        interval: Seconds between polls while all is well.
        max_interval: Cap of the backoff after failed polls.
        backoff: Factor by which the interval grows after each failed poll.
    """

    interval: float = 10.0
    max_interval: float = 300.0
    backoff: float = 2.0


def _normalise_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base_url must be an http(s) URL, got {_redact_url(url)!r}")
    if parts.query or parts.fragment:
        raise ValueError("base_url must not carry a query or fragment (pass the token as token=)")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _copy_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return dict(headers)


def _redact_url(url: str) -> str:
    """Drop the query and any userinfo from a URL, for messages."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


_PROXY_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def _check_proxy(proxy: str | bool | None) -> str | bool | None:
    if isinstance(proxy, str):
        proxy = _proxy_url(proxy, "proxy")
    return proxy


def _proxy_url(url: str, source: str) -> str:
    """``url`` with ``http://`` added when it has no scheme; ``ValueError`` unless HTTP(S)."""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme not in _PROXY_SCHEMES or not parts.hostname:
        raise ValueError(
            f"{source} must be an http:// or https:// proxy URL, got {_redact_url(url)!r}"
        )
    return url


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@attrs.frozen(repr=False)
class ServerSettings:
    """Where a Jupyter Server is and how to authenticate to it.

    One settings object serves every manager and connection of a client. The token is
    sent only as an ``Authorization: token ...`` header (REST and websocket handshakes),
    never in a URL, and never appears in ``repr`` or in error texts.

    Args:
        base_url: The server's base URL, e.g. ``http://127.0.0.1:8888/`` or a JupyterHub
            user server ``https://hub.example.org/user/alice/``.
        token: The server or hub token; ``None`` for no token auth.
        ws_url: The websocket base URL; derived from ``base_url`` when omitted.
        headers: Extra headers for every request and websocket handshake.
        verify: TLS verification: ``True``, ``False`` (warns) or a CA bundle path or an
            ``ssl.SSLContext``.
        timeout: Seconds for REST requests (connect, read, write, pool).
        auth: Any ``httpx.Auth`` (used instead of, or with, the token).
        http_client: An ``httpx.AsyncClient`` to use instead of creating one; the caller owns it.
        reconnect: The websocket reconnect policy.
        polling: The managers' polling policy.
        retries: Attempts for idempotent GETs on connection errors and 502/503/504.
        proxy: The HTTP(S) forward proxy for REST and websockets: ``True`` (the default)
            honours ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` as httpx and websockets do; a
            URL such as ``http://proxy.corp:3128`` uses that proxy; ``None`` or ``False``
            connects directly. Loopback addresses are always reached directly. A lent
            ``http_client`` keeps its own proxy setup (this one then applies to websockets).
    """

    base_url: str = attrs.field(converter=_normalise_base_url)
    token: str | None = None
    ws_url: str | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_copy_headers)
    verify: bool | str | ssl.SSLContext = True
    timeout: float = 30.0
    auth: httpx.Auth | None = None
    http_client: httpx.AsyncClient | None = attrs.field(default=None, eq=False)
    reconnect: ReconnectPolicy = ReconnectPolicy()
    polling: PollingPolicy = PollingPolicy()
    retries: int = 3
    proxy: str | bool | None = attrs.field(default=True, converter=_check_proxy)

    def __attrs_post_init__(self) -> None:
        if self.verify is False:
            warnings.warn(
                "TLS certificate verification is off for "
                f"{_redact_url(self.base_url)}: anyone on the path can read the token",
                InsecureConnectionWarning,
                stacklevel=3,
            )

    def __repr__(self) -> str:
        token = "None" if self.token is None else "'***'"
        return f"ServerSettings(base_url={self.base_url!r}, token={token})"

    @classmethod
    def from_env(cls) -> ServerSettings:
        """Settings from ``JUPYTER_SERVER_URL`` and ``JUPYTER_TOKEN``.

        Never starts a server: raises ``ValueError`` when ``JUPYTER_SERVER_URL`` is unset.
        Change other fields with ``attrs.evolve(settings, ...)``.
        """
        url = os.environ.get("JUPYTER_SERVER_URL")
        if not url:
            raise ValueError("JUPYTER_SERVER_URL is not set")
        return cls(url, token=os.environ.get("JUPYTER_TOKEN") or None)

    @property
    def websocket_url(self) -> str:
        """The websocket base URL, ending with ``/``."""
        if self.ws_url:
            return self.ws_url if self.ws_url.endswith("/") else self.ws_url + "/"
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return urlunsplit((scheme, parts.netloc, parts.path, "", ""))

    def proxy_for(self, url: str) -> str | None:
        """The proxy URL that a connection to ``url`` goes through, or ``None`` for direct.

        ``url`` is an http(s) or ws(s) URL of the server. With ``proxy=True`` the standard
        variables decide (``HTTPS_PROXY`` for https/wss, ``HTTP_PROXY`` for http/ws, and
        ``NO_PROXY``); loopback hosts are always direct.

        Raises:
            ValueError: The proxy variable in force is not an http(s) URL.
        """
        parts = urlsplit(url)
        host = parts.hostname or ""
        if self.proxy is None or self.proxy is False or _is_loopback(host):
            return None
        if isinstance(self.proxy, str):
            return self.proxy
        secure = parts.scheme in ("https", "wss")
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
        if urllib.request.proxy_bypass(f"{host}:{port}"):  # NO_PROXY (or the system's list)
            return None
        key = "https" if secure else "http"
        found = urllib.request.getproxies().get(key)
        if not found:
            return None
        return _proxy_url(found, f"{key.upper()}_PROXY")

    def auth_headers(self) -> dict[str, str]:
        """Headers for a websocket handshake: the extra headers plus the token."""
        headers = dict(self.headers)
        if self.token is not None:
            headers["Authorization"] = f"token {self.token}"
        return headers

    def redact(self, text: str) -> str:
        """Replace the token (and the password of a ``proxy`` URL) in ``text`` with ``***``."""
        if self.token:
            text = text.replace(self.token, "***")
        if isinstance(self.proxy, str):
            password = urlsplit(self.proxy).password
            if password:
                text = text.replace(password, "***")
        return text

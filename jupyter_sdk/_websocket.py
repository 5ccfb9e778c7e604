"""Opening websockets to the server: auth headers, limits, proxy, handshake errors mapped once.

Used by kernel, terminal and event connections. The token travels in the
``Authorization`` header of the handshake, never in the URL. Inbound messages have no
size limit (kernel outputs of 100+ MB are legitimate; websockets' default is 1 MiB).
The proxy is the one REST uses (:meth:`ServerSettings.proxy_for`): a CONNECT tunnel.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Sequence
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from . import errors
from ._rest import (
    error_for_status,
    network_error,
    route_missing,
    ssl_context_for,
    unsupported_error,
)
from .settings import ServerSettings

__all__ = ["ClientConnection", "open_websocket", "quickack"]

_TCP_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


class _RedactingLogger(logging.LoggerAdapter[logging.Logger]):
    """``websockets`` logs every handshake header at DEBUG (``> Authorization: token
    ...``): mask credential headers and the token before anything reaches a handler."""

    def __init__(self, logger: logging.Logger, settings: ServerSettings) -> None:
        super().__init__(logger, {})
        self._settings = settings

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if not self.isEnabledFor(level):
            return
        if len(args) == 2 and str(args[0]).lower() in _SECRET_HEADERS:
            args = (args[0], "***")
        args = tuple(self._settings.redact(a) if isinstance(a, str) else a for a in args)
        text = self._settings.redact(msg) if isinstance(msg, str) else msg
        super().log(level, text, *args, **kwargs)


async def open_websocket(
    settings: ServerSettings,
    path: str,
    *,
    subprotocols: Sequence[str] = (),
    extra_headers: dict[str, str] | None = None,
    service: str | None = None,
) -> ClientConnection:
    """Connect to ``settings.websocket_url + path``; raise :mod:`jupyter_sdk.errors` on failure.

    A 404 on the upgrade that means the route itself is missing (the server lacks the
    ``service``: events before Jupyter Server 2.0, kernel websockets on some gateways)
    raises :class:`~jupyter_sdk.errors.UnsupportedError`; a 404 naming a missing kernel
    or terminal stays :class:`~jupyter_sdk.errors.NotFoundError`.
    """
    url = settings.websocket_url + path
    policy = settings.reconnect
    headers = settings.auth_headers()
    if extra_headers:
        headers.update(extra_headers)
    try:
        proxy = settings.proxy_for(url)
    except ValueError as exc:  # a malformed proxy variable
        raise errors.NetworkError(f"websocket {settings.redact(url)}: {exc}") from exc
    ssl_context = None
    if url.startswith("wss:"):
        ssl_context = ssl_context_for(settings.verify)
    try:
        ws = await websockets.connect(
            url,
            subprotocols=[websockets.Subprotocol(p) for p in subprotocols] or None,
            additional_headers=headers,
            max_size=None,
            max_queue=None,
            compression=None,
            ping_interval=policy.ping_interval,
            ping_timeout=policy.ping_timeout,
            open_timeout=policy.open_timeout,
            close_timeout=2.0,
            proxy=proxy,
            ssl=ssl_context,
            user_agent_header="jupyter-sdk",
            logger=_RedactingLogger(logging.getLogger("websockets.client"), settings),
        )
    except websockets.InvalidStatus as exc:
        response = exc.response
        body = bytes(response.body or b"")
        error = error_for_status(
            response.status_code,
            body,
            method="WEBSOCKET",
            url=settings.redact(url),
            settings=settings,
        )
        if service is not None and response.status_code == 404 and route_missing(path, body):
            raise unsupported_error(service, settings, f"WEBSOCKET {path}: 404") from error
        raise error from exc
    except (OSError, TimeoutError, websockets.InvalidHandshake) as exc:
        raise network_error(exc, what=f"websocket {url}", settings=settings) from exc
    _set_nodelay(ws)
    return ws


def _set_nodelay(ws: ClientConnection) -> None:
    sock = ws.transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def quickack(ws: ClientConnection) -> None:
    """Re-arm TCP_QUICKACK (Linux) so the server's next small frame is not held ~40 ms.

    Jupyter Server leaves Nagle on for kernel websockets: each frame after the first of a
    reply waits for our ACK, which delayed-ACK would hold. No-op where unsupported.
    """
    if _TCP_QUICKACK is None:
        return
    sock = ws.transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, _TCP_QUICKACK, 1)

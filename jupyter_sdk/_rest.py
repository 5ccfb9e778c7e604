"""The REST boundary: the only importer of the generated client, and the one error mapping.

Every HTTP status and every httpx exception becomes a :mod:`jupyter_sdk.errors` class
here (:func:`error_for_status`, :func:`network_error`) and nowhere else. The texts are
built from the operation, a token-free URL and the server's own message.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncGenerator, Generator

import httpx

from . import errors
from ._backoff import backoff_delays
from .settings import ServerSettings

__all__ = ["JupyterAuth", "RetryTransport", "error_for_status", "make_http_client", "network_error"]

_RETRY_STATUSES = frozenset({502, 503, 504})
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


def _cookie(request: httpx.Request, name: str) -> str | None:
    for part in request.headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return str(value)
    return None


class JupyterAuth(httpx.Auth):
    """``Authorization: token ...`` plus XSRF echo, chained with an optional user auth.

    The token goes only in the header (never in a URL). When the cookie jar holds an
    ``_xsrf`` cookie (cookie-based auth, JupyterHub), it is sent back as ``X-XSRFToken``.
    """

    def __init__(self, token: str | None, inner: httpx.Auth | None = None) -> None:
        self._token = token
        self._inner = inner

    def __repr__(self) -> str:
        return f"JupyterAuth(token={'***' if self._token else None}, inner={self._inner!r})"

    def _prepare(self, request: httpx.Request) -> None:
        if self._token is not None:
            request.headers["Authorization"] = f"token {self._token}"
        xsrf = _cookie(request, "_xsrf")
        if xsrf and "X-XSRFToken" not in request.headers:
            request.headers["X-XSRFToken"] = xsrf

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        self._prepare(request)
        if self._inner is None:
            yield request
            return
        yield from self._inner.sync_auth_flow(request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        self._prepare(request)
        if self._inner is None:
            yield request
            return
        flow = self._inner.async_auth_flow(request)
        request = await flow.__anext__()
        while True:
            response = yield request
            try:
                request = await flow.asend(response)
            except StopAsyncIteration:
                break


class RetryTransport(httpx.AsyncBaseTransport):
    """Retries idempotent requests on connection errors and 502/503/504, with backoff."""

    def __init__(self, inner: httpx.AsyncBaseTransport, retries: int) -> None:
        self._inner = inner
        self._retries = retries

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method not in _IDEMPOTENT or self._retries <= 0:
            return await self._inner.handle_async_request(request)
        delays = backoff_delays(0.1, 2.0, 0.3)
        for _ in range(self._retries):
            try:
                response = await self._inner.handle_async_request(request)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError):
                await asyncio.sleep(next(delays))
                continue
            if response.status_code not in _RETRY_STATUSES:
                return response
            await response.aclose()
            await asyncio.sleep(next(delays))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _ssl_verify(verify: bool | str | ssl.SSLContext) -> bool | ssl.SSLContext:
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    return verify


def make_http_client(settings: ServerSettings) -> httpx.AsyncClient:
    """A new ``httpx.AsyncClient`` for ``settings`` (the caller closes it)."""
    verify = _ssl_verify(settings.verify)
    transport = RetryTransport(
        httpx.AsyncHTTPTransport(
            verify=verify, limits=httpx.Limits(max_keepalive_connections=20), http1=True
        ),
        settings.retries,
    )
    return httpx.AsyncClient(
        base_url=settings.base_url,
        headers=dict(settings.headers),
        auth=JupyterAuth(settings.token, settings.auth),
        timeout=httpx.Timeout(settings.timeout),
        transport=transport,
        follow_redirects=False,
        trust_env=False,
    )


def _server_message(body: bytes) -> tuple[str, str | None, str | None]:
    """(message, reason, traceback) from an error body: JSON ``{message, reason}`` or text."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        message = data.get("message") or data.get("reason") or ""
        reason = data.get("reason")
        traceback = data.get("traceback")
        return (
            str(message),
            str(reason) if reason is not None else None,
            str(traceback) if traceback else None,
        )
    if text.lstrip().startswith("<"):
        # An HTML error page (a proxy, a hub): its title says enough.
        start, end = text.find("<title>"), text.find("</title>")
        text = text[start + 7 : end].strip() if 0 <= start < end else "HTML error page"
    return text[:500], None, None


def error_for_status(
    status: int,
    body: bytes,
    *,
    method: str,
    url: str,
    settings: ServerSettings | None = None,
) -> errors.ResponseError:
    """The :class:`~jupyter_sdk.errors.ResponseError` for an HTTP error answer."""
    message, reason, traceback = _server_message(body)
    if settings is not None:
        message = settings.redact(message)
        traceback = settings.redact(traceback) if traceback else None
        url = settings.redact(url)
    if status == 424 or (status == 503 and "hub" in body.decode("utf-8", "replace").lower()):
        return errors.ServerNotRunningError(
            status,
            message,
            hint=message or None,
            reason=reason,
            traceback=traceback,
            method=method,
            url=url,
        )
    cls: type[errors.ResponseError]
    match status:
        case 400:
            cls = errors.BadRequestError
        case 401:
            cls = errors.AuthenticationError
        case 403:
            cls = errors.ForbiddenError
        case 404:
            cls = errors.NotFoundError
        case 409:
            cls = errors.ConflictError
        case _ if status >= 500:
            cls = errors.ServerError
        case _:
            cls = errors.ResponseError
    return cls(status, message, reason=reason, traceback=traceback, method=method, url=url)


def network_error(
    exc: httpx.HTTPError | OSError, *, what: str, settings: ServerSettings | None = None
) -> errors.JupyterError:
    """The :mod:`jupyter_sdk.errors` class for a transport failure."""
    detail = str(exc) or type(exc).__name__
    if settings is not None:
        detail = settings.redact(detail)
    text = f"{what}: {detail}"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return errors.RequestTimeoutError(text)
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return errors.TLSError(text)
        cause = cause.__cause__ or cause.__context__
    return errors.NetworkError(text)

"""The REST boundary: the only importer of the generated client, and the one error mapping.

Every HTTP status and every httpx exception becomes a :mod:`jupyter_sdk.errors` class
here (:func:`error_for_status`, :func:`network_error`) and nowhere else. The texts are
built from the operation, a token-free URL and the server's own message.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import ParamSpec, TypeVar

import httpx
import jupyter_server_rest as gen
from jupyter_server_rest import errors as gen_errors
from jupyter_server_rest import models as gen_models
from jupyter_server_rest import types as gen_types
from jupyter_server_rest.api.api import get_api_spec, get_api_version, get_status
from jupyter_server_rest.api.kernels import (
    get_kernel,
    interrupt_kernel,
    list_kernels,
    restart_kernel,
    shutdown_kernel,
    start_kernel,
)
from jupyter_server_rest.api.kernelspecs import (
    get_kernelspec,
    get_kernelspec_resource,
    list_kernelspecs,
)
from jupyter_server_rest.api.server import shutdown_server

from . import errors
from ._backoff import backoff_delays
from .settings import ServerSettings

__all__ = [
    "JupyterAuth",
    "Rest",
    "RetryTransport",
    "error_for_status",
    "make_http_client",
    "network_error",
    "ssl_context_for",
]

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


def ssl_context_for(verify: bool | str | ssl.SSLContext) -> ssl.SSLContext:
    """The SSL context for a ``verify`` setting (shared by REST and websockets)."""
    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def make_http_client(settings: ServerSettings) -> httpx.AsyncClient:
    """A new ``httpx.AsyncClient`` for ``settings`` (the caller closes it)."""
    verify = ssl_context_for(settings.verify)
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
    exc: Exception, *, what: str, settings: ServerSettings | None = None
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


# --------------------------------------------------------------------------- the client

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M")


def _expect(value: object, cls: type[M], what: str) -> M:
    if isinstance(value, cls):
        return value
    raise errors.ProtocolError(f"{what}: the server's answer did not parse as {cls.__name__}")


def _expect_list(value: object, cls: type[M], what: str) -> list[M]:
    if isinstance(value, list) and all(isinstance(v, cls) for v in value):
        return value
    raise errors.ProtocolError(
        f"{what}: the server's answer did not parse as a list of {cls.__name__}"
    )


class Rest:
    """Typed REST operations of Jupyter Server through the generated client.

    Error answers never reach the generated parsers: a response hook turns every status
    >= 400 into a :mod:`jupyter_sdk.errors` class first (the contents 404 body, for one, is
    plain text sent as JSON). One instance is shared by every manager of a client.
    """

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._owns_http = settings.http_client is None
        self.http = settings.http_client or make_http_client(settings)
        self.http.event_hooks.setdefault("response", []).append(self._raise_for_status)
        # The token travels through JupyterAuth on our httpx client, not the generated
        # client's own header: AuthenticatedClient is used only because secured operations
        # are typed to take it.
        self._client = gen.AuthenticatedClient(
            base_url=settings.base_url, token="", raise_on_unexpected_status=True
        )
        self._client.set_async_httpx_client(self.http)

    def __repr__(self) -> str:
        return f"<Rest {self.settings.base_url}>"

    async def aclose(self) -> None:
        """Close the HTTP client (unless the settings lent it)."""
        if self._owns_http:
            await self.http.aclose()

    async def _raise_for_status(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        await response.aread()
        request = response.request
        url = request.url.copy_with(query=None)
        raise error_for_status(
            response.status_code,
            response.content,
            method=request.method,
            url=str(url),
            settings=self.settings,
        )

    async def _call(
        self, fn: Callable[P, Awaitable[gen_types.Response[T]]], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        what = fn.__module__.rsplit(".", 1)[-1]
        try:
            response = await fn(*args, **kwargs)
        except gen_errors.UnexpectedStatus as exc:
            raise error_for_status(
                exc.status_code, exc.content, method=what, url="", settings=self.settings
            ) from exc
        except httpx.HTTPError as exc:
            raise network_error(exc, what=what, settings=self.settings) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise errors.ProtocolError(f"{what}: unexpected answer from the server: {exc}") from exc
        return response.parsed

    # -- server --------------------------------------------------------------------------

    async def get_api_version(self) -> gen_models.APIVersion:
        """``GET /api``."""
        value = await self._call(get_api_version.asyncio_detailed, client=self._client)
        return _expect(value, gen_models.APIVersion, "get_api_version")

    async def get_status(self) -> gen_models.APIStatus:
        """``GET /api/status``."""
        value = await self._call(get_status.asyncio_detailed, client=self._client)
        return _expect(value, gen_models.APIStatus, "get_status")

    async def get_api_spec(self) -> str:
        """``GET /api/spec.yaml``."""
        value = await self._call(get_api_spec.asyncio_detailed, client=self._client)
        return _expect(value, str, "get_api_spec")

    async def shutdown_server(self) -> None:
        """``POST /api/shutdown``."""
        await self._call(shutdown_server.asyncio_detailed, client=self._client)

    # -- kernels -------------------------------------------------------------------------

    async def list_kernels(self) -> list[gen_models.Kernel]:
        """``GET /api/kernels``."""
        value = await self._call(list_kernels.asyncio_detailed, client=self._client)
        return _expect_list(value, gen_models.Kernel, "list_kernels")

    async def start_kernel(
        self, *, name: str | None = None, path: str | None = None
    ) -> gen_models.Kernel:
        """``POST /api/kernels``."""
        body = gen_models.KernelStart(
            name=name if name is not None else gen_types.UNSET,
            path=path if path is not None else gen_types.UNSET,
        )
        value = await self._call(start_kernel.asyncio_detailed, client=self._client, body=body)
        return _expect(value, gen_models.Kernel, "start_kernel")

    async def get_kernel(self, kernel_id: str) -> gen_models.Kernel:
        """``GET /api/kernels/{kernel_id}``."""
        value = await self._call(get_kernel.asyncio_detailed, kernel_id, client=self._client)
        return _expect(value, gen_models.Kernel, "get_kernel")

    async def interrupt_kernel(self, kernel_id: str) -> None:
        """``POST /api/kernels/{kernel_id}/interrupt``."""
        await self._call(interrupt_kernel.asyncio_detailed, kernel_id, client=self._client)

    async def restart_kernel(self, kernel_id: str) -> gen_models.Kernel:
        """``POST /api/kernels/{kernel_id}/restart``."""
        value = await self._call(restart_kernel.asyncio_detailed, kernel_id, client=self._client)
        return _expect(value, gen_models.Kernel, "restart_kernel")

    async def shutdown_kernel(self, kernel_id: str) -> None:
        """``DELETE /api/kernels/{kernel_id}``."""
        await self._call(shutdown_kernel.asyncio_detailed, kernel_id, client=self._client)

    # -- kernelspecs ---------------------------------------------------------------------

    async def list_kernelspecs(self) -> gen_models.KernelSpecs:
        """``GET /api/kernelspecs``."""
        value = await self._call(list_kernelspecs.asyncio_detailed, client=self._client)
        return _expect(value, gen_models.KernelSpecs, "list_kernelspecs")

    async def get_kernelspec(self, name: str) -> gen_models.KernelSpec:
        """``GET /api/kernelspecs/{name}``."""
        value = await self._call(get_kernelspec.asyncio_detailed, name, client=self._client)
        return _expect(value, gen_models.KernelSpec, "get_kernelspec")

    async def get_kernelspec_resource(self, name: str, file_name: str) -> bytes:
        """``GET /kernelspecs/{name}/{file_name}`` (logos and other resources)."""
        response = await self._call_raw(
            get_kernelspec_resource.asyncio_detailed, name, file_name, client=self._client
        )
        return response.content

    async def _call_raw(
        self, fn: Callable[P, Awaitable[gen_types.Response[T]]], *args: P.args, **kwargs: P.kwargs
    ) -> gen_types.Response[T]:
        what = fn.__module__.rsplit(".", 1)[-1]
        try:
            return await fn(*args, **kwargs)
        except gen_errors.UnexpectedStatus as exc:
            raise error_for_status(
                exc.status_code, exc.content, method=what, url="", settings=self.settings
            ) from exc
        except httpx.HTTPError as exc:
            raise network_error(exc, what=what, settings=self.settings) from exc

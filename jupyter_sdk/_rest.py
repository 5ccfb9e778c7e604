"""The REST boundary: the only importer of the generated client, and the one error mapping.

Every HTTP status and every httpx exception becomes a :mod:`jupyter_sdk.errors` class
here (:func:`error_for_status`, :func:`network_error`) and nowhere else. The texts are
built from the operation, a token-free URL and the server's own message.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import ssl
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    Awaitable,
    Callable,
    Generator,
    Mapping,
)
from typing import TYPE_CHECKING, Literal, ParamSpec, Protocol, TypeVar
from urllib.parse import quote

import httpx
import jupyter_server_rest as gen
from jupyter_server_rest import errors as gen_errors
from jupyter_server_rest import models as gen_models
from jupyter_server_rest import types as gen_types
from jupyter_server_rest.api.api import get_api_spec, get_api_version, get_status
from jupyter_server_rest.api.collaboration import open_document_session
from jupyter_server_rest.api.config import get_config, set_config, update_config
from jupyter_server_rest.api.contents import (
    create_checkpoint,
    create_contents,
    delete_checkpoint,
    delete_contents,
    get_contents,
    list_checkpoints,
    rename_contents,
    restore_checkpoint,
    save_contents,
    trust_notebook,
)
from jupyter_server_rest.api.events import emit_event
from jupyter_server_rest.api.execution import (
    cancel_execution_request,
    execute_on_server,
    get_execution_request,
    list_execution_requests,
    send_execution_input,
)
from jupyter_server_rest.api.identity import get_identity, update_identity
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
from jupyter_server_rest.api.nbconvert import list_nbconvert_formats
from jupyter_server_rest.api.server import shutdown_server
from jupyter_server_rest.api.sessions import (
    create_session,
    delete_session,
    get_session,
    list_sessions,
    update_session,
)
from jupyter_server_rest.api.terminals import (
    create_terminal,
    delete_terminal,
    get_terminal,
    list_terminals,
)

from . import errors
from ._backoff import backoff_delays
from .settings import ServerSettings

if TYPE_CHECKING:
    import jupyterlab_server_rest as lab_gen
    from jupyterlab_server_rest import errors as lab_errors
    from jupyterlab_server_rest import models as lab_models

__all__ = [
    "JupyterAuth",
    "Rest",
    "RetryTransport",
    "error_for_status",
    "make_http_client",
    "network_error",
    "route_missing",
    "ssl_context_for",
    "unsupported_error",
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
    from ._transport import AsyncTransport  # HTTP/1.1 on asyncio streams, without httpcore

    verify = ssl_context_for(settings.verify)
    proxy = settings.proxy_for(settings.base_url)
    inner: httpx.AsyncBaseTransport
    if proxy is None:
        inner = AsyncTransport(verify, max_keepalive=20)
    else:
        # The fast transport speaks only direct HTTP/1.1: through a proxy, httpx's own
        # (forwarding for http://, CONNECT tunnel for https://).
        inner = httpx.AsyncHTTPTransport(
            verify=verify, proxy=proxy, limits=httpx.Limits(max_keepalive_connections=20)
        )
    transport = RetryTransport(inner, settings.retries)
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
        # jupyter-server-nbmodel's failed requests say what happened in ``error``.
        message = data.get("message") or data.get("reason") or data.get("error") or ""
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


def _html_paragraph(body: bytes) -> str | None:
    """The text of an HTML error page's first ``<p>`` (JupyterHub puts its hint there)."""
    text = body.decode("utf-8", errors="replace")
    start = text.find("<p>")
    end = text.find("</p>", start)
    if start < 0 or end < 0:
        return None
    inner = re.sub(r"<[^>]*>", "", text[start + 3 : end])
    return " ".join(html.unescape(inner).split())[:500] or None


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
        # 424 (JSON): "... no longer running at ... Restart the server at <url>"; 503 (HTML):
        # the page's paragraph, "Your server appears to be down. Try restarting it ...".
        hint = _html_paragraph(body) or message or None
        if settings is not None and hint:
            hint = settings.redact(hint)
        return errors.ServerNotRunningError(
            status,
            hint or message,
            hint=hint,
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


def unsupported_error(
    service: str, settings: ServerSettings, what: str = "", *, backend: str | None = None
) -> errors.UnsupportedError:
    """The error for a service the server at ``settings`` lacks (``what``: the request)."""
    where = f" ({settings.redact(what)})" if what else ""
    hint = _INSTALL_HINTS.get(service, "")
    return errors.UnsupportedError(
        f"{service}: the {backend or 'server'} at {settings.base_url} does not offer this "
        f"service{where}{hint}"
    )


# What a server needs for the services server extensions add.
_INSTALL_HINTS = {
    "documents": "; install jupyter-collaboration on the server",
    "execution": "; install jupyter-server-nbmodel on the server",
}


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
T_co = TypeVar("T_co", covariant=True)
M = TypeVar("M")


class _Parsed(Protocol[T_co]):
    """Either generated package's ``Response``."""

    @property
    def parsed(self) -> T_co | None: ...


def _unexpected_status() -> tuple[
    type[gen_errors.UnexpectedStatus], type[lab_errors.UnexpectedStatus]
]:
    """Both generated packages' "undocumented status" errors (an ``except`` clause's
    classes are looked up only when an exception reaches it: no import before then)."""
    from jupyterlab_server_rest import errors as lab_errors

    return (gen_errors.UnexpectedStatus, lab_errors.UnexpectedStatus)


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


# Path prefixes (relative to the base URL) of the services a backend may lack.
_SERVICE_PATHS = (
    ("api/contents", "contents"),
    ("files", "contents"),
    ("api/terminals", "terminals"),
    ("api/nbconvert", "nbconvert"),
    ("nbconvert", "nbconvert"),
    ("api/config", "config"),
    ("api/collaboration", "documents"),
    ("api/events", "events"),
    ("api/me", "identity"),
    ("api/status", "status"),
    ("api/spec.yaml", "spec"),
    ("api/shutdown", "shutdown"),
    # JupyterLab's own services (jupyterlab_server and jupyterlab add them); the page
    # ``lab`` carries the build options (page config).
    ("lab/api/settings", "lab_settings"),
    ("lab/api/workspaces", "workspaces"),
    ("lab/api/build", "builder"),
    ("lab", "builder"),
)
_LAB_SERVICES = frozenset({"lab_settings", "workspaces", "builder"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _service_of(relative: str) -> str | None:
    """The optional service a relative request path belongs to, if any."""
    for prefix, service in _SERVICE_PATHS:
        if relative == prefix or relative.startswith(prefix + "/"):
            return service
    return None


def _keeps_404(method: str, relative: str) -> bool:
    # The terminal listing's 404 is how TerminalManager.is_available tells "no terminals".
    return method == "GET" and relative.rstrip("/") == "api/terminals"


# Routes without a resource in their path: a 404 there can only mean "no such route".
_FIXED_ROUTES = frozenset({"api/me", "api/status", "api/events", "api/events/subscribe"})


def route_missing(relative: str, body: bytes, service: str | None = None) -> bool:
    """Whether a 404 on ``relative`` means "no such route" rather than "no such file or
    kernel" (the service is missing, not the resource).

    A route without a resource in its path is one sign. Gateways answer unknown routes
    with tornado's bare ``{"reason": "Not Found", "message": ""}``, where Jupyter Server's
    handlers always say what is missing (its own unknown routes answer an HTML page, like
    some of its existing ones: not a sign). JupyterLab's services answer JSON, also their
    404s: there, an HTML 404 is Jupyter Server's page for an unknown route, so a server
    without JupyterLab.
    """
    if relative.rstrip("/") in _FIXED_ROUTES:
        return True
    try:
        data = json.loads(body)
    except ValueError:
        return service in _LAB_SERVICES
    return isinstance(data, dict) and data.get("reason") == "Not Found" and not data.get("message")


def _hub_redirect(response: httpx.Response) -> httpx.URL | None:
    """The same-origin JupyterHub URL a redirect points to (``/hub/...``), if it does."""
    if response.status_code not in _REDIRECTS or "location" not in response.headers:
        return None
    target = response.request.url.join(response.headers["location"])
    origin = response.request.url
    same = (target.scheme, target.host, target.port) == (origin.scheme, origin.host, origin.port)
    return target if same and "/hub/" in target.path else None


def _hub_xsrf_refusal(response: httpx.Response) -> bool:
    return (
        "x-jupyterhub-version" in response.headers
        and response.headers.get("content-type", "").startswith("text/html")
        and b"_xsrf" in response.content
    )


def _session(value: object, what: str) -> gen_models.Session:
    """A :class:`Session` from either shape: gateways send the legacy ``LegacySession``
    (``{id, notebook: {path}, kernel}``), read as a notebook session of that path."""
    if isinstance(value, gen_models.LegacySession):
        name = value.notebook.name
        return gen_models.Session(
            id=value.id,
            path=value.notebook.path,
            name=name if isinstance(name, str) else None,
            type_="notebook",
            kernel=value.kernel,
        )
    return _expect(value, gen_models.Session, what)


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
        if not self._owns_http:
            # A lent client gets what the generated operations need: our base URL (they
            # use relative URLs), token auth if it has none, and the error hook below.
            if not str(self.http.base_url):
                self.http.base_url = httpx.URL(settings.base_url)
            if self.http.auth is None:
                self.http.auth = JupyterAuth(settings.token, settings.auth)
        self.http.event_hooks.setdefault("request", []).append(self._check_supported)
        self.http.event_hooks.setdefault("response", []).append(self._raise_for_status)
        # Services the backend was found to lack (``jupyter_sdk.backends``, or a route 404):
        # requests to them raise UnsupportedError before anything is sent.
        self.lacks: set[str] = set()
        self.backend: str | None = None
        # The token travels through JupyterAuth on our httpx client, not the generated
        # client's own header: AuthenticatedClient is used only because secured operations
        # are typed to take it.
        self._client = gen.AuthenticatedClient(
            base_url=settings.base_url, token="", raise_on_unexpected_status=True
        )
        self._client.set_async_httpx_client(self.http)
        self._lab: lab_gen.AuthenticatedClient | None = None

    @property
    def _lab_client(self) -> lab_gen.AuthenticatedClient:
        """The generated JupyterLab client on the same HTTP client (made on first use)."""
        if self._lab is None:
            import jupyterlab_server_rest

            self._lab = jupyterlab_server_rest.AuthenticatedClient(
                base_url=self.settings.base_url, token="", raise_on_unexpected_status=True
            )
            self._lab.set_async_httpx_client(self.http)
        return self._lab

    def __repr__(self) -> str:
        return f"<Rest {self.settings.base_url}>"

    async def aclose(self) -> None:
        """Close the HTTP client (unless the settings lent it)."""
        if self._owns_http:
            await self.http.aclose()

    def _relative(self, request: httpx.Request) -> str:
        """The request's path relative to the base URL (still percent-encoded)."""
        path = request.url.raw_path.decode("ascii", "replace").split("?", 1)[0]
        base = httpx.URL(self.settings.base_url).raw_path.decode("ascii", "replace")
        return path[len(base) :] if path.startswith(base) else path.lstrip("/")

    def unsupported(self, service: str, what: str = "") -> errors.UnsupportedError:
        """The error for a service this backend lacks."""
        return unsupported_error(service, self.settings, what, backend=self.backend)

    async def _check_supported(self, request: httpx.Request) -> None:
        if not self.lacks:
            return
        relative = self._relative(request)
        service = _service_of(relative)
        if service in self.lacks and not _keeps_404(request.method, relative):
            raise self.unsupported(service, f"{request.method} {relative}")

    async def _raise_for_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status < 300 or (status < 400 and _hub_redirect(response) is None):
            return
        await response.aread()
        request = response.request
        url = str(request.url.copy_with(query=None))
        if status < 400:
            await self._follow_hub_redirect(response, url)
        if status == 407:
            # From a forward proxy, not the server (which never saw the request): the same
            # NetworkError as a refused CONNECT tunnel (https://, websockets).
            raise errors.NetworkError(
                self.settings.redact(
                    f"{request.method} {url}: the proxy answered 407 Proxy Authentication "
                    "Required (check the credentials in the proxy URL)"
                )
            )
        error = error_for_status(
            status, response.content, method=request.method, url=url, settings=self.settings
        )
        relative = self._relative(request)
        service = _service_of(relative)
        if (
            status == 404
            and service is not None
            and not _keeps_404(request.method, relative)
            and route_missing(relative, response.content, service)
        ):
            self.lacks.add(service)
            raise self.unsupported(service, f"{request.method} {relative}: 404") from error
        if status == 403 and _hub_xsrf_refusal(response):
            # A stopped hub server: the hub itself answers POST/DELETE with an XSRF refusal.
            await self._probe_hub_server(request.method, url)
        raise error

    async def _follow_hub_redirect(self, response: httpx.Response, url: str) -> None:
        """A hub's redirect: follow it once (a stopped server's 424) and raise."""
        target = _hub_redirect(response)
        assert target is not None
        method = response.request.method
        if "/hub/user/" not in target.path and "/hub/spawn" not in target.path:
            raise errors.AuthenticationError(
                response.status_code,
                "redirected to the hub's login: no credentials were accepted",
                method=method,
                url=url,
            )
        try:
            await self.http.get(target)
        except errors.ServerNotRunningError as exc:
            raise errors.ServerNotRunningError(
                exc.status, exc.message, hint=exc.hint, method=method, url=url
            ) from None
        except httpx.HTTPError as exc:
            raise network_error(exc, what=f"GET {target.path}", settings=self.settings) from exc
        raise errors.ResponseError(
            response.status_code, f"redirected to the hub ({target.path})", method=method, url=url
        )

    async def _probe_hub_server(self, method: str, url: str) -> None:
        """Raise ServerNotRunningError if the hub says the user's server is stopped."""
        try:
            await self.http.get("api")
        except errors.ServerNotRunningError as exc:
            raise errors.ServerNotRunningError(
                exc.status, exc.message, hint=exc.hint, method=method, url=url
            ) from None
        except (errors.JupyterError, httpx.HTTPError):
            return

    async def _call(
        self, fn: Callable[P, Awaitable[_Parsed[T]]], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        what = fn.__module__.rsplit(".", 1)[-1]
        try:
            response = await fn(*args, **kwargs)
        except _unexpected_status() as exc:
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
        except _unexpected_status() as exc:
            raise error_for_status(
                exc.status_code, exc.content, method=what, url="", settings=self.settings
            ) from exc
        except httpx.HTTPError as exc:
            raise network_error(exc, what=what, settings=self.settings) from exc

    # -- contents ------------------------------------------------------------------------

    async def get_contents(
        self,
        path: str,
        *,
        type: gen_models.ContentsType | None = None,
        format: Literal["text", "base64"] | None = None,
        content: bool = True,
        hash: bool = False,
    ) -> gen_models.Contents:
        """``GET /api/contents/{path}`` (``path`` already checked, not encoded)."""
        value = await self._call(
            get_contents.asyncio_detailed,
            path,
            client=self._client,
            type_=type if type is not None else gen_types.UNSET,
            format_=format if format is not None else gen_types.UNSET,
            content=1 if content else 0,
            hash_=1 if hash else 0,
        )
        return _expect(value, gen_models.Contents, "get_contents")

    async def create_contents(
        self,
        path: str,
        *,
        type: gen_models.ContentsType | None = None,
        ext: str | None = None,
        copy_from: str | None = None,
    ) -> gen_models.Contents:
        """``POST /api/contents/{path}``: a new untitled file/folder, or a copy."""
        body = gen_models.ContentsCreate(
            type_=type if type is not None else gen_types.UNSET,
            ext=ext if ext is not None else gen_types.UNSET,
            copy_from=copy_from if copy_from is not None else gen_types.UNSET,
        )
        value = await self._call(
            create_contents.asyncio_detailed, path, client=self._client, body=body
        )
        return _expect(value, gen_models.Contents, "create_contents")

    async def save_contents(self, path: str, body: gen_models.ContentsSave) -> gen_models.Contents:
        """``PUT /api/contents/{path}``."""
        value = await self._call(
            save_contents.asyncio_detailed, path, client=self._client, body=body
        )
        return _expect(value, gen_models.Contents, "save_contents")

    async def save_contents_stream(
        self, path: str, body: AsyncIterable[bytes], *, length: int
    ) -> gen_models.Contents:
        """``PUT /api/contents/{path}`` with a JSON body of ``length`` bytes sent piece by piece.

        For uploads: the body (a ``ContentsSave`` as JSON) is never held whole.
        """
        url = "api/contents/" + quote(path, safe="")
        headers = {"Content-Type": "application/json", "Content-Length": str(length)}
        try:
            response = await self.http.put(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise network_error(exc, what="save_contents", settings=self.settings) from exc
        try:
            return gen_models.Contents.from_dict(response.json())
        except (ValueError, KeyError, TypeError) as exc:
            raise errors.ProtocolError(f"save_contents: unexpected answer: {exc}") from exc

    async def rename_contents(self, path: str, new_path: str) -> gen_models.Contents:
        """``PATCH /api/contents/{path}``."""
        body = gen_models.ContentsRename(path=new_path)
        value = await self._call(
            rename_contents.asyncio_detailed, path, client=self._client, body=body
        )
        return _expect(value, gen_models.Contents, "rename_contents")

    async def delete_contents(self, path: str) -> None:
        """``DELETE /api/contents/{path}``."""
        await self._call(delete_contents.asyncio_detailed, path, client=self._client)

    async def list_checkpoints(self, path: str) -> list[gen_models.Checkpoint]:
        """``GET /api/contents/{path}/checkpoints``."""
        value = await self._call(list_checkpoints.asyncio_detailed, path, client=self._client)
        return _expect_list(value, gen_models.Checkpoint, "list_checkpoints")

    async def create_checkpoint(self, path: str) -> gen_models.Checkpoint:
        """``POST /api/contents/{path}/checkpoints``."""
        value = await self._call(create_checkpoint.asyncio_detailed, path, client=self._client)
        return _expect(value, gen_models.Checkpoint, "create_checkpoint")

    async def restore_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """``POST /api/contents/{path}/checkpoints/{checkpoint_id}``."""
        await self._call(
            restore_checkpoint.asyncio_detailed, path, checkpoint_id, client=self._client
        )

    async def delete_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """``DELETE /api/contents/{path}/checkpoints/{checkpoint_id}``."""
        await self._call(
            delete_checkpoint.asyncio_detailed, path, checkpoint_id, client=self._client
        )

    async def trust_notebook(self, path: str) -> None:
        """``POST /api/contents/{path}/trust``."""
        await self._call(trust_notebook.asyncio_detailed, path, client=self._client)

    def stream(self, url_path: str, *, params: dict[str, str] | None = None) -> _Stream:
        """A streamed ``GET`` of a non-JSON route (``files/...``, ``nbconvert/...``).

        ``url_path`` is relative to the base URL and already percent-encoded. Use as
        ``async with rest.stream(...) as response: async for chunk in response.aiter_bytes()``.
        """
        return _Stream(self, url_path, params)

    # -- sessions ------------------------------------------------------------------------

    async def list_sessions(self) -> list[gen_models.Session]:
        """``GET /api/sessions``."""
        value = await self._call(list_sessions.asyncio_detailed, client=self._client)
        if not isinstance(value, list):
            raise errors.ProtocolError("list_sessions: the server's answer is not a list")
        return [_session(item, "list_sessions") for item in value]

    async def create_session(self, body: gen_models.SessionCreate) -> gen_models.Session:
        """``POST /api/sessions``."""
        value = await self._call(create_session.asyncio_detailed, client=self._client, body=body)
        return _session(value, "create_session")

    async def get_session(self, session_id: str) -> gen_models.Session:
        """``GET /api/sessions/{session_id}``."""
        value = await self._call(get_session.asyncio_detailed, session_id, client=self._client)
        return _session(value, "get_session")

    async def update_session(
        self, session_id: str, body: gen_models.SessionUpdate
    ) -> gen_models.Session:
        """``PATCH /api/sessions/{session_id}``."""
        value = await self._call(
            update_session.asyncio_detailed, session_id, client=self._client, body=body
        )
        return _session(value, "update_session")

    async def delete_session(self, session_id: str) -> None:
        """``DELETE /api/sessions/{session_id}`` (also shuts its kernel down)."""
        await self._call(delete_session.asyncio_detailed, session_id, client=self._client)

    # -- terminals -----------------------------------------------------------------------

    async def list_terminals(self) -> list[gen_models.Terminal]:
        """``GET /api/terminals``."""
        value = await self._call(list_terminals.asyncio_detailed, client=self._client)
        return _expect_list(value, gen_models.Terminal, "list_terminals")

    async def create_terminal(
        self, *, name: str | None = None, cwd: str | None = None
    ) -> gen_models.Terminal:
        """``POST /api/terminals``."""
        body = gen_models.TerminalCreate(
            name=name if name is not None else gen_types.UNSET,
            cwd=cwd if cwd is not None else gen_types.UNSET,
        )
        value = await self._call(create_terminal.asyncio_detailed, client=self._client, body=body)
        return _expect(value, gen_models.Terminal, "create_terminal")

    async def get_terminal(self, name: str) -> gen_models.Terminal:
        """``GET /api/terminals/{name}``."""
        value = await self._call(get_terminal.asyncio_detailed, name, client=self._client)
        return _expect(value, gen_models.Terminal, "get_terminal")

    async def delete_terminal(self, name: str) -> None:
        """``DELETE /api/terminals/{name}``."""
        await self._call(delete_terminal.asyncio_detailed, name, client=self._client)

    # -- identity, config, events, nbconvert ---------------------------------------------

    async def get_identity(self, permissions: str | None = None) -> gen_models.IdentityResponse:
        """``GET /api/me`` (``permissions``: the JSON query of resources to actions)."""
        value = await self._call(
            get_identity.asyncio_detailed,
            client=self._client,
            permissions=permissions if permissions is not None else gen_types.UNSET,
        )
        return _expect(value, gen_models.IdentityResponse, "get_identity")

    async def update_identity(
        self, body: gen_models.IdentityUpdate
    ) -> gen_models.IdentityUpdateResponse:
        """``PATCH /api/me``."""
        value = await self._call(update_identity.asyncio_detailed, client=self._client, body=body)
        return _expect(value, gen_models.IdentityUpdateResponse, "update_identity")

    async def get_config(self, section: str) -> dict[str, object]:
        """``GET /api/config/{section}``."""
        value = await self._call(get_config.asyncio_detailed, section, client=self._client)
        return _expect(value, gen_models.ConfigSection, "get_config").to_dict()

    async def update_config(self, section: str, patch: Mapping[str, object]) -> dict[str, object]:
        """``PATCH /api/config/{section}`` (a deep merge; ``None`` values delete keys)."""
        body = gen_models.ConfigSection.from_dict(dict(patch))
        value = await self._call(
            update_config.asyncio_detailed, section, client=self._client, body=body
        )
        return _expect(value, gen_models.ConfigSection, "update_config").to_dict()

    async def set_config(self, section: str, data: Mapping[str, object]) -> None:
        """``PUT /api/config/{section}`` (replaces the section)."""
        body = gen_models.ConfigSection.from_dict(dict(data))
        await self._call(set_config.asyncio_detailed, section, client=self._client, body=body)

    async def emit_event(self, body: gen_models.EventEmit) -> None:
        """``POST /api/events``."""
        await self._call(emit_event.asyncio_detailed, client=self._client, body=body)

    # -- shared documents (jupyter-server-ydoc) and server-side execution (nbmodel) ----

    async def open_document_session(
        self, path: str, *, format: str, type: str
    ) -> gen_models.DocumentSession:
        """``PUT /api/collaboration/session/{path}``: the room ids of a document."""
        body = gen_models.DocumentSessionRequest(format_=format, type_=type)
        value = await self._call(
            open_document_session.asyncio_detailed, path, client=self._client, body=body
        )
        return _expect(value, gen_models.DocumentSession, "open_document_session")

    async def list_execution_requests(self, kernel_id: str) -> gen_models.ExecutionRequests:
        """``GET /api/kernels/{kernel_id}/execute``: pending server-side executions."""
        value = await self._call(
            list_execution_requests.asyncio_detailed, kernel_id, client=self._client
        )
        return _expect(value, gen_models.ExecutionRequests, "list_execution_requests")

    async def execute_on_server(
        self, kernel_id: str, code: str, *, document_id: str, cell_id: str
    ) -> gen_models.ExecutionRequest:
        """``POST /api/kernels/{kernel_id}/execute``: queue a server-side execution."""
        body = gen_models.ExecutionRequestCreate(
            code=code,
            metadata=gen_models.ExecutionMetadata(document_id=document_id, cell_id=cell_id),
        )
        value = await self._call(
            execute_on_server.asyncio_detailed, kernel_id, client=self._client, body=body
        )
        return _expect(value, gen_models.ExecutionRequest, "execute_on_server")

    async def get_execution_request(
        self, kernel_id: str, request_id: str
    ) -> gen_models.ExecutionRequest:
        """``GET /api/kernels/{kernel_id}/requests/{request_id}`` (a failed or cancelled
        request raises ``ServerError`` with the server's ``error`` text)."""
        value = await self._call(
            get_execution_request.asyncio_detailed, kernel_id, request_id, client=self._client
        )
        return _expect(value, gen_models.ExecutionRequest, "get_execution_request")

    async def cancel_execution_request(self, kernel_id: str, request_id: str) -> None:
        """``DELETE /api/kernels/{kernel_id}/requests/{request_id}``: interrupt its run."""
        await self._call(
            cancel_execution_request.asyncio_detailed, kernel_id, request_id, client=self._client
        )

    async def send_execution_input(self, kernel_id: str, text: str) -> None:
        """``POST /api/kernels/{kernel_id}/input``: answer a server-side ``input()``."""
        body = gen_models.ExecutionInput(input_=text)
        await self._call(
            send_execution_input.asyncio_detailed, kernel_id, client=self._client, body=body
        )

    async def list_nbconvert_formats(self) -> dict[str, str]:
        """``GET /api/nbconvert``: format name -> output MIME type."""
        value = await self._call(list_nbconvert_formats.asyncio_detailed, client=self._client)
        formats = _expect(value, gen_models.NbconvertFormats, "list_nbconvert_formats")
        return {name: info.output_mimetype for name, info in formats.additional_properties.items()}

    # -- JupyterLab: settings, workspaces, build (generated/jupyterlab_server_rest) ---------

    async def list_lab_settings(self) -> list[lab_models.SettingsEntry]:
        """``GET /lab/api/settings``."""
        from jupyterlab_server_rest.api.settings import list_settings
        from jupyterlab_server_rest.models import SettingsEntry, SettingsList

        value = await self._call(list_settings.asyncio_detailed, client=self._lab_client)
        entries = _expect(value, SettingsList, "list_settings").settings
        return _expect_list(entries, SettingsEntry, "list_settings")

    async def get_lab_settings(self, plugin_id: str) -> lab_models.SettingsEntry:
        """``GET /lab/api/settings/{plugin_id}``."""
        from jupyterlab_server_rest.api.settings import get_settings
        from jupyterlab_server_rest.models import SettingsEntry

        value = await self._call(get_settings.asyncio_detailed, plugin_id, client=self._lab_client)
        return _expect(value, SettingsEntry, "get_settings")

    async def save_lab_settings(self, plugin_id: str, raw: str) -> None:
        """``PUT /lab/api/settings/{plugin_id}`` with ``{"raw": raw}``."""
        from jupyterlab_server_rest.api.settings import save_settings
        from jupyterlab_server_rest.models import SettingsSave

        await self._call(
            save_settings.asyncio_detailed,
            plugin_id,
            client=self._lab_client,
            body=SettingsSave(raw=raw),
        )

    async def list_workspaces(self) -> lab_models.WorkspaceIds:
        """``GET /lab/api/workspaces``."""
        from jupyterlab_server_rest.api.workspaces import list_workspaces
        from jupyterlab_server_rest.models import WorkspaceList

        value = await self._call(list_workspaces.asyncio_detailed, client=self._lab_client)
        return _expect(value, WorkspaceList, "list_workspaces").workspaces

    async def get_workspace(self, workspace_id: str) -> lab_models.Workspace:
        """``GET /lab/api/workspaces/{workspace_id}``."""
        from jupyterlab_server_rest.api.workspaces import get_workspace
        from jupyterlab_server_rest.models import Workspace

        value = await self._call(
            get_workspace.asyncio_detailed, workspace_id, client=self._lab_client
        )
        return _expect(value, Workspace, "get_workspace")

    async def save_workspace(self, workspace_id: str, body: Mapping[str, object]) -> None:
        """``PUT /lab/api/workspaces/{workspace_id}``."""
        from jupyterlab_server_rest.api.workspaces import save_workspace
        from jupyterlab_server_rest.models import Workspace

        try:
            model = Workspace.from_dict(dict(body))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a workspace (data and metadata): {exc}") from exc
        await self._call(
            save_workspace.asyncio_detailed, workspace_id, client=self._lab_client, body=model
        )

    async def delete_workspace(self, workspace_id: str) -> None:
        """``DELETE /lab/api/workspaces/{workspace_id}``."""
        from jupyterlab_server_rest.api.workspaces import delete_workspace

        await self._call(delete_workspace.asyncio_detailed, workspace_id, client=self._lab_client)

    async def get_build_status(self) -> lab_models.BuildStatus:
        """``GET /lab/api/build``."""
        from jupyterlab_server_rest.api.build import get_build_status
        from jupyterlab_server_rest.models import BuildStatus

        value = await self._call(get_build_status.asyncio_detailed, client=self._lab_client)
        return _expect(value, BuildStatus, "get_build_status")

    async def build(self, timeout: float | None) -> None:
        """``POST /lab/api/build``: answers when the build has ended.

        Sent directly (same route, same error mapping) because the generated operation
        cannot lift the client's read timeout, and a build takes minutes.
        """
        try:
            await self.http.post(
                "lab/api/build", timeout=httpx.Timeout(self.settings.timeout, read=timeout)
            )
        except httpx.HTTPError as exc:
            raise network_error(exc, what="build", settings=self.settings) from exc

    async def cancel_build(self) -> None:
        """``DELETE /lab/api/build``."""
        from jupyterlab_server_rest.api.build import cancel_build

        await self._call(cancel_build.asyncio_detailed, client=self._lab_client)

    async def get_lab_page_config(self) -> dict[str, object]:
        """The page config JupyterLab's page ``GET /lab`` embeds (``jupyter-config-data``).

        It holds the token too: only the caller's keys should leave this process's memory.
        """
        # The page sets an ``_xsrf`` cookie; echoed on later API calls, a JupyterHub user
        # server refuses token-authenticated POSTs (403). The page is read, not a login.
        cookies = httpx.Cookies(self.http.cookies)
        try:
            response = await self.http.get("lab")
        except httpx.HTTPError as exc:
            raise network_error(exc, what="GET lab", settings=self.settings) from exc
        finally:
            self.http.cookies = cookies
        match = _PAGE_CONFIG.search(response.text)
        try:
            data = json.loads(html.unescape(match.group(1))) if match else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise errors.ProtocolError("GET lab: the page has no JupyterLab page config")
        return data


_PAGE_CONFIG = re.compile(
    r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S
)


class _Stream:
    """``async with`` a streamed GET; errors mapped like every other call."""

    def __init__(self, rest: Rest, url_path: str, params: dict[str, str] | None) -> None:
        self._rest = rest
        self._url_path = url_path
        self._params = params
        self._response: httpx.Response | None = None

    async def __aenter__(self) -> httpx.Response:
        request = self._rest.http.build_request("GET", self._url_path, params=self._params)
        try:
            self._response = await self._rest.http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise network_error(
                exc, what=f"GET {self._url_path}", settings=self._rest.settings
            ) from exc
        return self._response

    async def __aexit__(self, *exc: object) -> None:
        if self._response is not None:
            await self._response.aclose()

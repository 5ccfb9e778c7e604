"""Which kind of server the SDK talks to, and which services it offers.

:func:`detect_backend` reads ``GET /api`` (the version, and an Enterprise Gateway's
``gateway_version``), the response's ``X-JupyterHub-Version`` header (a JupyterHub user
server), and probes the optional services at once:

================== =========== ============ ============ ==================================
backend            ``/api``    /api/status  /api/contents running lists (/api/kernels)
================== =========== ============ ============ ==================================
jupyter_server     version     200          200          200
notebook           4.x to 6.x  200          200          200 (the classic server: no
                                                         events, no ``/api/me``)
jupyterhub         + header    200          200          200 (base URL ``/user/<name>/``)
kernel_gateway     version     404          404          403 unless ``list_kernels``
enterprise_gateway + gateway_  404          404          403 unless ``list_kernels``
                   version
================== =========== ============ ============ ==================================

Jupyter Server 1.x, like the classic server, has neither the event bus nor ``/api/me``
(both came with 2.0).

The services found missing are recorded on the shared REST client, so that every later
request to them raises :class:`~jupyter_sdk.errors.UnsupportedError` without being sent.
"""

from __future__ import annotations

import asyncio
import re
from typing import Literal
from urllib.parse import unquote, urlsplit

import attrs
import httpx

from . import errors
from ._rest import Rest, network_error

__all__ = [
    "OPTIONAL_SERVICES",
    "Backend",
    "ServerInfo",
    "detect_backend",
    "hub_user_of",
    "is_classic_notebook",
    "listing_refused",
]

Backend = Literal[
    "jupyter_server", "notebook", "kernel_gateway", "enterprise_gateway", "jupyterhub"
]
"""Which kind of server it is (:attr:`ServerInfo.backend`): Jupyter Server, the classic
Jupyter Notebook server (``notebook`` 6.x and older, not Notebook 7, which runs on Jupyter
Server), Jupyter Kernel Gateway, Jupyter Enterprise Gateway, or a JupyterHub user server."""

OPTIONAL_SERVICES = frozenset(
    {
        "contents",
        "terminals",
        "nbconvert",
        "config",
        "events",
        "identity",
        "status",
        "documents",
        "execution",
        # What JupyterLab adds (jupyter_sdk.lab): ServiceManager.lab_settings, .workspaces
        # and .builder.
        "lab_settings",
        "workspaces",
        "builder",
    }
)
"""Services some backends lack (every backend has kernels, kernelspecs and sessions)."""

_HUB_PATH = re.compile(r"/user/([^/]+)/(?:[^/]+/)?$")


@attrs.frozen
class ServerInfo:
    """What the SDK talks to.

    Attributes:
        version: The server's version (``GET /api``; a gateway reports the Jupyter Server
            or notebook version it is built on).
        backend: Which kind of server it is.
        services: The services it offers (``kernels``, ``contents``, ``terminals``...;
            ``documents`` with jupyter-collaboration, ``execution`` with
            jupyter-server-nbmodel; with JupyterLab also ``lab_settings``, ``workspaces``
            and ``builder``).
        gateway_version: An Enterprise Gateway's own version, if any.
        hub_version: The JupyterHub version of a hub user server, if any.
        hub_user: The user whose server this is (from a ``/user/<name>/`` base URL).
        lists_kernels: Whether the running kernels and sessions may be listed (gateways
            refuse it unless started with ``list_kernels``).
    """

    version: str
    backend: Backend
    services: frozenset[str]
    gateway_version: str | None = None
    hub_version: str | None = None
    hub_user: str | None = None
    lists_kernels: bool = True


def hub_user_of(base_url: str) -> str | None:
    """The user name in a JupyterHub user-server URL (``.../user/<name>/[<server>/]``)."""
    match = _HUB_PATH.search(urlsplit(base_url).path)
    return unquote(match.group(1)) if match else None


def _major(version: str) -> int:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def is_classic_notebook(version: str) -> bool:
    """Whether ``GET /api``'s version is the classic notebook server's (4.x to 6.x).

    Jupyter Server's versions (0.x to 2.x so far) never overlap them, and Notebook 7 runs
    on Jupyter Server, whose version it reports.
    """
    return 4 <= _major(version) <= 6


async def _get(rest: Rest, path: str, method: str = "GET") -> httpx.Response:
    """``method path`` (relative to the base URL); error answers raise mapped errors."""
    try:
        return await rest.http.request(method, path)
    except httpx.HTTPError as exc:
        raise network_error(exc, what=f"{method} {path}", settings=rest.settings) from exc


Probe = Literal["present", "absent", "refused"]

# Routes of server extensions with no side effect to GET: jupyter-server-ydoc's session
# route is PUT only (a GET answers 405), jupyter-server-nbmodel lists a kernel's requests.
DOCUMENTS_PROBE = "api/collaboration/session/jupyter-sdk-probe"
EXECUTION_PROBE = "api/kernels/00000000-0000-0000-0000-000000000000/execute"


async def _probe(rest: Rest, path: str) -> Probe:
    method, _, path = path.rpartition(" ")
    try:
        await _get(rest, path, method or "GET")
    except (errors.UnsupportedError, errors.NotFoundError):
        return "absent"
    except errors.ForbiddenError:
        return "refused"
    except errors.ResponseError as exc:
        # A route that exists without GET (shared documents' session route) answers 405.
        return "present" if exc.status == 405 else "absent"
    return "present"


async def listing_refused(rest: Rest) -> bool:
    """Whether a 403 on a running list is the backend's policy (a gateway without
    ``list_kernels``) rather than refused credentials: then the kernelspecs still answer."""
    try:
        await _get(rest, "api/kernelspecs")
    except errors.JupyterError:
        return False
    return True


async def detect_backend(rest: Rest) -> ServerInfo:
    """Detect the backend behind ``rest`` and record the services it lacks on ``rest``.

    Raises:
        AuthenticationError: The token was refused.
        ServerNotRunningError: A JupyterHub user server that is not running.
        NetworkError: The server could not be reached.
    """
    from .models import APIVersion

    response = await _get(rest, "api")
    try:
        model = APIVersion.from_dict(response.json())
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.ProtocolError(f"GET api: not a Jupyter server's answer: {exc}") from exc
    # Enterprise Gateway adds its own version (Jupyter Server's spec does not describe it).
    extra = model.additional_properties.get("gateway_version")
    gateway_version = extra if isinstance(extra, str) else None
    hub_version = response.headers.get("x-jupyterhub-version")
    paths = {
        "status": "api/status",
        "contents": "api/contents?content=0",
        "terminals": "api/terminals",
        "nbconvert": "api/nbconvert",
        "identity": "api/me",
        "config": "api/config/jupyter_sdk_probe",
        "kernels": "api/kernels",
        "sessions": "api/sessions",
        "documents": DOCUMENTS_PROBE,
        "execution": EXECUTION_PROBE,
        "lab_settings": "lab/api/settings?ids_only=true",
        "workspaces": "lab/api/workspaces",
        # The CORS preflight: a GET would run a build check, and the page ``lab`` sets
        # cookies (which change how a hub later answers this client).
        "builder": "OPTIONS lab/api/build",
    }
    results = dict(
        zip(
            paths,
            await asyncio.gather(*(_probe(rest, path) for path in paths.values())),
            strict=True,
        )
    )
    services = {"kernels", "kernelspecs", "sessions"}
    services |= {name for name in OPTIONAL_SERVICES if results.get(name) == "present"}
    backend: Backend
    if gateway_version is not None:
        backend = "enterprise_gateway"
    elif results["status"] != "present":
        backend = "kernel_gateway"
    elif hub_version is not None:
        backend = "jupyterhub"
    elif is_classic_notebook(model.version):
        backend = "notebook"
    else:
        backend = "jupyter_server"
    if (
        backend in ("jupyter_server", "jupyterhub")
        and not is_classic_notebook(model.version)
        and _major(model.version) >= 2
    ):
        services.add("events")  # no GET route to probe: the events API came with 2.0
    rest.backend = backend
    rest.lacks.difference_update(services)
    rest.lacks.update(OPTIONAL_SERVICES - services)
    return ServerInfo(
        version=model.version,
        backend=backend,
        services=frozenset(services),
        gateway_version=gateway_version,
        hub_version=hub_version,
        hub_user=hub_user_of(rest.settings.base_url) if backend == "jupyterhub" else None,
        lists_kernels=results["kernels"] != "refused" and results["sessions"] != "refused",
    )

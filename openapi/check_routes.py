"""Check that the corrected OpenAPI specs describe every REST route of the installed server.

Usage: ``python openapi/check_routes.py [SPEC...]`` (exit 1 on a gap), by default
``openapi/jupyter-server.yaml`` and ``openapi/jupyterlab-server.yaml``.

Builds a real ``ServerApp`` the way ``jupyter server`` does (config files, enabled
server extensions such as jupyter_server_terminals and jupyterlab, default services)
but without an HTTP server, in throwaway HOME/Jupyter folders, and reads the routes off
its tornado application. Which routes a spec answers for depends on its file name
(:data:`SCOPES`): Jupyter Server's under ``/api``, ``/files/``, ``/nbconvert/`` and
``/kernelspecs/``; JupyterLab's under ``/lab/api/``, less the routes and methods
listed there as not described. Websocket handlers
(``tornado.websocket.WebSocketHandler`` subclasses) never count.

Both directions are checked, per HTTP method (HEAD and OPTIONS aside: HEAD mirrors GET
and OPTIONS is the CORS preflight):

* every method a route's handler implements is an operation of a spec path that routes
  to it, and
* every spec operation routes to a REST handler that implements its method.

A spec path is routed by filling its path parameters with their ``example`` values and
matching the URL against the server's route table in the server's own order.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IMPLIED_METHODS = {"HEAD", "OPTIONS"}
REST_PREFIXES = ("api/", "files/", "nbconvert/", "kernelspecs/")
# Routes of installed server extensions that the SDK does not use, so the spec leaves
# them out: file ids, document forks/timelines/undo (jupyter-server-ydoc) and
# jupyter-server-nbmodel's JupyterLab setting.
UNDESCRIBED_PREFIXES = (
    "api/fileid/",
    "api/collaboration/fork/",
    "api/collaboration/timeline/",
    "api/collaboration/undo_redo/",
    "api/nbmodel/settings/",
)
LAB_PREFIXES = ("lab/api/",)
# JupyterLab routes (and methods) the spec leaves out on purpose: "METHOD pattern" -> why.
LAB_SKIPPED = {
    **{
        f"GET /lab/api/{route}": "not a @jupyterlab/services service"
        for route in (
            "listings/(.*)$",
            "themes/(.*)$",
            "translations/?$",
            "translations/(?P<locale>.*)$",
            "licenses/(.*)$",
            "extensions$",
            "plugins$",
            "news$",
            "update$",
        )
    },
    "POST /lab/api/extensions$": "the extension manager: not a @jupyterlab/services service",
    "POST /lab/api/plugins$": "the plugin manager: not a @jupyterlab/services service",
    "PUT /lab/api/settings/?$": "the handler's PUT without a plugin id: a 500",
    "PUT /lab/api/workspaces/?$": "the handler's PUT without a name: a 400",
    "DELETE /lab/api/workspaces/?$": "the handler's DELETE without a name: a 500",
}
# Spec file name -> (route prefixes it covers, routes it leaves out, what it describes).
SCOPES: dict[str, tuple[tuple[str, ...], dict[str, str], str]] = {
    "jupyter-server.yaml": (REST_PREFIXES, {}, "jupyter-server"),
    "jupyterlab-server.yaml": (LAB_PREFIXES, LAB_SKIPPED, "jupyterlab"),
}


def _isolate(tmp: Path) -> None:
    """Point every Jupyter/IPython folder at ``tmp`` (system config stays visible)."""
    for name, sub in (
        ("HOME", "home"),
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ):
        path = tmp / sub
        path.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(path)
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    os.environ.pop("JUPYTER_PATH", None)
    os.environ.pop("JUPYTER_CONFIG_PATH", None)
    os.environ.pop("JUPYTER_TOKEN", None)


def _routes(root: Path) -> list[tuple[str, type[Any]]]:
    """The server's (path regex, handler class) routes, in matching order."""
    from jupyter_server.serverapp import ServerApp
    from tornado.routing import PathMatches, Router

    app = ServerApp()
    argv = [
        f"--ServerApp.root_dir={root}",
        "--ServerApp.base_url=/",
        "--ServerApp.log_level=CRITICAL",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    app.initialize(argv=argv, new_httpserver=False)

    found: list[tuple[str, type[Any]]] = []

    def walk(router: Any) -> None:
        for rule in router.rules:
            target = rule.target
            if isinstance(target, Router) and hasattr(target, "rules"):
                walk(target)
            elif isinstance(rule.matcher, PathMatches) and isinstance(target, type):
                found.append((rule.matcher.regex.pattern, target))

    # Extensions add their handlers to host routers before the wildcard router.
    walk(app.web_app.default_router)
    return found


def _implemented(handler: type[Any]) -> set[str]:
    """The HTTP methods ``handler`` implements (HEAD and OPTIONS aside)."""
    from tornado.web import RequestHandler

    methods = set()
    for method in handler.SUPPORTED_METHODS:
        if method in IMPLIED_METHODS:
            continue
        impl = getattr(handler, method.lower(), None)
        if impl is not None and impl is not getattr(RequestHandler, method.lower(), None):
            methods.add(method)
    return methods


def _is_rest(pattern: str, prefixes: tuple[str, ...] = REST_PREFIXES) -> bool:
    path = pattern.removeprefix("/")
    if path.startswith(UNDESCRIBED_PREFIXES):
        return False
    if prefixes == REST_PREFIXES and path in ("api$", "api/?$"):
        return True
    return path.startswith(prefixes)


def _spec_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(spec path, METHOD, sample URL) for every operation of the spec."""
    components = spec.get("components", {}).get("parameters", {})

    def resolve(param: dict[str, Any]) -> dict[str, Any]:
        ref = param.get("$ref")
        if ref is None:
            return param
        prefix = "#/components/parameters/"
        if not ref.startswith(prefix):
            raise SystemExit(f"unsupported parameter reference {ref!r}")
        resolved: dict[str, Any] = components[ref.removeprefix(prefix)]
        return resolved

    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            params = [resolve(p) for p in item.get("parameters", [])]
            params += [resolve(p) for p in operation.get("parameters", [])]
            url = path
            for param in params:
                if param.get("in") != "path":
                    continue
                if "example" not in param:
                    raise SystemExit(
                        f"{path}: path parameter {param['name']!r} needs an `example`"
                        " (check_routes.py routes the spec path with it)"
                    )
                url = url.replace("{" + param["name"] + "}", str(param["example"]))
            if "{" in url:
                raise SystemExit(f"{path}: undeclared path parameter in {url!r}")
            yield path, method.upper(), url


def server_routes() -> list[tuple[str, type[Any]]]:
    """The installed server's routes, from a ServerApp built in throwaway folders."""
    tmp = Path(tempfile.mkdtemp(prefix="jupyter-sdk-routes-"))
    try:
        _isolate(tmp)
        (tmp / "root").mkdir()
        return _routes(tmp / "root")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check(spec_path: Path, routes: list[tuple[str, type[Any]]] | None = None) -> list[str]:
    """The problems found (empty when the spec covers the server)."""
    import yaml

    if spec_path.name not in SCOPES:
        raise SystemExit(f"{spec_path.name}: no scope in check_routes.SCOPES")
    prefixes, skipped, what = SCOPES[spec_path.name]
    spec = yaml.safe_load(spec_path.read_text())
    if routes is None:
        routes = server_routes()

    from tornado.websocket import WebSocketHandler

    compiled = [(re.compile(pattern), pattern, handler) for pattern, handler in routes]
    rest = {
        pattern: handler
        for pattern, handler in routes
        if _is_rest(pattern, prefixes) and not issubclass(handler, WebSocketHandler)
    }
    unused = set(skipped)
    covered: dict[str, set[str]] = {pattern: set() for pattern in rest}
    problems: list[str] = []

    for path, method, url in _spec_operations(spec):
        match = next(((p, h) for regex, p, h in compiled if regex.match(url)), None)
        if match is None or match[0] not in rest:
            name = match[1].__name__ if match else "nothing"
            problems.append(f"spec {method} {path}: {url} is served by {name}, not a REST route")
            continue
        pattern, handler = match
        if method not in _implemented(handler):
            problems.append(
                f"spec {method} {path}: {handler.__module__}.{handler.__qualname__}"
                f" (route {pattern}) does not implement {method}"
            )
        covered[pattern].add(method)

    for pattern, handler in rest.items():
        for method in sorted(_implemented(handler) - covered[pattern]):
            if f"{method} {pattern}" in skipped:
                unused.discard(f"{method} {pattern}")
                continue
            problems.append(
                f"route {method} {pattern} ({handler.__module__}.{handler.__qualname__})"
                " is not in the spec"
            )
    problems += [f"skip list: {entry} is not a route of the server" for entry in sorted(unused)]
    if not problems:
        sockets = sorted(
            p for p, h in routes if _is_rest(p, prefixes) and issubclass(h, WebSocketHandler)
        )
        print(
            f"check_routes: {spec_path.name} covers all {len(rest)} REST routes of {what}"
            f" {_version(what)} (websocket routes skipped: {', '.join(sockets) or 'none'};"
            f" left out on purpose: {len(skipped)})"
        )
    return problems


def _version(what: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(what)


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    specs = [Path(a) for a in argv[1:]] or [
        here / "jupyter-server.yaml",
        here / "jupyterlab-server.yaml",
    ]
    routes = server_routes()
    problems = [f"{spec.name}: {p}" for spec in specs for p in check(spec, routes)]
    for problem in problems:
        print(f"check_routes: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

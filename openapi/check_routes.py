"""Check that the corrected OpenAPI specs describe every REST route of the installed server.

Usage: ``python openapi/check_routes.py [SPEC...]`` (exit 1 on a gap), by default
``openapi/jupyter-server.yaml`` and ``openapi/jupyterlab-server.yaml``.

``python openapi/check_routes.py --dump [--notebook]`` prints the installed server's
routes as JSON instead (standard library and the server only: it runs with another
venv's Python, for ``openapi/server_report.py``); ``--notebook`` reads the classic
notebook server's (``NotebookApp``).

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

import json
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


def _routes(root: Path, notebook: bool = False) -> list[tuple[str, type[Any]]]:
    """The server's (path regex, handler class) routes, in matching order."""
    from tornado.routing import PathMatches, Router

    argv = ["--log-level=CRITICAL", "--no-browser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    if notebook:
        from notebook.notebookapp import NotebookApp

        # The classic server binds its port while initializing: a free one on loopback.
        app: Any = NotebookApp()
        argv += [f"--notebook-dir={root}", "--ip=127.0.0.1", "--port=0", "--port-retries=0"]
        argv.append("--NotebookApp.base_url=/")
        app.initialize(argv=argv)
    else:
        from jupyter_server.serverapp import ServerApp

        app = ServerApp()
        argv += [f"--ServerApp.root_dir={root}", "--ServerApp.base_url=/"]
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


def _server_routes(notebook: bool = False) -> list[tuple[str, type[Any]]]:
    """The installed server's routes, from an app built in throwaway folders."""
    tmp = Path(tempfile.mkdtemp(prefix="jupyter-sdk-routes-"))
    try:
        _isolate(tmp)
        (tmp / "root").mkdir()
        return _routes(tmp / "root", notebook)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def dump(notebook: bool = False) -> list[dict[str, Any]]:
    """The installed server's routes, in matching order: ``pattern``, ``handler``
    (its qualified name), ``methods`` (those it implements) and ``websocket``."""
    from tornado.websocket import WebSocketHandler

    return [
        {
            "pattern": pattern,
            "handler": f"{handler.__module__}.{handler.__qualname__}",
            "methods": sorted(_implemented(handler)),
            "websocket": issubclass(handler, WebSocketHandler),
        }
        for pattern, handler in _server_routes(notebook)
    ]


def compare(
    spec: dict[str, Any],
    routes: list[dict[str, Any]],
    prefixes: tuple[str, ...] = REST_PREFIXES,
    skipped: dict[str, str] | None = None,
) -> tuple[list[str], str]:
    """(the differences between the spec and the dumped ``routes`` under ``prefixes``,
    less the ``skipped`` "METHOD pattern" entries; a summary line)."""
    skipped = skipped or {}
    compiled = [(re.compile(route["pattern"]), route) for route in routes]
    rest = {
        r["pattern"]: r for r in routes if _is_rest(r["pattern"], prefixes) and not r["websocket"]
    }
    covered: dict[str, set[str]] = {pattern: set() for pattern in rest}
    problems: list[str] = []

    for path, method, url in _spec_operations(spec):
        match = next((route for regex, route in compiled if regex.match(url)), None)
        if match is None or match["pattern"] not in rest:
            name = match["handler"].rsplit(".", 1)[-1] if match else "nothing"
            problems.append(f"spec {method} {path}: {url} is served by {name}, not a REST route")
            continue
        if method not in match["methods"]:
            problems.append(
                f"spec {method} {path}: {match['handler']} (route {match['pattern']})"
                f" does not implement {method}"
            )
        covered[match["pattern"]].add(method)

    unused = set(skipped)
    for pattern, route in rest.items():
        for method in sorted(set(route["methods"]) - covered[pattern]):
            if f"{method} {pattern}" in skipped:
                unused.discard(f"{method} {pattern}")
                continue
            problems.append(f"route {method} {pattern} ({route['handler']}) is not in the spec")
    problems += [f"skip list: {entry} is not a route of the server" for entry in sorted(unused)]
    sockets = sorted(
        r["pattern"] for r in routes if _is_rest(r["pattern"], prefixes) and r["websocket"]
    )
    summary = (
        f"{len(rest)} REST routes (websocket routes skipped: {', '.join(sockets) or 'none'};"
        f" left out on purpose: {len(skipped)})"
    )
    return problems, summary


def check(spec_path: Path, routes: list[dict[str, Any]] | None = None) -> list[str]:
    """The problems found (empty when the spec covers the installed server)."""
    import yaml

    if spec_path.name not in SCOPES:
        raise SystemExit(f"{spec_path.name}: no scope in check_routes.SCOPES")
    prefixes, skipped, what = SCOPES[spec_path.name]
    spec = yaml.safe_load(spec_path.read_text())
    problems, summary = compare(spec, routes if routes is not None else dump(), prefixes, skipped)
    if not problems:
        print(f"check_routes: {spec_path.name} covers all {summary} of {what} {_version(what)}")
    return problems


def _version(what: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(what)


def main(argv: list[str]) -> int:
    if "--dump" in argv:
        print(json.dumps(dump(notebook="--notebook" in argv)))
        return 0
    here = Path(__file__).parent
    specs = [Path(a) for a in argv[1:]] or [
        here / "jupyter-server.yaml",
        here / "jupyterlab-server.yaml",
    ]
    routes = dump()
    problems = [f"{spec.name}: {p}" for spec in specs for p in check(spec, routes)]
    for problem in problems:
        print(f"check_routes: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""How each server of the compatibility matrix differs from the corrected spec.

Usage: ``python openapi/server_report.py [--only NAME,...] [openapi/jupyter-server.yaml]``
(run by ``./codegen.sh --check``; informational: it exits 0 whatever it finds, and 1 only
when a server could not be examined).

For each server of ``tests/matrix.py`` (each from its venv, built or found in the cache
by ``tests/venvs.py``, all at once):

* routes: the server's REST routes against the spec's operations, both ways
  (``check_routes.py --dump`` run by the server's own Python, compared here);
* fields: the JSON answers of a running server (a folder, a file, a notebook, a kernel,
  a session, a terminal, the identity...) against the spec's response schemas: required
  fields it lacks, optional fields it omits (those the newest server, the project's own,
  omits as well are not shown), fields the spec does not describe, and values of
  another JSON type.

A new server release's changes show up here before a user meets them: add it to the
matrix (a requirements file and a ``tests/matrix.py`` entry) and read the report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

import check_routes  # noqa: E402  (openapi/check_routes.py)
import venvs  # noqa: E402  (tests/venvs.py)
from matrix import MATRIX, Flavour, MatrixServer  # noqa: E402  (tests/matrix.py)

OMITTED = ": optional, omitted"
JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    for name, cls in JSON_TYPES.items():
        if isinstance(value, cls):
            return name
    return type(value).__name__


class Schemas:
    """Resolves ``$ref`` and compares a JSON value with a schema of the spec."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            node: Any = self.spec
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def _types(self, schema: dict[str, Any]) -> set[str] | None:
        kind = schema.get("type")
        if kind is None:
            return None
        return set(kind) if isinstance(kind, list) else {kind}

    def _accepts(self, schema: dict[str, Any], value: Any) -> bool:
        schema = self.resolve(schema)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return any(self._accepts(s, value) for s in schema[key])
        types = self._types(schema)
        actual = _json_type(value)
        if types is None:
            return True
        return actual in types or (actual == "integer" and "number" in types)

    def diff(self, schema: dict[str, Any], value: Any, where: str) -> Iterator[str]:
        schema = self.resolve(schema)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                fits = [s for s in schema[key] if self._accepts(s, value)]
                if not fits:
                    yield f"{where}: a {_json_type(value)}, which no alternative of the spec fits"
                else:
                    yield from self.diff(fits[0], value, where)
                return
        if not self._accepts(schema, value):
            wanted = "|".join(sorted(self._types(schema) or ()))
            yield f"{where}: a {_json_type(value)}, the spec says {wanted}"
            return
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            required = set(schema.get("required", ()))
            extra = schema.get("additionalProperties", not properties)
            for name in sorted(required - set(value)):
                yield f"{where}.{name}: required, missing"
            for name in sorted(set(properties) - required - set(value)):
                yield f"{where}.{name}{OMITTED}"
            for name, item in value.items():
                if name in properties:
                    yield from self.diff(properties[name], item, f"{where}.{name}")
                elif isinstance(extra, dict):
                    yield from self.diff(extra, item, f"{where}.{name}")
                elif extra is False:
                    yield f"{where}.{name}: not in the spec"
        elif isinstance(value, list) and "items" in schema:
            for item in value:
                yield from self.diff(schema["items"], item, f"{where}[]")

    def response(self, path: str, method: str, status: int) -> dict[str, Any] | None:
        operation = self.spec["paths"][path][method.lower()]
        answer = operation.get("responses", {}).get(str(status))
        if answer is None:
            return None
        content = self.resolve(answer).get("content", {}).get("application/json")
        return content.get("schema") if content else None


def _probe(server: MatrixServer, schemas: Schemas) -> list[str]:
    """Exercise the running server; the field differences of its JSON answers."""
    found: list[str] = []
    folder = f"report-{uuid.uuid4().hex[:8]}"
    headers = {"Authorization": f"token {server.token}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=60, trust_env=False) as http:

        def call(method: str, spec_path: str, url: str, body: Any = None) -> Any:
            response = http.request(method, url, json=body)
            if response.status_code >= 400:
                found.append(f"{method} {spec_path}: answered {response.status_code}")
                return None
            value = response.json()
            schema = schemas.response(spec_path, method, response.status_code)
            if schema is None:
                found.append(f"{method} {spec_path}: answered {response.status_code}, not in spec")
                return value
            for line in schemas.diff(schema, value, "$"):
                found.append(f"{method} {spec_path}: {line}")
            return value

        contents = "/api/contents/{path}"
        call("GET", "/api", "api")
        call("GET", "/api/status", "api/status")
        if http.get("api/me").status_code != 404:  # 1.x: no identity (the routes say so)
            call("GET", "/api/me", "api/me")
        call("GET", "/api/kernelspecs", "api/kernelspecs")
        call("GET", "/api/kernelspecs/{kernel_name}", "api/kernelspecs/python3")
        call("PUT", contents, f"api/contents/{folder}", {"type": "directory"})
        text = {"type": "file", "format": "text", "content": "hello"}
        call("PUT", contents, f"api/contents/{folder}/f.txt", text)
        notebook = {
            "type": "notebook",
            "content": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
        }
        call("PUT", contents, f"api/contents/{folder}/n.ipynb", notebook)
        call("GET", contents, f"api/contents/{folder}")
        call("GET", contents, f"api/contents/{folder}/f.txt?hash=1")
        call("GET", contents, f"api/contents/{folder}/n.ipynb")
        call("GET", contents + "/checkpoints", f"api/contents/{folder}/f.txt/checkpoints")
        kernel = call("POST", "/api/kernels", "api/kernels", {"name": "python3"})
        call("GET", "/api/kernels", "api/kernels")
        session = call(
            "POST",
            "/api/sessions",
            "api/sessions",
            {"path": f"{folder}/n.ipynb", "type": "notebook", "kernel": {"name": "python3"}},
        )
        call("GET", "/api/sessions", "api/sessions")
        terminal = call("POST", "/api/terminals", "api/terminals", {})
        call("GET", "/api/terminals", "api/terminals")
        if isinstance(session, dict):
            http.delete(f"api/sessions/{session['id']}")
        if isinstance(kernel, dict):
            http.delete(f"api/kernels/{kernel['id']}")
        if isinstance(terminal, dict):
            http.delete(f"api/terminals/{terminal['name']}")
    # One line per difference, whichever answer showed it first.
    return list(dict.fromkeys(found))


def examine(flavour: Flavour, python: Path, spec: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(route differences, field differences) of one server."""
    argv = [str(python), str(HERE / "check_routes.py"), "--dump"]
    if flavour.notebook:
        argv.append("--notebook")
    done = subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"check_routes.py --dump failed:\n{done.stderr[-2000:]}")
    # The classic server prints a banner first: the JSON is the last line.
    dumped = [r for r in json.loads(lines[-1]) if not r["handler"].startswith(EXTENSION_MODULES)]
    routes, _ = check_routes.compare(spec, dumped)
    server = MatrixServer(flavour, python)
    server.start()
    try:
        fields = _probe(server, Schemas(spec))
    finally:
        server.stop()
    return routes, fields


# Operations of server extensions (jupyter-collaboration, jupyter-server-nbmodel): the
# matrix servers run without them, so their absence is no difference of the server's own.
EXTENSION_TAGS = frozenset({"collaboration", "execution"})
EXTENSION_MODULES = ("jupyter_server_ydoc.", "jupyter_server_nbmodel.", "jupyter_server_fileid.")


def _without_extensions(spec: dict[str, Any]) -> dict[str, Any]:
    paths = {}
    for path, item in spec["paths"].items():
        kept = {
            key: value
            for key, value in item.items()
            if not (isinstance(value, dict) and EXTENSION_TAGS & set(value.get("tags", ())))
        }
        if any(key != "parameters" for key in kept):
            paths[path] = kept
    return {**spec, "paths": paths}


def main(argv: list[str]) -> int:
    args = argv[1:]
    matrix = MATRIX
    if args[:1] == ["--only"] and len(args) > 1:
        names = set(args[1].split(","))
        matrix = [f for f in MATRIX if f.name in names]
        args = args[2:]
    spec_path = Path(args[0]) if args else HERE / "jupyter-server.yaml"
    spec = _without_extensions(yaml.safe_load(spec_path.read_text()))
    built = venvs.build_all(f.venv for f in matrix if f.venv is not None)
    pythons = {f.name: Path(sys.executable) if f.venv is None else built[f.venv] for f in matrix}

    def one(flavour: Flavour) -> tuple[list[str], list[str]] | Exception:
        python = pythons[flavour.name]
        if not isinstance(python, Path):
            return python
        try:
            return examine(flavour, python, spec)
        except Exception as exc:  # reported below; the other servers still are
            return exc

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(one, matrix))
    # Optional fields the reference server (the project's own, which the spec follows)
    # omits too are the spec's latitude, not a difference: only the others are shown.
    latitude = {
        line
        for flavour, result in zip(matrix, results, strict=True)
        if flavour.venv is None and not isinstance(result, Exception)
        for line in result[1]
        if line.endswith(OMITTED)
    }
    failed = 0
    print("server report: how each server of the matrix differs from the spec (informational)")
    for flavour, result in zip(matrix, results, strict=True):
        if isinstance(result, Exception):
            print(f"  {flavour.name}: could not be examined: {result}")
            failed = 1
            continue
        routes, fields = result[0], [line for line in result[1] if line not in latitude]
        print(f"  {flavour.name}: {len(routes)} route and {len(fields)} field differences")
        for line in routes:
            print(f"    route  {line}")
        for line in fields:
            print(f"    field  {line}")
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))

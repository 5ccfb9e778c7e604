"""Helpers for the CLI tests: the installed ``jupyter-sdk`` entry point, run as a
subprocess against the session's server (or, without server variables, on its own)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import nbformat
from nbformat import v4

from jupyter_sdk.local import LocalServer


def executable() -> str:
    """The installed ``jupyter-sdk`` script (``pip install -e .`` puts it beside python)."""
    beside = Path(sys.executable).parent / "jupyter-sdk"
    found = str(beside) if beside.exists() else shutil.which("jupyter-sdk")
    assert found, "the jupyter-sdk entry point is not installed: pip install -e ."
    return found


def clean_env(home: Path | None = None) -> dict[str, str]:
    """This process's environment without server variables (and wide, plain output)."""
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_SERVER_URL", "JUPYTER_TOKEN")}
    env["COLUMNS"] = "200"
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    if home is not None:
        home.mkdir(parents=True, exist_ok=True)
        env["HOME"] = str(home)
    return env


def cli_runner(server: LocalServer, workdir: Path) -> Cli:
    """Run ``jupyter-sdk ARGS`` against ``server`` (in ``workdir`` unless told); the token
    never shows."""

    def run(
        *args: str,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        full = clean_env()
        full["JUPYTER_SERVER_URL"] = server.url
        full["JUPYTER_TOKEN"] = server.token
        full.update(env or {})
        done = subprocess.run(
            [executable(), *args],
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=full,
            cwd=cwd or workdir,
            timeout=timeout,
            check=False,
        )
        assert server.token not in done.stdout + done.stderr
        return done

    return run


class Cli(Protocol):
    def __call__(
        self,
        *args: str,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]: ...


def write_notebook(path: Path, *sources: str, tags: Mapping[int, list[str]] | None = None) -> Path:
    """A Python notebook of code cells (``tags`` by cell position) at ``path``."""
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    for position, source in enumerate(sources):
        cell = v4.new_code_cell(source)
        if tags and position in tags:
            cell.metadata["tags"] = tags[position]
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def load_json(text: str) -> object:
    """Parse a command's ``--json`` output."""
    parsed: object = json.loads(text)
    return parsed


def coalesced(outputs: list[dict[str, object]]) -> list[dict[str, object]]:
    """Consecutive stream outputs of one name joined, as JupyterLab shows them (the SDK
    stores them so; nbclient, without coalesce_streams, keeps each message's)."""
    keep = ("output_type", "name", "text", "data", "ename", "evalue", "execution_count")
    result: list[dict[str, object]] = []
    for output in outputs:
        item = {k: v for k, v in output.items() if k in keep}
        last = result[-1] if result else None
        if (
            last is not None
            and item["output_type"] == last["output_type"] == "stream"
            and item["name"] == last["name"]
        ):
            last["text"] = str(last["text"]) + str(item["text"])
        else:
            result.append(item)
    return result


def cells_of(nb: nbformat.NotebookNode) -> list[tuple[object, ...]]:
    """What a reader sees of each cell: type, source, count, outputs (no timings/ids)."""
    return [
        (
            cell.cell_type,
            cell.source,
            cell.get("execution_count"),
            coalesced(cell.get("outputs", [])),
            cell.metadata.get("tags", []),
        )
        for cell in nb.cells
    ]

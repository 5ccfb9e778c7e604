"""The ``cli`` fixture: the installed ``jupyter-sdk`` run against the session's server."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Mapping
from pathlib import Path

import pytest

from jupyter_sdk.local import LocalServer

from .helpers import Cli, clean_env, executable


@pytest.fixture
def cli(server: LocalServer, tmp_path: Path) -> Cli:
    """Run ``jupyter-sdk ARGS`` against the session's server; the token never shows."""

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
            cwd=cwd or tmp_path,
            timeout=timeout,
            check=False,
        )
        assert server.token not in done.stdout + done.stderr
        return done

    return run


@pytest.fixture
def server_folder(server: LocalServer) -> str:
    """A fresh subfolder of the server's root (returned as its server path)."""
    name = f"cli-{uuid.uuid4().hex[:10]}"
    (server.root_dir / name).mkdir()
    return name

"""The ``cli`` fixture: the installed ``jupyter-sdk`` run against the session's server."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from jupyter_sdk.local import LocalServer

from .helpers import Cli, cli_runner


@pytest.fixture
def cli(server: LocalServer, tmp_path: Path) -> Cli:
    """Run ``jupyter-sdk ARGS`` against the session's server; the token never shows."""
    return cli_runner(server, tmp_path)


@pytest.fixture
def server_folder(server: LocalServer) -> str:
    """A fresh subfolder of the server's root (returned as its server path)."""
    name = f"cli-{uuid.uuid4().hex[:10]}"
    (server.root_dir / name).mkdir()
    return name

"""Fixtures: a real Jupyter Server on 127.0.0.1 (free port, random token, temp root,
isolated HOME and Jupyter folders), stopped by PID with everything it started."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jupyter_sdk import ServerSettings
from jupyter_sdk.local import LocalServer


def _start(**kwargs: object) -> Iterator[LocalServer]:
    server = LocalServer(isolate=True, **kwargs)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        children = server.children()
        server.stop()
        from jupyter_sdk.local import _alive

        leftover = [pid for pid in children if _alive(pid)]
        assert not leftover, f"processes left behind: {leftover}"


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    """A Jupyter Server shared by the whole test session."""
    yield from _start()


@pytest.fixture(scope="session")
def prefixed_server() -> Iterator[LocalServer]:
    """A Jupyter Server under a JupyterHub-style prefix, ``/user/alice/``."""
    yield from _start(base_url="/user/alice/")


@pytest.fixture
def settings(server: LocalServer) -> ServerSettings:
    """Settings for the shared server."""
    return server.settings


@pytest.fixture
def root(server: LocalServer) -> Path:
    """The shared server's root folder (tests write only in their own subfolder of it)."""
    return server.root_dir

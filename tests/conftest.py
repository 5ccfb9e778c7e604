"""Fixtures: a real Jupyter Server on 127.0.0.1 (free port, random token, temp root,
isolated HOME and Jupyter folders), stopped by PID with everything it started; a test
that leaves a detached process of a server behind (one carrying the server's mark
outside its process tree) fails."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jupyter_sdk import ServerSettings
from jupyter_sdk.local import WITHOUT_JUPYTERLAB, LocalServer, alive, kill_processes, marked


def _start(**kwargs: object) -> Iterator[LocalServer]:
    # A plain Jupyter Server: JupyterLab (a dev dependency) and collaboration stay off
    # unless a test asks (tests/services/test_lab.py, the collab_server fixture).
    kwargs.setdefault("server_extensions", WITHOUT_JUPYTERLAB)
    kwargs.setdefault("collaborative", False)
    server = LocalServer(isolate=True, **kwargs)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        children = server.children()
        server.stop()
        leftover = [pid for pid in children if alive(pid)] + sorted(marked(server.mark))
        assert not leftover, f"processes left behind: {leftover}"


def detached_left(server: LocalServer, grace: float = 5.0) -> list[int]:
    """Processes with ``server``'s mark outside its tree that outlive ``grace`` seconds
    (killed by PID before returning)."""
    deadline = time.monotonic() + grace
    left = server.detached()
    while left and time.monotonic() < deadline:
        time.sleep(0.05)  # no event to wait on for another process's death
        left = server.detached()
    kill_processes(left)
    return sorted(left)


@pytest.fixture(autouse=True)
def _nothing_detached(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a detached process of a shared server behind."""
    shared = [
        request.getfixturevalue(name)
        for name in ("server", "prefixed_server", "collab_server")
        if name in request.fixturenames
    ]
    yield
    for server in shared:
        left = detached_left(server)
        assert not left, f"detached processes of the server left behind (killed): {left}"


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    """A Jupyter Server shared by the whole test session."""
    yield from _start()


@pytest.fixture(scope="session")
def collab_server() -> Iterator[LocalServer]:
    """A Jupyter Server with real-time collaboration and server-side execution (saves
    and disk polls quicker than the defaults, so tests wait less)."""
    yield from _start(
        collaborative=True,
        extra_args=[
            "--YDocExtension.document_save_delay=0.2",
            "--YDocExtension.file_poll_interval=0.5",
        ],
    )


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


# -- asyncio hygiene: a task exception nobody retrieved, or a task destroyed while
# pending, goes to the loop's exception handler (not to warnings): record it and fail.

_loop_errors: list[str] = []


def _record(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    _loop_errors.append(str(context.get("message")) + ": " + repr(context.get("exception")))


def _strict_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(_record)
    return loop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    """Every test loop reports unretrieved task errors to the test."""
    return {"asyncio": _strict_loop}


@pytest.fixture(autouse=True)
def _no_loop_errors() -> Iterator[None]:
    _loop_errors.clear()
    yield
    gc.collect()  # "Task was destroyed but it is pending" surfaces on collection
    errors, _loop_errors[:] = list(_loop_errors), []
    assert not errors, f"asyncio reported: {errors}"

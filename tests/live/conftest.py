"""Live-notebook fixtures: a collaborative server and JupyterLab-like Node peers.

* ``collab_server``: a real Jupyter Server with jupyter-collaboration (jupyter_server_ydoc,
  jupyter_server_fileid) and jupyter-server-nbmodel, isolated, with a short autosave and
  file-poll interval so tests wait on saves for a fraction of a second. Shared by the
  package; each test works in notebooks of its own (``notebook`` fixture).
* ``node_peer``: ``await node_peer(path, user=...)`` starts a :class:`NodePeer` in the
  room of ``path``; every one is stopped by PID at teardown.

The Node packages (@jupyter/ydoc, yjs, y-websocket, ws) are installed once by ``npm ci``
into the test cache (``tests/npm_cache.py``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from npm_cache import NpmError, npm_modules

from jupyter_sdk.local import LocalServer, alive

from .peer import NODE_DIR, NodePeer

SAVE_DELAY = 0.3  # YDocExtension.document_save_delay (default 1 s)
POLL_INTERVAL = 0.5  # YDocExtension.file_poll_interval (default 1 s)

COLLABORATION_ARGS = [
    "--ServerApp.jpserver_extensions="
    "{'jupyter_server_ydoc': True, 'jupyter_server_fileid': True, 'jupyter_server_nbmodel': True}",
    f"--YDocExtension.document_save_delay={SAVE_DELAY}",
    f"--YDocExtension.file_poll_interval={POLL_INTERVAL}",
]


def collaborative_server(**kwargs: Any) -> LocalServer:
    """A not yet started, isolated server with collaboration and server-side execution."""
    kwargs.setdefault("isolate", True)
    extra = list(kwargs.pop("extra_args", ()))
    return LocalServer(extra_args=[*COLLABORATION_ARGS, *extra], **kwargs)


@pytest.fixture(scope="session")
def peer_modules() -> Path:
    """The Node peer's packages, installed by ``npm ci`` into the cache (once)."""
    try:
        return npm_modules(NODE_DIR, link=True)
    except NpmError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="package")
def collab_server() -> Iterator[LocalServer]:
    """A collaborative Jupyter Server shared by tests/live."""
    server = collaborative_server()
    server.start()
    try:
        yield server
    finally:
        children = server.children()
        server.stop()
        leftover = [pid for pid in children if alive(pid)]
        assert not leftover, f"processes left behind: {leftover}"


def empty_notebook(cells: list[dict[str, Any]] | None = None) -> str:
    """An nbformat 4.5 notebook as JSON text."""
    return json.dumps(
        {
            "cells": cells or [],
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.fixture
def notebook(collab_server: LocalServer) -> str:
    """The path (relative to the server root) of a new empty notebook for this test."""
    folder = collab_server.root_dir / f"t-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    (folder / "live.ipynb").write_text(empty_notebook())
    return f"{folder.name}/live.ipynb"


NodePeerFactory = Callable[..., Awaitable[NodePeer]]


@pytest.fixture
async def node_peer(
    collab_server: LocalServer, peer_modules: Path
) -> AsyncIterator[NodePeerFactory]:
    """``await node_peer(path, user=None, server=None)``: a started peer in that room."""
    peers: list[NodePeer] = []

    async def make(
        path: str, *, user: dict[str, Any] | None = None, server: LocalServer | None = None
    ) -> NodePeer:
        server = server or collab_server
        peer = NodePeer(server.url, server.token, path, user=user)
        peers.append(peer)
        await peer.start()
        return peer

    try:
        yield make
    finally:
        pids = [peer.pid for peer in peers if peer.pid is not None]
        for peer in peers:
            await peer.stop()
        leftover = [pid for pid in pids if alive(pid)]
        assert not leftover, f"peer processes left behind: {leftover}"

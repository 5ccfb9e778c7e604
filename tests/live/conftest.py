"""Live-notebook fixtures: a collaborative server and JupyterLab-like Node peers.

* ``collab_server`` (``tests/conftest.py``): the session's ``LocalServer(collaborative=True)``
  with a short autosave delay and file-poll interval, so tests wait on saves for a
  fraction of a second; each test works in notebooks of its own (``notebook`` fixture).
* ``node_peer``: ``await node_peer(path, user=...)`` starts a :class:`NodePeer` in the
  room of ``path``; every one is stopped by PID at teardown.

The Node packages (@jupyter/ydoc, yjs, y-websocket, ws) are installed once by ``npm ci``
into the test cache (``tests/npm_cache.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from npm_cache import NpmError, npm_modules

from jupyter_sdk.local import LocalServer, alive

from .peer import NODE_DIR, NodePeer


def collaborative_server(**kwargs: Any) -> LocalServer:
    """A not yet started, isolated ``LocalServer(collaborative=True)`` saving and polling
    the disk as quickly as the session's ``collab_server`` (for tests that own a server)."""
    kwargs.setdefault("isolate", True)
    extra = list(kwargs.pop("extra_args", ()))
    return LocalServer(
        collaborative=True,
        extra_args=[
            "--YDocExtension.document_save_delay=0.2",
            "--YDocExtension.file_poll_interval=0.5",
            *extra,
        ],
        **kwargs,
    )


@pytest.fixture(scope="session")
def peer_modules() -> Path:
    """The Node peer's packages, installed by ``npm ci`` into the cache (once)."""
    try:
        return npm_modules(NODE_DIR, link=True)
    except NpmError as exc:
        pytest.fail(str(exc))


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


@pytest.fixture
async def documents(collab_server: LocalServer) -> AsyncIterator[Any]:
    """A ``DocumentManager`` for the collaborative server, closed at teardown."""
    from jupyter_sdk.documents import DocumentManager

    async with DocumentManager(collab_server.settings) as manager:
        yield manager


def on_disk(server: LocalServer, path: str) -> Any:
    """The notebook as saved on disk (nbformat node; the server writes atomically)."""
    return nbformat.reads((server.root_dir / path).read_text(), as_version=4)


class ChangeWatch:
    """Collects a live document's ``changes()`` from the moment it is entered, and waits
    (on those events, with a timeout) until a predicate over the document holds."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.seen: list[Any] = []
        self.error: BaseException | None = None
        self.ended = False
        self._event = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> ChangeWatch:
        started = asyncio.Event()

        async def run() -> None:
            changes = self.document.changes()
            started.set()  # the generator subscribes before its first await, below
            try:
                async for change in changes:
                    self.seen.append(change)
                    self._event.set()
            except Exception as exc:
                self.error = exc
            finally:
                self.ended = True
                self._event.set()

        self._task = asyncio.create_task(run())
        await started.wait()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def until(
        self, predicate: Callable[[], bool], timeout: float = 30.0, what: str = "a change"
    ) -> None:
        """Return once ``predicate()`` holds, re-checked after every change, with every
        change made so far in ``seen``."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.error is not None:
                raise AssertionError(f"changes() failed waiting for {what}") from self.error
            if self.ended:
                raise AssertionError(f"changes() ended waiting for {what}")
            self._event.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                status = getattr(self.document, "status", "?")
                raise TimeoutError(
                    f"no {what} within {timeout} s (status {status}); changes: {self.seen[-5:]}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), remaining)
        # The document changed in the same step that queued its change for the collector,
        # whose wake-up is therefore scheduled already: one turn of the loop lets it take
        # every queued change (it takes them all in one step). Without it the predicate
        # can hold while its change is still queued (seen once under load).
        await asyncio.sleep(0)

    def of_type(self, kind: type) -> list[Any]:
        """The changes seen so far of one event class."""
        return [change for change in self.seen if isinstance(change, kind)]


async def wait_presence(notebook: Any, predicate: Callable[[], bool], timeout: float) -> None:
    """Wait until ``predicate()`` holds, re-checked on every presence change of the
    notebook's room (``LiveNotebook.room.presence_changed``)."""
    changed = asyncio.Event()

    def poke(_: object) -> None:
        changed.set()

    notebook.room.presence_changed.connect(poke)
    try:

        async def wait() -> None:
            while not predicate():
                await changed.wait()
                changed.clear()

        await asyncio.wait_for(wait(), timeout)
    finally:
        notebook.room.presence_changed.disconnect(poke)

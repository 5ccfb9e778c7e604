"""Bad input and misbehaving servers give typed errors, fast; the token stays out of URLs."""

from __future__ import annotations

import asyncio
import contextlib
import re
from types import TracebackType

import pytest

from jupyter_sdk import ServerSettings, ServiceManager, errors
from jupyter_sdk.documents import DocumentManager
from jupyter_sdk.local import LocalServer

from .conftest import NodePeerFactory
from .fake_room_server import FakeRoomServer
from .peer import cell_source


class RecordingProxy:
    """A loopback TCP proxy keeping every byte the client sent (for a token audit)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.sent = bytearray()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[object]] = set()

    async def __aenter__(self) -> RecordingProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=10)

    def url_for(self, url: str) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", url)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._writers |= {writer, up_writer}

        async def pump(
            source: asyncio.StreamReader, sink: asyncio.StreamWriter, record: bool
        ) -> None:
            try:
                while data := await source.read(65536):
                    if record:
                        self.sent += data
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.close()

        try:
            await asyncio.gather(pump(reader, up_writer, True), pump(up_reader, writer, False))
        finally:
            self._writers -= {writer, up_writer}

    def request_targets(self) -> list[str]:
        """The target of every HTTP request (and websocket handshake) sent."""
        return re.findall(
            r"(?:GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/1\.1\r\n",
            self.sent.decode("latin-1"),
        )


async def test_the_token_is_only_ever_in_the_authorization_header(
    collab_server: LocalServer, node_peer: NodePeerFactory, notebook: str
) -> None:
    token = collab_server.token
    peer = await node_peer(notebook)
    async with RecordingProxy(collab_server.port) as proxy:
        settings = ServerSettings(proxy.url_for(collab_server.url), token=token)
        async with DocumentManager(settings) as documents:
            assert token not in repr(documents)
            async with documents.open_notebook(notebook) as nb:
                assert token not in repr(nb)
                cell = nb.append_cell("code", "print('audited')")
                for execution in ("client", "server"):  # the kernel websocket, nbmodel's REST
                    result = await nb.execute(cell, timeout=60, execution=execution)  # type: ignore[arg-type]
                    assert result.stdout == "audited\n"
                await nb.flush()
                assert await nb.save() == "success"
        await peer.wait_for(lambda s: cell_source(s, cell.id) == "print('audited')", 10)
    targets = proxy.request_targets()
    assert any("/api/collaboration/session/" in t for t in targets), targets
    assert any("/api/collaboration/room/" in t for t in targets), targets
    assert any("/channels" in t for t in targets), targets  # the kernel websocket
    assert any(t.endswith("/execute") for t in targets), targets  # jupyter-server-nbmodel
    assert not [t for t in targets if token in t]
    text = proxy.sent.decode("latin-1")
    uses = [m.start() for m in re.finditer(re.escape(token), text)]
    assert uses
    for at in uses:  # every occurrence is the Authorization header
        line_start = text.rfind("\r\n", 0, at) + 2
        assert text[line_start:at].lower() == "authorization: token "


async def test_a_missing_notebook_is_not_found_before_any_websocket(
    collab_server: LocalServer, notebook: str
) -> None:
    async with RecordingProxy(collab_server.port) as proxy:
        settings = ServerSettings(proxy.url_for(collab_server.url), token=collab_server.token)
        async with DocumentManager(settings) as documents:
            missing = notebook.replace("live.ipynb", "missing.ipynb")
            with pytest.raises(errors.NotFoundError):
                async with documents.open_notebook(missing):
                    pass
    assert not [t for t in proxy.request_targets() if "/api/collaboration/room/" in t]
    assert not (collab_server.root_dir / notebook.replace("live", "missing")).exists()


async def test_a_server_without_collaboration_is_unsupported(server: LocalServer) -> None:
    # The session's shared server is a plain Jupyter Server (collaborative=False).
    async with ServiceManager(server.settings) as services:
        assert not await services.documents.is_available()
        info = await services.server_info()
        assert "documents" not in info.services
        assert "execution" not in info.services
        (server.root_dir / "plain-server.ipynb").write_text(
            '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
        )
        try:
            with pytest.raises(errors.UnsupportedError) as caught:
                async with services.documents.open_notebook("plain-server.ipynb"):
                    pass
            assert "jupyter-collaboration" in str(caught.value)
        finally:
            with contextlib.suppress(OSError):
                (server.root_dir / "plain-server.ipynb").unlink()


async def test_a_text_frame_from_the_room_is_a_protocol_error() -> None:
    async with FakeRoomServer("text") as fake:
        settings = ServerSettings(fake.url, token="fake-token")
        async with DocumentManager(settings) as documents:
            with pytest.raises(errors.ProtocolError, match="text frame"):
                await asyncio.wait_for(_open(documents, "any.ipynb"), 20)
    rooms = [t for m, t, h in fake.requests if "/api/collaboration/room/" in t]
    assert rooms
    assert not [t for t in rooms if "fake-token" in t]


async def test_room_closed_4404_is_document_gone() -> None:
    async with (
        FakeRoomServer("close", close_code=4404) as fake,
        DocumentManager(ServerSettings(fake.url, token="fake-token-0123456789")) as documents,
    ):
        with pytest.raises(errors.DocumentGoneError) as caught:
            await asyncio.wait_for(_open(documents, "gone.ipynb"), 20)
    assert caught.value.code == 4404


async def test_room_closed_1003_unknown_session_every_time_is_a_session_error() -> None:
    reason = '{"reason": "unknown_session", "reloadable": true}'
    async with (
        FakeRoomServer("close", close_code=1003, close_reason=reason) as fake,
        DocumentManager(ServerSettings(fake.url, token="fake-token-0123456789")) as documents,
    ):
        with pytest.raises(errors.DocumentSessionError) as caught:
            await asyncio.wait_for(_open(documents, "stale.ipynb"), 30)
    assert caught.value.code == 1003
    # It asked the server for a fresh session before giving up, and did give up.
    sessions = [t for m, t, h in fake.requests if m == "PUT"]
    assert 2 <= len(sessions) <= 10


async def test_a_missing_notebook_on_the_fake_server_is_not_found() -> None:
    async with (
        FakeRoomServer("text") as fake,
        DocumentManager(ServerSettings(fake.url, token="fake-token-0123456789")) as documents,
    ):
        with pytest.raises(errors.NotFoundError):
            await asyncio.wait_for(_open(documents, "missing.ipynb"), 20)
    assert not [t for m, t, h in fake.requests if "/api/collaboration/" in t]


async def _open(documents: DocumentManager, path: str) -> None:
    async with documents.open_notebook(path):
        pass


async def test_a_refused_token_is_forbidden_and_never_echoed(
    collab_server: LocalServer, notebook: str
) -> None:
    wrong = "wrong-token-" + "0" * 36
    settings = ServerSettings(collab_server.url, token=wrong)
    async with DocumentManager(settings) as documents:
        with pytest.raises(errors.ForbiddenError) as caught:
            await asyncio.wait_for(_open(documents, notebook), 20)
    assert wrong not in str(caught.value)
    assert wrong not in repr(caught.value)

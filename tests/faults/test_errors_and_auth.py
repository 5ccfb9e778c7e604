"""Error answers from a real server, service by service, with the server's own message;
refused tokens on REST and websockets without the token in any text; a JupyterHub-style
prefix, and a hub stand-in answering 424 for a user server that is not running."""

from __future__ import annotations

import asyncio
import datetime
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from types import TracebackType
from urllib.parse import urlsplit

import attrs
import pytest

from jupyter_sdk import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    KernelManager,
    LocalServer,
    NotFoundError,
    ReconnectPolicy,
    ServerError,
    ServerNotRunningError,
    ServerSettings,
    SessionManager,
)
from jupyter_sdk.contents import ContentsManager
from jupyter_sdk.models import Kernel

from .proxy import TcpProxy

pytestmark = pytest.mark.timeout(90)

FAST = ReconnectPolicy(
    max_attempts=3,
    initial_delay=0.05,
    max_delay=0.2,
    ping_interval=None,
    ping_timeout=None,
    open_timeout=5.0,
)


def texts_of(error: BaseException) -> str:
    """Everything an error says: its str and repr, its fields, and its whole chain."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += [str(current), repr(current), repr(vars(current))]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


# --------------------------------------------------------------------------- 4xx/5xx


@pytest.fixture
async def folder(server: LocalServer) -> AsyncIterator[str]:
    name = f"t-{uuid.uuid4().hex[:8]}"
    (server.root_dir / name).mkdir()
    try:
        yield name
    finally:
        shutil.rmtree(server.root_dir / name, ignore_errors=True)


async def test_kernels_errors_carry_the_servers_message(settings: ServerSettings) -> None:
    missing = str(uuid.uuid4())
    async with KernelManager(settings, poll=False) as kernels:
        with pytest.raises(NotFoundError) as not_found:
            await kernels.connect_to(missing)
        assert not_found.value.status == 404
        assert not_found.value.message == f"Kernel does not exist: {missing}"
        assert missing in str(not_found.value)
        assert await kernels.find_by_id(missing) is None

        with pytest.raises(ServerError) as failed:
            await kernels.start_new("no-such-kernelspec")
        assert failed.value.status == 500
        assert failed.value.message == "Unhandled error"  # what Jupyter Server says
        assert failed.value.method == "POST"
        assert failed.value.url.endswith("/api/kernels")
        # (The kernels API has no 400 or 409 reachable through a well-formed client.)


async def test_sessions_errors_carry_the_servers_message(
    settings: ServerSettings, folder: str
) -> None:
    missing = str(uuid.uuid4())
    async with SessionManager(settings, poll=False) as sessions:
        with pytest.raises(NotFoundError) as not_found:
            await sessions.connect_to(missing)
        assert not_found.value.status == 404
        assert not_found.value.message == f"Session not found: session_id={missing!r}"

        with pytest.raises(ServerError) as unavailable:
            await sessions.start_new(path=f"{folder}/a.ipynb", kernel={"name": "no-such-spec"})
        assert unavailable.value.status == 501
        assert unavailable.value.message.startswith("The 'no-such-spec' kernel is not available")

        session = await sessions.start_new(path=f"{folder}/b.ipynb", kernel={"name": "python3"})
        try:
            with pytest.raises(BadRequestError) as bad:
                await session.change_kernel({"id": missing})
            assert bad.value.status == 400
            assert bad.value.message == f"No such kernel: {missing}"
            # The refused change left the session and its kernel as they were.
            assert session.kernel is not None
            assert (await session.kernel.execute("'same'", timeout=30)).text == "'same'"
        finally:
            await session.shutdown()


async def test_contents_errors_carry_the_servers_message(
    settings: ServerSettings, folder: str
) -> None:
    async with ContentsManager(settings) as contents:
        with pytest.raises(NotFoundError) as not_found:
            await contents.get(f"{folder}/missing.txt")
        assert not_found.value.status == 404
        expected = f"file or directory '/{folder}/missing.txt' does not exist"
        assert not_found.value.message == expected

        with pytest.raises(BadRequestError) as hidden:
            await contents.write_text(f"{folder}/.hidden", "x")
        assert hidden.value.status == 400
        assert hidden.value.message == f"Cannot create file or directory '/{folder}/.hidden'"

        await contents.write_text(f"{folder}/one.txt", "1")
        await contents.write_text(f"{folder}/two.txt", "2")
        with pytest.raises(ConflictError) as conflict:
            await contents.rename(f"{folder}/one.txt", f"{folder}/two.txt")
        assert conflict.value.status == 409
        assert conflict.value.message == f"File already exists: {folder}/two.txt"

        with pytest.raises(ServerError) as failed:
            await contents.save(f"{folder}/bad.ipynb", {"type": "notebook", "content": {"x": 1}})
        assert failed.value.status == 500
        assert failed.value.message.startswith(
            f"Unexpected error while saving file: {folder}/bad.ipynb"
        )


# --------------------------------------------------------------------------- tokens


@pytest.mark.parametrize("kind", ["wrong", "missing"])
async def test_refused_token_is_forbidden_on_rest_and_websocket(
    server: LocalServer, kind: str
) -> None:
    secret = f"wrong-{uuid.uuid4().hex}" if kind == "wrong" else None
    async with KernelManager(server.settings, poll=False) as good:
        kernel = await good.start_new("python3")
        try:
            bad = ServerSettings(server.url, token=secret, reconnect=FAST)
            async with KernelManager(bad, poll=False) as refused:
                with pytest.raises(ForbiddenError) as rest_error:
                    await refused.refresh_running()
                # The websocket handshake alone (the model is known, no REST call first).
                with pytest.raises(ForbiddenError) as ws_error:
                    await refused.connect_to(kernel.model)
            async with ContentsManager(bad) as contents:
                with pytest.raises(AuthenticationError) as contents_error:
                    await contents.get("")
            errors = [rest_error.value, ws_error.value, contents_error.value]
            assert [e.status for e in errors] == [403, 403, 403]
            assert ws_error.value.method == "WEBSOCKET"
            for error in errors:
                text = texts_of(error)
                assert server.token not in text
                if secret is not None:
                    assert secret not in text
            assert (await kernel.execute("'unharmed'", timeout=30)).text == "'unharmed'"
        finally:
            await kernel.shutdown()


# --------------------------------------------------------------------------- JupyterHub


async def test_hub_prefix_rest_websocket_and_reconnect(prefixed_server: LocalServer) -> None:
    folder = f"t-{uuid.uuid4().hex[:8]}"
    async with TcpProxy(prefixed_server.port) as proxy:
        settings = attrs.evolve(
            prefixed_server.settings,
            base_url=proxy.url_for(prefixed_server.url),
            reconnect=FAST,
        )
        assert urlsplit(settings.base_url).path == "/user/alice/"
        assert urlsplit(settings.websocket_url).path == "/user/alice/"
        try:
            async with (
                ContentsManager(settings) as contents,
                SessionManager(settings, poll=False) as sessions,
            ):
                await contents.save(folder, {"type": "directory"})
                await contents.write_text(f"{folder}/a b#?.txt", "under the prefix")
                assert await contents.read_text(f"{folder}/a b#?.txt") == "under the prefix"
                session = await sessions.start_new(path=f"{folder}/nb.ipynb")
                try:
                    kernel = session.kernel
                    assert kernel is not None
                    assert (await kernel.execute("'prefixed'", timeout=30)).text == "'prefixed'"
                    seen: list[str] = []
                    noticed = asyncio.Event()

                    def on_status(status: str) -> None:
                        seen.append(status)
                        if status == "connecting":
                            noticed.set()

                    kernel.connection_status_changed.connect(on_status)
                    proxy.cut()
                    await asyncio.wait_for(noticed.wait(), 30)  # the drop is seen ...
                    result = await kernel.execute("'reconnected'", timeout=30)  # ... and healed
                    assert result.text == "'reconnected'"
                    assert "connecting" in seen
                finally:
                    await session.shutdown()
        finally:
            shutil.rmtree(prefixed_server.root_dir / folder, ignore_errors=True)


class HubStub:
    """A JupyterHub stand-in whose user server is not running: every request, REST or
    websocket handshake, is answered 424 with the hub's JSON body."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def __aenter__(self) -> HubStub:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                request_line, *lines = head.split("\r\n")
                method, target, _ = request_line.split(" ", 2)
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines if line)
                }
                if length := int(headers.get("content-length", "0")):
                    await reader.readexactly(length)
                self.requests.append((method, target, headers))
                spawn = f"{self.url}hub/spawn/alice"
                path = urlsplit(target).path
                body = json.dumps(
                    {
                        "message": f"JupyterHub server no longer running at {path}."
                        f" Restart the server at {spawn}",
                        "url": spawn,
                    }
                ).encode()
                writer.write(
                    b"HTTP/1.1 424 Failed Dependency\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%b" % (len(body), body)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()
            self._tasks.discard(task)


async def test_hub_424_is_server_not_running_everywhere() -> None:
    token = uuid.uuid4().hex
    async with HubStub() as hub:
        settings = ServerSettings(f"{hub.url}user/alice/", token=token, reconnect=FAST)
        errors: list[ServerNotRunningError] = []
        async with KernelManager(settings, poll=False) as kernels:
            with pytest.raises(ServerNotRunningError) as rest_error:
                await kernels.refresh_running()
            errors.append(rest_error.value)
            model = Kernel(
                id=str(uuid.uuid4()),
                name="python3",
                last_activity=datetime.datetime.now(datetime.UTC),
                execution_state="idle",
                connections=0,
            )
            with pytest.raises(ServerNotRunningError) as ws_error:
                await kernels.connect_to(model)
            errors.append(ws_error.value)
        async with ContentsManager(settings) as contents:
            with pytest.raises(ServerNotRunningError) as contents_error:
                await contents.get("notebook.ipynb")
            errors.append(contents_error.value)
        for error in errors:
            assert error.status == 424
            assert "JupyterHub server no longer running at /user/alice/" in error.message
            assert error.hint is not None
            assert f"{hub.url}hub/spawn/alice" in error.hint
            assert token not in texts_of(error)
        assert "/channels" in errors[1].message
        # Every request went under the prefix, with the token in a header only.
        assert hub.requests
        for _method, target, headers in hub.requests:
            assert target.startswith("/user/alice/")
            assert token not in target
            assert headers["authorization"] == f"token {token}"
        websocket_attempts = [r for r in hub.requests if r[2].get("upgrade") == "websocket"]
        assert 1 <= len(websocket_attempts) <= FAST.max_attempts

"""The public API against every server of the matrix (``conftest.MATRIX``): server_info,
kernels and execute, comms, sessions, contents with odd names, terminals, events,
identity, and ``jupyter-sdk run``; what a server lacks raises ``UnsupportedError``."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cli.helpers import clean_env, executable, write_notebook
from matrix import Flavour, MatrixServer  # tests/matrix.py
from shell_echo import read_until  # tests/shell_echo.py

from jupyter_sdk import (
    KernelManager,
    ServerSettings,
    ServiceManager,
    SessionManager,
    UnsupportedError,
    UserManager,
)
from jupyter_sdk.contents import ContentsManager
from jupyter_sdk.events import EventManager
from jupyter_sdk.terminals import TerminalManager

pytestmark = [pytest.mark.matrix, pytest.mark.timeout(180)]

WAIT = 30.0
ODD_NAMES = ["with space.txt", "ünï cødé.txt", "per%cent #hash?.txt", "a+b&c=d;e.txt"]
ECHO_TARGET = """
from comm import get_comm_manager
def _echo(comm, open_msg):
    @comm.on_msg
    def _on(msg):
        comm.send({"echo": msg["content"]["data"]}, buffers=msg["buffers"])
get_comm_manager().register_target("echo", _echo)
"""


@pytest.fixture
async def folder(msettings: ServerSettings) -> AsyncIterator[str]:
    """A fresh folder on the server, removed after the test."""
    name = f"m-{uuid.uuid4().hex[:8]}"
    async with ContentsManager(msettings) as contents:
        await contents.save(name, {"type": "directory"})
        try:
            yield name
        finally:
            for entry in (await contents.get(name)).content or []:
                await contents.delete(str(entry.path))  # type: ignore[union-attr]
            await contents.delete(name)


async def test_server_info(msettings: ServerSettings, flavour: Flavour) -> None:
    async with ServiceManager(msettings) as services:
        info = await services.server_info()
    assert info.version.startswith(flavour.version), info
    assert info.backend == flavour.backend
    expected = {"kernels", "kernelspecs", "sessions", "contents", "terminals", "nbconvert"}
    expected |= {"config", "status"}
    expected |= {"events"} if flavour.events else set()
    expected |= {"identity"} if flavour.identity else set()
    assert info.services == expected


async def test_kernel_execute_and_comms(
    msettings: ServerSettings, matrix_server: MatrixServer
) -> None:
    async with KernelManager(msettings, poll=False) as kernels:
        kernel = await kernels.start_new("python3")
        try:
            result = await kernel.execute("import sys; print(sys.prefix); 6 * 7")
            assert result.status == "ok"
            assert result.text == "42"
            # The kernel runs from the server's venv.
            assert result.stdout.strip() == str(matrix_server.python.parent.parent)
            await kernel.execute(ECHO_TARGET, raise_on_error=True)
            received: asyncio.Queue[object] = asyncio.Queue()
            comm = kernel.create_comm("echo")
            comm.on_msg = received.put_nowait
            await comm.open({})
            await comm.send({"n": 1}, buffers=[b"abc"])
            echoed = await asyncio.wait_for(received.get(), WAIT)
            assert echoed["content"]["data"] == {"echo": {"n": 1}}  # type: ignore[index]
            assert [bytes(b) for b in echoed["buffers"]] == [b"abc"]  # type: ignore[index]
            await comm.close()
        finally:
            await kernel.shutdown()


async def test_sessions(msettings: ServerSettings, folder: str) -> None:
    async with SessionManager(msettings, poll=False) as sessions:
        session = await sessions.start_new(
            path=f"{folder}/nb.ipynb", name="nb.ipynb", kernel={"name": "python3"}
        )
        try:
            assert session.kernel is not None
            result = await session.kernel.execute("1 + 1")
            assert result.text == "2"
            assert session.id in {s.id for s in await sessions.refresh_running()}
            await session.set_path(f"{folder}/renamed.ipynb")
            assert session.path == f"{folder}/renamed.ipynb"
        finally:
            await session.shutdown()
        assert session.id not in {s.id for s in await sessions.refresh_running()}


async def test_contents_with_odd_names(
    msettings: ServerSettings, folder: str, flavour: Flavour
) -> None:
    async with ContentsManager(msettings) as contents:
        for name in ODD_NAMES:
            path = f"{folder}/{name}"
            await contents.save(path, {"type": "file", "format": "text", "content": name})
            model = await contents.get(path)
            assert model.name == name
            assert model.content == name
        listed = {str(e.name) for e in (await contents.get(folder)).content or []}  # type: ignore[union-attr]
        assert listed == set(ODD_NAMES)
        moved = await contents.rename(f"{folder}/{ODD_NAMES[0]}", f"{folder}/mövéd #1.txt")
        assert moved.path == f"{folder}/mövéd #1.txt"
        path = f"{folder}/{ODD_NAMES[1]}"
        if flavour.hashes:
            model = await contents.get(path, hash=True)
            assert model.hash_algorithm == "sha256"
            assert model.hash_
        else:
            with pytest.raises(UnsupportedError, match="hash"):
                await contents.get(path, hash=True)


async def test_terminals(
    msettings: ServerSettings, matrix_server: MatrixServer, folder: str, flavour: Flavour
) -> None:
    async with TerminalManager(msettings, poll=False) as terminals:
        if flavour.notebook:
            # The classic server would start it in its root and say nothing.
            with pytest.raises(UnsupportedError, match="cwd"):
                await terminals.start_new(cwd=folder)
            terminal = await terminals.start_new()
            where = matrix_server.root_dir
        else:
            terminal = await terminals.start_new(cwd=folder)
            where = matrix_server.root_dir / folder
        try:
            # The typed line holds "$PWD", never a path between the @@s.
            pwd = re.compile(r"@@/[^\r\n]*@@")
            text = await read_until(terminal, "echo @@$PWD@@\r", pwd, WAIT)
            assert f"@@{where.resolve()}@@" in text
        finally:
            await terminals.shutdown(terminal.name)


async def test_events(msettings: ServerSettings, folder: str, flavour: Flavour) -> None:
    async with EventManager(msettings) as events:
        if not flavour.events:
            with pytest.raises(UnsupportedError, match="events"):
                await anext(aiter(events.stream()))
            return
        async with events.subscribe() as subscription:
            assert subscription.status == "connected"
            if flavour.version.startswith("2.0."):
                return  # no event is emitted by 2.0 itself (the contents events came later)
            async with ContentsManager(msettings) as contents:
                await contents.save(
                    f"{folder}/e.txt", {"type": "file", "format": "text", "content": ""}
                )

            async def saved() -> None:
                async for event in subscription:
                    if event.get("action") == "save" and event.get("path") == f"{folder}/e.txt":
                        return

            await asyncio.wait_for(saved(), WAIT)


async def test_identity(msettings: ServerSettings, flavour: Flavour) -> None:
    if not flavour.identity:
        with pytest.raises(UnsupportedError, match="identity"):
            async with UserManager(msettings):
                pass
        return
    async with UserManager(msettings, permissions={"contents": ["read"]}) as user:
        identity = await user.ready()
        assert identity.username
        permissions = user.permissions
        assert permissions is not None
        assert permissions["contents"] == ["read"]
        if flavour.updatable_fields:
            assert "color" in permissions["updatable_fields"]
            changed = await user.update(color="#123456")
            assert changed.color == "#123456"
        else:
            assert permissions["updatable_fields"] == []
            with pytest.raises(UnsupportedError, match="PATCH api/me"):
                await user.update(color="#123456")


def test_cli_run(matrix_server: MatrixServer, tmp_path: Path) -> None:
    write_notebook(tmp_path / "nb.ipynb", "x = 20", "print('result', x + 22)")
    env = clean_env()
    env["JUPYTER_SERVER_URL"] = matrix_server.url
    env["JUPYTER_TOKEN"] = matrix_server.token
    done = subprocess.run(
        [executable(), "run", "nb.ipynb", "--log-output"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert matrix_server.token not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
    assert "result 42" in done.stdout
    executed = json.loads((tmp_path / "nb.executed.ipynb").read_text())
    assert [c["execution_count"] for c in executed["cells"]] == [1, 2]

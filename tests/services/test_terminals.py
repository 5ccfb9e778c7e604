"""Terminals against a real server: start, echo and read back, resize, reconnect after a
dropped link (with stdin queued meanwhile), shut down; malformed frames are dropped."""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import AsyncIterator
from typing import cast

import attrs
import pytest
import websockets
from faults.proxy import TcpProxy
from shell_echo import echo_command, read_until  # tests/shell_echo.py
from websockets.asyncio.client import ClientConnection
from websockets.frames import Close

from jupyter_sdk import (
    ConnectionClosedError,
    NotFoundError,
    ProtocolError,
    ReconnectPolicy,
    ServerSettings,
)
from jupyter_sdk._rest import Rest
from jupyter_sdk.local import free_port
from jupyter_sdk.models import Terminal
from jupyter_sdk.terminals import (
    TerminalConnection,
    TerminalManager,
    TerminalMessage,
    parse_frame,
)

pytestmark = pytest.mark.timeout(120)

WAIT = 30.0


@pytest.fixture
async def terminals(settings: ServerSettings) -> AsyncIterator[TerminalManager]:
    async with TerminalManager(settings, poll=False) as manager:
        names = {t.name for t in await manager.refresh_running()}
        try:
            yield manager
        finally:
            for model in await manager.refresh_running():
                if model.name not in names:
                    await manager.shutdown(model.name)


@pytest.fixture
async def terminal(terminals: TerminalManager) -> AsyncIterator[TerminalConnection]:
    connection = await terminals.start_new()
    try:
        yield connection
    finally:
        await connection.shutdown()


async def test_is_available(terminals: TerminalManager) -> None:
    assert await terminals.is_available() is True


async def test_echo_round_trip(terminal: TerminalConnection) -> None:
    assert terminal.connection_status == "connected"
    command, output = echo_command("hello")
    seen: list[TerminalMessage] = []
    terminal.message_received.connect(seen.append)
    text = await read_until(terminal, command, output, WAIT)
    assert output in text
    assert all(m.type == "stdout" for m in seen)


async def test_set_size(terminal: TerminalConnection) -> None:
    terminal.set_size(33, 101)
    # The typed line ("stty size") cannot hold the answer.
    text = await read_until(terminal, "stty size\r", "33 101", WAIT)
    assert "33 101" in text
    with pytest.raises(ValueError, match="positive"):
        terminal.set_size(0, 80)


async def test_running_connect_to_and_second_connection(
    terminals: TerminalManager, terminal: TerminalConnection
) -> None:
    assert terminal.name in {t.name for t in await terminals.refresh_running()}
    assert terminal.name in {t.name for t in terminals.running()}
    other = await terminals.connect_to(terminal.name)
    try:
        assert other.name == terminal.name
        assert other.connection_status == "connected"
        command, output = echo_command("both")
        both = other.messages()
        await read_until(terminal, command, output, WAIT)
        text = ""
        async for message in both:
            text += message.text
            if output in text:
                break
    finally:
        await other.close()
    assert other.is_disposed
    # Closing a connection leaves the terminal running.
    assert terminal.name in {t.name for t in await terminals.refresh_running()}
    with pytest.raises(NotFoundError):
        await terminals.connect_to("nosuchterminal")


async def test_shutdown_ends_terminal_and_messages(terminals: TerminalManager) -> None:
    changes: list[list[Terminal]] = []
    terminals.running_changed.connect(changes.append)
    connection = await terminals.start_new(cwd=".")
    assert changes
    disposed = asyncio.Event()
    connection.disposed.connect(lambda _: disposed.set())
    messages = connection.messages()
    await connection.shutdown()
    assert connection.is_disposed
    assert connection.connection_status == "disconnected"
    await asyncio.wait_for(disposed.wait(), WAIT)
    remaining = [m async for m in messages]
    assert all(m.type in ("stdout", "disconnect") for m in remaining)
    assert connection.name not in {t.name for t in await terminals.refresh_running()}
    with pytest.raises(ConnectionClosedError):
        connection.send_stdin("x")
    assert [m async for m in connection.messages()] == []


async def test_terminal_exit_sends_disconnect(terminals: TerminalManager) -> None:
    connection = await terminals.start_new()
    try:
        messages = connection.messages()
        connection.send_stdin("exit\r")

        async def until_disconnect() -> list[TerminalMessage]:
            return [m async for m in messages]

        received = await asyncio.wait_for(until_disconnect(), WAIT)
        assert received[-1].type == "disconnect"
        assert connection.is_disposed
    finally:
        await connection.shutdown()


async def test_manager_disposes_connections_to_vanished_terminals(
    terminals: TerminalManager, settings: ServerSettings
) -> None:
    connection = await terminals.start_new()
    async with TerminalManager(settings, poll=False) as other:
        await other.shutdown(connection.name)
    await terminals.refresh_running()
    assert connection.is_disposed


async def test_a_terminal_whose_websocket_fails_is_shut_down(
    settings: ServerSettings, terminals: TerminalManager
) -> None:
    # REST reaches the server; the websocket URL points at a port nobody listens on.
    nowhere = attrs.evolve(
        settings,
        ws_url=f"ws://127.0.0.1:{free_port()}/",
        reconnect=ReconnectPolicy(max_attempts=2, initial_delay=0.01, max_delay=0.05),
    )
    before = {t.name for t in await terminals.refresh_running()}
    async with TerminalManager(nowhere, poll=False) as failing:
        with pytest.raises(ConnectionClosedError, match="gave up reconnecting"):
            await failing.start_new()
        assert failing.running() == [t for t in failing.running() if t.name in before]
    # The server has no terminal left from the failed start.
    assert {t.name for t in await terminals.refresh_running()} == before


async def test_reconnects_after_a_dropped_link_with_stdin_queued(
    settings: ServerSettings, terminals: TerminalManager
) -> None:
    port = int(settings.base_url.rsplit(":", 1)[1].split("/", 1)[0])
    async with TcpProxy(port) as proxy:
        proxied = attrs.evolve(
            settings,
            base_url=proxy.url_for(settings.base_url),
            reconnect=ReconnectPolicy(initial_delay=0.05, max_delay=0.5),
        )
        async with TerminalManager(proxied, poll=False) as via_proxy:
            connection = await via_proxy.start_new()
            try:
                statuses: list[str] = []
                dropped = asyncio.Event()
                reconnected = asyncio.Event()

                def on_status(status: str) -> None:
                    statuses.append(status)
                    (reconnected if status == "connected" else dropped).set()

                connection.connection_status_changed.connect(on_status)
                proxy.refuse()
                assert proxy.cut() >= 1
                await asyncio.wait_for(dropped.wait(), WAIT)
                assert statuses == ["connecting"]
                command, output = echo_command("queued")
                messages = connection.messages()
                # Typed while the link is down: queued, sent after the reconnect.
                connection.send_stdin(command)
                await proxy.accept()
                await asyncio.wait_for(reconnected.wait(), WAIT)
                text = ""

                async def read() -> None:
                    nonlocal text
                    async for message in messages:
                        text += message.text
                        if output in text:
                            return

                await asyncio.wait_for(read(), WAIT)
                assert statuses == ["connecting", "connected"]
            finally:
                await connection.shutdown()


def test_parse_frame() -> None:
    assert parse_frame('["stdout", "hi"]') == TerminalMessage("stdout", ("hi",))
    assert parse_frame('["stdout", "hi"]').text == "hi"
    assert parse_frame('["disconnect", 1]') == TerminalMessage("disconnect", (1,))
    assert parse_frame('["disconnect", 1]').text == ""
    for bad in ("not json", "{}", "[]", "[1, 2]", b'["stdout", "x"]'):
        with pytest.raises(ProtocolError, match="terminal frame"):
            parse_frame(bad)


class FakeSocket:
    """Just enough of a websocket for the reader: frames to hand out, then a close."""

    def __init__(self, frames: list[str | bytes]) -> None:
        self.frames = frames

    async def recv(self) -> str | bytes:
        if self.frames:
            return self.frames.pop(0)
        raise websockets.ConnectionClosed(Close(4001, "done"), None)


async def test_malformed_frames_are_dropped_with_a_warning(
    settings: ServerSettings, caplog: pytest.LogCaptureFixture
) -> None:
    rest = Rest(settings)
    model = Terminal(name="fake", last_activity=datetime.datetime.now(datetime.UTC))
    connection = TerminalConnection(model, rest=rest, settings=settings)
    seen: list[TerminalMessage] = []
    connection.message_received.connect(seen.append)
    frames: list[str | bytes] = [
        '["setup", {}]',
        "garbage",
        b"binary",
        '{"not": "a list"}',
        '["stdout", "ok"]',
    ]
    try:
        with caplog.at_level(logging.WARNING, logger="jupyter_sdk.terminals"):
            code = await connection._serve(cast("ClientConnection", FakeSocket(frames)))
    finally:
        await connection.close()
        await rest.aclose()
    assert code == 4001
    assert seen == [TerminalMessage("stdout", ("ok",))]
    assert caplog.text.count("dropped a malformed frame") == 3

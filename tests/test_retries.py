"""Idempotent GETs retry on 502/503/504 and dropped connections, with bounded backoff;
other methods never retry. A small scripted HTTP stub stands in for a flaky proxy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from jupyter_sdk import ServerError, ServerSettings
from jupyter_sdk._rest import Rest

pytestmark = pytest.mark.timeout(30)


class FlakyServer:
    """Answers each request with the next scripted status (then 200 ``[]`` forever)."""

    def __init__(self, script: list[int | None]) -> None:
        self.script = script  # None: drop the connection without answering
        self.requests: list[str] = []
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> FlakyServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._writers:
            writer.transport.abort()  # ends the handlers' reads: nothing left to cancel
        await asyncio.gather(*self._handlers)
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._writers.add(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line = head.split(b"\r\n", 1)[0].decode()
                self.requests.append(request_line)
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length:
                    await reader.readexactly(length)
                status = self.script.pop(0) if self.script else 200
                if status is None:
                    writer.transport.abort()
                    return
                body = b"[]" if status == 200 else b'{"message": "busy", "reason": null}'
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def rest_for() -> AsyncIterator[list[Rest]]:
    made: list[Rest] = []
    yield made
    for rest in made:
        await rest.aclose()


async def test_get_retries_through_503_502_and_a_dropped_connection(
    rest_for: list[Rest],
) -> None:
    async with FlakyServer([503, None, 502]) as flaky:
        rest = Rest(ServerSettings(f"http://127.0.0.1:{flaky.port}/", token="t", retries=3))
        rest_for.append(rest)
        assert await rest.list_kernels() == []
        assert flaky.requests == ["GET /api/kernels HTTP/1.1"] * 4


async def test_retries_are_bounded(rest_for: list[Rest]) -> None:
    async with FlakyServer([503] * 10) as flaky:
        rest = Rest(ServerSettings(f"http://127.0.0.1:{flaky.port}/", token="t", retries=2))
        rest_for.append(rest)
        with pytest.raises(ServerError) as failed:
            await rest.list_kernels()
        assert failed.value.status == 503
        assert len(flaky.requests) == 3  # the first try and two retries


async def test_post_is_never_retried(rest_for: list[Rest]) -> None:
    async with FlakyServer([503, 503]) as flaky:
        rest = Rest(ServerSettings(f"http://127.0.0.1:{flaky.port}/", token="t", retries=3))
        rest_for.append(rest)
        with pytest.raises(ServerError):
            await rest.start_kernel(name="python3")
        assert flaky.requests == ["POST /api/kernels HTTP/1.1"]

"""EventManager against real servers: the contents events the server emits, emitting a
known schema, a schema registered by a tiny server extension on a server of the test's
own, resubscribing after a dropped link, and clean ends on close and break."""

from __future__ import annotations

import asyncio
import os
import shutil
import textwrap
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from jupyter_sdk import ServerSettings
from jupyter_sdk.contents import ContentsManager
from jupyter_sdk.errors import AuthenticationError, BadRequestError, ConnectionClosedError
from jupyter_sdk.events import Event, EventManager, EventSubscription, SubscriptionStatus
from jupyter_sdk.local import WITHOUT_JUPYTERLAB, LocalServer, local_server

pytestmark = pytest.mark.timeout(120)

WAIT = 30.0
CONTENTS_SCHEMA = "https://events.jupyter.org/jupyter_server/contents_service/v1"
TEST_SCHEMA = "https://events.example.org/jupyter-sdk-tests/ping/v1"
EXTENSION = "jupyter_sdk_test_events_ext"


async def next_matching(
    subscription: EventSubscription | AsyncIterator[Event], match: Callable[[Event], bool]
) -> Event:
    """The next event ``match`` accepts (others are skipped), within ``WAIT`` seconds."""

    async def find() -> Event:
        async for event in subscription:
            if match(event):
                return event
        raise AssertionError("the subscription ended")

    return await asyncio.wait_for(find(), WAIT)


@pytest.fixture
async def events(settings: ServerSettings) -> AsyncIterator[EventManager]:
    async with EventManager(settings) as manager:
        yield manager


@pytest.fixture
async def contents(settings: ServerSettings) -> AsyncIterator[ContentsManager]:
    async with ContentsManager(settings) as manager:
        yield manager


@pytest.fixture
async def tmp(contents: ContentsManager, server: LocalServer) -> AsyncIterator[str]:
    name = f"t-{uuid.uuid4().hex[:8]}"
    await contents.save(name, {"type": "directory"})
    try:
        yield name
    finally:
        shutil.rmtree(server.root_dir / name, ignore_errors=True)


async def test_contents_save_event_is_received(
    events: EventManager, contents: ContentsManager, tmp: str
) -> None:
    async with events.subscribe() as subscription:
        assert subscription.status == "connected"
        await contents.write_text(f"{tmp}/saved.txt", "x")
        event = await next_matching(
            subscription,
            lambda e: e.get("path") == f"{tmp}/saved.txt" and e.get("action") == "save",
        )
    assert event["schema_id"] == CONTENTS_SCHEMA
    assert subscription.status == "disconnected"


async def test_emit_a_schema_the_server_knows(events: EventManager, tmp: str) -> None:
    async with events.subscribe() as subscription:
        await events.emit(CONTENTS_SCHEMA, 1, {"action": "get", "path": f"{tmp}/virtual"})
        event = await next_matching(subscription, lambda e: e.get("path") == f"{tmp}/virtual")
    assert event == {"schema_id": CONTENTS_SCHEMA, "action": "get", "path": f"{tmp}/virtual"}


async def test_emit_refusals_are_bad_requests(events: EventManager) -> None:
    with pytest.raises(BadRequestError):
        await events.emit("https://events.example.org/not-registered/v1", "1", {"a": 1})
    with pytest.raises(BadRequestError, match="version"):
        await events.emit(CONTENTS_SCHEMA, "2", {"action": "get", "path": "x"})
    # The server validates the data only when someone listens.
    async with events.subscribe():
        with pytest.raises(BadRequestError):
            await events.emit(CONTENTS_SCHEMA, "1", {"action": "not-an-action", "path": "x"})


def write_extension(folder: Path) -> None:
    """A server extension that registers :data:`TEST_SCHEMA` when the server loads it."""
    (folder / f"{EXTENSION}.py").write_text(
        textwrap.dedent(
            f'''
            SCHEMA = {{
                "$id": "{TEST_SCHEMA}",
                "version": "1",
                "title": "jupyter-sdk test ping",
                "description": "Emitted by the jupyter-sdk tests.",
                "type": "object",
                "properties": {{
                    "message": {{"type": "string"}},
                    "count": {{"type": "integer"}},
                }},
                "required": ["message"],
            }}


            def _jupyter_server_extension_points():
                return [{{"module": "{EXTENSION}"}}]


            def _load_jupyter_server_extension(serverapp):
                serverapp.event_logger.register_event_schema(SCHEMA)
            '''
        )
    )


async def test_emit_a_schema_registered_by_an_extension(tmp_path: Path) -> None:
    write_extension(tmp_path)
    pythonpath = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    async with (
        local_server(
            isolate=True,
            server_extensions=WITHOUT_JUPYTERLAB,
            extra_args=[f"--ServerApp.jpserver_extensions={{'{EXTENSION}': True}}"],
            env={"PYTHONPATH": pythonpath},
        ) as settings,
        EventManager(settings) as events,
        events.subscribe() as subscription,
    ):
        await events.emit(TEST_SCHEMA, "1", {"message": "hello", "count": 3})
        event = await next_matching(subscription, lambda e: e["schema_id"] == TEST_SCHEMA)
        assert event == {"schema_id": TEST_SCHEMA, "message": "hello", "count": 3}
        with pytest.raises(BadRequestError):
            await events.emit(TEST_SCHEMA, "1", {"count": 3})  # "message" is required


async def test_resubscribes_after_a_dropped_link(events: EventManager, tmp: str) -> None:
    statuses: list[SubscriptionStatus] = []
    reconnected = asyncio.Event()

    def on_status(status: SubscriptionStatus) -> None:
        statuses.append(status)
        if status == "connected":
            reconnected.set()

    async with events.subscribe() as subscription:
        subscription.status_changed.connect(on_status)
        ws = subscription._ws
        assert ws is not None
        ws.transport.abort()  # the link drops without a close handshake
        await asyncio.wait_for(reconnected.wait(), WAIT)
        assert statuses == ["connecting", "connected"]
        assert subscription._ws is not ws
        await events.emit(CONTENTS_SCHEMA, "1", {"action": "get", "path": f"{tmp}/after"})
        event = await next_matching(subscription, lambda e: e.get("path") == f"{tmp}/after")
        assert event["action"] == "get"


async def first_event(manager: EventManager, stream: AsyncIterator[Event], tmp: str) -> Event:
    """The stream's first event: a generator subscribes only when first iterated, so emit
    until one arrives (each wait bounded)."""
    first = asyncio.ensure_future(anext(stream))
    try:
        async with asyncio.timeout(WAIT):
            while not first.done():
                await manager.emit(CONTENTS_SCHEMA, "1", {"action": "get", "path": f"{tmp}/s"})
                await asyncio.wait({first}, timeout=0.5)
    finally:
        first.cancel()
    return first.result()


async def test_stream_ends_on_break_and_on_close(settings: ServerSettings, tmp: str) -> None:
    manager = EventManager(settings)
    try:
        stream = manager.stream()
        assert (await first_event(manager, stream, tmp))["schema_id"] == CONTENTS_SCHEMA
        assert len(manager._subscriptions) == 1
        await stream.aclose()  # what ``break`` leads to when the generator is finalised
        assert manager._subscriptions == set()

        stream = manager.stream()
        await first_event(manager, stream, tmp)
        subscription = manager.subscribe()
        await subscription.connect()
        pending = asyncio.ensure_future(anext(stream))
        await manager.close()
        with pytest.raises(StopAsyncIteration):
            await asyncio.wait_for(pending, WAIT)
        with pytest.raises(StopAsyncIteration):
            await anext(subscription)
        assert subscription.status == "disconnected"
        with pytest.raises(ConnectionClosedError):
            manager.subscribe()
    finally:
        await manager.close()
        await manager.close()  # idempotent


async def test_subscribing_with_a_refused_token(server: LocalServer) -> None:
    async with EventManager(ServerSettings(server.url, token="wrong")) as events:
        subscription = events.subscribe()
        with pytest.raises(AuthenticationError):
            await subscription.connect()
        assert subscription.status == "disconnected"

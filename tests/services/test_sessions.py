"""Sessions against a real server: start, find, rename, change kernel, shut down, close,
and a second manager (a second client) seeing and joining the same session."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Protocol

import attrs
import pytest

from jupyter_sdk import (
    ConnectionClosedError,
    KernelConnection,
    KernelManager,
    NotFoundError,
    PollingPolicy,
    ServerSettings,
)
from jupyter_sdk.kernels.future import AnyMessage
from jupyter_sdk.models import Session
from jupyter_sdk.sessions import (
    ChangedArgs,
    KernelRef,
    SessionConnection,
    SessionManager,
    SessionProperty,
)

pytestmark = pytest.mark.timeout(120)

WAIT = 30.0


class StartSession(Protocol):
    async def __call__(
        self,
        *,
        path: str | None = None,
        type: str = "notebook",
        name: str | None = None,
        kernel: KernelRef | None = None,
        manager: SessionManager | None = None,
    ) -> SessionConnection: ...


def unique_path(stem: str = "nb") -> str:
    return f"{stem}-{uuid.uuid4().hex[:10]}.ipynb"


async def wait_until(predicate: Callable[[], bool], event: asyncio.Event, what: str) -> None:
    """Wait (bounded) until ``predicate()``, re-checking each time ``event`` is set."""

    async def loop() -> None:
        while not predicate():
            await event.wait()
            event.clear()

    try:
        await asyncio.wait_for(loop(), WAIT)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


def stream_text(messages: list[AnyMessage]) -> str:
    return "".join(
        str(m["content"].get("text", "")) for m in messages if m["header"]["msg_type"] == "stream"
    )


@pytest.fixture
async def sessions(settings: ServerSettings) -> AsyncIterator[SessionManager]:
    async with SessionManager(settings, poll=False) as manager:
        yield manager


@pytest.fixture
async def kernels(settings: ServerSettings) -> AsyncIterator[KernelManager]:
    async with KernelManager(settings, poll=False) as manager:
        yield manager


@pytest.fixture
async def start_session(
    sessions: SessionManager, settings: ServerSettings
) -> AsyncIterator[StartSession]:
    """Start sessions; every session started is deleted (with its kernel) at the end."""
    started: list[str] = []

    async def start(
        *,
        path: str | None = None,
        type: str = "notebook",
        name: str | None = None,
        kernel: KernelRef | None = None,
        manager: SessionManager | None = None,
    ) -> SessionConnection:
        session = await (manager or sessions).start_new(
            path=path or unique_path(),
            type=type,
            name=name,
            kernel=kernel or KernelRef(name="python3"),
        )
        started.append(session.id)
        return session

    try:
        yield start
    finally:
        async with SessionManager(settings, poll=False) as cleaner:
            for session_id in started:
                await cleaner.shutdown(session_id)


async def test_start_list_and_find(
    sessions: SessionManager, start_session: StartSession, kernels: KernelManager
) -> None:
    changes: list[list[Session]] = []
    sessions.running_changed.connect(changes.append)
    path = unique_path()
    session = await start_session(path=path, name="analysis")
    assert session.path == path
    assert session.name == "analysis"
    assert session.type == "notebook"
    assert session.model.id == session.id
    kernel = session.kernel
    assert kernel is not None
    assert kernel.connection_status == "connected"
    assert session.connection_status == "connected"
    assert kernel.name == "python3"
    assert changes, "start_new emits running_changed"

    assert session.id in {s.id for s in await sessions.refresh_running()}
    assert session.id in {s.id for s in sessions.running()}
    by_path = await sessions.find_by_path(path)
    assert by_path is not None
    assert by_path.id == session.id
    assert by_path.kernel.id == kernel.id
    by_id = await sessions.find_by_id(session.id)
    assert by_id is not None
    assert by_id.path == path
    assert await sessions.find_by_path(unique_path("missing")) is None
    assert await sessions.find_by_id(str(uuid.uuid4())) is None

    result = await kernel.execute("6 * 7", timeout=WAIT)
    assert result.text == "42"


async def test_connect_to_by_id_shares_the_kernel(
    sessions: SessionManager, start_session: StartSession
) -> None:
    session = await start_session()
    assert session.kernel is not None
    await session.kernel.execute("shared = 'yes'", timeout=WAIT)
    other = await sessions.connect_to(session.id)
    try:
        assert other.kernel is not None
        assert other.kernel.id == session.kernel.id
        assert other.kernel.client_id != session.kernel.client_id
        result = await other.kernel.execute("shared", timeout=WAIT)
        assert result.text == "'yes'"
    finally:
        await other.close()
    # Closing one connection leaves the other working.
    assert (await session.kernel.execute("1", timeout=WAIT)).text == "1"
    with pytest.raises(NotFoundError):
        await sessions.connect_to(str(uuid.uuid4()))


async def test_start_new_with_a_running_kernel_id(
    sessions: SessionManager, start_session: StartSession, kernels: KernelManager
) -> None:
    kernel = await kernels.start_new("python3")
    try:
        session = await start_session(kernel=KernelRef(id=kernel.id))
        assert session.kernel is not None
        assert session.kernel.id == kernel.id
    finally:
        await kernel.close()


async def test_start_new_on_a_used_path_returns_that_session(
    sessions: SessionManager, start_session: StartSession
) -> None:
    path = unique_path()
    first = await start_session(path=path)
    second = await start_session(path=path)
    assert second.id == first.id
    assert second.kernel is not None
    assert first.kernel is not None
    assert second.kernel.id == first.kernel.id


async def test_set_path_name_and_type_emit_property_changed(
    sessions: SessionManager, start_session: StartSession
) -> None:
    session = await start_session(name="before")
    changed: list[SessionProperty] = []
    session.property_changed.connect(changed.append)
    new_path = unique_path("renamed")
    await session.set_path(new_path)
    await session.set_name("after")
    await session.set_type("console")
    assert changed == ["path", "name", "type"]
    assert (session.path, session.name, session.type) == (new_path, "after", "console")
    model = await sessions.find_by_id(session.id)
    assert model is not None
    assert (model.path, model.name, model.type_) == (new_path, "after", "console")
    # Setting the same value again changes nothing.
    await session.set_name("after")
    assert changed == ["path", "name", "type"]


async def test_change_kernel_keeps_session_handlers(
    sessions: SessionManager, start_session: StartSession, kernels: KernelManager
) -> None:
    session = await start_session()
    old = session.kernel
    assert old is not None
    iopub: list[AnyMessage] = []
    statuses: list[str] = []
    kernel_changes: list[ChangedArgs[KernelConnection | None]] = []
    session.iopub_message.connect(iopub.append)
    session.status_changed.connect(statuses.append)
    session.kernel_changed.connect(kernel_changes.append)
    await old.execute("print('before', flush=True)", timeout=WAIT)
    assert "before" in stream_text(iopub)

    new = await session.change_kernel(KernelRef(name="python3"))
    assert new is session.kernel
    assert new.id != old.id
    assert new.connection_status == "connected"
    assert old.is_disposed
    assert kernel_changes == [ChangedArgs("kernel", old, new)]
    assert not await kernels.find_by_id(old.id), "the server shut the old kernel down"
    model = await sessions.find_by_id(session.id)
    assert model is not None
    assert model.kernel.id == new.id

    iopub.clear()
    statuses.clear()
    result = await new.execute("print('after', flush=True)", timeout=WAIT)
    assert result.stdout == "after\n"
    assert "after" in stream_text(iopub), "a handler connected before the change still hears"
    assert "busy" in statuses
    assert session.status == "idle"


async def test_change_kernel_needs_a_name_or_an_id(start_session: StartSession) -> None:
    session = await start_session()
    with pytest.raises(ValueError, match="name"):
        await session.change_kernel(KernelRef())


async def test_shutdown_deletes_session_and_kernel(
    sessions: SessionManager, start_session: StartSession, kernels: KernelManager
) -> None:
    session = await start_session()
    kernel = session.kernel
    assert kernel is not None
    disposed: list[None] = []
    kernel_changes: list[ChangedArgs[KernelConnection | None]] = []
    session.disposed.connect(disposed.append)
    session.kernel_changed.connect(kernel_changes.append)
    await session.shutdown()
    assert session.is_disposed
    assert session.kernel is None
    assert disposed == [None]
    assert kernel_changes == [ChangedArgs("kernel", kernel, None)]
    assert kernel.status == "dead"
    assert kernel.is_disposed
    assert await sessions.find_by_id(session.id) is None
    assert not await kernel_exists(kernels, kernel.id)
    assert session.id not in {s.id for s in sessions.running()}
    await session.shutdown()  # idempotent
    with pytest.raises(ConnectionClosedError):
        await session.set_name("x")


async def test_close_keeps_session_and_kernel_running(
    sessions: SessionManager, start_session: StartSession, kernels: KernelManager
) -> None:
    session = await start_session()
    kernel = session.kernel
    assert kernel is not None
    await session.close()
    assert session.is_disposed
    assert session.kernel is None
    assert kernel.is_disposed
    assert await kernel_exists(kernels, kernel.id)
    model = await sessions.find_by_id(session.id)
    assert model is not None
    assert model.kernel.id == kernel.id


async def test_second_manager_sees_the_session_within_one_poll(
    settings: ServerSettings, start_session: StartSession
) -> None:
    fast = attrs.evolve(settings, polling=PollingPolicy(interval=0.2))
    async with SessionManager(fast) as second:
        changed = asyncio.Event()
        second.running_changed.connect(lambda _: changed.set())
        path = unique_path()
        first = await start_session(path=path)
        assert first.kernel is not None
        await first.kernel.execute("x = 41", timeout=WAIT)

        await wait_until(
            lambda: any(s.path == path for s in second.running()),
            changed,
            "the second manager's poll to see the session",
        )
        model = next(s for s in second.running() if s.path == path)
        joined = await second.connect_to(model)
        assert joined.id == first.id
        assert joined.kernel is not None
        assert joined.kernel.id == first.kernel.id
        result = await joined.kernel.execute("x + 1", timeout=WAIT)
        assert result.text == "42"


async def test_session_vanished_on_server_is_disposed(
    settings: ServerSettings, start_session: StartSession
) -> None:
    async with SessionManager(settings, poll=False) as second:
        first = await start_session()
        joined = await second.connect_to(first.id)
        disposed = asyncio.Event()
        joined.disposed.connect(lambda _: disposed.set())
        await first.shutdown()
        await second.refresh_running()
        await asyncio.wait_for(disposed.wait(), WAIT)
        assert joined.is_disposed
        assert joined.kernel is None


async def test_kernel_change_by_another_client_is_followed(
    settings: ServerSettings, start_session: StartSession
) -> None:
    async with SessionManager(settings, poll=False) as second:
        first = await start_session()
        joined = await second.connect_to(first.id)
        followed: list[ChangedArgs[KernelConnection | None]] = []
        joined.kernel_changed.connect(followed.append)
        iopub: list[AnyMessage] = []
        joined.iopub_message.connect(iopub.append)
        new = await first.change_kernel(KernelRef(name="python3"))
        await second.refresh_running()
        assert joined.kernel is not None
        assert joined.kernel.id == new.id
        assert len(followed) == 1
        assert followed[0].new is joined.kernel
        await joined.kernel.execute("print('followed', flush=True)", timeout=WAIT)
        assert "followed" in stream_text(iopub)


async def test_shutdown_by_id_and_shutdown_all(
    settings: ServerSettings, start_session: StartSession, kernels: KernelManager
) -> None:
    async with SessionManager(settings, poll=False) as manager:
        one = await start_session(manager=manager)
        two = await start_session(manager=manager)
        assert one.kernel is not None
        assert two.kernel is not None
        kernel_ids = [one.kernel.id, two.kernel.id]
        await manager.shutdown(one.id)
        assert one.is_disposed
        assert await manager.find_by_id(one.id) is None
        await manager.shutdown_all()
        assert two.is_disposed
        assert manager.running() == []
        assert await manager.refresh_running() == []
        for kernel_id in kernel_ids:
            assert not await kernel_exists(kernels, kernel_id)


async def test_manager_close_closes_connections_not_sessions(
    settings: ServerSettings, start_session: StartSession, kernels: KernelManager
) -> None:
    manager = SessionManager(settings, poll=False)
    session = await start_session(manager=manager)
    kernel = session.kernel
    assert kernel is not None
    await manager.close()
    assert session.is_disposed
    assert kernel.is_disposed
    assert await kernel_exists(kernels, kernel.id)
    with pytest.raises(ConnectionClosedError):
        await manager.start_new(path=unique_path())


async def kernel_exists(kernels: KernelManager, kernel_id: str) -> bool:
    return await kernels.find_by_id(kernel_id) is not None

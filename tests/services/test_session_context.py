"""SessionContext against a real server: initialize (start or reuse), kernel preferences,
start/restart/change/shutdown, dispose, and a second process attaching to the same kernel."""

from __future__ import annotations

import asyncio
import os
import sys
import textwrap
import uuid
from collections.abc import AsyncIterator
from typing import Protocol

import pytest

from jupyter_sdk import (
    ConnectionClosedError,
    KernelConnection,
    KernelError,
    KernelManager,
    NotFoundError,
    ServerSettings,
    UnsupportedError,
)
from jupyter_sdk.kernels.future import AnyMessage
from jupyter_sdk.kernelspecs import KernelSpecManager
from jupyter_sdk.local import LocalServer
from jupyter_sdk.session_context import KernelPreference, SessionContext
from jupyter_sdk.sessions import ChangedArgs, KernelRef, SessionConnection, SessionManager

pytestmark = pytest.mark.timeout(120)

WAIT = 30.0


class MakeContext(Protocol):
    def __call__(
        self,
        *,
        path: str | None = None,
        preference: KernelPreference | None = None,
        sessions: SessionManager | None = None,
    ) -> SessionContext: ...


def unique_path(stem: str = "ctx") -> str:
    return f"{stem}-{uuid.uuid4().hex[:10]}.ipynb"


def stream_text(messages: list[AnyMessage]) -> str:
    return "".join(
        str(m["content"].get("text", "")) for m in messages if m["header"]["msg_type"] == "stream"
    )


@pytest.fixture
async def sessions(settings: ServerSettings) -> AsyncIterator[SessionManager]:
    async with SessionManager(settings, poll=False) as manager:
        yield manager


@pytest.fixture
async def specs(settings: ServerSettings) -> AsyncIterator[KernelSpecManager]:
    async with KernelSpecManager(settings, poll=False) as manager:
        yield manager


@pytest.fixture
async def kernels(settings: ServerSettings) -> AsyncIterator[KernelManager]:
    async with KernelManager(settings, poll=False) as manager:
        yield manager


@pytest.fixture
async def make_context(
    sessions: SessionManager, specs: KernelSpecManager, settings: ServerSettings
) -> AsyncIterator[MakeContext]:
    """Make contexts; at the end each is disposed and every session on its path deleted."""
    default_sessions = sessions
    made: list[SessionContext] = []

    def make(
        *,
        path: str | None = None,
        preference: KernelPreference | None = None,
        sessions: SessionManager | None = None,
    ) -> SessionContext:
        context = SessionContext(
            sessions or default_sessions,
            specs,
            path=path or unique_path(),
            kernel_preference=preference or KernelPreference(),
        )
        made.append(context)
        return context

    try:
        yield make
    finally:
        paths = set()
        for context in made:
            paths.add(context.path)
            await context.dispose()
        async with SessionManager(settings, poll=False) as cleaner:
            for model in await cleaner.refresh_running():
                if model.path in paths:
                    await cleaner.shutdown(model.id)


async def test_initialize_starts_the_default_kernel(
    make_context: MakeContext, specs: KernelSpecManager
) -> None:
    context = make_context()
    assert context.kernel_display_name == "No Kernel"
    assert context.kernel_display_status == "initializing"
    assert not context.is_ready
    statuses: list[str] = []
    session_changes: list[ChangedArgs[SessionConnection | None]] = []
    kernel_changes: list[ChangedArgs[KernelConnection | None]] = []
    context.status_changed.connect(statuses.append)
    context.session_changed.connect(session_changes.append)
    context.kernel_changed.connect(kernel_changes.append)

    assert await context.initialize() is True
    await asyncio.wait_for(context.ready(), WAIT)
    assert context.is_ready
    session = context.session
    assert session is not None
    assert session.path == context.path
    kernel = context.kernel
    assert kernel is not None
    assert kernel.name == specs.default
    spec = specs.find(kernel.name)
    assert spec is not None
    assert context.kernel_display_name == spec.spec.display_name
    assert context.kernel_display_status in ("idle", "busy", "starting")
    assert statuses[0] == "starting"
    assert session_changes == [ChangedArgs("session", None, session)]
    assert kernel_changes == [ChangedArgs("kernel", None, kernel)]
    assert (await kernel.execute("2 + 2", timeout=WAIT)).text == "4"
    # A second initialize does nothing.
    assert await context.initialize() is False
    assert context.kernel is kernel


async def test_initialize_reuses_the_running_session_for_the_path(
    make_context: MakeContext, settings: ServerSettings
) -> None:
    path = unique_path()
    first = make_context(path=path)
    assert await first.initialize() is True
    assert first.kernel is not None
    await first.kernel.execute("marker = 'from-first'", timeout=WAIT)
    async with SessionManager(settings, poll=False) as other_manager:
        second = make_context(path=path, sessions=other_manager)
        assert await second.initialize() is False
        assert second.session is not None
        assert first.session is not None
        assert second.session.id == first.session.id
        assert second.kernel is not None
        assert second.kernel.id == first.kernel.id
        assert (await second.kernel.execute("marker", timeout=WAIT)).text == "'from-first'"
        await second.dispose()
    # Disposing the second context (no shutdown_on_dispose) left the kernel alone.
    assert (await first.kernel.execute("marker", timeout=WAIT)).text == "'from-first'"


async def test_preference_by_language_and_by_name(make_context: MakeContext) -> None:
    by_language = make_context(preference=KernelPreference(language="Python"))
    assert await by_language.initialize() is True
    assert by_language.kernel is not None
    assert by_language.kernel.name == "python3"

    by_name = make_context(preference=KernelPreference(name="python3", language="cobol"))
    assert await by_name.initialize() is True
    assert by_name.kernel is not None
    assert by_name.kernel.name == "python3"


async def test_preference_that_fits_nothing_raises(make_context: MakeContext) -> None:
    context = make_context(preference=KernelPreference(language="cobol"))
    with pytest.raises(NotFoundError, match="cobol"):
        await context.initialize()
    with pytest.raises(NotFoundError):
        await asyncio.wait_for(context.ready(), WAIT)
    assert context.session is None

    fallback = make_context(
        preference=KernelPreference(name="no-such-kernel", auto_start_default=True)
    )
    assert await fallback.initialize() is True
    assert fallback.kernel is not None
    assert fallback.kernel.name == "python3"


async def test_preference_by_kernel_id(make_context: MakeContext, kernels: KernelManager) -> None:
    kernel = await kernels.start_new("python3")
    await kernel.close()
    context = make_context(preference=KernelPreference(id=kernel.id, name="ignored"))
    assert await context.initialize() is True
    assert context.kernel is not None
    assert context.kernel.id == kernel.id


async def test_should_start_false_then_start_kernel(make_context: MakeContext) -> None:
    context = make_context(preference=KernelPreference(should_start=False))
    assert await context.initialize() is False
    await asyncio.wait_for(context.ready(), WAIT)
    assert context.is_ready
    assert context.session is None
    assert context.has_no_kernel
    assert context.kernel_display_name == "No Kernel"
    assert context.kernel_display_status == "unknown"

    changes: list[ChangedArgs[SessionConnection | None]] = []
    context.session_changed.connect(changes.append)
    kernel = await context.start_kernel()
    assert context.kernel is kernel
    assert [c.old for c in changes] == [None]
    assert (await kernel.execute("'started'", timeout=WAIT)).text == "'started'"


async def test_can_start_false_forbids_starting(make_context: MakeContext) -> None:
    context = make_context(preference=KernelPreference(can_start=False))
    assert await context.initialize() is False
    assert context.session is None
    assert context.kernel_display_status == "unknown"
    with pytest.raises(UnsupportedError):
        await context.start_kernel()


async def test_restart_kernel(make_context: MakeContext) -> None:
    context = make_context()
    await context.initialize()
    kernel = context.kernel
    assert kernel is not None
    await kernel.execute("x = 1", timeout=WAIT)
    seen: list[tuple[str, bool, str]] = []
    context.status_changed.connect(
        lambda status: seen.append((status, context.is_restarting, context.kernel_display_status))
    )
    await context.restart_kernel()
    assert seen[0] == ("restarting", True, "restarting")
    assert not context.is_restarting
    assert context.is_ready
    assert context.kernel is kernel, "a restart keeps the kernel and its connection"
    result = await kernel.execute("'x' in globals()", timeout=WAIT)
    assert result.text == "False"


async def test_restart_without_a_kernel_raises(make_context: MakeContext) -> None:
    context = make_context(preference=KernelPreference(should_start=False))
    await context.initialize()
    with pytest.raises(KernelError):
        await context.restart_kernel()


async def test_change_kernel_keeps_context_handlers(
    make_context: MakeContext, kernels: KernelManager
) -> None:
    context = make_context()
    await context.initialize()
    old = context.kernel
    assert old is not None
    iopub: list[AnyMessage] = []
    kernel_changes: list[ChangedArgs[KernelConnection | None]] = []
    context.iopub_message.connect(iopub.append)
    context.kernel_changed.connect(kernel_changes.append)
    new = await context.change_kernel(KernelRef(name="python3"))
    assert new.id != old.id
    assert context.kernel is new
    assert kernel_changes == [ChangedArgs("kernel", old, new)]
    assert await kernels.find_by_id(old.id) is None
    await new.execute("print('on-new', flush=True)", timeout=WAIT)
    assert "on-new" in stream_text(iopub)
    assert context.is_ready


async def test_change_kernel_without_a_session_starts_one(make_context: MakeContext) -> None:
    context = make_context(preference=KernelPreference(should_start=False))
    await context.initialize()
    kernel = await context.change_kernel(KernelRef(name="python3"))
    assert context.session is not None
    assert context.kernel is kernel


async def test_shutdown_then_start_again(make_context: MakeContext, kernels: KernelManager) -> None:
    context = make_context()
    await context.initialize()
    session = context.session
    kernel = context.kernel
    assert session is not None
    assert kernel is not None
    statuses: list[str] = []
    changes: list[ChangedArgs[SessionConnection | None]] = []
    context.status_changed.connect(statuses.append)
    context.session_changed.connect(changes.append)
    await context.shutdown()
    assert "terminating" in statuses
    assert not context.is_terminating
    assert context.session is None
    assert context.kernel_display_name == "No Kernel"
    assert changes == [ChangedArgs("session", session, None)]
    assert await kernels.find_by_id(kernel.id) is None
    await context.shutdown()  # nothing to shut down: no error

    again = await context.start_kernel()
    assert again.id != kernel.id
    assert context.session is not None


async def test_dispose_shuts_down_only_when_preferred(
    make_context: MakeContext, kernels: KernelManager
) -> None:
    keeper = make_context()
    await keeper.initialize()
    kept = keeper.kernel
    assert kept is not None
    disposed: list[None] = []
    keeper.disposed.connect(disposed.append)
    await keeper.dispose()
    assert disposed == [None]
    assert keeper.is_disposed
    assert keeper.session is None
    assert kept.is_disposed
    assert await kernels.find_by_id(kept.id) is not None
    with pytest.raises(ConnectionClosedError):
        await keeper.start_kernel()

    async with make_context(preference=KernelPreference(shutdown_on_dispose=True)) as closer:
        await closer.initialize()
        gone = closer.kernel
        assert gone is not None
    assert await kernels.find_by_id(gone.id) is None


async def test_should_reuse_false_replaces_the_kernel(
    make_context: MakeContext, kernels: KernelManager
) -> None:
    path = unique_path()
    first = make_context(path=path)
    await first.initialize()
    assert first.kernel is not None
    old_id = first.kernel.id
    fresh = make_context(path=path, preference=KernelPreference(should_reuse=False))
    assert await fresh.initialize() is True
    assert fresh.session is not None
    assert first.session is not None
    assert fresh.session.id == first.session.id, "Jupyter Server keeps one session per path"
    assert fresh.kernel is not None
    assert fresh.kernel.id != old_id
    assert await kernels.find_by_id(old_id) is None


async def test_session_shut_down_elsewhere_leaves_no_session(
    make_context: MakeContext, sessions: SessionManager, settings: ServerSettings
) -> None:
    context = make_context()
    await context.initialize()
    session = context.session
    assert session is not None
    changes: list[ChangedArgs[SessionConnection | None]] = []
    context.session_changed.connect(changes.append)
    async with SessionManager(settings, poll=False) as other:
        await other.shutdown(session.id)
    await sessions.refresh_running()
    assert context.session is None
    assert changes == [ChangedArgs("session", session, None)]
    assert context.kernel_display_name == "No Kernel"


async def test_path_follows_the_session_and_preference_changes_emit(
    make_context: MakeContext,
) -> None:
    context = make_context()
    await context.initialize()
    assert context.session is not None
    props: list[str] = []
    context.property_changed.connect(props.append)
    new_path = unique_path("moved")
    await context.session.set_path(new_path)
    assert context.path == new_path
    assert props == ["path"]

    prefs: list[ChangedArgs[KernelPreference]] = []
    context.kernel_preference_changed.connect(prefs.append)
    old = context.kernel_preference
    context.kernel_preference = KernelPreference(language="python")
    assert prefs == [ChangedArgs("kernel_preference", old, KernelPreference(language="python"))]


SECOND_PROCESS = textwrap.dedent(
    """
    import asyncio
    import sys

    from jupyter_sdk import ServerSettings
    from jupyter_sdk.kernelspecs import KernelSpecManager
    from jupyter_sdk.session_context import SessionContext
    from jupyter_sdk.sessions import SessionManager


    async def main(path: str) -> None:
        settings = ServerSettings.from_env()
        async with (
            SessionManager(settings, poll=False) as sessions,
            KernelSpecManager(settings, poll=False) as specs,
            SessionContext(sessions, specs, path=path) as context,
        ):
            started = await context.initialize()
            assert context.kernel is not None
            result = await context.kernel.execute("secret", timeout=30)
            print(context.kernel.id, started, result.text)


    asyncio.run(main(sys.argv[1]))
    """
)


async def test_second_process_attaches_to_the_same_kernel(
    make_context: MakeContext, server: LocalServer
) -> None:
    path = unique_path("shared")
    context = make_context(path=path)
    await context.initialize()
    assert context.kernel is not None
    await context.kernel.execute("secret = 'from-the-first-process'", timeout=WAIT)

    env = dict(os.environ, JUPYTER_SERVER_URL=server.url, JUPYTER_TOKEN=server.token)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SECOND_PROCESS,
        path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), 90)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err.decode(errors="replace")
    kernel_id, started, text = out.decode().split()
    assert kernel_id == context.kernel.id
    assert started == "False"
    assert text == "'from-the-first-process'"
    # The second process closed its connection only: the kernel still runs here.
    assert (await context.kernel.execute("secret", timeout=WAIT)).text == (
        "'from-the-first-process'"
    )

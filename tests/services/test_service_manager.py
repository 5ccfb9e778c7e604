"""ServiceManager: one client for every service; nothing left running after exit."""

from __future__ import annotations

import asyncio
import uuid

import attrs
import pytest

from jupyter_sdk import KernelManager, PollingPolicy, ServerSettings, ServiceManager, sync

pytestmark = pytest.mark.timeout(120)


async def test_services_compose_and_close(settings: ServerSettings) -> None:
    async with ServiceManager(settings) as services:
        assert services.is_ready
        info = await services.server_info()
        assert info.backend == "jupyter_server"
        assert {"kernels", "contents", "sessions", "terminals"} <= info.services
        assert info.version.startswith("2.")
        assert services.kernelspecs.specs is not None
        folder = f"t-{uuid.uuid4().hex[:8]}"
        await services.contents.save(folder, {"type": "directory"})
        session = await services.sessions.start_new(
            path=f"{folder}/n.ipynb", kernel={"name": "python3"}
        )
        assert session.kernel is not None
        result = await session.kernel.execute("'via session'")
        assert result.text == "'via session'"
        kernel_id = session.kernel.id
        await session.shutdown()
        await services.contents.delete(folder)
        tasks_before_exit = {t for t in asyncio.all_tasks() if not t.done()}
    # Polling and connections stopped: no task of ours survives the exit.
    leftover = {t for t in asyncio.all_tasks() if not t.done()} & tasks_before_exit
    assert leftover <= {asyncio.current_task()}
    async with KernelManager(settings, poll=False) as check:
        assert await check.find_by_id(kernel_id) is None


async def test_two_managers_see_each_others_kernels_within_one_poll(
    settings: ServerSettings,
) -> None:
    fast = attrs.evolve(settings, polling=PollingPolicy(interval=0.2))
    async with ServiceManager(fast) as first, ServiceManager(fast) as second:
        seen = asyncio.Event()
        kernel_ids: set[str] = set()

        def on_change(models: list[object]) -> None:
            kernel_ids.clear()
            kernel_ids.update(str(getattr(m, "id", "")) for m in models)
            seen.set()

        second.kernels.running_changed.connect(on_change)
        kernel = await first.kernels.start_new("python3")
        try:

            async def wait_for_it() -> None:
                while kernel.id not in kernel_ids:
                    seen.clear()
                    await seen.wait()

            await asyncio.wait_for(wait_for_it(), 10)
        finally:
            await kernel.shutdown()


def test_sync_service_manager(settings: ServerSettings) -> None:
    with sync.ServiceManager(settings, poll=False) as services:
        assert services.server_info().backend == "jupyter_server"
        kernel = services.kernels.start_new("python3")
        try:
            assert kernel.execute("2 ** 10").text == "1024"
            assert any(k.id == kernel.id for k in services.kernels.refresh_running())
        finally:
            kernel.shutdown()

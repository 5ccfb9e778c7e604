"""What differs on Jupyter Kernel Gateway: detection, missing services, the refused running
lists of a gateway without ``list_kernels``, the old session shape, and its 401."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from jupyter_sdk import (
    AuthenticationError,
    ContentsManager,
    ForbiddenError,
    JupyterError,
    KernelManager,
    NotFoundError,
    PollingPolicy,
    ServerSettings,
    ServiceManager,
    SessionManager,
    TerminalManager,
    UnsupportedError,
)
from jupyter_sdk._websocket import open_websocket
from jupyter_sdk.events import EventManager

from .conftest import Gateway

pytestmark = pytest.mark.timeout(60)

FAST_POLL = PollingPolicy(interval=0.05, max_interval=0.05, backoff=1.0)


async def test_server_info_says_kernel_gateway(kernel_gateway: Gateway) -> None:
    async with ServiceManager(kernel_gateway.settings) as services:
        info = await services.server_info()
    assert info.backend == "kernel_gateway"
    assert info.gateway_version is None
    assert info.hub_user is None
    assert info.lists_kernels
    assert {"kernels", "kernelspecs", "sessions"} <= info.services
    assert not {"contents", "terminals", "status", "nbconvert", "identity"} & info.services


async def test_missing_services_raise_unsupported(kernel_gateway: Gateway) -> None:
    # Without detection: the first 404 of a missing route says so.
    async with ContentsManager(kernel_gateway.settings) as contents:
        with pytest.raises(UnsupportedError, match="contents"):
            await contents.get("notebook.ipynb")
        with pytest.raises(UnsupportedError, match="contents"):
            await contents.get("")  # known now: refused before sending
    # After detection: every manager of a missing service, before any request.
    async with ServiceManager(kernel_gateway.settings) as services:
        await services.server_info()
        with pytest.raises(UnsupportedError, match="kernel_gateway"):
            await services.contents.get("")
        with pytest.raises(UnsupportedError, match="terminals"):
            await services.terminals.start_new()
        with pytest.raises(UnsupportedError, match="status"):
            await services.server.status()
        assert not await services.terminals.is_available()


async def test_missing_websocket_services_raise_unsupported(kernel_gateway: Gateway) -> None:
    # A gateway answers the upgrade of a route it lacks with a bare 404: not "no such
    # terminal" or "no such kernel" but no such service.
    async with EventManager(kernel_gateway.settings) as events:
        with pytest.raises(UnsupportedError, match="events"):
            await anext(aiter(events.stream()))
    with pytest.raises(UnsupportedError, match=r"terminals.*WEBSOCKET terminals/websocket/1"):
        await open_websocket(kernel_gateway.settings, "terminals/websocket/1", service="terminals")
    # A kernel it does not know stays NotFoundError.
    async with KernelManager(kernel_gateway.settings, poll=False) as kernels:
        with pytest.raises(NotFoundError):
            await kernels.connect_to("00000000-0000-0000-0000-000000000000")


async def test_unlisted_gateway_refuses_listing_once_and_stops_polling(
    kernel_gateway_unlisted: Gateway,
) -> None:
    settings = attrs.evolve(kernel_gateway_unlisted.settings, polling=FAST_POLL)
    failures: list[JupyterError] = []
    async with KernelManager(settings) as kernels:
        kernels.connection_failure.connect(failures.append)
        with pytest.raises(ForbiddenError):
            await kernels.refresh_running()
        assert len(failures) == 1
        # Many poll intervals later: no poll ran (none was started for a refused list).
        # The manager keeps its own list: what it started, less what it shut down.
        kernel = await kernels.start_new("python3")
        try:
            assert [k.id for k in kernels.running()] == [kernel.id]
            assert (await kernel.execute("1 + 1", timeout=30)).text == "2"
        finally:
            await kernels.shutdown(kernel.id)
        assert len(failures) == 1
        assert kernels.running() == []
    async with SessionManager(settings) as sessions:
        with pytest.raises(AuthenticationError):
            await sessions.refresh_running()
    async with ServiceManager(settings) as services:
        info = await services.server_info()
        assert info.backend == "kernel_gateway"
        assert not info.lists_kernels


async def test_poller_stops_at_first_refusal(kernel_gateway_unlisted: Gateway) -> None:
    settings = attrs.evolve(kernel_gateway_unlisted.settings, polling=FAST_POLL)
    failures: asyncio.Queue[JupyterError] = asyncio.Queue()
    async with KernelManager(settings, poll=False) as kernels:
        kernels.connection_failure.connect(failures.put_nowait)
        kernels._poller.start()
        first = await asyncio.wait_for(failures.get(), 10)
        assert isinstance(first, ForbiddenError)
        task = kernels._poller._task
        assert task is not None
        await asyncio.wait_for(asyncio.shield(task), 10)  # the poller ended by itself
        assert failures.empty()


async def test_sessions_accept_the_old_shape(kernel_gateway: Gateway) -> None:
    async with SessionManager(kernel_gateway.settings) as sessions:
        session = await sessions.start_new(path="work/a.ipynb", kernel={"name": "python3"})
        try:
            assert session.path == "work/a.ipynb"
            assert session.type == "notebook"
            assert session.kernel is not None
            result = await session.kernel.execute("'via session'", timeout=30)
            assert result.text == "'via session'"
            listed = await sessions.refresh_running()
            assert [s.path for s in listed if s.id == session.id] == ["work/a.ipynb"]
            # (GET /api/sessions/{id} itself answers 500 on Kernel Gateway 3.0.1.)
        finally:
            await sessions.shutdown(session.id)
        assert session.id not in {s.id for s in await sessions.refresh_running()}


async def test_wrong_or_missing_token_is_authentication_error(kernel_gateway: Gateway) -> None:
    for token in ("wrong", None):
        settings = ServerSettings(kernel_gateway.url, token=token)
        async with KernelManager(settings, poll=False) as kernels:
            with pytest.raises(AuthenticationError) as info:
                await kernels.refresh_running()
            assert info.value.status == 401
            assert "wrong" not in str(info.value)


async def test_terminal_manager_sees_no_terminals(kernel_gateway: Gateway) -> None:
    async with TerminalManager(kernel_gateway.settings) as terminals:
        assert not await terminals.is_available()
        with pytest.raises(UnsupportedError):
            await terminals.start_new()


async def test_notebooks_run_on_a_gateway(kernel_gateway: Gateway) -> None:
    from jupyter_sdk import run_notebooks

    notebooks = [
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "source": f"print('gateway', {i} * 2)",
                    "outputs": [],
                    "execution_count": None,
                }
            ],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        for i in range(3)
    ]
    runs = await run_notebooks(notebooks, settings=kernel_gateway.settings, jobs=2)
    assert [run.ok for run in runs] == [True, True, True]
    for i, run in enumerate(runs):
        assert run.notebook["cells"][0]["outputs"][0]["text"] == f"gateway {i * 2}\n"


def test_cli_status_on_a_gateway(kernel_gateway: Gateway) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    assert kernel_gateway.settings.token is not None
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-sdk"), "status", "--json",
         "--url", kernel_gateway.settings.base_url],
        env={"PATH": "/usr/bin:/bin", "JUPYTER_TOKEN": kernel_gateway.settings.token},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["backend"] == "kernel_gateway"
    assert "contents" not in data["services"]
    assert "kernels" not in data  # no /api/status on a gateway

"""JupyterHub: a user's server started and stopped through :mod:`jupyter_sdk.hub`, and the
SDK working through the hub's proxy at ``/user/<name>/`` with a narrowly scoped token."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from jupyter_sdk import (
    ForbiddenError,
    KernelManager,
    ServerNotRunningError,
    ServerSettings,
    ServiceManager,
)
from jupyter_sdk.cli.hub import hub as hub_cli
from jupyter_sdk.errors import ConflictError
from jupyter_sdk.hub import HubClient, SpawnProgress
from jupyter_sdk.local import alive, descendants
from jupyter_sdk.protocol import WireProtocol
from jupyter_sdk.sync.hub import HubClient as SyncHubClient

from .conftest import Hub

pytestmark = pytest.mark.timeout(90)

ACCESS = "access:servers!user={}"


@pytest.fixture
async def admin(jupyterhub: Hub) -> AsyncIterator[HubClient]:
    """The hub's admin service (``admin:users``, ``servers``, ``tokens``)."""
    async with HubClient(jupyterhub.api_url, jupyterhub.admin_token) as client:
        yield client


async def _user(admin: HubClient, name: str) -> None:
    with contextlib.suppress(ConflictError):
        await admin.create_user(name)


def _server_pids(hub: Hub, user: str) -> set[int]:
    """The PIDs of ``user``'s single-user server and of everything it started."""
    found: set[int] = set()
    for pid in descendants(hub.process.pid):
        with contextlib.suppress(OSError):
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            if f"JUPYTERHUB_USER={user}".encode() in environ:
                found.add(pid)
    return found


async def _run_notebook(services: ServiceManager, path: str) -> list[str]:
    """Run a small notebook through a session, cell by cell; its outputs' texts."""
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": [
            {"cell_type": "code", "id": f"c{i}", "source": source, "metadata": {},
             "outputs": [], "execution_count": None}
            for i, source in enumerate(["x = 6 * 7", "print('x is', x)", "x + 1"])
        ],
    }  # fmt: skip
    await services.contents.write_notebook(path, notebook)
    session = await services.sessions.start_new(path=path, kernel={"name": "python3"})
    try:
        assert session.kernel is not None
        texts = []
        for cell in notebook["cells"]:
            assert isinstance(cell, dict)
            result = await session.kernel.execute(str(cell["source"]), timeout=30)
            texts.append(result.stdout + result.text)
        return texts
    finally:
        await services.sessions.shutdown(session.id)


async def test_start_use_and_stop_a_user_server(admin: HubClient, jupyterhub: Hub) -> None:
    await _user(admin, "alice")
    events: list[SpawnProgress] = []
    server = await admin.start_server("alice", progress=events.append, timeout=60)
    assert server.state == "running"
    assert server.url == "/user/alice/"
    assert events
    assert events[-1].ready
    assert (await admin.server_status("alice")).ready

    # A token that can only reach alice's server: enough for REST and websockets.
    token = await admin.create_token([ACCESS.format("alice")], name="alice", expires_in=600)
    assert token.token not in repr(token)
    settings = admin.server_settings("alice", token=token.token)
    assert settings.base_url == f"{jupyterhub.public_url}user/alice/"
    async with ServiceManager(settings) as services:
        info = await services.server_info()
        assert info.backend == "jupyterhub"
        assert info.hub_user == "alice"
        assert info.hub_version == await admin.version()
        assert {"contents", "terminals", "kernels"} <= info.services
        assert not {"lab_settings", "workspaces", "builder"} & info.services  # as before
        for protocol in (WireProtocol.V1, WireProtocol.LEGACY):
            kernel = await services.kernels.start_new("python3", protocol=protocol)
            try:
                assert kernel.protocol is protocol
                result = await kernel.execute("import os\nos.environ['JUPYTERHUB_USER']")
                assert result.text == "'alice'"
            finally:
                await services.kernels.shutdown(kernel.id)
        texts = await _run_notebook(services, "demo.ipynb")
        assert texts == ["", "x is 42\n", "43"]
        assert (jupyterhub.home("alice") / "demo.ipynb").exists()

        pids = _server_pids(jupyterhub, "alice")
        assert pids
        stopped = await admin.stop_server("alice", timeout=60)
        assert stopped.state == "stopped"
        assert not [pid for pid in pids if alive(pid)], "alice's server left processes"

        # GET: 302 to /hub/user/alice/..., which answers 424 with the restart hint.
        with pytest.raises(ServerNotRunningError) as info_get:
            await services.kernels.refresh_running()
        assert info_get.value.status == 424
        assert info_get.value.hint is not None
        assert "hub/spawn/alice" in info_get.value.hint
        # POST: the hub's XSRF refusal (403 HTML), recognised as the same.
        with pytest.raises(ServerNotRunningError) as info_post:
            await services.kernels.start_new("python3")
        assert info_post.value.method == "POST"
        assert info_post.value.hint is not None


async def test_scoped_tokens(admin: HubClient, jupyterhub: Hub) -> None:
    await _user(admin, "bob")
    await _user(admin, "alice")
    access = await admin.create_token([ACCESS.format("bob")], name="bob", expires_in=600)
    async with HubClient(jupyterhub.api_url, access.token) as as_bob:
        me = await as_bob.whoami()
        assert (me.kind, me.name) == ("user", "bob")
        assert ACCESS.format("bob") in me.scopes
        assert as_bob.user == "bob"
        with pytest.raises(ForbiddenError):
            await as_bob.start_server()  # access is not servers!user=bob
    # bob's token does not open alice's server; nor does a wrong one.
    await admin.start_server("alice", timeout=60)
    try:
        for token in (access.token, "wrong"):
            settings = admin.server_settings("alice", token=token)
            async with KernelManager(settings, poll=False) as kernels:
                with pytest.raises(ForbiddenError):
                    await kernels.refresh_running()
    finally:
        await admin.stop_server("alice", timeout=60)


async def test_crashed_server_is_503_with_hint(admin: HubClient, jupyterhub: Hub) -> None:
    await _user(admin, "carol")
    await admin.start_server("carol", timeout=60)
    token = await admin.create_token([ACCESS.format("carol")], name="carol", expires_in=600)
    try:
        async with KernelManager(admin.server_settings("carol", token=token.token)) as kernels:
            for pid in _server_pids(jupyterhub, "carol"):
                os.kill(pid, signal.SIGKILL)
            # Until the hub notices (its poll), the proxy still routes there: 503.
            with pytest.raises(ServerNotRunningError) as info:
                await kernels.refresh_running()
            assert info.value.status in (503, 424)
            assert info.value.hint
    finally:
        await admin.stop_server("carol", timeout=60)


async def test_cli_start_status_stop(jupyterhub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_API_URL", jupyterhub.api_url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", jupyterhub.admin_token)
    async with HubClient(jupyterhub.api_url, jupyterhub.admin_token) as admin:
        await _user(admin, "dave")
    runner = CliRunner()

    def invoke(*args: str) -> dict[str, object]:
        result = runner.invoke(hub_cli, [*args, "--user", "dave", "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert isinstance(data, dict)
        return data

    started = await asyncio.to_thread(invoke, "start")
    assert started["state"] == "running"
    assert started["url"] == f"{jupyterhub.public_url}user/dave/"
    assert (await asyncio.to_thread(invoke, "status"))["state"] == "running"
    assert (await asyncio.to_thread(invoke, "stop"))["state"] == "stopped"
    assert (await asyncio.to_thread(invoke, "status"))["state"] == "stopped"
    # A refused token: exit 3, one line, no token.
    result = await asyncio.to_thread(
        runner.invoke, hub_cli, ["status", "--user", "dave", "--token", "not-a-token"]
    )
    assert result.exit_code == 3
    assert "not-a-token" not in result.output


def test_sync_client_and_from_env(jupyterhub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_API_URL", jupyterhub.api_url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", jupyterhub.admin_token)
    monkeypatch.setenv("JUPYTERHUB_USER", "erin")
    with SyncHubClient.from_env() as client:
        assert client.user == "erin"
        assert client.public_url == jupyterhub.public_url
        me = client.whoami()
        assert (me.kind, me.name) == ("service", "sdk-admin")
        with contextlib.suppress(ConflictError):
            client.create_user("erin")
        assert client.server_status().state == "stopped"  # name=None: JUPYTERHUB_USER
        settings = client.server_settings()
        assert isinstance(settings, ServerSettings)
        assert settings.base_url == f"{jupyterhub.public_url}user/erin/"

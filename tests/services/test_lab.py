"""JupyterLab's own services (settings, workspaces, build) against a real JupyterLab 4.6,
and UnsupportedError on the suite's plain Jupyter Server.

The JupyterLab server runs without Node.js on its PATH: JupyterLab then reports the build
as "stable" without checking, and a build fails at once instead of running ``jlpm``
(a real build takes minutes and fetches packages). So build() and cancel() are proven
to reach the server and to map its answers (a failed build, no current build); a
successful build and the "building"/"needed" states are not exercised here.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator

import pytest

from jupyter_sdk import (
    BadRequestError,
    BuildStatus,
    NotFoundError,
    PluginSettings,
    ServerError,
    ServerSettings,
    ServiceManager,
    SettingManager,
    UnsupportedError,
    Workspace,
    WorkspaceManager,
    sync,
)
from jupyter_sdk.local import LocalServer, alive

pytestmark = pytest.mark.timeout(120)

THEMES = "@jupyterlab/apputils-extension:themes"
JSON5 = """{
    // Dark, as users write it: comments, unquoted keys, a trailing comma.
    theme: "JupyterLab Dark",
}"""


@pytest.fixture(scope="module")
def lab() -> Iterator[LocalServer]:
    """A Jupyter Server with JupyterLab (as installed), without Node.js on its PATH."""
    server = LocalServer(isolate=True, env={"PATH": os.path.dirname(sys.executable)})
    server.start()
    try:
        yield server
    finally:
        children = server.children()
        server.stop()
        leftover = [pid for pid in children if alive(pid)]
        assert not leftover, f"processes left behind: {leftover}"


async def test_settings_list_fetch_and_save_keep_the_json5_text(lab: LocalServer) -> None:
    async with ServiceManager(lab.settings, poll=False) as services:
        listed = await services.lab_settings.list()
        assert len(listed) > 20
        assert all(isinstance(entry, PluginSettings) for entry in listed)
        themes = next(entry for entry in listed if entry.id == THEMES)
        assert themes.raw == "{}"
        assert "theme" in themes.schema["properties"]  # type: ignore[operator]

        await services.lab_settings.save(THEMES, JSON5)
        fetched = await services.lab_settings.fetch(THEMES)
        assert fetched.raw == JSON5  # comments and all, byte for byte
        assert fetched.settings == {"theme": "JupyterLab Dark"}
        assert fetched.last_modified is not None
        again = next(e for e in await services.lab_settings.list() if e.id == THEMES)
        assert again.raw == JSON5

        await services.lab_settings.save(THEMES, "{}")
        assert (await services.lab_settings.fetch(THEMES)).settings == {}


async def test_settings_errors_are_typed(lab: LocalServer) -> None:
    async with SettingManager(lab.settings) as settings:
        with pytest.raises(NotFoundError, match="Schema not found"):
            await settings.fetch("@nobody/no-such-extension:plugin")
        with pytest.raises(NotFoundError):
            await settings.save("@nobody/no-such-extension:plugin", "{}")
        with pytest.raises(BadRequestError, match="is not of type 'string'"):
            await settings.save(THEMES, '{"theme": 3}')  # the schema says a string
        with pytest.raises(ServerError, match="JSON5"):
            await settings.save(THEMES, "{not: json5,,")
        with pytest.raises(TypeError):
            await settings.save(THEMES, {"theme": "x"})  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="plugin id"):
            await settings.fetch("")
        assert (await settings.fetch(THEMES)).settings == {}  # nothing was saved


async def test_workspaces_crud(lab: LocalServer) -> None:
    name = f"ws-{uuid.uuid4().hex[:8]}"
    other = f"{name}-b"
    async with WorkspaceManager(lab.settings) as workspaces:
        never = await workspaces.fetch(name)
        assert never.data == {}  # JupyterLab answers an empty workspace, not a 404
        assert never.metadata["id"] == f"/{name}"

        layout = {"layout-restorer:data": {"main": {"dock": None}}, "file-browser:cwd": "x"}
        await workspaces.save(name, {"data": layout})  # metadata.id filled in
        await workspaces.save(other, Workspace(data={"a": [1, 2]}, metadata={"id": other}))

        fetched = await workspaces.fetch(name)
        assert fetched.data == layout
        assert fetched.id == name
        assert fetched.metadata["last_modified"]
        listed = {w.id: w for w in await workspaces.list()}
        assert listed[name].data == layout
        assert listed[other].data == {"a": [1, 2]}

        with pytest.raises(BadRequestError, match="mismatch"):
            await workspaces.save(name, Workspace(data={}, metadata={"id": other}))
        assert (await workspaces.fetch(name)).data == layout

        await workspaces.remove(name)
        await workspaces.remove(other)
        assert not {name, other} & {w.id for w in await workspaces.list()}
        with pytest.raises(NotFoundError):
            await workspaces.remove(name)
        with pytest.raises(ValueError, match="data and metadata"):
            await workspaces.save(name, {"data": [1]})


async def test_build_status_options_build_and_cancel(lab: LocalServer) -> None:
    async with ServiceManager(lab.settings, poll=False) as services:
        builder = services.builder
        assert await builder.is_available() is True  # not core or dev mode
        assert await builder.should_check() is True
        # Without Node.js JupyterLab cannot check, and says "stable".
        assert await builder.get_status() == BuildStatus(status="stable", message="")
        with pytest.raises(ServerError) as failed:
            await builder.build(timeout=60)
        assert failed.value.status == 500
        assert failed.value.message  # the server's reason, e.g. no Node.js
        with pytest.raises(ServerError, match="No current build"):
            await builder.cancel()


async def test_server_info_lists_jupyterlab_services(
    lab: LocalServer, settings: ServerSettings
) -> None:
    lab_services = {"lab_settings", "workspaces", "builder"}
    async with ServiceManager(lab.settings, poll=False) as services:
        assert lab_services <= (await services.server_info()).services
        assert (await services.lab_settings.fetch(THEMES)).id == THEMES
    async with ServiceManager(settings, poll=False) as services:
        assert not lab_services & (await services.server_info()).services


async def test_plain_server_raises_unsupported(settings: ServerSettings) -> None:
    """The suite's server runs without JupyterLab (WITHOUT_JUPYTERLAB)."""
    async with ServiceManager(settings, poll=False) as services:
        with pytest.raises(UnsupportedError, match="lab_settings"):
            await services.lab_settings.list()
        with pytest.raises(UnsupportedError):
            await services.lab_settings.fetch(THEMES)  # now refused before sending
        with pytest.raises(UnsupportedError, match="workspaces"):
            await services.workspaces.fetch("lab")
        with pytest.raises(UnsupportedError):
            await services.workspaces.save("lab", {"data": {}})
        with pytest.raises(UnsupportedError, match="builder"):
            await services.builder.get_status()
        with pytest.raises(UnsupportedError):
            await services.builder.is_available()
        with pytest.raises(UnsupportedError):
            await services.builder.cancel()
        # The rest of the server is unaffected.
        assert await services.contents.get("", content=False)


def test_sync_twins(lab: LocalServer) -> None:
    name = f"ws-{uuid.uuid4().hex[:8]}"
    with sync.ServiceManager(lab.settings, poll=False) as services:
        assert any(e.id == THEMES for e in services.lab_settings.list())
        services.lab_settings.save(THEMES, JSON5)
        assert services.lab_settings.fetch(THEMES).raw == JSON5
        services.lab_settings.save(THEMES, "{}")
        services.workspaces.save(name, {"data": {"k": "v"}})
        assert services.workspaces.fetch(name).data == {"k": "v"}
        assert name in {w.id for w in services.workspaces.list()}
        services.workspaces.remove(name)
        assert services.builder.get_status().status == "stable"
        assert services.builder.is_available()
        with pytest.raises(ServerError, match="No current build"):
            services.builder.cancel()
    with sync.WorkspaceManager(lab.settings) as workspaces:
        assert name not in {w.id for w in workspaces.list()}
    with sync.SettingManager(lab.settings) as lab_settings:
        assert lab_settings.fetch(THEMES).settings == {}
    with sync.BuildManager(lab.settings) as builder:
        assert builder.should_check()

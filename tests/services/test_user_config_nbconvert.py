"""UserManager, ConfigSection/ConfigWithDefaults, NbConvertManager and ServerAPI against
real servers (shutdown on a server of the test's own)."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import jupyter_server
import pytest

from jupyter_sdk import ServerSettings
from jupyter_sdk.config import ConfigSection, ConfigWithDefaults
from jupyter_sdk.contents import ContentsManager
from jupyter_sdk.errors import (
    BadRequestError,
    ForbiddenError,
    InvalidPathError,
    NetworkError,
    NotFoundError,
)
from jupyter_sdk.local import WITHOUT_JUPYTERLAB, LocalServer
from jupyter_sdk.models import Identity
from jupyter_sdk.nbconvert import NbConvertManager
from jupyter_sdk.server import ServerAPI
from jupyter_sdk.user import UserManager

pytestmark = pytest.mark.timeout(120)

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c1",
            "metadata": {},
            "outputs": [],
            "source": "print('exported')",
        },
        {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "## A heading"},
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


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


# -- user ------------------------------------------------------------------------------


async def test_user_identity_and_permissions(settings: ServerSettings) -> None:
    user = UserManager(
        settings, permissions={"contents": ["read", "write"], "kernels": ["execute"]}
    )
    assert not user.is_ready
    assert user.identity is None
    assert user.permissions is None
    seen: list[Identity] = []
    user.user_changed.connect(seen.append)
    async with user:
        assert user.is_ready
        identity = user.identity
        assert identity is not None
        assert identity.username
        assert identity.name
        assert seen == [identity]
        permissions = user.permissions
        assert permissions is not None
        assert permissions["contents"] == ["read", "write"]
        assert permissions["kernels"] == ["execute"]
        assert "display_name" in permissions["updatable_fields"]
        assert await user.ready() is identity
        assert (await user.refresh_user()).username == identity.username
        assert len(seen) == 1  # unchanged identity: no new emission
    await user.close()  # idempotent


async def test_user_update(settings: ServerSettings) -> None:
    async with UserManager(settings) as user:
        changed = asyncio.Event()
        user.user_changed.connect(lambda _: changed.set())
        identity = await user.update(display_name="Ada L.", initials="AL", color="#336699")
        assert identity.display_name == "Ada L."
        assert identity.initials == "AL"
        assert identity.color == "#336699"
        assert user.identity is identity
        await asyncio.wait_for(changed.wait(), 10)
        with pytest.raises(ValueError, match="at least one"):
            await user.update()


async def test_user_update_of_a_field_the_server_refuses() -> None:
    server = LocalServer(
        isolate=True,
        extra_args=["--IdentityProvider.updatable_fields=color"],
        server_extensions=WITHOUT_JUPYTERLAB,
    )
    await asyncio.to_thread(server.start)
    try:
        async with UserManager(server.settings) as user:
            assert user.permissions is not None
            assert user.permissions["updatable_fields"] == ["color"]
            with pytest.raises(BadRequestError, match="not updatable"):
                await user.update(name="someone else")
            assert (await user.update(color="red")).color == "red"
    finally:
        await asyncio.to_thread(server.stop)


# -- config ----------------------------------------------------------------------------


async def test_config_section_update_set_and_defaults(settings: ServerSettings) -> None:
    name = f"sdktest_{uuid.uuid4().hex[:8]}"
    async with await ConfigSection.create(name, settings) as section:
        assert section.data == {}
        assert await section.update({"a": {"b": 1}, "top": "x"}) == {"a": {"b": 1}, "top": "x"}
        merged = await section.update({"a": {"c": 2}})
        assert merged == {"a": {"b": 1, "c": 2}, "top": "x"}  # a deep merge
        assert await section.update({"a": {"b": None}}) == {"a": {"c": 2}, "top": "x"}
        assert section.data == {"a": {"c": 2}, "top": "x"}

        await section.set({"only": [1, 2, 3]})
        assert section.data == {"only": [1, 2, 3]}
        assert await section.load() == {"only": [1, 2, 3]}

        other = await ConfigSection.create(name, settings)
        try:
            assert other.data == {"only": [1, 2, 3]}  # it is the server's, not the object's
        finally:
            await other.close()

        plain = ConfigWithDefaults(section, {"only": [], "missing": "default"})
        assert plain.get("only") == [1, 2, 3]
        assert plain.get("missing") == "default"
        assert plain.get("unknown") is None

        scoped = ConfigWithDefaults(section, {"theme": "light", "size": 12}, "Editor")
        assert scoped.get("theme") == "light"
        await scoped.set("theme", "dark")
        assert section.data["Editor"] == {"theme": "dark"}
        assert scoped.get("theme") == "dark"
        assert scoped.get("size") == 12
        assert scoped.get("only") is None  # top-level keys are not the class's
        await section.set({})
    await section.close()  # idempotent


async def test_config_section_names_are_checked(settings: ServerSettings) -> None:
    for bad in ["../etc", "a/b", "", "a b", "nb.config"]:
        with pytest.raises(InvalidPathError):
            ConfigSection(bad, settings)


# -- nbconvert -------------------------------------------------------------------------


async def test_nbconvert_formats_and_exports(
    settings: ServerSettings, contents: ContentsManager, tmp: str, tmp_path: Path
) -> None:
    async with NbConvertManager(settings) as nbconvert:
        formats = await nbconvert.get_export_formats()
        assert formats["html"] == "text/html"
        assert formats["python"] == "text/x-python"
        assert formats["markdown"] == "text/markdown"

        path = f"{tmp}/my nb #1.ipynb"
        await contents.write_notebook(path, NOTEBOOK)
        script = await nbconvert.export(path, "python")
        assert b"print('exported')" in script
        assert b"## A heading" in script

        target = await nbconvert.export(path, "html", tmp_path / "out.html", download=True)
        assert target == tmp_path / "out.html"
        html = target.read_text(encoding="utf-8")
        assert "<html" in html
        assert "exported" in html
        assert not (tmp_path / "out.html.part").exists()

        markdown = await nbconvert.export(path, "markdown", chunk_size=16)
        assert b"## A heading" in markdown

        with pytest.raises(NotFoundError):
            await nbconvert.export(f"{tmp}/missing.ipynb", "html")
        with pytest.raises(NotFoundError):
            await nbconvert.export(f"{tmp}/missing.ipynb", "html", tmp_path / "none.html")
        assert not (tmp_path / "none.html").exists()
        assert not (tmp_path / "none.html.part").exists()
        for bad_format in ["../html", "html/x", "", "ht ml"]:
            with pytest.raises(InvalidPathError):
                await nbconvert.export(path, bad_format)
        with pytest.raises(InvalidPathError):
            await nbconvert.export(f"{tmp}/../x.ipynb", "html")
    await nbconvert.close()  # idempotent


# -- server ----------------------------------------------------------------------------


async def test_server_status_version_and_spec(settings: ServerSettings) -> None:
    async with ServerAPI(settings) as api:
        assert await api.version() == jupyter_server.__version__
        status = await api.status()
        assert status.kernels >= 0
        assert status.connections >= 0
        assert status.started <= status.last_activity
        spec = await api.spec()
        assert "Jupyter Server API" in spec
        assert "/api/contents/{path}" in spec


async def test_server_shutdown() -> None:
    server = LocalServer(isolate=True, server_extensions=WITHOUT_JUPYTERLAB)
    await asyncio.to_thread(server.start)
    process = server._process
    assert process is not None
    try:
        async with ServerAPI(server.settings) as api:
            with pytest.raises(ForbiddenError):
                async with ServerAPI(ServerSettings(server.url, token="wrong")) as intruder:
                    await intruder.shutdown_server()
            await api.shutdown_server()
            assert await asyncio.to_thread(process.wait, 30) == 0
            with pytest.raises(NetworkError):
                await api.status()
    finally:
        await asyncio.to_thread(server.stop)

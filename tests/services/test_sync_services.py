"""The blocking twins of the service classes: a few calls of each through the portal."""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from jupyter_sdk import ServerSettings
from jupyter_sdk.contents import FileChange
from jupyter_sdk.errors import InvalidPathError, NotFoundError
from jupyter_sdk.local import LocalServer
from jupyter_sdk.sync.services import (
    ConfigSection,
    ConfigWithDefaults,
    ContentsManager,
    EventManager,
    NbConvertManager,
    ServerAPI,
    UserManager,
)

pytestmark = pytest.mark.timeout(120)

CONTENTS_SCHEMA = "https://events.jupyter.org/jupyter_server/contents_service/v1"


@pytest.fixture
def tmp(server: LocalServer) -> Iterator[str]:
    name = f"t-{uuid.uuid4().hex[:8]}"
    (server.root_dir / name).mkdir()
    try:
        yield name
    finally:
        shutil.rmtree(server.root_dir / name, ignore_errors=True)


def test_sync_contents(settings: ServerSettings, tmp: str, tmp_path: Path) -> None:
    changes: list[FileChange] = []
    with ContentsManager(settings) as contents:
        contents.file_changed.connect(changes.append)
        contents.write_text(f"{tmp}/a.txt", "hello")
        assert contents.read_text(f"{tmp}/a.txt") == "hello"
        contents.write_bytes(f"{tmp}/b.bin", b"\x00\x01")
        assert contents.read_bytes(f"{tmp}/b.bin") == b"\x00\x01"
        listing = contents.get(tmp)
        assert isinstance(listing.content, list)
        assert sorted(c.name for c in listing.content) == ["a.txt", "b.bin"]
        contents.upload(b"x" * 1000, f"{tmp}/up.bin", chunk_size=300)
        assert contents.download(f"{tmp}/up.bin") == b"x" * 1000
        out = contents.download(f"{tmp}/up.bin", tmp_path / "up.bin")
        assert out.read_bytes() == b"x" * 1000
        renamed = contents.rename(f"{tmp}/a.txt", f"{tmp}/c.txt")
        assert renamed.path == f"{tmp}/c.txt"
        checkpoint = contents.create_checkpoint(f"{tmp}/c.txt")
        contents.write_text(f"{tmp}/c.txt", "changed")
        contents.restore_checkpoint(f"{tmp}/c.txt", checkpoint.id)
        assert contents.read_text(f"{tmp}/c.txt") == "hello"
        contents.delete(f"{tmp}/c.txt")
        with pytest.raises(NotFoundError):
            contents.get(f"{tmp}/c.txt")
        with pytest.raises(InvalidPathError):
            contents.get(f"{tmp}/../x")
        assert "token" not in contents.get_download_url(f"{tmp}/b.bin")
    assert [c.type for c in changes] == ["save", "save", "save", "rename", "save", "delete"]


def test_sync_events_config_user_nbconvert_server(
    settings: ServerSettings, tmp: str, server: LocalServer
) -> None:
    with EventManager(settings) as events, events.subscribe() as subscription:
        assert subscription.status == "connected"
        events.emit(CONTENTS_SCHEMA, 1, {"action": "get", "path": f"{tmp}/sync"})
        for event in subscription:
            if event.get("path") == f"{tmp}/sync":
                break
        assert event["schema_id"] == CONTENTS_SCHEMA

    section = ConfigSection.create(f"sdksync_{uuid.uuid4().hex[:8]}", settings)
    with section:
        assert section.update({"Cls": {"k": 1}}) == {"Cls": {"k": 1}}
        values = ConfigWithDefaults(section, {"k": 0, "d": "default"}, "Cls")
        assert values.get("k") == 1
        assert values.get("d") == "default"
        values.set("d", "set")
        assert section.data == {"Cls": {"k": 1, "d": "set"}}
        section.set({})

    with UserManager(settings) as user:
        assert user.is_ready
        identity = user.identity
        assert identity is not None
        assert identity.username
        assert user.update(color="#123456").color == "#123456"

    (server.root_dir / tmp / "n.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "execution_count": null, "id": "c", "metadata": {},'
        ' "outputs": [], "source": "1 + 1"}], "metadata": {}, "nbformat": 4,'
        ' "nbformat_minor": 5}'
    )
    with NbConvertManager(settings) as nbconvert:
        assert "python" in nbconvert.get_export_formats()
        assert b"1 + 1" in nbconvert.export(f"{tmp}/n.ipynb", "python")

    with ServerAPI(settings) as api:
        assert api.version()
        assert api.status().kernels >= 0


def test_sync_callbacks_run_on_the_loop_thread(settings: ServerSettings, tmp: str) -> None:
    threads: list[int] = []
    with ContentsManager(settings) as contents:
        contents.file_changed.connect(lambda _: threads.append(threading.get_ident()))
        contents.write_text(f"{tmp}/t.txt", "t")
    assert threads
    assert threads != [threading.get_ident()]

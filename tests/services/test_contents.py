"""ContentsManager against a real server: every method, typed errors, path checks without
requests, special-character names, a 50 MB chunked upload with bounded memory and a
streamed download, file_changed, and a drive routed by ``name:path``."""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import os
import shutil
import tracemalloc
import unicodedata
import uuid
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Literal

import httpx
import pytest

from jupyter_sdk import ServerSettings
from jupyter_sdk.contents import ContentsManager, Drive, FileChange
from jupyter_sdk.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConnectionClosedError,
    InvalidPathError,
    NotFoundError,
    UnsupportedError,
)
from jupyter_sdk.local import LocalServer
from jupyter_sdk.models import Checkpoint, Contents, ContentsType

pytestmark = pytest.mark.timeout(120)

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "markdown",
            "id": "md-1",
            "metadata": {},
            "source": "# Title\nwith *markdown*",
        },
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": "code-1",
            "metadata": {"tags": ["a"]},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": "hi\n"}],
            "source": "print('hi')",
        },
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.fixture
async def contents(settings: ServerSettings) -> AsyncIterator[ContentsManager]:
    async with ContentsManager(settings) as manager:
        yield manager


@pytest.fixture
async def tmp(contents: ContentsManager, server: LocalServer) -> AsyncIterator[str]:
    """A fresh folder of the server's root for one test, removed afterwards."""
    name = f"t-{uuid.uuid4().hex[:8]}"
    await contents.save(name, {"type": "directory"})
    try:
        yield name
    finally:
        shutil.rmtree(server.root_dir / name, ignore_errors=True)


async def test_text_bytes_and_notebook_round_trips(contents: ContentsManager, tmp: str) -> None:
    text = "line 1\nünïcödé ✓\n"
    model = await contents.write_text(f"{tmp}/a.txt", text)
    assert model.path == f"{tmp}/a.txt"
    assert model.type_ == "file"
    assert await contents.read_text(f"{tmp}/a.txt") == text

    data = bytes(range(256)) * 3
    await contents.write_bytes(f"{tmp}/b.bin", data)
    assert await contents.read_bytes(f"{tmp}/b.bin") == data
    got = await contents.get(f"{tmp}/b.bin", format="base64", hash=True)
    assert got.format_ == "base64"
    assert isinstance(got.content, str)
    assert base64.b64decode(got.content) == data
    assert got.hash_ == hashlib.sha256(data).hexdigest()

    await contents.write_notebook(f"{tmp}/n.ipynb", NOTEBOOK)
    nb = await contents.read_notebook(f"{tmp}/n.ipynb")
    cells = nb["cells"]
    assert isinstance(cells, list)
    for cell in cells:  # the server marks code cells of a trusted notebook on read
        assert isinstance(cell, dict)
        metadata = cell["metadata"]
        assert isinstance(metadata, dict)
        metadata.pop("trusted", None)
    assert cells == NOTEBOOK["cells"]
    assert nb["nbformat"] == 4
    nb_meta = nb["metadata"]
    assert isinstance(nb_meta, dict)
    assert nb_meta["kernelspec"] == NOTEBOOK["metadata"]["kernelspec"]

    listing = await contents.get(tmp)
    assert listing.type_ == "directory"
    assert isinstance(listing.content, list)
    assert sorted(c.name for c in listing.content) == ["a.txt", "b.bin", "n.ipynb"]
    bare = await contents.get(f"{tmp}/a.txt", content=False)
    assert bare.content is None


async def test_save_model_as_the_rest_body(contents: ContentsManager, tmp: str) -> None:
    saved = await contents.save(
        f"{tmp}/raw.txt", {"type": "file", "format": "text", "content": "raw"}
    )
    assert saved.content is None
    assert await contents.read_text(f"{tmp}/raw.txt") == "raw"
    folder = await contents.save(f"{tmp}/sub", {"type": "directory"})
    assert folder.type_ == "directory"
    with pytest.raises(BadRequestError):
        await contents.save(f"{tmp}/bad.txt", {"type": "nonsense", "content": "x"})


async def test_new_untitled_rename_copy_delete(contents: ContentsManager, tmp: str) -> None:
    untitled = await contents.new_untitled(tmp, type="file", ext=".py")
    assert untitled.path.startswith(f"{tmp}/untitled")
    assert untitled.name.endswith(".py")
    notebook = await contents.new_untitled(tmp, type="notebook")
    assert notebook.type_ == "notebook"
    folder = await contents.new_untitled(tmp, type="directory")
    assert folder.type_ == "directory"

    await contents.write_text(untitled.path, "x = 1\n")
    renamed = await contents.rename(untitled.path, f"{tmp}/moved.py")
    assert renamed.path == f"{tmp}/moved.py"
    with pytest.raises(NotFoundError):
        await contents.get(untitled.path)

    copied = await contents.copy(f"{tmp}/moved.py", folder.path)
    assert copied.path == f"{folder.path}/moved.py"
    assert await contents.read_text(copied.path) == "x = 1\n"
    second = await contents.copy(f"{tmp}/moved.py", tmp)
    assert second.path != f"{tmp}/moved.py"
    assert "Copy" in second.name

    await contents.delete(copied.path)
    with pytest.raises(NotFoundError):
        await contents.get(copied.path)


async def test_checkpoints_restore_old_content(contents: ContentsManager, tmp: str) -> None:
    path = f"{tmp}/c.txt"
    await contents.write_text(path, "version 1")
    checkpoint = await contents.create_checkpoint(path)
    assert isinstance(checkpoint, Checkpoint)
    assert [c.id for c in await contents.list_checkpoints(path)] == [checkpoint.id]

    await contents.write_text(path, "version 2")
    assert await contents.read_text(path) == "version 2"
    await contents.restore_checkpoint(path, checkpoint.id)
    assert await contents.read_text(path) == "version 1"

    await contents.delete_checkpoint(path, checkpoint.id)
    assert await contents.list_checkpoints(path) == []


async def test_trust_notebook(contents: ContentsManager, tmp: str) -> None:
    await contents.write_notebook(f"{tmp}/trust.ipynb", NOTEBOOK)
    await contents.trust(f"{tmp}/trust.ipynb")
    with pytest.raises(NotFoundError):
        await contents.trust(f"{tmp}/missing.ipynb")


async def test_typed_errors(contents: ContentsManager, tmp: str) -> None:
    with pytest.raises(NotFoundError) as info:
        await contents.get(f"{tmp}/missing.txt")
    assert info.value.status == 404
    with pytest.raises(NotFoundError):
        await contents.download(f"{tmp}/missing.txt")
    with pytest.raises(NotFoundError):
        await contents.read_text(f"{tmp}/missing.txt")

    await contents.write_text(f"{tmp}/one.txt", "1")
    await contents.write_text(f"{tmp}/two.txt", "2")
    with pytest.raises(ConflictError) as conflict:
        await contents.rename(f"{tmp}/one.txt", f"{tmp}/two.txt")
    assert conflict.value.status == 409
    assert await contents.read_text(f"{tmp}/two.txt") == "2"

    await contents.write_bytes(f"{tmp}/binary.bin", b"\xff\xfe\x00")
    with pytest.raises(BadRequestError):
        await contents.read_text(f"{tmp}/binary.bin")


async def test_download_with_a_refused_token_is_an_authentication_error(
    server: LocalServer, contents: ContentsManager, tmp: str
) -> None:
    await contents.write_text(f"{tmp}/secret.txt", "s")
    bad = ServerSettings(server.url, token="not-the-token")
    async with ContentsManager(bad) as other:
        with pytest.raises(AuthenticationError) as info:
            await other.download(f"{tmp}/secret.txt")
        assert "not-the-token" not in str(info.value)
        with pytest.raises(AuthenticationError):
            await other.get(f"{tmp}/secret.txt")


BAD_PATHS = ["a/../b", "./a", "a//b", "a\x00b", "..", "a/.", "x/./y"]


@pytest.mark.parametrize("bad", BAD_PATHS)
async def test_invalid_paths_raise_without_any_request(bad: str, tmp_path: Path) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(599)

    base = "http://unreachable.invalid:9/"
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=base)
    settings = ServerSettings(base, token="t", http_client=client, retries=0)
    try:
        async with ContentsManager(settings) as contents:
            contents.add_drive(PrefixDrive(contents, "scratch", "whatever"))
            attempts = [
                contents.get(bad),
                contents.save(bad, {"type": "file", "format": "text", "content": ""}),
                contents.new_untitled(bad),
                contents.rename(bad, "ok"),
                contents.rename("ok", bad),
                contents.copy(bad, ""),
                contents.copy("ok", bad),
                contents.delete(bad),
                contents.create_checkpoint(bad),
                contents.list_checkpoints(bad),
                contents.restore_checkpoint(bad, "c"),
                contents.delete_checkpoint(bad, "c"),
                contents.trust(bad),
                contents.read_text(bad),
                contents.write_text(bad, "x"),
                contents.read_notebook(bad),
                contents.upload(b"data", bad),
                contents.download(bad),
                contents.download(bad, tmp_path / "out"),
                contents.get(f"scratch:{bad}"),
            ]
            for attempt in attempts:
                with pytest.raises(InvalidPathError):
                    await attempt
            with pytest.raises(InvalidPathError):
                contents.get_download_url(bad)
    finally:
        await client.aclose()
    assert requests == []
    assert os.listdir(tmp_path) == []


async def test_root_and_leading_slash(contents: ContentsManager, tmp: str) -> None:
    root = await contents.get("", content=False)
    assert root.path == ""
    assert root.type_ == "directory"
    assert (await contents.get("/", content=False)).path == ""
    await contents.write_text(f"/{tmp}/slash.txt", "s")
    assert (await contents.get(f"{tmp}/slash.txt")).path == f"{tmp}/slash.txt"
    assert await contents.read_text(f"/{tmp}/slash.txt") == "s"
    assert (await contents.get(f"/{tmp}/")).path == tmp


SPECIAL_NAMES = [
    "with space.txt",
    "hash#tag.txt",
    "question?mark.txt",
    "per%20cent.txt",
    "100%.txt",
    "plus+sign.txt",
    "semi;colon.txt",
    "back\\slash.txt",
    "co:lon.txt",
    "amp&er=sand.txt",
    unicodedata.normalize("NFC", "café.txt"),
    unicodedata.normalize("NFD", "café.txt"),
    "emoji 😀🎉.txt",
    "日本語.txt",
]


async def test_special_character_names_round_trip(
    contents: ContentsManager, tmp: str, server: LocalServer
) -> None:
    assert SPECIAL_NAMES[10] != SPECIAL_NAMES[11]  # NFC and NFD stay two names
    for name in SPECIAL_NAMES:
        model = await contents.write_text(f"{tmp}/{name}", f"content of {name}")
        assert model.name == name
        assert model.path == f"{tmp}/{name}"
    listing = await contents.get(tmp)
    assert isinstance(listing.content, list)
    assert sorted(c.name for c in listing.content) == sorted(SPECIAL_NAMES)
    assert sorted(os.listdir(server.root_dir / tmp)) == sorted(SPECIAL_NAMES)
    for name in SPECIAL_NAMES:
        path = f"{tmp}/{name}"
        assert await contents.read_text(path) == f"content of {name}"
        assert await contents.download(path) == f"content of {name}".encode()
        assert (await contents.get(path, content=False)).name == name
    # A special-character folder works as a parent too.
    folder = f"{tmp}/dir #?% ;+ é"
    await contents.save(folder, {"type": "directory"})
    await contents.write_text(f"{folder}/inner.txt", "inner")
    assert await contents.read_text(f"{folder}/inner.txt") == "inner"
    renamed = await contents.rename(f"{folder}/inner.txt", f"{folder}/in ner#2.txt")
    assert renamed.name == "in ner#2.txt"


def write_random(path: Path, size: int) -> str:
    """Write ``size`` random bytes to ``path`` a MiB at a time; returns their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        remaining = size
        while remaining:
            block = os.urandom(min(remaining, 1 << 20))
            digest.update(block)
            handle.write(block)
            remaining -= len(block)
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


async def test_large_upload_by_chunks_with_bounded_memory(
    contents: ContentsManager, tmp: str, tmp_path: Path, server: LocalServer
) -> None:
    size = 50 * 1000 * 1000 + 12345  # not a multiple of the chunk size
    chunk_size = 4 * 1024 * 1024
    source = tmp_path / "big.bin"
    digest = write_random(source, size)
    calls: list[tuple[int, int]] = []

    tracemalloc.start()
    try:
        model = await contents.upload(
            source,
            f"{tmp}/big.bin",
            chunk_size=chunk_size,
            progress=lambda sent, total: calls.append((sent, total)),
        )
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        target = await contents.download(
            f"{tmp}/big.bin", tmp_path / "back.bin", chunk_size=1 << 20
        )
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert upload_peak < 3 * chunk_size, upload_peak
    assert download_peak < 3 * chunk_size, download_peak
    assert model.path == f"{tmp}/big.bin"
    chunks = -(-size // chunk_size)
    assert len(calls) == chunks
    assert calls[-1] == (size, size)
    assert [sent for sent, _ in calls] == sorted(sent for sent, _ in calls)
    assert (server.root_dir / tmp / "big.bin").stat().st_size == size
    assert target == tmp_path / "back.bin"
    assert sha256_of(target) == digest
    assert not (tmp_path / "back.bin.part").exists()


async def test_small_upload_is_one_request_and_bytes_source(
    contents: ContentsManager, tmp: str, tmp_path: Path
) -> None:
    calls: list[tuple[int, int]] = []
    data = os.urandom(1000)
    await contents.upload(data, f"{tmp}/small.bin", progress=lambda s, t: calls.append((s, t)))
    assert calls == [(1000, 1000)]
    assert await contents.download(f"{tmp}/small.bin") == data

    calls.clear()
    await contents.upload(
        data, f"{tmp}/chunked.bin", chunk_size=300, progress=lambda s, t: calls.append((s, t))
    )
    assert calls == [(300, 1000), (600, 1000), (900, 1000), (1000, 1000)]
    assert await contents.read_bytes(f"{tmp}/chunked.bin") == data

    await contents.upload(b"", f"{tmp}/empty.bin")
    assert await contents.download(f"{tmp}/empty.bin") == b""

    exact = os.urandom(900)
    await contents.upload(exact, f"{tmp}/exact.bin", chunk_size=300)
    assert await contents.read_bytes(f"{tmp}/exact.bin") == exact

    # Downloading into an existing folder keeps the file's name.
    out = await contents.download(f"{tmp}/small.bin", tmp_path)
    assert out == tmp_path / "small.bin"
    assert out.read_bytes() == data


async def test_download_url_has_no_token(
    contents: ContentsManager, tmp: str, server: LocalServer
) -> None:
    await contents.write_text(f"{tmp}/a b#c.txt", "x")
    url = contents.get_download_url(f"{tmp}/a b#c.txt")
    assert url == f"{server.url}files/{tmp}/a%20b%23c.txt"
    assert server.token not in url
    assert "token" not in url
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(url, headers={"Authorization": f"token {server.token}"})
    assert response.status_code == 200
    assert response.content == b"x"


async def test_file_changed_is_emitted(contents: ContentsManager, tmp: str) -> None:
    changes: list[FileChange] = []
    contents.file_changed.connect(changes.append)

    await contents.write_text(f"{tmp}/f.txt", "1")
    created = await contents.new_untitled(tmp, ext=".txt")
    await contents.rename(created.path, f"{tmp}/g.txt")
    copied = await contents.copy(f"{tmp}/f.txt", tmp)
    await contents.delete(copied.path)
    await contents.upload(b"up", f"{tmp}/up.bin")

    summary = [
        (
            c.type,
            c.old_value.path if c.old_value else None,
            c.new_value.path if c.new_value else None,
        )
        for c in changes
    ]
    assert summary == [
        ("save", None, f"{tmp}/f.txt"),
        ("new", None, created.path),
        ("rename", created.path, f"{tmp}/g.txt"),
        ("new", None, copied.path),
        ("delete", copied.path, None),
        ("save", None, f"{tmp}/up.bin"),
    ]
    # A failed operation emits nothing.
    with pytest.raises(NotFoundError):
        await contents.delete(f"{tmp}/missing.txt")
    assert len(changes) == 6

    # The signal also streams, until the manager closes.
    received: list[FileChange] = []
    subscribed = asyncio.Event()

    async def consume() -> None:
        subscribed.set()  # the first __anext__ below subscribes in this same step
        async for change in contents.file_changed.stream():
            received.append(change)

    task = asyncio.create_task(consume())
    await asyncio.wait_for(subscribed.wait(), 10)
    await contents.write_text(f"{tmp}/h.txt", "h")
    await contents.close()
    await asyncio.wait_for(task, 10)
    assert [c.new_value.path for c in received if c.new_value] == [f"{tmp}/h.txt"]
    with pytest.raises(ConnectionClosedError):
        await contents.get(f"{tmp}/h.txt")
    assert contents.get_download_url(f"{tmp}/h.txt").endswith(f"files/{tmp}/h.txt")


class PrefixDrive:
    """A test drive: a folder of the server's contents, mounted as ``name:``."""

    def __init__(self, contents: ContentsManager, name: str, root: str) -> None:
        self._contents = contents
        self._name = name
        self._root = root

    @property
    def name(self) -> str:
        return self._name

    def _server(self, path: str) -> str:
        return f"{self._root}/{path}" if path else self._root

    def _local(self, model: Contents) -> Contents:
        model = copy.copy(model)
        model.path = model.path[len(self._root) :].lstrip("/")
        if isinstance(model.content, list):
            model.content = [self._local(child) for child in model.content]
        return model

    async def get(
        self,
        path: str,
        *,
        type: ContentsType | None = None,
        format: Literal["text", "base64"] | None = None,
        content: bool = True,
        hash: bool = False,
    ) -> Contents:
        model = await self._contents.get(
            self._server(path), type=type, format=format, content=content, hash=hash
        )
        return self._local(model)

    async def save(self, path: str, model: Mapping[str, object]) -> Contents:
        return self._local(await self._contents.save(self._server(path), model))

    async def new_untitled(
        self, path: str = "", *, type: ContentsType = "file", ext: str | None = None
    ) -> Contents:
        return self._local(
            await self._contents.new_untitled(self._server(path), type=type, ext=ext)
        )

    async def rename(self, path: str, new_path: str) -> Contents:
        return self._local(await self._contents.rename(self._server(path), self._server(new_path)))

    async def copy(self, from_path: str, to_dir: str) -> Contents:
        return self._local(await self._contents.copy(self._server(from_path), self._server(to_dir)))

    async def delete(self, path: str) -> None:
        await self._contents.delete(self._server(path))

    async def create_checkpoint(self, path: str) -> Checkpoint:
        return await self._contents.create_checkpoint(self._server(path))

    async def list_checkpoints(self, path: str) -> list[Checkpoint]:
        return await self._contents.list_checkpoints(self._server(path))

    async def restore_checkpoint(self, path: str, checkpoint_id: str) -> None:
        await self._contents.restore_checkpoint(self._server(path), checkpoint_id)

    async def delete_checkpoint(self, path: str, checkpoint_id: str) -> None:
        await self._contents.delete_checkpoint(self._server(path), checkpoint_id)

    def get_download_url(self, path: str) -> str:
        return self._contents.get_download_url(self._server(path))


async def test_drive_routed_by_name_prefix(
    settings: ServerSettings, contents: ContentsManager, tmp: str, tmp_path: Path
) -> None:
    async with ContentsManager(settings) as backing:
        drive = PrefixDrive(backing, "scratch", tmp)
        assert isinstance(drive, Drive)
        contents.add_drive(drive)
        with pytest.raises(ValueError, match="already"):
            contents.add_drive(drive)
        assert contents.drive_name("scratch:a/b") == "scratch"
        assert contents.drive_name("other:a") == ""
        assert contents.local_path("scratch:/a/b/") == "a/b"

        changes: list[FileChange] = []
        contents.file_changed.connect(changes.append)
        saved = await contents.write_text("scratch:d.txt", "on the drive")
        assert saved.path == "scratch:d.txt"
        # The drive wrote into its folder of the server; the default drive sees it there.
        assert await contents.read_text(f"{tmp}/d.txt") == "on the drive"
        assert await contents.read_text("scratch:d.txt") == "on the drive"
        listing = await contents.get("scratch:")
        assert listing.path == "scratch:"
        assert isinstance(listing.content, list)
        assert [c.path for c in listing.content] == ["scratch:d.txt"]

        renamed = await contents.rename("scratch:d.txt", "scratch:e.txt")
        assert renamed.path == "scratch:e.txt"
        with pytest.raises(UnsupportedError):
            await contents.rename("scratch:e.txt", f"{tmp}/x.txt")
        with pytest.raises(UnsupportedError):
            await contents.trust("scratch:e.txt")

        checkpoint = await contents.create_checkpoint("scratch:e.txt")
        await contents.write_text("scratch:e.txt", "changed")
        await contents.restore_checkpoint("scratch:e.txt", checkpoint.id)
        assert await contents.read_text("scratch:e.txt") == "on the drive"

        data = os.urandom(1000)
        await contents.upload(data, "scratch:up.bin", chunk_size=400)
        assert await contents.download("scratch:up.bin") == data
        assert await contents.read_bytes(f"{tmp}/up.bin") == data
        out = await contents.download("scratch:up.bin", tmp_path / "up.bin")
        assert out.read_bytes() == data
        assert contents.get_download_url("scratch:e.txt") == contents.get_download_url(
            f"{tmp}/e.txt"
        )

        await contents.delete("scratch:e.txt")
        with pytest.raises(NotFoundError):
            await contents.get(f"{tmp}/e.txt")
        assert [(c.type, c.old_value.path if c.old_value else None) for c in changes] == [
            ("save", None),
            ("rename", "scratch:d.txt"),
            ("save", None),
            ("save", None),
            ("delete", "scratch:e.txt"),
        ]
        # A colon in a first segment that names no drive is an ordinary file name.
        await contents.write_text(f"{tmp}/other:name.txt", "plain")
        assert await contents.read_text(f"{tmp}/other:name.txt") == "plain"

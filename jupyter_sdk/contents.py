"""Contents: files, folders and notebooks on the server, and drives that extend them.

:class:`ContentsManager` wraps the server's contents API (``/api/contents``) and the
raw-file route (``/files``): models, text/bytes/notebook helpers, chunked uploads and
streamed downloads with bounded memory. Every path goes through
:func:`~jupyter_sdk.paths.check_path` before any request, so ``..``, ``.``, empty inner
segments and NUL raise :class:`~jupyter_sdk.errors.InvalidPathError` without touching
the network.

Drives: as in ``@jupyterlab/services``, a path ``"name:local/path"`` whose ``name`` was
registered with :meth:`ContentsManager.add_drive` goes to that drive (any object with the
methods of the :class:`Drive` protocol), with its local path; every other path goes to the
server's contents. Models a drive returns come back with their paths made global
(``"name:..."``).

Lifecycle: ``async with ContentsManager(settings) as contents:`` closes the REST client
it created on exit (a ``rest=`` passed in stays open: its lender closes it). Drives added
with :meth:`~ContentsManager.add_drive` stay their creator's to close. ``close()`` also
ends every :attr:`~ContentsManager.file_changed` stream.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, overload, runtime_checkable
from urllib.parse import urlsplit

import attrs
import httpx

from . import errors
from ._rest import Rest, network_error
from .models import Checkpoint, Contents, ContentsSave, ContentsType, Notebook
from .paths import check_path, quote_path
from .signal import Signal

if TYPE_CHECKING:
    from typing import BinaryIO

    from .protocol.messages import JSONValue
    from .settings import ServerSettings

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ContentsManager",
    "Drive",
    "FileChange",
    "FileChangeType",
    "FileRef",
]

DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024
"""Bytes per chunk of :meth:`ContentsManager.upload` and :meth:`ContentsManager.download`."""

# Base64-encode a chunk in slices of this many bytes (a multiple of 3, so that the
# concatenated slices equal the encoding of the whole chunk).
_B64_SLICE = 3 * 64 * 1024

FileChangeType = Literal["new", "save", "rename", "delete"]
"""The kind of change a :class:`FileChange` reports: ``"new"`` (a new file or a copy),
``"save"`` (a save or an upload), ``"rename"`` or ``"delete"``."""

# Reads the ``size`` bytes at ``offset`` of an upload's source (called in order).
_Reader = Callable[[int, int], Awaitable[bytes | memoryview]]


@attrs.frozen
class FileRef:
    """A path that was: the old value of a rename or delete.

    Attributes:
        path: The file's global path (``"name:..."`` on a drive) before the change.
    """

    path: str


@attrs.frozen
class FileChange:
    """What :attr:`ContentsManager.file_changed` reports (``IChangedArgs`` in JupyterLab).

    ============  ==================  =========================
    ``type``      ``old_value``       ``new_value``
    ============  ==================  =========================
    ``"new"``     ``None``            the new model (also copies)
    ``"save"``    ``None``            the saved model
    ``"rename"``  the old path        the model at its new path
    ``"delete"``  the deleted path    ``None``
    ============  ==================  =========================

    Attributes:
        type: The kind of change.
        old_value: The path before the change, for renames and deletes.
        new_value: The server's model after the change (without content).
    """

    type: FileChangeType
    old_value: FileRef | None = None
    new_value: Contents | None = None


@runtime_checkable
class Drive(Protocol):
    """A contents backend mounted as ``"name:..."`` paths (``IDrive`` in JupyterLab).

    Paths a drive receives are checked, drive-local and without the ``name:`` prefix;
    models it returns carry drive-local paths too (the manager makes them global).
    Methods raise :mod:`jupyter_sdk.errors` classes (``NotFoundError`` for a missing
    path, and so on).
    """

    @property
    def name(self) -> str:
        """The drive's name: the prefix before ``:`` in global paths."""
        ...

    async def get(
        self,
        path: str,
        *,
        type: ContentsType | None = None,
        format: Literal["text", "base64"] | None = None,
        content: bool = True,
        hash: bool = False,
    ) -> Contents:
        """The model at ``path``."""
        ...

    async def save(self, path: str, model: Mapping[str, object]) -> Contents:
        """Save a model in its REST body form (``type``, ``format``, ``content``, ``chunk``)."""
        ...

    async def new_untitled(
        self, path: str = "", *, type: ContentsType = "file", ext: str | None = None
    ) -> Contents:
        """Create an untitled file, notebook or folder in the folder ``path``."""
        ...

    async def rename(self, path: str, new_path: str) -> Contents:
        """Rename (move) a file or folder."""
        ...

    async def copy(self, from_path: str, to_dir: str) -> Contents:
        """Copy a file into the folder ``to_dir``."""
        ...

    async def delete(self, path: str) -> None:
        """Delete a file or folder."""
        ...

    async def create_checkpoint(self, path: str) -> Checkpoint:
        """Create a checkpoint of a file."""
        ...

    async def list_checkpoints(self, path: str) -> list[Checkpoint]:
        """The file's checkpoints."""
        ...

    async def restore_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """Restore a file to a checkpoint."""
        ...

    async def delete_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """Delete a checkpoint."""
        ...

    def get_download_url(self, path: str) -> str:
        """A URL of the file's bytes (never carrying credentials)."""
        ...


def _save_body(model: Mapping[str, object]) -> ContentsSave:
    """The REST body for a save model, or :class:`BadRequestError` before any request."""
    try:
        return ContentsSave.from_dict(dict(model))
    except (TypeError, ValueError, KeyError) as exc:
        raise errors.BadRequestError(400, f"invalid contents model: {exc}") from exc


class _ServerDrive:
    """The default drive: the server's own contents API (paths already checked)."""

    name = ""

    def __init__(self, rest: Rest) -> None:
        self._rest = rest

    async def get(
        self,
        path: str,
        *,
        type: ContentsType | None = None,
        format: Literal["text", "base64"] | None = None,
        content: bool = True,
        hash: bool = False,
    ) -> Contents:
        return await self._rest.get_contents(
            path, type=type, format=format, content=content, hash=hash
        )

    async def save(self, path: str, model: Mapping[str, object]) -> Contents:
        return await self._rest.save_contents(path, _save_body(model))

    async def new_untitled(
        self, path: str = "", *, type: ContentsType = "file", ext: str | None = None
    ) -> Contents:
        return await self._rest.create_contents(path, type=type, ext=ext)

    async def rename(self, path: str, new_path: str) -> Contents:
        return await self._rest.rename_contents(path, new_path)

    async def copy(self, from_path: str, to_dir: str) -> Contents:
        return await self._rest.create_contents(to_dir, copy_from=from_path)

    async def delete(self, path: str) -> None:
        await self._rest.delete_contents(path)

    async def create_checkpoint(self, path: str) -> Checkpoint:
        return await self._rest.create_checkpoint(path)

    async def list_checkpoints(self, path: str) -> list[Checkpoint]:
        return await self._rest.list_checkpoints(path)

    async def restore_checkpoint(self, path: str, checkpoint_id: str) -> None:
        await self._rest.restore_checkpoint(path, checkpoint_id)

    async def delete_checkpoint(self, path: str, checkpoint_id: str) -> None:
        await self._rest.delete_checkpoint(path, checkpoint_id)

    def get_download_url(self, path: str) -> str:
        return self._rest.settings.base_url + "files/" + quote_path(path)


class _Base64Body:
    """A JSON save body for ``data``, base64-encoded slice by slice as it is sent.

    The body is never built whole (its encoding is 4/3 of the data, and a JSON string of
    it more again): peak memory stays near the size of ``data``. Re-iterable, so httpx
    may replay it.
    """

    def __init__(self, data: bytes | memoryview, chunk: int | None) -> None:
        self._data = memoryview(data)
        chunk_field = f'"chunk":{chunk},' if chunk is not None else ""
        self._head = f'{{"type":"file","format":"base64",{chunk_field}"content":"'.encode()
        self._tail = b'"}'

    def __len__(self) -> int:
        return len(self._head) + 4 * ((len(self._data) + 2) // 3) + len(self._tail)

    def release(self) -> None:
        """Drop the reference to the data (the body is spent)."""
        self._data = memoryview(b"")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._head
        for start in range(0, len(self._data), _B64_SLICE):
            yield base64.b64encode(self._data[start : start + _B64_SLICE])
        yield self._tail


def _check_redirect(response: httpx.Response, settings: ServerSettings) -> None:
    """Raise for a redirect answer to a raw GET (errors >= 400 are raised by ``Rest``)."""
    if not 300 <= response.status_code < 400:
        return
    location = urlsplit(response.headers.get("location", "")).path
    url = settings.redact(str(response.request.url.copy_with(query=None)))
    if "/login" in location:
        raise errors.AuthenticationError(
            response.status_code,
            "the server redirected to its login page: the credentials were refused",
            method="GET",
            url=url,
        )
    raise errors.ResponseError(
        response.status_code, f"unexpected redirect to {location}", method="GET", url=url
    )


@overload
async def _fetch(
    rest: Rest,
    url_path: str,
    destination: None,
    *,
    chunk_size: int,
    params: dict[str, str] | None = None,
) -> bytes: ...
@overload
async def _fetch(
    rest: Rest,
    url_path: str,
    destination: str | os.PathLike[str],
    *,
    chunk_size: int,
    params: dict[str, str] | None = None,
) -> Path: ...
async def _fetch(
    rest: Rest,
    url_path: str,
    destination: str | os.PathLike[str] | None,
    *,
    chunk_size: int,
    params: dict[str, str] | None = None,
) -> bytes | Path:
    """Stream ``GET url_path`` into memory or to a file, ``chunk_size`` bytes at a time.

    A file is written next to its destination under a ``.part`` name and moved into
    place when complete, so a failed transfer leaves no partial file behind.
    """
    async with rest.stream(url_path, params=params) as response:
        _check_redirect(response, rest.settings)
        if destination is None:
            buffer = bytearray()
            async for piece in _pieces(response, chunk_size, rest):
                buffer += piece
            return bytes(buffer)
        target = Path(destination)
        part = target.with_name(target.name + ".part")
        handle: BinaryIO = await asyncio.to_thread(open, part, "wb")
        try:
            try:
                async for piece in _pieces(response, chunk_size, rest):
                    await asyncio.to_thread(handle.write, piece)
            finally:
                await asyncio.to_thread(handle.close)
            await asyncio.to_thread(os.replace, part, target)
        except BaseException:
            with contextlib.suppress(OSError):
                await asyncio.shield(asyncio.to_thread(part.unlink))
            raise
        return target


async def _pieces(response: httpx.Response, chunk_size: int, rest: Rest) -> AsyncIterator[bytes]:
    """The response body in pieces, with transport errors mapped."""
    try:
        async for piece in response.aiter_bytes(chunk_size):
            yield piece
    except httpx.HTTPError as exc:
        raise network_error(
            exc, what=f"GET {response.request.url.path}", settings=rest.settings
        ) from exc


class ContentsManager:
    """Files, folders and notebooks on the server (and on added drives).

    Args:
        settings: The server.
        rest: Share another manager's REST client (``ServiceManager`` does); it is then
            not closed by :meth:`close`.

    Attributes:
        file_changed: Emitted with a :class:`FileChange` after each successful save, new
            file, copy, rename, delete and upload done through this manager.
    """

    def __init__(self, settings: ServerSettings, *, rest: Rest | None = None) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._default: Drive = _ServerDrive(self._rest)
        self._drives: dict[str, Drive] = {}
        self._closed = False
        self.file_changed: Signal[FileChange] = Signal("file_changed")

    def __repr__(self) -> str:
        return f"<ContentsManager {self.settings.base_url} drives={sorted(self._drives)}>"

    async def __aenter__(self) -> ContentsManager:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """End the ``file_changed`` streams and close the REST client if owned. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self.file_changed.disconnect_all()
        if self._owns_rest:
            await self._rest.aclose()

    # -- drives --------------------------------------------------------------------------

    def add_drive(self, drive: Drive) -> None:
        """Mount ``drive``: paths ``"<drive.name>:..."`` go to it from now on.

        Raises:
            ValueError: The name is empty, holds ``:`` or ``/``, or is taken.
        """
        name = drive.name
        if not name or ":" in name or "/" in name:
            raise ValueError(f"a drive name is non-empty without ':' or '/', got {name!r}")
        if name in self._drives:
            raise ValueError(f"a drive named {name!r} is already added")
        self._drives[name] = drive

    def drive_name(self, path: str) -> str:
        """The name of the added drive ``path`` is on, or ``""`` for the server's contents."""
        first = path.split("/", 1)[0]
        name, colon, _ = first.partition(":")
        return name if colon and name in self._drives else ""

    def local_path(self, path: str) -> str:
        """``path`` without its drive prefix, checked (:func:`~jupyter_sdk.paths.check_path`)."""
        return self._split(path)[1]

    def _split(self, path: str) -> tuple[Drive, str, str]:
        """(drive, checked local path, drive name) for a global path."""
        if not isinstance(path, str):
            check_path(path)  # raises InvalidPathError with a clear text
        name = self.drive_name(path)
        if not name:
            return self._default, check_path(path), ""
        return self._drives[name], check_path(path[len(name) + 1 :]), name

    def _route(self, path: str) -> tuple[Drive, str, str]:
        """:meth:`_split`, for an operation (refused once the manager is closed)."""
        if self._closed:
            raise errors.ConnectionClosedError("the contents manager is closed")
        return self._split(path)

    @staticmethod
    def _global(name: str, local: str) -> str:
        return f"{name}:{local}" if name else local

    def _globalise(self, name: str, model: Contents) -> Contents:
        """A drive's model with global paths (itself for the server's contents)."""
        if not name:
            return model
        model = copy.copy(model)
        model.path = self._global(name, model.path)
        if isinstance(model.content, list):
            children = []
            for child in model.content:
                child = copy.copy(child)
                child.path = self._global(name, child.path)
                children.append(child)
            model.content = children
        return model

    # -- the contents API ----------------------------------------------------------------

    async def get(
        self,
        path: str,
        *,
        type: ContentsType | None = None,
        format: Literal["text", "base64"] | None = None,
        content: bool = True,
        hash: bool = False,
    ) -> Contents:
        """The model of a file, notebook or folder (a folder lists its entries).

        Args:
            path: The path; ``""`` is the root.
            type: Ask for this type (the server refuses a mismatch with 400).
            format: ``"text"`` or ``"base64"`` for files (the server picks otherwise).
            content: Include the content.
            hash: Include ``hash`` and ``hash_algorithm`` (of a file or notebook; a folder
                has none).

        Raises:
            NotFoundError: No such path.
            InvalidPathError: The path was refused before any request.
            UnsupportedError: ``hash=True`` and the server ignored it (Jupyter Server
                before 2.11, the classic notebook server): a file came back without one.
        """
        drive, local, name = self._route(path)
        model = await drive.get(local, type=type, format=format, content=content, hash=hash)
        if hash and model.type_ != "directory" and not model.hash_:
            raise errors.UnsupportedError(
                f"contents: the server at {self.settings.base_url} ignores hash=True (hashes "
                "came with Jupyter Server 2.11): it sent no hash"
            )
        return self._globalise(name, model)

    async def save(self, path: str, model: Mapping[str, object]) -> Contents:
        """Save (create or overwrite) a model given as the REST body has it.

        ``model`` holds ``type`` (``"file"``, ``"notebook"``, ``"directory"``), ``format``
        (``"text"``, ``"base64"``, ``"json"``) and ``content``, plus ``chunk`` for one
        part of a chunked upload. Returns the saved model, without content.

        Raises:
            BadRequestError: The model is malformed (checked before sending, as the server
                would), or the server refused it.
        """
        drive, local, name = self._route(path)
        saved = self._globalise(name, await drive.save(local, model))
        self.file_changed.emit(FileChange("save", None, saved))
        return saved

    async def new_untitled(
        self, path: str = "", *, type: ContentsType = "file", ext: str | None = None
    ) -> Contents:
        """Create an untitled file, notebook or folder in the folder ``path``.

        Args:
            path: The folder ("" is the root).
            type: ``"file"``, ``"notebook"`` or ``"directory"``.
            ext: The file extension, e.g. ``".py"`` (files only).
        """
        drive, local, name = self._route(path)
        created = self._globalise(name, await drive.new_untitled(local, type=type, ext=ext))
        self.file_changed.emit(FileChange("new", None, created))
        return created

    async def rename(self, path: str, new_path: str) -> Contents:
        """Rename (move) a file or folder; returns the model at its new path.

        Raises:
            ConflictError: ``new_path`` exists.
            UnsupportedError: The paths are on different drives.
        """
        drive, local, name = self._route(path)
        new_drive, new_local, _ = self._route(new_path)
        if new_drive is not drive:
            raise errors.UnsupportedError("renaming across drives is not supported")
        renamed = self._globalise(name, await drive.rename(local, new_local))
        self.file_changed.emit(FileChange("rename", FileRef(self._global(name, local)), renamed))
        return renamed

    async def copy(self, from_path: str, to_dir: str) -> Contents:
        """Copy a file into the folder ``to_dir`` (the server picks ``name-Copy1.ext``).

        Raises:
            UnsupportedError: The paths are on different drives.
        """
        drive, local, name = self._route(from_path)
        to_drive, to_local, _ = self._route(to_dir)
        if to_drive is not drive:
            raise errors.UnsupportedError("copying across drives is not supported")
        copied = self._globalise(name, await drive.copy(local, to_local))
        self.file_changed.emit(FileChange("new", None, copied))
        return copied

    async def delete(self, path: str) -> None:
        """Delete a file or folder (a folder must be empty unless the server allows it)."""
        drive, local, name = self._route(path)
        await drive.delete(local)
        self.file_changed.emit(FileChange("delete", FileRef(self._global(name, local)), None))

    async def create_checkpoint(self, path: str) -> Checkpoint:
        """Create a checkpoint of a file (the server keeps one per file by default)."""
        drive, local, _ = self._route(path)
        return await drive.create_checkpoint(local)

    async def list_checkpoints(self, path: str) -> list[Checkpoint]:
        """The file's checkpoints."""
        drive, local, _ = self._route(path)
        return await drive.list_checkpoints(local)

    async def restore_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """Restore a file to a checkpoint."""
        drive, local, _ = self._route(path)
        await drive.restore_checkpoint(local, checkpoint_id)

    async def delete_checkpoint(self, path: str, checkpoint_id: str) -> None:
        """Delete a checkpoint."""
        drive, local, _ = self._route(path)
        await drive.delete_checkpoint(local, checkpoint_id)

    async def trust(self, path: str) -> None:
        """Trust a notebook (sign it, so its outputs render as trusted).

        Raises:
            UnsupportedError: The path is on an added drive.
        """
        _, local, name = self._route(path)
        if name:
            raise errors.UnsupportedError(f"drive {name!r} does not trust notebooks")
        await self._rest.trust_notebook(local)

    def get_download_url(self, path: str) -> str:
        """The URL of the file's raw bytes (``<base_url>files/<path>``), without the token.

        Fetching it needs the same authentication as the API (the token header).
        """
        drive, local, _ = self._split(path)
        return drive.get_download_url(local)

    # -- helpers -------------------------------------------------------------------------

    async def read_text(self, path: str) -> str:
        """A text file's content.

        Raises:
            BadRequestError: The file is not UTF-8 text (or is a folder).
        """
        model = await self.get(path, type="file", format="text")
        return _content_str(model)

    async def write_text(self, path: str, text: str) -> Contents:
        """Save ``text`` as the file's content (UTF-8)."""
        return await self.save(path, {"type": "file", "format": "text", "content": text})

    async def read_bytes(self, path: str) -> bytes:
        """A file's bytes, streamed raw from ``files/`` (no base64 on the wire)."""
        return await self.download(path)

    async def write_bytes(self, path: str, data: bytes) -> Contents:
        """Save ``data`` as the file's content in one request, base64-encoded as it is
        sent (:meth:`upload` splits large files into chunks)."""
        return await self.upload(data, path, chunk_size=max(len(data), 1))

    async def read_notebook(self, path: str) -> dict[str, JSONValue]:
        """A notebook as an nbformat 4 dict (``cells``, ``metadata``, ``nbformat``...)."""
        model = await self.get(path, type="notebook")
        if not isinstance(model.content, Notebook):
            raise errors.ProtocolError(f"{path!r}: the server sent no notebook content")
        notebook: dict[str, JSONValue] = model.content.to_dict()
        return notebook

    async def write_notebook(self, path: str, nb: Mapping[str, object]) -> Contents:
        """Save an nbformat 4 notebook dict (the server validates it)."""
        return await self.save(path, {"type": "notebook", "format": "json", "content": dict(nb)})

    # -- upload and download -------------------------------------------------------------

    async def upload(
        self,
        source: str | os.PathLike[str] | bytes,
        path: str,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        progress: Callable[[int, int], object] | None = None,
    ) -> Contents:
        """Upload a local file (or bytes) to ``path``, in chunks when larger than one.

        A source up to ``chunk_size`` bytes is saved in one request; a larger one in
        ``ceil(size / chunk_size)`` requests (``chunk`` 1, 2, ..., and -1 for the last),
        reading the source one chunk at a time: memory stays near one chunk whatever the
        file's size. A failed upload leaves a partial file on the server.

        Args:
            source: A local file's path (a ``str`` is a path, not content), or the bytes.
            path: The destination on the server (overwritten if it exists).
            chunk_size: Bytes per request.
            progress: Called as ``progress(sent_bytes, total_bytes)`` after each request.

        Returns:
            The uploaded file's model (without content); ``file_changed`` emits one
            ``"save"``.

        Raises:
            OSError: The local source could not be read.
        """
        if chunk_size <= 0:
            raise ValueError(f"chunk_size must be positive, got {chunk_size}")
        drive, local, name = self._route(path)
        if isinstance(source, bytes | bytearray | memoryview):
            data = memoryview(source)

            async def read(offset: int, size: int) -> bytes | memoryview:
                return data[offset : offset + size]

            model = await self._upload(drive, local, name, len(data), read, chunk_size, progress)
        else:
            handle: BinaryIO = await asyncio.to_thread(open, os.fspath(source), "rb")
            try:
                total = (await asyncio.to_thread(os.fstat, handle.fileno())).st_size

                async def read(offset: int, size: int) -> bytes | memoryview:
                    return await asyncio.to_thread(handle.read, size)

                model = await self._upload(drive, local, name, total, read, chunk_size, progress)
            finally:
                await asyncio.to_thread(handle.close)
        self.file_changed.emit(FileChange("save", None, model))
        return model

    async def _upload(
        self,
        drive: Drive,
        local: str,
        name: str,
        total: int,
        read: _Reader,
        chunk_size: int,
        progress: Callable[[int, int], object] | None,
    ) -> Contents:
        chunked = total > chunk_size
        sent = 0
        number = 0
        while True:
            number += 1
            piece = await read(sent, min(chunk_size, total - sent))
            last = sent + len(piece) >= total or not piece
            chunk = (-1 if last else number) if chunked else None
            model = await self._save_piece(drive, local, name, piece, chunk)
            sent += len(piece)
            del piece  # before reading the next one: one chunk in memory at a time
            if progress is not None:
                progress(sent, total)
            if last:
                return model

    async def _save_piece(
        self, drive: Drive, local: str, name: str, piece: bytes | memoryview, chunk: int | None
    ) -> Contents:
        if drive is self._default:
            body = _Base64Body(piece, chunk)
            try:
                return await self._rest.save_contents_stream(local, body, length=len(body))
            finally:
                # httpx's request and response objects may sit in reference cycles until a
                # garbage collection: let go of the chunk now, not then.
                body.release()
        model: dict[str, object] = {
            "type": "file",
            "format": "base64",
            "content": base64.b64encode(piece).decode("ascii"),
        }
        if chunk is not None:
            model["chunk"] = chunk
        return self._globalise(name, await drive.save(local, model))

    @overload
    async def download(
        self, path: str, destination: None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> bytes: ...
    @overload
    async def download(
        self,
        path: str,
        destination: str | os.PathLike[str],
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> Path: ...
    async def download(
        self,
        path: str,
        destination: str | os.PathLike[str] | None = None,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> bytes | Path:
        """A file's raw bytes, streamed from ``GET files/<path>``.

        Args:
            path: The file on the server.
            destination: A local file (or an existing folder, to keep the name) to stream
                into without holding the file in memory; ``None`` returns the bytes.
            chunk_size: Bytes per read from the network.

        Returns:
            The bytes, or the local file's path.

        Raises:
            NotFoundError: No such file (or a hidden one).
            AuthenticationError: The server redirected to its login page.
            OSError: The local destination could not be written.
        """
        drive, local, _ = self._route(path)
        if drive is not self._default:
            data = base64.b64decode(_content_str(await drive.get(local, format="base64")))
            if destination is None:
                return data
            target = _target(destination, local)
            await asyncio.to_thread(target.write_bytes, data)
            return target
        url_path = "files/" + quote_path(local)
        if destination is None:
            return await _fetch(self._rest, url_path, None, chunk_size=chunk_size)
        return await _fetch(
            self._rest, url_path, _target(destination, local), chunk_size=chunk_size
        )


def _target(destination: str | os.PathLike[str], local: str) -> Path:
    target = Path(destination)
    if target.is_dir():
        target = target / local.rsplit("/", 1)[-1]
    return target


def _content_str(model: Contents) -> str:
    if not isinstance(model.content, str):
        raise errors.ProtocolError(f"{model.path!r}: the server sent no file content")
    return model.content

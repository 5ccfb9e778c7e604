"""Notebook export through the server's nbconvert: the formats, and streamed exports.

:class:`NbConvertManager` lists the export formats (``GET /api/nbconvert``) and exports a
notebook file (``GET nbconvert/<format>/<path>``), into memory or streamed to a local file.
The server answers with the converted document, or a zip of it and its resources when
the export has extra files.

Lifecycle: ``async with NbConvertManager(settings) as nbconvert:`` closes the REST client
it created on exit (a ``rest=`` passed in stays its lender's).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, overload
from urllib.parse import quote

from . import errors
from ._service import RestService
from .contents import DEFAULT_CHUNK_SIZE, _fetch
from .paths import check_path, quote_path

if TYPE_CHECKING:
    pass

__all__ = ["NbConvertManager"]

_FORMAT = re.compile(r"\w+", re.ASCII)


class NbConvertManager(RestService):
    """Export notebooks to HTML, Python, Markdown, PDF... with the server's nbconvert.

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by :meth:`close`.
    """

    _what = "nbconvert manager"

    async def get_export_formats(self) -> dict[str, str]:
        """The export formats: format name (``html``, ``python``...) -> output MIME type."""
        return await self._live().list_nbconvert_formats()

    @overload
    async def export(
        self,
        path: str,
        format: str,
        destination: None = None,
        *,
        download: bool = False,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> bytes: ...
    @overload
    async def export(
        self,
        path: str,
        format: str,
        destination: str | os.PathLike[str],
        *,
        download: bool = False,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> Path: ...
    async def export(
        self,
        path: str,
        format: str,
        destination: str | os.PathLike[str] | None = None,
        *,
        download: bool = False,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> bytes | Path:
        """Export the notebook at ``path`` to ``format``.

        Args:
            path: The notebook on the server.
            format: An export format name from :meth:`get_export_formats`.
            destination: A local file to stream the export into; ``None`` returns the bytes.
            download: Ask for ``Content-Disposition: attachment`` (same bytes).
            chunk_size: Bytes per read from the network.

        Returns:
            The exported bytes, or the local file's path.

        Raises:
            InvalidPathError: The path or the format name was refused before any request.
            NotFoundError: No such notebook or format.
            ServerError: The conversion failed.
        """
        if not isinstance(format, str) or not _FORMAT.fullmatch(format):
            raise errors.InvalidPathError(f"not an nbconvert format name: {format!r}")
        check_path(path)
        rest = self._live()
        url_path = f"nbconvert/{quote(format, safe='')}/{quote_path(path)}"
        params = {"download": "true"} if download else None
        if destination is None:
            return await _fetch(rest, url_path, None, chunk_size=chunk_size, params=params)
        return await _fetch(rest, url_path, destination, chunk_size=chunk_size, params=params)

"""Blocking twins of the live documents (:mod:`jupyter_sdk.documents`).

Thin wrappers calling the async objects through the shared portal; edits run on the
SDK's loop thread (where the shared document lives), waits block. Each keeps its async
object as ``.aio``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .. import documents as _documents
from ..documents import Change, Collaborator, Execution, TextChanged
from ..documents.notebook import CellType
from ..outputs import ExecutionResult
from ..protocol.messages import JSONObject
from ..settings import ServerSettings
from ._portal import call, iterate, run_sync

__all__ = ["DocumentManager", "LiveCell", "LiveFile", "LiveNotebook"]


class LiveCell:
    """Blocking twin of :class:`jupyter_sdk.documents.LiveCell`."""

    def __init__(self, aio: _documents.LiveCell) -> None:
        self.aio = aio

    def __repr__(self) -> str:
        return repr(self.aio)

    @property
    def id(self) -> str:
        """The cell's id."""
        return self.aio.id

    @property
    def index(self) -> int:
        """The cell's position now."""
        return run_sync(lambda: self.aio.index)

    @property
    def cell_type(self) -> CellType:
        """``"code"``, ``"markdown"`` or ``"raw"``."""
        return run_sync(lambda: self.aio.cell_type)

    @property
    def source(self) -> str:
        """The cell's source text."""
        return run_sync(lambda: self.aio.source)

    def set_source(self, text: str) -> None:
        """Make the source read ``text`` by the smallest edits."""
        run_sync(self.aio.set_source, text)

    def insert_text(self, index: int, text: str) -> None:
        """Insert ``text`` at ``index`` of the source."""
        run_sync(self.aio.insert_text, index, text)

    def delete_text(self, index: int, length: int) -> None:
        """Delete ``length`` characters of the source from ``index``."""
        run_sync(self.aio.delete_text, index, length)

    @property
    def outputs(self) -> list[JSONObject]:
        """The outputs, as nbformat dicts."""
        return run_sync(lambda: self.aio.outputs)

    @property
    def execution_count(self) -> int | None:
        """The execution count, if the cell ran."""
        return run_sync(lambda: self.aio.execution_count)

    @property
    def execution_state(self) -> str:
        """``"running"`` or ``"idle"``."""
        return run_sync(lambda: self.aio.execution_state)

    @property
    def metadata(self) -> JSONObject:
        """A copy of the cell's metadata."""
        return run_sync(lambda: self.aio.metadata)


class LiveNotebook:
    """Blocking twin of :class:`jupyter_sdk.documents.LiveNotebook`."""

    def __init__(self, aio: _documents.LiveNotebook) -> None:
        self.aio = aio

    def __repr__(self) -> str:
        return repr(self.aio)

    @property
    def path(self) -> str:
        """The notebook's path on the server."""
        return self.aio.path

    @property
    def room_id(self) -> str:
        """The room's id."""
        return self.aio.room_id

    @property
    def cells(self) -> list[LiveCell]:
        """The cells, in order, as they are now."""
        return [LiveCell(c) for c in run_sync(lambda: self.aio.cells)]

    def __len__(self) -> int:
        return run_sync(lambda: len(self.aio))

    def __getitem__(self, index: int) -> LiveCell:
        return LiveCell(run_sync(self.aio.__getitem__, index))

    @property
    def metadata(self) -> JSONObject:
        """A copy of the notebook's metadata."""
        return run_sync(lambda: self.aio.metadata)

    @property
    def collaborators(self) -> list[Collaborator]:
        """The peers with this notebook open."""
        return run_sync(lambda: self.aio.collaborators)

    def insert_cell(
        self,
        index: int,
        cell_type: CellType = "code",
        source: str = "",
        *,
        metadata: JSONObject | None = None,
    ) -> LiveCell:
        """Insert a new cell at ``index`` and return it."""
        return LiveCell(
            run_sync(lambda: self.aio.insert_cell(index, cell_type, source, metadata=metadata))
        )

    def append_cell(
        self, cell_type: CellType = "code", source: str = "", *, metadata: JSONObject | None = None
    ) -> LiveCell:
        """Append a new cell and return it."""
        return LiveCell(
            run_sync(lambda: self.aio.append_cell(cell_type, source, metadata=metadata))
        )

    def delete_cell(self, index: int) -> None:
        """Delete the cell at ``index``."""
        run_sync(self.aio.delete_cell, index)

    def move_cell(self, from_index: int, to_index: int) -> None:
        """Move a cell."""
        run_sync(self.aio.move_cell, from_index, to_index)

    def to_notebook(self) -> JSONObject:
        """The notebook as an nbformat 4 dict."""
        return run_sync(self.aio.to_notebook)

    def flush(self, timeout: float | None = None) -> None:
        """Return once the server has applied every change made so far."""
        call(self.aio.flush, timeout)

    def save(self, timeout: float | None = None) -> str:
        """Ask the server to save the notebook now; its answer."""
        return call(self.aio.save, timeout)

    def execute(
        self,
        cell: LiveCell | int,
        *,
        timeout: float | None = None,
        raise_on_error: bool = False,
        execution: Execution | None = None,
    ) -> ExecutionResult:
        """Run a code cell, its outputs streaming into the shared cell."""
        target = cell.aio if isinstance(cell, LiveCell) else cell
        return call(
            self.aio.execute,
            target,
            timeout=timeout,
            raise_on_error=raise_on_error,
            execution=execution,
        )

    def execute_all(
        self, *, stop_on_error: bool = True, timeout: float | None = None
    ) -> list[ExecutionResult]:
        """Run every code cell in order."""
        return call(self.aio.execute_all, stop_on_error=stop_on_error, timeout=timeout)

    def changes(self) -> Iterator[Change]:
        """Iterate over changes as they happen (blocking)."""
        return iterate(self.aio.changes)


class LiveFile:
    """Blocking twin of :class:`jupyter_sdk.documents.LiveFile`."""

    def __init__(self, aio: _documents.LiveFile) -> None:
        self.aio = aio

    @property
    def text(self) -> str:
        """The file's text now."""
        return run_sync(lambda: self.aio.text)

    def insert_text(self, index: int, text: str) -> None:
        """Insert ``text`` at ``index``."""
        run_sync(self.aio.insert_text, index, text)

    def delete_text(self, index: int, length: int) -> None:
        """Delete ``length`` characters from ``index``."""
        run_sync(self.aio.delete_text, index, length)

    def set_text(self, text: str) -> None:
        """Make the file read ``text`` by the smallest edits."""
        run_sync(self.aio.set_text, text)

    def flush(self, timeout: float | None = None) -> None:
        """Return once the server has applied every change made so far."""
        call(self.aio.flush, timeout)

    def save(self, timeout: float | None = None) -> str:
        """Ask the server to save the file now; its answer."""
        return call(self.aio.save, timeout)

    def changes(self) -> Iterator[TextChanged]:
        """Iterate over edits as they happen (blocking)."""
        return iterate(self.aio.changes)


class DocumentManager:
    """Blocking twin of :class:`jupyter_sdk.documents.DocumentManager`."""

    def __init__(
        self,
        settings: ServerSettings,
        *,
        user: Collaborator | None = None,
        execution: Execution | None = None,
    ) -> None:
        self.aio = run_sync(
            lambda: _documents.DocumentManager(settings, user=user, execution=execution)
        )

    def __enter__(self) -> DocumentManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every open document."""
        call(self.aio.close)

    def is_available(self) -> bool:
        """Whether the server shares documents."""
        return call(self.aio.is_available)

    @property
    def online_collaborators(self) -> list[Collaborator]:
        """The people JupyterLab's "online collaborators" panel lists (not this client)."""
        return run_sync(lambda: self.aio.online_collaborators)

    @contextlib.contextmanager
    def open_notebook(
        self,
        path: str,
        *,
        user: Collaborator | None = None,
        execution: Execution | None = None,
        timeout: float | None = None,
    ) -> Iterator[LiveNotebook]:
        """Join the notebook's shared room: ``with documents.open_notebook(p) as nb:``."""
        manager = run_sync(
            lambda: self.aio.open_notebook(path, user=user, execution=execution, timeout=timeout)
        )
        notebook = call(manager.__aenter__)
        try:
            yield LiveNotebook(notebook)
        finally:
            call(manager.__aexit__, None, None, None)

    @contextlib.contextmanager
    def open_file(
        self, path: str, *, user: Collaborator | None = None, timeout: float | None = None
    ) -> Iterator[LiveFile]:
        """Join a text file's shared room: ``with documents.open_file(p) as f:``."""
        manager = run_sync(lambda: self.aio.open_file(path, user=user, timeout=timeout))
        document = call(manager.__aenter__)
        try:
            yield LiveFile(document)
        finally:
            call(manager.__aexit__, None, None, None)

"""A notebook shared with every JupyterLab that has it open: :class:`LiveNotebook`.

The notebook lives in a pycrdt document with jupyter-ydoc's schema (``meta``, ``cells``,
``state``). Edits are plain methods that change the local document at once; the room
sends them, and :meth:`LiveNotebook.flush` waits until the server has them.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import time
from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, cast

from jupyter_ydoc import YNotebook
from pycrdt import Array, ArrayEvent, Doc, Map, MapEvent, Text, TextEvent, Transaction

from .. import errors
from ..kernels.future import AnyMessage
from ..outputs import ErrorOutput, ExecutionResult, Output
from ..protocol.messages import JSONObject, JSONValue
from .changes import (
    CellAdded,
    CellChanged,
    CellMoved,
    CellRemoved,
    Change,
    MetadataChanged,
    OutputsChanged,
    SourceChanged,
    StateChanged,
)
from .document import LiveDocument
from .outputs import OutputWriter, read_output
from .presence import Collaborator
from .text import delete_text, insert_text, set_text

if TYPE_CHECKING:
    from ..sessions import SessionConnection
    from .manager import DocumentManager

__all__ = ["CellType", "Execution", "LiveCell", "LiveNotebook"]

CellType = Literal["code", "markdown", "raw"]
"""A cell's type."""

Execution = Literal["server", "client"]
"""Who runs a cell: the server (jupyter-server-nbmodel writes the outputs into the
document itself) or this client (over the kernel websocket)."""

_log = logging.getLogger("jupyter_sdk.documents")

# A schema-only YNotebook: its create_ycell builds cells exactly as jupyter-ydoc does.
_SCHEMA = YNotebook()


def _int(value: object) -> int | None:
    # Yjs numbers arrive as floats.
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class LiveCell:
    """One cell of a :class:`LiveNotebook`, read live from the shared document.

    A cell is found by its id at each access, so it stays valid while peers insert,
    delete or move cells (and raises :class:`~jupyter_sdk.errors.CellNotFoundError`, a
    ``KeyError``, once the cell is deleted).
    """

    def __init__(self, notebook: LiveNotebook, cell_id: str) -> None:
        self._notebook = notebook
        self._id = cell_id

    def __repr__(self) -> str:
        return f"<LiveCell {self._id} {self.cell_type}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveCell) and other._id == self._id

    def __hash__(self) -> int:
        return hash(self._id)

    @property
    def _ycell(self) -> Map[Any]:
        return self._notebook._ycell(self._id)

    @property
    def id(self) -> str:
        """The cell's id."""
        return self._id

    @property
    def index(self) -> int:
        """The cell's position now."""
        return self._notebook._index(self._id)

    @property
    def cell_type(self) -> CellType:
        """``"code"``, ``"markdown"`` or ``"raw"``."""
        value = self._ycell.get("cell_type")
        if value == "code":
            return "code"
        return "markdown" if value == "markdown" else "raw"

    @property
    def _ysource(self) -> Text:
        source = self._ycell.get("source")
        if not isinstance(source, Text):
            raise errors.ProtocolError(f"cell {self._id}: its source is not a shared text")
        return source

    @property
    def source(self) -> str:
        """The cell's source text."""
        source = self._ycell.get("source")
        return str(source) if source is not None else ""

    def set_source(self, text: str) -> None:
        """Make the source read ``text`` by the smallest edits (a peer's concurrent typing
        elsewhere in the cell survives)."""
        with self._notebook._local():
            set_text(self._ysource, text)

    def insert_text(self, index: int, text: str) -> None:
        """Insert ``text`` at ``index`` (a ``str`` index) of the source."""
        with self._notebook._local():
            insert_text(self._ysource, index, text)

    def delete_text(self, index: int, length: int) -> None:
        """Delete ``length`` characters of the source from ``index``."""
        with self._notebook._local():
            delete_text(self._ysource, index, length)

    @property
    def outputs(self) -> list[JSONObject]:
        """The outputs, as nbformat dicts (whichever form their writer used)."""
        youtputs = self._ycell.get("outputs")
        if not isinstance(youtputs, Array):
            return []
        return [read_output(item) for item in youtputs]

    def clear_outputs(self) -> None:
        """Remove the outputs and the execution count."""
        with self._notebook._local():
            ycell = self._ycell
            youtputs = ycell.get("outputs")
            if isinstance(youtputs, Array):
                youtputs.clear()
            if "execution_count" in ycell:
                ycell["execution_count"] = None

    @property
    def execution_count(self) -> int | None:
        """The execution count, if the cell ran."""
        return _int(self._ycell.get("execution_count"))

    @property
    def execution_state(self) -> str:
        """``"running"`` while the cell runs, else ``"idle"``."""
        value = self._ycell.get("execution_state")
        return value if isinstance(value, str) else "idle"

    @property
    def metadata(self) -> JSONObject:
        """A copy of the cell's metadata."""
        value = self._ycell.get("metadata")
        if isinstance(value, Map):
            return dict(value.to_py() or {})
        return dict(value) if isinstance(value, dict) else {}

    def set_metadata(self, key: str, value: object) -> None:
        """Set one metadata key (``None`` deletes it)."""
        with self._notebook._local():
            ymeta = self._ycell.get("metadata")
            if not isinstance(ymeta, Map):
                ymeta = Map({})
                self._ycell["metadata"] = ymeta
            if value is None:
                if key in ymeta:
                    del ymeta[key]
            else:
                ymeta[key] = copy.deepcopy(value)

    def to_dict(self) -> JSONObject:
        """The cell as an nbformat dict."""
        return self._notebook._cell_dict(self._ycell)


class LiveNotebook(LiveDocument[Change]):
    """A notebook open in its shared room (``documents.open_notebook(path)``).

    Attributes:
        path: The notebook's path on the server.
    """

    def __init__(
        self,
        manager: DocumentManager,
        path: str,
        *,
        execution: Execution | None = None,
    ) -> None:
        super().__init__(manager, path)
        self._execution = execution
        self._doc: Doc[Any] | None = None
        self._ids: list[str] = []
        self._subscriptions: list[Any] = []
        self._cells_root: Array[Any] = Array()
        self._meta_root: Map[Any] = Map()

    # -- SharedModel ---------------------------------------------------------------------

    def bind(self, doc: Doc[Any]) -> None:
        """Observe ``doc`` (the room's document) from now on."""
        if self._doc is not None:
            for target, subscription in self._subscriptions:
                target.unobserve(subscription)
        self._subscriptions = []
        self._doc = doc
        # Root types are fetched once: doc.get() writes, which observers may not do.
        ycells = self._cells_root = doc.get("cells", type=Array)
        ymeta = self._meta_root = doc.get("meta", type=Map)
        ystate = doc.get("state", type=Map)
        self._ids = self._cell_ids()
        self._subscriptions = [
            (ycells, ycells.observe_deep(self._on_cells)),
            (ymeta, ymeta.observe_deep(self._on_meta)),
            (ystate, ystate.observe(self._on_state)),
        ]

    def snapshot(self) -> object:
        """The notebook as plain values (cells with their ids, and metadata)."""
        return self.to_notebook()

    def replay(self, base: object, ours: object) -> None:
        """Redo onto the fresh document what changed locally from ``base`` to ``ours``."""
        if not isinstance(base, dict) or not isinstance(ours, dict):
            return
        base_cells = {c["id"]: c for c in base.get("cells", []) if "id" in c}
        our_cells = [c for c in ours.get("cells", []) if "id" in c]
        with self._local():
            for cell_id in base_cells.keys() - {c["id"] for c in our_cells}:
                if cell_id in self._cell_ids():
                    self.delete_cell(self._index(cell_id))
            for position, cell in enumerate(our_cells):
                before = base_cells.get(cell["id"])
                present = self._cell_ids()
                if before is None:
                    if cell["id"] not in present:
                        index = self._position_after(our_cells[:position], present)
                        self._ycells().insert(index, _SCHEMA.create_ycell(cell))
                    continue
                if cell["id"] not in present:
                    continue  # deleted by the server's side meanwhile
                live = LiveCell(self, cell["id"])
                if cell.get("source") != before.get("source"):
                    live.set_source(_source(cell))
                if cell.get("metadata") != before.get("metadata"):
                    for key in set(before.get("metadata", {})) - set(cell.get("metadata", {})):
                        live.set_metadata(key, None)
                    for key, value in cell.get("metadata", {}).items():
                        live.set_metadata(key, value)
            if ours.get("metadata") != base.get("metadata"):
                self.set_metadata(ours.get("metadata") or {})

    def _position_after(self, earlier: list[JSONObject], present: list[str]) -> int:
        for cell in reversed(earlier):
            if cell["id"] in present:
                return present.index(str(cell["id"])) + 1
        return 0

    # -- reading -------------------------------------------------------------------------

    def _document(self) -> Doc[Any]:
        if self._doc is None:
            raise errors.DocumentClosedError(f"{self.path}: not open")
        return self._doc

    def _ycells(self) -> Array[Any]:
        self._document()
        return self._cells_root

    def _ymeta(self) -> Map[Any]:
        self._document()
        return self._meta_root

    def _cell_ids(self) -> list[str]:
        return [str(c.get("id")) if isinstance(c, Map) else "" for c in self._ycells()]

    def _index(self, cell_id: str) -> int:
        try:
            return self._cell_ids().index(cell_id)
        except ValueError:
            raise errors.CellNotFoundError(
                f"{self.path}: no cell {cell_id!r} (deleted by a peer?)"
            ) from None

    def _ycell(self, cell_id: str) -> Map[Any]:
        ycells = self._ycells()
        # Most lookups hit the position the last structural change left it at.
        if cell_id in self._ids:
            index = self._ids.index(cell_id)
            candidate = ycells[index] if index < len(ycells) else None
            if isinstance(candidate, Map) and candidate.get("id") == cell_id:
                return candidate
        cell = ycells[self._index(cell_id)]
        assert isinstance(cell, Map)
        return cell

    @property
    def cells(self) -> list[LiveCell]:
        """The cells, in order, as they are now."""
        return [LiveCell(self, cell_id) for cell_id in self._cell_ids()]

    def __len__(self) -> int:
        return len(self._ycells())

    def __getitem__(self, index: int) -> LiveCell:
        return LiveCell(self, self._cell_ids()[index])

    def __iter__(self) -> Iterator[LiveCell]:
        return iter(self.cells)

    @property
    def metadata(self) -> JSONObject:
        """A copy of the notebook's metadata."""
        value = self._ymeta().get("metadata")
        if isinstance(value, Map):
            return dict(value.to_py() or {})
        return dict(value) if isinstance(value, dict) else {}

    def set_metadata(self, metadata: JSONObject) -> None:
        """Replace the notebook's metadata."""
        with self._local():
            self._ymeta()["metadata"] = Map(copy.deepcopy(dict(metadata)))

    def _cell_dict(self, ycell: Map[Any]) -> JSONObject:
        raw = ycell.to_py() or {}
        cell: JSONObject = {
            "id": str(raw.get("id", "")),
            "cell_type": raw.get("cell_type", "code"),
            "metadata": raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {},
            "source": _source(raw),
        }
        if cell["cell_type"] == "code":
            outputs = ycell.get("outputs")
            cell["outputs"] = (
                [read_output(o) for o in outputs] if isinstance(outputs, Array) else []
            )
            cell["execution_count"] = _int(raw.get("execution_count"))
        elif raw.get("attachments"):
            cell["attachments"] = raw["attachments"]
        return cell

    def to_notebook(self) -> JSONObject:
        """The notebook as an nbformat 4 dict (valid for ``nbformat.validate``)."""
        meta = self._ymeta().to_py() or {}
        major = _int(meta.get("nbformat")) or 4
        minor = _int(meta.get("nbformat_minor"))
        minor = 5 if minor is None else minor
        cells = [self._cell_dict(c) for c in self._ycells() if isinstance(c, Map)]
        if minor < 5:
            minor = 5  # cell ids need 4.5
        metadata = meta.get("metadata")
        return {
            "cells": list[JSONValue](cells),
            "metadata": metadata if isinstance(metadata, dict) else {},
            "nbformat": major,
            "nbformat_minor": minor,
        }

    # -- editing -------------------------------------------------------------------------

    def _local(self) -> _LocalEdit:
        return _LocalEdit(self)

    def insert_cell(
        self,
        index: int,
        cell_type: CellType = "code",
        source: str = "",
        *,
        metadata: JSONObject | None = None,
    ) -> LiveCell:
        """Insert a new cell at ``index`` (``len(nb)`` appends) and return it."""
        if cell_type not in ("code", "markdown", "raw"):
            raise ValueError(f"insert_cell: unknown cell type {cell_type!r}")
        if not 0 <= index <= len(self):
            raise IndexError(f"insert_cell: index {index} outside 0..{len(self)}")
        value: JSONObject = {
            "cell_type": cell_type,
            "source": source,
            "metadata": copy.deepcopy(dict(metadata or {})),
        }
        if cell_type == "code":
            value["outputs"] = []
            value["execution_count"] = None
        ycell = _SCHEMA.create_ycell(value)
        cell_id = str(ycell.prelim.get("id")) if isinstance(ycell.prelim, dict) else ""
        with self._local():
            self._ycells().insert(index, ycell)
        return LiveCell(self, cell_id or self._cell_ids()[index])

    def append_cell(
        self,
        cell_type: CellType = "code",
        source: str = "",
        *,
        metadata: JSONObject | None = None,
    ) -> LiveCell:
        """Append a new cell and return it."""
        return self.insert_cell(len(self), cell_type, source, metadata=metadata)

    def delete_cell(self, index: int) -> None:
        """Delete the cell at ``index``."""
        if not 0 <= index < len(self):
            raise IndexError(f"delete_cell: index {index} outside 0..{len(self) - 1}")
        with self._local():
            del self._ycells()[index]

    def move_cell(self, from_index: int, to_index: int) -> None:
        """Move a cell, as JupyterLab does (the same cell, id included, at its new place)."""
        count = len(self)
        if not (0 <= from_index < count and 0 <= to_index < count):
            raise IndexError(f"move_cell: indices must be within 0..{count - 1}")
        if from_index == to_index:
            return
        ycells = self._ycells()
        ycell = ycells[from_index]
        assert isinstance(ycell, Map)
        # Yjs has no move: JupyterLab deletes the cell and inserts a copy (same id).
        value = self._cell_dict(ycell)
        with self._local():
            del ycells[from_index]
            ycells.insert(to_index, _SCHEMA.create_ycell(value))

    # -- presence ------------------------------------------------------------------------

    @property
    def collaborators(self) -> list[Collaborator]:
        """The peers with this notebook open (not this client, not the server)."""
        room = self.room
        people = []
        for client, state in sorted(room.awareness.states.items()):
            if client == room.awareness.client_id or not isinstance(state, dict):
                continue
            user = state.get("user")
            if isinstance(user, dict):
                people.append(Collaborator.from_awareness(user))
        return people

    # -- changes -------------------------------------------------------------------------

    def _emit(self, change: Change) -> None:
        self._changes.emit(change)

    def _is_local(self) -> bool:
        room = self._room
        return room is None or not room.protocol.applying_remote

    def _on_cells(self, events: list[Any]) -> None:
        with _logged("cells"):
            self._cells_changed(events)

    def _cells_changed(self, events: list[Any]) -> None:
        local = self._is_local()
        touched: dict[tuple[str, str], bool] = {}
        structural = False
        for event in events:
            path = list(event.path)
            if not path:
                structural = structural or isinstance(event, ArrayEvent)
                continue
            index = path[0]
            ids = self._cell_ids()
            if not isinstance(index, int) or index >= len(ids):
                continue
            cell_id = ids[index]
            if len(path) == 1 and isinstance(event, MapEvent):
                for key in getattr(event, "keys", {}):
                    touched[(cell_id, str(key))] = True
            elif len(path) >= 2:
                touched[(cell_id, str(path[1]))] = True
            elif isinstance(event, TextEvent):
                touched[(cell_id, "source")] = True
        if structural:
            self._structure_changed(local)
        for cell_id, key in touched:
            if key == "source":
                self._emit(SourceChanged(cell_id, LiveCell(self, cell_id).source, local))
            elif key == "outputs":
                self._emit(OutputsChanged(cell_id, local))
            else:
                self._emit(CellChanged(cell_id, key, local))

    def _structure_changed(self, local: bool) -> None:
        old, new = self._ids, self._cell_ids()
        self._ids = new
        if sorted(old) == sorted(new):
            for cell_id in _moved(old, new):
                self._emit(CellMoved(cell_id, old.index(cell_id), new.index(cell_id), local))
            return
        kept = set(new)
        for index, cell_id in enumerate(old):
            if cell_id not in kept:
                self._emit(CellRemoved(cell_id, index, local))
        before = set(old)
        for index, cell_id in enumerate(new):
            if cell_id not in before:
                self._emit(CellAdded(cell_id, index, local))

    def _on_meta(self, events: list[Any]) -> None:
        self._emit(MetadataChanged(self._is_local()))

    def _on_state(self, event: MapEvent) -> None:
        with _logged("state"):
            local = self._is_local()
            for key, change in dict(getattr(event, "keys", {})).items():
                value = change.get("newValue") if isinstance(change, dict) else None
                self._emit(StateChanged(str(key), value, local))

    # -- execution -----------------------------------------------------------------------

    def _resolve(self, cell: LiveCell | int) -> LiveCell:
        live = self[cell] if isinstance(cell, int) else cell
        if live.cell_type != "code":
            raise ValueError(f"{self.path}: cell {live.id} is a {live.cell_type} cell, not code")
        return live

    async def execute(
        self,
        cell: LiveCell | int,
        *,
        timeout: float | None = None,
        raise_on_error: bool = False,
        execution: Execution | None = None,
    ) -> ExecutionResult:
        """Run a code cell on the notebook's kernel, its outputs streaming into the shared
        cell as they arrive (every peer watches them), and return them.

        The kernel is the one of the notebook's session (started from the notebook's
        kernelspec if it has none, as JupyterLab does).

        Args:
            cell: The cell, or its index.
            timeout: Seconds to wait; then the run is interrupted and
                :class:`~jupyter_sdk.errors.ExecutionTimeoutError` raised.
            raise_on_error: Raise :class:`~jupyter_sdk.errors.ExecutionError` when the code
                fails.
            execution: ``"server"`` (jupyter-server-nbmodel runs it and writes the outputs,
                which keep landing after this client leaves; the default where the server
                has it) or ``"client"`` (this client writes them).

        Raises:
            ValueError: Not a code cell.
            ExecutionTimeoutError: Not done within ``timeout``.
            ExecutionError: The code failed and ``raise_on_error`` is set.
            UnsupportedError: ``execution="server"`` on a server without
                jupyter-server-nbmodel.
        """
        live = self._resolve(cell)
        mode = execution or self._execution or await self._manager._default_execution()
        if mode == "server":
            result = await self._execute_on_server(live, timeout)
        elif mode == "client":
            result = await self._execute_here(live, timeout)
        else:
            raise ValueError(f"execution must be 'server' or 'client', not {mode!r}")
        if raise_on_error and result.error is not None:
            error = result.error
            raise errors.ExecutionError(error["ename"], error["evalue"], error["traceback"])
        return result

    async def session(self) -> SessionConnection:
        """The notebook's session (attached, or started from its kernelspec), e.g. to
        interrupt, restart or shut down its kernel."""
        return await self._manager._session_for(self)

    async def execute_all(
        self, *, stop_on_error: bool = True, timeout: float | None = None
    ) -> list[ExecutionResult]:
        """Run every code cell in order; stop at the first error unless told not to."""
        results = []
        for cell in self.cells:
            if cell.cell_type != "code":
                continue
            result = await self.execute(cell, timeout=timeout)
            results.append(result)
            if stop_on_error and result.status == "error":
                break
        return results

    async def _execute_here(self, cell: LiveCell, timeout: float | None) -> ExecutionResult:
        kernel = await self._manager._kernel_for(self)
        with self._local():
            ycell = cell._ycell
            youtputs = ycell.get("outputs")
            if not isinstance(youtputs, Array):
                youtputs = Array()
                ycell["outputs"] = youtputs
            youtputs.clear()
            ycell["execution_count"] = None
            ycell["execution_state"] = "running"
        writer = OutputWriter(youtputs)
        try:
            result = await kernel.execute(
                cell.source, timeout=timeout, on_output=lambda msg: self._write(writer, msg)
            )
        finally:
            with self._local(), _suppress_gone():
                cell._ycell["execution_state"] = "idle"
        with self._local(), _suppress_gone():
            cell._ycell["execution_count"] = result.execution_count
        return result

    def _write(self, writer: OutputWriter, msg: AnyMessage) -> None:
        with self._local():
            writer.add(msg)

    async def _execute_on_server(self, cell: LiveCell, timeout: float | None) -> ExecutionResult:
        rest = self._manager._rest
        kernel_id = await self._manager._kernel_id_for(self)
        await self.flush()  # the server's room must hold the cell (and its source)
        request = await rest.execute_on_server(
            kernel_id, cell.source, document_id=self.room_id, cell_id=cell.id
        )
        request_id = request.request_id
        if not isinstance(request_id, str):
            raise errors.ProtocolError("execute_on_server: the server gave no request id")
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.01
        while True:
            reply = await rest.get_execution_request(kernel_id, request_id)
            if reply.pending is not True and isinstance(reply.status, str):
                break
            if deadline is not None and time.monotonic() >= deadline:
                await rest.cancel_execution_request(kernel_id, request_id)
                raise errors.ExecutionTimeoutError(
                    f"{self.path}: cell {cell.id} did not finish within {timeout} s (interrupted)"
                )
            await asyncio.sleep(delay)
            delay = min(delay * 1.5, 0.2)
        # The server wrote the outputs into its document before answering: a sync
        # brings them here, so the cell reads as done when this returns.
        with contextlib.suppress(errors.JupyterError):
            await self.flush()
        outputs = _parse_outputs(reply.outputs)
        error = next((o for o in outputs if o.get("output_type") == "error"), None)
        count = reply.execution_count if isinstance(reply.execution_count, int) else None
        return ExecutionResult(
            outputs=cast("list[Output]", outputs),
            execution_count=count,
            status=reply.status,
            error=cast("ErrorOutput | None", error),
            reply={"status": reply.status, "execution_count": count},
        )


class _LocalEdit:
    """A transaction for this client's edits (one update on the wire per edit)."""

    def __init__(self, notebook: LiveNotebook) -> None:
        self._notebook = notebook
        self._transaction: Transaction | None = None

    def __enter__(self) -> None:
        self._notebook._check_open()
        self._transaction = self._notebook._document().transaction()
        self._transaction.__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._transaction is not None
        self._transaction.__exit__(exc_type, exc, tb)


class _logged:
    """An observer's failure is logged, never raised into the sync (it would end it)."""

    def __init__(self, what: str) -> None:
        self._what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> bool:
        if exc_type is not None and isinstance(exc, Exception):
            _log.exception("change observer (%s) failed", self._what, exc_info=exc)
            return True
        return False


class _suppress_gone:
    """The cell may be deleted by a peer while it runs: nothing left to mark."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> bool:
        return exc_type is KeyError


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _moved(old: list[str], new: list[str]) -> list[str]:
    """The ids whose relative order changed (one per simple move)."""
    if old == new:
        return []
    first = next(i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b)
    last = len(old) - next(
        i for i, (a, b) in enumerate(zip(reversed(old), reversed(new), strict=True)) if a != b
    )
    window = old[first:last]
    for cell_id in window:
        rest_old = [c for c in window if c != cell_id]
        rest_new = [c for c in new[first:last] if c != cell_id]
        if rest_old == rest_new:
            return [cell_id]
    return [c for c in window if old.index(c) != new.index(c)]


def _parse_outputs(text: object) -> list[JSONObject]:
    if not isinstance(text, str):
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [read_output(o) for o in value] if isinstance(value, list) else []

"""What changed in a live document: the events of ``LiveNotebook.changes()``.

Every event says whether this client made the change (``local``) or a peer did (another
client, or the server: its file reload, its autosave state, server-side execution).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Generic, TypeAlias, TypeVar, cast

import attrs

from .. import errors

__all__ = [
    "CellAdded",
    "CellChanged",
    "CellMoved",
    "CellRemoved",
    "Change",
    "ChangeFeed",
    "MetadataChanged",
    "OutputsChanged",
    "SourceChanged",
    "StateChanged",
    "TextChanged",
]


@attrs.frozen
class CellAdded:
    """A cell was inserted at ``index``."""

    cell_id: str
    index: int
    local: bool


@attrs.frozen
class CellRemoved:
    """The cell that was at ``index`` was deleted."""

    cell_id: str
    index: int
    local: bool


@attrs.frozen
class CellMoved:
    """A cell moved from ``from_index`` to ``to_index``."""

    cell_id: str
    from_index: int
    to_index: int
    local: bool


@attrs.frozen
class SourceChanged:
    """A cell's source was edited; ``source`` is its text after the edit."""

    cell_id: str
    source: str
    local: bool


@attrs.frozen
class OutputsChanged:
    """A code cell's outputs changed (added, cleared, or stream text appended)."""

    cell_id: str
    local: bool


@attrs.frozen
class CellChanged:
    """Another field of a cell changed: ``execution_count``, ``execution_state``,
    ``metadata``, ``cell_type``..."""

    cell_id: str
    key: str
    local: bool


@attrs.frozen
class MetadataChanged:
    """The notebook's metadata (or ``nbformat``) changed."""

    local: bool


@attrs.frozen
class StateChanged:
    """The document's state changed: ``dirty``, ``hash`` (after a save), ``path``."""

    key: str
    value: object
    local: bool


@attrs.frozen
class TextChanged:
    """A plain text document (:class:`~jupyter_sdk.documents.LiveFile`) was edited."""

    text: str
    local: bool


Change: TypeAlias = (
    CellAdded
    | CellRemoved
    | CellMoved
    | SourceChanged
    | OutputsChanged
    | CellChanged
    | MetadataChanged
    | StateChanged
    | TextChanged
)
"""Any change event."""


T = TypeVar("T")
_END = object()


class ChangeFeed(Generic[T]):
    """Fans a document's change events out to every ``changes()`` iterator.

    ``error`` says, when the feed ends, whether the room failed (the iterators raise it)
    or was closed (they stop).
    """

    def __init__(self, error: Callable[[], errors.JupyterError | None]) -> None:
        self._error = error
        self._queues: list[asyncio.Queue[object]] = []
        self._ended = False

    def emit(self, change: T) -> None:
        """Deliver ``change`` to every iterator."""
        for queue in self._queues:
            queue.put_nowait(change)

    def end(self) -> None:
        """End every iterator, and those started later (they raise the room's error if
        it failed)."""
        self._ended = True
        for queue in self._queues:
            queue.put_nowait(_END)

    def __aiter__(self) -> AsyncIterator[T]:
        """An iterator registered now (not at its first step): it misses nothing that
        happens after this call."""
        queue: asyncio.Queue[object] = asyncio.Queue()
        if self._ended:
            queue.put_nowait(_END)
        self._queues.append(queue)
        return self._iterate(queue)

    async def _iterate(self, queue: asyncio.Queue[object]) -> AsyncIterator[T]:
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    error = self._error()
                    if error is not None:
                        raise error
                    return
                yield cast(T, item)
        finally:
            if queue in self._queues:
                self._queues.remove(queue)

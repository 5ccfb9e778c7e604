"""A plain text file shared with every JupyterLab that has it open: :class:`LiveFile`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from pycrdt import Doc, Subscription, Text, TextEvent

from .. import errors
from .changes import ChangeFeed, TextChanged
from .text import delete_text, insert_text, set_text

if TYPE_CHECKING:
    from .manager import DocumentManager
    from .room import Room

__all__ = ["LiveFile"]


class LiveFile:
    """A text file open in its shared room (``documents.open_file(path)``).

    Attributes:
        path: The file's path on the server.
    """

    def __init__(self, manager: DocumentManager, path: str) -> None:
        self._manager = manager
        self.path = path
        self._room: Room | None = None
        self._doc: Doc[Any] | None = None
        self._source: Text | None = None
        self._subscription: Subscription | None = None
        self._changes: ChangeFeed[TextChanged] = ChangeFeed(self._room_failure)
        self._closed = False

    def __repr__(self) -> str:
        return f"<LiveFile {self.path!r}>"

    def _attach(self, room: Room) -> None:
        self._room = room
        room.status_changed.connect(lambda status: self._end() if status == "closed" else None)

    @property
    def room(self) -> Room:
        """The link to the server."""
        if self._room is None:
            raise errors.DocumentClosedError(f"{self.path}: not open")
        return self._room

    @property
    def room_id(self) -> str:
        """The room's id, ``text:file:<fileId>``."""
        return self.room.room_id

    def _ysource(self) -> Text:
        if self._source is None:
            raise errors.DocumentClosedError(f"{self.path}: not open")
        return self._source

    # -- SharedModel ---------------------------------------------------------------------

    def bind(self, doc: Doc[Any]) -> None:
        """Observe ``doc`` (the room's document) from now on."""
        if self._source is not None and self._subscription is not None:
            self._source.unobserve(self._subscription)
        self._doc = doc
        # Fetched once: doc.get() writes, which observers may not do.
        self._source = doc.get("source", type=Text)
        self._subscription = self._source.observe(self._on_text)

    def snapshot(self) -> object:
        """The text."""
        return self.text

    def replay(self, base: object, ours: object) -> None:
        """Redo the local edit from ``base`` to ``ours`` onto the fresh document."""
        if isinstance(ours, str) and ours != base:
            self.set_text(ours)

    # -- text ----------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The file's text now."""
        return str(self._ysource())

    def _check(self) -> None:
        room = self._room
        if room is not None and room.status == "closed":
            raise room.error or errors.DocumentClosedError(f"{self.path}: closed")

    def insert_text(self, index: int, text: str) -> None:
        """Insert ``text`` at ``index`` (a ``str`` index)."""
        self._check()
        insert_text(self._ysource(), index, text)

    def delete_text(self, index: int, length: int) -> None:
        """Delete ``length`` characters from ``index``."""
        self._check()
        delete_text(self._ysource(), index, length)

    def set_text(self, text: str) -> None:
        """Make the file read ``text`` by the smallest edits."""
        self._check()
        assert self._doc is not None
        with self._doc.transaction():
            set_text(self._ysource(), text)

    # -- network -------------------------------------------------------------------------

    async def flush(self, timeout: float | None = None) -> None:
        """Return once the server has applied every change made so far."""
        await self.room.flush(timeout if timeout is not None else self._manager.settings.timeout)

    async def save(self, timeout: float | None = None) -> str:
        """Ask the server to save the file now; its answer (``"success"``...)."""
        return await self.room.save(
            timeout if timeout is not None else self._manager.settings.timeout
        )

    async def close(self) -> None:
        """Leave the room; idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._room is not None:
            await self._room.close()
        self._end()

    async def __aenter__(self) -> LiveFile:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- changes -------------------------------------------------------------------------

    def changes(self) -> AsyncIterator[TextChanged]:
        """Iterate over edits as they happen (this client's and peers'); ends when the
        file is closed, raises the room's error if it failed."""
        return self._changes.__aiter__()

    def _room_failure(self) -> errors.JupyterError | None:
        room = self._room
        return room.error if room is not None and not self._closed else None

    def _on_text(self, event: TextEvent) -> None:
        # Runs inside pycrdt's commit: never raise into it (that would end the sync).
        room = self._room
        local = room is None or not room.protocol.applying_remote
        self._changes.emit(TextChanged(self.text, local))

    def _end(self) -> None:
        self._changes.end()

"""A plain text file shared with every JupyterLab that has it open: :class:`LiveFile`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pycrdt import Doc, Subscription, Text, TextEvent

from .. import errors
from .changes import TextChanged
from .document import LiveDocument
from .text import delete_text, insert_text, set_text

if TYPE_CHECKING:
    from .manager import DocumentManager

__all__ = ["LiveFile"]


class LiveFile(LiveDocument[TextChanged]):
    """A text file open in its shared room (``documents.open_file(path)``).

    Attributes:
        path: The file's path on the server.
    """

    def __init__(self, manager: DocumentManager, path: str) -> None:
        super().__init__(manager, path)
        self._doc: Doc[Any] | None = None
        self._source: Text | None = None
        self._subscription: Subscription | None = None

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

    def insert_text(self, index: int, text: str) -> None:
        """Insert ``text`` at ``index`` (a ``str`` index)."""
        self._check_open()
        insert_text(self._ysource(), index, text)

    def delete_text(self, index: int, length: int) -> None:
        """Delete ``length`` characters from ``index``."""
        self._check_open()
        delete_text(self._ysource(), index, length)

    def set_text(self, text: str) -> None:
        """Make the file read ``text`` by the smallest edits."""
        self._check_open()
        assert self._doc is not None
        with self._doc.transaction():
            set_text(self._ysource(), text)

    # -- changes -----------------------------------------------------------------

    def _on_text(self, event: TextEvent) -> None:
        # Runs inside pycrdt's commit: never raise into it (that would end the sync).
        room = self._room
        local = room is None or not room.protocol.applying_remote
        self._changes.emit(TextChanged(self.text, local))

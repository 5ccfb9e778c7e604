"""What every live document shares: its room, waiting for the network, closing, and the
feed of its change events (:class:`~jupyter_sdk.documents.LiveNotebook` and
:class:`~jupyter_sdk.documents.LiveFile` build on it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Generic, Self, TypeVar

from .. import errors
from ..signal import Signal
from .changes import ChangeFeed

if TYPE_CHECKING:
    from .manager import DocumentManager
    from .room import Room

__all__ = ["LiveDocument"]

C = TypeVar("C")


class LiveDocument(Generic[C]):
    """A document open in its shared room.

    Attributes:
        path: The document's path on the server.
    """

    def __init__(self, manager: DocumentManager, path: str) -> None:
        self._manager = manager
        self.path = path
        self._room: Room | None = None
        self._changes: ChangeFeed[C] = ChangeFeed(self._room_failure)
        self._closed = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path!r}>"

    def _attach(self, room: Room) -> None:
        self._room = room
        room.status_changed.connect(self._on_status)

    def _on_status(self, status: str) -> None:
        if status == "closed":
            self._changes.end()

    def _room_failure(self) -> errors.JupyterError | None:
        room = self._room
        return room.error if room is not None and not self._closed else None

    @property
    def room(self) -> Room:
        """The link to the server (status, ids)."""
        if self._room is None:
            raise errors.DocumentClosedError(f"{self.path}: not open")
        return self._room

    @property
    def room_id(self) -> str:
        """The room's id, ``format:type:fileId`` (``json:notebook:...``, ``text:file:...``)."""
        return self.room.room_id

    @property
    def status(self) -> str:
        """The link: ``connected``, ``disconnected`` (reconnecting) or ``closed``."""
        return self.room.status

    @property
    def presence_changed(self) -> Signal[None]:
        """Emitted when peers join, leave or change their presence."""
        return self.room.presence_changed

    def changes(self) -> AsyncIterator[C]:
        """Iterate over changes as they happen (from now on), this client's and peers'.

        Ends when the document is closed; raises the room's error if it failed.
        """
        return self._changes.__aiter__()

    def _check_open(self) -> None:
        """Refuse an edit once the room has ended (closed, or failed for good)."""
        room = self._room
        if room is not None and room.status == "closed":
            raise room.error or errors.DocumentClosedError(f"{self.path}: closed")

    def _timeout(self, timeout: float | None) -> float:
        return timeout if timeout is not None else self._manager.settings.timeout

    async def flush(self, timeout: float | None = None) -> None:
        """Return once the server has applied every change made so far.

        Raises:
            RequestTimeoutError: Not confirmed within ``timeout`` (default: the
                settings' timeout).
            DocumentError: The document was closed or its room failed.
        """
        await self.room.flush(self._timeout(timeout))

    async def save(self, timeout: float | None = None) -> str:
        """Ask the server to save the document now; its answer: ``"success"``,
        ``"skipped"`` (a save was under way) or ``"failed"``."""
        return await self.room.save(self._timeout(timeout))

    async def close(self) -> None:
        """Leave the room (presence removed); ``changes()`` iterators end. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._room is not None:
            await self._room.close()
        self._changes.end()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

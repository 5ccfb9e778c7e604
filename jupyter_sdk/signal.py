"""A small typed signal: ``connect``/``disconnect`` handlers, or ``async for`` its values.

Handlers run synchronously in emit order on the event loop's thread. A handler that
raises is logged and does not stop the others (one bad handler must not starve the
rest, as in lumino); it never breaks the connection that emitted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Generic, TypeVar

__all__ = ["Signal"]

T = TypeVar("T")
_log = logging.getLogger("jupyter_sdk")


class Signal(Generic[T]):
    """A typed event source.

    Example::

        kernel.status_changed.connect(lambda status: print(status))
        async for msg in kernel.iopub_message.stream():
            ...
    """

    __slots__ = ("_handlers", "_name", "_queues")

    def __init__(self, name: str = "signal") -> None:
        self._name = name
        self._handlers: list[Callable[[T], object]] = []
        self._queues: list[asyncio.Queue[tuple[T] | None]] = []

    def __repr__(self) -> str:
        return f"<Signal {self._name}: {len(self._handlers)} handlers>"

    def connect(self, handler: Callable[[T], object]) -> Callable[[T], object]:
        """Call ``handler(value)`` on every emit; returns it (usable as a decorator)."""
        self._handlers.append(handler)
        return handler

    def disconnect(self, handler: Callable[[T], object]) -> bool:
        """Stop calling ``handler``; returns whether it was connected."""
        try:
            self._handlers.remove(handler)
        except ValueError:
            return False
        return True

    def disconnect_all(self) -> None:
        """Remove every handler and end every stream."""
        self._handlers.clear()
        for queue in self._queues:
            queue.put_nowait(None)
        self._queues.clear()

    def emit(self, value: T) -> None:
        """Deliver ``value`` to every handler and stream."""
        for handler in tuple(self._handlers):
            try:
                handler(value)
            except Exception:
                _log.exception("handler %r of %s raised", handler, self._name)
        for queue in self._queues:
            queue.put_nowait((value,))

    def stream(self) -> AsyncIterator[T]:
        """Iterate over the values emitted from now on, until the emitter is disposed.

        The iterator registers when this is called (not at its first step), so nothing
        emitted after the call is missed.
        """
        queue: asyncio.Queue[tuple[T] | None] = asyncio.Queue()
        self._queues.append(queue)
        return self._iterate(queue)

    async def _iterate(self, queue: asyncio.Queue[tuple[T] | None]) -> AsyncIterator[T]:
        try:
            while (item := await queue.get()) is not None:
                yield item[0]
        finally:
            if queue in self._queues:
                self._queues.remove(queue)

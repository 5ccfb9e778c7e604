"""One poller for every manager: run a coroutine every interval, back off on failures."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from .errors import JupyterError
from .settings import PollingPolicy

__all__ = ["Poller"]

_log = logging.getLogger("jupyter_sdk")


class Poller:
    """Calls ``tick()`` every ``policy.interval`` seconds in a background task.

    A failing tick (a :class:`~jupyter_sdk.errors.JupyterError`) multiplies the interval by
    ``policy.backoff`` up to ``policy.max_interval``; a good one resets it. ``on_error``
    sees each failure; returning ``True`` from it stops the poller (for example when the
    backend refuses the listing for good).
    """

    def __init__(
        self,
        tick: Callable[[], Awaitable[object]],
        policy: PollingPolicy,
        *,
        name: str,
        on_error: Callable[[JupyterError], bool] | None = None,
    ) -> None:
        self._tick = tick
        self._policy = policy
        self._name = name
        self._on_error = on_error
        self._task: asyncio.Task[None] | None = None
        self._refresh = asyncio.Event()

    @property
    def is_running(self) -> bool:
        """Whether the poller's task runs."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start polling (the first tick waits one interval). Idempotent."""
        if not self.is_running:
            self._task = asyncio.get_running_loop().create_task(self._loop(), name=self._name)

    def refresh(self) -> None:
        """Tick now instead of at the end of the current interval."""
        self._refresh.set()

    async def stop(self) -> None:
        """Stop polling. Idempotent."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        interval = self._policy.interval
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._refresh.wait(), interval)
            self._refresh.clear()
            try:
                await self._tick()
            except JupyterError as exc:
                _log.debug("= %s: poll failed: %s", self._name, exc)
                if self._on_error is not None and self._on_error(exc):
                    return
                interval = min(self._policy.max_interval, interval * self._policy.backoff)
            else:
                interval = self._policy.interval

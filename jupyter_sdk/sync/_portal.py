"""The one event loop behind the blocking API, in a daemon thread (anyio's blocking portal).

Every blocking call runs the same async object's coroutine on that loop and waits for it.
Waits are interruptible: Ctrl-C in the waiting thread cancels the coroutine and re-raises.
A blocking call from the portal's own thread (inside a callback) would deadlock, so it
raises :class:`RuntimeError` instead.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import CancelledError as FutureCancelledError
from typing import ParamSpec, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

__all__ = ["call", "iterate", "portal", "run_sync"]

P = ParamSpec("P")
T = TypeVar("T")

_lock = threading.Lock()
_portal: BlockingPortal | None = None
_portal_cm: contextlib.AbstractContextManager[BlockingPortal] | None = None
_portal_thread: int | None = None


def portal() -> BlockingPortal:
    """The shared portal, started on first use and stopped at interpreter exit."""
    global _portal, _portal_cm, _portal_thread
    with _lock:
        if _portal is None:
            _portal_cm = start_blocking_portal(backend="asyncio", name="jupyter-sdk")
            _portal = _portal_cm.__enter__()
            _portal_thread = _portal.call(threading.get_ident)
            atexit.register(_shutdown)
        return _portal


def _shutdown() -> None:
    global _portal, _portal_cm
    with _lock:
        cm, _portal, _portal_cm = _portal_cm, None, None
    if cm is not None:
        with contextlib.suppress(Exception):
            cm.__exit__(None, None, None)


def _check_thread() -> None:
    if threading.get_ident() == _portal_thread:
        raise RuntimeError(
            "a blocking jupyter_sdk.sync call was made from a callback running on the SDK's "
            "event loop thread; it would deadlock. Use the async API inside callbacks."
        )


def call(func: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``func(*args, **kwargs)`` on the portal's loop and wait for its result."""
    the_portal = portal()
    _check_thread()

    async def run() -> T:
        return await func(*args, **kwargs)

    future = the_portal.start_task_soon(run)
    try:
        return future.result()
    except KeyboardInterrupt:
        future.cancel()
        with contextlib.suppress(FutureCancelledError, Exception):
            future.result(timeout=5)
        raise


def run_sync(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a plain function on the portal's loop thread (for loop-bound, non-async calls)."""
    the_portal = portal()
    _check_thread()
    return the_portal.call(lambda: func(*args, **kwargs))


def iterate(aiter_factory: Callable[[], AsyncIterator[T]]) -> Iterator[T]:
    """A blocking iterator over an async iterator created on the portal's loop."""
    the_portal = portal()
    _check_thread()
    iterator = the_portal.call(aiter_factory)

    async def step() -> tuple[T] | None:
        try:
            return (await iterator.__anext__(),)
        except StopAsyncIteration:
            return None

    try:
        while (item := call(step)) is not None:
            yield item[0]
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            with contextlib.suppress(Exception):
                call(aclose)

"""The one event loop behind the blocking API, in a daemon thread (anyio's blocking portal).

Every blocking call runs the same async object's coroutine on that loop and waits for it.
Waits are interruptible: Ctrl-C in the waiting thread cancels the coroutine and re-raises.
A blocking call from the portal's own thread (inside a callback) would deadlock, so it
raises :class:`RuntimeError` instead.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import ParamSpec, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

__all__ = ["call", "iterate", "portal", "run_sync"]

P = ParamSpec("P")
T = TypeVar("T")

_lock = threading.Lock()
_portal: BlockingPortal | None = None
_portal_cm: contextlib.AbstractContextManager[BlockingPortal] | None = None
_portal_thread: int | None = None
_loop: asyncio.AbstractEventLoop | None = None
_CLEANUP_TIMEOUT = 10.0


def portal() -> BlockingPortal:
    """The shared portal, started on first use and stopped at interpreter exit."""
    global _portal, _portal_cm, _portal_thread, _loop
    with _lock:
        if _portal is None:
            _portal_cm = start_blocking_portal(backend="asyncio", name="jupyter-sdk")
            _portal = _portal_cm.__enter__()
            _portal_thread = _portal.call(threading.get_ident)
            _loop = _portal.call(asyncio.get_running_loop)
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
    """Run ``func(*args, **kwargs)`` on the portal's loop and wait for its result.

    Ctrl-C cancels the coroutine and waits (briefly) for its cleanup, e.g. an execute
    interrupting the kernel, before re-raising ``KeyboardInterrupt``.
    """
    portal()
    _check_thread()
    assert _loop is not None
    finished = threading.Event()

    async def run() -> T:
        try:
            return await func(*args, **kwargs)
        finally:
            finished.set()

    # A plain asyncio task (not an anyio cancel scope): one cancellation, so shielded
    # cleanup in the coroutine runs to its end.
    future = asyncio.run_coroutine_threadsafe(run(), _loop)
    try:
        while True:
            # Short waits so that Ctrl-C is seen promptly on every platform.
            with contextlib.suppress(FutureTimeoutError):
                return future.result(timeout=0.2)
    except KeyboardInterrupt:
        future.cancel()
        finished.wait(_CLEANUP_TIMEOUT)
        raise


def run_sync(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a plain function on the portal's loop thread (for loop-bound, non-async calls)."""
    the_portal = portal()
    _check_thread()
    # Boxed: the portal would await an awaitable result (a KernelFuture is one).
    return the_portal.call(lambda: (func(*args, **kwargs),))[0]


def iterate(aiter_factory: Callable[[], AsyncIterator[T]]) -> Iterator[T]:
    """A blocking iterator over an async iterator created on the portal's loop now (not at
    the first step: an iterator that registers when created, such as a terminal's
    ``messages()``, then misses nothing sent between this call and the first ``next``)."""
    the_portal = portal()
    _check_thread()
    return _steps(the_portal.call(aiter_factory))


def _steps(iterator: AsyncIterator[T]) -> Iterator[T]:
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

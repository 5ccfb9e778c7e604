"""The server's event bus: subscribe to its events over a websocket, and emit events.

Jupyter Server emits structured events (``jupyter_events``) for contents actions, kernel
actions and whatever its extensions register. :meth:`EventManager.subscribe` opens the
websocket ``api/events/subscribe``; each text frame is one event, a JSON object holding
``schema_id`` and the event's data fields (Jupyter Server 2.x sends neither the schema
version nor a timestamp). Only schemas registered when the subscription opens are
delivered. :meth:`EventManager.emit` posts an event (``POST /api/events``); the server
accepts only registered schemas, at their registered version.

A subscription reads in a background task into an unbounded queue, and resubscribes
after a dropped link with capped exponential backoff (``settings.reconnect``); events
emitted while it was down are lost. It ends when closed (``aclose()``, the end of its
``async with``, or the manager's ``close()``), or raises
:class:`~jupyter_sdk.errors.ConnectionClosedError` to its reader after the reconnect
limit, or the server's refusal (e.g. :class:`~jupyter_sdk.errors.ForbiddenError`).

Lifecycle: ``async with EventManager(settings) as events:`` closes every subscription it
made and the REST client it created on exit (a ``rest=`` passed in stays its lender's).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Literal, TypeAlias

import websockets

from . import errors
from ._backoff import backoff_delays
from ._rest import Rest
from ._websocket import ClientConnection, open_websocket
from .models import EventEmit, JSONObject
from .protocol.messages import JSONValue
from .signal import Signal

if TYPE_CHECKING:
    from .settings import ServerSettings

__all__ = ["Event", "EventManager", "EventSubscription", "SubscriptionStatus"]

_log = logging.getLogger("jupyter_sdk.events")

Event: TypeAlias = dict[str, JSONValue]
"""One event as the server sends it: ``schema_id`` plus the event's data fields."""

SubscriptionStatus = Literal["connecting", "connected", "disconnected"]
"""The state of an event subscription's websocket (:attr:`EventSubscription.status`):
``"connecting"`` (opening or resubscribing), ``"connected"``, ``"disconnected"`` (not yet
connected, closed, or given up)."""

_SUBSCRIBE_PATH = "api/events/subscribe"


class EventSubscription:
    """One websocket subscription to the server's events: ``async for event in sub``.

    Get one from :meth:`EventManager.subscribe`. Entering ``async with`` connects before
    returning, so events caused after that are delivered; plain iteration connects on the
    first ``__anext__``.

    Attributes:
        status_changed: Emitted with each new :attr:`status`.
    """

    def __init__(self, manager: EventManager) -> None:
        self._manager = manager
        self._settings = manager.settings
        self._queue: asyncio.Queue[tuple[Event] | BaseException | None] = asyncio.Queue()
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._started = False
        self._closed = False
        self._status: SubscriptionStatus = "disconnected"
        self.status_changed: Signal[SubscriptionStatus] = Signal("status_changed")

    def __repr__(self) -> str:
        return f"<EventSubscription {self._status}>"

    @property
    def status(self) -> SubscriptionStatus:
        """``"connecting"``, ``"connected"`` or ``"disconnected"``."""
        return self._status

    def _set_status(self, status: SubscriptionStatus) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    async def __aenter__(self) -> EventSubscription:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __aiter__(self) -> EventSubscription:
        return self

    async def __anext__(self) -> Event:
        if not self._started and not self._closed:
            await self.connect()
        item = await self._queue.get()
        if item is None:
            self._queue.put_nowait(None)  # stay ended for later calls
            raise StopAsyncIteration
        if isinstance(item, BaseException):
            self._queue.put_nowait(None)
            raise item
        return item[0]

    async def connect(self) -> None:
        """Open the websocket now (a no-op once started).

        Raises:
            ConnectionClosedError: The subscription is closed.
            ForbiddenError: The user may not read events.
            UnsupportedError: The server has no event bus (Jupyter Server before 2.0, the
                classic notebook server).
            NetworkError: The server could not be reached.
        """
        if self._closed:
            raise errors.ConnectionClosedError("the event subscription is closed")
        if self._started:
            return
        self._set_status("connecting")
        try:
            if "events" in self._manager._rest.lacks:
                raise self._manager._rest.unsupported("events", f"WEBSOCKET {_SUBSCRIBE_PATH}")
            ws = await open_websocket(self._settings, _SUBSCRIBE_PATH, service="events")
        except BaseException:
            self._set_status("disconnected")
            raise
        if self._closed:  # closed while connecting
            await ws.close()
            raise errors.ConnectionClosedError("the event subscription is closed")
        self._started = True
        self._ws = ws
        self._set_status("connected")
        self._task = asyncio.get_running_loop().create_task(self._run(ws), name="events-r")

    async def aclose(self) -> None:
        """Close the websocket and end the iteration. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._manager._forget(self)
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        self._queue.put_nowait(None)
        self._set_status("disconnected")
        self.status_changed.disconnect_all()

    async def _run(self, ws: ClientConnection) -> None:
        """Read until the link drops, resubscribe; until closed or given up."""
        try:
            while True:
                code = await self._read(ws)
                if self._closed:
                    return
                _log.info("= events: link dropped (close code %s), resubscribing", code)
                self._ws = None
                self._set_status("connecting")
                ws = await self._resubscribe()
                self._ws = ws
                self._set_status("connected")
        except errors.JupyterError as exc:
            self._set_status("disconnected")
            self._queue.put_nowait(exc)
        except Exception as exc:  # a bug must end the iteration, not hang it
            _log.exception("= events: the subscription's reader failed")
            failure = errors.ConnectionClosedError(f"the event subscription failed: {exc!r}")
            failure.__cause__ = exc
            self._set_status("disconnected")
            self._queue.put_nowait(failure)

    async def _read(self, ws: ClientConnection) -> int | None:
        try:
            while True:
                frame = await ws.recv()
                event = _parse(frame)
                if event is not None:
                    self._queue.put_nowait((event,))
        except websockets.ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd is not None else 1006

    async def _resubscribe(self) -> ClientConnection:
        policy = self._settings.reconnect
        delays = backoff_delays(policy.initial_delay, policy.max_delay, policy.jitter)
        last: errors.JupyterError | None = None
        for attempt in range(max(1, policy.max_attempts)):
            if attempt:
                await asyncio.sleep(next(delays))
            try:
                return await open_websocket(self._settings, _SUBSCRIBE_PATH, service="events")
            except (
                errors.AuthenticationError,
                errors.NotFoundError,
                errors.BadRequestError,
                errors.UnsupportedError,
            ):
                raise
            except errors.JupyterError as exc:
                last = exc
        raise errors.ConnectionClosedError(
            f"gave up resubscribing to events after {policy.max_attempts} attempts: {last}"
        )


def _parse(frame: str | bytes) -> Event | None:
    try:
        value = json.loads(frame)
    except ValueError:
        _log.warning("< events: dropped a frame that is not JSON")
        return None
    if not isinstance(value, dict) or not isinstance(value.get("schema_id"), str):
        _log.warning("< events: dropped a frame without a schema_id")
        return None
    event: Event = value
    return event


class EventManager:
    """Subscribe to the server's events and emit events.

    Args:
        settings: The server.
        rest: Share another manager's REST client; it is then not closed by :meth:`close`.
    """

    def __init__(self, settings: ServerSettings, *, rest: Rest | None = None) -> None:
        self.settings = settings
        self._rest = rest or Rest(settings)
        self._owns_rest = rest is None
        self._subscriptions: set[EventSubscription] = set()
        self._closed = False

    def __repr__(self) -> str:
        return f"<EventManager {self.settings.base_url} subscriptions={len(self._subscriptions)}>"

    async def __aenter__(self) -> EventManager:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close every subscription and the REST client if owned. Idempotent."""
        if self._closed:
            return
        self._closed = True
        for subscription in list(self._subscriptions):
            await subscription.aclose()
        if self._owns_rest:
            await self._rest.aclose()

    def _forget(self, subscription: EventSubscription) -> None:
        self._subscriptions.discard(subscription)

    def subscribe(self) -> EventSubscription:
        """A new subscription (connects on ``async with`` or on the first ``__anext__``).

        Raises:
            ConnectionClosedError: The manager is closed.
        """
        if self._closed:
            raise errors.ConnectionClosedError("the event manager is closed")
        subscription = EventSubscription(self)
        self._subscriptions.add(subscription)
        return subscription

    async def stream(self) -> AsyncIterator[Event]:
        """Iterate over the server's events until the manager closes (or ``break``).

        A shorthand for ``async with manager.subscribe() as sub: async for e in sub``.
        """
        async with self.subscribe() as subscription:
            async for event in subscription:
                yield event

    async def emit(
        self,
        schema_id: str,
        version: str | int,
        data: Mapping[str, JSONValue],
        *,
        timestamp: datetime | None = None,
    ) -> None:
        """Emit an event on the server's bus (``POST /api/events``).

        Args:
            schema_id: The ``$id`` of a schema registered on the server.
            version: The schema's registered version.
            data: The event's fields (validated against the schema by the server).
            timestamp: Override the event's time (timezone-aware).

        Raises:
            BadRequestError: The schema is not registered, the version differs, or the
                data does not validate.
        """
        if timestamp is not None and timestamp.tzinfo is None:
            raise ValueError("timestamp must be timezone-aware")
        body = EventEmit(
            schema_id=schema_id,
            version=str(version),
            data=JSONObject.from_dict(dict(data)),
        )
        if timestamp is not None:
            # The server parses "%Y-%m-%dT%H:%M:%S%zZ" (an offset, then a literal Z).
            body.timestamp = timestamp.strftime("%Y-%m-%dT%H:%M:%S%zZ")
        await self._rest.emit_event(body)

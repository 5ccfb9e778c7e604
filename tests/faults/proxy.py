"""A loopback TCP proxy with fault controls, for network fault tests.

:class:`TcpProxy` listens on ``127.0.0.1`` (a free port) and forwards every connection to
a target ``host:port``. Faults apply at once to existing connections and to new ones:

* :meth:`TcpProxy.cut` resets every open connection (both sides see an RST);
* :meth:`TcpProxy.stall` / :meth:`TcpProxy.resume` make links half-open: sockets stay
  open, nothing is forwarded, and the data is *held* (left in the socket buffers and the
  proxy's queues, never dropped) until :meth:`TcpProxy.resume`;
* :meth:`TcpProxy.refuse` / :meth:`TcpProxy.accept` stop listening and listen again on
  the same port, so clients get "connection refused" in between;
* :meth:`TcpProxy.set_delay` delays every forwarded chunk, keeping order (a latency,
  not a bandwidth limit).

Implemented with asyncio protocols and transports (no task per connection except the
upstream connect), with flow control both ways, so it forwards tens of MB quickly.
Waiting is event driven: :meth:`TcpProxy.wait_for` and friends, never sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import socket
import struct
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Literal, cast
from urllib.parse import urlsplit, urlunsplit

__all__ = ["Direction", "TcpProxy"]

Direction = Literal["both", "to_target", "to_client"]
"""Which way a fault applies: client to target, target to client, or both."""

_PipeDirection = Literal["to_target", "to_client"]

_WRITE_HIGH_WATER = 1024 * 1024  # a destination buffering more pauses its source
_MAX_QUEUED = 4 * 1024 * 1024  # delayed bytes held per direction before the source pauses
_LINGER_RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends an RST


class _Waiters:
    """Futures resolved when their predicate turns true; checked on every state change."""

    def __init__(self) -> None:
        self._items: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []

    async def wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        if predicate():
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        item = (predicate, future)
        self._items.append(item)
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}") from None
        finally:
            with contextlib.suppress(ValueError):
                self._items.remove(item)

    def notify(self) -> None:
        for predicate, future in list(self._items):
            if future.done():
                continue
            try:
                if predicate():
                    future.set_result(None)
            except Exception as exc:
                future.set_exception(exc)


class _Pipe:
    """One direction of a link: bytes read from ``src``, written to ``dst``, in order."""

    def __init__(self, proxy: TcpProxy, link: _Link, direction: _PipeDirection) -> None:
        self.proxy = proxy
        self.link = link
        self.direction = direction
        self.src: asyncio.Transport | None = None
        self.dst: asyncio.Transport | None = None
        self.queue: deque[tuple[float, bytes]] = deque()  # (due time, chunk)
        self.queued = 0
        self.dst_full = False  # dst's write buffer is over its high-water mark
        self.eof = False  # src sent EOF (or went away): pass it on once the queue drains
        self.close_after = False  # src went away: close dst instead of half-closing it
        self.eof_sent = False
        self.dead = False  # dst went away: drop everything
        self.timer: asyncio.TimerHandle | None = None

    def _stalled(self) -> bool:
        return self.direction in self.proxy._stalled

    def feed(self, data: bytes) -> None:
        """Forward ``data`` now, or queue it behind the delay / stall / pending connect."""
        if self.dead:
            return
        delay = self.proxy.delay
        if delay <= 0 and not self.queue and self.dst is not None and not self._stalled():
            self._write(data)
        else:
            self.queue.append((self.proxy._loop.time() + delay, data))
            self.queued += len(data)
            if self.timer is None:
                self.flush()
        self.update_reading()

    def feed_eof(self, *, close: bool) -> None:
        """The source ended: half-close (or, if ``close``, close) dst after the queue."""
        self.eof = True
        self.close_after = self.close_after or close
        self.flush()

    def flush(self) -> None:
        """Write every due chunk; re-arm the timer for the next one; pass EOF on at the end."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        dst = self.dst
        if dst is None or self.dead or self._stalled():
            self.update_reading()
            return
        now = self.proxy._loop.time()
        while self.queue and self.queue[0][0] <= now:
            _, data = self.queue.popleft()
            self.queued -= len(data)
            self._write(data)
        if self.queue:
            self.timer = self.proxy._loop.call_at(self.queue[0][0], self.flush)
        elif self.eof and not self.eof_sent:
            self.eof_sent = True
            if self.close_after or dst.is_closing() or not dst.can_write_eof():
                dst.close()
            else:
                dst.write_eof()
                self.link.check_half_closed()
        self.update_reading()

    def _write(self, data: bytes) -> None:
        dst = self.dst
        if dst is None or dst.is_closing():
            return
        dst.write(data)
        if self.direction == "to_target":
            self.proxy.bytes_to_target += len(data)
        else:
            self.proxy.bytes_to_client += len(data)
        self.proxy._waiters.notify()

    def update_reading(self) -> None:
        """Pause or resume reading ``src`` from flow control, stall and queue state."""
        src = self.src
        if src is None or self.eof or src.is_closing():
            return
        hold = self.dst is None or self.dst_full or self.queued > _MAX_QUEUED or self._stalled()
        if hold:
            src.pause_reading()
        else:
            src.resume_reading()

    def kill(self) -> None:
        """The destination is gone: drop the queue, stop the timer."""
        self.dead = True
        self.queue.clear()
        self.queued = 0
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class _Side(asyncio.Protocol):
    """One socket of a link (the client's or the target's)."""

    def __init__(self, link: _Link, out: _Pipe, inbound: _Pipe) -> None:
        self.link = link
        self.out = out  # the pipe this side reads into
        self.inbound = inbound  # the pipe that writes to this side
        self.transport: asyncio.Transport | None = None
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast("asyncio.Transport", transport)
        self.transport.set_write_buffer_limits(high=_WRITE_HIGH_WATER)
        with contextlib.suppress(OSError, AttributeError):
            sock = transport.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.out.src = self.transport
        self.inbound.dst = self.transport
        self.link.side_made(self)

    def data_received(self, data: bytes) -> None:
        self.out.feed(data)

    def eof_received(self) -> bool:
        if not self.out.eof:
            self.out.feed_eof(close=False)
        return True  # keep the transport open: the other direction may still flow

    def pause_writing(self) -> None:
        self.inbound.dst_full = True
        self.inbound.update_reading()

    def resume_writing(self) -> None:
        self.inbound.dst_full = False
        self.inbound.update_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.link.side_lost(self, exc)


class _Link:
    """A proxied connection: the client's socket, the target's, and a pipe each way."""

    def __init__(self, proxy: TcpProxy) -> None:
        self.proxy = proxy
        self.up = _Pipe(proxy, self, "to_target")
        self.down = _Pipe(proxy, self, "to_client")
        self.client = _Side(self, out=self.up, inbound=self.down)
        self.target = _Side(self, out=self.down, inbound=self.up)
        self.connect_task: asyncio.Task[None] | None = None
        self.aborted = False
        self.done = False

    @property
    def pipes(self) -> tuple[_Pipe, _Pipe]:
        return (self.up, self.down)

    def side_made(self, side: _Side) -> None:
        if side is self.client:
            self.proxy._register(self)
            self.up.update_reading()  # no target yet: hold the client's bytes
            return
        if self.aborted or self.client.lost:
            self.abort()
            return
        self.down.update_reading()
        self.up.flush()  # bytes (or an EOF) the client sent while we connected

    def side_lost(self, side: _Side, exc: Exception | None) -> None:
        other = self.target if side is self.client else self.client
        side.inbound.kill()
        if self.aborted:
            pass  # both sides are already going
        elif exc is not None:
            self.abort()  # a reset on one side resets the other
        elif side.out.eof_sent:
            if other.transport is not None:
                other.transport.close()  # half-closed already: nothing more can flow
        else:
            side.out.feed_eof(close=True)  # deliver what is queued, then close
        if side is self.client and self.connect_task is not None:
            self.connect_task.cancel()
        self.check_done()

    def check_half_closed(self) -> None:
        """Both directions passed an EOF on: nothing more can flow, close both sockets."""
        if self.up.eof_sent and self.down.eof_sent:
            for side in (self.client, self.target):
                if side.transport is not None:
                    side.transport.close()

    def check_done(self) -> None:
        if self.done or not self.client.lost:
            return
        if self.target.transport is not None and not self.target.lost:
            return
        connecting = self.connect_task is not None and not self.connect_task.done()
        if self.target.transport is None and connecting:
            return
        self.done = True
        self.proxy._unregister(self)

    def abort(self, *, reset: bool = True) -> None:
        """Drop both sockets now (with an RST if ``reset``); cancel a pending connect."""
        self.aborted = True
        for pipe in self.pipes:
            pipe.kill()
        for side in (self.client, self.target):
            transport = side.transport
            if transport is None or side.lost:
                continue
            if reset:
                with contextlib.suppress(OSError, AttributeError):
                    transport.get_extra_info("socket").setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET
                    )
            transport.abort()
        if self.connect_task is not None and not self.connect_task.done():
            self.connect_task.cancel()


class TcpProxy:
    """A loopback TCP proxy to ``target_host:target_port`` with fault controls.

    Args:
        target_port: The port to forward to.
        target_host: The host to forward to.
        host: The address to listen on.
        port: The port to listen on (0: a free one, chosen by :meth:`start`).

    Attributes:
        connections_total: Connections accepted since start.
        connect_failures: Accepted connections whose upstream connect failed (they are
            reset at once).
        bytes_to_target: Bytes forwarded client -> target.
        bytes_to_client: Bytes forwarded target -> client.
        delay: The current per-chunk delay in seconds (see :meth:`set_delay`).
    """

    def __init__(
        self,
        target_port: int,
        target_host: str = "127.0.0.1",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.target_host = target_host
        self.target_port = target_port
        self.host = host
        self._port = port
        self.connections_total = 0
        self.connect_failures = 0
        self.bytes_to_target = 0
        self.bytes_to_client = 0
        self.delay = 0.0
        self._stalled: set[_PipeDirection] = set()
        self._links: set[_Link] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self._waiters = _Waiters()
        self._started = False
        self._closed = False
        self._loop_: asyncio.AbstractEventLoop | None = None

    # -- lifecycle -------------------------------------------------------------------

    async def start(self) -> TcpProxy:
        """Listen (on a free port unless one was given); returns ``self``."""
        if self._started:
            raise RuntimeError("TcpProxy already started")
        self._loop_ = asyncio.get_running_loop()
        self._started = True
        await self._listen()
        return self

    async def close(self) -> None:
        """Stop listening, reset every connection and wait until all are gone."""
        if self._closed or not self._started:
            self._closed = True
            return
        self._closed = True
        self.refuse()
        self.cut()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.wait_for(lambda: not self._links, timeout=10.0, what="connections to close")

    async def __aenter__(self) -> TcpProxy:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def port(self) -> int:
        """The port the proxy listens on (fixed after :meth:`start`)."""
        if not self._started:
            raise RuntimeError("TcpProxy not started")
        return self._port

    @property
    def address(self) -> tuple[str, int]:
        """``(host, port)`` to connect to."""
        return (self.host, self.port)

    @property
    def active_connections(self) -> int:
        """Proxied connections not yet fully closed (stalled ones count until resumed)."""
        return len(self._links)

    @property
    def listening(self) -> bool:
        """Whether new connections are accepted (False between refuse() and accept())."""
        return self._server is not None

    def url_for(self, base_url: str) -> str:
        """``base_url`` (http, https, ws or wss) with its host and port swapped for the proxy's."""
        parts = urlsplit(base_url)
        return urlunsplit(parts._replace(netloc=f"{self.host}:{self.port}"))

    # -- faults ----------------------------------------------------------------------

    def cut(self, *, reset: bool = True) -> int:
        """Abort every current connection, both sides; keep accepting new ones.

        Args:
            reset: Send an RST (SO_LINGER 0) rather than a FIN.

        Returns:
            How many connections were cut.
        """
        links = [link for link in self._links if not link.aborted]
        for link in links:
            link.abort(reset=reset)
        return len(links)

    def stall(self, direction: Direction = "both") -> None:
        """Stop forwarding (``direction``) on current and new connections; data is held."""
        self._stalled.update(_directions(direction))
        for link in list(self._links):
            for pipe in link.pipes:
                pipe.update_reading()

    def resume(self) -> None:
        """Forward again, both ways, delivering what was held, in order."""
        self._stalled.clear()
        for link in list(self._links):
            for pipe in link.pipes:
                pipe.flush()

    @property
    def stalled(self) -> bool:
        """Whether any direction is stalled."""
        return bool(self._stalled)

    def refuse(self) -> None:
        """Stop listening: new connections are refused; current ones are untouched."""
        server, self._server = self._server, None
        if server is not None:
            server.close()  # closes the listening socket only (Python >= 3.11 semantics)

    async def accept(self) -> None:
        """Listen again, on the same port (SO_REUSEADDR); no-op while listening.

        Raises:
            OSError: Something else took the port in the meantime.
        """
        if self._closed:
            raise RuntimeError("TcpProxy is closed")
        if self._server is None:
            await self._listen()

    def set_delay(self, seconds: float) -> None:
        """Delay every chunk forwarded from now on by ``seconds`` (both ways); 0 turns it off."""
        if seconds < 0:
            raise ValueError("delay must be >= 0")
        self.delay = float(seconds)

    # -- waiting ---------------------------------------------------------------------

    async def wait_for(
        self, predicate: Callable[[], bool], *, timeout: float = 10.0, what: str = "condition"
    ) -> None:
        """Wait until ``predicate()`` is true; re-checked on every connection or byte event.

        Raises:
            TimeoutError: Not true within ``timeout`` seconds.
        """
        await self._waiters.wait(predicate, timeout, what)

    async def wait_connections(self, total: int, *, timeout: float = 10.0) -> None:
        """Wait until ``connections_total >= total``."""
        await self.wait_for(
            lambda: self.connections_total >= total,
            timeout=timeout,
            what=f"{total} connections in total (have {self.connections_total})",
        )

    async def wait_active(self, count: int, *, timeout: float = 10.0) -> None:
        """Wait until exactly ``count`` connections are active."""
        await self.wait_for(
            lambda: self.active_connections == count,
            timeout=timeout,
            what=f"{count} active connections",
        )

    # -- internals -------------------------------------------------------------------

    @property
    def _loop(self) -> asyncio.AbstractEventLoop:
        assert self._loop_ is not None
        return self._loop_

    async def _listen(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self._port))
            sock.listen(128)
            sock.setblocking(False)
            self._port = sock.getsockname()[1]
            self._server = await self._loop.create_server(self._new_client, sock=sock)
        except BaseException:
            sock.close()
            raise

    def _new_client(self) -> _Side:
        return _Link(self).client

    def _register(self, link: _Link) -> None:
        self._links.add(link)
        self.connections_total += 1
        if self._closed:  # accepted just before close(): drop it
            link.abort()
            self._waiters.notify()
            return
        task = self._loop.create_task(self._connect(link))
        link.connect_task = task
        self._tasks.add(task)
        task.add_done_callback(functools.partial(self._task_done, link))
        self._waiters.notify()

    def _unregister(self, link: _Link) -> None:
        self._links.discard(link)
        self._waiters.notify()

    def _task_done(self, link: _Link, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled():
            task.exception()  # _connect handles its errors; mark any as retrieved
        link.check_done()

    async def _connect(self, link: _Link) -> None:
        try:
            await self._loop.create_connection(
                lambda: link.target, self.target_host, self.target_port
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            self.connect_failures += 1
            link.abort()


def _directions(direction: Direction) -> tuple[_PipeDirection, ...]:
    if direction == "both":
        return ("to_target", "to_client")
    if direction in ("to_target", "to_client"):
        return (direction,)
    raise ValueError(f"direction must be 'both', 'to_target' or 'to_client', not {direction!r}")

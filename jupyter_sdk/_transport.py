"""A small HTTP/1.1 keep-alive transport for httpx on asyncio (the SDK's REST transport).

Why: httpx's default ``AsyncHTTPTransport`` goes through httpcore, h11 and anyio, and that
layering costs more than the request itself on a local server. ``GET /api/kernels`` x 500
(keep-alive, 127.0.0.1) measured 1.4 ms median through the SDK with it, against 1.0 ms for
``@jupyterlab/services`` on Node and 0.44 ms for plain ``http.client``. This transport
speaks HTTP/1.1 directly over ``asyncio.open_connection`` and keeps the rest of httpx
(client, auth, hooks, cookies, decoding) as it is: in an A/B in one process the SDK's
median went from 1.64 ms to 0.96 ms, and ``bench/run.sh --metrics rest`` puts the async
SDK below the Node client (e.g. 1.12 ms vs 1.30 ms on a loaded 2-CPU machine).

What it does: a keep-alive pool per (scheme, host, port), TCP_NODELAY, TLS through the
``ssl.SSLContext`` given, request bodies from bytes or async iterables (sent chunked when
the request says ``Transfer-Encoding: chunked``), responses framed by Content-Length,
chunked encoding or connection close, read lazily so large downloads stay memory-bounded.
A connection goes back to the pool only once its body is fully read and neither side asked
to close it. Failures raise httpx's exceptions with the OS/TLS error chained as the cause;
the httpx connect/read/write/pool timeouts are honoured. A pooled connection the server
closed while idle is skipped, and a request on a reused connection that fails before any
answer is retried once on a new connection when it is idempotent and its body is in memory.

Limits: HTTP/1.1 only (no HTTP/2, no pipelining, no Upgrade/101), no proxies, CRLF line
endings only, response heads up to 64 KiB. ``max_connections`` bounds the requests in flight
(waiting beyond it raises ``PoolTimeout``); ``max_keepalive`` bounds the idle connections per
origin; idle connections do not expire on a timer (a closed one is noticed before reuse).
An upload the server answers early (and then closes) surfaces as a ``WriteError``. The
transport belongs to the event loop that first uses it.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable

import httpx

__all__ = ["AsyncTransport"]

_Origin = tuple[str, str, int]
_Headers = list[tuple[bytes, bytes]]
_CHUNK = 65536
_PORTS = {"http": 80, "https": 443}
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class _Conn:
    __slots__ = ("origin", "reader", "reused", "writer")

    def __init__(
        self, origin: _Origin, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.origin = origin
        self.reader = reader
        self.writer = writer
        self.reused = False

    def usable(self) -> bool:
        return not (self.reader.at_eof() or self.writer.transport.is_closing())

    def close(self) -> None:
        self.writer.transport.abort()  # no TLS close_notify dance: the connection is done


def _seconds(timeouts: object, key: str) -> float | None:
    value = timeouts.get(key) if isinstance(timeouts, dict) else None
    return float(value) if isinstance(value, int | float) else None


async def _recv(op: Awaitable[bytes], timeout: float | None) -> bytes:
    """Await a read of the response, mapping its failures to httpx's exceptions."""
    try:
        async with asyncio.timeout(timeout):
            return await op
    except TimeoutError as exc:
        raise httpx.ReadTimeout("timed out reading the response") from exc
    except asyncio.IncompleteReadError as exc:
        raise httpx.RemoteProtocolError("server disconnected before the response ended") from exc
    except asyncio.LimitOverrunError as exc:
        raise httpx.RemoteProtocolError("response line or head too long") from exc
    except OSError as exc:
        raise httpx.ReadError(str(exc) or type(exc).__name__) from exc


async def _send(conn: _Conn, data: bytes, timeout: float | None) -> None:
    writer = conn.writer
    try:
        writer.write(data)
        if writer.transport.get_write_buffer_size():
            async with asyncio.timeout(timeout):
                await writer.drain()
    except TimeoutError as exc:
        raise httpx.WriteTimeout("timed out sending the request") from exc
    except OSError as exc:
        raise httpx.WriteError(str(exc) or type(exc).__name__) from exc


def _request_head(request: httpx.Request) -> bytes:
    parts = [request.method.encode("ascii"), b" ", request.url.raw_path, b" HTTP/1.1\r\n"]
    for name, value in request.headers.raw:
        if b"\n" in value or b"\r" in value or b"\n" in name or b"\r" in name:
            raise httpx.LocalProtocolError(f"line break in request header {name!r}")
        parts += (name, b": ", value, b"\r\n")
    parts.append(b"\r\n")
    return b"".join(parts)


async def _read_head(conn: _Conn, timeout: float | None) -> tuple[int, bytes, bytes, _Headers]:
    """(status, reason, version, headers) of the final response, skipping 1xx interim ones."""
    while True:
        raw = await _recv(conn.reader.readuntil(b"\r\n\r\n"), timeout)
        lines = raw[:-4].split(b"\r\n")
        try:
            version, _, rest = lines[0].partition(b" ")
            code, _, reason = rest.partition(b" ")
            status = int(code)
            if not version.startswith(b"HTTP/1.") or not 100 <= status <= 999:
                raise ValueError
            headers: _Headers = []
            for line in lines[1:]:
                name, colon, value = line.partition(b":")
                if not colon or not name or name != name.strip():
                    raise ValueError
                headers.append((name, value.strip()))
        except ValueError as exc:
            raise httpx.RemoteProtocolError(f"malformed response head: {lines[0]!r}") from exc
        if status >= 200 or status == 101:
            return status, reason, version, headers


def _framing(
    request: httpx.Request, status: int, version: bytes, headers: _Headers
) -> tuple[int | None, bool, bool]:
    """(Content-Length or None, chunked, reusable) of a response."""
    keep = version == b"HTTP/1.1" and "close" not in request.headers.get("connection", "")
    te = cl = None
    for name, value in headers:
        lower = name.lower()
        if lower == b"content-length":
            cl = value
        elif lower == b"transfer-encoding":
            te = value.lower()
        elif lower == b"connection" and b"close" in value.lower():
            keep = False
    if request.method == "HEAD" or status in (101, 204, 304):
        return 0, False, keep and status != 101
    if te is not None:  # it overrides any Content-Length
        chunked = te.endswith(b"chunked")
        return None, chunked, keep and chunked
    if cl is None:
        return None, False, False  # delimited by the server closing the connection
    if not cl.strip().isdigit():
        raise httpx.RemoteProtocolError(f"bad Content-Length {cl!r}")
    return int(cl), False, keep


class _Body(httpx.AsyncByteStream):
    """A response body read from the connection on demand; frees the connection at its end."""

    def __init__(
        self,
        pool: AsyncTransport,
        conn: _Conn,
        length: int | None,
        chunked: bool,
        keep: bool,
        timeout: float | None,
    ) -> None:
        self._pool, self._conn, self._length = pool, conn, length
        self._chunked, self._keep, self._timeout = chunked, keep, timeout
        self._done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        reader, timeout = self._conn.reader, self._timeout
        try:
            if self._chunked:
                while True:
                    line = await _recv(reader.readuntil(b"\r\n"), timeout)
                    try:
                        size = int(line.split(b";", 1)[0], 16)
                    except ValueError as exc:
                        raise httpx.RemoteProtocolError(f"bad chunk size {line!r}") from exc
                    if size == 0:
                        break
                    while size > 0:
                        piece = await _recv(reader.readexactly(min(size, _CHUNK)), timeout)
                        size -= len(piece)
                        yield piece
                    if await _recv(reader.readexactly(2), timeout) != b"\r\n":
                        raise httpx.RemoteProtocolError("missing CRLF after a chunk")
                while await _recv(reader.readuntil(b"\r\n"), timeout) != b"\r\n":
                    pass  # trailers, ignored
            else:
                remaining = self._length  # None: until the server closes
                while remaining is None or remaining > 0:
                    size = _CHUNK if remaining is None else min(remaining, _CHUNK)
                    piece = await _recv(reader.read(size), timeout)
                    if not piece:
                        if remaining is None:
                            break
                        raise httpx.RemoteProtocolError("server closed before the body ended")
                    if remaining is not None:
                        remaining -= len(piece)
                    yield piece
        except BaseException:
            self._finish(False)
            raise
        self._finish(self._keep)

    def _finish(self, reusable: bool) -> None:
        if not self._done:
            self._done = True
            self._pool._release(self._conn, reusable)

    async def aclose(self) -> None:
        self._finish(False)  # no-op once the body was read to its end


class AsyncTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over asyncio streams with a keep-alive pool (see the module docstring)."""

    def __init__(
        self,
        ssl_context: ssl.SSLContext | None = None,
        *,
        max_connections: int = 100,
        max_keepalive: int = 20,
    ) -> None:
        self._ssl = ssl_context
        self._max_keepalive = max_keepalive
        self._slots = asyncio.Semaphore(max_connections)
        self._idle: dict[_Origin, list[_Conn]] = {}
        self._conns: set[_Conn] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout")
        url = request.url
        port = url.port or _PORTS.get(url.scheme)
        if port is None or url.scheme not in _PORTS:
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}")
        origin = (url.scheme, url.host, port)
        try:
            body: bytes | None = request.content
        except httpx.RequestNotRead:
            body = None
        head = _request_head(request)
        await self._acquire(_seconds(timeouts, "pool"))
        conn: _Conn | None = None
        try:
            # True/False: may retry once or not; None: retrying now, on a new connection.
            retry: bool | None = body is not None and request.method in _IDEMPOTENT
            while True:
                conn = self._pooled(origin) if retry is not None else None
                if conn is None:
                    conn = await self._connect(origin, _seconds(timeouts, "connect"))
                try:
                    await self._write(conn, request, head, body, _seconds(timeouts, "write"))
                    status, reason, version, headers = await _read_head(
                        conn, _seconds(timeouts, "read")
                    )
                    break
                except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
                    if not (retry and conn.reused):
                        raise
                    retry = None  # a stale keep-alive connection: once more on a new one
                    self._drop(conn)
            length, chunked, keep = _framing(request, status, version, headers)
            extensions = {"http_version": version, "reason_phrase": reason}
            if length is not None and length <= _CHUNK:
                data = await _recv(conn.reader.readexactly(length), _seconds(timeouts, "read"))
                self._release(conn, keep)
                stream: httpx.AsyncByteStream = httpx.ByteStream(data)
            else:
                stream = _Body(self, conn, length, chunked, keep, _seconds(timeouts, "read"))
        except BaseException:
            if conn is not None:
                self._drop(conn)
            self._slots.release()
            raise
        return httpx.Response(status, headers=headers, stream=stream, extensions=extensions)

    async def _acquire(self, timeout: float | None) -> None:
        if not self._slots.locked():
            await self._slots.acquire()  # free slot: returns without suspending
            return
        try:
            async with asyncio.timeout(timeout):
                await self._slots.acquire()
        except TimeoutError as exc:
            raise httpx.PoolTimeout("timed out waiting for a free connection") from exc

    def _pooled(self, origin: _Origin) -> _Conn | None:
        idle = self._idle.get(origin)
        while idle:
            conn = idle.pop()  # the most recently used: the least likely to be stale
            if conn.usable():
                return conn
            self._drop(conn)
        return None

    async def _connect(self, origin: _Origin, timeout: float | None) -> _Conn:
        scheme, host, port = origin
        tls = None
        if scheme == "https":
            tls = self._ssl = self._ssl or ssl.create_default_context()
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, ssl=tls, server_hostname=host if tls else None, limit=_CHUNK
                )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"timed out connecting to {host}:{port}") from exc
        except OSError as exc:  # ssl.SSLError included: chained as the cause
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        sock = writer.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = _Conn(origin, reader, writer)
        self._conns.add(conn)
        return conn

    async def _write(
        self,
        conn: _Conn,
        request: httpx.Request,
        head: bytes,
        body: bytes | None,
        timeout: float | None,
    ) -> None:
        if body is not None:
            await _send(conn, head + body, timeout)
            return
        stream = request.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            raise TypeError("AsyncTransport needs an async request body")
        chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
        await _send(conn, head, timeout)
        async for piece in stream:
            if piece:
                data = b"%x\r\n%b\r\n" % (len(piece), piece) if chunked else piece
                await _send(conn, data, timeout)
        if chunked:
            await _send(conn, b"0\r\n\r\n", timeout)

    def _release(self, conn: _Conn, reusable: bool) -> None:
        """The request on ``conn`` is over: pool the connection or close it."""
        self._slots.release()
        if reusable and conn.usable() and conn in self._conns:
            idle = self._idle.setdefault(conn.origin, [])
            if len(idle) < self._max_keepalive:
                conn.reused = True
                idle.append(conn)
                return
        self._drop(conn)

    def _drop(self, conn: _Conn) -> None:
        conn.close()
        self._conns.discard(conn)

    async def aclose(self) -> None:
        """Close every connection, idle or in use."""
        for conn in list(self._conns):
            self._drop(conn)
        self._idle.clear()
        await asyncio.sleep(0)  # let the transports run their connection_lost callbacks

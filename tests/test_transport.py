"""The SDK's HTTP/1.1 transport (jupyter_sdk._transport): against the real server, and
against small asyncio servers scripted per test for keep-alive, framing, stale pooled
connections, timeouts, refused connections, large bodies both ways, concurrency and TLS."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import ipaddress
import shutil
import socket
import ssl
import tracemalloc
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import attrs
import httpx
import pytest

import jupyter_sdk
from jupyter_sdk import ServerSettings
from jupyter_sdk._rest import Rest, RetryTransport, network_error
from jupyter_sdk._transport import AsyncTransport
from jupyter_sdk.contents import ContentsManager
from jupyter_sdk.local import LocalServer

pytestmark = pytest.mark.timeout(60)

MB = 1024 * 1024


# --------------------------------------------------------------------------- a test server


@attrs.define
class Req:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    number: int  # 1 for the first request on its connection


Handler = Callable[[Req, asyncio.StreamWriter], Awaitable[bool]]  # -> keep the connection


def reply(body: bytes = b"", status: str = "200 OK", *headers: str) -> bytes:
    """A response with a Content-Length (unless a header says otherwise)."""
    lines = [f"HTTP/1.1 {status}", *headers]
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_request(reader: asyncio.StreamReader, number: int) -> Req | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    first, *lines = head.decode("latin-1").split("\r\n")
    method, target, _ = first.split(" ", 2)
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines if x)}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        parts = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            assert await reader.readexactly(2) == b"\r\n"
        assert await reader.readuntil(b"\r\n") == b"\r\n"
        body = b"".join(parts)
    else:
        body = b""
    return Req(method, target, headers, body, number)


class FakeServer:
    """A scripted HTTP/1.1 server on 127.0.0.1 counting connections and requests."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        self.connections = 0
        self.open = 0
        self.requests: list[Req] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/"

    async def __aenter__(self) -> FakeServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for writer in self._writers:
            writer.transport.abort()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.append(writer)
        self.connections += 1
        self.open += 1
        number = 0
        try:
            while True:
                number += 1
                request = await read_request(reader, number)
                if request is None:
                    break
                self.requests.append(request)
                if not await self.handler(request, writer):
                    break
                await writer.drain()
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass  # at the end of the test; asyncio 3.11 would report a cancelled handler task
        finally:
            self.open -= 1
            writer.transport.abort()
            self._tasks.discard(task)


async def ok_handler(request: Req, writer: asyncio.StreamWriter) -> bool:
    writer.write(reply(f"{request.method} {request.target}".encode() + request.body))
    return True


def client(
    url: str, transport: AsyncTransport | None = None, **timeout: float
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=url,
        transport=transport or AsyncTransport(),
        timeout=httpx.Timeout(5.0, **timeout),
        trust_env=False,
    )


async def eventually(check: Callable[[], bool], seconds: float = 5.0) -> None:
    async with asyncio.timeout(seconds):
        while not check():  # noqa: ASYNC110 (polling another party's state)
            await asyncio.sleep(0.01)


# --------------------------------------------------------------------------- real server


async def test_sdk_uses_it_against_the_real_server(server: LocalServer) -> None:
    rest = Rest(server.settings)
    try:
        transport = rest.http._transport
        assert isinstance(transport, RetryTransport)
        assert isinstance(transport._inner, AsyncTransport)
        assert (await rest.get_api_version()).version
        assert isinstance(await rest.list_kernels(), list)
    finally:
        await rest.aclose()

    folder = f"transport-{uuid.uuid4().hex[:8]}"
    async with ContentsManager(server.settings) as contents:
        await contents.save(folder, {"type": "directory"})
        # One PUT whose JSON body streams from an async iterable with a Content-Length.
        data = bytes(range(256)) * (12 * 1024)  # 3 MiB
        await contents.upload(data, f"{folder}/blob.bin", chunk_size=4 * MB)
        assert await contents.download(f"{folder}/blob.bin") == data
        # 50 requests at once, each answered with its own file.
        names = [f"{folder}/f{i}.txt" for i in range(50)]
        await asyncio.gather(*(contents.write_text(n, f"text {n}") for n in names))
        texts = await asyncio.gather(*(contents.read_text(n) for n in names))
        assert texts == [f"text {n}" for n in names]
    shutil.rmtree(server.root_dir / folder)


async def test_real_server_connection_is_reused(server: LocalServer) -> None:
    transport = AsyncTransport()
    headers = {"Authorization": f"token {server.token}"}
    async with httpx.AsyncClient(base_url=server.url, transport=transport, headers=headers) as c:
        for _ in range(20):
            response = await c.get("api/kernels")
            assert response.status_code == 200
            assert isinstance(response.json(), list)
        assert len(transport._conns) == 1


# --------------------------------------------------------------------------- keep-alive and framing


async def test_keep_alive_reuses_one_connection() -> None:
    async with FakeServer(ok_handler) as fake, client(fake.url) as c:
        for i in range(20):
            response = await c.post(f"/p{i}", content=b"x" * i)
            assert response.text == f"POST /p{i}" + "x" * i
        assert fake.connections == 1
        assert [r.number for r in fake.requests] == list(range(1, 21))
        assert fake.requests[0].headers["host"] == f"127.0.0.1:{fake.port}"


async def test_chunked_response_then_reuse() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        if request.target == "/chunked":
            writer.write(reply(b"", "200 OK", "Transfer-Encoding: chunked"))
            for piece in (b"hello ", b"chunked ", b"world" * 20000):
                writer.write(b"%x;ext=1\r\n%b\r\n" % (len(piece), piece))
                await writer.drain()
            writer.write(b"0\r\nX-Trailer: yes\r\n\r\n")
        else:
            writer.write(reply(b"plain"))
        return True

    async with FakeServer(handler) as fake, client(fake.url) as c:
        response = await c.get("/chunked")
        assert response.content == b"hello chunked " + b"world" * 20000
        assert (await c.get("/other")).content == b"plain"
        assert fake.connections == 1


async def test_close_delimited_body() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"z" * 100_000)
        await writer.drain()
        return False  # the close ends the body

    async with FakeServer(handler) as fake, client(fake.url) as c:
        assert (await c.get("/a")).content == b"z" * 100_000
        assert (await c.get("/b")).content == b"z" * 100_000
        assert fake.connections == 2


async def test_connection_close_header() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        writer.write(reply(b"bye", "200 OK", "Connection: close"))
        return True  # the server keeps it open: the client must not reuse it anyway

    async with FakeServer(handler) as fake, client(fake.url) as c:
        for _ in range(3):
            assert (await c.get("/")).content == b"bye"
        assert fake.connections == 3
        # A request that asks to close is not pooled either.
        assert (await c.get("/", headers={"Connection": "close"})).content == b"bye"
        assert fake.connections == 4


async def test_bodyless_responses_keep_the_connection() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        if request.target == "/204":
            writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        elif request.target == "/304":
            writer.write(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n")
        elif request.method == "HEAD":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        else:
            writer.write(reply(b"after"))
        return True

    async with FakeServer(handler) as fake, client(fake.url) as c:
        no_content = await c.delete("/204")
        assert (no_content.status_code, no_content.content) == (204, b"")
        assert (await c.get("/304")).status_code == 304
        head = await c.head("/x")
        assert (head.status_code, head.content, head.headers["content-length"]) == (
            200,
            b"",
            "1000",
        )
        assert (await c.get("/x")).content == b"after"
        assert fake.connections == 1


async def test_interim_1xx_responses_are_skipped() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n" + reply(b"final", "201 Created"))
        return True

    async with FakeServer(handler) as fake, client(fake.url) as c:
        response = await c.post("/", content=b"{}")
        assert (response.status_code, response.content, response.reason_phrase) == (
            201,
            b"final",
            "Created",
        )


# --------------------------------------------------------------------------- stale connections


async def test_idle_connection_closed_by_server_is_not_reused() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        writer.write(reply(b"once"))
        await writer.drain()
        return False  # closes after answering, without saying so

    async with FakeServer(handler) as fake, client(fake.url) as c:
        for i in range(3):
            assert (await c.get("/")).content == b"once"
            await eventually(lambda: fake.open == 0)
            assert fake.connections == i + 1
        assert all(r.number == 1 for r in fake.requests)


async def test_connection_closed_as_the_request_arrives_is_retried_once() -> None:
    # The race the at_eof check cannot see: the server drops the pooled connection when the
    # next request arrives, answering nothing.
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        if request.number > 1:
            return False
        writer.write(reply(request.target.encode()))
        return True

    async with FakeServer(handler) as fake, client(fake.url) as c:
        assert (await c.get("/a")).content == b"/a"
        assert (await c.get("/b")).content == b"/b"  # retried on a new connection
        assert fake.connections == 2
        # Not idempotent: never sent twice.
        with pytest.raises(httpx.RemoteProtocolError):
            await c.post("/c", content=b"once")
        assert [r.target for r in fake.requests].count("/c") == 1
        assert (await c.get("/d")).content == b"/d"


# --------------------------------------------------------------------------- failures


async def test_server_that_never_answers_times_out() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        await asyncio.Event().wait()
        return False

    async with FakeServer(handler) as fake:
        async with client(fake.url, read=0.2) as c:
            with pytest.raises(httpx.ReadTimeout):
                await c.get("/")
        settings = ServerSettings(fake.url, token="t", timeout=0.2, retries=0)
        rest = Rest(settings)
        try:
            with pytest.raises(jupyter_sdk.RequestTimeoutError):
                await rest.list_kernels()
        finally:
            await rest.aclose()


async def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nobody listens there
    async with client(f"http://127.0.0.1:{port}/") as c:
        with pytest.raises(httpx.ConnectError) as refused:
            await c.get("/")
    assert isinstance(refused.value.__cause__, ConnectionRefusedError)
    rest = Rest(ServerSettings(f"http://127.0.0.1:{port}/", token="t", retries=0))
    try:
        with pytest.raises(jupyter_sdk.NetworkError) as mapped:
            await rest.list_kernels()
        assert not isinstance(mapped.value, jupyter_sdk.TLSError)
    finally:
        await rest.aclose()


@pytest.mark.parametrize(
    ("answer", "path"),
    [
        (b"HTTP/1.1 abc OK\r\n\r\n", "/"),
        (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "/"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n", "/"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "/"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n" + b"s" * 1000, "/"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "/"),
    ],
)
async def test_broken_answers_are_protocol_errors(answer: bytes, path: str) -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        writer.write(answer)
        await writer.drain()
        return False

    async with FakeServer(handler) as fake, client(fake.url) as c:
        with pytest.raises(httpx.RemoteProtocolError):
            await c.get(path)


async def test_pool_timeout_when_every_connection_is_busy() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        writer.write(reply(b"h" * 200_000 if request.target == "/held" else b"now"))
        return True

    async with FakeServer(handler) as fake:
        transport = AsyncTransport(max_connections=1)
        async with client(fake.url, transport, pool=0.2) as c:
            async with c.stream("GET", "/held"):
                with pytest.raises(httpx.PoolTimeout):
                    await c.get("/waits")
            assert (await c.get("/now")).text == "now"
        assert fake.connections == 2  # the unread body's connection was closed, not reused


async def test_upload_to_a_server_that_never_reads_times_out() -> None:
    tasks: list[asyncio.Task[object]] = []

    async def never_read(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.append(task)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            writer.transport.abort()  # returns: asyncio 3.11 reports cancelled handler tasks

    server = await asyncio.start_server(never_read, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    block = b"u" * MB

    async def body() -> AsyncIterator[bytes]:
        for _ in range(256):
            yield block

    try:
        async with client(f"http://127.0.0.1:{port}/", write=0.3) as c:
            with pytest.raises(httpx.WriteTimeout):
                await c.put("/", content=body())
    finally:
        server.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()


# ------------------------------------------------------------------- large bodies, concurrency


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
async def test_streamed_20mb_download_stays_bounded(framing: str) -> None:
    block = bytes(range(256)) * 256  # 64 KiB
    count = 320  # 20 MiB

    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        header = {
            "length": f"Content-Length: {count * len(block)}",
            "chunked": "Transfer-Encoding: chunked",
            "close": "Content-Type: application/octet-stream",
        }[framing]
        writer.write(f"HTTP/1.1 200 OK\r\n{header}\r\n\r\n".encode())
        for _ in range(count):
            if framing == "chunked":
                writer.write(b"%x\r\n" % len(block))
            writer.write(block)
            if framing == "chunked":
                writer.write(b"\r\n")
            await writer.drain()
        if framing == "chunked":
            writer.write(b"0\r\n\r\n")
        return framing != "close"

    expected = hashlib.sha256(block * count).hexdigest()
    async with FakeServer(handler) as fake, client(fake.url) as c:
        digest = hashlib.sha256()
        total = biggest = 0
        tracemalloc.start()
        try:
            async with c.stream("GET", "/big") as response:
                async for piece in response.aiter_raw():
                    digest.update(piece)
                    total += len(piece)
                    biggest = max(biggest, len(piece))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert (total, digest.hexdigest()) == (count * len(block), expected)
        assert biggest <= 64 * 1024
        assert peak < 4 * MB, peak
        assert (await c.get("/again")).status_code == 200
        assert fake.connections == (2 if framing == "close" else 1)


@pytest.mark.parametrize("explicit_length", [False, True])
async def test_large_upload_from_an_async_iterable(explicit_length: bool) -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        if request.method == "GET":
            return await ok_handler(request, writer)
        framing = request.headers.get("transfer-encoding", "length")
        answer = f"{len(request.body)} {hashlib.sha256(request.body).hexdigest()} {framing}"
        writer.write(reply(answer.encode()))
        return True

    pieces = [bytes([i]) * (MB // 2 + i) for i in range(16)]
    data = b"".join(pieces)

    async def body() -> AsyncIterator[bytes]:
        for piece in pieces:
            await asyncio.sleep(0)
            yield piece
        yield b""  # an empty piece must not end a chunked body early

    headers = {"Content-Length": str(len(data))} if explicit_length else {}
    async with FakeServer(handler) as fake, client(fake.url) as c:
        response = await c.put("/upload", content=body(), headers=headers)
        framing = "length" if explicit_length else "chunked"
        assert response.text == f"{len(data)} {hashlib.sha256(data).hexdigest()} {framing}"
        assert (await c.get("/next")).text == "GET /next"
        assert fake.connections == 1


async def test_fifty_concurrent_requests() -> None:
    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(0.001 * (hash(request.target) % 20))
        writer.write(reply(request.target.encode() * 100))
        return True

    async with FakeServer(handler) as fake, client(fake.url) as c:
        paths = [f"/r{i}" for i in range(50)]
        responses = await asyncio.gather(*(c.get(p) for p in paths))
        assert [r.content for r in responses] == [p.encode() * 100 for p in paths]
        assert fake.connections == 50  # all in flight at once
        await eventually(lambda: fake.open <= 20)  # 20 kept alive, the rest closed
        await asyncio.gather(*(c.get(p) for p in paths[:20]))
        assert fake.connections == 50  # the 20 pooled ones served these


async def test_aclose_closes_every_connection() -> None:
    async with FakeServer(ok_handler) as fake:
        c = client(fake.url)
        await asyncio.gather(*(c.get(f"/{i}") for i in range(5)))
        assert fake.open == 5
        await c.aclose()
        await eventually(lambda: fake.open == 0)


# --------------------------------------------------------------------------- TLS


def make_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate (its own CA) for 127.0.0.1 and localhost: (cert, key)."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jupyter-sdk test")])
    now = datetime.datetime.now(datetime.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


async def test_tls_self_signed_fails_by_default_and_works_with_the_ca(tmp_path: Path) -> None:
    cert, key = make_cert(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    async def handler(request: Req, writer: asyncio.StreamWriter) -> bool:
        writer.write(reply(b"[]", "200 OK", "Content-Type: application/json"))
        return True

    async with FakeServer(handler, tls) as fake:
        settings = ServerSettings(fake.url, token="t", retries=0)
        rest = Rest(settings)
        try:
            with pytest.raises(jupyter_sdk.TLSError):
                await rest.list_kernels()
        finally:
            await rest.aclose()
        async with client(fake.url, AsyncTransport(ssl.create_default_context())) as c:
            with pytest.raises(httpx.ConnectError) as refused:
                await c.get("/")
        assert isinstance(refused.value.__cause__, ssl.SSLCertVerificationError)
        assert isinstance(network_error(refused.value, what="x"), jupyter_sdk.TLSError)

        trusted = Rest(attrs.evolve(settings, verify=str(cert)))
        try:
            for _ in range(3):
                assert await trusted.list_kernels() == []
        finally:
            await trusted.aclose()
        assert fake.connections == 1  # the TLS connection was kept alive

"""Forward proxies: REST, kernel, terminal and event websockets through a real proxy
(``proxy.py``), over plain HTTP and TLS, given explicitly (``proxy=``) or by the standard
variables; ``proxy=None`` and ``NO_PROXY`` connect directly, and loopback never uses one.

The servers are reached by the made-up name ``jupyter.test``, which only the proxy
resolves: a test passes only if its traffic really went through the proxy.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest
from shell_echo import echo_command, read_until  # tests/shell_echo.py

from jupyter_sdk import (
    HubClient,
    JupyterError,
    KernelManager,
    LocalServer,
    NetworkError,
    ReconnectPolicy,
    ServerSettings,
)
from jupyter_sdk._rest import make_http_client
from jupyter_sdk._transport import AsyncTransport
from jupyter_sdk.contents import ContentsManager
from jupyter_sdk.events import EventManager
from jupyter_sdk.local import free_port, marked
from jupyter_sdk.terminals import TerminalManager

from .forward_proxy import TEST_HOST, ForwardProxy
from .test_tls import self_signed

pytestmark = pytest.mark.timeout(120)

WAIT = 30.0
FAST = ReconnectPolicy(
    max_attempts=2,
    initial_delay=0.05,
    max_delay=0.1,
    ping_interval=None,
    ping_timeout=None,
    open_timeout=10.0,
)
# The server must answer to a Host other than localhost.
REMOTE = ("--ServerApp.allow_remote_access=True",)
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(scope="module")
def forward_proxy() -> Iterator[ForwardProxy]:
    with tempfile.TemporaryDirectory(prefix="jupyter-sdk-proxy-") as state:
        proxy = ForwardProxy(Path(state))
        proxy.start()
        try:
            yield proxy
        finally:
            left = proxy.stop()
            assert not left, f"proxy processes left behind: {left}"


def _serve(**kwargs: object) -> Iterator[LocalServer]:
    server = LocalServer(isolate=True, extra_args=REMOTE, **kwargs)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        server.stop()
        assert not marked(server.mark), "processes of the server left behind"


@pytest.fixture(scope="module")
def plain_server() -> Iterator[LocalServer]:
    yield from _serve()


@pytest.fixture(scope="module")
def certificate() -> Iterator[tuple[Path, Path]]:
    with tempfile.TemporaryDirectory(prefix="jupyter-sdk-cert-") as folder:
        yield self_signed(Path(folder), hosts=(TEST_HOST,))


@pytest.fixture(scope="module")
def tls_server(certificate: tuple[Path, Path]) -> Iterator[LocalServer]:
    yield from _serve(certfile=certificate[0], keyfile=certificate[1])


@pytest.fixture(autouse=True)
def _clean_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def by_test_host(server: LocalServer, **kwargs: object) -> ServerSettings:
    """Settings reaching ``server`` as ``jupyter.test`` (only the proxy resolves it)."""
    url = server.url.replace("127.0.0.1", TEST_HOST)
    assert TEST_HOST in url
    return ServerSettings(url, token=server.token, reconnect=FAST, **kwargs)  # type: ignore[arg-type]


async def exercise(settings: ServerSettings) -> None:
    """REST, a kernel websocket, a terminal websocket and the event websocket all work."""
    async with (
        KernelManager(settings, poll=False) as kernels,
        TerminalManager(settings, poll=False) as terminals,
        ContentsManager(settings) as contents,
        EventManager(settings) as events,
    ):
        await kernels.refresh_running()  # REST
        kernel = await kernels.start_new("python3")
        try:
            assert kernel.connection_status == "connected"
            assert (await kernel.execute("6 * 7", timeout=WAIT)).text == "42"
        finally:
            await kernel.shutdown()

        terminal = await terminals.start_new()
        try:
            command, output = echo_command("via-proxy")
            await read_until(terminal, command, output, WAIT)
        finally:
            await terminal.shutdown()

        name = f"proxied-{uuid.uuid4().hex[:8]}.txt"
        async with events.subscribe() as subscription:
            assert subscription.status == "connected"
            await contents.write_text(name, "through the proxy")

            async def saved() -> None:
                async for event in subscription:
                    if event.get("path") == name and event.get("action") == "save":
                        return
                raise AssertionError("the subscription ended")

            await asyncio.wait_for(saved(), WAIT)
        await contents.delete(name)


async def test_explicit_proxy_plain_http(
    plain_server: LocalServer, forward_proxy: ForwardProxy
) -> None:
    await exercise(by_test_host(plain_server, proxy=forward_proxy.url))


async def test_explicit_proxy_tls(
    tls_server: LocalServer, forward_proxy: ForwardProxy, certificate: tuple[Path, Path]
) -> None:
    settings = by_test_host(tls_server, proxy=forward_proxy.url, verify=str(certificate[0]))
    assert settings.base_url.startswith("https://")
    assert settings.websocket_url.startswith("wss://")
    await exercise(settings)


async def test_standard_variables_plain_and_tls(
    plain_server: LocalServer,
    tls_server: LocalServer,
    forward_proxy: ForwardProxy,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a shell sets them: no scheme on one, lower case on the other.
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url.removeprefix("http://"))
    monkeypatch.setenv("https_proxy", forward_proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    await exercise(by_test_host(plain_server))
    await exercise(by_test_host(tls_server, verify=str(certificate[0])))


async def test_without_the_proxy_the_name_does_not_resolve(
    plain_server: LocalServer, forward_proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proof that the tests above went through the proxy: without it nothing connects.
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url)
    for settings in (
        by_test_host(plain_server, proxy=None, retries=0),
        by_test_host(plain_server, proxy=False, retries=0),
        by_test_host(plain_server, proxy=True, retries=0),
    ):
        if settings.proxy is True:  # NO_PROXY names the host: direct, so it fails too
            monkeypatch.setenv("NO_PROXY", f"127.0.0.1,{TEST_HOST}")
        async with KernelManager(settings, poll=False) as kernels:
            with pytest.raises(NetworkError):
                await kernels.refresh_running()
        async with TerminalManager(settings, poll=False) as terminals:
            with pytest.raises(NetworkError):
                await terminals.is_available()


async def test_a_lent_proxied_client_with_the_proxy_setting(
    plain_server: LocalServer, forward_proxy: ForwardProxy
) -> None:
    settings = by_test_host(plain_server, proxy=forward_proxy.url)
    async with httpx.AsyncClient(proxy=forward_proxy.url, trust_env=False) as client:
        await exercise(attrs.evolve(settings, http_client=client))


async def test_websockets_fail_clearly_without_a_proxy_when_rest_has_one(
    plain_server: LocalServer, forward_proxy: ForwardProxy
) -> None:
    # A lent proxied client, proxy off for the rest: REST works, the websocket cannot,
    # and the terminal it could not connect to is not left running.
    settings = by_test_host(plain_server, proxy=None)
    async with httpx.AsyncClient(proxy=forward_proxy.url, trust_env=False) as client:
        lent = attrs.evolve(settings, http_client=client)
        async with TerminalManager(lent, poll=False) as terminals:
            before = {t.name for t in await terminals.refresh_running()}
            with pytest.raises(JupyterError):
                await terminals.start_new()
            assert {t.name for t in await terminals.refresh_running()} == before


async def test_a_proxy_that_wants_credentials(
    plain_server: LocalServer,
    tls_server: LocalServer,
    certificate: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    proxy = ForwardProxy(tmp_path, extra_args=("--basic-auth=alice:pr0xy-s3cret",))
    proxy.start()
    try:
        good = by_test_host(
            plain_server, proxy=proxy.url.replace("http://", "http://alice:pr0xy-s3cret@")
        )
        missing = by_test_host(plain_server, proxy=proxy.url, retries=0)
        wrong = by_test_host(
            plain_server, proxy=proxy.url.replace("http://", "http://alice:wr0ng@"), retries=0
        )
        async with KernelManager(good, poll=False) as kernels:
            kernel = await kernels.start_new("python3")
            try:
                assert (await kernel.execute("'let in'", timeout=WAIT)).text == "'let in'"
                # Without the right credentials: typed errors on REST and on the
                # websocket, with no secret in their texts.
                for settings in (missing, wrong):
                    async with KernelManager(settings, poll=False) as refused:
                        with pytest.raises(NetworkError, match="407") as rest_error:
                            await refused.refresh_running()
                        with pytest.raises(JupyterError) as ws_error:
                            await refused.connect_to(kernel.model)
                    for error in (rest_error.value, ws_error.value):
                        assert "pr0xy-s3cret" not in str(error)
                        assert "wr0ng" not in str(error)
            finally:
                await kernel.shutdown()
        # Over TLS the refusal comes from the CONNECT tunnel: the same NetworkError.
        tls = by_test_host(tls_server, proxy=proxy.url, verify=str(certificate[0]), retries=0)
        async with KernelManager(tls, poll=False) as refused:
            with pytest.raises(NetworkError, match="407"):
                await refused.refresh_running()
    finally:
        assert not proxy.stop()


async def test_loopback_never_goes_through_a_proxy(
    settings: ServerSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("HTTP_PROXY", dead)
    monkeypatch.setenv("NO_PROXY", "")
    for proxied in (attrs.evolve(settings, proxy=dead), settings):
        assert proxied.proxy_for(proxied.base_url) is None
        async with KernelManager(proxied, poll=False) as kernels:
            kernel = await kernels.start_new("python3")
            try:
                assert (await kernel.execute("1 + 1", timeout=WAIT)).text == "2"
            finally:
                await kernel.shutdown()


def test_proxy_for(monkeypatch: pytest.MonkeyPatch) -> None:
    remote = ServerSettings("https://hub.example.org/user/alice/")
    plain = ServerSettings("http://hub.example.org/")
    assert remote.proxy is True
    assert remote.proxy_for(remote.base_url) is None  # no variables set
    monkeypatch.setenv("HTTPS_PROXY", "proxy.corp:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://plain.corp:8080")
    assert remote.proxy_for(remote.base_url) == "http://proxy.corp:3128"
    assert remote.proxy_for(remote.websocket_url) == "http://proxy.corp:3128"
    assert plain.proxy_for(plain.websocket_url) == "http://plain.corp:8080"
    for loopback in ("http://127.0.0.1:8888/", "http://localhost:1/", "http://[::1]:2/"):
        assert ServerSettings(loopback).proxy_for(loopback) is None
    monkeypatch.setenv("NO_PROXY", ".example.org")
    assert remote.proxy_for(remote.base_url) is None
    monkeypatch.delenv("NO_PROXY")
    explicit = attrs.evolve(remote, proxy="https://user:secret@proxy.corp:443")
    assert explicit.proxy_for(remote.base_url) == "https://user:secret@proxy.corp:443"
    assert explicit.proxy_for("http://127.0.0.1:1/") is None
    assert "secret" not in repr(explicit)
    assert explicit.redact("user:secret@proxy") == "user:***@proxy"
    for off in (None, False):
        assert attrs.evolve(remote, proxy=off).proxy_for(remote.base_url) is None
    # A hub client passes its proxy on to the user servers' settings.
    hub = HubClient("https://hub.example.org/hub/api", token="t", proxy=None, user="alice")
    assert hub.settings.proxy is None
    assert hub.server_settings().proxy is None
    assert HubClient("https://hub.example.org/hub/api").server_settings("bob").proxy is True
    with pytest.raises(ValueError, match="http:// or https://") as bad:
        attrs.evolve(remote, proxy="socks5://user:secret@proxy.corp:1080")
    assert "secret" not in str(bad.value)
    monkeypatch.setenv("HTTPS_PROXY", "ftp://proxy.corp")
    with pytest.raises(ValueError, match="HTTPS_PROXY"):
        remote.proxy_for(remote.base_url)


async def test_the_fast_transport_is_kept_when_no_proxy_applies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def inner(url: str) -> type:
        client = make_http_client(ServerSettings(url))
        await client.aclose()
        transport = client._transport
        return type(getattr(transport, "_inner", transport))

    assert await inner("http://127.0.0.1:1/") is AsyncTransport
    assert await inner("http://hub.example.org/") is AsyncTransport
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.corp:3128")
    assert await inner("http://127.0.0.1:1/") is AsyncTransport
    assert await inner("http://hub.example.org/") is httpx.AsyncHTTPTransport
